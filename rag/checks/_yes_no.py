"""Yes/no questions: whether a sentence or an answer says yes or no to what is asked (negators, opposites, the act
told as done, the place asked)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..citations import STOP, _strip_markers, content_words, split_sentences
from ._events import _ADVERBS, _SUBJECT_WORDS, _UNDONE, _written_months, asked_month, event_counts
from ._people import _lower_words, _names_asked, about_subjects, names
from ._words import _GENERIC, _NEAR, _NOT_NAMES, _days, _same_act, _stem


def other_count(sentence: str, question: str) -> bool:
    """A yes/no question that asks a count of meetings ("…the first time in that year that Kishida and Lavrov
    meet?") is answered no by a sentence that names one of its people and counts their meetings otherwise
    ("In their third meeting this year…, Kishida…")."""
    asked = _count_asked(question)
    if not asked:  # most questions: nothing of the sentence is read
        return False
    given = event_counts(sentence)
    return bool(given and not asked & given and _names_asked(question) & _lower_words(sentence))


@lru_cache(maxsize=256)  # other_count is asked for every candidate sentence, by evidence and negated
def _count_asked(question: str) -> frozenset[str]:
    """The count of meetings a yes/no question asks about ("…the first time…" → {"1"}); empty for other questions."""
    return frozenset(event_counts(question, first=True)) if asks_yes_no(question) else frozenset()


# Yes/no questions ("Did the May 31 talks make any progress?"). None were in the dev or test splits; on
# fresh ones (dev3) the 1.5B model answered "Yes, progress was made … [1]" over "…but no progress was made",
# and its right "No progress was made … [1]" was dropped as an echo of the question (all its words are the
# question's). So the answer's yes or no is read in code and must agree with the sentence it cites.
_YES_NO = re.compile(r"^\s*(?:(?:according to|in|by) [^,?]{1,60},\s*)?"  # "According to the Mainichi, is …"
                     r"(?P<aux>is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b(?!.*\bor\b)", re.I)
_NEGATORS = {"not", "no", "never", "neither", "nor", "none", "inadmissible", "unacceptable"}  # not "without": "talks without distorting"


def asks_yes_no(question: str) -> bool:
    """"Did…?", "Is…?", "Are there…?": answered yes or no ("Is it A or B?" asks which)."""
    return bool(_YES_NO.match(question))


def _plain_words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("n't", " not").replace("cannot", "can not")
    return re.findall(r"[a-z0-9]+", text)


def negated(sentence: str, question: str) -> bool:
    """The sentence says no to what the question asks: a negator within _NEAR words of one of the
    question's own words ("…but no progress was made", "the two ministers didn't hold a joint press
    conference", "Japan could never accept"). Its lower-case words only: names are near everything. When it
    asks what someone said ("Did Lavrov say Russia was still willing to negotiate…?"), only the said clause's
    predicate: "…a greater frequency of negotiations does not necessarily mean…" said no to "negotiate" and
    was quoted as "No." (fresh question)."""
    asked = set(_predicate(question)) if _says(question) else \
        content_words(" ".join(w for w in re.findall(r"[A-Za-z'’-]+", question) if w.islower()))
    words = _plain_words(sentence)
    stems = [next(iter(content_words(w)), "") for w in words]
    phrasal = _phrasal(question)
    asked |= {x for _, same in phrasal.values() for x in same}

    def tells_asked(j: int) -> bool:  # "bring closer" is no "bring up": a phrasal verb's particle comes with it
        particle = phrasal.get(stems[j], ("",))[0]
        return stems[j] in asked and (not particle or particle in words[j + 1: j + 3])

    return any(w in _NEGATORS and any(tells_asked(j) for j in range(max(0, i - _NEAR), min(len(words), i + _NEAR + 1)))
               for i, w in enumerate(words)) or _opposed(words, stems, question) or other_count(sentence, question)


# Phrasal verbs of yes/no questions and the plain verbs news tells them with. "Did Kishida bring up Syria with
# Lavrov?" (dev6) is answered by "Kishida expressed strong concern about … Syria…", and was refused for "It's not
# easy to bring closer the principal positions…", a no to "bring" without "up".
_PHRASAL_VERBS = {
    "bring up": "raise mention discuss express voice",
    "hand over": "transfer return cede",
    "give up": "abandon drop shelve scrap",
    "call off": "cancel scrap",
    "put off": "postpone delay",
    "turn down": "reject refuse decline",
    "carry out": "conduct implement",
    "pull out": "withdraw",
    "set up": "establish create launch",
}
_PHRASAL_STEMS = {next(iter(content_words(k.split()[0]))): (k.split()[1], frozenset(content_words(v)))
                  for k, v in _PHRASAL_VERBS.items()}


@lru_cache(maxsize=256)  # asked once per candidate sentence by negated and affirms: read the question once
def _phrasal(question: str) -> dict[str, tuple[str, frozenset[str]]]:
    """The question's phrasal verbs, its verb right before its particle ("bring up Syria"): {verb stem: (particle,
    stems of the plain verbs that tell it)}."""
    words = _plain_words(question)
    return {stem: _PHRASAL_STEMS[stem] for w, nxt in zip(words, words[1:])
            for stem in content_words(w) if stem in _PHRASAL_STEMS and _PHRASAL_STEMS[stem][0] == nxt}


# A no is also a word that says the opposite of the question's: "Did Russian officials say Japan's economic
# cooperation was enough?" is answered by "…complained that Japan's economic cooperation as “insufficient.”", and
# "Was Abe going to take a regular flight to Moscow?" by "…on a special airplane for Moscow" (dev4, dev6: both
# refused, no negator being near). Opposites are a word with a negating prefix ("insufficient", "informal",
# "illegal", "unlikely") or a pair below, news's common ones. Not first/last or early/late: a
# different meeting or month is no contrary of the one asked (checks.elsewhere tells those).
_OPPOSITE_PAIRS = [
    ("enough sufficient adequate", "insufficient inadequate"),
    ("regular ordinary commercial scheduled", "special chartered"),
    ("easy simple smooth", "difficult hard complicated tough"),
    ("success successful", "failure failed unsuccessful"),
    ("positive", "negative"), ("optimistic", "pessimistic"), ("same", "different"),
    ("increase increased rise rose", "decrease decreased decline declined fall fell"),
    ("accept accepted", "reject rejected refuse refused"),
    ("public open", "private secret closed"),
    ("friendly warm cordial", "hostile cold tense"),
    ("strong stronger", "weak weaker"),
    ("better improve improved", "worse worsen worsened deteriorate deteriorated deteriorating"),
    ("close closer near", "far apart distant"),
    ("willing ready eager", "unwilling reluctant"),
    ("accelerate accelerated accelerating speed hasten hastened", "slow slowed slowing delay delayed stall stalled"),
    # "Did Kishida and Lavrov agree to stop talks before the summit?" → "Yes, … agreed to continue talks…" (a fresh
    # probe, refused: its yes rested on no sentence that affirms it)
    ("stop stopped halt halted suspend suspended freeze froze frozen", "continue continued continuing resume resumed"),
]
_OPPOSITES: dict[str, set[str]] = {}
for _one, _other in _OPPOSITE_PAIRS:
    for _a, _b in ((_one, _other), (_other, _one)):
        for _w in _a.split():
            _OPPOSITES.setdefault(_w, set()).update(_b.split())
_NEGATING_PREFIX = ("un", "in", "im", "il", "ir", "dis", "non")
# a negating prefix only on a word shaped like an adjective: "intense" is no opposite of "tense", nor "discover"
# of "cover", "income" of "come"
_ADJECTIVE_END = ("able", "ible", "al", "ful", "ent", "ant", "ive", "ly", "ar", "ous", "ed", "ing", "ic", "ate")


def _opposes(word: str, asked: str) -> bool:
    """`word` (of a sentence, lower case) says the opposite of `asked` (of a question, lower case)."""
    if word in _OPPOSITES.get(asked, ()):
        return True
    return len(asked) >= 4 and asked.endswith(_ADJECTIVE_END) and any(word == p + asked for p in _NEGATING_PREFIX)


@lru_cache(maxsize=256)  # asked once per candidate sentence by negated: read the question once
def _question_terms(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the question's lower-case words, lower-cased; the stems of all its words, names too)."""
    qwords = [w for w in re.findall(r"[A-Za-z'’-]+", question) if w.lower() not in STOP]
    return frozenset(w.lower() for w in qwords if w.islower()), frozenset(content_words(" ".join(qwords)))


