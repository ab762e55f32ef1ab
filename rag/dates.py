"""Time between two told events, counted in code from the dates the articles give.

"How many months after Abe and Putin met in Singapore did Kono and Lavrov hold their first talks of
2019?" The 1.5B model reads both dates but counts wrong ("1 month", "14 years", "3 days" on dev6–dev8),
and the checks rightly refuse a count no passage states. Here the question is read into its two events
(or one event with a span: "How long was the G20 summit?"), each event is matched to the sentence that
dates it, and the distance between the dates is counted. Shapes:

    elapsed_asked(question) -> Asked(unit, first, second, span) | None
    dates_in(sentence)      -> [When(year, month, day, end_day, start, end)]   # spans in the sentence
    between(a, b, unit)     -> int | None

Dates without a year are common (articles rarely state their own year): two such dates are taken as
in order, the later one in the next year when its month comes earlier ("November 2018" → "Jan. 14" is two
months).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .checks._words import _MONTH
from .citations import content_words

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_YEAR = r"(?:1[89]|20)\d\d"
# "Jan. 22", "June 28-29", "November 14, 2018", "14 November 2018", "November 2018", "in November", "in 1960"
_WHEN = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*(?P<e1>\d{{1,2}})\b)?(?:,?\s+(?P<y1>{_YEAR}))?\b"
    rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?\b"
    rf"|\b(?P<m3>{_MONTH})\.?,?\s+(?P<y3>{_YEAR})\b"
    rf"|\b(?:in|since|until|by|during|from|of|early|late|mid-?)\s+(?P<m4>{_MONTH})\b(?!\.?\s*\d)"
    rf"|\b(?:in|since|until|by|during|from|after|before)\s+(?P<y4>{_YEAR})\b",
    re.I,
)
YEAR = re.compile(rf"\b{_YEAR}\b")  # a year the question itself gives ("the 1956 joint declaration")
_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
_AUX = r"(?:did|does|do|was|were|is|are|had|has|have|will|would|could)"
_ELAPSED = re.compile(
    rf"^\s*how (?:many|much time|long)(?: (?P<unit>days?|weeks?|months?|years?))?\s+(?:had\s+|have\s+)?(?:passed\s+|elapsed\s+|went by\s+)?"
    rf"(?:(?P<rel>after|later than|before|earlier than)\s+(?P<a>.+?)\s+{_AUX}\s+(?P<b>.+?)"
    rf"|between\s+(?P<c>.+?)\s+and\s+(?P<d>.+?))\s*\??\s*$",
    re.I,
)
# "How long was the G20 summit in Osaka?", "how long was Abe going to be away on his Moscow and Davos trip?"
_SPAN = re.compile(rf"^\s*(?:according to [\w'’ ]+?,?\s+)?how long (?:was|is|were|will|would|did)\s+(?P<e>.+?)\s*\??\s*$", re.I)
# a span over two sentences: the day one leaves or something opens, and the day one returns or it closes
LEAVE = re.compile(r"\b(?:leave|leaves|leaving|depart\w*|set off|open\w*|begin\w*|start\w*)\b", re.I)
BACK = re.compile(r"\b(?:return\w*|come back|back home|clos\w*|end\w*|wrap\w* up)\b", re.I)


@dataclass(frozen=True)
class When:
    year: int | None
    month: int | None
    day: int | None
    end_day: int | None  # "June 28-29" → 29
    start: int  # the date's span in its sentence
    end: int

    def text(self, sentence: str) -> str:
        """The date as the sentence writes it, without the word before it ("in 1960" → "1960")."""
        return re.sub(r"^(?:in|since|until|by|during|from|of|after|before)\s+", "", sentence[self.start:self.end].strip(), flags=re.I)


@dataclass(frozen=True)
class Asked:
    unit: str  # "days", "weeks", "months", "years"; "days" for a span ("how long")
    first: str  # the earlier event's words; for a span, the event's
    second: str  # the later event's words; "" for a span
    span: bool = False


def elapsed_asked(question: str) -> Asked | None:
    """The question asks how long between two events, or how long one lasted; None otherwise."""
    q = question.strip()
    m = _ELAPSED.match(q)
    if m:
        unit = _UNITS.get((m.group("unit") or "days").lower().rstrip("s"), "days")
        if m.group("rel"):
            a, b = m.group("a"), m.group("b")
            if m.group("rel").lower().startswith(("before", "earlier")):
                a, b = b, a  # "How many days before the summit did Kono meet Lavrov?": Kono's meeting comes first
            return Asked(unit, a, b)
        return Asked(unit, m.group("c"), m.group("d"))
    m = _SPAN.match(q)
    if m:
        return Asked("days", m.group("e"), "", span=True)
    return None


def dates_in(sentence: str) -> list[When]:
    """Every date the sentence gives, in order. A year that names a thing ("the 1956 declaration") is not one."""
    out = []
    for m in _WHEN.finditer(sentence):
        if re.search(r"\bsince\s+(?:\w+\s+){0,1}$", sentence[:m.start()], re.I) or m.group(0).lower().startswith("since"):
            continue  # "…the third in three months since November": a point counted from, not the event's date
        g = m.groupdict()
        month = next((g[k] for k in ("m1", "m2", "m3", "m4") if g[k]), None)
        day = next((g[k] for k in ("d1", "d2") if g[k]), None)
        year = next((g[k] for k in ("y1", "y2", "y3", "y4") if g[k]), None)
        out.append(When(int(year) if year else None, _MONTHS[month.lower()[:3]] if month else None,
                        int(day) if day else None, int(g["e1"]) if g["e1"] else None, m.start(), m.end()))
    return out


def _on_day(w: When, year: int) -> date | None:
    if w.month is None or w.day is None:
        return None
    try:
        return date(year, w.month, w.day)
    except ValueError:
        return None


def between(a: When, b: When, unit: str) -> int | None:
    """How many `unit`s from date a to date b (b the later), or None when the dates can't tell it. A date
    without a year is in a's year, or b's, and b in the next year when its month comes before a's."""
    ya, yb = a.year, b.year
    if unit == "years":
        return yb - ya if ya and yb and yb >= ya else None
    if a.month is None or b.month is None:
        return None
    if ya is None and yb is None:
        ya = yb = 2000
        if (b.month, b.day or 0) < (a.month, a.day or 0):
            yb += 1
    elif ya is None:
        ya = yb if (a.month, a.day or 0) <= (b.month, b.day or 0) else yb - 1
    elif yb is None:
        yb = ya if (b.month, b.day or 0) >= (a.month, a.day or 0) else ya + 1
    if unit == "months":
        n = (yb - ya) * 12 + b.month - a.month
        return n if n >= 0 else None
    da, db = _on_day(a, ya), _on_day(b, yb)
    if da is None or db is None or db < da:
        return None
    days = (db - da).days
    return days // 7 if unit == "weeks" and days % 7 == 0 else (days if unit == "days" else None)


