"""Conversation in the library: history, the standalone question, the stream protocol, one record.

Plumbing only (the Scripted generator); the real model's follow-up is in test_conversation_e2e.py.
"""

import gc
import json
import re
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag import Answer, Assistant, QuestionError, Retrieved, Scripted, Turn
from rag.cli import cli
from rag.conversation import CONDENSE_SYSTEM, normalize_history

FIRST = "Why did Japan drop the June deal with Russia?"
FOLLOW = "And what did Russia demand?"
REWRITE = "What did Russia demand of Japan about the June deal?"
CONTRACT = {"question", "standalone_question", "answer", "refused", "reason", "citations", "timings"}


def _reply(messages):
    if messages[0]["content"] == CONDENSE_SYSTEM:
        return REWRITE
    return Scripted.first_sentence(messages)


@pytest.fixture
def chat(settings):
    a = Assistant(settings, generator=Scripted(_reply))
    a.ingest()
    return a


def _condense_prompts(a):
    return [m[-1]["content"] for m in a.generator.calls if m[0]["content"] == CONDENSE_SYSTEM]


def test_follow_up_is_condensed_and_the_answer_says_so(chat):
    first = chat.ask(FIRST)
    assert first.standalone_question == first.question == FIRST
    assert _condense_prompts(chat) == []  # no history: no rewrite, no model call for it
    ans = chat.ask(FOLLOW, history=[first])
    assert ans.question == FOLLOW
    assert ans.standalone_question == REWRITE
    (prompt,) = _condense_prompts(chat)
    assert f"Human: {FIRST}" in prompt and FOLLOW in prompt
    assert "[1]" not in prompt  # the earlier answer's markers are not shown to the rewriter
    # the answer was built for the standalone question
    assert chat.generator.calls[-1][-1]["content"].endswith(f"Question: {REWRITE}\nAnswer:")
    assert ans.to_dict()["standalone_question"] == REWRITE
    assert "condense_s" in ans.timings


def test_every_history_form_gives_the_same_rewrite_prompt(chat):
    first = chat.ask(FIRST)
    forms = [
        [first],
        [first.as_turn()],
        [Turn(FIRST, first.text)],
        [(FIRST, first.text)],
        [[FIRST, first.text]],
        [{"role": "user", "content": FIRST}, {"role": "assistant", "content": first.text}],
    ]
    for history in forms:
        chat.ask(FOLLOW, history=history)
    prompts = _condense_prompts(chat)
    assert len(prompts) == len(forms) and len(set(prompts)) == 1
    assert normalize_history(forms[0]) == [Turn(FIRST, first.text)]


def test_a_standalone_question_with_history_is_not_rewritten(chat):
    first = chat.ask(FIRST)
    ans = chat.ask("Why did Russia summon the Japanese ambassador in January 2019?", history=[first])
    assert ans.standalone_question == ans.question
    assert _condense_prompts(chat) == []


def test_stream_protocol_retrieved_first_then_text_then_the_answer(chat):
    events = chat.stream(FIRST)
    head = next(events)
    # retrieval is done and the model has not been asked anything yet
    assert isinstance(head, Retrieved)
    assert chat.generator.calls == []
    assert head.question == head.standalone_question == FIRST
    assert head.passages and all(p.title and p.source for p in head.passages)
    rest = list(events)
    assert all(isinstance(p, str) for p in rest[:-1]) and len(rest) > 2
    answer = rest[-1]
    assert isinstance(answer, Answer) and answer.draft == "".join(rest[:-1])
    # the passages the answer cites were among those announced
    assert {c.source for c in answer.citations} <= {p.source for p in head.passages}


def test_stream_of_a_follow_up_announces_the_standalone_question(chat):
    first = chat.ask(FIRST)
    head = next(chat.stream(FOLLOW, [first]))
    assert (head.question, head.standalone_question) == (FOLLOW, REWRITE)


