"""Stage 4: question → the top-k passages, by hybrid search.

Two llama-index retrievers over the same chunks, fused by reciprocal rank
(`QueryFusionRetriever`, one query, no LLM rewriting):
  - vector: cosine over all-MiniLM-L6-v2 embeddings in Chroma (meaning);
  - keywords: BM25 over the on-disk full-text index (keywords.py; English
    stemming and stop words): exact names and numbers ("Habomai", "17,000")
    that a small embedder blurs.
Both are queried where they live, so building a Retriever loads nothing and
costs the same at 100k chunks as at 100 (measured in bench/).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import IndexUnavailable
from .index import Index

__all__ = ["Passage", "Retriever"]


@dataclass
class Passage:
    id: str  # chunk id, "<source>#<n>"
    source: str  # file name, the citation key
    title: str
    outlet: str
    text: str
    score: float  # fused rank score (higher is better; not a probability)
    credit: str = ""  # the article's credit lines and dateline, verbatim (documents.py)


def _passage(nws) -> Passage:
    node, meta = nws.node, nws.node.metadata
    return Passage(
        id=node.node_id,
        source=meta.get("source") or node.ref_doc_id or "",
        title=meta.get("title", ""),
        outlet=meta.get("outlet", ""),
        text=node.get_content(),
        score=float(nws.score or 0.0),
        credit=meta.get("credit", ""),
    )


def keyword_retriever(index: Index, top_k: int):
    """The keyword index as a llama-index retriever: ids and scores from FTS5, chunks from Chroma."""
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore

    class KeywordRetriever(BaseRetriever):
        def _retrieve(self, query_bundle):
            hits = index.keywords.search(query_bundle.query_str, top_k)
            score = dict(hits)
            return [NodeWithScore(node=n, score=score[n.node_id]) for n in index.get_nodes([i for i, _ in hits])]

    return KeywordRetriever()


class Retriever:
    def __init__(self, index: Index, top_k: int, candidates: int):
        from llama_index.core import VectorStoreIndex
        from llama_index.core.llms import MockLLM
        from llama_index.core.retrievers import QueryFusionRetriever
        from llama_index.core.retrievers.fusion_retriever import FUSION_MODES

        if index.count() == 0:
            raise IndexUnavailable("the index is empty: run `rag ingest` first")
        index.sync_keywords()  # a no-op unless the keyword index is missing or out of step
        self.top_k = top_k
        self._index = index
        # the two halves, public so each can be timed alone (bench/)
        self.vector = VectorStoreIndex.from_vector_store(index.vector_store, embed_model=index.embedder).as_retriever(
            similarity_top_k=candidates
        )
        self.keywords = keyword_retriever(index, candidates)
        self._fusion = QueryFusionRetriever(
            [self.vector, self.keywords],
            mode=FUSION_MODES.RECIPROCAL_RANK,
            similarity_top_k=2 * candidates,  # fused list; cut to top_k after de-duplication
            num_queries=1,  # no query rewriting: that would cost an LLM call
            use_async=False,
            llm=MockLLM(),
        )

    def with_phrase(self, phrase: str, query: str, k: int) -> list[Passage]:
        """Chunks that hold `phrase` and one of the query's rare words (keywords.phrase), best first:
        where a role is named ("foreign minister") for questions asked across the articles."""
        from llama_index.core.schema import NodeWithScore

        hits = self._index.keywords.phrase(phrase, query, k)
        score = dict(hits)
        return [_passage(NodeWithScore(node=n, score=score[n.node_id])) for n in self._index.get_nodes([i for i, _ in hits])]

    def rarity(self, query: str) -> dict[str, float]:
        """The query's words → how rare each is in the library (keywords.KeywordIndex.rarity)."""
        return self._index.keywords.rarity(query)

    def retrieve(self, query: str, top_k: int | None = None) -> list[Passage]:
        k = top_k or self.top_k
        out: list[Passage] = []
        seen: set[str] = set()
        for nws in self._fusion.retrieve(query):
            p = _passage(nws)
            key = " ".join(p.text.split()).lower()
            if key in seen:  # the same text from a duplicate file: one slot, not two
                continue
            seen.add(key)
            out.append(p)
            if len(out) == k:
                break
        return out
