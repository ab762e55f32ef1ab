"""The answer stage's plumbing, with a deterministic generator (never a quality test)."""

import re
from dataclasses import replace
from pathlib import Path

import pytest

from rag import NOT_IN_CORPUS, Answer, Assistant, IndexUnavailable, QuestionError, Retrieved, Scripted
from rag.prompt import DECLINE, fold_pointers
from rag.citations import SentenceBank

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CONTRACT = {"question", "standalone_question", "answer", "refused", "reason", "citations", "timings"}


def test_answer_cites_passages_with_quotes_from_the_article(scripted):
    ans = scripted.ask("What did Lavrov say Japan must recognize?")
    assert not ans.refused and ans.citations
    for c in ans.citations:
        assert c.quote in (SEEDS / c.source).read_text()
    record = ans.to_dict()
    assert set(record) == CONTRACT
    assert set(record["citations"][0]) == {"n", "source", "title", "outlet", "folder", "start", "end", "quote", "score"}
    assert {"retrieve_s", "generate_s", "total_s"} <= set(record["timings"])


def test_stream_yields_retrieved_then_text_then_the_answer(scripted):
    head, *parts = list(scripted.stream("What did Lavrov say Japan must recognize?"))
    assert isinstance(head, Retrieved) and head.passages
    assert all(isinstance(p, str) for p in parts[:-1]) and len(parts) > 2
    assert parts[-1].draft == "".join(parts[:-1])


def test_off_topic_question_is_refused_without_calling_the_model(scripted):
    ans = scripted.ask("What is a good recipe for miso soup?")
    assert ans.refused and ans.text == NOT_IN_CORPUS and ans.citations == []
    assert ans.reason == "low relevance"
    assert scripted.generator.calls == []


def test_model_that_declines_twice_gives_a_refusal_when_no_sentence_answers(settings):
    gen = Scripted(lambda m: "The passages do not say anything about that.")
    a = Assistant(settings.replace(min_evidence=2.0), generator=gen)  # no quote can qualify
    a.ingest()
    ans = a.ask("What did Lavrov say Japan must recognize?")
    assert ans.refused and ans.reason == "model declined"
    assert len(gen.calls) == 2  # the draft, then one more turn


def test_model_that_declines_gets_the_passage_sentence_that_answers(settings):
    a = Assistant(settings, generator=Scripted(lambda m: "The passages do not say anything about that."))
    a.ingest()
    ans = a.ask("What did Lavrov say Japan must recognize?")
    assert not ans.refused and ans.route == "quote"
    [c] = ans.citations
    assert c.quote in (SEEDS / c.source).read_text() and f'"{c.quote}" [1]' in ans.text
    assert "sovereignty" in c.quote


ECHOED = "Who summoned Japanese Ambassador Toyohisa Kozuki?"


def _echo_then_name(messages):
    """The draft echoes the question (no name); a second turn shown Morgulov's sentence names him."""
    asked = messages[-1]["content"]
    if "Morgulov" not in asked.split("Question:")[0] or len(asked) > 600:  # the draft: an echo, no name
        return "Japanese Ambassador Toyohisa Kozuki was summoned [1]."
    return "Russian Deputy Foreign Minister Igor Morgulov summoned the Japanese ambassador [1]."


def test_an_echo_of_the_question_gets_a_second_turn_pointed_at_the_answer(settings):
    question = ECHOED
    gen = Scripted(_echo_then_name)
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask(question)
    assert ans.route == "retry" and "Morgulov" in ans.text and not ans.refused
    first, second = gen.calls
    assert second[:-1] == first[:-1]  # same system prompt and examples: a prefix llama.cpp keeps cached
    assert "Morgulov" in second[-1]["content"] and len(second[-1]["content"]) < len(first[-1]["content"])


def test_the_second_turn_of_an_outcome_question_may_say_the_passages_dont_answer(settings):
    # prompt.DECLINE: what the second turn declines is not shown, nor quoted in its place: the model,
    # shown the best sentences, found no outcome in them (dev: a plan was quoted as the Osaka result)
    def script(m):
        return "The passages don't say." if DECLINE in m[-1]["content"] else "Nothing was planned [1]."
    gen = Scripted(script)
    a = Assistant(settings.replace(min_evidence=0.5), generator=gen)  # its best sentence scores 0.58: quotable
    a.ingest()
    ans = a.ask("What did Kishida and Lavrov agree on regarding North Korea?")
    first, second = gen.calls
    assert DECLINE not in first[-1]["content"] and DECLINE in second[-1]["content"]
    assert ans.refused and ans.reason == "model declined" and "don't say" not in ans.text


@pytest.mark.parametrize("question", [ECHOED, "Why did Japan drop the June deal with Russia?"])
def test_other_second_turns_may_not_decline(settings, question):
    # measured: the model declined right second turns of single facts and the design card's reasons
    gen = Scripted(lambda m: "It was dropped [1].")  # fails the checks: a second turn follows
    a = Assistant(settings, generator=gen)
    a.ingest()
    a.ask(question)
    assert len(gen.calls) == 2 and DECLINE not in gen.calls[1][-1]["content"]


@pytest.mark.parametrize("question, shown", [
    ("Where did Kono and Lavrov meet on May 31?", True),
    # the best sentence tells of the seizure of the islands, not of the residents' resettlement (checks.tells_event)
    ("Where were the Japanese residents expelled from the islands in 1945 resettled?", False),
])
def test_a_place_quoted_must_be_the_place_of_what_was_asked(settings, question, shown):
    gen = Scripted(lambda m: "The passages do not say anything about that.")
    a = Assistant(settings.replace(min_evidence=0.5), generator=gen)  # quotable whatever the sentence's score
    a.ingest()
    ans = a.ask(question)
    if shown:
        assert ans.route == "quote" and not ans.refused and "Tokyo" in ans.citations[0].quote
    else:
        assert ans.refused and ans.text == NOT_IN_CORPUS


def _echo_then_tokyo(messages):
    """The draft echoes the question; the second turn answers with a bare place."""
    return "Kono and Lavrov met on May 31 [1]." if len(messages[-1]["content"]) > 600 else "Tokyo [1]."


@pytest.mark.parametrize("question, shown", [
    ("Where did Kono and Lavrov meet on May 31?", True),
    # the cited sentence tells their talks in Tokyo, not a dinner (checks.tells_event): neither the bare place
    # nor that sentence, quoted, answers it
    ("Where did Kono and Lavrov have dinner on May 31?", False),
])
def test_a_second_turns_bare_place_must_be_the_place_of_what_was_asked(settings, question, shown):
    gen = Scripted(_echo_then_tokyo)
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask(question)
    assert len(gen.calls) == 2
    if shown:
        assert ans.route == "retry" and ans.text.startswith("Tokyo") and not ans.refused
    else:
        assert ans.refused and ans.text == NOT_IN_CORPUS


