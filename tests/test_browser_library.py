"""The user's library in a real browser (Debian's chromium through Playwright), with the real model:
upload an article, ask what only it answers, open the cited source with its sentence highlighted;
a bad upload shows its reason and leaves the index as it was.

Marked `llm` (the server in this process runs llama.cpp). No timed assertions: waits are generous.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

# server, browser, open_page, hosts, blocked: tests/conftest.py (Chromium's flags, the loopback-only guard)
pytestmark = [
    pytest.mark.llm,
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning"),
]

WAIT_MS = 600_000

ARTICLE = (
    "Zeppelin Harmony lands in Sapporo\n\n"
    "The airship Harmony landed in Sapporo on Tuesday after a 40-hour flight from Vladivostok.\n\n"
    "Its captain, Mirela Odescu, said the crossing was calm and that the crew had watched whales near Rishiri.\n\n"
    "Harmony carries 12 passengers and a cargo of green tea, and it will fly on to Hakodate next week."
)
QUESTION = "What did the captain of the airship Harmony, Mirela Odescu, say about the crossing?"


@pytest.fixture(scope="module")
def assistant(seeded_assistant):
    return seeded_assistant()


@pytest.fixture(scope="module")
def page(open_page):
    return open_page(width=1400)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _upload(page, files: list[Path]) -> str:
    page.get_by_role("tab", name="Documents").click()
    status = page.locator("#upload-status")
    page.evaluate("() => { const s = document.querySelector('#upload-status'); if (s) s.dataset.before = s.innerText; }")
    page.locator("#upload input[type=file]").set_input_files([str(f) for f in files])
    # Done when the new message is shown. While the upload runs, Gradio's progress text
    # ("2/2 steps | 0.5s …") stands above the previous message, so the message must START
    # the status (seen once under load: an unanchored match read "…steps… Refused" of the
    # upload before as this one's result).
    page.wait_for_function(
        "() => { const s = document.querySelector('#upload-status');"
        " return s && /^\\s*(Added|Refused|⚠️)/.test(s.innerText) && s.innerText !== s.dataset.before; }",
        timeout=WAIT_MS,
        polling=250,
    )
    page.wait_for_timeout(300)
    return status.inner_text()


def _state(a: Assistant):
    return sorted((d["id"], d["chunks"]) for d in a.documents()), a.index.count()


def test_bad_upload_shows_its_error_and_changes_nothing(page, assistant, tmp_path):
    before = _state(assistant)
    fake = tmp_path / "report.pdf"
    fake.write_text("<html><body>This is a web page pretending to be a PDF.</body></html>")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    text = _upload(page, [fake, empty])
    _shot(page, "browser_bad_upload.png")
    assert "Refused" in text and "Added" not in text, text
    assert "report.pdf" in text and "not a PDF" in text, text
    assert "empty.txt" in text and "empty file" in text, text
    assert _state(assistant) == before
    assert not (assistant.settings.index_dir / "uploads" / "report.pdf").exists()
    table = page.locator("#documents").inner_text()
    assert "report.pdf" not in table and "000_39e0fc70934ad5fb.txt" in table


def test_upload_ask_and_read_the_source(page, assistant, tmp_path):
    article = tmp_path / "zeppelin.txt"
    article.write_text(ARTICLE)
    html_page = tmp_path / "tea.html"
    html_page.write_text(
        "<html><head><title>Tea</title><script>window.__pwned = 1</script></head><body><article>"
        "<h1>Green tea prices</h1><p>Green tea prices in Shizuoka rose 5 percent in May.</p>"
        "<img src=x onerror='window.__pwned = 2'></article></body></html>"
    )
    text = _upload(page, [article, html_page])
    assert "Added" in text and "zeppelin.txt" in text and "tea.html" in text, text
    page.wait_for_function(
        "() => (document.querySelector('#documents')?.innerText || '').includes('zeppelin.txt')", timeout=60_000
    )
    assert page.evaluate("window.__pwned") is None  # the page's scripts never ran

    page.get_by_role("tab", name="Chat").click()
    page.locator("#question textarea").fill(QUESTION)
    page.locator("#ask").click()
    page.wait_for_function(
        "() => /Sources \\(\\d+\\)|don't cover this question|⚠️/.test(document.querySelector('#chat').innerText)",
        timeout=WAIT_MS,
        polling=250,
    )
    page.wait_for_timeout(500)
    _shot(page, "browser_upload_answer.png")
    chat = page.locator("#chat").inner_text()
    assert "Sources (" in chat, chat
    assert "zeppelin.txt" in chat, chat
    assert "calm" in chat.split(QUESTION, 1)[1], chat

    # the citation opens the article beside the chat, the quoted sentence highlighted and in view
    link = page.locator("#chat a[href*='#cite-']", has_text="zeppelin.txt").first
    quote_shown = page.locator("#chat blockquote").first.inner_text().strip().strip("“”")
    link.click()
    mark = page.locator("#source-article mark")
    mark.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    _shot(page, "browser_source_panel.png")
    panel = page.locator("#source-article").inner_text()
    assert "Zeppelin Harmony lands in Sapporo" in panel
    assert "Mirela Odescu" in panel
    highlighted = mark.inner_text().strip()
    assert highlighted and highlighted in ARTICLE
    assert " ".join(highlighted.split()) == " ".join(quote_shown.replace("\\", "").split())
    assert mark.is_visible()
    box, view = mark.bounding_box(), page.locator("#source-article .source-text").bounding_box()
    assert box and view and view["y"] - 1 <= box["y"] <= view["y"] + view["height"], (box, view)
    assert page.url.split("#")[0] == page.url  # the link didn't navigate
    assert page.evaluate("window.__pwned") is None


def test_pages_only_talk_to_the_local_server(page, hosts, blocked):
    assert hosts and hosts <= {"127.0.0.1", "data", "blob"}, hosts
    assert blocked == []
