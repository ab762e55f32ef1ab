"""Configuration: one frozen object, read from environment variables.

Every field has an environment variable (listed in the README); code that needs
a setting takes a `Settings`, so tests build their own without touching the
environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "BACKENDS"]

BACKENDS = ("auto", "llamacpp", "ollama")


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _float(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    # where the data lives
    corpus_dir: Path = Path("seeds")
    index_dir: Path = Path("index")
    chroma_url: str = ""  # e.g. http://127.0.0.1:8000 to use a Chroma server
    collection: str = "news"
    # generation
    backend: str = "auto"  # auto | llamacpp | ollama
    model: str = "qwen2.5-coder-1.5b"  # packaged GGUF name, or a path to a .gguf
    model_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "rag-news" / "models")
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen2.5-coder:1.5b"
    n_ctx: int = 4096  # context window given to the model (num_ctx for Ollama)
    max_answer_tokens: int = 256
    threads: int = 0  # 0 = all cores
    timeout_s: float = 120.0
    # chunking and retrieval (chosen by measurement: see README "Choices")
    chunk_tokens: int = 128
    chunk_overlap: int = 24
    top_k: int = 4
    candidates: int = 12  # per retriever, before fusion
    context_sentences: int = 3  # show the model only this many best sentences per passage (0: whole chunks)
    min_relevance: float = 0.45  # below this (question-sentence cosine) we refuse; eval: answerable ≥ 0.49
    max_question_chars: int = 2000

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"backend must be one of {', '.join(BACKENDS)}; got {self.backend!r}")
        if not 1 <= self.top_k <= 50:
            raise ConfigError(f"top_k must be between 1 and 50; got {self.top_k}")
        if self.chunk_overlap >= self.chunk_tokens:
            raise ConfigError("chunk_overlap must be smaller than chunk_tokens")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        d = cls.__dataclass_fields__
        values = dict(
            corpus_dir=Path(_env("RAG_CORPUS", "seeds")),
            index_dir=Path(_env("RAG_INDEX", "index")),
            chroma_url=_env("RAG_CHROMA_URL", ""),
            collection=_env("RAG_COLLECTION", "news"),
            backend=_env("RAG_BACKEND", "auto").lower(),
            model=_env("RAG_MODEL", d["model"].default),
            model_dir=Path(_env("RAG_MODEL_DIR", str(d["model_dir"].default_factory()))),
            ollama_host=_env("OLLAMA_HOST", d["ollama_host"].default),
            ollama_model=_env("RAG_OLLAMA_MODEL", d["ollama_model"].default),
            n_ctx=_int("RAG_N_CTX", d["n_ctx"].default),
            max_answer_tokens=_int("RAG_MAX_ANSWER_TOKENS", d["max_answer_tokens"].default),
            threads=_int("RAG_THREADS", d["threads"].default),
            timeout_s=_float("RAG_TIMEOUT", d["timeout_s"].default),
            chunk_tokens=_int("RAG_CHUNK_TOKENS", d["chunk_tokens"].default),
            chunk_overlap=_int("RAG_CHUNK_OVERLAP", d["chunk_overlap"].default),
            top_k=_int("RAG_TOP_K", d["top_k"].default),
            context_sentences=_int("RAG_CONTEXT_SENTENCES", d["context_sentences"].default),
            min_relevance=_float("RAG_MIN_RELEVANCE", d["min_relevance"].default),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes) -> "Settings":
        return replace(self, **changes)
