"""A fix the bench needs to measure rag at ~13k chunks, applied from outside rag/.

`rag/index.py` hands all new chunks of an ingest to `ChromaVectorStore.add`, which
(llama-index-vector-stores-chroma 0.6.0) splits them into batches of 41,665, but
chromadb 1.5.9's embedded client takes at most `client.get_max_batch_size()` (5,461
here) per call. So an ingest that adds more than ~5.4k chunks at once embeds
everything and then fails with `InternalError: Batch size of N is greater than max
batch size of 5461`, writing nothing (the docstore is not written either, so the next
run embeds everything again). The 3.6 MB Python-docs corpus adds ~13k chunks.

`BatchedChromaVectorStore` is that fix: the same store, whose `add` respects the
client's limit. rag/index.py now has its own (`_batched_store`); the bench swaps this
one into the `Index` it measures only when rag's store does not batch, and records
whether it did (bench.json: `chroma_batch_fix`).
"""

from __future__ import annotations

from llama_index.vector_stores.chroma import ChromaVectorStore
from llama_index.vector_stores.chroma import base as chroma_base
from pydantic import PrivateAttr


class BatchedChromaVectorStore(ChromaVectorStore):
    """ChromaVectorStore whose add() never sends Chroma more than its max batch size."""

    _max_batch: int = PrivateAttr(default=5000)

    def __init__(self, *, max_batch: int, **kwargs):
        super().__init__(**kwargs)
        self._max_batch = max(1, max_batch)

    def add(self, nodes, **kwargs):
        ids = []
        for i in range(0, len(nodes), self._max_batch):
            ids.extend(super().add(nodes[i : i + self._max_batch], **kwargs))
        return ids


def max_batch(collection) -> int:
    return collection._client.get_max_batch_size()


def apply_chroma_batch_fix(index) -> dict:
    """Swap the batched store into a rag `Index` when Chroma's limit is below the library's
    batches and rag's own store doesn't batch already (rag/index.py has had `_batched_store`
    since commit 9a90069; then this does nothing)."""
    limit = max_batch(index.collection)
    rag_batches = type(index.vector_store).add is not ChromaVectorStore.add
    needed = limit < chroma_base.MAX_CHUNK_SIZE and not rag_batches
    if needed:
        index.vector_store = BatchedChromaVectorStore(chroma_collection=index.collection, max_batch=limit)
    return {"chroma_max_batch": limit, "library_batch": chroma_base.MAX_CHUNK_SIZE,
            "rag_batches_itself": rag_batches, "applied": needed}