@pytest.mark.parametrize("question, shown", [
    ("Where did Kono and Lavrov meet on May 31?", True),
    ("Where did Kono and Lavrov have dinner on May 31?", False),  # a fresh question's draft: a bare place, its event untold
])
def test_a_drafts_bare_place_must_be_the_place_of_what_was_asked(settings, question, shown):
    gen = Scripted(lambda m: "Tokyo [1]." if len(m[-1]["content"]) > 600 else "The passages don't say.")
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask(question)
    if shown:
        assert ans.route == "draft" and ans.text.startswith("Tokyo") and not ans.refused
    else:
        assert ans.refused and ans.text == NOT_IN_CORPUS


def _citing(needle: str, answer: str):
    """A reply that cites, as [n], the prompt's passage that holds `needle` (the first passage when none does)."""
    def reply(messages):
        found = re.search(r"^\[(\d+)\][^\n]*" + re.escape(needle), messages[-1]["content"], re.M)
        return answer.format(n=found.group(1) if found else 1) if len(messages[-1]["content"]) > 600 else "NOT IN PASSAGES"
    return reply


@pytest.mark.parametrize("needle", ["Jan. 22 in Moscow", "World Economic Forum in Davos"])
def test_a_who_answer_names_whom_its_cited_sentence_names_at_the_place_asked(settings, needle):
    # a fresh question: "Abe will meet with Putin in Davos, Switzerland [1]", cited to his Jan. 22 Moscow meeting with
    # Putin (placed elsewhere) or to "He will attend the … World Economic Forum in Davos…" (no Putin in it)
    a = Assistant(settings, generator=Scripted(_citing(needle, "Abe will meet with Putin in Davos, Switzerland [{n}].")))
    a.ingest()
    ans = a.ask("Who will Abe meet in Davos?")
    assert ans.refused or "Putin" not in ans.text


def test_a_quoted_yes_names_the_place_asked_as_a_place(settings):
    # a fresh question: "Yes." over "Tokyo is considering new moves after … a Jan. 14 meeting of … Kono and … Lavrov…"
    # (the meeting was in Moscow; "Tokyo" there is the government)
    a = Assistant(settings, generator=Scripted(_citing("May 31", "Yes, Lavrov met Kono in Tokyo in January 2019 [{n}].")))
    a.ingest()
    ans = a.ask("Did Lavrov meet Kono in Tokyo in January 2019?")
    assert not ans.text.startswith("Yes")


@pytest.mark.parametrize("question, opens", [
    ("How many times had Kishida and Lavrov met in 2016, counting their Moscow talks before the December summit?",
     "The Japan Times reports:"),
    ("Was the Moscow meeting in December 2016 the first time in that year that Kishida and Lavrov meet?", "No. "),
])
def test_a_count_of_their_meetings_is_quoted_when_the_models_count_fails(settings, question, opens):
    # the model's "2" and its "Yes" are unsupported (dev, dev8); "In their third meeting this year…" answers both
    gen = Scripted(lambda m: "2 [1]." if "How many" in m[-1]["content"] else "Yes, it was the first time [1].")
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask(question)
    assert ans.route == "quote" and ans.text.startswith(opens) and "third meeting this year" in ans.text


def test_a_nationality_the_articles_dont_give_a_person_is_not_shown(settings):
    # dev6: the articles title Lavrov "Russian Foreign Minister" (not in the cited passage: looked up by his name)
    said = "His Japanese counterpart in the treaty negotiations is Sergey Lavrov [1]."
    gen = Scripted(lambda m: said)
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask("Who is the Japanese counterpart of Russian deputy foreign minister Igor Morgulov in the treaty negotiations?")
    assert len(gen.calls) == 2 and "Japanese counterpart in the treaty negotiations is Sergey Lavrov" not in ans.text


def test_with_retries_off_a_failed_check_goes_straight_to_the_quote(settings):
    gen = Scripted(lambda m: "Japan and Russia set up something in 2016 [1].")
    a = Assistant(settings.replace(retry=False), generator=gen)
    a.ingest()
    ans = a.ask("Where did Kishida meet Putin the day before his talks with Lavrov?")
    assert len(gen.calls) == 1
    assert ans.route in ("quote", "draft") and ("Petersburg" in ans.text or ans.refused)


def test_a_why_draft_whose_citations_mark_no_reason_still_passes_the_other_checks(settings):
    # dev8, a near miss: "Why didn't Lavrov come to Tokyo…?" (he did) got "…because he met with Taro Kono … in
    # Tokyo on May 31 [1]. The passage states: "…" [1]". A draft whose cited sentences mark no reason stays a
    # candidate, but it used to skip every later check, the passage-narrating one among them
    def reply(messages):
        for line in messages[-1]["content"].split("\n"):
            if "in Tokyo on May 31" in line and line.startswith("["):
                n = line.split("]")[0].lstrip("[")
                return (f"Lavrov did not come to Tokyo for the May 31 talks because he met with Kono in Tokyo on May 31 [{n}]. "
                        f'The passage states: "Kono met with visiting Russian Foreign Minister Sergei Lavrov in Tokyo on May 31" [{n}].')
        return "The passages do not say."

    gen = Scripted(reply)
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask("Why didn't Lavrov come to Tokyo for the May 31 round of talks?")
    assert gen.calls and "The passage states" in reply(gen.calls[0])  # the draft narrates
    assert "The passage states" not in ans.text and "because he met with Kono" not in ans.text


def test_answer_from_general_knowledge_is_refused(settings):
    a = Assistant(settings, generator=Scripted(lambda m: "Osaka has 2.7 million inhabitants [1]."))
    a.ingest()
    ans = a.ask("How many people live in Osaka, the G20 host city?")
    assert ans.refused and ans.reason in ("unsupported", "low relevance")
    assert "2.7" not in ans.text


@pytest.mark.parametrize("question", ["", "   \n\t ", None, "\x00\x1b"])
def test_empty_question_is_a_clear_error(scripted, question):
    with pytest.raises(QuestionError, match="empty"):
        scripted.ask(question)


def test_huge_question_is_a_clear_error(scripted):
    with pytest.raises(QuestionError, match="20,000 characters"):
        scripted.ask("w" * 20_000)


def test_control_characters_are_cleaned(scripted):
    ans = scripted.ask("What did Lavrov\x00 say\x1b Japan\tmust recognize?\r\n")
    assert ans.question == "What did Lavrov say Japan must recognize?"
    assert not ans.refused


def test_missing_index_is_a_clear_error(settings):
    a = Assistant(settings, generator=Scripted())
    with pytest.raises(IndexUnavailable, match="rag ingest"):
        a.ask("Who is Lavrov?")