def _opposed(words: list[str], stems: list[str], question: str) -> bool:
    """`opposed` on a sentence's plain words and their stems (negated has them already)."""
    lower, others = _question_terms(question)
    for i, w in enumerate(words):
        against = {a for a in lower if _opposes(w, a)}
        if against:
            near = set(stems[max(0, i - _NEAR): i] + stems[i + 1: i + _NEAR + 1])
            if near & (others - content_words(" ".join(against))):
                return True
    return False


def opposed(sentence: str, question: str) -> bool:
    """A word of the sentence says the opposite of one of the yes/no question's lower-case words, within _NEAR
    words of another word or name of the question ("…economic cooperation as “insufficient”" to "…was enough?")."""
    words = _plain_words(sentence)
    return _opposed(words, [next(iter(content_words(w)), "") for w in words], question)


def says_no(answer: str) -> bool:
    """The answer's own yes or no: "No…", or a negator in it ("Kono and Lavrov did not hold…")."""
    words = _plain_words(answer)
    if words[:1] == ["yes"]:
        return False
    return any(w in _NEGATORS for w in words)


def states_yes_no(answer: str) -> bool:
    """The answer opens with yes or no, or denies: it says something a bare echo of the question doesn't."""
    return bool(re.match(r"\s*(?:yes|no)\b", answer, re.I)) or says_no(answer)


