"""The web chat's plumbing: a real index over seeds/ (real Chroma, real embedder), a
`Scripted` generator instead of the model, the app served on 127.0.0.1 and called
through gradio_client exactly as the README documents.

The model's answer quality is not tested here (see test_browser.py and eval/).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from rag import Assistant, BackendUnavailable, ModelError, Scripted, Settings
from rag.conversation import CONDENSE_SYSTEM, Turn, condense, looks_like_follow_up, normalize_history

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT))
import app  # noqa: E402

gradio_client = pytest.importorskip("gradio_client")
from gradio_client.exceptions import AppError  # noqa: E402

# Gradio's Dataframe code trips pandas 3 deprecation warnings; not ours.
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")

REWRITE = "What did Russia say about Japan dropping the June peace treaty deal?"


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


SEED_TEXT = {p.name: _norm(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Brain:
    """What the Scripted generator does, switchable per test: answer, fail, or be slow."""

    def __init__(self):
        self.fail: Exception | None = None
        self.delay = 0.0
        self.log: list[tuple[str, float, float]] = []  # (kind, start, end)
        self.lock = threading.Lock()

    def reply(self, messages) -> str:
        start = time.monotonic()
        if self.fail is not None:
            raise self.fail
        if self.delay:
            time.sleep(self.delay)
        if messages[0]["content"] == CONDENSE_SYSTEM:  # the condense prompt
            text = REWRITE
            kind = "condense"
        else:
            text = Scripted.first_sentence(messages)
            kind = "answer"
        with self.lock:
            self.log.append((kind, start, time.monotonic()))
        return text


class NoOutbound:
    """Records every socket connection the process tries to anything but loopback."""

    def __init__(self):
        self.attempts: list = []
        self._orig = socket.socket.connect
        self._orig_ex = socket.socket.connect_ex

    def _check(self, sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host not in ("127.0.0.1", "::1", "localhost", "0.0.0.0") and not str(host).startswith("127."):
                self.attempts.append(address)

    def __enter__(self):
        outer = self

        def connect(sock, address):
            outer._check(sock, address)
            return outer._orig(sock, address)

        def connect_ex(sock, address):
            outer._check(sock, address)
            return outer._orig_ex(sock, address)

        socket.socket.connect = connect
        socket.socket.connect_ex = connect_ex
        return self

    def __exit__(self, *exc):
        socket.socket.connect = self._orig
        socket.socket.connect_ex = self._orig_ex


@pytest.fixture(scope="module")
def outbound():
    with NoOutbound() as guard:
        yield guard


@pytest.fixture(scope="module")
def brain():
    return Brain()


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, brain, outbound):
    tmp = tmp_path_factory.mktemp("app")
    settings = Settings(index_dir=tmp / "index", corpus_dir=SEEDS, backend="llamacpp")
    a = Assistant(settings, generator=Scripted(brain.reply))
    a.ingest()
    return a


@pytest.fixture(scope="module")
def server(assistant):
    demo = app.build_app(assistant)
    port = _free_port()
    _, url, _ = app.launch(demo, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def client(server):
    return gradio_client.Client(server, verbose=False)


@pytest.fixture(autouse=True)
def _reset(brain):
    brain.fail, brain.delay = None, 0.0
    yield
    brain.fail, brain.delay = None, 0.0


# -- the documented endpoint ---------------------------------------------------------
def test_server_listens_on_loopback_only(server):
    assert server.startswith("http://127.0.0.1:")


def test_ask_returns_the_batch_record(client):
    record = client.predict("Why did Japan drop the June deal with Russia?", api_name="/ask")
    assert set(record) == {"question", "standalone_question", "answer", "refused", "reason", "citations", "timings"}
    assert record["question"] == "Why did Japan drop the June deal with Russia?"
    assert record["refused"] is False
    assert record["citations"], record
    assert {"retrieve_s", "generate_s", "total_s"} <= set(record["timings"])
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", record["answer"])}
    assert markers == {c["n"] for c in record["citations"]}
    for c in record["citations"]:
        assert set(c) == {"n", "source", "title", "outlet", "folder", "start", "end", "quote", "score"}
        assert c["source"] in SEED_TEXT
        assert _norm(c["quote"]) in SEED_TEXT[c["source"]], c


def test_empty_question_is_a_clear_error_not_a_traceback(client):
    for question in ["", "   \n\t "]:
        with pytest.raises(AppError) as err:
            client.predict(question, api_name="/ask")
        message = str(err.value)
        assert "question is empty" in message
        assert "Traceback" not in message and "File \"" not in message


def test_backend_error_is_a_message_and_the_server_keeps_serving(client, brain):
    brain.fail = BackendUnavailable(
        "Ollama at http://127.0.0.1:11434 is not answering (ConnectError); start it with `ollama serve`, "
        "fix OLLAMA_HOST, or set RAG_BACKEND=llamacpp"
    )
    with pytest.raises(AppError) as err:
        client.predict("Why did Japan drop the June deal with Russia?", api_name="/ask")
    assert "is not answering" in str(err.value) and "ollama serve" in str(err.value)
    assert "Traceback" not in str(err.value)

    brain.fail = None
    record = client.predict("Why did Japan drop the June deal with Russia?", api_name="/ask")
    assert record["citations"] and not record["refused"]


def test_follow_up_history_is_condensed_through_the_api(client, assistant):
    history = [["Why did Japan drop the June deal with Russia?", "Because of differences over the islands."]]
    record = client.predict("And what did Russia say about that?", history, api_name="/ask")
    assert record["standalone_question"] == REWRITE
    assert record["question"] == "And what did Russia say about that?"
    # the answer prompt was built for the condensed question, not the raw one
    assert assistant.generator.calls[-1][-1]["content"].endswith(f"Question: {REWRITE}\nAnswer:")


def test_documents_endpoint_lists_the_index(client):
    docs = client.predict(api_name="/documents")
    assert sorted(d["source"] for d in docs) == sorted(SEED_TEXT)
    for d in docs:
        assert set(d) >= {"source", "title", "outlet", "chunks", "ingested_at"}
        assert d["chunks"] > 0 and d["ingested_at"]


# Re-ingest is the Documents tab's button, not an API endpoint (issue #10): see
# tests/test_web_security.py and tests/test_browser.py.


# -- the chat event (what the browser calls) -------------------------------------------
def _text(content) -> str:
    """A message's text: a str in Python, a list of {"type": "text", "text"} parts from the client."""
    if isinstance(content, str):
        return content
    return "".join(p.get("text", "") for p in content if isinstance(p, dict))