def test_passages_that_do_not_fit_are_left_out_and_said(settings):
    gen = Scripted(context_window=420)  # Scripted counts words as tokens
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask("What did Lavrov say Japan must recognize?")
    assert 1 <= len(ans.passages) < a.settings.top_k
    assert ans.notes and all("left out passage" in n for n in ans.notes)
    prompt = gen.calls[0][-1]["content"]
    assert all(" ".join(p.text.split()) in prompt for p in ans.passages)  # whole passages, none cut


def test_a_why_answer_gets_the_reason_another_article_gives(settings):
    """The design card's question: TASS and the Asahi give different causes; the model writes one."""

    def reply(messages):
        asked = messages[-1]["content"]
        for line in asked.split("\n"):
            if "demanded that Japan recognized" in line:  # TASS's sentence, under its passage number
                n = line.split("]")[0].lstrip("[")
                return f"Japan dropped the deal because Russia demanded that Japan recognize Russia's sovereignty over the southern Kuril Islands [{n}]."
        return "The passages do not say."

    a = Assistant(settings, generator=Scripted(reply))
    a.ingest()
    ans = a.ask("Why did Japan drop the June deal with Russia?")
    assert not ans.refused
    sources = [c.source for c in ans.citations]
    assert sources[0] == "002_e5fcf2e5e45cdf61.txt" and "000_39e0fc70934ad5fb.txt" in sources[1:]
    added = ans.citations[-1]
    assert "military bases" in added.quote and f'"{added.quote}" [{added.n}]' in ans.text
    assert added.quote in (SEEDS / added.source).read_text()
    # worded as on the design card, the Asahi's sentence is the best reason of all and the answer cites
    # TASS only: it is added however weak its evidence (the TASS demand reaches the prompt with "Japan
    # viewed that demand as inadmissible", citations.points_back)
    ans = a.ask("Why did Japan drop the June deal?")
    assert [c.source for c in ans.citations][:1] == ["002_e5fcf2e5e45cdf61.txt"] and "military bases" in ans.citations[-1].quote
    # a why-answer whose best reason has no rival in another article stays as written
    ans = a.ask("Why did Kishida lodge a protest with Lavrov during their Moscow meeting?")
    assert "also reports" not in ans.text


def test_an_answer_the_model_judges_wrong_is_refused(settings):
    """The answer check: a separate yes/no prompt over the sentences the answer cites."""
    judged = []

    def judge(messages):
        judged.append(messages[-1]["content"])
        return -1.0  # "No"

    gen = Scripted(lambda m: "Lavrov said Japan must recognize Russia's sovereignty over the islands [1].", judge=judge)
    a = Assistant(settings.replace(min_check=0.6, min_evidence=0.0), generator=gen)  # any sentence may be quoted
    a.ingest()
    ans = a.ask("What did Lavrov say Japan must recognize?")
    assert ans.refused and ans.text == NOT_IN_CORPUS and ans.citations == []
    assert ans.reason == "failed the check" and ans.check == -1.0 and "check_s" in ans.timings
    # no second turn after a "No" (dev: it turned near misses back into answers); the quoted sentence
    # that could stand in is judged too, and judged wrong
    assert len(gen.calls) == 1 and len(judged) == 2
    assert [(t["route"], t["check"]) for t in ans.tried] == [("draft", -1.0), ("quote", -1.0)]
    prompt = judged[0]
    assert "Question: What did Lavrov say Japan must recognize?\nProposed answer: " in prompt
    draft = ans.draft.replace(" [1]", "")
    assert prompt.endswith(f"Proposed answer: {draft}\n\nAccording to the passage, is the proposed answer a "
                           "correct answer to this question? Reply Yes or No.")  # the answer without its markers
    # the check sees only the sentence the answer cites
    passage = prompt.split("Passage:\n")[1].split("\n\nQuestion:")[0]
    assert len(passage.strip().splitlines()) == 1 and "sovereignty" in passage


def test_after_a_no_a_quote_the_model_judges_right_stands_in(settings):
    gen = Scripted(judge=lambda m: 2.0 if 'reports: "' in m[-1]["content"] else -1.0)
    a = Assistant(settings.replace(min_check=0.6, min_evidence=0.0), generator=gen)
    a.ingest()
    ans = a.ask("What did Lavrov say Japan must recognize?")
    assert not ans.refused and ans.route == "quote" and ans.check == 2.0
    [c] = ans.citations
    assert f'"{c.quote}" [1]' in ans.text and c.quote in (SEEDS / c.source).read_text()
    assert [(t["route"], t["check"]) for t in ans.tried] == [("draft", -1.0), ("quote", 2.0)]


def test_a_second_turn_is_judged_too(settings):
    """A draft that fails the checks in code gets a second turn; each answer written gets the model's verdict."""
    question = ECHOED
    gen = Scripted(_echo_then_name, judge=lambda m: 2.5 if "Morgulov summoned" in m[-1]["content"].split("Proposed answer:")[1] else -3.0)
    a = Assistant(settings.replace(min_check=0.6), generator=gen)
    a.ingest()
    ans = a.ask(question)
    assert not ans.refused and ans.route == "retry" and "Morgulov" in ans.text and ans.check == 2.5
    assert [(t["route"], t["check"]) for t in ans.tried] == [("retry", 2.5)]  # the echo failed in code: never judged
    # the same second turn judged wrong: refused, with what was tried
    gen._judge = lambda m: -3.0
    ans = a.ask(question)
    assert ans.refused and ans.reason == "failed the check" and ans.tried[0]["route"] == "retry"
    assert all(t["check"] == -3.0 for t in ans.tried)  # a quote that might stand in is judged wrong too


def test_a_why_draft_and_its_second_turn_are_both_judged(settings):
    """A why-draft whose cited sentence marks no reason gets a second turn over the best reason sentences.
    The second turn goes first when the model judges it right; judged wrong, the draft is judged and stands."""
    import re

    def reply(messages):
        asked = messages[-1]["content"]
        if "St. Petersburg" in asked.split("Question:")[0]:  # the draft: its cited sentence gives no reason
            return "Kishida met Putin on Friday in St. Petersburg [1]."
        n, sentence = re.search(r"^\[(\d+)\] (.+?[.!?])(\s|$)", asked, re.M).groups()[:2]
        return f"{sentence} [{n}]"  # the second turn copies the first reason sentence it is shown

    verdicts = {"draft": 1.7, "retry": 1.2}
    gen = Scripted(reply, judge=lambda m: verdicts["draft" if "St. Petersburg" in m[-1]["content"].split(
        "Proposed answer:")[1] else "retry"])
    a = Assistant(settings.replace(min_check=0.6), generator=gen)
    a.ingest()
    question = "Why did Kishida meet Putin in St. Petersburg?"
    ans = a.ask(question)
    assert len(gen.calls) == 2 and [t["route"] for t in ans.tried] == ["retry"]  # the draft needs no verdict
    assert not ans.refused and ans.route == "retry" and ans.check == 1.2
    verdicts["retry"] = -2.0
    ans = a.ask(question)
    assert not ans.refused and ans.route == "draft" and ans.check == 1.7
    assert [(t["route"], t["check"]) for t in ans.tried] == [("retry", -2.0), ("draft", 1.7)]


