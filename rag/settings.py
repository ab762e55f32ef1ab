"""Configuration: one frozen object; every field declared once, with its environment variable.

Each field of `Settings` is declared by `setting(default, env, help)`: its name
and type are the field's, its default, environment variable(s) and help text
sit next to it, and nowhere else. `Settings.from_env()` reads them all in one
loop; the README's settings table is generated from the same declarations
(`rag settings --markdown`, and a test fails when the README is out of date).

Code that needs a setting takes a `Settings`, so tests build their own
(`Settings(index_dir=…)`, `settings.replace(top_k=8)`) without touching the
environment.

Where one setting has two environment variables, the first one set wins:
RAG_HOST / RAG_PORT before Gradio's own GRADIO_SERVER_NAME / GRADIO_SERVER_PORT.
Ours come first because they name this app only, while the Gradio ones are often
set for every Gradio app on a machine or image (GRADIO_SERVER_NAME=0.0.0.0 is
common in containers); an explicit RAG_HOST should not be overridden by that.
Command-line options (`rag serve --host`) override both.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "BACKENDS", "setting", "env_names", "markdown_table"]

BACKENDS = ("auto", "llamacpp", "ollama")


def setting(default=MISSING, env: str | tuple[str, ...] = (), help: str = "", *, factory=None, shown: str = "") -> Field:
    """Declare one field: default (or `factory` for a computed one), env var name(s), help text.

    `shown` is how the README writes a default that depends on the machine
    (the home folder, the number of cores).
    """
    envs = (env,) if isinstance(env, str) else tuple(env)
    meta = {"env": envs, "help": help, "shown": shown}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    # -- where the data lives
    corpus_dir: Path = setting(Path("seeds"), "RAG_CORPUS", "corpus folder (.txt .md .html .pdf, nested folders fine)")
    index_dir: Path = setting(Path("index"), "RAG_INDEX", "index folder (Chroma files, docstore of content hashes)")
    chroma_url: str = setting("", "RAG_CHROMA_URL", "use a Chroma server instead, e.g. `http://127.0.0.1:8000`")
    collection: str = setting("news", "RAG_COLLECTION", "Chroma collection name")
    # -- generation
    backend: str = setting(
        "auto", "RAG_BACKEND", "`llamacpp`, `ollama`, or `auto` (Ollama if `OLLAMA_HOST` answers, else llama.cpp)"
    )
    model: str = setting(
        "qwen2.5-coder-1.5b", "RAG_MODEL",
        "packaged model (`qwen2.5-coder-1.5b`, `qwen2.5-0.5b`) or a path to a `.gguf`",
    )
    model_dir: Path = setting(
        env="RAG_MODEL_DIR", help="where packaged models are assembled",
        factory=lambda: Path.home() / ".cache" / "rag-news" / "models", shown="~/.cache/rag-news/models",
    )
    ollama_host: str = setting("http://127.0.0.1:11434", "OLLAMA_HOST", "Ollama server (Ollama's own variable)")
    ollama_model: str = setting("qwen2.5-coder:1.5b", "RAG_OLLAMA_MODEL", "model name on the Ollama server")
    n_ctx: int = setting(4096, "RAG_N_CTX", "context window (also Ollama's `num_ctx`); prompts are fitted to it")
    max_answer_tokens: int = setting(256, "RAG_MAX_ANSWER_TOKENS", "longest answer, in tokens")
    threads: int = setting(0, "RAG_THREADS", "llama.cpp threads (0: all cores)")
    repack: bool = setting(True, "RAG_LLAMA_REPACK", "llama.cpp repacks the weights for its batched kernels; 0 reads "
                           "prompts ~40% faster here but writes slower and shifts answers (README \"Choices\")")
    timeout_s: float = setting(120.0, "RAG_TIMEOUT", "seconds before a silent Ollama server is given up")
    # -- chunking and retrieval (chosen by measurement: see README "Choices")
    chunk_tokens: int = setting(128, "RAG_CHUNK_TOKENS", "chunk size in embedder tokens")
    chunk_overlap: int = setting(24, "RAG_CHUNK_OVERLAP", "overlap between neighbouring chunks, in tokens")
    top_k: int = setting(8, "RAG_TOP_K", "chunks retrieved; the model is shown their best sentences")
    candidates: int = setting(12, "RAG_CANDIDATES", "candidates per retriever (vector, BM25) before fusion")
    context_sentences: int = setting(
        8, "RAG_CONTEXT_SENTENCES",
        "the model sees this many sentences of the top_k chunks, those closest to the question (0: whole chunks)",
    )
    # -- answer checks
    min_relevance: float = setting(
        0.45, "RAG_MIN_RELEVANCE",
        "below this question–passage similarity the question is refused unanswered (eval: answerable ≥ 0.49)",
    )
    support_threshold: float = setting(
        0.5, "RAG_SUPPORT_THRESHOLD", "support score a cited sentence must reach to be kept (set on the eval set)"
    )
    retry: bool = setting(
        True, "RAG_RETRY", "ask the model once more, over the best-answering sentences, when its draft fails the checks"
    )
    min_evidence: float = setting(
        0.7, "RAG_MIN_EVIDENCE",
        "quote the best-answering passage sentence when the model's answers fail and it scores this much "
        "(dev: answered unanswerable questions' best sentences ≤ 0.64)",
    )
    min_check: float = setting(
        float("-inf"), "RAG_MIN_CHECK",
        "strict mode: the model's own yes/no check of each answer it writes (log-odds of Yes over No, read not "
        "written; ~1 s per answer); below this the answer is refused, or a quoted sentence the model judges right "
        "stands in. `0.6`: chosen on the dev splits, more "
        "refusals of questions the articles don't answer and more refused answerable ones (README \"Choices\"); "
        "`-inf`: off. Not with Ollama (no logits)",
    )
    max_question_chars: int = setting(2000, "RAG_MAX_QUESTION_CHARS", "longest question accepted")
    # -- web chat (`rag serve`, `python app.py`)
    host: str = setting(
        "127.0.0.1", ("RAG_HOST", "GRADIO_SERVER_NAME"),
        "interface the web chat listens on (`127.0.0.1`: this machine only)",
    )
    port: int = setting(7860, ("RAG_PORT", "GRADIO_SERVER_PORT"), "web chat port")
    auth: str = setting(
        "", "RAG_AUTH", "`USER:PASSWORD` to require a login; set it before exposing the chat beyond this machine"
    )
    queue_max: int = setting(
        32, "RAG_QUEUE_MAX", "waiting web requests; past it, new ones get \"queue is full\" at once"
    )

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"backend must be one of {', '.join(BACKENDS)}; got {self.backend!r} (RAG_BACKEND)")
        if not 1 <= self.top_k <= 50:
            raise ConfigError(f"top_k must be between 1 and 50; got {self.top_k} (RAG_TOP_K)")
        if self.chunk_overlap >= self.chunk_tokens:
            raise ConfigError("chunk_overlap must be smaller than chunk_tokens (RAG_CHUNK_OVERLAP, RAG_CHUNK_TOKENS)")
        if not 0 < self.port < 65536:
            raise ConfigError(f"port must be between 1 and 65535; got {self.port} (RAG_PORT)")
        if self.auth:
            user, sep, password = self.auth.partition(":")
            if not (sep and user and password):
                raise ConfigError("auth must be USER:PASSWORD (RAG_AUTH)")
        if self.queue_max < 1:
            raise ConfigError(f"queue_max must be at least 1; got {self.queue_max} (RAG_QUEUE_MAX)")

    @classmethod
    def from_env(cls, environ=None, **overrides) -> "Settings":
        """Settings from the environment; keyword overrides (e.g. CLI options) win, None means "not given"."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            if f.name in overrides and overrides[f.name] is not None:
                continue
            for name in f.metadata["env"]:
                raw = environ.get(name, "").strip()
                if raw:
                    values[f.name] = _parse(f, name, raw)
                    break
        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def auth_pair(self) -> tuple[str, str] | None:
        """`auth` as (user, password), or None when no login is required."""
        if not self.auth:
            return None
        user, _, password = self.auth.partition(":")
        return user, password


