"""The index knows its sources: several folders in one index, uploads, removal, the upgrade of an
index written before folders were recorded, article text and quote spans.

Real Chroma and the real embedder throughout; the model is `Scripted` (plumbing only).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag import Assistant, CorpusError, Scripted, Settings
from rag.cli import cli
from rag.documents import MAX_FILE_BYTES, MAX_UPLOAD_FILES, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

ZEPPELIN = (
    "Zeppelin Harmony lands in Sapporo\n\n"
    "The airship Harmony landed in Sapporo on Tuesday after a 40-hour flight from Vladivostok. "
    "Its captain, Mirela Odescu, said the crossing was calm.\n\n"
    "Harmony carries 12 passengers and a cargo of tea."
)


def _chunks(a: Assistant) -> dict[str, dict]:
    """chunk id → {document_id, folder, source, text}, checking every id is consistent with its metadata."""
    got = a.index.collection.get(include=["metadatas", "documents"])
    assert len(got["ids"]) == len(set(got["ids"]))
    out = {}
    per_doc: dict[str, list[int]] = {}
    for cid, m, text in zip(got["ids"], got["metadatas"], got["documents"]):
        doc_id, n = cid.rsplit("#", 1)
        assert m["document_id"] == m["ref_doc_id"] == doc_id, cid
        assert doc_id == f"{m['folder']}/{m['source']}", cid  # id = <folder>/<source>
        per_doc.setdefault(doc_id, []).append(int(n))
        out[cid] = {"document_id": doc_id, "folder": m["folder"], "source": m["source"], "text": text}
    for doc_id, numbers in per_doc.items():
        assert sorted(numbers) == list(range(len(numbers))), doc_id  # no gaps, no doubles
    return out


@pytest.fixture
def more(tmp_path) -> Path:
    """A second folder: one new article, and a file with the same name as a seed file but other text."""
    d = tmp_path / "more"
    d.mkdir()
    (d / "zeppelin.txt").write_text(ZEPPELIN)
    (d / "000_39e0fc70934ad5fb.txt").write_text(
        "Tea harvest\n\nThe first tea harvest of the year in Shizuoka was 8 percent smaller than last year's."
    )
    return d


def test_two_folders_in_one_index(settings, corpus, more):
    a = Assistant(settings)
    first, _ = a.ingest()
    seeds_chunks = _chunks(a)
    second, _ = a.ingest(more)
    assert (second.added, second.removed) == (2, 0)  # not "5 removed"
    both = _chunks(a)
    assert set(seeds_chunks) < set(both)
    assert all(both[c]["text"] == seeds_chunks[c]["text"] for c in seeds_chunks)
    folders = {d["folder"] for d in a.documents()}
    assert folders == {corpus.resolve().as_posix(), more.resolve().as_posix()}
    # the same relative name in both folders: two documents, both cited by their own name
    same = [d for d in a.documents() if d["source"] == "000_39e0fc70934ad5fb.txt"]
    assert len(same) == 2 and len({d["id"] for d in same}) == 2

    # a re-ingest of either folder adds nothing and changes no chunk id
    for folder in (corpus, more, corpus):
        again, _ = a.ingest(folder)
        assert (again.added, again.updated, again.removed, again.chunks_added) == (0, 0, 0, 0)
        assert _chunks(a) == both

    # removing one folder leaves the other exactly as it was
    plan = a.plan_remove([more])
    assert {d["source"] for d in plan} == {"zeppelin.txt", "000_39e0fc70934ad5fb.txt"}
    assert _chunks(a) == both  # planning changes nothing
    removed = a.remove([more])
    assert len(removed) == 2
    assert _chunks(a) == seeds_chunks
    assert a.retriever.retrieve("airship Harmony Sapporo")[0].source != "zeppelin.txt"
    # removing what isn't indexed is a clear error, and nothing changes
    with pytest.raises(CorpusError, match="nothing indexed under"):
        a.remove([more])
    assert _chunks(a) == seeds_chunks


def test_ingest_of_one_folder_removes_only_its_deleted_files(settings, corpus, more):
    a = Assistant(settings)
    a.ingest()
    a.ingest(more)
    (more / "zeppelin.txt").unlink()
    report, _ = a.ingest(more)
    assert (report.removed, report.unchanged) == (1, 1)
    assert sorted(d["source"] for d in a.documents() if d["folder"] == corpus.resolve().as_posix()) == sorted(
        p.name for p in SEEDS.iterdir()
    )


def test_nested_folder_is_refused(settings, corpus):
    a = Assistant(settings)
    a.ingest()
    inner = corpus / "inner"
    inner.mkdir()
    (inner / "zeppelin.txt").write_text(ZEPPELIN)
    before = _chunks(a)
    with pytest.raises(CorpusError, match="overlap"):
        a.ingest(inner)
    assert _chunks(a) == before


def test_unreadable_file_keeps_its_chunks(settings, corpus):
    a = Assistant(settings)
    a.ingest()
    before = _chunks(a)
    (corpus / "003_0e3ea9520caa6332.txt").write_bytes(b"\x00\x01binary now\x00" * 100)
    report, skipped = a.ingest()
    assert [s.path for s in skipped] == ["003_0e3ea9520caa6332.txt"]
    assert (report.kept, report.removed) == (1, 0)
    assert "unreadable now, their indexed version kept" in report.summary()
    assert _chunks(a) == before


# -- upgrade in place --------------------------------------------------------------
def _legacy_index(settings: Settings) -> None:
    """An index in the format written before folders were recorded (main until this change):
    document id = source, no `folder` metadata, chunk ids `<source>#<n>`, UPSERTS_AND_DELETE."""
    from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
    from llama_index.core.storage.docstore import SimpleDocumentStore

    from rag.chunks import make_splitter
    from rag.index import Index

    docs, _ = load_corpus(settings.corpus_dir)
    for d in docs:  # back to the old shape
        d.id_ = d.metadata["source"]
        del d.metadata["folder"]
        d.excluded_embed_metadata_keys.remove("folder")
        d.excluded_llm_metadata_keys.remove("folder")
    settings.index_dir.mkdir(parents=True)
    idx = Index.__new__(Index)  # no upgrade on open: build it the old way
    idx.settings, idx.dir, idx._embedder = settings, settings.index_dir, None
    from rag.index import _batched_store, _chroma_client

    client = _chroma_client(settings)
    idx.collection = client.get_or_create_collection(settings.collection, metadata={"hnsw:space": "cosine"},
                                                     embedding_function=None)
    from rag.keywords import KeywordIndex

    store = _batched_store(idx.collection, client.get_max_batch_size(), KeywordIndex(settings.index_dir / "keywords.sqlite"))
    docstore = SimpleDocumentStore()
    IngestionPipeline(
        transformations=[make_splitter(settings.chunk_tokens, settings.chunk_overlap), idx.embedder],
        vector_store=store, docstore=docstore, docstore_strategy=DocstoreStrategy.UPSERTS_AND_DELETE,
    ).run(documents=docs)
    docstore.persist(str(settings.index_dir / "docstore.json"))
    (settings.index_dir / "ingested_at.json").write_text(json.dumps({d.doc_id: "2026-01-02T03:04:05" for d in docs}))


class Forbidden:
    """An embedder that fails the test if anything is embedded."""

    def __getattr__(self, name):
        raise AssertionError(f"something was embedded ({name})")


def test_old_index_upgrades_in_place_without_embedding(settings, corpus):
    _legacy_index(settings)
    import chromadb

    old = chromadb.PersistentClient(str(settings.index_dir / "chroma")).get_collection(settings.collection)
    old_got = old.get(include=["embeddings", "documents"])
    old_vectors = {cid: (list(v), t) for cid, v, t in zip(old_got["ids"], old_got["embeddings"], old_got["documents"])}
    assert all("/" not in cid for cid in old_vectors)  # really the old ids

    a = Assistant(settings, embedder=Forbidden())
    chunks = _chunks(a)  # opened: upgraded, ids consistent
    folder = corpus.resolve().as_posix()
    assert len(chunks) == len(old_vectors)
    new = a.index.collection.get(include=["embeddings", "documents"])
    for cid, v, t in zip(new["ids"], new["embeddings"], new["documents"]):
        assert cid.startswith(folder + "/")
        old_v, old_t = old_vectors[cid[len(folder) + 1 :]]  # the same chunk, the same vector, the same text
        assert t == old_t and list(v) == pytest.approx(old_v)
    docs = a.documents()
    assert {d["folder"] for d in docs} == {folder}
    assert {d["ingested_at"] for d in docs} == {"2026-01-02T03:04:05"}  # when it was indexed: kept
    report, _ = a.ingest()  # nothing to embed (Forbidden would fail), nothing lost
    assert (report.added, report.updated, report.removed, report.unchanged, report.chunks_added) == (0, 0, 0, 5, 0)
    assert a.article("000_39e0fc70934ad5fb.txt").text.startswith("The Abe administration")
    # and it answers as before
    b = Assistant(settings, generator=Scripted())
    ans = b.ask("Why did Japan drop the June deal with Russia?")
    assert ans.citations and all(c.document.startswith(folder) for c in ans.citations)
    assert b.retriever.retrieve("Habomai Shikotan")[0].id.startswith(folder + "/")  # keyword search: new ids


# -- uploads ---------------------------------------------------------------------------
def _state(a: Assistant) -> tuple:
    uploads = a.settings.index_dir / "uploads"
    files = sorted(p.name for p in uploads.iterdir()) if uploads.exists() else []
    return _chunks(a), (a.settings.index_dir / "docstore.json").read_bytes(), files


def test_bad_uploads_are_refused_and_change_nothing(scripted, tmp_path):
    a = scripted
    up = tmp_path / "incoming"
    up.mkdir()
    bad = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02\x03" * 500,
        "fake.pdf": b"<html><body>I am not a PDF</body></html>",
        "huge.txt": b"word " * (MAX_FILE_BYTES // 5 + 10),
        "tool.exe": b"MZ\x90\x00",
        "copy.txt": (SEEDS / "001_a1d2632bd97767d4.txt").read_bytes(),  # a duplicate of an indexed article
    }
    for name, data in bad.items():
        (up / name).write_bytes(data)
    (up / "evil.txt").write_text(ZEPPELIN)
    before = _state(a)
    report = a.add_files([up / n for n in bad] + [up / "evil.txt"], names=list(bad) + ["../../evil.txt"])
    reasons = {s.path: s.reason for s in report.refused}
    assert set(reasons) == set(bad) | {"../../evil.txt"}
    assert reasons["empty.txt"] == "empty file"  # the same words as `rag ingest`
    assert "binary" in reasons["binary.txt"]
    assert "not a PDF" in reasons["fake.pdf"]
    assert "MiB limit" in reasons["huge.txt"]
    assert "not a supported type" in reasons["tool.exe"]
    assert "duplicate" in reasons["copy.txt"] and "001_a1d2632bd97767d4.txt" in reasons["copy.txt"]
    assert "unsafe file name" in reasons["../../evil.txt"]
    assert report.added == [] and report.ingest is None
    assert _state(a) == before
    assert not (tmp_path / "evil.txt").exists()
    # the same reasons as an ingest of a folder holding those files
    folder = tmp_path / "as-corpus"
    folder.mkdir()
    for n in ("empty.txt", "binary.txt", "fake.pdf"):
        (folder / n).write_bytes(bad[n])
    _, skipped = load_corpus(folder)
    assert {s.path: s.reason for s in skipped} == {n: reasons[n] for n in ("empty.txt", "binary.txt", "fake.pdf")}
    # too many files at once: refused whole
    with pytest.raises(CorpusError, match=f"limit is {MAX_UPLOAD_FILES}"):
        a.add_files([up / "evil.txt"] * (MAX_UPLOAD_FILES + 1))
    assert _state(a) == before


def test_upload_is_ingested_incrementally_and_stored(scripted, tmp_path):
    a = scripted
    before = _chunks(a)
    src = tmp_path / "zeppelin.txt"
    src.write_text(ZEPPELIN)
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Tea harvest</title><script>window.stolen = 'SCRIPT-RAN'; alert(1)</script></head>"
        "<body><article><h1>Tea harvest</h1><p>The first tea harvest in Shizuoka was 8 percent smaller.</p>"
        "<p onclick=\"alert('x')\">Growers blamed a cold April.</p><script>document.write('INJECTED')</script>"
        "</article></body></html>"
    )
    steps = []
    report = a.add_files([src, page], on_progress=lambda done, total, msg: steps.append((done, total, msg)))
    assert report.added == ["zeppelin.txt", "page.html"] and report.refused == []
    assert report.ingest.chunks_added >= 2 and report.ingest.removed == 0
    assert any("embedded zeppelin.txt" in m for _, _, m in steps)
    after = _chunks(a)
    assert {c: after[c] for c in before} == before  # the rest untouched
    uploads = (a.settings.index_dir / "uploads").resolve()
    assert sorted(p.name for p in uploads.iterdir()) == ["page.html", "zeppelin.txt"]
    texts = " ".join(c["text"] for c in after.values())
    assert "SCRIPT-RAN" not in texts and "INJECTED" not in texts and "alert" not in texts
    assert "cold April" in texts
    assert a.retriever.retrieve("airship Harmony Sapporo")[0].source == "zeppelin.txt"
    art = a.article("zeppelin.txt")
    assert art.folder == uploads.as_posix() and art.title == "Zeppelin Harmony lands in Sapporo"
    # the same file again: a duplicate, nothing changes
    again = a.add_files([src])
    assert [s.path for s in again.refused] == ["zeppelin.txt"] and _chunks(a) == after
    # removing an upload removes its chunks and its stored copy
    a.remove([uploads / "zeppelin.txt"])
    assert not (uploads / "zeppelin.txt").exists()
    assert "zeppelin.txt" not in {d["source"] for d in a.documents()}


# -- article text and quote spans ----------------------------------------------------------
def test_citations_carry_the_span_of_their_quote(scripted):
    questions = [
        "Why did Japan drop the June deal with Russia?",
        "Who summoned the Japanese ambassador?",
        "Why did Kishida lodge a protest with Lavrov?",
        "When does Abe plan to visit Russia?",
    ]
    seen = 0
    for q in questions:
        ans = scripted.ask(q)
        for c in ans.citations:
            art = scripted.article(c.document)
            assert art.source == c.source and 0 <= c.start < c.end
            assert art.text[c.start : c.end] == c.quote
            assert c.quote in (SEEDS / c.source).read_text()  # the eval's check still holds
            seen += 1
    assert seen >= 3


def test_article_lookup(scripted, tmp_path, more):
    a = scripted
    art = a.article("000_39e0fc70934ad5fb.txt")
    assert (art.outlet, art.byline) == ("Asahi Shimbun", "Ryosuke Ishibashi and Yuka Takeshita")
    assert a.article(art.id).text == art.text
    a.ingest(more)
    with pytest.raises(CorpusError, match="several folders"):
        a.article("000_39e0fc70934ad5fb.txt")
    assert a.article(str(more / "000_39e0fc70934ad5fb.txt")).title == "Tea harvest"
    with pytest.raises(CorpusError, match="no indexed document"):
        a.article("nope.txt")


def test_one_article_is_read_without_the_whole_docstore(scripted, settings, corpus, monkeypatch):
    """article() reads one entry of articles.sqlite; the full docstore.json only when that copy can't be trusted."""
    from rag.index import Index

    doc_id = f"{corpus.resolve().as_posix()}/000_39e0fc70934ad5fb.txt"
    expected = scripted.article(doc_id).text
    assert (settings.index_dir / "articles.sqlite").exists()  # written by the ingest

    fresh = Index(settings)  # a new process: nothing cached
    monkeypatch.setattr(Index, "_load_docstore", lambda self: pytest.fail("read the whole docstore"))
    assert fresh.article(doc_id).text == expected
    assert fresh.article(f"{corpus.resolve().as_posix()}/nope.txt") is None
    monkeypatch.undo()

    # another writer changed docstore.json without the copy (an older version, a crash): the copy is not used
    path = settings.index_dir / "docstore.json"
    data = json.loads(path.read_text())
    entry = data["docstore/data"][doc_id]["__data__"]
    entry["text_resource"]["text"] = "Changed elsewhere."
    path.write_text(json.dumps(data))
    assert Index(settings).article(doc_id).text == "Changed elsewhere."
    fresh = Index(settings)
    monkeypatch.setattr(Index, "_load_docstore", lambda self: pytest.fail("read the whole docstore"))
    assert fresh.article(doc_id).text == "Changed elsewhere."  # the reader above rebuilt the copy
    monkeypatch.undo()

    (settings.index_dir / "articles.sqlite").write_bytes(b"not a database")  # damaged: read docstore.json
    assert Index(settings).article(doc_id).text == "Changed elsewhere."