def test_refusal_at_the_gate_is_retrieved_then_the_answer(chat):
    events = list(chat.stream("What is a good recipe for miso soup?"))
    assert [type(e) for e in events] == [Retrieved, Answer]
    assert events[-1].refused and events[-1].reason == "low relevance"


def test_one_record_for_every_interface(chat):
    ans = chat.ask(FIRST)
    record = ans.to_dict()
    assert set(record) == CONTRACT
    assert set(record["citations"][0]) == {"n", "source", "title", "outlet", "folder", "start", "end", "quote", "score"}
    assert {"retrieve_s", "generate_s", "total_s"} <= set(record["timings"])
    json.dumps(record)  # plain data
    # the CLI's --json and batch records are this one (plus the caller's id)
    runner = CliRunner()
    out = runner.invoke(cli, ["ask", FIRST, "--json"], obj=chat)
    assert out.exit_code == 0, out.output
    assert set(json.loads(out.output)) == CONTRACT


def test_batch_lines_may_carry_history(chat):
    first = chat.ask(FIRST)
    lines = [
        {"id": 1, "question": FIRST},
        {"id": 2, "question": FOLLOW, "history": [[FIRST, first.text]]},
        {"id": 3, "question": FOLLOW, "history": [{"question": FIRST, "answer": first.text}]},
        {"id": 4, "question": FOLLOW, "history": "not a list"},
        {"id": 5, "question": FOLLOW, "history": [[FIRST]]},
    ]
    out = CliRunner().invoke(cli, ["answer", "--jsonl", "-"], input="\n".join(json.dumps(x) for x in lines), obj=chat)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.exit_code == 1  # two bad lines
    assert [r["id"] for r in records] == [1, 2, 3, 4, 5]
    assert records[0]["standalone_question"] == FIRST
    assert records[1]["standalone_question"] == records[2]["standalone_question"] == REWRITE
    assert records[1]["answer"] == records[2]["answer"]
    assert "history" in records[3]["error"] and "history" in records[4]["error"]


def test_chat_command_keeps_the_conversation(chat):
    """`rag chat` without a terminal (piped): same conversation logic; the pty test is in test_conversation_e2e."""
    script = f"{FIRST}\n{FOLLOW}\n/new\n{FOLLOW}\n/quit\n"
    out = CliRunner().invoke(cli, ["chat"], input=script, obj=chat)
    assert out.exit_code == 0, out.output
    assert out.output.count("Sources:") == 3
    assert out.output.count(f"(read as: {REWRITE})") == 1  # after /new the follow-up has no history
    assert len(_condense_prompts(chat)) == 1


def test_chat_command_reports_a_bad_question_and_goes_on(chat):
    out = CliRunner().invoke(cli, ["chat"], input=f"{'w' * 3000}\n{FIRST}\n", obj=chat)
    assert out.exit_code == 0
    assert "Error: the question is 3,000 characters long" in out.output
    assert "Sources:" in out.output


def test_empty_question_with_history_is_still_a_clear_error(chat):
    with pytest.raises(QuestionError, match="empty"):
        chat.ask("  \n", history=[(FIRST, "an answer")])


# -- one Assistant shared by threads ----------------------------------------------------
class Closable(Scripted):
    def __init__(self):
        super().__init__(_reply)
        self.closed = 0

    def close(self):
        self.closed += 1


def test_close_frees_the_parts_and_works_as_a_context_manager(settings):
    gen = Closable()
    with Assistant(settings, generator=gen) as a:
        a.ingest()
        assert not a.ask(FIRST).refused
        index = a.index
    assert gen.closed == 1
    assert index._client._closed  # chromadb's own flag: the client released its system
    # used again after close: it opens what it needs again
    assert not a.ask(FIRST).refused
    a.close()