_NOT_DONE_YET = {"will", "would", "to", "may", "might", "could", "shall"}  # "He will attend…" is no "did attend"
_LIGHT_VERBS = set(content_words("hold make take give get have"))
_YES_NO_SKIP = _SUBJECT_WORDS | _ADVERBS | set("there any reportedly really".split())


_SPEECH = set("say says said tell tells told think thinks thought claim claims claimed believe believes believed".split())
_CLAUSE_SKIP = STOP | _YES_NO_SKIP


def _said_at(words: list[str]) -> int:
    """Where the said clause of a yes/no question starts (0 when it asks no such thing): after a speech verb
    that comes first or second among its words, past the subject's names and small words. "Did Russian
    officials say Japan's economic cooperation was enough?" → at "Japan's", not "officials" (a fresh
    question: "…Russian officials…" was taken as its yes)."""
    seen = 0
    for i, w in enumerate(words[:-1]):
        low = w.lower()
        if w[0].isupper() or (low not in _SPEECH and low in _CLAUSE_SKIP):
            continue
        if low in _SPEECH:
            return i + 1
        seen += 1
        if seen == 2:
            break
    return 0


@lru_cache(maxsize=256)  # asked once per candidate sentence by negated: read the question once
def _says(question: str) -> bool:
    """A yes/no question on what someone said or thought: "Did Lavrov think it would be easy…?"."""
    m = _YES_NO.match(question)
    return bool(m) and bool(_said_at(re.findall(r"[A-Za-z'’-]+", question[m.end():])))


_COPULAS = {"is", "are", "was", "were", "be", "been"}


