"""End to end with the real 1.5B model, the real embedder and real Chroma, through the CLI.

Marked `llm`: these load llama.cpp; never run them in parallel with each other.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
pytestmark = pytest.mark.llm


def _rag(args, tmp_path, stdin=None):
    env = dict(os.environ, RAG_INDEX=str(tmp_path / "index"), RAG_CORPUS=str(SEEDS), RAG_BACKEND="llamacpp")
    return subprocess.run(
        [sys.executable, "-m", "rag", *args], input=stdin, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900
    )


def test_batch_mode_from_a_missing_index(tmp_path):
    questions = [
        {"id": "june", "question": "Why did Japan drop the June deal with Russia?"},
        {"id": "osaka", "question": "What is the population of Osaka?"},
        {"id": 3, "question": "How many Japanese residents did the Soviet Union expel from the islands?"},
    ]
    stdin = "\n".join(json.dumps(q) for q in questions) + "\n"
    run = _rag(["answer", "--jsonl", "-"], tmp_path, stdin)
    assert run.returncode == 0, run.stderr
    assert "index was empty; ingested" in run.stderr  # it ingested first
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["june", "osaka", 3]
    by_id = {r["id"]: r for r in lines}
    for r in lines:  # the batch contract (README "Batch mode contract"): Answer.to_dict() plus the id
        assert set(r) == {"id", "question", "standalone_question", "answer", "refused", "reason", "citations", "timings"}
        assert r["standalone_question"] == r["question"]  # no history: nothing to rewrite
        assert {"retrieve_s", "generate_s", "total_s"} <= set(r["timings"])
        for c in r["citations"]:
            assert set(c) == {"n", "source", "title", "quote", "score", "outlet", "folder", "start", "end"}
            assert c["quote"] in (SEEDS / c["source"]).read_text(), c  # every quote is really there
            assert f"[{c['n']}]" in r["answer"]

    june = by_id["june"]
    assert not june["refused"]
    assert {c["source"] for c in june["citations"]} & {"000_39e0fc70934ad5fb.txt", "002_e5fcf2e5e45cdf61.txt"}
    text = june["answer"].lower()
    assert any(k in text for k in ("sovereignty", "islands", "aegis", "security", "differences", "military"))

    assert by_id["osaka"]["refused"] and by_id["osaka"]["citations"] == []

    expel = by_id[3]
    assert not expel["refused"] and "17,000" in expel["answer"]
    assert "001_a1d2632bd97767d4.txt" in {c["source"] for c in expel["citations"]}


def test_ask_json_and_clean_errors(tmp_path):
    run = _rag(["ask", "Who summoned the Japanese ambassador Toyohisa Kozuki?", "--json"], tmp_path)
    assert run.returncode == 0, run.stderr
    ans = json.loads(run.stdout)
    assert not ans["refused"] and ans["citations"]
    assert {c["source"] for c in ans["citations"]} == {"001_a1d2632bd97767d4.txt"}  # the only article naming him
    assert any("Morgulov summoned" in c["quote"] for c in ans["citations"])

    for args, message in [
        (["ask", ""], "the question is empty"),
        (["ask", "x" * 20_000], "20,000 characters"),
        (["--corpus", str(tmp_path / "nowhere"), "ingest"], "does not exist"),
    ]:
        run = _rag(args, tmp_path)
        assert run.returncode == 1
        assert run.stderr.strip().startswith("Error: ") and message in run.stderr
        assert "Traceback" not in run.stderr