def test_an_answer_the_model_judges_right_is_shown_with_its_verdict(settings):
    gen = Scripted()
    a = Assistant(settings.replace(min_check=0.6), generator=gen)
    a.ingest()
    ans = a.ask("What did Lavrov say Japan must recognize?")
    assert not ans.refused and ans.route == "draft" and ans.check == 10.0
    assert len(gen.judged) == 1 and ans.tried == [dict(ans.tried[0], check=10.0)]


def test_the_check_is_off_by_default(scripted):
    """On the test split it refused 3 more answerable questions, over eval/thresholds.yaml's limit (README
    "Choices"): a strict mode, RAG_MIN_CHECK=0.6."""
    scripted.generator._judge = lambda m: -5.0
    ans = scripted.ask("What did Lavrov say Japan must recognize?")
    assert not ans.refused and ans.check is None and ans.tried == [] and scripted.generator.judged == []


def test_without_the_decline_the_best_outcome_sentence_is_quoted(settings):
    # the counterpart of the test above: the same question, a second turn that fails the checks
    gen = Scripted(lambda m: "Nothing was planned [1].")
    a = Assistant(settings.replace(min_evidence=0.5), generator=gen)
    a.ingest()
    ans = a.ask("What did Kishida and Lavrov agree on regarding North Korea?")
    assert ans.route == "quote" and "North Korea" in ans.text, (ans.reason, ans.evidence, ans.text)


def test_a_role_asked_across_the_articles_gets_every_holder_cited(settings):
    # dev2: the model names one person, or a wrong one; the articles name two Japanese foreign ministers
    a = Assistant(settings, generator=Scripted(lambda m: "Toyohisa Kozuki [1]."))
    a.ingest()
    ans = a.ask("Who was Japan's foreign minister in these stories? I think it isn't the same person in all of them.")
    assert ans.route == "roles" and not ans.refused
    assert "Kishida" in ans.text and "Kono" in ans.text and "Lavrov" not in ans.text
    assert all("Foreign Minister" in c.quote and c.quote in (SEEDS / c.source).read_text() for c in ans.citations)
    # an answer that names one of them keeps its words and gets the other added
    q = "Which Japanese foreign ministers held talks with Lavrov in these reports?"
    first = ans.citations[-1] if "Kono" in ans.citations[-1].quote else ans.citations[0]
    shown = Answer(q, "Taro Kono [1].", [replace(first, n=1)], False, {})
    ans = a._every_holder(q, shown, a.retriever.retrieve(q))
    assert ans.text.startswith("Taro Kono [1]. The articles also name as foreign ministers: Fumio Kishida [2].")
    assert len(ans.citations) == 2 and "Kishida" in ans.citations[1].quote
    # one holder asked: nothing is added
    c = Assistant(settings, generator=Scripted(lambda m: "Sergey Lavrov [1]."))
    assert "also name" not in c.ask("Who is Russia's foreign minister in these talks?").text


def test_the_agencies_an_article_credits_are_its_credit_lines(settings):
    # dev2: the model named the other Japan Times article's "• Kyodo"; the answer is the credit line of the
    # article the question is about, cited as its exact span
    a = Assistant(settings, generator=Scripted(lambda m: "The Japan Times [1] and Kyodo [2] are credited."))
    a.ingest()
    ans = a.ask("Which news agencies are credited on the report about Lavrov's January 2019 talks with Kono in Moscow?")
    assert ans.route == "credits" and "credits Bloomberg and Kyodo [1]." in ans.text and ans.text.startswith("The Japan Times")
    assert [c.quote for c in ans.citations] == ["• Bloomberg, Kyodo"] and ans.citations[0].start >= 0
    # an answer that already names them is kept
    b = Assistant(settings, generator=Scripted(lambda m: "Bloomberg and Kyodo [1]."))
    assert b.ask("Which news agencies are credited on the report about Lavrov's January 2019 talks with Kono in Moscow?").route != "credits"
    # but not one that adds an agency only another article credits (dev6: the 2016 Kishida story is Kyodo's alone)
    c = b.ask("Which news agency is the Japan Times piece on Kishida's talks with Lavrov credited to?")
    assert c.route == "credits" and "credits Kyodo [1]." in c.text and "Bloomberg" not in c.text
    assert [x.quote for x in c.citations] == ["• Kyodo"]


def test_which_articles_credit_an_agency_lists_each_article_titled(settings):
    # dev7: "Which of these reports carry a Kyodo credit?" got "The Japan Times [1] and The Japan Times [4] [2]…"
    a = Assistant(settings, generator=Scripted(lambda m: "The Japan Times [1] and The Japan Times [2] carry a Kyodo credit."))
    a.ingest()
    ans = a.ask("Which of these reports carry a Kyodo credit?")
    assert ans.route == "credits" and ans.text.startswith("Of the articles found for this question, two credit Kyodo: The Japan Times article")
    assert sorted(c.quote for c in ans.citations) == ["• Bloomberg, Kyodo", "• Kyodo"]
    assert all(c.start >= 0 for c in ans.citations) and {c.title[:7] for c in ans.citations} == {"Foreign", "Russian"}
    both = a.ask("Which articles are credited to Bloomberg and Kyodo?")
    assert [c.quote for c in both.citations] == ["• Bloomberg, Kyodo"] and "one credits Bloomberg and Kyodo" in both.text
    assert a.ask("Which article mentions Kyodo?").route != "credits"  # what an article says, not its credit
    tass = a.ask("Which of the stories came from TASS?")  # before the gate: it reads unlike any sentence of news
    assert tass.route == "credits" and [c.quote for c in tass.citations] == ["TOKYO, June 1. /TASS/."]


def test_an_articles_gist_is_its_headline_and_first_sentence_quoted(settings):
    # dev4: "What is the Asahi article about?" was refused, the model having summed up another article
    a = Assistant(settings, generator=Scripted(lambda m: "It is about the Moscow talks [1]."))
    a.ingest()
    ans = a.ask("What is the Asahi article about?")
    assert ans.route == "lead" and not ans.refused and ans.text.startswith("The Asahi Shimbun article reports: ")
    assert [c.quote for c in ans.citations] == [
        "The Abe administration has abandoned its plan of reaching an agreement this month with Russia regarding a peace "
        "treaty to formally end World War II because of continuing differences over the Northern Territories issue."]
    assert ans.citations[0].start >= 0 and ans.citations[0].source.startswith("000_")
    tass = a.ask("What does the TASS report say?")  # a headline, then the first sentence past subhead and dateline
    assert tass.text.startswith('The TASS article, headlined "Japan gives up plans to sign agreement on peace treaty')
    assert tass.citations[0].quote.startswith("The Japanese government has decided to reject")
    # what an article says of something is asked of the model
    assert a.ask("What does the TASS report say Japan planned for Iturup and Kunashir?").route != "lead"