# verbs whose act is the one they take: "Did Abe and Putin agree in Singapore to slow down the talks?" asks
# whether they agreed to slow them down. "…agreed that the two countries would speed up peace treaty talks…"
# was quoted as "Yes." to it (dev5): the sentence told "agree" and not "slow".
_WANTING = set(content_words("agree agreed decide decided plan planned promise promised vow vowed pledge pledged "
                             "try tried want wanted hope hoped offer offered refuse refused intend intended seek "
                             "sought aim aimed"))


_ANY_THING = {"anything", "something", "nothing", "everything", "it", "this", "that", "them"}


def _complement(words: list[str]) -> tuple[str, ...]:
    """The verb of a "to"-clause after a wanting verb, past names and small words ("in Singapore to slow down…"
    → ("slow",)); () when there is none before another word."""
    for i, w in enumerate(words[:-1]):
        if w.lower() == "to":
            nxt = words[i + 1]
            return () if nxt[0].isupper() or nxt.lower() in STOP or nxt.lower() in _ANY_THING else (_stem(nxt),)
        if not (w[0].isupper() or w.lower() in STOP):
            return ()
    return ()


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
_PREPOSITIONS = set("between among amid across over against about near toward towards".split())


def _heads_subject(raw: list[str], start: int, j: int) -> bool:
    """Word j of a do-question ends its subject, not its verb: a determiner comes before it, with only names
    between, and a plain word follows that may be the verb. "Did the Abe-Putin summit in Osaka produce a peace
    treaty?" asks whether it produced one (a fresh question: "summit" was taken as the act, and "…wants to reach a
    general agreement … when Putin visits Japan to attend the summit…" as its yes)."""
    i = j - 1
    while i >= start and (raw[i][0].isupper() or "-" in raw[i]):
        i -= 1
    if i < start or raw[i].lower() not in _DETERMINERS or raw[j].lower().endswith("ed"):  # "seized" is a verb
        return False
    return any(not (x[0].isupper() or x.lower() in STOP or x.lower() in _YES_NO_SKIP or x.lower() in _PREPOSITIONS)
               for x in raw[j + 1:])


def _predicate(question: str) -> tuple[str, ...]:
    """What a yes/no question asks to be so, stemmed: the first word after its auxiliary and subject that
    isn't a name or a small word. "Did Japan and Russia ever sign a peace treaty…?" → ("sign",); "Was Putin
    positive about…?" → ("posit",); "Are there plans for…?" → ("plan",). After a light verb, the words of
    its object, head noun first: "Did they hold a joint press conference…?" → ("confer", "joint", "press")
    ("a joint news conference" is no press conference). () when none is found."""
    m = _YES_NO.match(question)
    if not m:
        return ()
    raw = re.findall(r"[A-Za-z'’-]+", question[m.end():])
    start = _said_at(raw)  # "Did Lavrov say Russia was still willing…": willing; past a copula of the said clause
    if start:
        start = next((i + 1 for i in range(start, len(raw) - 1) if raw[i].lower() in _COPULAS), start)
    doing = m.group("aux").lower() in ("did", "does", "do") and not start  # a said clause has its own tense
    subject_ends = None
    for j in range(start, len(raw)):
        w = raw[j]
        if w[0].isupper() or w.lower() in STOP or w.lower() in _YES_NO_SKIP:
            continue
        if doing and _heads_subject(raw, start, j):
            subject_ends = j
            continue
        if doing and subject_ends is not None and w.lower() in _PREPOSITIONS:  # "…the May 31 talks between Kono and…"
            continue
        if _stem(w) not in _LIGHT_VERBS:
            return (_stem(w), *(_complement(raw[j + 1:]) if _stem(w) in _WANTING else ()))
        obj = []  # "hold talks", "make any progress", "hold a joint press conference": up to a small word
        for x in raw[j + 1:]:
            if x.lower() in ("a", "an", "the", "any", "some") and not obj:
                continue
            if x[0].isupper() or x.lower() in STOP:
                break
            obj.append(_stem(x))
        return (obj[-1], *obj[:-1]) if obj else (_stem(w),)
    return ()


