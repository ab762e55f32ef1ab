"""Citation checking: markers are hints; code decides what each sentence cites."""

from pathlib import Path

import pytest

from rag.citations import SentenceBank, split_sentences, verify
from rag.embeddings import load_embedder
from rag.retrieval import Passage

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SOVEREIGNTY = (
    "At the first meeting, Lavrov made clear that Japan would have to recognize Russia's sovereignty "
    "over the Northern Territories as a result of the outcome of World War II. "
    "But that was clearly a position that Japan could never accept."
)
KISHIDA = (
    "Among other global issues, Kishida expressed strong concern about the deteriorating humanitarian "
    "situation in Syria and urged Russia to play a constructive role, the official said."
)
EXPELLED = "The Soviet Union seized the islands in 1945, expelling all 17,000 Japanese residents."


@pytest.fixture(scope="module")
def bank():
    emb = load_embedder()
    passages = [
        Passage("000#7", "000_39e0fc70934ad5fb.txt", "Asahi", "Asahi Shimbun", SOVEREIGNTY, 1.0),
        Passage("004#9", "004_3ed4bf90ac3744bf.txt", "Kyodo", "The Japan Times", KISHIDA, 0.9),
        Passage("001#12", "001_a1d2632bd97767d4.txt", "JT", "The Japan Times", EXPELLED, 0.8),
    ]
    return SentenceBank(passages, emb.get_text_embedding_batch)


def test_supported_citation_is_kept_with_a_real_quote(bank):
    v = verify("Lavrov said Japan must recognize Russia's sovereignty over the islands [1].", bank, 0.5)
    assert len(v.citations) == 1 and v.citations[0].source == "000_39e0fc70934ad5fb.txt"
    assert v.citations[0].quote in SOVEREIGNTY
    assert v.text.endswith("[1].")


def test_planted_wrong_citation_is_reattributed(bank):
    # [2] is the Syria passage: it does not support this sentence
    v = verify("Lavrov said Japan must recognize Russia's sovereignty over the islands [2].", bank, 0.5)
    assert [c.source for c in v.citations] == ["000_39e0fc70934ad5fb.txt"]
    assert v.reattributed == 1


def test_unsupported_sentence_and_its_citation_are_dropped(bank):
    draft = "The islands have 1.2 million inhabitants today [3]. All 17,000 Japanese residents were expelled in 1945 [3]."
    v = verify(draft, bank, 0.5, question="How many people live on the islands?")
    assert v.dropped == ["The islands have 1.2 million inhabitants today."]
    assert "1.2 million" not in v.text
    assert [c.source for c in v.citations] == ["001_a1d2632bd97767d4.txt"]


def test_numbers_that_point_nowhere_are_never_emitted(bank):
    v = verify("Japan could never accept Russia's position on sovereignty [7][1][0].", bank, 0.5)
    assert v.text.count("[") == 1 and "[1]" in v.text
    assert len(v.citations) == 1


def test_markers_are_renumbered_in_order_of_appearance(bank):
    v = verify(
        "The Soviet Union expelled 17,000 Japanese residents [3]. Lavrov said Japan would have to recognize Russia's sovereignty [1].",
        bank,
        0.5,
    )
    assert [c.n for c in v.citations] == [1, 2]
    assert v.text.index("[1]") < v.text.index("[2]")
    assert v.citations[0].source == "001_a1d2632bd97767d4.txt"


def test_claim_beyond_what_the_passage_says_is_not_support(bank):
    # a real draft from the eval: the number is in [3], the claim ("living there today") is not
    v = verify("There are 17,000 Japanese residents living on the disputed islands today [3].", bank, 0.5,
               question="How many Russians live on the disputed islands today?")
    assert v.citations == [] and len(v.dropped) == 1


def test_question_echo_alone_is_not_support(bank):
    v = verify("The population of the Northern Territories is unknown to Kishida.", bank, 0.5,
               question="What is the population of the Northern Territories?")
    assert v.citations == []


def test_sentence_split_keeps_abbreviations():
    assert split_sentences("They met on Jan. 22 in Moscow. U.S. bases worry Russia. Done.") == [
        "They met on Jan. 22 in Moscow.",
        "U.S. bases worry Russia.",
        "Done.",
    ]


def test_a_chosen_sentence_that_points_back_brings_the_one_before(bank):
    from rag.citations import points_back

    assert points_back("Japan viewed that demand as inadmissible.")
    assert points_back("Neither issue is directly related to the talks.")
    assert not points_back("Lavrov demanded that Japan recognize Russia's sovereignty.")  # "that" + a clause
    # one sentence wanted: "Japan viewed that demand…" is chosen, and comes with the demand
    text = ("Abe hoped for a deal in June. Besides, the Russian side demanded that Japan recognize Russia's "
            "sovereignty over the islands. Japan viewed that demand as inadmissible.")
    two = SentenceBank([Passage("002#3", "002_e5fcf2e5e45cdf61.txt", "TASS", "TASS", text, 1.0)], bank._embed_batch)
    chosen = two.select("How did Japan view the Russian side's demand? Was it inadmissible?", 1)
    assert chosen[0].text == "\n".join(split_sentences(text)[1:])


