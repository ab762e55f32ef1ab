"""Stage 2: documents → chunks.

A sentence-aware splitter (llama-index `SentenceSplitter`) that counts tokens
with the embedder's own tokenizer, so a chunk never exceeds what
all-MiniLM-L6-v2 reads (256 word pieces; longer input is silently cut by the
model). Chunk ids are deterministic (`<source>#<n>`), so re-running an ingest
that was killed midway rewrites the same ids instead of adding duplicates.
"""

from __future__ import annotations

from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import NodeRelationship, TransformComponent

from .documents import body
from .embeddings import load_tokenizer

__all__ = ["make_splitter", "chunk_id", "DropCaptions", "DropRepeatedChunks"]


def chunk_id(i: int, doc) -> str:
    return f"{doc.doc_id}#{i}"


def make_splitter(chunk_tokens: int, chunk_overlap: int) -> SentenceSplitter:
    tokenizer = load_tokenizer()
    return SentenceSplitter(
        chunk_size=chunk_tokens,
        chunk_overlap=chunk_overlap,
        paragraph_separator="\n\n",
        tokenizer=tokenizer,
        id_func=chunk_id,
    )


class DropCaptions(TransformComponent):
    """Documents → the same documents without their photo captions (documents.body), before splitting.

    Captions stay in the article text the docstore keeps (quoted when a photo is asked about), but kept in a
    chunk they changed retrieval for other questions: with the Mainichi's "Putin attends a meeting … in
    Moscow, Russia, on Dec. 18, 2018" in its last chunk, four right dev answers went wrong. The documents
    given are not changed: the docstore stores them as they are.
    """

    def __call__(self, nodes, **kwargs):
        out = []
        for node in nodes:
            text = body(node.get_content())
            if text != node.get_content():
                node = node.model_copy()
                node.set_content(text)
            out.append(node)
        return out


class DropRepeatedChunks(TransformComponent):
    """Keep the first of identical chunks within a document (whitespace and case ignored).

    A file of 10,000 identical lines became 1,429 identical chunks, which filled
    every retrieval slot and crowded the real answer out. Identical chunks across
    files stay (each file is its own source); retrieval gives them one slot.
    Kept chunks are renumbered `<source>#0..n-1` and re-linked prev/next, so ids
    stay dense and deterministic.
    """

    def __call__(self, nodes, **kwargs):
        kept, seen, dropped_in = [], set(), set()
        for node in nodes:
            key = (node.ref_doc_id, " ".join(node.get_content().split()).lower())
            if key in seen:
                dropped_in.add(node.ref_doc_id)
                continue
            seen.add(key)
            kept.append(node)
        if not dropped_in:
            return kept
        by_doc: dict = {}
        for node in kept:
            by_doc.setdefault(node.ref_doc_id, []).append(node)
        for doc_id in dropped_in:
            doc_nodes = by_doc[doc_id]
            for k, node in enumerate(doc_nodes):
                node.id_ = f"{doc_id}#{k}"
            for k, node in enumerate(doc_nodes):
                node.relationships.pop(NodeRelationship.PREVIOUS, None)
                node.relationships.pop(NodeRelationship.NEXT, None)
                if k:
                    node.relationships[NodeRelationship.PREVIOUS] = doc_nodes[k - 1].as_related_node_info()
                if k + 1 < len(doc_nodes):
                    node.relationships[NodeRelationship.NEXT] = doc_nodes[k + 1].as_related_node_info()
        return kept
