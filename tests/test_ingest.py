"""Incremental ingest against real Chroma and the real embedder."""

import pytest

from rag import Assistant, CorpusError
from rag.index import Index


def _sources(a: Assistant) -> dict[str, int]:
    return {d["source"]: d["chunks"] for d in a.documents()}


def _texts(a: Assistant, source: str) -> list[str]:
    got = a.index.collection.get(where={"source": source}, include=["documents"])
    return got["documents"]


def test_incremental_ingest_adds_replaces_and_removes(settings, corpus):
    a = Assistant(settings)
    first, skipped = a.ingest()
    assert (first.added, first.updated, first.removed, first.unchanged) == (5, 0, 0, 0)
    total = a.index.count()
    assert first.chunks_added == total > 5

    # unchanged corpus: nothing new, nothing re-embedded
    again, _ = a.ingest()
    assert (again.added, again.updated, again.removed, again.unchanged, again.chunks_added) == (0, 0, 0, 5, 0)
    assert a.index.count() == total

    # edited file: its chunks are replaced, the others untouched
    edited = corpus / "003_0e3ea9520caa6332.txt"
    edited.write_text("Abe will fly to Moscow on a blue zeppelin named Harmony.\n\nThe zeppelin lands on Jan. 21.")
    before_other = _texts(a, "000_39e0fc70934ad5fb.txt")
    upd, _ = a.ingest()
    assert (upd.added, upd.updated, upd.removed, upd.unchanged) == (0, 1, 0, 4)
    new_texts = _texts(a, "003_0e3ea9520caa6332.txt")
    assert new_texts and all("zeppelin" in t for t in new_texts)
    assert not any("Haneda" in t for t in new_texts)
    assert _texts(a, "000_39e0fc70934ad5fb.txt") == before_other
    assert a.index.count() == upd.chunks_total == sum(_sources(a).values())

    # deleted file: its chunks are gone
    (corpus / "004_3ed4bf90ac3744bf.txt").unlink()
    rem, _ = a.ingest()
    assert (rem.removed, rem.chunks_added) == (1, 0)
    assert "004_3ed4bf90ac3744bf.txt" not in _sources(a)
    assert _texts(a, "004_3ed4bf90ac3744bf.txt") == []

    # retrieval sees the new content (BM25 is rebuilt after ingest)
    assert a.retriever.retrieve("zeppelin Harmony")[0].source == "003_0e3ea9520caa6332.txt"


def test_index_survives_a_reopen_and_a_lost_docstore(settings):
    a = Assistant(settings)
    a.ingest()
    total = a.index.count()
    # a new process: same counts, nothing re-added
    b = Assistant(settings)
    assert b.ingest()[0].chunks_added == 0 and b.index.count() == total
    # crash between Chroma write and docstore write: no duplicates after re-run
    (settings.index_dir / "docstore.json").unlink()
    c = Assistant(settings)
    report, _ = c.ingest()
    assert report.added == 5
    assert c.index.count() == total


def test_empty_corpus_changes_nothing(settings, corpus, tmp_path):
    a = Assistant(settings)
    a.ingest()
    total = a.index.count()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("")
    with pytest.raises(CorpusError, match="nothing was changed"):
        a.ingest(empty)
    assert a.index.count() == total


def test_second_ingest_at_once_is_refused_not_corrupting(settings):
    from rag import IndexUnavailable

    a = Assistant(settings)
    idx = Index(settings)
    with idx._lock():
        with pytest.raises(IndexUnavailable, match="another ingest is running"):
            a.ingest()


def test_chunks_are_added_in_batches_chroma_accepts(settings):
    """More new chunks than Chroma takes in one call (5,461 here) must still all arrive."""
    a = Assistant(settings)
    a.index.vector_store._max_batch = 7  # stand-in for Chroma's limit: 52 chunks → 8 calls
    report, _ = a.ingest()
    assert report.chunks_added == a.index.count() > 7
