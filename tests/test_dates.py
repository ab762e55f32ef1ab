"""dates.py: reading a time-between question, the dates a sentence gives, and counting between them."""
from rag.dates import Asked, between, count_words, dates_in, elapsed_asked, match, span_days, told, trip, with_place


def test_a_time_between_question_is_read_into_its_two_events_in_order():
    assert elapsed_asked("How many years after the 1956 joint declaration did the Soviet Union withdraw its obligation?") == Asked(
        "years", "the 1956 joint declaration", "the Soviet Union withdraw its obligation")
    # "before" puts the second event first
    assert elapsed_asked("How many days before the G20 summit did Kono and Lavrov meet in Tokyo?") == Asked(
        "days", "Kono and Lavrov meet in Tokyo", "the G20 summit")
    assert elapsed_asked("how many days passed between the Moscow talks and the summit") == Asked("days", "the Moscow talks", "the summit")
    assert elapsed_asked("according to tass how long was the g20 summit in osaka") == Asked("days", "the g20 summit in osaka", "", span=True)
    # not a time between: a count, a date
    assert elapsed_asked("How many islands did the Soviet Union seize?") is None
    assert elapsed_asked("When did Kono meet Lavrov?") is None


def test_the_dates_a_sentence_gives():
    s = "On November 14, 2018, Putin and Abe met; the G20 summit is due on June 28-29, and Abe returns on Jan. 24."
    got = [(w.year, w.month, w.day, w.end_day, w.text(s)) for w in dates_in(s)]
    assert got == [(2018, 11, 14, None, "November 14, 2018"), (None, 6, 28, 29, "June 28-29"), (None, 1, 24, None, "Jan. 24")]
    assert [(w.year, w.month) for w in dates_in("They met in Singapore in November 2018.")] == [(2018, 11)]
    assert [w.year for w in dates_in("after Japan and the United States had signed the treaty in 1960, …")] == [1960]
    assert dates_in("based on the 1956 Joint Declaration") == []  # a year that names a thing dates nothing
    # a point counted from is not the event's date
    assert [w.day for w in dates_in("The Jan. 22 summit will be the third in three months since November.")] == [22]


def test_counting_between_two_dates():
    nov, jan14 = dates_in("on November 14, 2018")[0], dates_in("a Jan. 14 meeting")[0]
    assert between(nov, jan14, "months") == 2  # no year given: the later date is in the next year
    assert between(jan14, dates_in("on Jan. 22")[0], "days") == 8
    assert between(dates_in("in 1956")[0], dates_in("in 1960")[0], "years") == 4
    assert between(jan14, dates_in("in 1960")[0], "days") is None  # a year alone counts no days
    assert span_days(dates_in("due on June 28-29")[0]) == 2
    assert count_words(8, "days") == "Eight days" and count_words(1, "months") == "One month" and count_words(28, "days") == "28 days"


def test_an_event_is_dated_by_the_sentence_that_tells_it():
    proper = {"kono", "lavrov", "moscow", "tokyo", "abe", "putin"}
    sentences = [
        "There are no plans for Kono and Lavrov to meet before the Abe-Putin meeting on June 29.",
        "Foreign Minister Taro Kono met with visiting Russian Foreign Minister Sergei Lavrov in Tokyo on May 31, but no progress was made.",
        "Tokyo is considering new moves after a stark difference emerged in a Jan. 14 meeting of Taro Kono and Sergey Lavrov.",
        "Putin and Abe will discuss issues related to a peace treaty at talks in Moscow on Jan. 22.",
    ]
    # the place may be missing, but not another place put instead; a negator before the event's words undoes it
    assert told("Kono's talks with Lavrov in Moscow", sentences, proper)[0] == 2
    assert told("Kono met Lavrov in Tokyo", sentences, proper)[0] == 1  # its "no progress" comes after
    assert match("Kono's talks with Lavrov in Moscow", sentences[1], proper) == 0.0  # met in Tokyo
    assert told(with_place("the Abe-Putin summit there", "talks in Moscow"), sentences, proper)[0] == 3
    assert told("Kishida's talks with Lavrov", sentences, proper | {"kishida"}) is None  # a name not there
    leave = ["Abe will leave from Haneda Airport in Tokyo for Moscow on Jan. 21.",
             "He will attend the meeting of the World Economic Forum in Davos, Switzerland, and will return on Jan. 24."]
    i, a, j, b = trip("abe going to be away on his moscow and davos trip", leave, {"abe", "moscow", "davo", "tokyo"})
    assert (i, a.day, j, b.day) == (0, 21, 1, 24)