def test_a_refused_date_of_an_article_comes_from_its_dateline(settings):
    # issue #9: an article's date must be findable and citable; the TASS report's is only in its dateline
    a = Assistant(settings, generator=Scripted(lambda m: "The report was filed in 2018."))
    a.ingest()
    ans = a.ask("When was the TASS report filed?")
    assert ans.route == "dateline" and not ans.refused
    assert ans.text == 'TASS filed the report on June 1, by its dateline: "TOKYO, June 1. /TASS/." [1].'
    assert [c.quote for c in ans.citations] == ["TOKYO, June 1. /TASS/."] and ans.citations[0].start >= 0
    assert a.ask("On what date was the Asahi article published?").refused  # it has no dateline
    # a dateline without a date opens the Mainichi's first paragraph ("TOKYO -- Prime Minister…", dev6)
    mainichi = a.ask("Where is the Mainichi story on Abe's planned spring visit to Russia datelined?")
    assert mainichi.route == "dateline" and mainichi.text == 'The Mainichi filed the report from Tokyo, by its dateline: "TOKYO --" [1].'
    assert mainichi.citations[0].source.startswith("003_") and mainichi.citations[0].start >= 0


def test_a_headline_or_source_question_gets_the_headline_or_attribution_quoted(settings):
    # dev7: "what's the headline on the tass report" was refused at the relevance gate; the model is never asked
    a = Assistant(settings, generator=Scripted(lambda m: "The headline is Russia wins [1]."))
    a.ingest()
    tass = a.ask("what's the headline on the TASS report")
    assert tass.route == "headline" and tass.text == (
        'The TASS article is headlined: "Japan gives up plans to sign agreement on peace treaty with Russia in June - paper" [1]')
    assert tass.citations[0].start >= 0  # an exact span of the indexed article
    source = a.ask("Who is the source for the Mainichi's report that Abe wants another trip to Russia in the spring?")
    assert source.route == "sources" and source.citations[0].quote.endswith("according to people familiar with the matter.")
    assert source.citations[0].start >= 0
    assert a.ask("What reason does the TASS report cite for Japan's decision?").route != "sources"  # a reason, not a source
    # a headline an article lacks is not made up (the model titled the Japan Times article from one of its sentences)
    headless = a.ask("What is the title of the Japan Times article?")
    assert headless.refused and headless.reason == "no headline"
    assert a.ask("What title does the Japan Times give Kono?").route != "headline"  # a title someone holds
    assert a.ask("When was the photo of Putin that runs with the Mainichi story taken?").route not in ("headline", "sources")
    # the line under a headline is its standfirst, not the headline (dev8)
    under = a.ask("what does the line right under the tass headline say")
    assert under.route == "subhead" and under.text == ("The TASS article's line under the headline reads: \"According Asahi, the "
                                                       "sides failed to overcome disagreements on a number of historical issues and security matters\" [1]")
    assert under.citations[0].start >= 0
    assert a.ask("What is the subheadline of the Japan Times article?").reason == "no subhead"  # it has no headline


def test_a_photo_question_gets_the_photos_caption_quoted(settings):
    # dev7: "When was the photo of Putin that runs with the Mainichi story taken?" was refused at the gate
    a = Assistant(settings, generator=Scripted(lambda m: "The photo was taken in 2019 [1]."))
    a.ingest()
    putin = a.ask("When was the photo of Putin that runs with the Mainichi story taken?")
    assert putin.route == "photo" and putin.text.startswith('The Mainichi article has a photo captioned: "Russian President')
    assert putin.citations[0].quote.endswith("on Dec. 18, 2018. (Mikhail Klimentyev, Sputnik, Kremlin Pool Photo via AP)")
    assert putin.citations[0].start >= 0  # an exact span of the indexed article
    asahi = a.ask("what does the photo at the top of the asahi story show")  # the caption without its "Photo/Illutration"
    assert asahi.citations[0].quote.startswith("Foreign Minister Taro Kono, right,") and asahi.citations[0].start >= 0
    assert len(a.ask("Who is pictured in the Mainichi article?").citations) == 2  # two photos, neither singled out
    # a caption is no passage sentence: a news question is not answered from one
    bank = SentenceBank(a._retrieve("Where was Putin on Dec. 18, 2018?"), a._embed_batch)
    assert not any("Kremlin Pool Photo" in s or "Defense Ministry's headquarters" in s for _, s in bank.sentences)


def test_a_question_on_an_articles_language_gets_the_author_line_that_names_its_japanese_original(settings):
    # dev7: "was the mainichi piece on abe's spring trip originally written in english" was refused
    a = Assistant(settings, generator=Scripted(lambda m: "Yes, the Mainichi piece was written in English."))
    a.ingest()
    english = a.ask("was the mainichi piece on abe's spring trip originally written in english")
    assert english.route == "original" and english.text.startswith("No. The Mainichi article is a translation from Japanese")
    assert english.citations[0].quote == "(Japanese original by Shinichi Akiyama and Yu Koyama, Political News Department)"
    assert english.citations[0].start >= 0  # an exact span of the indexed article
    assert a.ask("Is the Mainichi article a translation?").text.startswith("Yes. ")
    assert a.ask("What language was the Mainichi story originally written in?").text.startswith("The Mainichi article is a")
    # an article whose author line names no original is left to the model (and its checks)
    assert a.ask("Was the Asahi article translated from Japanese?").route != "original"


def test_a_refused_who_wrote_question_gets_the_articles_author_line(settings):
    # dev8: "whose byline is on the Asahi report…?" was refused: the model wrote the names around a restatement of
    # the question, which no one sentence holds, and the support check dropped it
    a = Assistant(settings, generator=Scripted(lambda m: "The byline on the report that Japan dropped its plan is Taro Kono."))
    a.ingest()
    ans = a.ask("For my citation: whose byline is on the Asahi report that Japan dropped its plan for a treaty deal in June?")
    assert ans.route == "authors" and not ans.refused
    assert ans.text.startswith('The Asahi Shimbun article "') and ans.text.endswith(
        '" is by Ryosuke Ishibashi and Yuka Takeshita [1].')
    assert ans.citations[0].quote == "(This article was written by Ryosuke Ishibashi and Yuka Takeshita.)"
    assert ans.citations[0].start >= 0  # an exact span of the indexed article
    mainichi = a.ask("Who wrote the Mainichi article?")
    assert mainichi.route == "authors" and mainichi.text.endswith(
        "is by Shinichi Akiyama and Yu Koyama, Political News Department in its Japanese original [1].")
    assert a.ask("Which TASS correspondent wrote the report on Japan giving up the June deal?").refused  # TASS names none


