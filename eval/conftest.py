"""`pytest eval/`: runs the real pipeline (real index, real default model) once per session,
over every split (dev: cases.yaml, dev2: dev2_cases.yaml, test: test_cases.yaml), reported separately."""

import os
from pathlib import Path

import pytest
import yaml

from rag import Assistant, Settings
from rag.evaluation import load_splits, run_eval, table, write_report

EVAL = Path(__file__).resolve().parent
ROOT = EVAL.parent
REPORT = EVAL / "report"  # git-ignored: a test run never dirties the checkout
_state: dict = {}


@pytest.fixture(scope="session")
def thresholds() -> dict:
    """{split: {metric: bound}}."""
    return yaml.safe_load((EVAL / "thresholds.yaml").read_text())


@pytest.fixture(scope="session")
def splits():
    return load_splits(EVAL)


@pytest.fixture(scope="session")
def cases(splits):
    return [c for cases in splits.values() for c in cases]


@pytest.fixture(scope="session")
def evaluation(tmp_path_factory, cases, thresholds):
    """(results, {split: totals}) of every case, computed once."""
    settings = Settings.from_env(
        corpus_dir=ROOT / "seeds",
        index_dir=tmp_path_factory.mktemp("eval-index"),
        backend=os.environ.get("RAG_EVAL_BACKEND", "llamacpp"),
    )
    a = Assistant(settings)
    a.ingest()
    results = run_eval(a, cases)
    totals = write_report(results, thresholds, REPORT, ROOT)
    _state.update(results=results, totals=totals, thresholds=thresholds)
    return results, totals


def pytest_terminal_summary(terminalreporter):
    if not _state:
        return
    tr = terminalreporter
    tr.section("eval: per case")
    tr.write_line(table(_state["results"]))
    for split, totals in _state["totals"].items():
        tr.section(f"eval: totals, {split} split")
        for name, value in totals.items():
            bound = _state["thresholds"].get(split, {}).get(name, "")
            tr.write_line(f"{name:>20}  {value!s:>8}  {('threshold ' + str(bound)) if bound != '' else ''}")
    tr.write_line(f"report: {REPORT / 'report.md'}, metrics.png, history.jsonl")
