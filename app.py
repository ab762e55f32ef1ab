"""The web chat: ask questions about the indexed articles, see the sources of every answer.

    rag serve                             # http://127.0.0.1:7860 (RAG_HOST / RAG_PORT, see rag/settings.py)
    python app.py --host 0.0.0.0 --port 8080   # the same as rag serve --host … --port …

A thin UI over the library: everything it shows comes from `Assistant.stream`
(the articles being read, the draft, the checked `Answer`), `Assistant.documents`,
`Assistant.article`, `Assistant.add_files` and `Assistant.ingest`; no pipeline
logic lives here.

What it does:
- as soon as retrieval ends (before the model writes), the titles of the
  articles being read are shown;
- answers stream as the model writes them; when the model is done, the draft is
  replaced by the checked answer (unsupported sentences removed, [n] markers
  renumbered) and its sources: outlet, title, file name and the quoted span;
- follow-up questions ("and what did Russia say about that?") are rewritten
  into standalone ones with the conversation (`Assistant.stream(question, history)`);
- every source under an answer is a link: it opens the article (title, outlet,
  byline, date) in a panel beside the chat, the quoted sentence highlighted and
  scrolled into view (the text as indexed, escaped: nothing in it runs);
- a Documents tab lists what is indexed (and from which folder), takes uploads
  (.txt .md .html .pdf, limits from rag.documents, checked like `rag ingest`,
  stored in the index folder's uploads/ and ingested incrementally with progress)
  and has a Re-ingest button. Uploads and re-ingest run beside the chat, in
  their own concurrency group: another user's question is answered meanwhile
  (the Assistant's reader/writer lock holds answers off only while chunks are
  written);
- every event goes through Gradio's bounded queue. One generation at a time:
  the chat and the /ask endpoint share a concurrency group of 1, so a second
  user waits instead of halving the speed of both; listings of the index run in
  their own group; each browser session has its own conversation;
- errors the user can act on (model missing, Ollama down, empty question) are
  shown in the chat as one line, and the server keeps serving.

The chat is also an API endpoint, "/ask", for gradio_client:

    from gradio_client import Client
    client = Client("http://127.0.0.1:7860/")
    record = client.predict("Why did Japan drop the June deal with Russia?", api_name="/ask")
    record["answer"], record["citations"]    # Answer.to_dict(), the `rag answer --jsonl` record
    client.predict("And what did Russia demand?", [[first_question, record["answer"]]], api_name="/ask")

Nothing is sent anywhere: share=False, Gradio analytics off (rag sets
GRADIO_ANALYTICS_ENABLED=False on import), no fonts or scripts from a CDN.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import logging
import sys
from pathlib import Path

from rag import Answer, Assistant, RagError, Retrieved, Settings  # first: sets the telemetry env vars off
from rag.settings import env_names
from rag.library import LIMITS, UPLOAD_TYPES
from rag.webguard import MAX_UPLOAD_BYTES, LoginGuard, admin_allowed, md_text

import gradio as gr  # noqa: E402  (after rag: it reads GRADIO_ANALYTICS_ENABLED)
from starlette.middleware import Middleware  # noqa: E402

__all__ = ["build_app", "launch", "serve", "main", "parse_args", "example_questions", "format_sources"]

log = logging.getLogger("rag.app")

QUEUE = "rag"  # concurrency group of everything that runs the model
INGEST = "ingest"  # uploads and re-ingest: one at a time, beside the chat (the index has its own lock)
READERS = 4  # index listings at once (cheap reads; they don't touch the model)

# Example questions for the seed articles, by the file that answers them.
SEED_EXAMPLES = {
    "000_39e0fc70934ad5fb.txt": "Why did Japan drop the June deal with Russia?",
    "002_e5fcf2e5e45cdf61.txt": "Why did the Soviet Union back out of its promise to hand over Shikotan and the Habomai islands?",
    "004_3ed4bf90ac3744bf.txt": "Why did Kishida lodge a protest with Lavrov during their Moscow meeting?",
    "001_a1d2632bd97767d4.txt": "Why did Russia summon the Japanese ambassador in January 2019?",
    "003_0e3ea9520caa6332.txt": "When does Abe plan to visit Russia again, and why?",
}
NOT_COVERED_EXAMPLE = "What is the population of Osaka?"  # the corpus doesn't say: shows a refusal

REASONS = {
    "low relevance": "nothing in the indexed articles is close enough to the question",
    "model declined": "the model found no answer in the passages it was shown",
    "unsupported": "no sentence of the model's draft is supported by the articles",
}


# -- formatting ---------------------------------------------------------------
def _md(text: str) -> str:
    """Escape Markdown and HTML so document or user text shows as it is (rag/webguard.py)."""
    return md_text(text)


def _error_text(e: BaseException) -> str:
    msg = str(e).strip() or type(e).__name__
    return "⚠️ " + msg[0].upper() + msg[1:]


def _digest(doc_id: str) -> str:
    return hashlib.sha256(doc_id.encode()).hexdigest()[:20]


def _cite_link(c) -> str:
    """`#cite-<token>`: the article and span a source link opens (read by SOURCE_JS, checked by open_source)."""
    # the document by a digest of its id: the page shows no file system paths
    token = base64.urlsafe_b64encode(json.dumps([_digest(c.document), c.start, c.end]).encode()).decode().rstrip("=")
    return f"#cite-{token}"


def format_sources(answer: Answer) -> str:
    """The citation list shown under an answer, one numbered entry per [n]; each opens its article."""
    lines = []
    for c in answer.citations:
        head = " · ".join(_md(x) for x in (c.outlet, c.title) if x) or "(untitled)"
        entry = f"{head} — {_md(c.source)}"
        if c.document:
            entry = f"[{entry}]({_cite_link(c)})"
        lines.append(f"**[{c.n}]** {entry}\n\n> “{_md(c.quote)}”")
    return "\n\n".join(lines)


def article_html(article, start: int = -1, end: int = -1) -> str:
    """The article for the source panel: every piece escaped, the quoted span in <mark>."""
    esc = html.escape
    text = article.text
    if 0 <= start < end <= len(text):
        body = f"{esc(text[:start])}<mark id=\"quote\">{esc(text[start:end])}</mark>{esc(text[end:])}"
    else:
        body = esc(text)
    paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
    meta = " · ".join(esc(x) for x in (article.outlet, article.byline and f"by {article.byline}", article.date) if x)
    return (
        f"<h3>{esc(article.title or article.source)}</h3>"
        + (f"<p class='source-meta'>{meta}</p>" if meta else "")
        + f"<p class='source-file'><code>{esc(article.source)}</code> in <code>{esc(Path(article.folder).name)}</code></p>"
        + f"<div class='source-text'>{paragraphs}</div>"
    )


def open_source(assistant: Assistant, token: str) -> str:
    """A source link's token → the panel's HTML (a plain message when it names nothing indexed)."""
    try:
        raw = token.split("|", 1)[0]
        digest, start, end = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not (isinstance(digest, str) and isinstance(start, int) and isinstance(end, int)):
            raise ValueError(token)
        doc = next((d["id"] for d in assistant.documents() if _digest(d["id"]) == digest), None)
        if doc is None:
            return "<p>⚠️ That article is no longer in the index.</p>"
        return article_html(assistant.article(doc), start, end)
    except RagError as e:
        return f"<p>{html.escape(_error_text(e))}</p>"
    except (ValueError, TypeError):
        return "<p>⚠️ That link names no indexed article.</p>"


# Source links in the chat open the panel: a click on `#cite-…` puts its token into a
# hidden textbox (whose input event runs open_source) instead of navigating.
SOURCE_JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a[href*="#cite-"]') : null;
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const box = document.querySelector('#cite-open textarea, #cite-open input');
    if (!box) return;
    box.value = link.getAttribute('href').split('#cite-')[1] + '|' + Date.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }, true);
}
"""
SCROLL_TO_QUOTE_JS = """
() => { setTimeout(() => {
  const m = document.querySelector('#source-article mark');
  if (m) m.scrollIntoView({block: 'center'});
}, 100); }
"""
SOURCE_CSS = """
#source-article .source-text { max-height: 60vh; overflow-y: auto; }
#source-article mark { background: #ffe066; color: inherit; }
#source-article .source-meta, #source-article .source-file { margin: 0.2em 0; opacity: 0.8; }
"""