def _parse(f: Field, name: str, raw: str):
    kind = f.type if isinstance(f.type, str) else f.type.__name__  # annotations are strings (future import)
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        what = "a whole number" if kind == "int" else "a number"
        raise ConfigError(f"{name} must be {what}, got {raw!r}") from None
    if kind == "bool":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{name} must be 1/true/yes/on or 0/false/no/off, got {raw!r}")
    if kind == "Path":
        return Path(raw).expanduser()
    if f.name == "backend":
        return raw.lower()
    return raw


def env_names(name: str) -> tuple[str, ...]:
    """The environment variable(s) of one setting, e.g. env_names("host") → ("RAG_HOST", "GRADIO_SERVER_NAME")."""
    return next(f.metadata["env"] for f in fields(Settings) if f.name == name)


def _shown_default(f: Field) -> str:
    if f.metadata["shown"]:
        return f"`{f.metadata['shown']}`"
    value = f.default
    if value == "":
        return "*(empty)*"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def markdown_table() -> str:
    """The README's settings table, from the declarations above."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for f in fields(Settings):
        names = " / ".join(f"`{n}`" for n in f.metadata["env"])
        rows.append(f"| {names} | {_shown_default(f)} | {f.metadata['help']} |")
    return "\n".join(rows) + "\n"
