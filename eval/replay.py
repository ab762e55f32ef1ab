"""Replay a stored eval run through the answer path without the model: a check in code measured in ~30 s.

    .venv/bin/python eval/replay.py eval/report/results.json      # after `pytest eval/` or `rag eval`
    .venv/bin/python eval/replay.py OLD.json --out NEW.json       # keep the replayed results too

Each stored result's draft (and, where its answer came from the second turn, that answer) is fed back by
the `Scripted` generator; every other step (retrieval, the checks, quotes, citations) runs for real over
the index in RAG_INDEX (default ./index, built from seeds/ by `rag ingest`). On the landed code this
reproduces a run's answers (2026-12-06, seventh session: 402 of 402). After a change to the checks it
prints the answers that change and the totals per split, before any model time is spent.

What it cannot tell: the text of a second turn the stored run never asked for (it is replayed as the
model's "not in the passages"), and anything that changes the prompt. Those need the model: rerun the
questions it names (`rag eval`), then all splits once before landing.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag import Assistant, Scripted, Settings  # noqa: E402
from rag.evaluation import Result, load_splits, run_eval, summarise  # noqa: E402


def replay(stored: list[dict], settings: Settings) -> list[Result]:
    """The stored results' questions asked again, scored as `pytest eval/` scores them (rag.evaluation.run_eval)."""
    cases = {c.id: c for split in load_splits(ROOT / "eval").values() for c in split}
    queue = [r for r in stored if r["id"] in cases]
    state = {"at": 0, "calls": 0}  # which stored result is being replayed; model calls made for it

    def reply(messages) -> str:
        state["calls"] += 1
        r = queue[state["at"]]
        if state["calls"] == 1:
            return r["draft"] or r["answer"]
        return r["answer"] if r["route"] == "retry" else "NOT IN PASSAGES"

    def next_case(_result) -> None:
        state.update(at=state["at"] + 1, calls=0)

    with Assistant(settings, generator=Scripted(reply)) as a:
        return run_eval(a, [cases[r["id"]] for r in queue], progress=next_case)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("results", type=Path, help="results.json of an eval run (eval/report/results.json)")
    p.add_argument("--out", type=Path, help="write the replayed results here (same format)")
    a = p.parse_args(argv)
    stored = json.loads(a.results.read_text())
    results = replay(stored, Settings.from_env(corpus_dir=ROOT / "seeds"))
    before = {r["id"]: r for r in stored}
    changed = [r for r in results if r.answer != before[r.id]["answer"]]
    for r in changed:
        print(f"{r.id} [{r.split}]\n  was: {before[r.id]['answer'][:200]}\n  now: {r.answer[:200]}")
    print(f"{len(changed)} of {len(results)} answers differ")
    for split in dict.fromkeys(r.split for r in results):
        t = summarise([r for r in results if r.split == split])
        print(f"{split}: correct {t['correct']}, refusal accuracy {t['refusal_accuracy']}, "
              f"precision {t['citation_precision']}, false refusals {t['false_refusal_rate']}")
    if a.out:
        a.out.write_text(json.dumps([asdict(r) for r in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