def format_upload(report) -> str:
    """The Documents tab's message for an upload: what was added, and each refused file with its reason."""
    lines = []
    if report.added or report.updated:
        # escaped text, not code spans: a code span shows escapes as typed ("zeppelin\\.txt")
        names = ", ".join(_md(n) for n in report.added + report.updated)
        lines.append(f"**Added** {names}: {report.ingest.chunks_added} chunks new, "
                     f"{report.ingest.chunks_total} in the index.")
    if report.refused:
        lines.append("**Refused** (nothing of these was kept):\n" + "\n".join(f"- {_md(s.path)}: {_md(s.reason)}"
                                                                         for s in report.refused))
    return "\n\n".join(lines) or "Nothing to add."


def example_questions(documents: list[dict]) -> list[str]:
    """Questions the indexed articles answer (seed files), else one per article title."""
    sources = [d["source"] for d in documents]
    picked = [q for src, q in SEED_EXAMPLES.items() if src in sources]
    if not picked:
        picked = [f"What does the article “{d['title']}” report?" for d in documents[:4] if d.get("title")]
    return picked + [NOT_COVERED_EXAMPLE] if picked else []


def _documents_rows(assistant: Assistant) -> list[list]:
    # folder names only: the page shows no file system paths
    return [[d["source"], d["outlet"], d["title"], d["chunks"], d["ingested_at"], Path(d.get("folder", "")).name]
            for d in assistant.documents()]


