"""Generators for the bench: a metering wrapper, and the same model as a llama-index LLM.

`Metered` delegates to a real `rag.generation` generator (the `Generator`
interface: name, context_window, count_tokens, stream) and records, per call:

    prompt_tokens     the messages rendered with the model's own chat template, tokenized
    cached_tokens     of those, the prefix llama.cpp already holds in its KV cache
                      (it re-evaluates only the rest: `Llama.generate` prefix match)
    completion_tokens tokens of the text it wrote
    t_call, t_first, t_end   perf_counter() at the call, the first piece, the end

Nothing in rag/ is changed: the Assistant is handed the wrapper as its generator.

`LlamaIndexLLM` makes the same generator a llama-index `CustomLLM` (complete /
stream_complete), for the baseline `index.as_query_engine(llm=...)`. A prompt
becomes one user message, so the model's chat template applies as in ours.
"""

from __future__ import annotations

import time
from typing import Any, Iterator

from llama_index.core.llms import CompletionResponse, CompletionResponseGen, CustomLLM, LLMMetadata
from llama_index.core.llms.callbacks import llm_completion_callback
from pydantic import PrivateAttr


def _common_prefix(a, b) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class Metered:
    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.context_window = inner.context_window
        self.calls: list[dict] = []
        if hasattr(inner, "yes_no"):  # the answer check (rag.answer), timed by the Assistant (timings["check_s"])
            self.yes_no = inner.yes_no

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def warm(self) -> None:
        """Load the model now (not inside a timed answer)."""
        self.inner.count_tokens("warm")

    def _prompt_tokens(self, messages) -> tuple[int, int]:
        """→ (prompt tokens as the model sees them, tokens of it already in the KV cache)."""
        if not hasattr(self.inner, "prompt_tokens"):  # not llama.cpp: count the text, no template, no cache knowledge
            return sum(self.inner.count_tokens(m["content"]) for m in messages), 0
        llm = self.inner.load()
        tokens, _ = self.inner.prompt_tokens(messages)  # exactly what LlamaCpp.stream evaluates
        cached = _common_prefix(list(llm.input_ids[: llm.n_tokens]), tokens)
        return len(tokens), min(cached, len(tokens) - 1)  # llama.cpp always evaluates at least one

    def stream(self, messages, max_tokens: int) -> Iterator[str]:
        prompt_tokens, cached = self._prompt_tokens(messages)
        rec = {"prompt_tokens": prompt_tokens, "cached_tokens": cached, "t_call": time.perf_counter(), "t_first": None,
               "messages": messages}
        text = ""
        for piece in self.inner.stream(messages, max_tokens):
            if rec["t_first"] is None:
                rec["t_first"] = time.perf_counter()
            text += piece
            yield piece
        rec["t_end"] = time.perf_counter()
        rec["completion_tokens"] = self.inner.count_tokens(text) if text else 0
        rec["text"] = text
        self.calls.append(rec)


class LlamaIndexLLM(CustomLLM):
    """A `rag.generation` generator as a llama-index LLM (completion style)."""

    max_tokens: int = 256
    _generator: Any = PrivateAttr()

    def __init__(self, generator, max_tokens: int = 256, **kwargs):
        super().__init__(max_tokens=max_tokens, **kwargs)
        self._generator = generator

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self._generator.context_window,
            num_output=self.max_tokens,
            model_name=self._generator.name,
            is_chat_model=False,
        )

    def _messages(self, prompt: str):
        return [{"role": "user", "content": prompt}]

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text="".join(self._generator.stream(self._messages(prompt), self.max_tokens)))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        def gen():
            text = ""
            for piece in self._generator.stream(self._messages(prompt), self.max_tokens):
                text += piece
                yield CompletionResponse(text=text, delta=piece)

        return gen()