def test_a_yes_no_question_on_a_premise_the_articles_deny_is_not_refused_as_a_false_premise(settings):
    # dev8: "Did Moscow ever actually hand Shikotan … over…?" asks whether; the answer is no, not a refusal
    a = Assistant(settings, generator=Scripted(lambda m: "I don't know."))
    a.ingest()
    assert a.ask("When did Russia hand Shikotan back to Japan?").reason == "false premise"
    assert a.ask("Did Moscow ever actually hand Shikotan and the Habomai over to Japan after the 1956 declaration?").reason != (
        "false premise")


def test_a_sentence_that_points_back_comes_with_the_one_before():
    # dev: "Neither issue is directly related to the peace treaty negotiations." was quoted alone for
    # "Which two complaints … are not directly related…?"
    from rag.answer import with_antecedent
    from rag.retrieval import Passage

    text = "Russia criticised Aegis Ashore and slow economic cooperation. Neither issue is related to the talks.\nThis is news."
    chunk = Passage("a.txt#3", "a.txt", "t", "o", text, 1.0)
    assert with_antecedent("Neither issue is related to the talks.", "a.txt", [chunk]) == text.split("\n")[0]
    assert with_antecedent("This is news.", "a.txt", [chunk]) == "This is news."  # first of its paragraph
    assert with_antecedent("Neither issue is related to the talks.", "b.txt", [chunk]).startswith("Neither")  # other article
    assert with_antecedent("Kono met Lavrov.", "a.txt", [chunk]) == "Kono met Lavrov."


def test_a_when_question_placed_in_a_month_sees_a_chunk_dated_in_it(scripted):
    # dev: the chunk with "a Jan. 14 meeting of … Kono and … Lavrov" was 11th of the fused list
    q = "On what date did Kono and Lavrov meet in January 2019?"
    top = scripted.retriever.retrieve(q)
    assert not any("Jan. 14" in p.text for p in top)  # what hybrid search alone gives
    passages = scripted._retrieve(q)
    assert len(passages) == len(top) and any("Jan. 14" in p.text for p in passages)
    assert passages[:-2] == top[:-2]  # at most DATED_SWAPS of the last places change


def test_a_yes_the_passages_deny_is_not_shown_and_their_no_is(settings):
    # dev3: the model said "Yes" over "Unusually, the two ministers didn't hold a joint press conference"
    gen = Scripted(lambda m: "Yes, Kono and Lavrov held a joint press conference after their talks in Moscow [1].")
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask("Did Kono and Lavrov hold a joint press conference after their talks in Moscow?")
    assert not ans.refused and ans.route == "quote" and ans.text.startswith("No. ")
    assert "didn’t hold a joint press conference" in ans.citations[0].quote
    # a "No" that the sentence it cites gives is shown as written
    b = Assistant(settings, generator=Scripted(lambda m: "No, the two ministers didn't hold a joint press conference [1]."))
    ans = b.ask("Did Kono and Lavrov hold a joint press conference after their talks in Moscow?")
    assert ans.route == "draft" and ans.text.startswith("No, the two ministers")


def _drafting(settings, draft: str) -> Assistant:
    """An assistant over the seeds whose model writes `draft` to every prompt."""
    a = Assistant(settings, generator=Scripted(lambda m: draft))
    a.ingest()
    return a


def test_a_yes_or_no_that_only_restates_the_question_shows_the_sentence_it_rests_on(settings):
    # dev7: "No, Moscow does not accept that … can be disputed [1]" was right and told nothing the question didn't
    q = "According to TASS, does Moscow accept that Russia's sovereignty over the southern Kurils can be disputed?"
    ans = _drafting(settings, "No, Moscow does not accept that Russia's sovereignty over the southern Kurils can be "
                              "disputed [1].").ask(q)
    assert ans.route == "draft" and ans.text.startswith("No, Moscow does not accept")
    assert 'TASS reports: "' in ans.text and "cannot be called into question" in ans.text
    assert len(ans.citations) == 1 and ans.citations[0].quote.rstrip() in ans.text  # its own citation, quoted
    # a no that says why is shown as written
    b = _drafting(settings, "No, Moscow has stated many times that Russia's sovereignty over the islands cannot be "
                            "called into question [1].")
    assert "reports:" not in b.ask(q).text


def test_an_answer_that_points_back_to_what_it_never_names_shows_the_sentence_that_names_it(settings):
    # dev8: "…plan to move to overcome the particular problem [1]" never said the problem was Japan's laws
    q = 'Lavrov said Russia "asked a number of questions" of the Japanese side in Moscow. What were those questions about?'
    ans = _drafting(settings, "The questions were about how their Japanese colleagues plan to move to overcome the "
                              "particular problem [1].").ask(q)
    assert ans.route == "draft" and "reports: \"" in ans.text and "Japan’s laws" in ans.text
    assert len(ans.citations) == 1 and ans.citations[0].quote.rstrip() in ans.text  # its own citation, quoted
    # an answer that names the problem is shown as written
    b = _drafting(settings, "The questions were about how Japan plans to overcome the problem that its laws call the "
                            "islands the Northern Territories [1].")
    shown = b.ask(q)
    assert not shown.refused and "reports:" not in shown.text


def test_a_yes_rests_on_the_sentence_of_the_cited_article_that_says_it(settings):
    # dev6: the words "brought", "Kishida", "Lavrov" tied the yes to "…will bring the relationship…"; the sentence of
    # the article that says yes is "Kishida expressed strong concern about … Syria…"
    q = "Did Kishida bring up Syria with Lavrov?"
    ans = _drafting(settings, "Yes, Kishida brought up Syria with Lavrov [1].").ask(q)
    assert not ans.refused and ans.text.startswith("Yes") and "Syria" in ans.citations[0].quote
    # dev8: no sentence tells the hand-over as done ("…stipulates the transfer … after the conclusion of a peace
    # treaty" is conditional; "…handed over to the Soviet Union…" tells little of what was asked): no yes is shown
    q = "Did Moscow ever actually hand Shikotan and the Habomai over to Japan after the 1956 declaration?"
    ans = _drafting(settings, "Yes, Moscow did actually hand Shikotan and the Habomai over to Japan after the 1956 "
                              "declaration [1].").ask(q)
    assert not ans.text.startswith("Yes")


def test_a_who_question_with_only_a_role_for_its_doer_gets_that_sentence_quoted(settings):
    # dev8: "…was Abe from his Liberal Democratic Party" is wrong; the sentence on "an adviser to Abe" answers it
    q = ("Lavrov was furious that somebody argued Washington should want a Russia-Japan peace deal as a way to deter "
         "China. Who had argued that?")
    ans = _drafting(settings, "The person who argued that was Abe from his Liberal Democratic Party [1].").ask(q)
    assert ans.route == "quote" and "an adviser to Abe" in ans.text