def _reading(event: Retrieved) -> str:
    """What the model is reading, shown as soon as retrieval ends (before the model writes)."""
    titles, seen = [], set()
    for p in event.passages:
        if p.source not in seen:
            seen.add(p.source)
            titles.append(f"“{_md(p.title or p.source)}”" + (f" ({_md(p.outlet)})" if p.outlet else ""))
    line = "*Reading " + ("; ".join(titles) if titles else "nothing relevant") + "…*"
    if event.standalone_question.lower() != event.question.lower():  # not a question only cased (conversation.truecased)
        line = f"*Searching the articles for: {_md(event.standalone_question)}*\n\n" + line
    return line


# -- the chat handler (also used directly by tests) ----------------------------------
def _chat(assistant: Assistant, message: str, chat: list, history: list):
    """Stream one exchange into the chatbot: the articles being read, the draft as it comes,
    then the checked answer (it replaces the draft) and its sources. `history`: this session's Turns."""
    chat = list(chat or [])
    history = list(history or [])
    chat.append({"role": "user", "content": _md(message or "")})  # the asker's text, shown as text
    chat.append({"role": "assistant", "content": "*Searching the articles…*"})
    yield chat, history, ""
    try:
        header, draft, answer = "", "", None
        for part in assistant.stream(message, history):
            if isinstance(part, Retrieved):
                header = _reading(part)
                chat[-1] = {"role": "assistant", "content": header}
            elif isinstance(part, Answer):
                answer = part
                continue
            else:
                draft += part
                chat[-1] = {"role": "assistant", "content": header + "\n\n" + _md(draft)}
            yield chat, history, ""
    except RagError as e:
        chat[-1] = {"role": "assistant", "content": _error_text(e)}
        yield chat, history, ""
        return
    except Exception as e:  # a bug, not the user's doing: log it, keep serving
        log.exception("chat failed")
        chat[-1] = {"role": "assistant", "content": _error_text(RuntimeError(f"internal error ({type(e).__name__}: {e})"))}
        yield chat, history, ""
        return

    read_as = answer.standalone_question
    note = f"\n\n*Read as: “{_md(read_as)}”*" if read_as.lower() != answer.question.lower() else ""
    if answer.refused:
        why = REASONS.get(answer.reason, "")
        chat[-1] = {"role": "assistant", "content": _md(answer.text) + (f"\n\n*({why}.)*" if why else "") + note}
    else:
        chat[-1] = {"role": "assistant", "content": _md(answer.text) + note}
        t = answer.timings
        chat.append(
            {
                "role": "assistant",
                "content": format_sources(answer),
                "metadata": {
                    "title": f"Sources ({len(answer.citations)})",
                    "log": f"answered in {t.get('total_s', 0.0):.1f} s",
                },
            }
        )
    history.append(answer.as_turn())
    yield chat, history, ""