def test_a_sentence_opening_with_he_is_about_whom_the_one_before_names(bank):
    # a fresh question, "When will Abe return from his trip?": "He … will return on Jan. 24." never names Abe
    from rag.checks import evidence
    text = ("Abe will leave from Haneda Airport in Tokyo on a special airplane for Moscow on Jan. 21. He will attend "
            "the annual general meeting of the World Economic Forum in Davos, Switzerland, and will return on Jan. 24.")
    mainichi = SentenceBank([Passage("003#9", "003_0e3ea9520caa6332.txt", "M", "Mainichi", text, 1.0)], bank._embed_batch)
    he = mainichi.index_of(split_sentences(text)[1])
    assert he == 1 and mainichi.antecedent(he).startswith("Abe will leave") and mainichi.antecedent(0) == ""
    # after a connective too: "Still, he stressed…" is Osuga's (a fresh "Who is Takeshi Osuga?" was refused)
    jt = SentenceBank([Passage("001#5", "001_a1d2632bd97767d4.txt", "J", "The Japan Times",
                               "Spokesman Takeshi Osuga told reporters. Still, he stressed their determination.", 1.0)],
                      bank._embed_batch)
    assert jt.antecedent(1) == "Spokesman Takeshi Osuga told reporters."
    found = [mainichi.sentences[k][1] for k, _ in evidence("When will Abe return from his trip?", mainichi, n=2)]
    assert any("Jan. 24" in s for s in found)
    assert mainichi.index_of("Not a sentence of it.") == -1


def test_what_happened_to_a_goal_is_told_by_a_sentence_that_something_was_done(bank):
    # dev8: the premise's own sentence ("…wants to reach a general agreement…") outscored TASS's "…has decided to reject…"
    from rag.checks import evidence
    wish = ("Meanwhile, the Abe administration wants to reach a general agreement on a peace treaty with Russia when "
            "Putin visits Japan to attend the summit of the group of 20 major countries to be held in Osaka in June.")
    done = ("The Japanese government has decided to reject the idea of signing a framework agreement with Russia on a "
            "peace treaty during the G20 summit in Osaka in late June.")
    two = SentenceBank([Passage("003#2", "003_0e3ea9520caa6332.txt", "M", "Mainichi", wish, 1.0),
                        Passage("002#1", "002_e5fcf2e5e45cdf61.txt", "T", "TASS", done, 0.9)], bank._embed_batch)
    premise = "The Mainichi said Tokyo wanted a general agreement on a peace treaty when Putin came to Osaka for the G-20."
    first = lambda q: two.sentences[evidence(q, two, n=2)[0][0]][1]  # noqa: E731
    assert first(premise + " What happened to that goal by the start of June?") == done
    assert first(premise + " What was that goal?") == wish  # the same sentences, by score, for another question


def test_a_yes_no_questions_own_act_word_brings_its_no_first(bank):
    # a fresh question: Russia's "unacceptable" about Japan's laws outscored Japan's "never accept" and was quoted under "No."
    from rag.checks import evidence
    russia = ("It’s “unacceptable” for Russia that the islands are described as the Northern Territories in Japan’s laws, "
              "Lavrov said.")
    japan = "But that was clearly a position that Japan could never accept."
    two = SentenceBank([Passage("001#4", "001_a1d2632bd97767d4.txt", "J", "The Japan Times", russia, 1.0),
                        Passage("000#7", "000_39e0fc70934ad5fb.txt", "A", "Asahi Shimbun", japan, 0.9)], bank._embed_batch)
    q = "Did Japan accept Lavrov's demand to recognize Russia's sovereignty over the islands?"
    assert [two.sentences[k][1] for k, _ in evidence(q, two, n=2)] == [japan, russia]


def test_the_sentence_holding_the_questions_rare_words_reaches_the_model(bank):
    # dev4: "…I clearly passed on Japan's position," he said." embeds far from "What did Kono say he had passed on
    # to Lavrov?" and shares one word with it; the plain score leaves it out of the sentences the model sees
    text = ("Foreign Minister Taro Kono met Russian Foreign Minister Sergei Lavrov in Tokyo on May 31. Kono said "
            "Lavrov and he talked about a peace treaty. At a joint news conference, Kono admitted the two sides "
            "were far apart. \"On those issues, I clearly passed on Japan's position,\" he said.")
    asahi = SentenceBank([Passage("000#3", "000_39e0fc70934ad5fb.txt", "A", "Asahi Shimbun", text, 1.0)], bank._embed_batch)
    q = "What did Kono say he had passed on to Lavrov?"
    assert "passed on" not in asahi.select(q, 2)[0].text
    rare = {"kono": 0.2, "say": 0.3, "passed": 2.0, "lavrov": 0.2}  # word → rarity in the library
    assert "passed on" in asahi.select(q, 2, rarity=rare)[0].text
    # added to the 2, not in place of one, and with the sentence its "those issues" points back to
    assert asahi.select(q, 2, rarity=rare)[0].text.split("\n") == split_sentences(text)
    common = {"kono": 0.2, "say": 0.3, "passed": 0.2, "lavrov": 0.2}  # no word rare: the same 2 as without
    assert asahi.select(q, 2, rarity=common)[0].text == asahi.select(q, 2)[0].text


def test_words_a_question_uses_of_the_articles_are_not_asked_of_their_sentences(bank):
    # "Which articles mention …?" (a fresh probe, refused at the relevance gate): no sentence says "articles" or "mention"
    assert bank.names_everything_asked("Which articles mention the Soviet Union's seizure of the islands?") is False  # "seizure"
    assert bank.names_everything_asked("Which articles mention the Japanese residents expelled in 1945?")
    assert not bank.names_everything_asked("Which articles mention Ukraine?")


def test_words_of_asking_what_someone_is_are_not_asked_of_the_sentences(bank):
    # "What is Takeo Mori's role?" (a fresh probe, .40, refused at the gate): no sentence says "role"
    assert bank.names_everything_asked("What is Kishida's role?")
    assert not bank.names_everything_asked("What is Takeo Mori's role?")  # not in these three sentences
