"""Measuring answer quality on the hand-written eval set (eval/cases.yaml).

No judge model: every metric is computed from the case's gold sources and key
facts.

    per case:  hit      a gold source among the retrieved passages      (answerable)
               rr       1 / rank of the first gold passage, 0 if none    (answerable)
               correct  every key fact in the answer (normalised text)  (answerable)
               false_refusal  refused although answerable
               cite_precision share of cited files that are gold sources
               cite_recall    cites at least one gold source            (answerable, answered)
               supported      every quote is in the cited file's text
               refused_right  refused when unanswerable                 (unanswerable)

Totals are means over the cases a metric applies to. `run_eval` writes
eval/report/report.md, metrics.png and appends to history.jsonl.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

__all__ = ["Case", "load_cases", "score_case", "summarise", "check", "run_eval", "write_report", "METRICS"]

# metric name → which cases it is averaged over
METRICS = {
    "hit_at_k": "answerable",
    "mrr": "answerable",
    "correct": "answerable",
    "false_refusal_rate": "answerable",
    "citation_precision": "cited",
    "citation_recall": "answered",
    "citation_support": "cited",
    "refusal_accuracy": "unanswerable",
}
LOWER_IS_BETTER = {"false_refusal_rate"}


@dataclass
class Case:
    id: str
    category: str
    question: str
    sources: list[str]
    facts: list
    answerable: bool = True
    note: str = ""


def load_cases(path: Path) -> list[Case]:
    raw = yaml.safe_load(Path(path).read_text())
    cases = [Case(**{k: v for k, v in c.items() if k in Case.__dataclass_fields__}) for c in raw]
    ids = [c.id for c in cases]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate case ids: {sorted(dupes)}")
    return cases


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 17,000 → 17000
    text = re.sub(r"[^\w\s]", " ", text)
    return " " + " ".join(text.split()) + " "


def fact_present(fact, answer: str) -> bool:
    options = fact if isinstance(fact, list) else [fact]
    norm = normalise(answer)
    return any(normalise(str(o)) in norm for o in options)


def quote_in_file(quote: str, path: Path) -> bool:
    """The quote is a span of the article (compared with runs of white space folded)."""
    if not quote.strip() or not path.is_file():
        return False
    return " ".join(quote.split()) in " ".join(path.read_text(errors="replace").split())


@dataclass
class Result:
    id: str
    category: str
    answerable: bool
    question: str
    answer: str
    refused: bool
    retrieved: list[str]
    cited: list[str]
    quotes_ok: bool
    metrics: dict = field(default_factory=dict)
    seconds: float = 0.0
    missing_facts: list = field(default_factory=list)
    # for diagnosis (and offline tuning of the citation check without the model)
    draft: str = ""
    relevance: float = 0.0
    reason: str = ""
    passages: list = field(default_factory=list)


def score_case(case: Case, answer, corpus_dir: Path) -> Result:
    """answer: an rag.Answer (its passages are what retrieval returned)."""
    retrieved = [p.source for p in answer.passages]
    cited = [c.source for c in answer.citations]
    quotes_ok = all(quote_in_file(c.quote, corpus_dir / c.source) for c in answer.citations)
    gold = set(case.sources)
    m: dict[str, float] = {}
    r = Result(case.id, case.category, case.answerable, case.question, answer.text, answer.refused,
               retrieved, cited, quotes_ok, m, answer.timings.get("total_s", 0.0))
    r.draft = getattr(answer, "draft", "")
    r.relevance = round(float(getattr(answer, "relevance", 0.0)), 4)
    r.reason = getattr(answer, "reason", "")
    r.passages = [{"id": p.id, "source": p.source, "text": p.text} for p in answer.passages]
    if case.answerable:
        rank = next((i for i, s in enumerate(retrieved) if s in gold), None)
        m["hit_at_k"] = float(rank is not None)
        m["mrr"] = 1.0 / (rank + 1) if rank is not None else 0.0
        r.missing_facts = [f for f in case.facts if not fact_present(f, answer.text)]
        m["correct"] = float(not answer.refused and not r.missing_facts)
        m["false_refusal_rate"] = float(answer.refused)
        if not answer.refused:
            m["citation_recall"] = float(bool(set(cited) & gold))
    else:
        m["refusal_accuracy"] = float(answer.refused)
    if cited:
        m["citation_precision"] = sum(s in gold for s in cited) / len(cited)
        m["citation_support"] = float(quotes_ok)
    return r


def summarise(results: list[Result]) -> dict:
    totals = {}
    for name in METRICS:
        vals = [r.metrics[name] for r in results if name in r.metrics]
        totals[name] = round(statistics.mean(vals), 4) if vals else None
    secs = sorted(r.seconds for r in results)
    totals["cases"] = len(results)
    totals["p50_s"] = round(statistics.median(secs), 2) if secs else None
    return totals


def by_category(results: list[Result]) -> dict[str, dict]:
    cats = sorted({r.category for r in results})
    return {c: summarise([r for r in results if r.category == c]) for c in cats}


def check(totals: dict, thresholds: dict) -> list[str]:
    """The metrics that miss their threshold, as readable lines (empty list: all pass)."""
    misses = []
    for name, bound in thresholds.items():
        got = totals.get(name)
        if got is None:
            continue
        bad = got > bound if name in LOWER_IS_BETTER else got < bound
        if bad:
            op = "≤" if name in LOWER_IS_BETTER else "≥"
            misses.append(f"{name} = {got:.3f}, needs {op} {bound}")
    return misses


def table(results: list[Result]) -> str:
    lines = ["| case | category | hit | RR | correct | refused | cited | support | s |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        m = r.metrics
        f = lambda k: "" if k not in m else f"{m[k]:.2f}"  # noqa: E731
        lines.append(
            f"| {r.id} | {r.category} | {f('hit_at_k')} | {f('mrr')} | "
            f"{f('correct') or f('refusal_accuracy')} | {'yes' if r.refused else ''} | "
            f"{', '.join(sorted(set(s[:3] for s in r.cited)))} | {'ok' if r.quotes_ok else 'BAD'} | {r.seconds:.1f} |"
        )
    return "\n".join(lines)


def _git_commit(root: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def write_report(results: list[Result], totals: dict, thresholds: dict, out_dir: Path, root: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    history = out_dir / "history.jsonl"
    entry = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": _git_commit(root), **totals}
    with open(history, "a") as f:  # append-only
        f.write(json.dumps(entry) + "\n")
    cats = by_category(results)
    worst = sorted(
        (r for r in results if r.answerable), key=lambda r: (r.metrics.get("correct", 0), r.metrics.get("mrr", 0))
    )[:5]
    lines = [
        "# Eval report",
        "",
        f"{entry['date']}, commit {entry['commit'] or '?'}, {totals['cases']} cases, answer p50 {totals['p50_s']} s",
        "",
        "## Totals",
        "",
        "| metric | value | threshold |",
        "|---|---|---|",
    ]
    for name in METRICS:
        v = totals[name]
        lines.append(f"| {name} | {'' if v is None else f'{v:.3f}'} | {thresholds.get(name, '')} |")
    lines += ["", "## By category", "", "| category | cases | hit@k | correct | refusal acc. | cite precision |", "|---|---|---|---|---|---|"]
    fmt = lambda v: "" if v is None else f"{v:.2f}"  # noqa: E731
    for c, t in cats.items():
        lines.append(f"| {c} | {t['cases']} | {fmt(t['hit_at_k'])} | {fmt(t['correct'])} | {fmt(t['refusal_accuracy'])} | {fmt(t['citation_precision'])} |")
    lines += ["", "## Worst answerable cases", ""]
    for r in worst:
        lines.append(f"- **{r.id}**: {r.question}\n  - answer: {r.answer}\n  - retrieved: {r.retrieved}; missing facts: {r.missing_facts}")
    lines += ["", "## Per case", "", table(results), ""]
    (out_dir / "report.md").write_text("\n".join(lines))
    (out_dir / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1))
    _plot(cats, history, out_dir / "metrics.png")


def _plot(cats: dict, history: Path, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.8))
    names = list(cats)
    series = [("hit_at_k", "retrieval hit@k"), ("correct", "correct"), ("citation_precision", "citation precision"), ("refusal_accuracy", "refusal accuracy")]
    w = 0.2
    for i, (key, label) in enumerate(series):
        vals = [cats[c][key] if cats[c][key] is not None else 0 for c in names]
        ax1.bar([x + i * w for x in range(len(names))], vals, w, label=label)
    ax1.set_xticks([x + 1.5 * w for x in range(len(names))], names, rotation=30)
    ax1.set_ylim(0, 1.05)
    ax1.set_title("Metrics per category (this run)")
    ax1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4)
    runs = [json.loads(line) for line in history.read_text().splitlines() if line.strip()]
    xs = range(len(runs))
    for key in ("hit_at_k", "correct", "citation_precision", "citation_support", "refusal_accuracy", "false_refusal_rate"):
        ax2.plot(xs, [r.get(key) for r in runs], marker="o", label=key)
    ax2.set_xticks(list(xs), [f"{r['date'][5:16]}\n{r.get('commit', '')}" for r in runs], fontsize=7, rotation=30)
    ax2.set_ylim(0, 1.05)
    ax2.set_title("Trend over runs (history.jsonl)")
    ax2.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run_eval(assistant, cases: list[Case], progress=None) -> list[Result]:
    corpus = Path(assistant.settings.corpus_dir)
    results = []
    for case in cases:
        ans = assistant.ask(case.question)
        results.append(score_case(case, ans, corpus))
        if progress:
            progress(results[-1])
    return results