# -- the app ---------------------------------------------------------------------
def build_app(assistant: Assistant, max_queue: int | None = None) -> gr.Blocks:
    """The web chat over `assistant`, queued (concurrency 1 for the model) but not launched."""
    try:
        docs = assistant.documents()
    except RagError:
        docs = []
    examples = example_questions(docs)

    with gr.Blocks(title="rag-news: ask the articles", analytics_enabled=False, fill_height=True) as demo:
        gr.Markdown(
            "## Ask the news articles\n"
            "Answers come only from the indexed articles, and every `[n]` points to a source below the answer "
            "with the sentence that supports it. Questions the articles don't cover are declined. "
            "Follow-up questions use the conversation."
        )
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
              with gr.Row(equal_height=False):
               with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation",
                    elem_id="chat",
                    height=520,
                    layout="panel",
                    feedback_options=None,
                    buttons=["copy"],
                    placeholder="Ask a question about the articles, or pick an example below.",
                )
                history = gr.State([])  # per session: the Turns so far (rag.Turn: standalone question, answer)
                with gr.Row():
                    textbox = gr.Textbox(
                        placeholder="Ask about the articles…",
                        show_label=False,
                        elem_id="question",
                        scale=8,
                        lines=1,
                        max_lines=4,
                        submit_btn=False,
                        autofocus=True,
                    )
                    send = gr.Button("Ask", variant="primary", elem_id="ask", scale=1, min_width=80)
                    clear = gr.Button("New chat", elem_id="clear", scale=1, min_width=80)
                if examples:
                    gr.Examples(examples=[[q] for q in examples], inputs=[textbox], label="Example questions")
               with gr.Column(scale=2, visible=False, elem_id="source-panel") as source_panel:
                source_view = gr.HTML(elem_id="source-article")
                close_source = gr.Button("Close", elem_id="close-source", size="sm")
              cite_open = gr.Textbox(visible="hidden", elem_id="cite-open")  # set by SOURCE_JS

            with gr.Tab("Documents", id="documents"):
                # folder names only: the page config must not reveal file system paths
                gr.Markdown(f"Indexed from the folder {_md(Path(assistant.settings.corpus_dir).resolve().name)}.")
                table = gr.Dataframe(
                    headers=["source", "outlet", "title", "chunks", "ingested_at", "folder"],
                    datatype=["str", "str", "str", "number", "str", "str"],
                    interactive=False,
                    wrap=True,
                    column_widths=["18%", "11%", "35%", "6%", "12%", "18%"],
                    elem_id="documents",
                )
                upload = gr.File(
                    label=f"Add articles. {LIMITS}",
                    file_count="multiple",
                    file_types=list(UPLOAD_TYPES),
                    type="filepath",
                    elem_id="upload",
                )
                upload_status = gr.Markdown(elem_id="upload-status")
                with gr.Row():
                    reingest = gr.Button("Re-ingest", variant="primary", elem_id="reingest")
                    refresh = gr.Button("Refresh", elem_id="refresh")
                status = gr.Markdown(elem_id="ingest-status")

        def respond(message, chat, hist):
            yield from _chat(assistant, message, chat, hist)

        gr.on(
            triggers=[textbox.submit, send.click],
            fn=respond,
            inputs=[textbox, chatbot, history],
            outputs=[chatbot, history, textbox],
            concurrency_limit=1,
            concurrency_id=QUEUE,
            api_name="chat",
            api_visibility="undocumented",  # the browser's event; clients should use /ask
            show_progress="minimal",
        )
        clear.click(lambda: ([], [], ""), outputs=[chatbot, history, textbox], api_visibility="private", queue=False)
        chatbot.clear(lambda: [], outputs=[history], api_visibility="private", queue=False)  # its trash icon

        def list_documents():
            try:
                return _documents_rows(assistant), ""
            except RagError as e:
                return [], _error_text(e)

        def run_ingest(request: gr.Request):
            if not admin_allowed(request):
                rows, _ = list_documents()
                return rows, _error_text(RuntimeError(
                    "re-ingest is only available on this machine, or after logging in when a login is configured"
                ))
            try:
                report, skipped = assistant.ingest()
                msg = f"**Re-ingested**: {_md(report.summary())}"
                if skipped:
                    msg += "\n\nSkipped (unreadable):\n" + "\n".join(f"- {_md(s)}" for s in skipped)
            except RagError as e:
                msg = _error_text(e)
            rows, err = list_documents()
            return rows, msg + (f"\n\n{err}" if err else "")

        def add_uploads(files, request: gr.Request, progress=gr.Progress()):
            paths = [str(f) for f in files or []]
            if not paths:
                return gr.update(), "", None
            if not admin_allowed(request):
                return gr.update(), _error_text(RuntimeError(
                    "uploads are only available on this machine, or after logging in when a login is configured"
                )), None
            try:
                report = assistant.add_files(
                    paths, names=[Path(p).name for p in paths],
                    on_progress=lambda done, total, msg: progress((done, total), desc=msg),
                )
                msg = format_upload(report)
            except RagError as e:
                msg = _error_text(e)
            rows, err = list_documents()
            return rows, msg + (f"\n\n{err}" if err else ""), None

        upload.upload(
            add_uploads,
            inputs=[upload],
            outputs=[table, upload_status, upload],
            concurrency_limit=1,
            concurrency_id=INGEST,
            api_visibility="private",
        )
        cite_open.change(
            lambda token: (gr.update(visible=True), open_source(assistant, token)),
            inputs=[cite_open],
            outputs=[source_panel, source_view],
            api_visibility="private",
            concurrency_limit=READERS,
            concurrency_id="read",  # reads the index, like the listings
        ).then(None, js=SCROLL_TO_QUOTE_JS)
        close_source.click(lambda: gr.update(visible=False), outputs=[source_panel], api_visibility="private",
                           queue=False)
        # Listing reads the index: queued (bounded like everything else) in its own group, so it
        # doesn't wait for a generation; the Assistant's reader/writer lock keeps it off a half-done ingest.
        for trigger in (demo.load, refresh.click):
            trigger(list_documents, outputs=[table, status], api_visibility="private",
                    concurrency_limit=READERS, concurrency_id="read")
        reingest.click(
            run_ingest,
            outputs=[table, status],
            concurrency_limit=1,
            concurrency_id=INGEST,
            api_visibility="private",  # not an API: the button, gated by admin_allowed
        )

        # -- API endpoints (gradio_client) ----------------------------------------
        def ask(question: str, history: list[list[str]] | None = None) -> dict:
            """Answer a question from the indexed articles.

            Returns the answer record (`Answer.to_dict()`, as `rag answer --jsonl`):
            question, standalone_question, answer (with [n] markers), refused,
            reason, citations [{n, source, title, outlet, folder, start, end, quote,
            score}], timings. `history`: optional earlier [question, answer] pairs,
            oldest first, for follow-ups.
            """
            try:
                return assistant.ask(question, history or ()).to_dict()
            except RagError as e:
                raise gr.Error(_error_text(e).removeprefix("⚠️ "), print_exception=False) from None

        def documents() -> list[dict]:
            """The indexed documents: source, title, outlet, chunks, ingested_at."""
            try:
                return assistant.documents()
            except RagError as e:
                raise gr.Error(_error_text(e).removeprefix("⚠️ "), print_exception=False) from None

        gr.api(ask, api_name="ask", concurrency_limit=1, concurrency_id=QUEUE)
        gr.api(documents, api_name="documents", concurrency_limit=READERS, concurrency_id="read")

    # Bounded queue: past max_queue waiting requests, new ones get a "queue is full"
    # message at once instead of piling up memory and waiting for minutes.
    if max_queue is None:
        max_queue = assistant.settings.queue_max
    demo.queue(default_concurrency_limit=1, max_size=max_queue)
    return demo