def test_a_plural_place_question_gets_every_place_the_articles_give(settings):
    # dev7: "Moscow [1]" left out the joint news conference after the Tokyo meeting of May 31
    q = "In which cities did Lavrov hold joint news conferences with a Japanese foreign minister?"
    ans = _drafting(settings, "Lavrov held a joint news conference in Moscow [1].").ask(q)
    assert "Moscow" in ans.text and "also place it in Tokyo [2]" in ans.text
    assert "Tokyo on May 31" in ans.citations[1].quote and "joint news conference after the meeting" in ans.citations[1].quote
    assert ans.citations[1].start >= 0  # an exact span of its article


def test_an_answer_off_the_names_asked_about_gives_way_to_the_sentence_that_names_them(settings):
    # dev4: TASS's headline "Japan gives up plans…" was cited for what Japan planned for Iturup and Kunashir, over
    # "…on sovereignty over the remaining two disputed islands - Iturup and Kunashir" (.84 against .51)
    q = "What does the TASS report say Japan planned for Iturup and Kunashir?"
    ans = _drafting(settings, "Japan gave up plans to sign agreement on peace treaty with Russia in June [1].").ask(q)
    assert "sovereignty" in ans.text and "Iturup and Kunashir" in ans.citations[0].quote
    # an answer that names them stands: "…he said" is Kono's, however the sentence names no one (dev4)
    a = _drafting(settings, "Kono said he had clearly passed on Japan's position to Lavrov [1].")
    assert a.ask("What did Kono say he had passed on to Lavrov?").route == "draft"


def test_a_question_naming_two_outlets_gets_each_ones_telling(settings):
    # dev7: the model answered from the Mainichi alone; TASS's "…sovereignty over … Iturup and Kunashir" is added
    q = "What does Japan want to do about Etorofu and Kunashiri? Do the Mainichi and TASS say the same thing?"
    ans = _drafting(settings, "Japan wants to conduct joint economic activities on the remaining islands of Etorofu "
                              "and Kunashiri [1].").ask(q)
    assert [c.outlet for c in ans.citations] == ["Mainichi", "TASS"] and "TASS reports: \"" in ans.text
    assert "sovereignty" in ans.citations[1].quote
    # a question naming one outlet is answered from it alone
    one = _drafting(settings, "Japan wants to conduct joint economic activities on the remaining islands of Etorofu "
                              "and Kunashiri [1].").ask("What does the Mainichi say Japan wants to do about Etorofu?")
    assert len(one.citations) == 1


def test_an_uncited_draft_that_says_what_the_best_sentence_says_gets_it_quoted_from_lower_evidence(settings):
    # dev8: "…is fishing grounds." rested on no sentence, and "…home to rich fishing grounds…" scored .688 < .7
    q = "What natural resource makes the disputed islands valuable, according to the Japan Times?"
    ans = _drafting(settings, "The natural resource that makes the disputed islands valuable, according to the Japan "
                              "Times, is fishing grounds.").ask(q)
    assert ans.route == "quote" and "fishing grounds" in ans.citations[0].quote
    # a draft that says something else gets no lower floor
    assert _drafting(settings, "The islands are valuable for their oil and natural gas.").ask(q).refused


def test_a_quote_that_does_not_tell_the_act_asked_is_no_answer(settings):
    # dev3: "What agreement did Kishida and Putin sign in St. Petersburg?" got their meeting's sentence quoted
    a = Assistant(settings, generator=Scripted(lambda m: "The passages do not say anything about that."))
    a.ingest()
    ans = a.ask("What agreement did Kishida and Putin sign in St. Petersburg?")
    assert ans.refused
    # dev7: nor a when-question's: the deployment's "late last month" for when the missiles were removed
    assert a.ask("When did Russia remove the anti-ship missiles from the islands after Kishida's protest?").refused
    assert not a.ask("When did Kono and Lavrov meet in Tokyo?").refused  # "…met with … Lavrov in Tokyo on May 31…"


def test_what_someone_said_on_another_occasion_is_no_answer(settings):
    # dev3 near miss: Morgulov's words of 2016, "ahead of Kishida's talks", for a May 2019 visit to Tokyo;
    # neither the model's answer nor a quote of that sentence may stand (checks.told_at)
    said = ("Igor Morgulov said that for the talks to move forward Japan needs to recognize Russian "
            "sovereignty over the disputed islands [1].")
    a = Assistant(settings, generator=Scripted(lambda m: said))
    a.ingest()
    assert a.ask("What did Morgulov say when he visited Tokyo in May 2019?").refused
    # the same words, asked without the occasion, are an answer
    ans = a.ask("What did Morgulov say Japan needs to do for the talks to move forward?")
    assert not ans.refused and "recognize Russian sovereignty" in ans.citations[0].quote


def test_a_month_the_cited_article_never_gives_is_not_shown(settings):
    # dev: "Taro Kono …" for the December 2016 talks, cited to a 2019 article that has no December
    kono = "Taro Kono held talks with Sergey Lavrov in Moscow ahead of the December 2016 Abe-Putin summit [1]."
    a = Assistant(settings, generator=Scripted(lambda m: kono))
    a.ingest()
    ans = a.ask("Which Japanese foreign minister held talks with Lavrov in Moscow ahead of the December 2016 Abe-Putin summit?")
    assert "Taro Kono" not in ans.text


def test_a_refused_time_between_question_is_counted_from_the_articles_dates(settings):
    # dev7: the model counted "3 days" from Kono's Jan. 14 talks to the Jan. 22 summit, told nowhere, and was refused
    a = Assistant(settings, generator=Scripted(lambda m: "The summit was scheduled 3 days after the talks."))
    a.ingest()
    ans = a.ask("How many days after Kono's talks with Lavrov in Moscow was the Abe-Putin summit there scheduled?")
    assert ans.route == "elapsed" and not ans.refused
    assert ans.text == "Eight days, counted from the articles' dates: Jan. 14 [1] to Jan. 22 [2]."
    assert "a Jan. 14 meeting of Japanese Foreign Minister Taro Kono" in ans.citations[0].quote
    assert "Jan. 22" in ans.citations[1].quote and "Putin" in ans.citations[1].quote and "in Moscow" in ans.citations[1].quote
    assert all(c.start >= 0 for c in ans.citations)  # exact spans of the indexed articles
    span = a.ask("according to tass how long was the g20 summit in osaka")
    assert span.route == "elapsed" and span.text == "Two days: June 28-29 [1]." and span.citations[0].source.startswith("002_")
    # a second event no article dates stays refused
    assert a.ask("How many days after the G20 summit did Putin visit Tokyo?").refused