def affirms(sentence: str, question: str) -> bool:
    """The sentence says yes to the yes/no question: it tells the question's predicate (`_predicate`) as so,
    with no offer, demand or plan word before it and no negator near it, and it names one of the names of
    the question's subject, if it has any. "Did Japan and Russia ever sign a peace treaty…?" is not affirmed by "…holding consultations in
    order to clinch a peace treaty…"; "Did Putin attend the World Economic Forum in Davos?" not by "He
    [Abe] will attend the annual general meeting of the World Economic Forum in Davos…" (dev3)."""
    wanted = _predicate(question)
    if not wanted or negated(sentence, question):
        return False
    pred, also = wanted[0], wanted[1:]
    m = _YES_NO.match(question)
    past = m.group("aux").lower() in ("did", "was", "were", "has", "have", "had")
    words = [w.group(0) for w in re.finditer(r"[A-Za-z'’]+", sentence)]
    meeting = _meeting_asked(question, pred)
    particle, same = _phrasal(question).get(pred, ("", frozenset()))  # "bring up": "brought up" or "raised"
    told = any(((_same_act(_stem(w), pred) and (not particle or particle in (x.lower() for x in words[i + 1: i + 3])))
                or (meeting and _stem(w) in _MEETING) or _stem(w) in same)
               and not _UNDONE.search(" ".join(words[max(0, i - 8): i]))
               and not (past and {x.lower() for x in words[max(0, i - 2): i]} & _NOT_DONE_YET)
               for i, w in enumerate(words))
    # the names of its subject, between the auxiliary and the predicate: "Did Putin attend…" → putin
    head = question[m.end():]
    at = re.search(r"\b" + re.escape(pred[:4]), head, re.I)
    asked_names = {part for word in names(head[: at.start()] if at else head)
                   for part in re.split(r"[-'’]", word.lower()) if len(part) > 1 and part not in _GENERIC}
    said = {_stem(w) for w in words}
    whom = _met_whom(question) if meeting else ""
    return told and all(any(_same_act(x, a) for x in said) for a in also) and about_subjects(sentence, asked_names) \
        and (not whom or bool(re.search(r"\b" + whom + r"\b", sentence))) and not _dated_otherwise(sentence, question)


def _dated_otherwise(sentence: str, question: str) -> bool:
    """The question places its act in a month and the sentence dates its own only on days of others: "…met with
    visiting … Lavrov in Tokyo on May 31…" says no yes to "Did Lavrov meet Kono in Tokyo in January 2019?" (a fresh
    question: "Yes, Lavrov met Kono in Tokyo in January 2019 [1]" was shown over it)."""
    month = asked_month(question)
    # its days, or else its months as news writes them: "…when Putin visits Japan … in June" is no yes to "Did Putin
    # visit Japan in December 2016?" (a fresh question, "Yes." over that sentence)
    told = [m for m, _ in _days(sentence)] or sorted(_written_months(sentence)) if month else []
    return bool(told) and month not in told


def names_act(sentence: str, question: str) -> bool:
    """The sentence has the yes/no question's act in a word of its own ("…a position that Japan could never
    accept" for "Did Japan accept…?"), not only a word near it."""
    wanted = _predicate(question)
    return bool(wanted) and any(_same_act(_stem(w), wanted[0]) for w in re.findall(r"[A-Za-z'’]+", sentence))


def asked_after_act(question: str) -> frozenset[str]:
    """The content words of a yes/no question after its act (`_predicate`): what it asks the act was done to, with
    or where. "Did Kishida bring up Syria with Lavrov?" → {syria, lavrov}; empty when nothing follows."""
    wanted = _predicate(question)
    m = _YES_NO.match(question)
    at = re.search(r"\b" + re.escape(wanted[0][:4]), question[m.end():], re.I) if wanted else None
    if not at:
        return frozenset()
    rest = question[m.end() + at.end():]
    rest = rest.split(None, 1)[1] if len(rest.split(None, 1)) > 1 else ""  # past the act's own word
    particles = {p for p, _ in _PHRASAL_STEMS.values()}
    return frozenset(content_words(rest) - particles - set(wanted))