def _bot_texts(chat) -> list[str]:
    return [_text(m["content"]) for m in chat if m["role"] == "assistant"]


def test_chat_streams_then_shows_checked_answer_and_sources(assistant):
    # each update as it was yielded (the handler appends to one list; Gradio sends it at each yield)
    updates = [(list(chat), h, t) for chat, h, t in app._chat(assistant, "Why did Japan drop the June deal with Russia?", [], [])]
    # before the model writes: the titles of the articles being read
    reading = _bot_texts(updates[1][0])[-1]
    assert reading.startswith("*Reading “") and reading.endswith("…*"), reading
    assert "Japan" in reading
    drafts = [_bot_texts(chat)[-1] for chat, _, _ in updates[1:-1]]
    assert len(drafts) >= 3, "the draft is shown piece by piece"
    assert all(b.startswith(a) for a, b in zip(drafts, drafts[1:])), "each update extends the last"
    chat, history, textbox = updates[-1]
    assert textbox == ""
    sources = [m for m in chat if m.get("metadata", {}).get("title", "").startswith("Sources")]
    assert len(sources) == 1
    body = sources[0]["content"]
    assert re.search(r"\*\*\[1\]\*\* .+ — \d{3}&#95;[0-9a-f]+&#46;txt", body), body  # the file name, escaped
    assert "> “" in body
    assert [t.question for t in history] == ["Why did Japan drop the June deal with Russia?"]
    assert "[1]" in history[0].answer  # the checked answer, as the next question's history


