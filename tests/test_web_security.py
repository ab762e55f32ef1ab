"""The web surface is least-privilege (issue #10), over HTTP on loopback with a Scripted model:
the public API is /ask and /documents, re-ingest is local or logged in, /config
shows no paths, uploads are limited, logins are exact and slowed down per client,
and document text can't become markup.
"""

from __future__ import annotations

import json
import html
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from rag import Scripted
from rag.citations import Citation
from rag.webguard import MAX_UPLOAD_BYTES, admin_allowed, md_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import app  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")

HOSTILE = "x`<img src=http://198.51.100.8/x.png>`![t](http://192.0.2.1/q.png) **b** [l](http://192.0.2.1) $x$ www.example.com"


@pytest.fixture(scope="module")
def assistant(seeded_assistant):
    return seeded_assistant(Scripted())


@pytest.fixture(scope="module")
def open_server(assistant, serve_app):
    return serve_app(assistant)  # serve_app: tests/conftest.py


@pytest.fixture(scope="module")
def auth_server(assistant, serve_app):
    return serve_app(assistant, auth=("user", "secret-pw"))


# -- rendering as text ------------------------------------------------------------------
def test_markdown_escaping_leaves_no_markup():
    out = md_text(HOSTILE)
    # every markup character is a character reference: no tag, image, link, emphasis, code or math
    assert re.search(r"[<>`!\[\]()*$_:\\]", out) is None, out
    assert "http://" not in out and "www." not in out  # nothing to autolink
    # every character of the text is still there, only escaped
    assert html.unescape(out) == " ".join(HOSTILE.split())


def test_sources_escape_file_names_titles_and_quotes():
    c = Citation(1, "a`<img src=http://198.51.100.8/x.png>`.txt", HOSTILE, HOSTILE, HOSTILE, 0.9)
    body = app.format_sources(SimpleNamespace(citations=[c]))
    head, quote = body.split(" — ", 1)[1].split("\n\n> “")  # our own markup: "**[1]** … — name\n\n> “quote”"
    for text in (body.split(" — ", 1)[0].removeprefix("**[1]** "), head, quote.removesuffix("”")):
        assert re.search(r"[<>`!\[\]()*$_:\\]", text) is None, text
    assert "http://" not in body


# -- the public API --------------------------------------------------------------------------
def test_only_ask_and_documents_are_public(open_server):
    _, url = open_server
    info = httpx.get(f"{url}/gradio_api/info", timeout=30).json()
    assert set(info["named_endpoints"]) == {"/ask", "/documents"}, list(info["named_endpoints"])
    assert httpx.post(f"{url}/gradio_api/call/reingest", json={"data": []}, timeout=30).status_code >= 400


def test_reingest_is_for_this_machine_or_a_logged_in_user(open_server):
    demo, _ = open_server
    run_ingest = next(f.fn for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "run_ingest")
    remote = SimpleNamespace(username=None, client=SimpleNamespace(host="192.0.2.5"))
    rows, status = run_ingest(remote)
    assert "only available on this machine" in status and "Re-ingested" not in status
    local = SimpleNamespace(username=None, client=SimpleNamespace(host="127.0.0.1"))
    assert "Re-ingested" in run_ingest(local)[1]
    assert admin_allowed(SimpleNamespace(username="user", client=SimpleNamespace(host="192.0.2.5")))
    assert not admin_allowed(SimpleNamespace(username=None, client=None))


def test_config_reveals_no_paths(open_server, assistant):
    _, url = open_server
    config = httpx.get(f"{url}/config", timeout=30).text
    for path in (assistant.settings.corpus_dir, assistant.settings.index_dir, Path.home(), ROOT):
        assert str(Path(path).resolve()) not in config, path
    assert "/tmp/" not in config and "/root" not in config


def test_uploads_are_limited_in_size_and_refused_from_other_machines(open_server):
    demo, url = open_server
    assert demo.max_file_size == MAX_UPLOAD_BYTES
    big = b"x" * (MAX_UPLOAD_BYTES + 1024)
    r = httpx.post(f"{url}/gradio_api/upload", files={"files": ("big.txt", big, "text/plain")}, timeout=120)
    assert r.status_code in (400, 413), r.status_code
    small = httpx.post(f"{url}/gradio_api/upload", files={"files": ("a.txt", b"hello", "text/plain")}, timeout=60)
    assert small.status_code == 200
    # a client on another machine (as the app sees it) may not upload without a login
    transport = httpx.ASGITransport(app=demo.server_app, client=("192.0.2.5", 40000))

    async def remote_upload():
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.post("/gradio_api/upload", files={"files": ("a.txt", b"hello", "text/plain")})

    import asyncio

    assert asyncio.run(remote_upload()).status_code == 403


# -- login ---------------------------------------------------------------------------------------
def _login(url, user, password, local_address="127.0.0.1"):
    transport = httpx.HTTPTransport(local_address=local_address)
    with httpx.Client(transport=transport, timeout=60) as c:
        return c.post(f"{url}/login", data={"username": user, "password": password})


def test_login_is_exact_and_gated(auth_server):
    _, url = auth_server
    assert httpx.get(f"{url}/config", timeout=30).status_code == 401  # held up before: must stay
    assert _login(url, " user ", "secret-pw").status_code != 200
    assert _login(url, "user ", "secret-pw").status_code != 200
    ok = _login(url, "user", "secret-pw")
    assert ok.status_code == 200 and json.loads(ok.text)["success"] is True


def test_failed_logins_are_slowed_down_per_client(auth_server):
    _, url = auth_server
    assert _login(url, "user", "secret-pw").status_code == 200  # a clean start for this client
    delays = []
    for _ in range(5):
        r = _login(url, "user", "wrong")
        assert r.status_code != 200
        delays.append(float(r.headers["x-login-delay"]))
    assert delays[0] == 0 and all(b > a for a, b in zip(delays, delays[1:])), delays
    # another client is not slowed down by this one's failures
    other = _login(url, "user", "wrong", local_address="127.0.0.2")
    assert float(other.headers["x-login-delay"]) == 0
    # the right password still works (after the wait), and resets the count
    assert _login(url, "user", "secret-pw").status_code == 200
    assert float(_login(url, "user", "wrong").headers["x-login-delay"]) == 0