# News tells a meeting as "met", "held talks" or "a meeting with": "Did Kishida see Putin in St. Petersburg…?" is
# affirmed by "Kishida held a meeting with Putin … in St. Petersburg" (dev3). The one met, when the question names
# him, must be in the sentence: "Did Kono meet Putin…?" is not affirmed by "…a meeting with Russian Lavrov…".
_MEETING = {"meet", "talk", "see"}


def _meeting_asked(question: str, pred: str) -> bool:
    """The yes/no predicate is a meeting: "meet", "hold talks", or "see" someone ("see any progress" is not one,
    nor "talk about" something)."""
    return pred == "meet" or (pred == "talk" and bool(re.search(r"\btalks\b", question, re.I))) or (
        pred == "see" and bool(_met_whom(question)))


def _met_whom(question: str) -> str:
    """The name right after a meeting verb of the question, the last of a run ("meet Foreign Minister Lavrov" →
    Lavrov), unless it is a place it asks about ("" if none)."""
    m = re.search(r"\b(?:meet|met|meeting|see|saw|seen|talks?|talked)\s+(?:with\s+)?((?:[A-Z][a-z]+\s+)*[A-Z][a-z]+)\b", question)
    name = m.group(1).split()[-1] if m else ""
    return name if name not in _placed(question) else ""


# "Was Kono's January 2019 meeting with Lavrov held in Tokyo?" was answered "Yes, … was held in Moscow [1]"
# (dev4): a yes/no question that places what it asks ("in Tokyo") is answered no by a sentence that places it
# somewhere else and never names the place asked.
_PLACED = re.compile(r"\b(?:in|at)\s+((?:[A-Z][a-z]+\.?\s?)+)")


def _placed(text: str) -> set[str]:
    return {w for m in _PLACED.finditer(text) for w in re.findall(r"[A-Z][a-z]+", m.group(1)) if w not in _NOT_NAMES}


def elsewhere(sentence: str, question: str) -> bool:
    """A yes/no question's place ("…held in Tokyo?") is not in the sentence, which places something "in" or
    "at" another ("…in Moscow…")."""
    return bool(_placed(sentence)) and not names_place_asked(sentence, question)


def placed_no(answer: str, question: str) -> str:
    """A yes to a yes/no question that places what it asks ("…held in Tokyo?"), which then places it somewhere
    else, read as the no it is: "Yes, Kono's January 2019 meeting with Lavrov was held in Moscow [3]" → "No, …
    was held in Moscow [3]" (dev4: refused as a yes that contradicts itself). The no still rests on a cited
    sentence that places it elsewhere (answer._check); other answers are returned as they are."""
    m = re.match(r"\s*(yes)\b", answer, re.I)
    if not (m and asks_yes_no(question) and elsewhere(_strip_markers(split_sentences(answer)[0])[0], question)):
        return answer
    no = {"Yes": "No", "yes": "no"}.get(m.group(1), "NO")
    return answer[: m.start(1)] + no + answer[m.end(1):]


def names_place_asked(sentence: str, question: str, as_place: bool = False) -> bool:
    """The sentence names the place a yes/no question asks about (true when it asks none); `as_place`: as a
    place, after "in" or "at" ("Tokyo is considering new moves after … a Jan. 14 meeting…" names Tokyo, not
    as where the meeting was)."""
    asked = _placed(question) if asks_yes_no(question) else set()
    return not asked or bool(asked & (_placed(sentence) if as_place else set(re.findall(r"[A-Z][a-z]+", sentence))))