def test_an_assistant_dropped_without_close_releases_its_store(settings, held_open):
    """chromadb keeps each client's store (SQLite connections, segment files) in a class-level
    cache until the client is closed: an Assistant dropped unclosed held 11 file descriptors
    for the process's life (measured), and a test run that leaked them broke pexpect's
    `select()` past descriptor 1024 (CI, 2026-12-07)."""
    for _ in range(2):
        a = Assistant(settings, generator=Scripted(_reply))
        a.ingest()
        assert not a.ask(FIRST).refused
        assert held_open(settings.index_dir, at_most=1000)  # it did open the store
        del a
        gc.collect()
        assert held_open(settings.index_dir) == []


def test_threads_asking_while_an_ingest_runs(settings, corpus):
    """N threads answer while another thread re-ingests a changed corpus: no exception,
    every answer checked, the index consistent afterwards."""
    a = Assistant(settings, generator=Scripted(_reply))
    a.ingest()
    # the change the ingest has to make: one file edited, one removed, one added
    (corpus / "003_0e3ea9520caa6332.txt").write_text(
        "Abe will fly to Moscow on a blue zeppelin named Harmony.\n\nThe zeppelin lands on Jan. 21.", encoding="utf-8"
    )
    (corpus / "004_3ed4bf90ac3744bf.txt").unlink()
    (corpus / "005_new.txt").write_text((corpus / "000_39e0fc70934ad5fb.txt").read_text() + "\n\nA new closing line.")

    questions = [FIRST, "What did Lavrov say Japan must recognize?", "Why did Russia summon the Japanese ambassador in January 2019?"]
    answers, errors = [], []
    start = threading.Barrier(7)

    def asker(i):
        start.wait()
        try:
            for k in range(3):
                q = questions[(i + k) % len(questions)]
                ans = a.ask(q, history=[(FIRST, "Over the islands [1].")] if k == 2 else ())
                answers.append(ans)
        except Exception as e:  # noqa: BLE001 - any exception fails the test
            errors.append(e)

    def ingester():
        start.wait()
        try:
            answers.append(a.ingest()[0])
            a.documents()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=asker, args=(i,)) for i in range(6)] + [threading.Thread(target=ingester)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    report = [x for x in answers if not isinstance(x, Answer)][0]
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    checked = [x for x in answers if isinstance(x, Answer)]
    assert len(checked) == 18
    for ans in checked:
        assert not ans.refused and ans.citations
        # every [n] in the text has a citation, from a passage the model was shown
        assert {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)} == {c.n for c in ans.citations}
        assert {c.source for c in ans.citations} <= {p.source for p in ans.passages}
    # the index afterwards: exactly the corpus, each document's chunks once
    docs = {d["source"]: d["chunks"] for d in a.documents()}
    assert sorted(docs) == sorted(p.name for p in Path(corpus).iterdir())
    got = a.index.collection.get(include=["metadatas"])
    assert len(got["ids"]) == len(set(got["ids"])) == sum(docs.values()) == a.index.count()
    # and retrieval sees the new content
    assert a.retriever.retrieve("zeppelin Harmony")[0].source == "003_0e3ea9520caa6332.txt"


def test_a_question_typed_in_lower_case_is_cased_as_the_passages_write_it():
    from rag.conversation import truecased
    texts = ["Still, Japan and Russia remain far apart over the islands, called the Northern Territories in Japan and the "
             "Southern Kurils in Russia. The Russian side said so of the Northern Territories. Later, Russian officials agreed. The talks "
             "went on in Japan."]
    assert truecased("what do russians call the northern territories", texts) == \
        "What do Russians call the Northern Territories"
    assert truecased("did the talks go on in japan", texts) == "Did the talks go on in Japan"  # "talks" stays as written
    assert truecased("What do russians call them?", texts) == "What do Russians call them?"  # only a first capital: cased
    assert truecased("What do russians call the Northern Territories?", texts) == \
        "What do russians call the Northern Territories?"  # cased by its writer: left as typed
