"""Stage 3b: chunks + vectors → a persisted Chroma collection, kept in step with its sources.

An index holds documents from several folders (corpus folders, and the
uploads folder inside the index folder). Each document records its folder
(metadata `folder`, absolute); its id is `<folder>/<source>` (documents.py).

`Index.ingest(documents, folder)` brings the documents of ONE folder in step,
by a docstore of document content hashes:

    unchanged file  → skipped (no splitting, no embedding)
    changed file    → its old chunks deleted, new ones added
    new file        → chunks added
    file gone       → its chunks deleted (only files of this folder)
    file unreadable → its last indexed version kept, and reported

Documents of other folders are never touched by an ingest; a whole folder (or
one document) goes only by `Index.remove(paths)`. A folder inside another
indexed folder is refused, so a file never has two ids.

The docstore (index/docstore.json) holds each document's hash, metadata and
cleaned text (the text `rag show` prints and citation spans point into); it
is written only after Chroma is updated. If an ingest dies in between,
`_reconcile` on the next run drops chunks whose document the docstore doesn't
vouch for, so they are rebuilt, never doubled. One writer at a time per index
folder (a file lock).

An index written before folders were recorded (ids `<source>`, one folder) is
upgraded in place when opened: its documents are assigned to the corpus folder
(settings.corpus_dir, the only folder such an index could hold), their chunks
copied under the new ids with their stored vectors (no embedding) and the old
ids deleted. `index/format.json` marks an upgraded or new index.

Chroma is embedded (index/chroma) or a server (RAG_CHROMA_URL); either way we
always pass our own embeddings, so Chroma's default embedding function (which
downloads a model) is never used, and its telemetry is off.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import threading
import time
import uuid
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

from .chunks import DropCaptions, DropRepeatedChunks, make_splitter
from .errors import CorpusError, IndexUnavailable
from .keywords import KeywordIndex
from .settings import Settings

__all__ = ["Index", "IngestReport", "FORMAT"]

FORMAT = 2  # 1: ids <source>, one folder; 2: ids <folder>/<source>, metadata "folder"


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    kept: int = 0  # indexed files that exist but can't be read now: their last version stays
    chunks_added: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    folder: str = ""

    def summary(self) -> str:
        rate = f", {self.chunks_added / self.seconds:.1f} chunks/s" if self.chunks_added and self.seconds else ""
        kept = f" ({self.kept} unreadable now, their indexed version kept)" if self.kept else ""
        return (
            f"documents: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.skipped} skipped{kept}; chunks: {self.chunks_added} new, "
            f"{self.chunks_total} in index ({self.seconds:.1f} s{rate})"
        )

    def to_dict(self) -> dict:
        return asdict(self)


def _chroma_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        u = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
        try:
            return chromadb.HttpClient(
                host=u.hostname or "127.0.0.1",
                port=u.port or 8000,
                ssl=u.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as e:
            raise IndexUnavailable(f"Chroma server at {settings.chroma_url} is not answering: {e}") from e
    path = Path(settings.index_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as e:
        raise IndexUnavailable(
            f"the index at {path} cannot be opened ({type(e).__name__}: {e}); "
            f"delete the folder {settings.index_dir} and run `rag ingest` to rebuild it"
        ) from e


def _batched_store(collection, max_batch: int, keywords: KeywordIndex):
    """A ChromaVectorStore whose add() never sends more than Chroma accepts at once,
    and whose writes keep the keyword index in step.

    llama-index's store sends batches of 41,665; chromadb 1.5.9 takes at most
    `client.get_max_batch_size()` (5,461 here), so an ingest adding ~13k chunks
    embedded everything and then failed (found by bench/ on the Python docs).
    Each batch goes to the keyword index after Chroma took it (see keywords.py).
    """
    from llama_index.core.schema import MetadataMode
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from pydantic import PrivateAttr

    class BatchedChromaVectorStore(ChromaVectorStore):
        _max_batch: int = PrivateAttr(default=5000)
        _keywords: KeywordIndex = PrivateAttr(default=None)

        def add(self, nodes, **kwargs):
            ids = []
            for i in range(0, len(nodes), self._max_batch):
                batch = nodes[i : i + self._max_batch]
                ids.extend(super().add(batch, **kwargs))
                self._keywords.add(
                    (n.node_id, n.ref_doc_id or "", n.get_content(metadata_mode=MetadataMode.EMBED)) for n in batch
                )
            return ids

        def delete(self, ref_doc_id, **kwargs):
            super().delete(ref_doc_id, **kwargs)
            self._keywords.delete_document(ref_doc_id)

        def delete_nodes(self, node_ids=None, filters=None, **kwargs):
            super().delete_nodes(node_ids, filters, **kwargs)
            if node_ids and not filters:
                self._keywords.delete_ids(list(node_ids))
            else:  # deleted by filter: which chunks went is Chroma's to say; resync on next use
                self._keywords.clear()

        def clear(self):
            super().clear()
            self._keywords.clear()

    store = BatchedChromaVectorStore(chroma_collection=collection)
    store._max_batch = max(1, max_batch)
    store._keywords = keywords
    return store


_STALE = object()  # articles.sqlite can't answer: read docstore.json

_EMBEDDER_LOADING = threading.Lock()  # loads are rare: one lock for the process is enough

GENERATION_KEY = "rag:generation"  # collection metadata: changes with every ingest that changes chunks


class _Held:
    """The open handles of an Index: closed by Index.close(), or when the Index is collected."""

    client = None
    keywords = None

    def close(self) -> None:
        if self.keywords is not None:
            self.keywords.close()
        if self.client is not None:
            self.client.close()  # idempotent (chromadb 1.5.9)


class Index:
    def __init__(self, settings: Settings, embedder=None):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self._embedder = embedder
        # what the store holds open (Chroma's client, the keyword index), in a holder of its own
        # so an Index dropped without close() still releases it when collected: chromadb keeps
        # every PersistentClient's System (SQLite connections, segment files: 11 file
        # descriptors, measured) in a class-level cache until the client is closed, so an
        # unclosed one held them for the life of the process.
        self._held = _Held()
        weakref.finalize(self, self._held.close).atexit = False
        self._open()
        self._docstore_path = self.dir / "docstore.json"
        if self._needs_upgrade():
            try:
                self.upgrade()
            except IndexUnavailable:
                pass  # another process holds the lock: it (or the next open) upgrades

    def _open(self) -> None:
        with self._opening():
            client = _chroma_client(self.settings)
            self._client = self._held.client = client
            self.collection = client.get_or_create_collection(
                self.settings.collection,
                metadata={"hnsw:space": "cosine"},
                embedding_function=None,
            )
        if getattr(self, "keywords", None) is not None:
            self.keywords.close()
        self.keywords = self._held.keywords = KeywordIndex(self.dir / "keywords.sqlite")
        self.vector_store = _batched_store(self.collection, client.get_max_batch_size(), self.keywords)
        self.seen_generation = self.generation()

    # -- one index, many processes ------------------------------------------------
    # An ingest by another process (the CLI while the web chat runs, or another
    # machine on a Chroma server) writes a new stamp into the collection's
    # metadata; a running Assistant compares it before each question and, when
    # it changed, reopens the store and rebuilds its retriever. Reopening matters
    # for the embedded store: a PersistentClient keeps its vector segment in
    # memory and does not see another process's additions (measured: a vector
    # query kept returning the old nearest chunk until the client was recreated).
    def generation(self) -> str:
        """The current ingest stamp, read from the store (not the cached collection object)."""
        try:
            meta = self._client.get_collection(self.settings.collection).metadata or {}
        except Exception:  # store unreachable: no news; the question's own query reports the error
            return getattr(self, "seen_generation", "")
        return str(meta.get(GENERATION_KEY, ""))

    def changed_elsewhere(self) -> bool:
        return self.generation() != self.seen_generation

    def reopen(self) -> None:
        """Drop the cached store so the next read sees what other processes wrote."""
        from chromadb.api.shared_system_client import SharedSystemClient

        # Close the old client first: the caller holds the write lock, so no retrieval reads it.
        # chromadb shares one System (with its in-memory segments) per path in a process and
        # stops it when its last client closes, so the new client loads the segments afresh.
        # (Not closing it kept 12 file descriptors open per reopen for the process's life,
        # measured: a web chat beside repeated `rag ingest` runs out of them.)
        self._client.close()
        if not self.settings.chroma_url:
            # another Assistant in this process on the same folder still holds it: leave it to
            # them and load a fresh System for us
            SharedSystemClient._identifier_to_system.pop(getattr(self._client, "_identifier", ""), None)
        self.keywords.close()
        self._open()

    def _bump_generation(self) -> None:
        meta = {k: v for k, v in (self.collection.metadata or {}).items() if not k.startswith("hnsw:")}
        meta[GENERATION_KEY] = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        self.collection.modify(metadata=meta)  # the distance (cosine) lives in the configuration, kept
        self.seen_generation = meta[GENERATION_KEY]

    # -- embedder is loaded only when something needs embedding -------------
    @property
    def embedder(self):
        if self._embedder is None:
            from .embeddings import load_embedder

            with _EMBEDDER_LOADING:  # one load, however many threads ask first
                if self._embedder is None:
                    self._embedder = load_embedder()
        return self._embedder

    def close(self) -> None:
        """Release the Chroma client (its SQLite connections, or its HTTP session) and the keyword index."""
        self._held.close()

    def count(self) -> int:
        return self.collection.count()

    def _load_docstore(self):
        from llama_index.core.storage.docstore import SimpleDocumentStore

        if self._docstore_path.exists():
            try:
                return SimpleDocumentStore.from_persist_path(str(self._docstore_path))
            except (ValueError, OSError, json.JSONDecodeError):
                pass  # unreadable: rebuild from the corpus (reconcile drops orphan chunks)
        return SimpleDocumentStore()

    def _read_docstore(self):
        """The docstore for reading (sources, article text), re-read only when the file changed."""
        try:
            st = self._docstore_path.stat()
            key = (st.st_mtime_ns, st.st_size)
        except OSError:
            key = None
        cached = getattr(self, "_docstore_cache", None)
        if cached is None or cached[0] != key:
            cached = (key, self._load_docstore())
            self._docstore_cache = cached
        return cached[1]

    def _reconcile(self, docstore) -> None:
        """Make Chroma and the docstore agree after a crash or a lost docstore."""
        known = set(docstore.get_all_document_hashes().values())
        in_chroma = {m.get("document_id") for page in self.pages(["metadatas"]) for m in page["metadatas"]}
        for doc_id in in_chroma - known:  # chunks no finished ingest vouches for
            self.vector_store.delete(doc_id)
        for doc_id in known - in_chroma:  # a document whose chunks are gone
            docstore.delete_document(doc_id, raise_error=False)  # also forgets its hash

    @contextlib.contextmanager
    def _opening(self):
        """Processes open an embedded store one at a time (a blocking file lock, held ~0.5 s).

        Two processes creating a new store at once both run Chroma's SQLite migrations, and one
        failed with "table collections already exists" (two `rag ingest` started together into an
        empty folder, CI 2026-12-02). A Chroma server serialises this itself."""
        if self.settings.chroma_url:
            yield
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            f = open(self.dir / ".open.lock", "w")
        except OSError:  # a folder we may read but not write: nothing can be created there either
            yield
            return
        with f:
            fcntl.flock(f, fcntl.LOCK_EX)
            yield

    @contextlib.contextmanager
    def _lock(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / ".ingest.lock", "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexUnavailable(f"another ingest is running on {self.dir}; wait for it to finish") from None
            yield

    def ingest(self, documents, folder=None, skipped=(), complete: bool = True, progress: bool = True,
               on_progress=None) -> IngestReport:
        """Bring the documents of `folder` in step with `documents` (see the module doc).

        `skipped`: the folder's files that exist but couldn't be read (`Skipped`, or a count for
        callers that only have one): their indexed version is kept. `complete=False`: `documents`
        are additions/updates only (an upload), nothing of the folder is removed.
        `on_progress(done, total, source)`: called after each embedded document.
        """
        from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline

        if complete and not documents:
            # An empty listing would remove every document of the folder: refuse.
            where = f" in {folder}" if folder else ""
            raise CorpusError(f"no readable documents found{where}; nothing was changed in the index"
                              + (f" (to drop its documents: rag remove {folder})" if folder else ""))
        if folder is None:  # documents of one folder (documents.read_file set it)
            folders = {d.metadata.get("folder", "") for d in documents}
            if len(folders) != 1 or not next(iter(folders)):
                raise CorpusError("ingest needs the documents of exactly one folder")
            folder = folders.pop()
        folder = Path(folder).resolve().as_posix()
        if self._needs_upgrade():
            self.upgrade()
        skipped_sources = {getattr(s, "path", None) for s in skipped} if not isinstance(skipped, int) else set()
        start = time.perf_counter()
        with self._lock():
            docstore = self._load_docstore()
            self._reconcile(docstore)
            self._check_nesting(docstore, folder)
            before = {doc_id: h for h, doc_id in docstore.get_all_document_hashes().items()}
            mine = {d for d in before if self._folder_of(docstore, d) == folder}
            report = IngestReport(skipped=skipped if isinstance(skipped, int) else len(skipped), folder=folder)
            current, changed = set(), []
            for doc in documents:
                current.add(doc.doc_id)
                old = before.get(doc.doc_id)
                if old is None:
                    report.added += 1
                elif old != doc.hash:
                    report.updated += 1
                else:
                    report.unchanged += 1
                    continue
                changed.append(doc)
            gone = []
            if complete:
                for d in sorted(mine - current):
                    if self._source_of(docstore, d) in skipped_sources:
                        report.kept += 1  # the file is there but unreadable now: keep what we have
                    else:
                        gone.append(d)
            report.removed = len(gone)

            if changed or gone:
                for d in gone:
                    self.vector_store.delete(d)
                    docstore.delete_document(d, raise_error=False)
                pipeline = IngestionPipeline(
                    transformations=[
                        DropCaptions(),
                        make_splitter(self.settings.chunk_tokens, self.settings.chunk_overlap),
                        DropRepeatedChunks(),
                        self.embedder,
                    ],
                    vector_store=self.vector_store,
                    docstore=docstore,
                    # UPSERTS, not UPSERTS_AND_DELETE: that one deletes every document not in this
                    # run, i.e. every other folder ("5 removed" when a second folder was ingested)
                    docstore_strategy=DocstoreStrategy.UPSERTS,
                    # llama-index's transformation cache (in memory, new with each pipeline, so it never
                    # hits here) hashes every chunk's text before each step and keeps a JSON copy of every
                    # chunk after it, the 384 floats of its vector included. Our skipping of unchanged
                    # files is the docstore's content hashes, above.
                    disable_cache=True,
                )
                batches = [[d] for d in changed] if on_progress else ([changed] if changed else [])
                for i, batch in enumerate(batches, 1):
                    report.chunks_added += len(pipeline.run(documents=batch, show_progress=progress))
                    if on_progress:
                        on_progress(i, len(batches), batch[0].metadata.get("source", ""))
                self._persist_docstore(docstore)
                self._bump_generation()
                stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
                stamps = {k: v for k, v in self._stamps().items() if k not in gone}
                stamps.update({d.doc_id: stamp for d in changed})
                self._write_stamps(stamps)
            self._write_format()
            report.chunks_total = self.count()
        report.seconds = time.perf_counter() - start
        return report

    # -- sources ------------------------------------------------------------
    @staticmethod
    def _folder_of(docstore, doc_id: str) -> str:
        doc = docstore.get_document(doc_id, raise_error=False)
        return (doc.metadata.get("folder", "") if doc is not None else "") or doc_id.rsplit("/", 1)[0]

    @staticmethod
    def _source_of(docstore, doc_id: str) -> str:
        doc = docstore.get_document(doc_id, raise_error=False)
        return doc.metadata.get("source", "") if doc is not None else ""

    def _check_nesting(self, docstore, folder: str) -> None:
        """A folder inside another indexed folder (or holding one) would give its files two ids: refuse."""
        folders = {self._folder_of(docstore, d) for d in docstore.get_all_document_hashes().values()}
        for other in sorted(folders - {folder}):
            inner, outer = (folder, other) if folder.startswith(other + "/") else (other, folder)
            if inner.startswith(outer + "/"):
                raise CorpusError(
                    f"{folder} and the indexed folder {other} overlap ({inner} is inside {outer}); "
                    f"ingest one of them only, or first `rag remove {other}`"
                )

    def sources(self) -> dict[str, list[str]]:
        """Indexed folder → ids of its documents."""
        docstore = self._read_docstore()
        out: dict[str, list[str]] = {}
        for d in sorted(docstore.get_all_document_hashes().values()):
            out.setdefault(self._folder_of(docstore, d), []).append(d)
        return out

    def plan_remove(self, paths) -> list[str]:
        """Ids of the documents `remove(paths)` would remove: a folder (all its documents) or a file.

        Raises CorpusError naming a path that matches nothing indexed (nothing is removed then).
        """
        docstore = self._read_docstore()
        ids = sorted(docstore.get_all_document_hashes().values())
        out: list[str] = []
        for raw in paths:
            p = Path(raw).expanduser().resolve().as_posix()
            hit = [d for d in ids if d == p or d.startswith(p + "/") or self._folder_of(docstore, d) == p]
            if not hit:
                known = ", ".join(sorted({self._folder_of(docstore, d) for d in ids})) or "none"
                raise CorpusError(f"nothing indexed under {raw}; indexed folders: {known} (see `rag docs`)")
            out.extend(d for d in hit if d not in out)
        return out

    def remove(self, doc_ids) -> int:
        """Remove these documents (ids from `plan_remove`) and their chunks. → chunks removed."""
        doc_ids = list(doc_ids)
        with self._lock():
            docstore = self._load_docstore()
            before = self.count()
            for d in doc_ids:
                self.vector_store.delete(d)
                docstore.delete_document(d, raise_error=False)
            self._persist_docstore(docstore)
            self._bump_generation()
            self._write_stamps({k: v for k, v in self._stamps().items() if k not in set(doc_ids)})
            return before - self.count()

    def article(self, doc_id: str):
        """The indexed document (cleaned text and metadata) with this id, or None."""
        stamp = self._docstore_stamp()
        if stamp is None:
            return None
        found = self._article_copy(doc_id, stamp)
        if found is not _STALE:
            return found
        docstore = self._read_docstore()
        self._write_articles(docstore, self._docstore_cache[0])
        return docstore.get_document(doc_id, raise_error=False)

    # -- one article without reading them all -------------------------------------
    # docstore.json is one JSON file (62 MB at 123k chunks); a cited answer parsed all of it to
    # find its quote's span: ~200 ms on the first answer at 123k chunks, growing with the
    # library. articles.sqlite holds each document's docstore entry under its id, stamped with
    # the docstore.json (mtime, size) it was copied from: written after every docstore write, and
    # by a reader that finds it missing or stale. A copy whose stamp doesn't match is never
    # used, so a crash, another process's ingest or a damaged file only costs one full read.
    @property
    def _articles_path(self) -> Path:
        return self.dir / "articles.sqlite"

    def _docstore_stamp(self):
        try:
            st = self._docstore_path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _article_copy(self, doc_id: str, stamp):
        """The document from articles.sqlite (None: not indexed), or _STALE when the copy can't be used."""
        from llama_index.core.storage.docstore.utils import json_to_doc

        if not self._articles_path.exists():
            return _STALE
        try:
            conn = sqlite3.connect(f"file:{self._articles_path}?mode=ro", uri=True)
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'docstore'").fetchone()
                if row is None or row[0] != f"{stamp[0]}:{stamp[1]}":
                    return _STALE
                row = conn.execute("SELECT entry FROM docs WHERE id = ?", (doc_id,)).fetchone()
            finally:
                conn.close()
            return json_to_doc(json.loads(row[0])) if row else None
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return _STALE

    def _write_articles(self, docstore, stamp) -> None:
        """Replace articles.sqlite with the entries of `docstore`, read from docstore.json at `stamp`."""
        from llama_index.core.storage.docstore.utils import doc_to_json

        if stamp is None:
            return
        tmp = self.dir / f".articles-{os.getpid()}-{threading.get_ident()}.sqlite"
        try:
            tmp.unlink(missing_ok=True)
            conn = sqlite3.connect(tmp)
            try:
                with conn:
                    conn.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, entry TEXT NOT NULL)")
                    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                    conn.executemany("INSERT INTO docs VALUES (?, ?)",
                                     ((i, json.dumps(doc_to_json(d))) for i, d in docstore.docs.items()))
                    conn.execute("INSERT INTO meta VALUES ('docstore', ?)", (f"{stamp[0]}:{stamp[1]}",))
            finally:
                conn.close()
            os.replace(tmp, self._articles_path)
        except (OSError, sqlite3.Error):
            tmp.unlink(missing_ok=True)  # only a copy: articles are then read from docstore.json

    def _persist_docstore(self, docstore) -> None:
        docstore.persist(str(self._docstore_path))
        self._write_articles(docstore, self._docstore_stamp())

    # -- upgrade of an index written before folders were recorded --------------
    def _write_format(self) -> None:
        path = self.dir / "format.json"
        if not path.exists():
            path.write_text(json.dumps({"format": FORMAT}) + "\n")

    def _needs_upgrade(self) -> bool:
        return self._docstore_path.exists() and not (self.dir / "format.json").exists()

    def upgrade(self) -> int:
        """Give a format-1 index folders and `<folder>/<source>` ids, without embedding. → documents moved."""
        from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo

        folder = Path(self.settings.corpus_dir).resolve().as_posix()
        moved = 0
        with self._lock():
            if not self._needs_upgrade():
                return 0
            docstore = self._load_docstore()
            self._reconcile(docstore)
            stamps = self._stamps()
            for old_id in sorted(docstore.get_all_document_hashes().values()):
                doc = docstore.get_document(old_id, raise_error=False)
                if doc is None or doc.metadata.get("folder"):
                    continue
                source = doc.metadata.get("source") or old_id
                new_id = f"{folder}/{source}"
                got = self.collection.get(where={"document_id": old_id},
                                          include=["embeddings", "metadatas", "documents"])
                rename = {i: f"{new_id}#{i.rsplit('#', 1)[1]}" if "#" in i else f"{new_id}#{i}" for i in got["ids"]}
                nodes = []
                for cid, meta, text, vec in zip(got["ids"], got["metadatas"], got["documents"], got["embeddings"]):
                    node = metadata_dict_to_node(meta, text=text)
                    node.id_ = rename[cid]
                    node.metadata["folder"] = folder
                    if "folder" not in node.excluded_embed_metadata_keys:
                        node.excluded_embed_metadata_keys.append("folder")
                        node.excluded_llm_metadata_keys.append("folder")
                    rels = dict(node.relationships)
                    for kind, rel in rels.items():
                        if isinstance(rel, RelatedNodeInfo):
                            target = new_id if kind == NodeRelationship.SOURCE else rename.get(rel.node_id, rel.node_id)
                            rels[kind] = RelatedNodeInfo(node_id=target, node_type=rel.node_type,
                                                         metadata=rel.metadata, hash=rel.hash)
                    node.relationships = rels
                    node.embedding = list(vec)
                    nodes.append(node)
                if nodes:
                    self.collection.upsert(
                        ids=[n.node_id for n in nodes],
                        embeddings=[n.embedding for n in nodes],
                        metadatas=[{k: ("" if v is None else v) for k, v in
                                    node_to_metadata_dict(n, remove_text=True, flat_metadata=True).items()}
                                   for n in nodes],
                        documents=[n.get_content() for n in nodes],
                    )
                    self.collection.delete(ids=list(rename))
                doc.id_ = new_id
                doc.metadata["folder"] = folder  # last key, as documents.read_file puts it: same hash
                doc.excluded_embed_metadata_keys.append("folder")
                doc.excluded_llm_metadata_keys.append("folder")
                docstore.add_documents([doc], allow_update=True)
                docstore.set_document_hash(new_id, doc.hash)
                docstore.delete_document(old_id, raise_error=False)
                if old_id in stamps:
                    stamps[new_id] = stamps.pop(old_id)
                moved += 1
            self._persist_docstore(docstore)
            self._write_stamps(stamps)
            self._write_format()
            if moved:
                self._bump_generation()
                self.keywords.clear()  # it knew the old chunk ids: rebuilt from Chroma on next use (sync_keywords)
        return moved

    # When each document was last (re)indexed, for the "indexed documents" view.
    @property
    def _stamps_path(self) -> Path:
        return self.dir / "ingested_at.json"

    def _stamps(self) -> dict:
        try:
            return json.loads(self._stamps_path.read_text())
        except (OSError, ValueError):
            return {}

    def _write_stamps(self, stamps: dict) -> None:
        self._stamps_path.write_text(json.dumps(stamps, indent=1, sort_keys=True))

    # -- reads, page by page: one `get` of a whole large collection fails in Chroma
    # ("too many SQL variables" at 41k chunks) and would hold it all in memory
    PAGE = 2000

    def pages(self, include: list[str], page: int = PAGE):
        """The collection in pages of `page` chunks: Chroma `get` results (ids + `include`)."""
        offset = 0
        while True:
            got = self.collection.get(limit=page, offset=offset, include=include)
            if not got["ids"]:
                return
            yield got
            offset += len(got["ids"])

    def iter_nodes(self, page: int = PAGE):
        """Every chunk as a llama-index node, page by page."""
        from llama_index.core.vector_stores.utils import metadata_dict_to_node

        for got in self.pages(["documents", "metadatas"], page):
            for chunk_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                node = metadata_dict_to_node(meta, text=text)
                node.id_ = chunk_id
                yield node

    def sync_keywords(self) -> bool:
        """Rebuild the keyword index from Chroma when it is missing or out of step. → rebuilt?

        Normally a no-op costing two counts: ingest keeps it in step.
        """
        if self.keywords.count() == self.count():
            return False
        from llama_index.core.schema import MetadataMode

        self.keywords.clear()
        batch = []
        for node in self.iter_nodes():
            batch.append((node.node_id, node.ref_doc_id or "", node.get_content(metadata_mode=MetadataMode.EMBED)))
            if len(batch) >= self.PAGE:
                self.keywords.add(batch)
                batch = []
        self.keywords.add(batch)
        return True

    def get_nodes(self, ids: list[str]):
        """The chunks with these ids, in the order given (missing ones left out)."""
        if not ids:
            return []
        by_id = {n.node_id: n for n in self.vector_store.get_nodes(node_ids=list(ids))}
        return [by_id[i] for i in ids if i in by_id]

    def documents(self) -> list[dict]:
        """One row per indexed document: source, title, outlet, chunks, ingested_at, folder, id."""
        rows: dict[str, dict] = {}
        folders: dict[str, str] = {}
        for m in (m for page in self.pages(["metadatas"]) for m in page["metadatas"]):
            doc_id = m.get("document_id", "")
            row = rows.setdefault(
                doc_id,
                {"source": m.get("source") or doc_id, "title": m.get("title", ""), "outlet": m.get("outlet", ""),
                 "chunks": 0},
            )
            row["chunks"] += 1
            folders[doc_id] = m.get("folder", "")
        stamps = self._stamps()
        for doc_id, row in rows.items():
            row["ingested_at"] = stamps.get(doc_id, "")
            row["folder"] = folders.get(doc_id, "")
            row["id"] = doc_id
        return [rows[k] for k in sorted(rows)]