def launch(demo: gr.Blocks, host: str, port: int, **kwargs):
    """Start the server with the local-only options (tests pass prevent_thread_lock=True)."""
    return demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        inbrowser=False,
        ssr_mode=False,
        mcp_server=False,
        enable_monitoring=False,
        show_error=False,
        # uploads: the library's own per-file limit; LoginGuard also caps the count,
        # gates uploads from other machines, and slows down failed logins
        max_file_size=MAX_UPLOAD_BYTES,
        app_kwargs={"middleware": [Middleware(LoginGuard, auth_enabled=bool(kwargs.get("auth")))]},
        js=SOURCE_JS,
        css=SOURCE_CSS,
        **kwargs,
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; each overrides its setting (None: not given, the setting applies)."""
    parser = argparse.ArgumentParser(
        description="Web chat over the indexed news articles (settings: the RAG_* environment variables).",
    )
    parser.add_argument("--host", help=f"interface to listen on ({' / '.join(env_names('host'))}, default {Settings().host})")
    parser.add_argument("--port", type=int, help=f"port ({' / '.join(env_names('port'))}, default {Settings().port})")
    parser.add_argument("--auth", help="require a login, USER:PASSWORD (RAG_AUTH); use it before exposing the chat beyond this machine")
    return parser.parse_args(argv)


def serve(settings: Settings) -> int:
    """Ingest if the index is empty, then serve the web chat until interrupted. → exit status (`rag serve`)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        assistant = Assistant(settings)
    except RagError as e:  # a bad setting: nothing to serve
        print(f"Error: {e}", file=sys.stderr)
        return 1
    try:
        done = assistant.ensure_index(progress=False)
        if done:
            print(f"index was empty; ingested {settings.corpus_dir}: {done[0].summary()}", file=sys.stderr)
        assistant.warm_up()  # the model loads in the background (llama.cpp, without the GIL) while the web app starts
        assistant.retriever.retrieve("warm up")  # load the embedder and the keyword index now, not on the first question
    except RagError as e:
        # Still serve: the chat shows the error, and the Documents tab can re-ingest.
        print(f"Warning: {e}", file=sys.stderr)
    demo = build_app(assistant)
    try:
        auth = settings.auth_pair
        launch(demo, settings.host, settings.port, **({"auth": auth} if auth else {}))
    except OSError as e:
        print(f"Error: cannot listen on {settings.host}:{settings.port}: {e}", file=sys.stderr)
        return 1
    finally:
        assistant.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python app.py [--host H] [--port P] [--auth U:P]`, the same as `rag serve`."""
    args = parse_args(argv)
    try:
        settings = Settings.from_env(host=args.host, port=args.port, auth=args.auth)
    except RagError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return serve(settings)


if __name__ == "__main__":
    sys.exit(main())
