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

from pathlib import Path
from urllib.parse import urlparse

import pytest

from rag import Scripted

ROOT = Path(__file__).resolve().parent.parent

# server, browser, open_page, blocked: tests/conftest.py (Chromium's flags, the loopback-only guard)
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")

# Browsers read "\" as "/" in URLs, so this file name points at 198.51.100.8.
HOSTILE_NAME = "x`<img src=http:\\\\198.51.100.8\\x.png>`.md"
HOSTILE_TEXT = (
    "# Fishermen <img src=http://192.0.2.7/title.png> rally ![t](http://192.0.2.7/t.png) **loud**\n\n"
    "Fishermen from Nemuro rallied for fishing rights near the islands <img src=http://192.0.2.9/i.png> "
    "and posted [the video](http://192.0.2.1/page), http://192.0.2.1/page and www.example.com online.\n\n"
    "The rally drew about 300 fishermen, the organisers said."
)
QUESTION = "![q](http://192.0.2.1/q.png) What did the fishermen from Nemuro do at the rally?"


@pytest.fixture(scope="module")
def assistant(seeded_assistant):
    return seeded_assistant(Scripted(), extra={HOSTILE_NAME: HOSTILE_TEXT})


@pytest.fixture(scope="module")
def page(open_page):
    return open_page(wait_until="domcontentloaded")


def test_question_answer_and_sources_render_as_text(page, blocked):
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
    assert blocked == []


def test_documents_tab_renders_names_and_titles_as_text(page, blocked):
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
    assert blocked == []


def test_no_request_left_the_machine(page, blocked):
    page.reload(wait_until="load")
    page.wait_for_timeout(1000)
    assert blocked == []
