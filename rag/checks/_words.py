"""Words several checks read: months, dates and numbers, names, nations, stems, and when two words are the same."""

from __future__ import annotations

import re

from ..citations import content_words

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_SEASONS = {"spring", "summer", "autumn", "fall", "winter"}
_MONTHS_WRITTEN = re.compile(rf"\b(?:{_MONTH}|{_SEASON})\b", re.I)  # capitalised months, any season
_DATE = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|\b(?:1[89]|20)\d\d\b|\b{_MONTH}\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|fall|winter|"
    r"yesterday|today|tomorrow|last (?:week|month|year)|next (?:week|month|year))\b",
    re.I,
)
# the numbers of a date or a span of days ("June 28-29", "Dec. 15 and 16", "in 2019") and of
# a name ("the Group of 20", "G-20"): not counts (dev: "…summit of the Group of 20" passed as
# the number of points in the Abe Plan)
_DATED = re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:\s*(?:-|–|and|to)\s*\d{{1,2}})?\b|\b\d{{1,2}}\s+{_MONTH}\b|"
                    r"\b(?:1[89]|20)\d\d\b|\bGroup of \d+\b|\bG-?\d+\b", re.I)
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand "
    "million billion first second third fourth fifth sixth seventh eighth ninth tenth once twice dozen"
).split()
_NUMBER = re.compile(r"\b\d[\d,.]*(?:st|nd|rd|th)?\b|\b(?:" + "|".join(_NUMBER_WORDS) + r")(?:-\w+)?\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")
# capitalised words that start sentences or are months/titles, not names
_NOT_NAMES = {
    "The", "A", "An", "In", "On", "At", "It", "He", "She", "They", "This", "That", "These", "Those", "According",
    "Foreign", "Minister", "Prime", "President", "Deputy", "Ambassador", "Mr", "Mrs", "Ms", "But", "And", "However",
    "Japanese", "Russian", "Soviet", "Japan", "Russia", "Yes", "No", "Both", "After", "Before", "During", "When",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
}
_STARTERS = set(
    "according however meanwhile earlier later still unusually even besides instead yet there here several some "
    "many most all both each every neither either one two three four five first second third last next since "
    "while although though because despite among ahead amid prior".split()
)


def _same_word(a: str, b: str) -> bool:
    # stems that differ only by an ending: russia/russian, japan/japanes
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


_GENERIC = set("japan russia tokyo moscow kremlin washington soviet union united states".split())


def _days(text: str) -> set[tuple[str, str]]:
    """The calendar days a text names: {("jan", "22")} for "Jan. 22" or "January 22"."""
    return {(m.group(1).lower()[:3], m.group(2)) for m in re.finditer(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", text, re.I)}


# whose official a role names: "Japan's foreign minister" is not "Russian Foreign Minister Sergei Lavrov"
_NATIONS = {"japan": "japan", "japanese": "japan", "tokyo": "japan", "russia": "russia", "russian": "russia",
            "soviet": "russia", "moscow": "russia", "kremlin": "russia", "china": "china", "chinese": "china",
            "beijing": "china", "american": "us", "u.s.": "us", "us": "us", "washington": "us", "korean": "korea",
            "korea": "korea", "british": "uk", "britain": "uk", "german": "germany", "germany": "germany",
            "french": "france", "france": "france", "ukrainian": "ukraine", "ukraine": "ukraine"}
_SMALL_ACTS = content_words("say said says tell told think thought believe do did does happen happened make made take took "
                            "give gave get got have had go went according report reported article articles story stories "
                            "piece news talk talks meet met meeting write wrote written day days week month year date "
                            "time city cities country countries place places town")


def _holds_any(sentence: str, wanted) -> bool:
    """The sentence has a word of `wanted` (stems, matched as `_same_act`), or `wanted` is empty."""
    return not wanted or any(_same_act(w, a) for w in content_words(sentence) for a in wanted)


def _stem(word: str) -> str:
    return next(iter(content_words(word)), word.lower())


def _same_act(stem: str, act: str) -> bool:
    # the same up to the shorter's end (7 letters at most), and at most two letters apart: recognis(e) is
    # recogn(ize) and recognit(ion), agre(e) is not agreement
    n = min(len(stem), len(act), 7)
    return stem == act or (n >= 4 and stem[:n] == act[:n] and abs(len(stem) - len(act)) <= 2)


_NEAR = 5  # words either side of a negator that tie it to what the question asks