def test_chat_refusal_says_the_corpus_does_not_cover_it(assistant):
    *_, (chat, history, _) = app._chat(assistant, "What is the population of Osaka?", [], [])
    assert "don't cover this question" in _bot_texts(chat)[-1]
    assert not any(m.get("metadata") for m in chat)


def test_chat_errors_are_messages(assistant, brain):
    *_, (chat, history, _) = app._chat(assistant, "  ", [], [])
    assert _bot_texts(chat)[-1].startswith("⚠️ The question is empty")
    assert history == []

    question = "Why did Japan drop the June deal with Russia?"
    brain.fail = ModelError("the model file qwen.gguf is missing: run `rag model`")
    *_, (chat, history, _) = app._chat(assistant, question, [], [])
    assert _bot_texts(chat)[-1] == "⚠️ The model file qwen.gguf is missing: run `rag model`"
    assert history == []

    brain.fail = ZeroDivisionError("bug")  # not a RagError: still a message, not a traceback
    *_, (chat, _, _) = app._chat(assistant, question, [], [])
    assert _bot_texts(chat)[-1].startswith("⚠️ Internal error (ZeroDivisionError")


def test_two_sessions_do_not_share_history(server, brain, assistant):
    alice = gradio_client.Client(server, verbose=False)
    bob = gradio_client.Client(server, verbose=False)
    chat_a, _ = alice.predict("Why did Japan drop the June deal with Russia?", [], api_name="/chat")
    assert any("Sources" in str(m.get("metadata")) for m in chat_a)
    n_condense = sum(1 for kind, *_ in brain.log if kind == "condense")
    # Bob's first question is a follow-up in form, but Bob has no history: no rewrite.
    chat_b, _ = bob.predict("And what did Russia say about that?", [], api_name="/chat")
    assert sum(1 for kind, *_ in brain.log if kind == "condense") == n_condense
    assert not any("Read as" in t for t in _bot_texts(chat_b))
    # Alice's follow-up uses Alice's history.
    chat_a2, _ = alice.predict("And what did Russia say about that?", chat_a, api_name="/chat")
    assert sum(1 for kind, *_ in brain.log if kind == "condense") == n_condense + 1
    assert any("Read as" in t for t in _bot_texts(chat_a2))


def test_requests_queue_instead_of_generating_at_once(server, brain):
    brain.delay = 1.0
    brain.log.clear()
    clients = [gradio_client.Client(server, verbose=False) for _ in range(2)]
    jobs = [clients[0].submit("Why did Kishida lodge a protest with Lavrov?", api_name="/ask"),
            clients[1].submit("Why did Japan drop the June deal with Russia?", [], api_name="/chat")]
    for job in jobs:
        job.result(timeout=120)
    spans = sorted((s, e) for kind, s, e in brain.log if kind == "answer")
    assert len(spans) >= 2  # a draft each, and a second turn where a draft fails the answer checks
    for (_, end1), (start2, _) in zip(spans, spans[1:]):
        assert start2 >= end1, "a generation started before the one before it finished"


# -- condense() ----------------------------------------------------------------------
def test_condense_uses_the_model_when_there_is_history():
    gen = Scripted(lambda m: REWRITE)
    history = [("Why did Japan drop the June deal with Russia?", "Differences over the islands [1].")]
    assert condense(history, "And what did Russia say about that?", gen) == REWRITE
    assert len(gen.calls) == 1
    prompt = gen.calls[0][-1]["content"]
    assert "Human: Why did Japan drop the June deal with Russia?" in prompt
    assert "Assistant: Differences over the islands." in prompt  # markers stripped
    assert "<Follow Up Message>\nAnd what did Russia say about that?" in prompt


def test_condense_without_history_returns_the_question_unchanged():
    gen = Scripted(lambda m: REWRITE)
    assert condense([], "And what did Russia say about that?", gen) == "And what did Russia say about that?"
    assert condense(None, "And what did Russia say about that?", gen) == "And what did Russia say about that?"
    assert gen.calls == []


