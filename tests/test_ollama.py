"""The Ollama backend, against a small Ollama-API-compatible server started here on loopback.

No real Ollama server can be installed on this machine; `fake_ollama.py`
speaks its HTTP API. What is tested is our client code: streaming, options,
timeouts and error messages.
"""

import socket

import pytest
from fake_ollama import FakeOllama

from rag import Assistant, BackendError, BackendTimeout, BackendUnavailable, LlamaCpp, Ollama
from rag.generation import make_generator


@pytest.fixture
def server():
    s = FakeOllama()
    yield s
    s.close()


def _dead_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    return f"http://127.0.0.1:{port}"


def test_answers_through_ollama_with_explicit_context(settings, server):
    s = settings.replace(backend="ollama", ollama_host=server.url, n_ctx=3072)
    a = Assistant(s)
    a.ingest()
    parts = list(a.stream("What did Lavrov say Japan must recognize?"))
    ans = parts[-1]
    assert len(parts) > 3  # streamed piece by piece
    assert not ans.refused and ans.citations and ans.backend == "ollama:qwen2.5-coder:1.5b"
    opts = server.requests[-1]["options"]
    assert opts["num_ctx"] == 3072 and opts["num_predict"] == s.max_answer_tokens and opts["temperature"] == 0


def test_auto_uses_ollama_only_when_it_answers(settings, server):
    assert isinstance(make_generator(settings.replace(backend="auto", ollama_host=server.url)), Ollama)
    assert isinstance(make_generator(settings.replace(backend="auto", ollama_host=_dead_url())), LlamaCpp)


def test_dead_server_is_a_clear_error(settings):
    url = _dead_url()
    gen = Ollama(settings.replace(backend="ollama", ollama_host=url))
    with pytest.raises(BackendUnavailable, match=f"Ollama at {url} is not answering.*RAG_BACKEND=llamacpp"):
        list(gen.stream([{"role": "user", "content": "hi"}], 10))


def test_hung_server_times_out(settings, server):
    server.mode = "hang"
    gen = Ollama(settings.replace(backend="ollama", ollama_host=server.url, timeout_s=1))
    with pytest.raises(BackendTimeout, match="did not answer within 1 s"):
        list(gen.stream([{"role": "user", "content": "hi"}], 10))


def test_server_dying_mid_stream_is_an_error_not_a_short_answer(settings, server):
    server.mode = "die"
    gen = Ollama(settings.replace(backend="ollama", ollama_host=server.url))
    with pytest.raises(BackendError):
        list(gen.stream([{"role": "user", "content": "[1] One two three four five.\nQ"}], 50))


def test_missing_model_says_how_to_get_it(settings, server):
    gen = Ollama(settings.replace(backend="ollama", ollama_host=server.url, ollama_model="llama9:70b"))
    with pytest.raises(BackendError, match="ollama pull llama9:70b"):
        list(gen.stream([{"role": "user", "content": "hi"}], 10))