def span_days(w: When) -> int | None:
    """The days a span covers, both ends counted: "June 28-29" is two days."""
    if w.end_day is None or w.day is None or w.end_day < w.day:
        return None
    return w.end_day - w.day + 1


# words that say nothing of which event is meant
_VAGUE = set("first second third last latest next time times held hold holds take took taken place there then one".split())
# a meeting is told as talks, a summit, a meeting or "met": the same event
_MEETING = {"meet", "met", "talk", "summit", "meeting"}
# "…talks with Lavrov in Moscow": Moscow is where, not who (the question may be typed in lower case)
_PLACE = re.compile(rf"\b(?:in|at)\s+(?!(?:{_MONTH}|the|a|an|his|her|their|its|which|what|early|late)\b)([a-z]+)", re.I)
_PLACED = re.compile(rf"\b(?:in|at)\s+(?!{_MONTH}\b)([A-Z][a-z]+)")  # where a sentence puts things
_NOT = re.compile(r"\b(?:no|not|never|without)\b|n't\b", re.I)
MATCH = 0.5  # a sentence dates an event when it holds at least half of the event's words (and its names)


def _words(text: str) -> set[str]:
    return {"meet" if w in _MEETING else w for w in content_words(text) if not YEAR.fullmatch(w)}


def match(event: str, sentence: str, proper: set[str]) -> float:
    """How well the sentence tells the event: the share of the event's words it holds. Every name of the event
    (`proper`: its words the articles write capitalised) must be there, but for the place it happened in:
    "Kono's talks with Lavrov in Moscow" is dated by "…a Jan. 14 meeting of … Taro Kono and … Sergey Lavrov"."""
    want = _words(event) - _VAGUE
    if not want:
        return 0.0
    have = _words(sentence)
    places = {w for m in _PLACE.finditer(event) for w in content_words(m.group(1))}
    if any(n not in have for n in (want & proper) - places):
        return 0.0
    put = {w for m in _PLACED.finditer(sentence) for w in content_words(m.group(1))}
    if places and put and not places & put:
        return 0.0  # "…met … Lavrov in Tokyo on May 31" is not their talks in Moscow
    # the place counts twice, and only where the sentence puts something ("in Moscow", not "Tokyo is
    # considering…"): "the Abe-Putin summit in Moscow" is the Jan. 22 talks in Moscow, not the G20 summit
    places &= want
    return (len((want - places) & have) + 2 * len(places & put)) / (len(want - places) + 2 * len(places))


