"""Stage 6: chat messages → streamed answer text, from one of three generators.

All generators share one small interface (`Generator`):

    name: str                      shown in answers and logs
    context_window: int            tokens the model sees (prompt + answer)
    count_tokens(text) -> int      for the prompt budget (prompt.py)
    stream(messages, max_tokens) -> Iterator[str]   text pieces as they come
    yes_no(messages) -> float      optional: the reply's log-odds of Yes over No, for the
                                   answer check (LlamaCpp, Scripted; Ollama's API has no logits)

- `LlamaCpp`: the embedded default; the packaged GGUF through llama-cpp-python.
  One generation at a time per process (a lock): two at once on 2 cores make
  both several times slower.
- `Ollama`: a server at OLLAMA_HOST through the `ollama` client, with explicit
  num_ctx and a timeout; a dead or hung server becomes a clear BackendError.
- `Scripted`: deterministic, for tests of the plumbing only; it answers from
  the passages it is given, never a stand-in for answer quality.

`make_generator(settings)` picks one; `auto` uses Ollama only when it answers.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from typing import Callable, Iterator, Protocol

from .errors import BackendError, BackendTimeout, BackendUnavailable, ConfigError, ModelError
from .model import ensure_model
from .settings import Settings

__all__ = ["Generator", "LlamaCpp", "Ollama", "Scripted", "make_generator", "ollama_is_up"]

Messages = list[dict[str, str]]


class Generator(Protocol):
    name: str
    context_window: int

    def count_tokens(self, text: str) -> int: ...

    def stream(self, messages: Messages, max_tokens: int) -> Iterator[str]: ...


def _keep_output() -> None:
    """Stop llama-cpp-python from pointing this process's stdout/stderr at /dev/null while a model loads.

    With verbose=False it dup2()s file descriptors 1 and 2 to /dev/null around the load
    (`suppress_stdout_stderr`). The model loads in a background thread (preload, warm_up), so
    that swallowed whatever the main thread printed meanwhile: `rag chat` lost its "Reading: …"
    line (tests/test_conversation_e2e.py). llama.cpp's own log lines still go through
    llama-cpp-python's log callback, which verbose=False keeps at errors only.
    """
    import llama_cpp._internals
    import llama_cpp.llama

    keep = lambda disable=True: contextlib.nullcontext()  # noqa: E731
    llama_cpp.llama.suppress_stdout_stderr = llama_cpp._internals.suppress_stdout_stderr = keep


@contextlib.contextmanager
def _repacking(allowed: bool):
    """Load with or without llama.cpp's repacked weights ("extra buffer types"; Settings.repack).

    With them (llama.cpp's default, kept) the Q4_K matrices are interleaved for its q4_K_8x8 kernels. On the
    AMD EPYC (Zen 4, AVX-512 VNNI) of 2026-12-06 a 420-token prompt read at 86–97 tok/s with them and at
    132–136 without, while writing went 26–28 → 22–24 tok/s: without them an answer's first token comes ~1 s
    sooner. But other kernels round differently, and greedy answers shift: over the eval's 402 questions 38
    answers changed, 4 for the better and 5 for the worse, and two splits fell below their thresholds (README
    "Choices"). llama-cpp-python has no argument for it: the model parameters it starts from are llama.cpp's
    defaults, so the default is changed while the model loads.
    """
    if allowed:
        yield
        return
    import llama_cpp.llama_cpp as lib

    default = lib.llama_model_default_params

    def params():
        p = default()
        p.use_extra_bufts = False
        return p

    lib.llama_model_default_params = params
    try:
        yield
    finally:
        lib.llama_model_default_params = default


class LlamaCpp:
    """Embedded llama.cpp. The model loads on first use (≈1 s, ≈2 GB RSS for 1.5B)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = f"llamacpp:{settings.model}"
        self.context_window = settings.n_ctx
        self._llm = None
        self._formatter = None  # the GGUF's chat template, loaded with the model
        self._lock = threading.Lock()  # one generation at a time; others queue here
        self._loading = threading.Lock()  # one load, even when two threads need the model at once
        self._preloading: threading.Thread | None = None
        self._yes_no: tuple[list[int], list[int]] | None = None  # token ids of Yes/No (yes_no)

    def load(self):
        """The llama_cpp.Llama, loaded on first use (also for callers that measure it, e.g. bench/)."""
        if self._llm is not None:
            return self._llm
        with self._loading:
            if self._llm is not None:
                return self._llm
            from llama_cpp import Llama

            _keep_output()

            path = ensure_model(self.settings.model, self.settings.model_dir)
            try:
                with _repacking(self.settings.repack):
                    self._llm = Llama(
                        model_path=str(path),
                        n_ctx=self.settings.n_ctx,
                        n_threads=self.settings.threads or os.cpu_count() or 1,
                        n_batch=512,
                        # Read the weights into memory instead of mmap: measured by the
                        # bench, mmap'd pages count twice in RSS (serving 3.08 → 2.60 GB).
                        use_mmap=False,
                        verbose=False,
                    )
            except (ValueError, RuntimeError) as e:
                raise ModelError(f"llama.cpp could not load {path}: {e}") from e
            return self._llm

    def preload(self) -> None:
        """Start loading the model in a background thread (once; a no-op when it is loaded).

        llama.cpp reads the weights in C without holding the GIL, so on a first question the
        load (≈1.4 s of the 13 s to a first answer at 41k chunks, bench/ "startup") runs while
        the embedder loads and retrieval runs, instead of after them. A load that fails here is
        left for the question's own `load()` to raise, as a ModelError with the fix.
        """
        if self._llm is not None or self._preloading is not None:
            return

        def run():
            try:
                self.load()
            except Exception:  # noqa: BLE001 - reported by the foreground load
                pass

        self._preloading = threading.Thread(target=run, name="llama-preload", daemon=True)
        self._preloading.start()

    def close(self) -> None:
        """Free the model's memory (after a generation in progress ends); the next use loads it again."""
        with self._lock, self._loading:
            if self._llm is not None:
                self._llm.close()
                self._llm = None
                self._formatter = None
                self._preloading = None  # the next question may preload again

    def count_tokens(self, text: str) -> int:
        return len(self.load().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def prompt_tokens(self, messages: Messages) -> tuple[list[int], list[str]]:
        """Messages → (prompt tokens, stop strings), through the GGUF's own chat template.

        Message texts (passages, the question) are tokenised as plain text
        (special=False): "<|im_start|>system" inside a passage is ordinary
        characters, never a turn marker. llama-cpp-python's chat handler
        tokenises the whole rendered prompt with special=True, which turns such
        text into real control tokens; so the template is rendered here with a
        placeholder per message, and only the template's own parts are read
        with special tokens.
        """
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llm = self.load()
        if self._formatter is None:
            template = llm.metadata.get("tokenizer.chat_template")
            if not template:
                raise ModelError(f"{self.settings.model} has no chat template in its GGUF metadata")
            eos = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", "replace")
            bos = llm.detokenize([llm.token_bos()], special=True).decode("utf-8", "replace") if llm.token_bos() >= 0 else ""
            self._formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        slots = [{**m, "content": f"\ue000{i}\ue001"} for i, m in enumerate(messages)]
        rendered = self._formatter(messages=slots)
        tokens: list[int] = []
        for k, part in enumerate(re.split(r"\ue000(\d+)\ue001", rendered.prompt)):
            if k % 2:  # a message's text
                tokens += llm.tokenize(messages[int(part)]["content"].encode("utf-8"), add_bos=False, special=False)
            elif part:  # the template's own text: role markers and separators
                tokens += llm.tokenize(part.encode("utf-8"), add_bos=False, special=True)
        stop = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop] if rendered.stop else []
        return tokens, stop

    def stream(self, messages: Messages, max_tokens: int) -> Iterator[str]:
        with self._lock:
            llm = self.load()
            tokens, stop = self.prompt_tokens(messages)
            # temperature 0: the same question gives the same answer (eval is reproducible);
            # the other sampling values are create_chat_completion's, as before.
            for part in llm.create_completion(
                prompt=tokens, max_tokens=max_tokens, temperature=0.0, repeat_penalty=1.0, stop=stop, stream=True
            ):
                piece = part["choices"][0]["text"]
                if piece:
                    yield piece

    def yes_no(self, messages: Messages) -> float:
        """log P(Yes) − log P(No) for the reply's first token: the model's verdict, read, not written.

        The KV cache of the last prompt is put back afterwards (llama.cpp's per-sequence state
        copy), so the next question still reuses the answer prompt's cached prefix and reads it
        exactly as it would have without this call.
        """
        import ctypes

        import llama_cpp as lc
        import numpy as np

        with self._lock:
            llm = self.load()
            if self._yes_no is None:
                ids = lambda *words: [llm.tokenize(w.encode(), add_bos=False, special=False)[0] for w in words]  # noqa: E731
                self._yes_no = (ids("Yes", "YES", "yes"), ids("No", "NO", "no"))
            yes, no = self._yes_no
            tokens, _ = self.prompt_tokens(messages)
            ctx, kept = llm._ctx.ctx, llm.n_tokens
            kept_ids = llm.input_ids[:kept].copy()
            size = lc.llama_state_seq_get_size(ctx, 0) if kept else 0
            saved = (ctypes.c_uint8 * size)() if size else None
            size = lc.llama_state_seq_get_data(ctx, saved, size, 0) if size else 0
            try:
                llm.reset()
                llm.eval(tokens)
                logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)).astype(np.float64)
            finally:
                llm.reset()
                llm._ctx.kv_cache_seq_rm(0, 0, -1)
                if size and lc.llama_state_seq_set_data(ctx, saved, size, 0) == size:
                    llm.input_ids[:kept] = kept_ids
                    llm.n_tokens = kept
            top = logits.max()
            logp = logits - top - np.log(np.exp(logits - top).sum())
            return float(np.logaddexp.reduce(logp[yes]) - np.logaddexp.reduce(logp[no]))


