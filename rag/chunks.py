"""Stage 2: documents → chunks.

A sentence-aware splitter (llama-index `SentenceSplitter`) that counts tokens
with the embedder's own tokenizer, so a chunk never exceeds what
all-MiniLM-L6-v2 reads (256 word pieces; longer input is silently cut by the
model). Chunk ids are deterministic (`<source>#<n>`), so re-running an ingest
that was killed midway rewrites the same ids instead of adding duplicates.
"""

from __future__ import annotations

from llama_index.core.node_parser import SentenceSplitter

from .embeddings import load_tokenizer

__all__ = ["make_splitter", "chunk_id"]


def chunk_id(i: int, doc) -> str:
    return f"{doc.doc_id}#{i}"


def make_splitter(chunk_tokens: int, chunk_overlap: int) -> SentenceSplitter:
    tokenizer = load_tokenizer()
    return SentenceSplitter(
        chunk_size=chunk_tokens,
        chunk_overlap=chunk_overlap,
        paragraph_separator="\n\n",
        tokenizer=tokenizer.tokenize,
        id_func=chunk_id,
    )
