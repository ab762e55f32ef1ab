"""The answer checks (rag/checks.py) on the failures that issue #9 reports, without a model."""

import pytest

from rag.checks import asks_about_source, expected_type, has_type, is_vacuous, missing


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Who wrote the Asahi article?", "person"),
        ("Which Japanese foreign minister held talks with Lavrov?", "person"),
        ("When was the December 2016 summit?", "date"),
        ("On what date did Kono and Lavrov meet?", "date"),
        ("Where did Abe and Putin agree to accelerate talks?", "place"),
        ("In which city was the G20 summit?", "place"),
        ("How many Japanese residents were expelled?", "number"),
        ("Why did Japan drop the June deal?", "reason"),
        ("What plan did Abe propose?", ""),
    ],
)
def test_expected_type(question, kind):
    assert expected_type(question) == kind


def test_an_echo_of_the_question_is_vacuous():
    q = "What do Russians call the islands Japan calls the Northern Territories?"
    assert is_vacuous(q, "Russia calls the islands the Northern Territories.")
    assert not is_vacuous(q, "Russia calls them the Southern Kurils.")
    assert is_vacuous("How did Russia's demand stay the same?", "It remained the same.")


def test_the_asked_type_must_be_new():
    q = "Where did Abe and Putin agree to accelerate talks?"
    assert missing(q, "Abe and Putin agreed to accelerate talks based on the 1956 declaration.") == "the place"
    assert missing(q, "They agreed in Singapore in November 2018.") == ""
    assert not has_type("It was in June.", "date", "What happened in June?")
    assert has_type("It was on Jan. 22.", "date", "What happened in January?")
    assert has_type("all 17,000 residents", "number", "How many residents were expelled?")


def test_questions_about_the_articles_themselves():
    assert asks_about_source("Who wrote the Asahi article?")
    assert asks_about_source("When was the TASS report published?")
    assert not asks_about_source("Why did Japan drop the June deal?")