def test_condense_leaves_standalone_questions_alone():
    gen = Scripted(lambda m: REWRITE)
    history = [("Who is Igor Morgulov?", "A Russian deputy foreign minister.")]
    q = "Why did Kishida lodge a protest with Lavrov during their Moscow meeting?"
    assert condense(history, q, gen) == q
    assert gen.calls == []


@pytest.mark.parametrize(
    "reply, expected",
    [
        ("Standalone question: What did Russia say about the June deal?", "What did Russia say about the June deal?"),
        ('"What did Russia say about the June deal?"\nIt said no.', "What did Russia say about the June deal?"),
        ("What did Russia say about the June deal? Russia demanded recognition.", "What did Russia say about the June deal?"),
        ("Russia demanded that Japan recognize its sovereignty [1].", None),  # an answer, not a question
        ("", None),
        ("x " * 400 + "?", None),  # rambling
    ],
)
def test_condense_cleans_or_falls_back(reply, expected):
    history = [("Why did Japan drop the June deal with Russia?", "Differences over the islands.")]
    q = "And what did Russia say about that?"
    assert condense(history, q, Scripted(lambda m: reply)) == (expected or q)


def test_follow_up_detection():
    for q in ["And what did Russia say about that?", "Why did he summon the ambassador?", "What about Kono?",
              "Why?", "and then?", "What did they agree on?", "What did he tell Kishida about missile defense?"]:
        assert looks_like_follow_up(q), q
    for q in ["Why did Japan drop the June deal with Russia?", "What is the population of Osaka?",
              "Who summoned the Japanese ambassador in January 2019?",
              "Why did Kishida lodge a protest with Lavrov during their Moscow meeting?"]:
        assert not looks_like_follow_up(q), q


def test_history_accepts_pairs_and_chatbot_messages():
    messages = [
        {"role": "user", "content": "Who is Igor Morgulov?"},
        {"role": "assistant", "content": "A deputy foreign minister [1]."},
        {"role": "assistant", "content": "**[1]** …", "metadata": {"title": "Sources (1)"}},
        {"role": "user", "content": "And Kono?"},
    ]
    assert normalize_history(messages) == [Turn("Who is Igor Morgulov?", "A deputy foreign minister [1]."), Turn("And Kono?", "")]
    assert normalize_history([["q", "a"], ("q2", None)]) == [Turn("q", "a"), Turn("q2", "")]


# -- startup --------------------------------------------------------------------------
def test_host_and_port_flags_override_the_settings():
    """Flags are overrides: not given → None, and the setting (RAG_HOST, GRADIO_SERVER_NAME, default) applies."""
    args = app.parse_args([])
    assert (args.host, args.port, args.auth) == (None, None, None)
    args = app.parse_args(["--host", "127.0.0.2", "--port", "9000"])
    assert Settings.from_env({}, host=args.host, port=args.port).host == "127.0.0.2"
    with pytest.raises(SystemExit):
        app.parse_args(["--port", "http"])


@pytest.mark.slow
def test_python_app_py_ingests_and_serves(tmp_path):
    """The README's run command, from a fresh index: it ingests, then serves on 127.0.0.1."""
    port = _free_port()
    env = dict(os.environ, RAG_INDEX=str(tmp_path / "index"), RAG_CORPUS=str(SEEDS), RAG_BACKEND="llamacpp",
               RAG_PORT=str(port))
    env.pop("RAG_HOST", None)
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 300
        page = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(1)
        assert page is not None, f"app.py did not start (exit {proc.poll()})"
        assert "<!doctype html>" in page.lower()
        docs = gradio_client.Client(f"http://127.0.0.1:{port}/", verbose=False).predict(api_name="/documents")
        assert len(docs) == 5
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    assert "index was empty; ingested" in out
    assert "Traceback" not in out, out


def test_no_outbound_connections(outbound, client):
    """Last: everything above ran with the connection recorder on."""
    client.predict(api_name="/documents")
    assert outbound.attempts == []
