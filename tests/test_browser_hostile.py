"""Hostile file names and texts render as text in a real browser (issue #10).

Debian's /usr/bin/chromium through Playwright, every request intercepted: any
request to a host other than the local server is aborted and fails the test.
The corpus has a file whose name holds a backtick and an <img> tag (the
issue's reproduction: it used to close the Sources panel's code span and make
the browser fetch 198.51.100.8), a title and a text with markdown images, raw
<img> tags and URLs; the question itself carries a markdown image. The model is
`Scripted` (it quotes passage [1]): rendering, not answer quality, is tested.
"""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from rag import Assistant, Scripted, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
sys.path.insert(0, str(ROOT))
import app  # noqa: E402

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning"),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# Browsers read "\" as "/" in URLs, so this file name points at 198.51.100.8.
HOSTILE_NAME = "x`<img src=http:\\\\198.51.100.8\\x.png>`.md"
HOSTILE_TEXT = (
    "# Fishermen <img src=http://192.0.2.7/title.png> rally ![t](http://192.0.2.7/t.png) **loud**\n\n"
    "Fishermen from Nemuro rallied for fishing rights near the islands <img src=http://192.0.2.9/i.png> "
    "and posted [the video](http://192.0.2.1/page), http://192.0.2.1/page and www.example.com online.\n\n"
    "The rally drew about 300 fishermen, the organisers said."
)
QUESTION = "![q](http://192.0.2.1/q.png) What did the fishermen from Nemuro do at the rally?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / HOSTILE_NAME).write_text(HOSTILE_TEXT)
    a = Assistant(Settings(index_dir=tmp / "index", corpus_dir=corpus, backend="llamacpp"), generator=Scripted())
    a.ingest()
    demo = app.build_app(a)
    _, url, _ = app.launch(demo, "127.0.0.1", _free_port(), prevent_thread_lock=True, quiet=True)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    blocked: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 1000})

        def guard(route):
            u = urlparse(route.request.url)
            if u.scheme in ("data", "blob") or u.hostname in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        pg.route("**/*", guard)
        pg.goto(server, wait_until="domcontentloaded")
        pg.locator("#question textarea").wait_for()
        pg.blocked = blocked
        yield pg
        browser.close()


def test_question_answer_and_sources_render_as_text(page):
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    page.locator("#question textarea").fill(QUESTION)
    page.locator("#ask").click()
    page.get_by_text("Sources (").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    chat = page.locator("#chat")
    text = chat.inner_text()
    if "Nemuro rallied" not in text.split("Sources (", 1)[1]:  # the panel is closed: open it (the leak was here)
        page.get_by_text("Sources (").first.click()
        page.wait_for_timeout(1000)
        text = chat.inner_text()
    page.screenshot(path=str(ROOT / "test-artifacts" / "browser_hostile.png"), full_page=True)
    assert "![q](http://192.0.2.1/q.png)" in text  # the asker's markdown, shown as typed
    assert HOSTILE_NAME in text.replace("\u00a0", " ")  # the file name, whole, as text
    assert "<img src=http://192.0.2.9/i.png>" in text  # the quote's tag, as text
    assert "[the video](http://192.0.2.1/page)" in text  # its link, as text
    assert "![t](http://192.0.2.7/t.png) **loud**" in text  # the title's markdown, as text
    # nothing became an image or a link pointing away from the server
    srcs = chat.locator("img").evaluate_all("els => els.map(e => e.src)")
    hrefs = chat.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert all(urlparse(u).hostname in (None, "", "127.0.0.1") for u in srcs + hrefs), (srcs, hrefs)
    assert page.blocked == []


def test_documents_tab_renders_names_and_titles_as_text(page):
    page.get_by_role("tab", name="Documents").click()
    page.wait_for_function(
        "() => (document.querySelector('#documents')?.innerText || '').includes('000_39e0fc70934ad5fb.txt')",
        timeout=60_000,
    )
    page.wait_for_timeout(1000)
    table = page.locator("#documents").inner_text().replace("\u00a0", " ")
    assert HOSTILE_NAME in table
    assert "<img src=http://192.0.2.7/title.png>" in table
    assert page.locator("#documents img").count() == 0
    assert page.blocked == []


def test_no_request_left_the_machine(page):
    page.reload(wait_until="load")
    page.wait_for_timeout(1000)
    assert page.blocked == []