def test_a_sentence_that_only_points_at_the_passages_gives_its_citation_to_the_one_before():
    # dev2's draft "Russia backs the Syrian government led by President Bashar Assad. This is stated in the
    # passage [1]."; dev7's "This is stated in [1]." was shown after a cited answer
    assert fold_pointers(["Russia backs the Syrian government. ", "This is stated in the passage [1]."]) == [
        "Russia backs the Syrian government [1]."]
    assert fold_pointers(["No, Moscow does not accept it [1].", "This is stated in [1]."]) == ["No, Moscow does not accept it [1]."]
    assert fold_pointers(["Yes.", "This is stated in passage [2]."]) == ["Yes."]  # a bare yes is no claim to cite
    assert fold_pointers(["It was reported by TASS [1]."]) == ["It was reported by TASS [1]."]  # a claim, kept


def test_a_pointer_sentence_is_not_shown(settings):
    gen = Scripted(lambda m: "Lavrov said Japan must recognize Russia's sovereignty over the islands. This is stated in passage [1].")
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask("What did Lavrov say Japan must recognize?")
    assert not ans.refused and "stated in" not in ans.text and ans.citations


def test_a_persons_name_asked_is_not_answered_with_an_unnamed_one(settings):
    gen = Scripted(lambda m: "The person's name is the individual close to the prime minister's office [1].")
    a = Assistant(settings, generator=gen)
    a.ingest()
    ans = a.ask("The Mainichi quotes someone close to the prime minister's office saying at least one more summit "
                "was needed before the G-20. What is that person's name?")
    assert ans.refused and ans.text == NOT_IN_CORPUS  # neither the draft nor the sentence, quoted, names anyone


def test_a_sentence_holding_every_word_of_the_question_may_be_quoted_from_lower_evidence():
    # dev4: "…this summer's Upper House election." scored .529 for "When is the Upper House election?"
    from rag.answer import _holds_question

    q = "When is the Upper House election?"
    assert _holds_question("…boost the chances of the ruling Liberal Democratic Party in this summer's Upper House election.", q, set())
    assert not _holds_question("The Upper House is in session this summer.", q, set())  # no "election"
    assert _holds_question("The Upper House election is in July.", "When is the Upper House election in the Asahi?", {"Asahi Shimbun"})
    assert not _holds_question("anything", "the of", set())  # no content word asked: nothing held


def test_which_articles_mention_a_thing_lists_each_article_that_names_it(settings):
    # a fresh probe: "Which articles mention the Aegis Ashore system?" was refused; which articles name a thing is read
    # in their text, each cited to its first sentence that names it
    a = Assistant(settings, generator=Scripted(lambda m: "NOT IN PASSAGES"))
    a.ingest()
    ans = a.ask("Which articles mention the Aegis Ashore system?")
    assert ans.route == "mentions" and not ans.refused
    assert {c.source for c in ans.citations} == {"000_39e0fc70934ad5fb.txt", "002_e5fcf2e5e45cdf61.txt", "003_0e3ea9520caa6332.txt"}
    assert all("Aegis Ashore" in c.quote and c.start >= 0 for c in ans.citations)
    assert ans.text.startswith("Of the articles found for this question, three mention the Aegis Ashore system:")
    # a thing no article names is left to the model (here: refused)
    assert a.ask("Which articles mention the Trans-Siberian Railway?").route != "mentions"


def test_a_question_typed_in_lower_case_is_checked_cased_and_asked_as_typed(settings):
    # a fresh probe typed in lower case got "…the Northern Territories in Japan's laws [1]" for the islands' Russian name:
    # the checks read names by their capitals. The model is asked the question as typed (eval: cased prompts lost 3 of 33)
    prompts = []

    def reply(messages):
        prompts.append(messages[-1]["content"])
        return _citing("in Japan’s laws", "Russia calls the northern territories the Northern Territories in Japan's laws [{n}].")(messages)

    a = Assistant(settings, generator=Scripted(reply))
    a.ingest()
    ans = a.ask("what do russians call the northern territories")
    assert "Japan's laws" not in ans.text
    assert ans.question == "what do russians call the northern territories"
    assert all("what do russians call the northern territories" in p for p in prompts if "Question:" in p)


def test_an_answer_citing_none_of_the_words_only_the_best_sentence_has_gets_a_second_turn(settings):
    """A fresh probe: "What will the informal working-level committee discuss?" was answered "…will discuss
    bilateral economic cooperation projects, if implemented, will bring the relationship … to a new level [1]"
    (the ITAR-Tass sentence, no committee in it) over "…have set up an informal working-level committee and
    are in talks over … joint economic activities on the disputed islands"."""

    def number_of(prompt: str, words: str) -> str:
        n = ""
        for line in prompt.split("\n"):
            if line.startswith("["):
                n = line.split("]")[0].lstrip("[")
            if words in line:
                return n
        return "9"

    turns = []

    def reply(messages):
        prompt = messages[-1]["content"]
        turns.append(prompt)
        if "eight items?" in prompt:
            return f"Russia's ITAR-Tass news agency quoted Lavrov on the plan. [{number_of(prompt, 'ITAR-Tass')}]"
        if len(turns) == 1:
            n = number_of(prompt, "ITAR-Tass")
            return f"The informal working-level committee will discuss bilateral economic cooperation projects, if implemented, will bring the relationship between the two countries to a new level. [{n}]"
        n = number_of(prompt, "working-level committee")
        return f"The committee will discuss the possibility of engaging in joint economic activities on the disputed islands. [{n}]"

    a = Assistant(settings, generator=Scripted(reply))
    a.ingest()
    ans = a.ask("What will the informal working-level committee discuss?")
    assert len(turns) == 2 and ans.route == "retry", ans.text
    assert "joint economic activities" in ans.text and "working-level committee" in ans.citations[0].quote
    # the words may be in the sentence after the one cited: "…ITAR-Tass news agency reported that Lavrov told
    # Kishida…", then "We continue working on the so-called Shinzo Abe Plan of eight items…" (dev3)
    turns.clear()
    ans = a.ask("Which Russian news agency quoted Lavrov on the Shinzo Abe Plan of eight items?")
    assert ans.route == "draft" and "ITAR-Tass" in ans.citations[0].quote, ans.text


def test_what_an_outlet_said_and_a_country_asked_for_are_answered_from_the_passages_that_tell_them(settings):
    # fresh probes, both refused with right drafts: the Asahi's words are in TASS's article ("According Asahi, the
    # sides failed…"); the Japan Times' sentence on Syria names Russia, a country but no name elsewhere
    ans = _drafting(settings, "The Asahi said the sides failed to overcome disagreements on a number of historical "
                              "issues and security matters. [1]").ask("What did the Asahi say the sides failed to overcome?")
    assert not ans.refused and ans.citations[0].outlet == "TASS" and "According Asahi" in ans.citations[0].quote, ans.text
    ans = _drafting(settings, "Russia backs the Syrian government, according to the Japan Times. [2]").ask(
        "Which country backs the Syrian government, according to the Japan Times?")
    assert not ans.refused and ans.text.startswith("Russia backs") and "Syrian government" in ans.citations[0].quote, ans.text
