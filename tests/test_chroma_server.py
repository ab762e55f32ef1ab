"""RAG_CHROMA_URL against a real `chroma run` server on loopback.

The server is the `chroma` CLI from the chromadb package in the venv, started
on 127.0.0.1 at a free port with its data in a tmp folder, and stopped when the
test ends. The same seed corpus is indexed into the server and into the
embedded store; retrieval and the (scripted) answers must come out the same.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rag import Assistant, Scripted, Settings
from rag.embeddings import load_embedder

QUESTIONS = [
    "Why did Japan drop the June deal with Russia?",
    "What did Lavrov say was unacceptable for Russia about how Japan refers to the islands?",
    # the 2016 article (the scripted answer to "Which Japanese foreign minister held talks…?" names no one
    # as foreign minister, so since checks.role_fits it is refused, the same on both stores)
    "What did Kishida and Lavrov agree on regarding North Korea?",
]

START_TIMEOUT_S = 60.0  # bounded wait for the server's first heartbeat

pytestmark = pytest.mark.slow  # starts a `chroma run` server and ingests twice


def _chroma_cli() -> str:
    exe = Path(sys.executable).with_name("chroma")
    if exe.exists():
        return str(exe)
    found = shutil.which("chroma")
    if not found:
        pytest.fail("the `chroma` CLI (from the chromadb package) is not installed next to this Python")
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _heartbeat(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=1.0) as r:
            return r.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@pytest.fixture
def chroma_server(tmp_path):
    """A `chroma run` server on 127.0.0.1:<free port>; yields its URL, stops it afterwards."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "chroma-server.log"
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", DO_NOT_TRACK="1")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [_chroma_cli(), "run", "--path", str(tmp_path / "chroma-server-data"),
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
        )

    def stop():
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _heartbeat(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"`chroma run` exited with status {proc.returncode} before answering; its output:\n"
                    + log_path.read_text(errors="replace")[-4000:]
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"`chroma run` did not answer {url}/api/v2/heartbeat within {START_TIMEOUT_S:.0f} s; "
                    f"its output:\n" + log_path.read_text(errors="replace")[-4000:]
                )
            time.sleep(0.2)
        yield url
    finally:
        stop()


def _passages(a: Assistant, question: str):
    return [(p.id, p.source, p.text) for p in a.retriever.retrieve(question)]


def _answer(a: Assistant, question: str):
    ans = a.ask(question)
    return (
        ans.text,
        ans.refused,
        ans.reason,
        [(c.n, c.source, c.quote) for c in ans.citations],
        [p.id for p in ans.passages],
    )


def test_chroma_server_gives_the_same_results_as_the_embedded_store(chroma_server, corpus, tmp_path):
    embedder = load_embedder()
    served = Assistant(
        Settings(corpus_dir=corpus, index_dir=tmp_path / "index-server", chroma_url=chroma_server, backend="llamacpp"),
        generator=Scripted(),
        embedder=embedder,
    )
    embedded = Assistant(
        Settings(corpus_dir=corpus, index_dir=tmp_path / "index-embedded", chroma_url="", backend="llamacpp"),
        generator=Scripted(),
        embedder=embedder,
    )

    first, skipped = served.ingest()
    assert skipped == []
    assert (first.added, first.updated, first.removed) == (5, 0, 0)
    assert first.chunks_added == served.index.count() > 5
    # the chunks really live in the server, not in a local Chroma folder
    assert not (tmp_path / "index-server" / "chroma").exists()
    assert any((tmp_path / "chroma-server-data").iterdir())

    again, _ = served.ingest()
    assert (again.added, again.updated, again.removed, again.unchanged, again.chunks_added) == (0, 0, 0, 5, 0)
    assert served.index.count() == first.chunks_total

    ref, _ = embedded.ingest()
    assert ref.chunks_added == first.chunks_added
    def rows(a):
        return [{k: v for k, v in d.items() if k != "ingested_at"} for d in a.documents()]

    assert rows(served) == rows(embedded)

    # a fresh client on the same server sees the same index and adds nothing
    reopened = Assistant(served.settings, generator=Scripted(), embedder=embedder)
    assert reopened.ingest()[0].chunks_added == 0

    for q in QUESTIONS:
        got = _passages(served, q)
        assert got, q
        assert got == _passages(embedded, q), q
        a_served, a_embedded = _answer(served, q), _answer(embedded, q)
        assert a_served == a_embedded, q
        assert not a_served[1], f"refused: {q}"


def test_a_running_assistant_sees_another_ingest_through_the_server(chroma_server, corpus, tmp_path):
    """Two processes (here: two Assistants with their own docstores) sharing one server collection."""
    embedder = load_embedder()
    serving = Assistant(Settings(corpus_dir=corpus, index_dir=tmp_path / "a", chroma_url=chroma_server, collection="shared"),
                        generator=Scripted(), embedder=embedder)
    serving.ingest()
    question = "When will the visa-free ferry Etopirika to Kunashir resume?"
    assert all(p.source != "ferry.txt" for p in serving.retriever.retrieve(question))
    other_corpus = tmp_path / "other"
    shutil.copytree(corpus, other_corpus)
    (other_corpus / "ferry.txt").write_text(
        "The visa-free ferry between Nemuro and Kunashir Island will resume in May after a three-year pause.\n"
        "The ferry Etopirika will carry former island residents on six trips over the summer."
    )
    Assistant(Settings(corpus_dir=other_corpus, index_dir=tmp_path / "b", chroma_url=chroma_server, collection="shared"),
              generator=Scripted(), embedder=embedder).ingest()
    assert serving.index.changed_elsewhere()
    assert serving.retriever.retrieve(question)[0].source == "ferry.txt"