# -- the CLI ------------------------------------------------------------------------------------
def test_cli_docs_show_remove(settings, corpus, more):
    env = {"RAG_INDEX": str(settings.index_dir), "RAG_CORPUS": str(corpus)}
    run = CliRunner().invoke
    assert run(cli, ["ingest", "-q"], env=env).exit_code == 0
    r = run(cli, ["--corpus", str(more), "ingest", "-q"], env=env)
    assert r.exit_code == 0 and "2 added" in r.output and "0 removed" in r.output, r.output
    docs = run(cli, ["docs"], env=env).output
    assert str(more.resolve()) in docs and str(corpus.resolve()) in docs
    shown = run(cli, ["show", "zeppelin.txt"], env=env)
    assert shown.exit_code == 0 and "Its captain, Mirela Odescu, said the crossing was calm." in shown.output
    amb = run(cli, ["show", "000_39e0fc70934ad5fb.txt"], env=env)
    assert amb.exit_code == 1 and "several folders" in amb.output and "Traceback" not in amb.output
    dry = run(cli, ["remove", "--dry-run", str(more)], env=env)
    assert dry.exit_code == 0 and "zeppelin.txt" in dry.output and "would remove 2 documents" in dry.output
    assert "zeppelin.txt" in run(cli, ["docs"], env=env).output
    gone = run(cli, ["remove", str(more)], env=env)
    assert gone.exit_code == 0 and "removed 2 documents" in gone.output, gone.output
    after = run(cli, ["docs"], env=env).output
    assert "zeppelin.txt" not in after and str(corpus.resolve()) in after
    missing = run(cli, ["remove", str(more)], env=env)
    assert missing.exit_code == 1 and "nothing indexed under" in missing.output
