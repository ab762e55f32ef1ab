"""`pytest eval/`: runs the real pipeline (real index, real default model) once per session."""

import os
from pathlib import Path

import pytest
import yaml

from rag import Assistant, Settings
from rag.evaluation import load_cases, run_eval, summarise, table, write_report

EVAL = Path(__file__).resolve().parent
ROOT = EVAL.parent
_state: dict = {}


@pytest.fixture(scope="session")
def thresholds() -> dict:
    return yaml.safe_load((EVAL / "thresholds.yaml").read_text())


@pytest.fixture(scope="session")
def cases():
    return load_cases(EVAL / "cases.yaml")


@pytest.fixture(scope="session")
def evaluation(tmp_path_factory, cases, thresholds):
    """(results, totals) of the whole eval set, computed once."""
    settings = Settings.from_env(
        corpus_dir=ROOT / "seeds",
        index_dir=tmp_path_factory.mktemp("eval-index"),
        backend=os.environ.get("RAG_EVAL_BACKEND", "llamacpp"),
    )
    a = Assistant(settings)
    a.ingest()
    results = run_eval(a, cases)
    totals = summarise(results)
    write_report(results, totals, thresholds, EVAL / "report", ROOT)
    _state.update(results=results, totals=totals, thresholds=thresholds)
    return results, totals


def pytest_terminal_summary(terminalreporter):
    if not _state:
        return
    tr = terminalreporter
    tr.section("eval: per case")
    tr.write_line(table(_state["results"]))
    tr.section("eval: totals")
    for name, value in _state["totals"].items():
        bound = _state["thresholds"].get(name, "")
        tr.write_line(f"{name:>20}  {value!s:>8}  {('threshold ' + str(bound)) if bound != '' else ''}")
    tr.write_line("report: eval/report/report.md, eval/report/metrics.png, history in eval/report/history.jsonl")
