"""Each metric against its threshold (eval/thresholds.yaml), plus tests of the harness itself."""

import random
from pathlib import Path

import pytest

from rag.evaluation import METRICS, SPLITS, check, fact_present, score_case, summarise

pytestmark = pytest.mark.llm
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("split", list(SPLITS))
@pytest.mark.parametrize("metric", list(METRICS))
def test_metric_reaches_threshold(evaluation, thresholds, split, metric):
    _, totals = evaluation
    misses = check({metric: totals[split][metric]}, {metric: thresholds[split][metric]})
    assert not misses, f"{split}: {misses[0]}"


def test_splits_are_well_formed(splits):
    dev, test = splits["dev"], splits["test"]
    assert len(dev) >= 40 and len(test) >= 30
    for cases in (dev, test):
        assert sum(not c.answerable for c in cases) >= 8
    assert {c.category for c in dev} - {"unanswerable"} <= {c.category for c in test}  # every category
    assert sum(len(c.sources) > 1 for c in test) >= 4  # multi-article
    assert sum(c.category == "metadata" for c in test) >= 3
    for c in dev + splits["dev2"] + splits["dev3"] + splits["dev4"] + splits["dev5"] + splits["dev6"] + splits["dev7"] + splits["dev8"] + splits["dev9"] + splits["dev10"] + test:
        assert c.question.strip()
        if c.answerable:
            assert c.sources and c.facts
            for s in c.sources:
                assert (SEEDS / s).is_file(), (c.id, s)
        else:
            assert not c.sources and not c.facts


def test_fact_matching_is_normalised():
    assert fact_present(["17,000", "seventeen thousand"], "They expelled all 17000 residents.")
    assert fact_present("June 29", "on June 29, in Osaka")
    assert not fact_present("Kono", "Konosuke met them")  # whole words only


# -- the harness catches a broken pipeline ---------------------------------


def test_shuffled_citations_fail_the_eval(evaluation, cases, thresholds):
    """Citations pointed at the wrong files must push citation metrics under their thresholds."""
    results, _ = evaluation
    by_id = {c.id: c for c in cases}
    rng = random.Random(0)
    files = sorted(p.name for p in SEEDS.iterdir())
    broken = []
    for r in results:
        case = by_id[r.id]
        wrong = [f for f in files if f not in case.sources] or files
        fake = _FakeAnswer(r, cited=[rng.choice(wrong) for _ in r.cited])
        broken.append(score_case(case, fake, SEEDS))
    misses = check(summarise(broken), thresholds["dev"])
    assert any(m.startswith("citation_precision") for m in misses), misses
    assert any(m.startswith("citation_support") for m in misses), misses


def test_random_retrieval_fails_the_eval(evaluation, cases, thresholds):
    results, _ = evaluation
    by_id = {c.id: c for c in cases}
    rng = random.Random(1)
    files = sorted(p.name for p in SEEDS.iterdir())
    broken = [score_case(by_id[r.id], _FakeAnswer(r, retrieved=[rng.choice(files) for _ in range(4)]), SEEDS) for r in results]
    misses = check(summarise(broken), thresholds["dev"])
    assert any(m.startswith(("hit_at_k", "mrr")) for m in misses), misses


class _FakeAnswer:
    """A recorded answer with its retrieved or cited files replaced."""

    def __init__(self, r, cited=None, retrieved=None):
        from rag.citations import Citation
        from rag.retrieval import Passage

        self.text, self.refused, self.timings = r.answer, r.refused, {"total_s": r.seconds}
        quote = "a quote that is in none of the articles"
        self.citations = [Citation(i + 1, s, "", "", quote if cited else "", 0.0) for i, s in enumerate(cited or [])]
        if cited is None:  # keep the real citations (re-read from the result)
            self.citations = [Citation(i + 1, s, "", "", "", 0.0) for i, s in enumerate(r.cited)]
        self.passages = [Passage("", s, "", "", "", 0.0) for s in (retrieved if retrieved is not None else r.retrieved)]
