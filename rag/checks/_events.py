"""Events: the month and day asked, counts and what they count, the date or place of the meeting or occasion asked
about, and the acts a question takes as done (told as done, or only offered, demanded or called off)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..citations import STOP, content_words, split_sentences
from ._kinds import _COUNTRIES, expected_type
from ._words import (
    _DATED, _GENERIC, _MONTH, _MONTHS_WRITTEN, _NATIONS, _NEAR, _NOT_NAMES, _NUMBER, _SEASON, _SMALL_ACTS, _days,
    _holds_any, _same_act, _same_word, _stem,
)


def plain_days(text: str) -> str:
    """"January 14th" → "January 14", as news writes a date (and as the articles cite it)."""
    return re.sub(rf"\b({_MONTH})(\.?\s+\d{{1,2}})(?:st|nd|rd|th)\b", r"\1\2", text, flags=re.I)


@lru_cache(maxsize=256)  # has_type asks it for every candidate sentence: read the question once
def asked_month(question: str) -> str:
    """The month a question places its event in ("…meet in January 2019?", "When was the December
    2016 summit?" → "jan", "dec"), or "". Not a month of another thing ("…the nuclear test mentioned
    in the December 2016 report", "…after the January summit")."""
    q = _LEADING_CLAUSE.sub("", question.lower())
    within = re.search(rf"\b(?:in|during) (?:early |late |mid-?)?({_MONTH})\b", q) or _WHEN_WAS_THE_MONTH.match(q)
    return within.group(1)[:3] if within else ""


# "When Kono was in Moscow in January 2019, when did he say Japan is expecting Putin…?" (dev8): January dates
# the clause that sets the scene, not what is asked ("…in June" was refused as a date of another month)
_LEADING_CLAUSE = re.compile(r"^\s*(?:when|while|as|after|before|once)\b[^,?]{4,100},\s*(?=(?:when|what|which|who|where|how|why|did|was|were|is|are|does|do)\b)")


# "When was the December 2016 summit (held)?" asks the date of the event its month names; "When was the
# June deal dropped?" asks when something was done to it, which may be in another month
_WHEN_WAS_THE_MONTH = re.compile(
    rf"(?:when|on what (?:date|day)s?|on which (?:date|day)s?) (?:was|were|is|are|will be) the ({_MONTH})\.?"
    r"(?: \d{4})?(?: [a-z-]+)? (?:summit|meeting|talks|visit|trip|conference|round|session|election|forum)s?"
    r"(?: (?:held|scheduled|planned|due))?\W*$")


def dated_in(text: str, month: str) -> bool:
    """The text gives a calendar day in `month` (3 letters): "a Jan. 14 meeting", "on January 22"."""
    return any(m == month for m, _ in _days(text))


# "Where were the Japanese residents expelled from the islands in 1945 resettled?" (dev7, a near miss) got, quoted,
# "Japan has maintained that the four islands … the Soviet Union seized them following Tokyo's 1945 surrender…":
# a quoted sentence answers where something happened only if it tells that thing too (a word of it). And the
# second turn's bare places ("Tokyo [1]" for "Where did Kono and Lavrov have dinner on May 31?", [1] their talks in
# Tokyo; "Osaka [1]" for "where did abe propose the eight-point plan to putin"; answer.Assistant._finish): over the
# nine splits it refuses those two near misses and one wrong dev answer ("Tokyo" for "Where did Abe plan to go after
# his January 2019 Moscow trip?", whose right sentence, "He will attend … in Davos…", holds neither "plan" nor
# "trip", so a right bare "Davos" was refused too, until attending was a word of going: _GOING). First tried on 2026-12-06, when that refusal took dev's
# false refusals over their limit; kept once event_counts answered another dev question. Not for the model's other
# answers: they cite sentences that tell the act in other words ("Which airport will Abe fly out of?" → "Abe will
# leave from Haneda Airport…").
_PLACE_WORDS = content_words("where which what exactly located location place places city cities country countries "
                             "town region part area capital venue airport island islands islet islets")


def event_words(question: str, texts=()) -> frozenset[str]:
    """The words of what a question asks the place of, stemmed: its lower-case words other than names (words
    `texts`, the passages, write capitalised only: "abe" in "where did abe propose…"), small verbs
    (tells_asked), months and numbers. "Where did Kono and Lavrov have dinner on May 31?" → {dinner}."""
    words = [w for t in texts for w in re.findall(r"[A-Za-z]+", t)]
    names = {w.lower() for w in words if w[0].isupper()} - {w for w in words if w[0].islower()}
    lower = " ".join(w for w in re.findall(r"[A-Za-z'’-]+", question) if w[0].islower() and w.lower() not in names)
    return frozenset(w for w in content_words(lower) - _PLACE_WORDS
                     if w not in _SMALL_ACTS and w not in _GENERIC and not w.isdigit() and not re.fullmatch(_MONTH, w))


# Going somewhere is one event however news words it: "Where did Lavrov travel to meet Kono on May 31?" → "Tokyo [1]",
# [1] "…met with visiting Russian Foreign Minister Sergei Lavrov in Tokyo on May 31…" (a fresh probe, refused: no
# "travel"); and one goes where one attends: "Where did Abe plan to go after his January 2019 Moscow trip?" (dev) is
# answered by "He will attend … in Davos…", which holds no "trip"
_GOING = content_words("travel travels traveled travelled traveling travelling trip trips visit visits visited visiting "
                       "fly flies flew flight arrive arrives arrived arriving attend attends attended attending")


def tells_event(sentence: str, question: str, texts=()) -> bool:
    """The sentence has a word of `event_words` (true when there are none); a word of going for one of going."""
    wanted = event_words(question, texts)
    return _holds_any(sentence, wanted | (_GOING if wanted & _GOING else frozenset()))


def names_only(answer: str) -> bool:
    """The answer is a name and nothing else: "Tokyo", "St. Petersburg", "Haneda Airport"."""
    words = re.findall(r"[A-Za-z'’.-]+", answer)
    return bool(words) and len(words) <= 5 and all(w[0].isupper() or w in ("of", "the", "and") for w in words)


# "How many anti-ship missile launchers did Russia deploy?" → "two [1]", [1] "…anti-ship missile systems on
# two of the disputed islands"; "How many projects are on Russia's priority list?" → "eight", [1] "the Shinzo
# Abe Plan of eight items" (dev2: both near misses answered). A count must count the thing asked: the
# number stands right before the asked noun ("17,000 Japanese residents", "an eight-point plan"), or an
# ordinal right after it ("The Jan. 22 summit will be the third…").
_COUNTED_SKIP = set("times people peoples persons ones more".split())  # say nothing of what is counted ("peoples": dev8)
_COUNTED_ALSO = {"point": ("item",), "item": ("point",)}
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_NUMBER_VALUES = {w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_VALUES |= {w: i + 1 for i, w in enumerate(_ORDINALS)} | {"once": 1, "twice": 2}


def counted(question: str) -> list[str]:
    """The words naming what a "how many" question counts ("Japanese residents" → ["residents"]), lower-cased;
    [] when it counts nothing in particular ("how many times"), asks a sum ("how much") or is no count."""
    m = re.search(r"\bhow many\s+(.*)", question.lower())
    if not m or expected_type(question) != "number":
        return []
    words = []
    for w in re.findall(r"[a-z][a-z'’-]*", m.group(1))[:4]:
        if w in STOP:
            break
        words.append(w)
    return [w for w in words if w not in _NATIONS and w not in _COUNTED_SKIP]


def _value(token: str) -> str:
    """"Eight-point" → "8", "17,000" → "17000", "3rd" → "3": one spelling per number."""
    t = re.split(r"[-\s]", token.lower())[0]
    digits = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", t).replace(",", "")
    return str(_NUMBER_VALUES[t]) if t in _NUMBER_VALUES else digits


def _is_counted(word: str, wanted: list[str]) -> bool:
    w = word.lower().strip("'’")
    return any(_same_word(w, c) or any(_same_word(w, a) for a in _COUNTED_ALSO.get(c.rstrip("s"), ())) for c in wanted)


def counts_asked_thing(sentence: str, question: str, answer: str = "") -> bool:
    """For a "how many <things>" question: `sentence` has a number of those things (one the answer gives,
    when an answer is given). True when the question counts nothing in particular."""
    wanted = counted(question)
    if not wanted:
        return True
    given = {_value(m.group(0)) for m in _NUMBER.finditer(answer)} if answer else None
    undated = _DATED.sub(" ", sentence)
    for m in _NUMBER.finditer(undated):
        if given is not None and _value(m.group(0)) not in given:
            continue
        after = re.findall(r"[A-Za-z][\w'’-]*", m.group(0).split("-", 1)[1] if "-" in m.group(0) else "")
        # the words it counts stand before the clause ends: "…reported to the two leaders, who will meet on Dec. 15…"
        # counts leaders, not meetings (a fresh "How many meetings had Kishida and Lavrov held…?" got "Two")
        clause = re.split(r"[,;:.—()]", undated[m.end():], maxsplit=1)[0]
        after += [w for w in re.findall(r"[A-Za-z][\w'’-]*", clause)[:6] if w.lower() not in STOP][:3]
        before = re.findall(r"[A-Za-z][\w'’-]*", undated[: m.start()])[-5:] if _value(m.group(0)) and m.group(0).lower().rstrip(".") in _ORDINALS else []
        if any(_is_counted(w, wanted) for w in after + before):
            return True
    return False


# "What did Abe and Putin agree at the June 29 Osaka meeting?" → "…agreed on a peace treaty [1]", [1] "The
# Abe administration has abandoned its plan of reaching an agreement this month…" (dev: a near miss
# answered). What came of a meeting dated or placed by the question must rest on a sentence that names
# its date or place: the articles, written before it, tell of other meetings.
_EVENT_NOUN = r"(?:meeting|meetings|summit|talks|visit|trip|session|conference|round|negotiations)"


# How often people met is told by a count of their meetings: "In their third meeting this year…" answers "How
# many times had Kishida and Lavrov met in 2016…?" (dev: "The meeting was the first since Kono and Lavrov were
# tapped…" ranked first, and the question was refused), and says no to "Was the Moscow meeting in December 2016
# the first time in that year that Kishida and Lavrov meet?" (dev8, refused). A count of meetings is a number
# right before a meeting noun or one word before it ("met three times", "24 summit talks", "a fourth round",
# "their 25th meeting"), or an ordinal after "their" ("their 25th since 2012"). A sentence's "first" is no
# count ("the first talks in January" tells which talks, not how many); a question's "first time" asks one.
_COUNTED_EVENT = re.compile(rf"{_EVENT_NOUN}s?|times?", re.I)
_EVENT_COUNT_ASKED = re.compile(rf"\bhow many (?:times|{_EVENT_NOUN}s?)\b", re.I)


def event_counts(text: str, first: bool = False) -> set[str]:
    """The counts of meetings `text` gives, one spelling each ("their third meeting" → {"3"}); "first" only
    when `first`. Dates are no counts ("the Jan. 22 summit")."""
    words = re.findall(r"[\w'’-]+", _DATED.sub(" ", text))
    out = set()
    for i, w in enumerate(words):
        value = _value(w) if _NUMBER.fullmatch(w) else ""
        if not value or (value == "1" and not first):
            continue
        ordinal = w.lower() in _ORDINALS or re.fullmatch(r"\d+(?:st|nd|rd|th)", w.lower())
        # …or an ordinal a meeting noun is said to be: "The Jan. 22 summit will be the third in three months…" (a fresh
        # "How many summits will the Jan. 22 meeting make in three months?" was refused over "…24 summit talks…")
        said_to_be = ordinal and i >= 2 and words[i - 1].lower() == "the" and words[i - 2].lower() in ("be", "is", "was", "are",
                                                                                                   "were") and any(
            _COUNTED_EVENT.fullmatch(x) for x in words[max(0, i - 5): i - 2])
        if any(_COUNTED_EVENT.fullmatch(x) for x in words[i + 1: i + 3]) or (ordinal and i and words[i - 1].lower() == "their") \
                or said_to_be:
            out.add(value)
    return out


def asks_event_count(question: str) -> bool:
    """"How many times…?", "How many rounds…?": asks how often something took place."""
    return bool(_EVENT_COUNT_ASKED.search(question))


@lru_cache(maxsize=256)  # asked once per candidate sentence by fits_type and names_event: parse the question once
def event_anchors(question: str) -> frozenset[str]:
    """What dates or places the event an outcome or place question asks about: its months and seasons (3
    letters, lower-cased), years, and places ("in Singapore", "the June 29 Osaka meeting"). Empty for other
    questions, or when the question names no date or place. A place question's event too: "Which Japanese
    city hosted Putin for the December 2016 summit?" was answered "Osaka", from the June G20 summit's
    sentence (dev; dev2 likewise, a May meeting's city for February's). Not for who/when/how many: on the dev
    splits, right answers to those often rest on a sentence that doesn't repeat the month."""
    if expected_type(question) not in ("outcome", "place"):
        return frozenset()
    return _anchors(question)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year of the 20th or 21st century, as the articles' events have


def _anchors(question: str) -> frozenset[str]:
    """The months and seasons (3 letters, lower-cased), places, or else years a (part of a) question names."""
    out = {m.group(0).lower()[:3] for m in re.finditer(rf"\b{_MONTH}\b", question, re.I)
           if m.group(0).lower() != "may" or re.match(r"\s+\d", question[m.end():])  # "may" is also a verb
           or re.search(r"\b(?:in|since|until|by|of|early|late|mid)\s+$", question[: m.start()], re.I)}
    out |= {m.group(0).lower() for m in re.finditer(rf"\b{_SEASON}\b", question, re.I)}
    for m in re.finditer(r"(?<![-'’])\b[A-Z][a-z]+\b(?![-'’])", question):  # not "Abe-Putin", "Abe's"
        before, after = question[: m.start()], question[m.end():]
        if m.group(0) in _NOT_NAMES or m.group(0).lower() in _GENERIC or m.start() == 0:
            continue
        if re.search(r"\b(?:in|at|visited|visiting)\s+$", before) or re.match(rf"\s+{_EVENT_NOUN}\b", after):
            out.add(m.group(0).lower())
    # a year alone only when the question gives nothing closer: many meetings share one
    return frozenset(out or _YEAR.findall(question))


def places_told(sentence: str, question: str) -> bool:
    """The sentence names every place the question puts its event in ("in Tokyo", "visit Tokyo"): "When did
    Putin visit Tokyo in January 2019?" is no question about "…his upcoming meeting with Putin on Jan. 22 in
    Moscow…" (a fresh near miss, answered with that sentence quoted)."""
    places = {m.group(1).lower() for m in re.finditer(r"\b(?:in|at|visit|visits|visited|visiting)\s+([A-Z][a-z]+)\b", question)
              if m.group(1) not in _NOT_NAMES and not re.fullmatch(_MONTH, m.group(1), re.I)}
    return places <= _anchor_words(sentence)


# a meeting and the place it is put in: "…after talks in Moscow with…", "…meet on Dec. 15 and 16 in Japan", "…meet Kono
# in Tokyo"
_HELD_AT = re.compile(r"\b(?:" + _EVENT_NOUN[3:-1] + r"|meet|meets|met)\b(?:[^.;?]|(?<=[A-Z][a-z]{2})\.){0,40}?\b(?:in|at)\s+([A-Z][a-z]+)")  # "Jan." goes on


def held_elsewhere(sentence: str, question: str) -> bool:
    """The question puts its meeting in a place ("the Kono-Lavrov talks in Tokyo"), and the sentence puts its own
    meeting in another and never its meeting in that one: "What was the outcome of the Kono-Lavrov talks in
    Tokyo?" is not answered by "…, Lavrov told reporters Monday after talks in Moscow…", nor "When will Abe and
    Putin meet in Japan?" by "…his upcoming meeting with Putin on Jan. 22 in Moscow…" (fresh probes: both so
    answered). A city of the country asked is no other place."""
    def where(text: str) -> set[str]:
        return {m.group(1).lower() for m in _HELD_AT.finditer(text) if not re.fullmatch(_MONTH, m.group(1), re.I)}

    # the question's place may follow any act: "What did Kono and Lavrov agree in Tokyo?" (a fresh probe, answered from
    # "…after talks in Moscow…")
    asked = where(question) | {m.group(1).lower() for m in re.finditer(r"\b(?:agreed?|decided?|sign(?:ed)?|discuss(?:ed)?|"
                                                                      r"say|said|announced?)\s+(?:in|at)\s+([A-Z][a-z]+)", question)
                              if not re.fullmatch(_MONTH, m.group(1), re.I)}
    told = where(sentence)
    if not asked or not told:
        return False
    countries = {_COUNTRIES[a[:4]] for a in asked if a[:4] in _COUNTRIES and _COUNTRIES[a[:4]] == a[:4]}  # "japan"
    return not any(t in asked or _COUNTRIES.get(t[:4]) in countries for t in told)


def placed_elsewhere(sentence: str, question: str) -> bool:
    """The sentence puts what it tells "in" or "at" a named place the question doesn't name."""
    return any(m.group(1) not in question and not re.fullmatch(_MONTH, m.group(1), re.I)
               for m in re.finditer(r"\b(?:in|at)\s+([A-Z][a-z]+)\b", sentence))


def _written_months(text: str) -> set[str]:
    """The months (and seasons) the text writes as news does, capitalised ("June", "Jan."), 3 letters."""
    return {m.group(0).lower()[:3] for m in _MONTHS_WRITTEN.finditer(text) if m.group(0)[0].isupper()}


def _anchor_words(text: str, verbs: bool = True) -> set[str]:
    """The words and years of `text` an anchor (event_anchors, occasion_anchors) may be, with its months as
    written; `verbs=False` leaves out lower-case "may" and "march", which are also verbs."""
    words = set(re.findall(r"[a-z]+|\d{4}", text.lower()))
    return (words if verbs else words - {"may", "march"}) | _written_months(text)


def names_event(sentence: str, question: str, article: str | None = None) -> bool:
    """The sentence names the date or place of the event the outcome question asks about (or the
    question names none). A year alone may instead fit the sentence's `article` (year_fits)."""
    anchors = event_anchors(question)
    if not anchors or anchors & _anchor_words(sentence):
        return True
    return article is not None and all(_YEAR.fullmatch(a) for a in anchors) and year_fits(article, anchors)


def year_fits(article: str, years) -> bool:
    """The article may tell of an event of `years`: it names one of them, or no later year.

    The articles rarely print their own year, and a sentence seldom repeats it: "Where were the anti-ship
    missile systems Russia deployed in late 2016 placed?" is answered by "…on two of the disputed islands late
    last month", in an article that names no year at all (dev3, refused). An article that names a later year
    only is of a later time ("…in 2016?" against the 2019 talks' article, which names 2019)."""
    named = set(_YEAR.findall(article))
    return bool(named & set(years)) or not any(y > max(years) for y in named)


# "What did Morgulov say when he visited Tokyo in May 2019?" → what Morgulov said in 2016, ahead of Kishida's
# talks (dev3); "What did Lavrov say back when Kishida protested the missile deployment?" → his words of 2019
# (dev2): both near misses answered with a true sentence from another occasion. What someone said on an
# occasion the question dates or places must be told of it: the cited sentence, or one of the few before it
# in its article ("Abe said then…" follows "…agreed in Singapore in November…"), names the occasion's month,
# place or people. The sentence alone is not enough: dev, "What did Lavrov say about the frequency of
# negotiations at the May 31 news conference in Tokyo?" is answered by a sentence five after "…in Tokyo on
# May 31".
_SPOKE = re.compile(r"\b(?:what|how) (?:did|does|had|has) (?:[\w'’.-]+ ){1,5}?(?:say|tell|warn|respond|reply|react|"
                    r"argue|claim|insist|stress)\b(?: back)?", re.I)
_OCCASION = re.compile(r"^\s*(?:about (?:.(?!\b(?:when|while|at|in|during)\b))*.\s*)?"
                       r"((?:when|while|at|in|during|after|before)\b.*)$", re.I)
OCCASION_WINDOW = 6  # sentences before the cited one that may name the occasion


@lru_cache(maxsize=256)
def occasion_anchors(question: str) -> frozenset[str]:
    """The month, place, or people (lower-cased) of the occasion a "what did X say when/at/in …" question
    asks about; empty for other questions ("What did the Kremlin statement say Putin and Abe would discuss on
    Jan. 22?" tells what was said, not when)."""
    m = _SPOKE.search(question)
    clause = _OCCASION.match(question[m.end():]) if m else None
    if not clause:
        return frozenset()
    text = clause.group(1)
    found = _anchors(" " + text)  # never a sentence's first word
    people = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", text) if w not in _NOT_NAMES and w.lower() not in _GENERIC}
    return frozenset(found | people)


def told_at(article: str, sentence: str, question: str) -> bool:
    """The sentence, or one of the OCCASION_WINDOW sentences before it in `article`, names the occasion
    the question asks what was said at (`occasion_anchors`); true when the question names none, or the
    sentence isn't found in the article."""
    anchors = occasion_anchors(question)
    at = article.find(sentence) if anchors else -1
    if at < 0:
        return True
    window = " ".join(split_sentences(article[:at])[-OCCASION_WINDOW:] + [sentence])
    return bool(anchors & _anchor_words(window, verbs=False))


# "Which Japanese foreign minister held talks with Lavrov in Moscow ahead of the December 2016 Abe-Putin
# summit?" → "Taro Kono held talks with Sergey Lavrov in Moscow ahead of the December 2016 … summit [1]"
# (dev), [1] a 2019 article's sentence: most words supported, the question's month restated. A month the
# answer gives must be written in an article it cites. Not years: right answers restate the question's
# year over articles that never print it (dev splits: 5 of 43 dated answers; a month, none).
def months_cited(answer: str, articles) -> bool:
    """Every month or season the answer writes (capitalised) is written in one of `articles` (an iterable,
    read only when the answer writes one), or there are none."""
    months = _written_months(answer)
    if not months:
        return True
    articles = list(articles)
    return not articles or months <= set().union(*map(_written_months, articles))


# "When did Russia hand Shikotan back to Japan?" → "in 1956", from "…in which Moscow states its readiness to
# hand over the Shikotan and Habomai islands…"; "Why did Japan agree to recognise Russian sovereignty…?" →
# from "…Japan would have to recognize Russia's sovereignty…" (dev2, both false premises). The act the
# question takes as done is, in the sentence cited, only offered, demanded or owed.
_AUX = re.compile(r"\b(?:did|has|have|had)\s+", re.I)  # a past act; "does" asks what is
_PARTICLES = set("back over out up off down away".split())  # "hand Shikotan back": not what the act is done to
_ADVERBS = set("first last actually finally ever still really eventually officially formally then again already".split())
# words of the subject between the auxiliary and the verb: "did Russia hand", "did the two leaders agree"
_SUBJECT_WORDS = set("the a an its their his her this that these those two both each and of".split()) | set(_NATIONS) | _GENERIC | _ADVERBS
_UNDONE_WORDS = (
    r"read(?:y|iness)|willing(?:ness)?|offer(?:ed|s|ing)?|propos(?:ed|es|al|ing)|obligations?|promis(?:ed|es|e)|"
    r"demand(?:ed|s|ing)?|urg(?:ed|es|ing)|call(?:ed|s)? (?:on|for)|wants?|wanted|hop(?:e|es|ed)|must|"
    r"(?:have|has|had|need|needs|needed) to|if|unless|only|would|could|might|should|"
    # "…has decided to reject the idea of signing a framework agreement…" tells no signing (a fresh "Who signed the
    # peace treaty in Osaka?" was answered with it)
    r"reject(?:ed|s|ing)?|idea of|gave up|giv(?:e|es|ing) up|abandon(?:ed|s|ing)?|fail(?:ed|s)? to|"
    # "…concerned by the possible deployment of US-made Aegis Ashore…" tells no deployment (a fresh probe)
    r"possible|possibility|potential|prospect of")
_UNDONE = re.compile(rf"\b(?:{_UNDONE_WORDS})\b", re.I)


def asked_acts(question: str) -> list[str]:
    """The verbs of the act a question takes as done, stemmed: "When did Russia hand Shikotan back…"
    → ["hand"]; "Why did Japan agree to recognise…" → ["recognis"]; "Who replaced Taro Kono…" → ["replac"].
    Empty when it has none or puts the act in doubt itself ("Why did Russia demand that Japan recognise…":
    the demand is the act)."""
    return list(_asked_acts(question))


def _subject_length(words: list[str]) -> int:
    """How many of the words after a question's auxiliary are its subject: "Russia", "the two leaders"."""
    k = 0
    while k < len(words) and (words[k][0].isupper() or words[k].lower() in _SUBJECT_WORDS):
        k += 1
    return k


@lru_cache(maxsize=256)  # asked once per sentence by act_status: parse the question once
def _asked_acts(question: str) -> tuple[str, ...]:
    who = re.match(r"\s*who\s+([a-z]+ed)\b", question, re.I)
    if who:
        return (_stem(who.group(1)),)
    m = _AUX.search(question)
    if not m:
        return ()
    words = re.findall(r"[A-Za-z'’]+", question[m.end():])
    k = _subject_length(words)  # a lower-case noun in the subject is taken as the verb, harmlessly
    if any(w.lower() in ("the", "a", "an", "its", "their") for w in words[:k]):
        for _ in range(3):  # "the Japanese side ask…", "the 1956 joint declaration actually do…": nouns before the verb
            if k + 1 < len(words) and words[k + 1].islower() and words[k + 1] not in STOP | {"to"}:
                k += 1
    if k >= len(words) or words[k].lower() in STOP | _ADVERBS | _PARTICLES:  # "…Union back out of": no verb found
        return ()
    # "agree to recognise": recognising; not "respond to Morgulov's protest", nor "fly to on Jan. 21" (a fresh "Where did
    # Abe fly to on Jan. 21?" took "on" for the act, and Abe's leaving for Moscow for another's)
    verb = words[k + 2] if k + 2 < len(words) and words[k + 1].lower() == "to" and words[k + 2].islower() and \
        words[k + 2].lower() not in STOP | _PARTICLES else words[k]
    return () if _UNDONE.search(verb) else (_stem(verb),)


# "What was the final text of the peace treaty Japan and Russia signed?" (the issue's own example): the act
# is taken as done in a clause on a noun, not asked with "did". The noun's words are what it was done to.
_DONE_TO = re.compile(r"\bthe ((?:(?!(?:the|that|which)\b)[a-z][\w-]* ){0,2}(?!(?:the|that|which)\b)[a-z][\w-]*) (?:that |which )?"
                      r"(?:(?:[A-Z][\w.'’-]*|and|the) )*?(?:[A-Z][\w.'’-]*|two (?:countries|sides|leaders|nations|ministers)) "
                      r"(?:had |have |has )?([a-z]+ed)\b")


@lru_cache(maxsize=256)
def _clause_act(question: str) -> tuple[tuple[str, ...], frozenset[str], str]:
    """The act a clause on a noun takes as done, stemmed, the noun's words and its head, stemmed: "…the peace
    treaty Japan and Russia signed?" → (("sign",), {"peac", "treati"}, "treati"); ((), ∅, "") when none."""
    m = _DONE_TO.search(question)
    if not m or _UNDONE.search(m.group(2)) or not content_words(m.group(1)):
        return (), frozenset(), ""
    return (_stem(m.group(2)),), frozenset(content_words(m.group(1))), _stem(m.group(1).split()[-1])


def act_status(sentence: str, question: str) -> str:
    """How the sentence tells the act the question takes as done (`asked_acts`): "done"; "undone" when
    every place it names it has an _UNDONE word among the eight words before ("its readiness to hand
    over", "demanded that Japan recognized", "would have to recognize"); "" when it doesn't name it."""
    return _status(sentence, _asked_acts(question))


# Saying something is one act however news words it: "Who had argued that…?" is told by "…an adviser to Abe … had
# stated that the U.S. should be interested…" (dev8: refused, "argued" being no "stated")
_SPEECH_ACTS = frozenset(_stem(w) for w in "say said says state stated argue argued claim claimed assert asserted "
                         "contend contended suggest suggested insist insisted maintain maintained".split())


def _status(sentence: str, acts: tuple[str, ...], undone: re.Pattern = _UNDONE, noun: str = "") -> str:
    """act_status; with `noun` (stemmed), only where the act is done to it: the noun within _NEAR words."""
    status = ""
    words = [w.group(0) for w in re.finditer(r"[A-Za-z'’]+", sentence)] if acts else []
    for i, w in enumerate(words):
        if any(_same_act(_stem(w), a) or (a in _SPEECH_ACTS and _stem(w) in _SPEECH_ACTS) for a in acts) and (
                not noun or noun in {_stem(x) for x in words[max(0, i - _NEAR): i + _NEAR + 1]}):
            if not undone.search(" ".join(words[max(0, i - 8): i])):
                return "done"
            status = "undone"
    return status


# A year written before a noun dates that thing: "…counted since which year?" (dev6) got "…counted since 1956 [1]",
# [1] "…when they agreed to accelerate talks … based on the 1956 Japan-Russo joint declaration": 1956 is the
# declaration's year. It answers a when-question about the declaration only.
_YEAR_OF = re.compile(r"[\s-]*([A-Za-z][\w-]*(?:\s+[a-z][\w-]*){0,2})")


def year_of_another(answer: str, quotes, question: str) -> bool:
    """Every year the answer gives (and the question doesn't) is, in each cited sentence that has it, only the
    year of a thing the question doesn't name ("the 1956 … declaration"): the answer dates something else.
    "…on November 14, 2018, when … based on the 1956 declaration" gives 2018 as a date: not judged."""
    asked = content_words(question)
    given = set(_YEAR.findall(answer)) - set(_YEAR.findall(question))
    held = {year: [q for q in quotes if re.search(rf"\b{year}\b", q)] for year in given}
    return bool(given) and all(held[y] and all(_dates_a_thing(y, q, asked) for q in held[y]) for y in given)


def _dates_a_thing(year: str, sentence: str, asked: set[str]) -> bool:
    for m in re.finditer(rf"\b{year}\b", sentence):
        thing = _YEAR_OF.match(sentence[m.end():])
        named = content_words(thing.group(1).replace("-", " ")) - set(_NATIONS) - {"russo"} if thing else set()
        if not (re.search(r"\b(?:the|a|an|its|their|his|her)\s+$", sentence[: m.start()], re.I) and named
                and not named & asked):
            return False
    return True


# Who does the act a question asks about: "When did the Soviet Union and Japan sign the Treaty of Mutual
# Cooperation and Security?" (dev4, a near miss) got "…in 1960 [1]", [1] "…after Japan and the United States had
# signed the Treaty … in 1960, the Soviet Union withdrew…": the act is told, but done by others, named.
_BEFORE_ACT = set("had have has also was were did not later then already jointly both finally reportedly first "
                  "would will could never once".split())  # between a subject and its verb: "Japan and the US had signed"


def _doer(word: str) -> str:
    """A name word as a doer: nations by their country ("Soviet" → "russia", "U.S." and "United" → "us")."""
    word = word.lower().removesuffix("'s").removesuffix("’s").replace(".", "")
    return _NATIONS.get(word, "us" if word == "united" else word)


@lru_cache(maxsize=256)
def asked_doers(question: str) -> tuple[str, ...]:
    """The named subject of the act a question asks about, one key per name word: "When did the Soviet Union
    and Japan sign…" → ("russia", "japan"); "Where did Kono and Lavrov meet…" → ("kono", "lavrov"). Nations by
    their country (Soviet and Moscow are Russia). Empty when the act isn't asked with did/has/had or its subject
    names no one ("the two leaders")."""
    m = _AUX.search(question)
    if not m or not _asked_acts(question):
        return ()
    words = re.findall(r"[A-Za-z'’.]+", question[m.end():])
    subject = words[:_subject_length(words)]
    return tuple(dict.fromkeys(_doer(w) for w in subject if w[0].isupper() and w.lower() not in ("the", "union", "states")))


def done_by_others(sentence: str, question: str) -> bool:
    """True when the sentence tells the asked act (`asked_acts`) and, every place it does, a named subject
    other than the question's does it: the names just before the verb ("Japan and the United States had
    signed…"), and none of the asked ones there or in the rest of the clause ("…met with … Lavrov in Tokyo"
    names him). A subject that names no one ("The ministers also agreed…", "he urged…", "the two countries
    signed…") may be the asked ones: not told by others."""
    doers, acts = asked_doers(question), _asked_acts(question)
    if not doers:
        return False
    tokens = re.findall(r"[A-Za-z'’.]+|[,;:()—“”\"]", sentence)
    told = False
    for i, w in enumerate(tokens):
        if not any(_same_act(_stem(w), a) for a in acts):
            continue
        j = i - 1
        while j >= 0 and tokens[j].lower() in _BEFORE_ACT:
            j -= 1
        if j < 0 or not tokens[j][0].isupper():
            return False
        start = j
        while start > 0 and (tokens[start - 1][0].isupper() or tokens[start - 1].lower() in ("and", "the", "of")):
            start -= 1
        clause = tokens[start:j + 1]
        for t in tokens[i + 1:]:
            if t in ",;:()—“”\"":
                break
            clause.append(t)
        named = {_doer(t) for t in clause}
        if all(d in named or (len(d) >= 5 and any(n.startswith(d[:5]) for n in named)) for d in doers):
            return False
        told = True
    return told


# For a premise, also what is yet to be or was kept from being: "…returned to Japan once a peace treaty is
# signed" (not "after Japan and the United States had signed the Treaty…"), "…has prevented the two neighbors
# from signing a peace treaty", "talks toward concluding a postwar peace treaty". Not in _UNDONE, which also
# decides whether a quote tells the act: that was measured without them.
_NOT_DONE = re.compile(r"\b(?:" + _UNDONE_WORDS + r"|(?:once|after|until|when) (?:a|an|the) (?:\w+ ){0,4}(?:is|was|are|were|be)|"
                       r"prevent(?:ed|s|ing)?|idea of|reject(?:ed|s|ing)?|plans? to|gives? up|towards?|talks on|"
                       r"efforts? to|vow(?:ed|s)? to|yet|not|never|without)\b", re.I)


def premise_refuted(question: str, sentences) -> bool:
    """The sentences that tell of the act the question takes as done, and of what it was done to, tell it
    only as offered, demanded, owed or yet to be, two of them at least: "When did Russia hand Shikotan back…?"
    over "…its readiness to hand over the Shikotan and Habomai islands…", "…was ready to hand Shikotan
    Island…"; "…the peace treaty Japan and Russia signed?" over "…once a peace treaty is signed"."""
    sentences = list(sentences)
    acts = _asked_acts(question)
    objects = {w for w in content_words(question) - _PARTICLES if w not in _GENERIC and not any(_same_word(w, a) for a in acts)}
    # one sentence that names the act and shares a word with the question is too little to go on
    told = [([_status(s, acts, _NOT_DONE) for s in sentences if content_words(s) & objects], 2)] if acts else []
    # "the peace treaty Japan and Russia signed": the sentences that name all the noun's words, where the act
    # is done to its head ("By signing the deal…" is not signing the treaty); one such sentence is enough
    # ("…reject the idea of signing a framework agreement…" for "the framework agreement Abe and Putin signed")
    acts, noun, head = _clause_act(question)
    if acts:
        told.append(([_status(s, acts, _NOT_DONE, head) for s in sentences if noun <= content_words(s)], 1))
    return any(seen.count("undone") >= least and "done" not in seen for seen, least in told)


# "Why did Putin cancel his trip to the Osaka G20?" (dev4) and "Why did Putin refuse to see Kishida in St.
# Petersburg?" (dev6) ask the reason for a calling-off that no article tells of him: the model, shown sentences
# on the trip or the meeting, gave them as the reason ("…because he expressed concerns…"). A why-question on
# such an act is answered only when a sentence, or a headline, tells one of the kind by whom it names: "Why did
# Japan drop the June deal?" over "The Japanese government has decided to reject the idea…".
_CALLED_OFF = (r"(?:cancel\w*|call(?:s|ed|ing)? off|scrap\w*|refus\w*|reject\w*|declin\w*|boycott\w*|postpon\w*|"
               r"abandon\w*|drop\w*|withdr[ae]w\w*|pull(?:s|ed|ing)? out|gave up|give(?:s|n)? up|giving up|snub\w*|"
               r"skip(?:s|ped|ping)?|turn(?:s|ed|ing)? down|"
               # walking out is one too: "Why did Kishida walk out of his talks with Lavrov?" (dev7; they held a news
               # conference after) was answered with his protest as the reason
               r"walk(?:s|ed|ing)? out|storm(?:s|ed|ing)? out|br(?:eak|eaks|oke|eaking) off|suspend\w*|quit(?:s|ting)?|"
               # and so is leaving an office: "Why did Taro Kono resign as foreign minister?" (dev3, dev5; no article
               # tells it) was answered "…because he was unable to make progress…" when llama.cpp ran without its
               # repacked weights (README "Choices")
               r"resign\w*|st(?:ep|eps|epped|epping|ood|and|ands|anding) down)")
# the auxiliary may be missing, as a learner writes: "Why Kono and Lavrov cancelled their meeting in Germany…?" (dev8)
_WHY_CALLED_OFF = re.compile(r"^\s*why (?:(?:did|does|do|has|have|had|would|was|were)\s+)?(?P<who>.{1,60}?)\s+"
                             + _CALLED_OFF + r"\b", re.I)
_TELLS_CALLED_OFF = re.compile(r"\b" + _CALLED_OFF + r"\b", re.I)


def _who(text: str) -> set[str]:
    """The capitalised words of a text, lower case, a nationality or capital as its country ("Japanese" → japan)."""
    return {_NATIONS.get(w.lower(), w.lower()) for w in re.findall(r"[A-Z][A-Za-z]*", text)} - STOP


def calling_off_untold(question: str, sentences) -> bool:
    """A why-question on a calling-off (cancel, refuse, reject, drop, give up…) that no sentence tells of by
    one whom the question names: its premise is unsupported."""
    m = _WHY_CALLED_OFF.match(question)
    if not m:
        return False
    who = _who(m.group("who"))
    return not any(_TELLS_CALLED_OFF.search(s) and (not who or who & _who(s)) for s in sentences)
