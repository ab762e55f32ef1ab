"""The web chat in a real browser (Debian's /usr/bin/chromium through Playwright), with the
real default model (llama.cpp, Qwen2.5-Coder-1.5B), the real embedder and Chroma.

Marked `llm`: the server in this process loads llama.cpp; never run these in
parallel with other `llm` tests. Screenshots go to test-artifacts/.

No timed assertions: waits are generous (minutes), only what is on the page is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag import conversation

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTIFACTS = ROOT / "test-artifacts"

# server, browser, open_page, hosts, blocked: tests/conftest.py (Chromium's flags, the loopback-only guard)
pytestmark = [
    pytest.mark.llm,
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning"),  # Gradio's Dataframe code, not ours
]

WAIT_MS = 600_000  # a cold model load plus an answer on 2 cores is well under this
RIGHT_ARTICLES = {"000_39e0fc70934ad5fb.txt", "002_e5fcf2e5e45cdf61.txt"}  # Asahi, TASS
REFUSAL = "don't cover this question"


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\\", "").split())


SEED_TEXT = {p.name: _norm(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


@pytest.fixture(scope="module")
def assistant(seeded_assistant):
    return seeded_assistant()


@pytest.fixture(scope="module")
def chat_page(open_page):
    return open_page()


def _record_chat_text(page):
    """Keep every distinct text of the chat panel, as the page shows it while streaming."""
    page.evaluate(
        """() => {
            window.__chatTexts = [];
            const chat = document.querySelector('#chat');
            const note = () => {
                const t = chat.innerText;
                if (window.__chatTexts[window.__chatTexts.length - 1] !== t) window.__chatTexts.push(t);
            };
            new MutationObserver(note).observe(chat, {subtree: true, childList: true, characterData: true});
        }"""
    )


def _ask(page, question: str, done_count: int):
    """Type a question, send it, and wait until `done_count` answers are finished."""
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    # An answer is finished when its Sources panel or the refusal is on the page
    # (both are rendered only from the checked Answer, after the stream ends).
    page.wait_for_function(
        """([n, refusal]) => {
            const t = document.querySelector('#chat').innerText;
            const answers = (t.match(/Sources \\(\\d+\\)/g) || []).length
                + (t.split(refusal).length - 1) + (t.match(/⚠️/g) || []).length;
            return answers >= n;
        }""",
        arg=[done_count, REFUSAL],
        timeout=WAIT_MS,
        polling=250,
    )
    page.wait_for_timeout(500)  # let the last render settle before reading and screenshots


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _sources(chat_text: str) -> list[tuple[int, str, str]]:
    """(n, file, quote) for each source entry shown in the chat."""
    return [
        (int(n), src, _norm(quote))
        for n, src, quote in re.findall(r"\[(\d+)\][^\n]*? — (\d{3}_[0-9a-f]+\.txt)\s*“(.+?)”", chat_text, re.S)
    ]


def test_answer_streams_and_shows_its_sources(chat_page):
    page = chat_page
    _record_chat_text(page)
    question = "Why did Japan drop the June deal with Russia?"
    _ask(page, question, 1)
    shot = _shot(page, "browser_answer.png")

    text = page.locator("#chat").inner_text()
    assert question in text
    assert "⚠️" not in text, text
    assert REFUSAL not in text, text
    assert re.search(r"Sources \(\d+\)", text), text

    # the answer: its [n] markers are on the page, each with a listed source
    answer = text.split(question, 1)[1].split("Sources (", 1)[0]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer)}
    assert markers, answer
    listed = _sources(text)
    assert markers <= {n for n, _, _ in listed}, (markers, listed)

    # at least one citation from the right article, its quote really in that article
    right = [(n, src, q) for n, src, q in listed if src in RIGHT_ARTICLES]
    assert right, listed
    for _, src, quote in listed:
        assert quote in SEED_TEXT[src], (src, quote)
    assert page.get_by_text(right[0][1]).first.is_visible()
    assert page.get_by_text(right[0][2][:60]).first.is_visible()

    # streamed: the page showed the draft growing before the final answer replaced it
    texts = page.evaluate("window.__chatTexts")
    drafts = [t for t in texts if "Sources (" not in t and "Searching the articles" not in t and question in t]
    assert len(drafts) >= 3, texts[:10]
    assert shot.stat().st_size > 0


def test_follow_up_uses_the_conversation(chat_page):
    page = chat_page
    _ask(page, "And what did Russia say about that?", 2)
    _shot(page, "browser_follow_up.png")
    text = page.locator("#chat").inner_text()
    follow = text.split("And what did Russia say about that?", 1)[1]
    assert "⚠️" not in follow, follow
    read_as = re.search(r"Read as: “(.+?)”", follow)
    assert read_as, follow  # the question was rewritten with the conversation…
    assert re.search(r"Japan|June|deal|peace treaty", read_as.group(1)), read_as.group(1)  # …and names the topic


def test_refusal_is_plain(open_page):
    page = open_page()  # a new session: its own, empty conversation
    try:
        _ask(page, "What is the population of Osaka?", 1)
        _shot(page, "browser_refusal.png")
        text = page.locator("#chat").inner_text()
        assert "The articles in the corpus don't cover this question" in text
        assert "Sources (" not in text
        assert "Read as" not in text  # nothing carried over from the other session
        assert page.get_by_text("don't cover this question").first.is_visible()
    finally:
        page.close()


def test_documents_tab_and_reingest(open_page):
    page = open_page()
    try:
        page.get_by_role("tab", name="Documents").click()
        page.wait_for_function(
            "() => (document.querySelector('#documents')?.innerText || '').includes('000_39e0fc70934ad5fb.txt')",
            timeout=60_000,
        )
        table = page.locator("#documents").inner_text()
        for name in SEED_TEXT:
            assert name in table, name
        for outlet in ["Asahi Shimbun", "TASS", "Mainichi", "The Japan Times"]:
            assert outlet in table, outlet
        page.locator("#reingest").click()
        page.locator("#ingest-status").get_by_text("Re-ingested").wait_for(timeout=WAIT_MS)
        status = page.locator("#ingest-status").inner_text()
        assert "5 unchanged" in status, status
        _shot(page, "browser_documents.png")
    finally:
        page.close()


def test_pages_only_talk_to_the_local_server(hosts, blocked):
    assert hosts, "no requests were recorded"
    assert hosts <= {"127.0.0.1", "data", "blob"}, hosts
    assert blocked == []


def test_condensing_helps_retrieval(assistant, capsys):
    """Follow-up pairs over the seeds: retrieval of the gold article with and without condensing."""
    result = conversation.measure(assistant)
    with capsys.disabled():
        for r in result["rows"]:
            print(f"\n  {r['follow_up']!r} → {r['condensed']!r}: "
                  f"raw {r['raw_sources'][:2]} rr={r['raw_rr']:.2f}, condensed {r['condensed_sources'][:2]} rr={r['condensed_rr']:.2f}")
        print(f"  hit@k raw {result['raw_hit']:.2f} → condensed {result['condensed_hit']:.2f}; "
              f"hit@1 {result['raw_top1']:.2f} → {result['condensed_top1']:.2f}; "
              f"MRR {result['raw_rr']:.2f} → {result['condensed_rr']:.2f}")
    assert result["condensed_rr"] >= result["raw_rr"]
    assert result["condensed_hit"] >= result["raw_hit"]
