"""Stage 3b: chunks + vectors → a persisted Chroma collection, kept in step with the corpus.

`Index.ingest(documents)` runs a llama-index `IngestionPipeline` (splitter →
embedder → Chroma) with a docstore of document content hashes and the
UPSERTS_AND_DELETE strategy:

    unchanged file  → skipped (no splitting, no embedding)
    changed file    → its old chunks deleted, new ones added
    new file        → chunks added
    file gone       → its chunks deleted

The docstore (index/docstore.json) is written only after Chroma is updated. If
an ingest dies in between, `_reconcile` on the next run drops chunks whose
document the docstore doesn't vouch for, so they are rebuilt, never doubled.
One ingest at a time per index folder (a file lock).

Chroma is embedded (index/chroma) or a server (RAG_CHROMA_URL); either way we
always pass our own embeddings, so Chroma's default embedding function (which
downloads a model) is never used, and its telemetry is off.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

from .chunks import DropRepeatedChunks, make_splitter
from .errors import CorpusError, IndexUnavailable
from .keywords import KeywordIndex
from .settings import Settings

__all__ = ["Index", "IngestReport"]


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    chunks_added: int = 0
    chunks_total: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = f", {self.chunks_added / self.seconds:.1f} chunks/s" if self.chunks_added and self.seconds else ""
        return (
            f"documents: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.skipped} skipped; chunks: {self.chunks_added} new, "
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


GENERATION_KEY = "rag:generation"  # collection metadata: changes with every ingest that changes chunks


class Index:
    def __init__(self, settings: Settings, embedder=None):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self._embedder = embedder
        self._open()
        self._docstore_path = self.dir / "docstore.json"

    def _open(self) -> None:
        client = _chroma_client(self.settings)
        self._client = client
        self.collection = client.get_or_create_collection(
            self.settings.collection,
            metadata={"hnsw:space": "cosine"},
            embedding_function=None,
        )
        if getattr(self, "keywords", None) is not None:
            self.keywords.close()
        self.keywords = KeywordIndex(self.dir / "keywords.sqlite")
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

        if not self.settings.chroma_url:
            # chromadb shares one System (with its in-memory segments) per path in a
            # process; forget ours so a new client loads the segments afresh. The
            # old System stays alive for whoever still holds it.
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

            self._embedder = load_embedder()
        return self._embedder

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

    def _reconcile(self, docstore) -> None:
        """Make Chroma and the docstore agree after a crash or a lost docstore."""
        known = set(docstore.get_all_document_hashes().values())
        in_chroma = {m.get("document_id") for page in self.pages(["metadatas"]) for m in page["metadatas"]}
        for doc_id in in_chroma - known:  # chunks no finished ingest vouches for
            self.vector_store.delete(doc_id)
        for doc_id in known - in_chroma:  # a document whose chunks are gone
            docstore.delete_document(doc_id, raise_error=False)  # also forgets its hash

    @contextlib.contextmanager
    def _lock(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / ".ingest.lock", "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexUnavailable(f"another ingest is running on {self.dir}; wait for it to finish") from None
            yield

    def ingest(self, documents, skipped: int = 0, progress: bool = True) -> IngestReport:
        from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline

        if not documents:
            # An empty list would make UPSERTS_AND_DELETE delete every chunk: refuse.
            raise CorpusError("no readable documents found; nothing was changed in the index")
        start = time.perf_counter()
        with self._lock():
            docstore = self._load_docstore()
            self._reconcile(docstore)
            before = {doc_id: h for h, doc_id in docstore.get_all_document_hashes().items()}
            report = IngestReport(skipped=skipped)
            current = set()
            for doc in documents:
                current.add(doc.doc_id)
                old = before.get(doc.doc_id)
                if old is None:
                    report.added += 1
                elif old != doc.hash:
                    report.updated += 1
                else:
                    report.unchanged += 1
            report.removed = len(set(before) - current)

            if report.added or report.updated or report.removed:
                pipeline = IngestionPipeline(
                    transformations=[
                        make_splitter(self.settings.chunk_tokens, self.settings.chunk_overlap),
                        DropRepeatedChunks(),
                        self.embedder,
                    ],
                    vector_store=self.vector_store,
                    docstore=docstore,
                    docstore_strategy=DocstoreStrategy.UPSERTS_AND_DELETE,
                )
                nodes = pipeline.run(documents=documents, show_progress=progress)
                report.chunks_added = len(nodes)
                docstore.persist(str(self._docstore_path))
                self._bump_generation()
                stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
                stamps = {k: v for k, v in self._stamps().items() if k in current}
                stamps.update({d.doc_id: stamp for d in documents if before.get(d.doc_id) != d.hash})
                self._stamps_path.write_text(json.dumps(stamps, indent=1, sort_keys=True))
            report.chunks_total = self.count()
        report.seconds = time.perf_counter() - start
        return report

    # When each document was last (re)indexed, for the "indexed documents" view.
    @property
    def _stamps_path(self) -> Path:
        return self.dir / "ingested_at.json"

    def _stamps(self) -> dict:
        try:
            return json.loads(self._stamps_path.read_text())
        except (OSError, ValueError):
            return {}

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
        """One row per indexed document: source, title, outlet, chunks, ingested_at."""
        rows: dict[str, dict] = {}
        for m in (m for page in self.pages(["metadatas"]) for m in page["metadatas"]):
            src = m.get("document_id", "")
            row = rows.setdefault(
                src, {"source": src, "title": m.get("title", ""), "outlet": m.get("outlet", ""), "chunks": 0}
            )
            row["chunks"] += 1
        stamps = self._stamps()
        for src, row in rows.items():
            row["ingested_at"] = stamps.get(src, "")
        return [rows[k] for k in sorted(rows)]