def nearest(sentence: str, event: str, unit: str = "days") -> When | None:
    """The sentence's date nearest to the event's words in it (a sentence can date two things). Asked in years,
    a year that names the event dates it: "…based on the 1956 Joint Declaration" dates the declaration."""
    found = dates_in(sentence)
    if unit == "years":
        found += [When(int(m.group(0)), None, None, None, m.start(), m.end()) for m in YEAR.finditer(sentence)
                  if not any(w.start <= m.start() < w.end for w in found)]
    if not found:
        return None
    want = _words(event)
    at = [m.start() for m in re.finditer(r"[A-Za-z0-9'’-]+", sentence) if _words(m.group(0)) & want]
    if not at:
        return found[0]
    return min(found, key=lambda w: min(abs(w.start - i) for i in at))


def _first_word(sentence: str, event: str) -> int:
    want = _words(event) - _VAGUE
    return next((m.start() for m in re.finditer(r"[A-Za-z0-9'’-]+", sentence) if _words(m.group(0)) & want), len(sentence))


def with_place(second: str, first: str) -> str:
    """"…was the Abe-Putin summit there scheduled?": "there" is where the first event was."""
    place = _PLACE.search(first)
    return re.sub(r"\bthere\b", place.group(0), second, flags=re.I) if place else second


def told(event: str, sentences: list[str], proper: set[str], unit: str = "days") -> tuple[int, When] | None:
    """(index, date) of the dated sentence that best tells the event: most of its words, then a day over a
    month; for "the first talks of 2019", the earliest of the best."""
    scored = []
    for i, s in enumerate(sentences):
        # "There are no plans for Kono and Lavrov to meet before the Abe-Putin meeting on June 29" dates no meeting of theirs
        # ("…met … on May 31 …, but no progress was made" does: the negator must come before the event's words)
        score = 0.0 if _NOT.search(s[:_first_word(s, event)]) else match(event, s, proper)
        when = nearest(s, event, unit) if score >= MATCH else None
        if when is not None and (when.year if unit == "years" else when.month) is not None:
            scored.append((score, when.day is not None, -i, i, when))
    if not scored:
        return None
    if re.search(r"\bfirst\b", event, re.I):
        top = max(x[0] for x in scored)
        best = min((x for x in scored if x[0] == top), key=lambda x: (x[4].year or 0, x[4].month or 0, x[1] is False, x[4].day or 0))
    else:
        best = max(scored, key=lambda x: x[:3])
    return best[3], best[4]


def trip(event: str, sentences: list[str], proper: set[str]) -> tuple[int, When, int, When] | None:
    """How long something lasted, from two neighbouring sentences (or one) that tell when it began and when
    it ended: "Abe will leave … for Moscow on Jan. 21. He will … attend … in Davos … and will return on Jan. 24."
    Both together must tell the event (`match`)."""
    for i, s in enumerate(sentences):
        for j in (i, i + 1):
            if j >= len(sentences):
                continue
            both = s if i == j else f"{s} {sentences[j]}"
            leave = [w for w in dates_in(s) if LEAVE.search(s[:w.start])]
            back = [w for w in dates_in(sentences[j]) if BACK.search(sentences[j][:w.start])]
            if i == j:
                back = [w for w in back if leave and w.start > leave[0].start]
            if leave and back and match(event, both, proper) >= MATCH:
                return i, leave[0], j, back[-1]
    return None


def number_word(n: int) -> str:
    """8 → "eight"; numbers past twelve as digits."""
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    return words[n] if 0 <= n < len(words) else str(n)


def count_words(n: int, unit: str) -> str:
    """8, "days" → "Eight days"; 1, "months" → "One month"."""
    said = number_word(n)
    return f"{said[0].upper()}{said[1:]} {unit[:-1] if n == 1 else unit}"