def ollama_is_up(host: str, timeout: float = 0.5) -> bool:
    import httpx

    url = host if "://" in host else f"http://{host}"
    try:
        return httpx.get(url.rstrip("/") + "/api/version", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


class Ollama:
    """A model served by Ollama (local or remote) through the official client."""

    def __init__(self, settings: Settings, client=None):
        import ollama

        self.settings = settings
        self.host = settings.ollama_host
        self.model = settings.ollama_model
        self.name = f"ollama:{self.model}"
        self.context_window = settings.n_ctx
        # The client is the transport seam: tests may pass their own.
        self._client = client or ollama.Client(host=self.host, timeout=settings.timeout_s)

    def count_tokens(self, text: str) -> int:
        # Ollama has no tokenize endpoint; ~3 characters per token over-counts
        # English slightly, so the budget errs on the side of fitting.
        return len(text) // 3 + 1

    def _fail(self, e: Exception) -> BackendError:
        import httpx
        import ollama

        where = f"Ollama at {self.host}"
        if isinstance(e, (httpx.TimeoutException, TimeoutError)):
            return BackendTimeout(f"{where} did not answer within {self.settings.timeout_s:.0f} s (RAG_TIMEOUT)")
        if isinstance(e, ollama.ResponseError):
            if e.status_code == 404:
                return BackendError(f"{where} has no model {self.model!r}: run `ollama pull {self.model}` or set RAG_OLLAMA_MODEL")
            return BackendError(f"{where} answered an error: {e.error}")
        if isinstance(e, (ConnectionError, httpx.HTTPError)):
            return BackendUnavailable(
                f"{where} is not answering ({type(e).__name__}); start it with `ollama serve`, "
                f"fix OLLAMA_HOST, or set RAG_BACKEND=llamacpp"
            )
        return BackendError(f"{where} failed: {e}")

    def stream(self, messages: Messages, max_tokens: int) -> Iterator[str]:
        import httpx
        import ollama

        errors = (ollama.ResponseError, httpx.HTTPError, ConnectionError, TimeoutError)
        try:
            for part in self._client.chat(
                model=self.model,
                messages=messages,
                stream=True,
                options={"num_ctx": self.settings.n_ctx, "num_predict": max_tokens, "temperature": 0.0},
            ):
                piece = part["message"]["content"]
                if piece:
                    yield piece
        except errors as e:
            raise self._fail(e) from e


class Scripted:
    """Deterministic generator for tests: `reply(messages) -> str`, streamed word by word.

    The default reply copies the first sentence of passage [1] and cites it,
    which exercises citation checking without a model.
    """

    def __init__(self, reply: Callable[[Messages], str] | None = None, context_window: int = 4096,
                 judge: Callable[[Messages], float] | None = None):
        self.name = "scripted"
        self.context_window = context_window
        self._reply = reply or self.first_sentence
        self._judge = judge or (lambda messages: 10.0)  # yes_no: "Yes", confidently, unless told otherwise
        self.calls: list[Messages] = []
        self.judged: list[Messages] = []

    @staticmethod
    def first_sentence(messages: Messages) -> str:
        m = re.search(r"^\[1\] (.+?[.!?])(\s|$)", messages[-1]["content"], re.M)
        return f"{m.group(1)} [1]" if m else "The articles don't say."

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def stream(self, messages: Messages, max_tokens: int) -> Iterator[str]:
        self.calls.append(messages)
        words = self._reply(messages).split(" ")
        for i, w in enumerate(words[:max_tokens]):
            yield w if i == 0 else " " + w

    def yes_no(self, messages: Messages) -> float:
        self.judged.append(messages)
        return self._judge(messages)


def make_generator(settings: Settings) -> Generator:
    if settings.backend == "ollama":
        return Ollama(settings)
    if settings.backend == "llamacpp":
        return LlamaCpp(settings)
    if settings.backend == "auto":
        return Ollama(settings) if ollama_is_up(settings.ollama_host) else LlamaCpp(settings)
    raise ConfigError(f"unknown backend {settings.backend!r}")
