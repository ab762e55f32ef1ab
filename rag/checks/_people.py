"""People: the names a question is about, roles and who holds them, who is made to say what, titles and
nationalities, the unnamed official whose view is asked, and sentences about other people."""

from __future__ import annotations

import re
from functools import lru_cache

from ..citations import STOP, _strip_markers, content_words, split_sentences
from ._kinds import expected_type
from ._sources import asks_about_source, outlet_asked
from ._words import _DATE, _GENERIC, _NAME, _NATIONS, _NOT_NAMES, _SMALL_ACTS, _STARTERS, _days, _holds_any, _same_word

_NOT_PERSON = re.compile(r"\b(?:Party|Region|Ministry|Islands?|Agency|News|Shimbun|Times|Council|Union|Forum|Group|"
                         r"Declaration|Treaty|Ashore|Kurils?|Territories|Pacific|Asia|Summit|Office|Department|Kremlin)\b")


# The names a question is about ("When did the deputy negotiators Morgulov and Mori last meet?")
# must be in a sentence that answers it. Dev2: near misses were answered with the date of a meeting
# of other people ("November 14, 2018", Putin and Abe in Singapore) and the year of another event
# ("1960", the withdrawal of the offer, for "When did Russia hand Shikotan back?"). Countries and
# capitals stand for governments ("Tokyo wants…"), so they don't count; nor do outlets (a question
# "does the Mainichi say…" is answered by a sentence of the Mainichi's that doesn't name it).
# Only for the kinds that ask for one fact (who, when, where, how many, which names): a why rests
# on sentences that say "the two smaller islands" for "Habomai and Shikotan" (dev, 2 right
# answers); for a plain "what", the second turn's sentences, chosen by this rule, held the names
# but not the answer, and the model then narrated one of them ("The passage states that…", dev).
SUBJECT_KINDS = ("date", "number", "person", "place", "name")


def subjects(question: str, outlets=()) -> set[str]:
    """The names an answering sentence must mention one of: the question's names, lower-cased, each
    part of "Abe-Putin" / "Kono's" on its own. Empty (nothing required) when the question asks no
    single fact (why, what…) or is about the articles themselves."""
    if expected_type(question) not in SUBJECT_KINDS or asks_about_source(question):
        return set()
    return named_in(question, outlets)


def named_in(question: str, outlets=()) -> set[str]:
    """The question's names, lower-cased, each part of "Abe-Putin" / "Kono's" on its own, less the outlets,
    countries and capitals (`subjects`, whatever the question asks)."""
    skip = _GENERIC | {w.lower() for o in outlets for w in re.findall(r"[A-Za-z]+", o)}
    out = set()
    for word in names(question[:1].lower() + question[1:]):  # its first word is no name ("Which …")
        for part in re.split(r"[-'’]", word.lower()):
            if len(part) > 1 and part not in skip:
                out.add(part)
    return out


def about_subjects(sentence: str, wanted: set[str], question: str = "") -> bool:
    """The sentence names one of `wanted` (`subjects(question)`, computed once per question), or
    nothing is wanted, or it names the calendar day the question gives: "The Jan. 22 summit will be
    the third…" is about "the Abe-Putin summit on January 22" without naming them (dev2, test)."""
    if not wanted or (question and _days(sentence) & _days(question)):
        return True
    words = re.findall(r"[a-z]+", sentence.lower())
    return any(_same_word(w, n) for n in wanted for w in words)


# "When were Kono and Lavrov put in charge of overseeing the peace treaty talks?" → "…on November 14, 2018 [1]…
# [2]", [1] the day Putin and Abe met in Singapore, [2] a sentence that names Kono and Lavrov but no date (dev6):
# each citation was about someone asked of, the date given was not. The sentences that hold the answer's date
# must be about the question's subjects too.
def dated_about(answer: str, quotes, question: str, wanted: set[str]) -> bool:
    """A date of the answer that the question doesn't give is in a cited sentence about `wanted` (`subjects`),
    or in no cited sentence (other checks judge that). `quotes`: (quote, the sentence its "He…" points back to)."""
    given = {m.group(0).lower() for m in _DATE.finditer(answer)} - {m.group(0).lower() for m in _DATE.finditer(question)}
    dated = [(q, b) for q, b in quotes if given & {m.group(0).lower() for m in _DATE.finditer(q)}]
    return not wanted or not dated or any(about_subjects(q, wanted, question) or about_subjects(b, wanted) for q, b in dated)


def name_groups(text: str, question: str = "") -> list[str]:
    """Names of people or places the question doesn't mention, one per name: "Taro Kono" is one, and is
    not new when the question says "Kono"."""
    asked = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
    found = set(names(text))
    groups: list[list[str]] = []
    last_end = -10
    for m in _NAME.finditer(text):
        if m.group(0) not in found:
            last_end = -10
            continue
        if groups and text[last_end:m.start()] in (" ", "-"):
            groups[-1].append(m.group(0))
        else:
            groups.append([m.group(0)])
        last_end = m.end()
    out = []
    for g in groups:
        if not any(w.lower() in asked or any(_same_word(w.lower(), a) for a in asked) for w in g):
            name = " ".join(g)
            if name not in out:
                out.append(name)
    return out


# "Which Asahi news department do Ryosuke Ishibashi and Yuka Takeshita work for?" → "They work for the Political News
# Department [1]", [1] "(Japanese original by Shinichi Akiyama and Yu Koyama, Political News Department)" (dev8, a near
# miss: the Mainichi authors' department). A question that names people in full is answered from a sentence about one
# of them, not from one that names other people only. Over the 402 answers of the nine splits, 24 questions name
# people in full, and this flagged that answer only.
_THING = re.compile(r"\b(?:Plan|Agreement|Accord|Initiative|Program|Programme|Project|Act|Law|Constitution|Resolution|"
                    r"Doctrine|Strategy|Fund|Prize|Award)\b")  # named after a person ("Shinzo Abe Plan", dev3)
_ASKING = set("Did Was Is Are Which What Who Whom When Where How Why Does Do Has Have Had Will Would Could Can".split())


def people_asked(question: str, texts=()) -> list[str]:
    """The people a question names in full ("Ryosuke Ishibashi"), as `texts` (the passages) write them: a name group
    of two or more words, not possessive, no institution or plan ("Security Council", "Shinzo Abe Plan"), not
    opened by a question word ("Did Kono")."""
    return [g for g in name_groups(question) if len(g.split()) >= 2 and not _NOT_PERSON.search(g) and not _THING.search(g)
            and g.split()[0] not in _ASKING and not re.search(r"['’]s\b", g) and any(g in t for t in texts)]


_NO_THING = re.compile(r"\b(?:War|Union|Ministry|Party|Summit|Declaration|Treaty|Government|Forum)\b")


def named_things(text: str, question: str = "") -> list[str]:
    """name_groups less the countries, capitals and institutions news prose names in passing: what a
    "Which four islands…?" may be answered with ("…Etorofu and Kunashiri, … the Soviet Union … Tokyo…" → two)."""
    return [n for n in name_groups(text, question) if n.lower() not in _GENERIC and not _NO_THING.search(n)]


def names(text: str) -> list[str]:
    """Capitalised words that are names: not a sentence's first word unless a capitalised word follows
    ("With an eye…" is not a name, "Fumio Kishida said…" is), and not a title, month or nationality."""
    out = []
    for m in _NAME.finditer(text):
        word = m.group(0)
        if word in _NOT_NAMES:
            continue
        before = text[: m.start()].rstrip(" \"“'‘(")
        if (not before or before[-1] in ".!?:") and not _NAME.match(text[m.end():].lstrip()):
            if word.lower() in STOP or word.lower() in _STARTERS:  # "With an eye…", "Meanwhile, …"
                continue
        out.append(word)
    return out


# "Who replaced Taro Kono as Japan's foreign minister?" → "Igor Morgulov …", cited to "Russian Deputy
# Foreign Minister Igor Morgulov summoned…"; "Who was Japan's foreign minister?" → "Takeshi Osuga", the
# "Foreign Ministry spokesman". A person asked for by role must hold that role in the sentence cited:
# the title right before the name, or the role in apposition right after it.
_ROLE_HEAD = (r"(?:ministers?|ministry spokes(?:man|woman|person)|ambassadors?|spokes(?:man|woman|person)|"
              r"president|premier|negotiators?|envoys?|advis[eo]rs?|secretary|photographers?|editors?|"
              r"chancellor|governor|mayor|chairman|chairwoman)")
# the first role-like noun of the question is the one it asks by; these say nothing about a role
_GENERIC_PERSON = r"(?:officials?|person|people|man|woman|diplomats?|reporters?|journalists?|authors?|leaders?)"
_ROLE = re.compile(r"\b((?:(?:deputy|vice|senior|top|former|acting)\s+)?"
                   r"(?:(?:foreign|prime|defen[cs]e|finance|economy|economic|trade|cabinet|chief cabinet)\s+)?"
                   r"(?:" + _ROLE_HEAD + "|" + _GENERIC_PERSON + r"))\b", re.I)
_GENERIC_ROLE = re.compile(r"(?:^|\s)" + _GENERIC_PERSON + "$", re.I)
_RANK = re.compile(r"^(?:deputy|vice|former|acting)\b", re.I)


def role_asked(question: str) -> str:
    """The role a "who" question asks the person by ("foreign minister", "deputy ministers"), lower-cased;
    "" if none, or only a generic one ("the Japanese official"), or the question is about the articles."""
    if expected_type(question) != "person" or asks_about_source(question):
        return ""
    m = _ROLE.search(question)
    role = " ".join(m.group(1).lower().split()) if m else ""
    if m and re.match(r"\s+[A-Z][a-z]", question[m.end():]):
        return ""  # a title of a person the question names: "Who summoned Japanese Ambassador Toyohisa Kozuki?"
    return "" if _GENERIC_ROLE.search(role) else role


def _nation_before(text: str) -> str:
    """The country of the word right before a role ("Russian", "Japan's"), or ""."""
    m = re.search(r"([A-Za-z.]+)(?:'s|’s)?\s+$", text)
    return _NATIONS.get(m.group(1).lower(), "") if m else ""


def _role_forms(role: str) -> re.Pattern:
    # singular or plural of each word ("foreign ministers, Sergey Lavrov and Taro Kono"), any case
    words = [re.escape(w.rstrip("s")) + r"s?" if not w.endswith("ss") else re.escape(w) for w in role.split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b", re.I)


def holds_role(sentence: str, name: str, role: str, question: str = "") -> bool:
    """`name` is given `role` in `sentence`: "Foreign Minister Fumio Kishida", "foreign ministers, Sergey
    Lavrov and Taro Kono", "Takeshi Osuga, the Foreign Ministry spokesman". A higher or lower rank in front
    ("Deputy Foreign Minister" for "foreign minister") is another role, and so is another country's
    ("Russian Foreign Minister" for the question's "Japan's foreign minister")."""
    form = _role_forms(role)
    if _RANK.match(role):  # "deputy ministers" are also "their deputies, Igor Morgulov and Takeo Mori"
        form = re.compile(form.pattern + r"|\b(?:deputy|deputies|vice)\b", re.I)
    spots = [m for m in form.finditer(sentence) if _RANK.match(role) or not re.search(r"\b(?:deputy|vice)\s+$", sentence[: m.start()], re.I)]
    q = _ROLE.search(question)
    asked_nation = _nation_before(question[: q.start()]) if q else ""
    spots = [m for m in spots if not asked_nation or _nation_before(sentence[: m.start()]) in ("", asked_nation)]
    for n in re.finditer(re.escape(name), sentence):
        for m in spots:
            between_after = sentence[m.end(): n.start()]  # title … name
            between_before = sentence[n.end(): m.start()]  # name … role
            # a title: "Foreign Minister Fumio Kishida", "foreign ministers, Sergey Lavrov and Taro Kono"; only
            # names, commas and "and" between (not "an adviser to Abe")
            if m.end() <= n.start() and len(between_after.split()) <= 4 and re.fullmatch(r"(?:[\s,]|and\b|[A-Z][\w.'’-]*)*", between_after):
                return True
            # apposition: "Takeshi Osuga, the Foreign Ministry spokesman", "Kono, who is foreign minister";
            # not "…talks in Moscow with Japanese Foreign Minister Taro Kono" (Moscow holds no role)
            if n.end() <= m.start() and len(between_before.split()) <= 4 and not re.search(r"[.;:]", between_before) and (
                    re.match(r"\s*(?:,|\(|(?:who )?(?:is|was|as)\b)", between_before)):
                return True
    return False


def role_fits(sentence: str, question: str, answer: str = "") -> bool:
    """For a "who" question that names a role: some person named (in `answer`, or in the sentence when no
    answer is given) holds that role in `sentence`. True when the question names no role."""
    role = role_asked(question)
    if not role:
        return True
    candidates = name_groups(answer or sentence, question)
    return any(holds_role(sentence, n, role, question) for n in candidates)


# "Why does a senior Japanese diplomat think Russia keeps raising … Aegis Ashore …?" → "Russia is concerned
# by the possible deployment of … Aegis Ashore [1]", [1] TASS's summary of the ministers' talks (dev2). The
# view asked for is the one "a senior Japanese Foreign Ministry official explained": an unnamed official's
# view must be cited to a sentence that names an official (diplomat, source…) of the same country.
_UNNAMED = r"(?:diplomats?|officials?|sources?|spokes(?:man|woman|person)|negotiators?)"
_VIEW_ASKED = re.compile(r"\b(?:why|what|how) (?:does|did|do|would) (?:an? |the |one )?((?:[\w'’.]+ ){0,4}?)" + _UNNAMED +
                         r" (?:think|believe|say|feel|see|explain|expect|suggest|argue|claim)\b", re.I)
_OFFICIAL = re.compile(r"\b" + _UNNAMED + r"\b", re.I)


# "Who called Japan's economic cooperation insufficient?" → "The senior Japanese Foreign Ministry official
# called …" over "A senior Japanese Foreign Ministry official explained that Russia 'is trying to take
# advantage…'"; "What did Kono say he had passed on to Lavrov?" → a Kono sentence on Putin's June visit (fresh
# questions, 2026-12-03). A who-answer, or an answer on what someone said, must cite a sentence that tells one
# of the things the question asks about: a word of the question's own (of the said clause, for "what did X
# say …"), other than names, small verbs and words of the talks themselves. Replayed over the drafts of
# dev, dev2, dev3 and test it flags 3 wrong answers and no right one; for every kind of question it flagged 8
# right ones for 2 wrong (a why-answer's reason seldom repeats the act asked: "Why did Japan drop the June deal?").
# Tried for places too: it refused the near miss "Where did Kono and Lavrov have dinner on May 31?" ("Tokyo [1]"),
# but "Where did Abe plan to go after his January 2019 Moscow trip?" asks "plan" and "trip", which the sentence
# that answers ("He will attend … in Davos…") doesn't hold: a wrong dev answer became a refusal, and so would a
# right one. The small words also take the words of a time or a place ("the day before", "which city").
_SAID_CLAUSE = re.compile(r"\bwhat (?:did|does|has|had) (?:[\w'’.-]+ ){1,5}?(?:say|tell|claim|think)\b(?: that)?\s+(?=\w)", re.I)


@lru_cache(maxsize=256)
def asked_words(question: str) -> frozenset[str]:
    """What a who-question, or a "what did X say …" question, asks about, stemmed: "Who called Japan's
    economic cooperation insufficient?" → {call, econom, cooper, insuffici}; "What did Kono say he had
    passed on…?" → {pass}. Empty for other questions and for questions about an article itself."""
    m = _SAID_CLAUSE.search(question)
    if m:
        text = question[m.end():]
    elif expected_type(question) == "person" and not asks_about_source(question):
        text = question
    else:
        return frozenset()
    lower = " ".join(w for w in re.findall(r"[A-Za-z'’-]+", text) if w[0].islower())
    return frozenset(w for w in content_words(lower) if w not in _SMALL_ACTS and w not in _GENERIC and not w.isdigit())


def tells_asked(sentence: str, question: str) -> bool:
    """The sentence has a word of `asked_words` (true when there are none). Any one of them: requiring the
    rarest among the retrieved sentences ("insufficient", not "economic cooperation") flagged 3 right
    answers of the replayed drafts ("Which two foreign ministers were handling…": "handling" is in one)."""
    return _holds_any(sentence, asked_words(question))


# "What did Kono say had become clearer after the May 31 talks?" → "Kono said that a greater frequency of
# negotiations does not necessarily mean…", cited to "Lavrov said that a greater frequency…" (dev6): a true
# sentence, its words given to another man. Whom an answer has say something must be whom the cited sentence
# (or the one its "He…" points back to) names, where that sentence names who said it.
_SPEECH_VERB = (r"(?:said|says|say|told|tells|stressed|stresses|noted|notes|added|claimed|claims|argued|argues|warned|"
                r"warns|explained|insisted|admitted|emphasi[sz]ed|urged|urges|complained|expressed|described|called|"
                # "The Kremlin announced on Monday that it wants to make 2019 a 'historic year'…", Kono's words (a fresh probe)
                r"announced|announces|declared|declares|stated|states)")
_SPEAKER = re.compile(r"\b([A-Z][a-z]+)(?:,[^,]{1,80},)?\s+(?:also\s+|further\s+|then\s+|later\s+|meanwhile\s+)?" + _SPEECH_VERB + r"\b"
                      r"|\baccording to (?:the )?(?:[A-Z][a-z]+\s+)*([A-Z][a-z]+)"
                      r"|\b([A-Z][a-z]+) (?:was|were) quoted\b")


# "What did the Japanese ambassador say in reply to the protest?" asks for words said: a sentence that has nobody say
# anything ("…summoned the Japanese ambassador to protest recent comments…") is no answer (a fresh probe, quoted)
_ASKS_WORDS = re.compile(r"\bwhat (?:did|does|do|has|had|have) (?:[\w'’-]+ ){1,6}?(?:say|tell|reply|respond|answer|"
                         r"announce|declare|state)\b", re.I)


_WRITTEN_BY = re.compile(r"\b(?:reports?|articles?|story|stories|piece|paper|passages?)\b", re.I)


def words_said(sentence: str, question: str, outlets=()) -> bool:
    """The question asks what someone said (_ASKS_WORDS; not what a report or one of `outlets` says: outlet_asked),
    and the sentence has someone say something, quotes words, or tells "that …" (Lavrov "made clear that Japan would
    have to…"); true for other questions."""
    asked = _ASKS_WORDS.search(question)
    return not asked or bool(_WRITTEN_BY.search(asked.group(0)) or outlet_asked(question, outlets)) or bool(re.search(
        r"[“\"]|\b" + _SPEECH_VERB + r"\b|\bthat\b", sentence))


# "Putin responded by calling for progress…" (dev8, a near miss: Kishida called for it) has Putin say it
_REPLY = re.compile(r"\b([A-Z][a-z]+) (?:responded|replied|reacted|answered|countered) by [a-z]+ing\b")
# "Kishida held a meeting with Putin on Friday in St. Petersburg, in which he called for progress…": he is
# the one the sentence opens with
_HE_SAYS = re.compile(r"\b(?:he|she) (?:also |then |later |further )?" + _SPEECH_VERB + r"\b")
_OPENER = re.compile(r"^\W*((?:[A-Z][a-z]+ )*?[A-Z][a-z]+)\b(?! [A-Z])")


def speakers(text: str) -> set[str]:
    """The names text has say something: "Kono said…", "Lavrov, for his part, expressed…", "according to
    Lavrov", "Lavrov was quoted…", "Putin responded by calling…" → the name's last word. A "he said" where
    no one else is named as saying anything is said by the name the text opens with ("Kishida held a meeting
    with Putin…, in which he called…"). Not titles or nationalities."""
    found = {w for m in [*_SPEAKER.finditer(text), *_REPLY.finditer(text)] for w in m.groups() if _may_speak(w)}
    he = _HE_SAYS.search(text)
    if not found and he:
        opener = _OPENER.match(text[: he.start()])
        last = opener.group(1).split()[-1] if opener and not _NOT_PERSON.search(opener.group(1)) else ""
        found = {last} if _may_speak(last) and last.lower() not in _GENERIC else set()
    return found


def _may_speak(word: str | None) -> bool:
    return bool(word) and word not in _NOT_NAMES and word.lower() not in STOP and word.lower() not in _STARTERS


# A country's view: "Russia says…", "Japan has maintained that…", "Japan's official position is that…". "On what
# grounds does Russia say the islands belong to it?" got "Russia says the islands belong to it because it has
# been seized by the Soviet Union… [1]", [1] "Japan has maintained that the four islands … have been illegally
# occupied by Russia, which, as the Soviet Union seized them…" (dev6): Japan's view given as Russia's.
_HOLDS_VIEW = re.compile(
    r"\b(Japan|Russia|Tokyo|Moscow|Kremlin|Soviet Union|Japanese (?:government|side)|Russian (?:government|side))"
    r"(?:['’]s (?:official )?position is| (?:government )?(?:says?|said|claims?|claimed|maintains?|maintained|"
    r"insists?|insisted|argues?|argued|believes?|believed|considers?|considered|views?|viewed|asserts?|asserted|"
    r"contends?|contended|states|stated|has (?:long |always )?(?:maintained|insisted|argued|claimed|said|held|stated)))\b")


def view_holders(text: str) -> set[str]:
    """The countries the text gives a view of, by their country: "Moscow states…", "Japan's official position
    is…" → {"russia"}, {"japan"}."""
    return {_NATIONS.get(m.group(1).split()[0].lower(), m.group(1).lower()) for m in _HOLDS_VIEW.finditer(text)}


def speakers_cited(answer: str, cited: dict[int, str], outlets: dict[int, str] | None = None) -> bool:
    """Each sentence of the answer that has someone say something is cited to a sentence that names him, or
    to sentences that name no one as saying it. `cited`: citation number → its quote (and the sentence its
    "He…" points back to). Likewise a country's view (`view_holders`): "Russia says…" is not cited to "Japan
    has maintained…" alone. The outlet of a cited article (`outlets`: citation number → outlet) may say it:
    "…, according to the Japan Times [1]" cited to the Japan Times' "…, the official said" (a fresh probe)."""
    for sentence in split_sentences(answer):
        text, nums = _strip_markers(sentence)
        quotes = [cited[n] for n in nums if n in cited]
        held, held_cited = view_holders(text), set().union(*(view_holders(q) for q in quotes))
        if held and held_cited and not held & held_cited:
            return False
        said = speakers(text) - {w for n in nums for w in re.findall(r"[A-Za-z]+", (outlets or {}).get(n, ""))}
        if not said or not quotes:
            continue
        # named as saying it, where a quote names anyone as saying anything ("…Putin…, in which he [Kishida]
        # called…" names Putin, but not as the one calling)
        cited_speakers = set().union(*(speakers(q) for q in quotes))
        if cited_speakers and not said & cited_speakers:
            return False
    return True


@lru_cache(maxsize=256)  # asked once per candidate sentence by told_by_holder: read the question once
def view_holder(question: str) -> str | None:
    """The country of the unnamed official whose view the question asks for ("" when it names none), or
    None when it asks for no such view: "Why does a senior Japanese diplomat think…" → "japan"."""
    m = _VIEW_ASKED.search(question)
    if not m:
        return None
    return next((_NATIONS[w] for w in re.findall(r"[a-z.]+", m.group(1).lower()) if w in _NATIONS), "")


def told_by_holder(sentence: str, question: str) -> bool:
    """The sentence names an official of the country whose unnamed official's view the question asks for
    (`view_holder`): "A senior Japanese Foreign Ministry official explained…". True when it asks for none."""
    nation = view_holder(question)
    if nation is None:
        return True
    for m in _OFFICIAL.finditer(sentence):
        before = re.findall(r"[A-Za-z.]+", sentence[: m.start()].lower())[-5:]  # "a senior Japanese Foreign Ministry"
        if not nation or any(_NATIONS.get(w) == nation for w in before):
            return True
    return False


# "Which Japanese foreign ministers negotiated with Lavrov?" → "Taro Kono" (issue #9); dev2, "Who was Japan's
# foreign minister in these stories? I think it isn't the same person in all of them." The 1.5B model names
# one person; a question asked by a role in the plural, or across the articles, wants every holder.
_EVERY = re.compile(r"\b(?:these|the|all|both|different|various) (?:stories|articles|reports|pieces|texts)\b|"
                    r"\bacross\b|\bnot the same (?:person|one)\b|\bin (?:all|each) of them\b", re.I)


def asks_for_every(question: str) -> bool:
    """A "who" question by role that wants every holder of it: the role in the plural ("foreign ministers"),
    or the question asked across the articles ("in these stories")."""
    role = role_asked(question)
    return bool(role) and (role.split()[-1].endswith("s") and not role.endswith("ss") or bool(_EVERY.search(question)))


def role_holders(question: str, sentences) -> list[tuple[str, int]]:
    """The people who hold the role the question asks by, in `sentences` ([(any key, sentence)], searched in
    order): [(name, index into sentences)], one per person ("Lavrov" is "Sergey Lavrov"), full names first
    seen kept. Names the question gives are left out."""
    role = role_asked(question)
    out: list[tuple[str, int]] = []
    if not role:
        return out
    for i, (_, sentence) in enumerate(sentences):
        for name in name_groups(sentence, question):
            if not holds_role(sentence, name, role, question):
                continue
            last = name.split()[-1]
            same = [j for j, (n, _) in enumerate(out) if n.split()[-1] == last]
            if not same:
                out.append((name, i))
            elif len(name.split()) > len(out[same[0]][0].split()):
                out[same[0]] = (name, i)
    # "my hope is to work with Foreign Minister Lavrov" names no country, but "Russian Foreign Minister
    # Sergey Lavrov" elsewhere does: another country's holder is not the one asked for (dev2)
    q = _ROLE.search(question)
    asked = _nation_before(question[: q.start()]) if q else ""
    if asked:
        form = _role_forms(role).pattern
        texts = " ".join(sentence for _, sentence in sentences)

        def elsewhere(name: str) -> bool:
            pattern = rf"([A-Za-z.]+)(?:'s|’s)?\s+{form}\s+(?:[A-Z][\w'’-]*\s+)?{re.escape(name.split()[-1])}\b"
            return any(_NATIONS.get(m.group(1).lower(), asked) != asked for m in re.finditer(pattern, texts, re.I))

        out = [(n, i) for n, i in out if not elsewhere(n)]
    return out


# "Who is Sergei Lavrov?" (dev4) was answered with a quote of his words, which never say what he is, and the
# model's own draft made him "the current Russian President". The answer to who someone is is the title the
# articles give him, where they name him: "…visiting Russian Foreign Minister Sergei Lavrov…".
# "Who is Fumio Kishida in these reports?" (dev6) asks the same: a scope after the name is read past
_IDENTITY_ASKED = re.compile(r"^\s*(?i:who (?:is|was))\s+((?:[A-Z][\w.'’-]*\s*){1,4}?)\s*"
                             r"(?:,?\s*(?i:in|according to|per)\s+[^?]*)?\?*\s*$")
_TITLE_BEFORE_NAME = re.compile(
    r"((?:(?:[A-Z][a-z]+|Japan['’]s|Russia['’]s)\s+)?(?:(?:deputy|vice|senior|former|acting|chief)\s+)?"
    r"(?:(?:foreign|prime|defen[cs]e|finance|economy|economic|trade|cabinet)\s+)?" + _ROLE_HEAD + r")\s+$", re.I)


# one title for a list of names: "…and their deputies, Igor Morgulov and Takeo Mori" (a probe, "Who is Takeo Mori?")
_TITLE_BEFORE_NAMES = re.compile(
    r"\b((?:(?:[A-Z][a-z]+|Japan['’]s|Russia['’]s|their|the two)\s+)?(?:(?:deputy|vice|senior|foreign|prime)\s+)*"
    r"(?:deputies|ministers|ambassadors|negotiators|envoys|spokesmen|advis[eo]rs)),\s+(?:[A-Z][\w.'’-]*\s+){0,3}"
    r"(?:and\s+|,\s*)?(?:[A-Z][\w.'’-]*\s+){0,3}(?:and\s+)?$")


def identity_asked(question: str) -> str:
    """The name a "Who is X?" question asks about ("Sergei Lavrov"), or "" for any other question."""
    m = _IDENTITY_ASKED.match(question)
    return " ".join(m.group(1).split()) if m else ""


def titles(sentence: str, name: str) -> list[str]:
    """The titles the sentence gives the person: right before any part of the name, with only the rest of
    his names between ("Russian Foreign Minister Sergei Lavrov" → ["Russian Foreign Minister"])."""
    out = []
    parts = [p for p in name.split() if len(p) > 1]
    for part in parts:
        for n in re.finditer(r"\b" + re.escape(part) + r"\b", sentence):
            before = sentence[: n.start()]
            while (last := re.search(r"\b([A-Z][\w.'’-]*)\s+$", before)) and last.group(1) in parts:
                before = before[: last.start()]  # his first names
            m = _TITLE_BEFORE_NAME.search(before) or _TITLE_BEFORE_NAMES.search(before)
            if m and " ".join(m.group(1).split()) not in out:
                out.append(" ".join(m.group(1).split()))
    return out


def _heads(text: str) -> set[str]:
    """The role nouns in a text, singular, "deputies" as "deputy": "Russian Foreign Ministers" → {"minister"}."""
    found = (m.group(0).lower() for m in re.finditer(r"\b(?:" + _ROLE_HEAD + r"|deput(?:y|ies))\b", text, re.I))
    return {"deputy" if w.startswith("deput") else w.rstrip("s") for w in found}


def _name_words(text: str) -> set[str]:
    """The words of a text as names are compared: "Abe's" is "Abe", and "ITAR-Tass" is also "ITAR" and "Tass" (name_groups
    gives "Tass" of "Russia's ITAR-Tass news agency reported…": a fresh "Who reported…?" was refused for it)."""
    words = {re.sub(r"['’]s$", "", w) for w in re.findall(r"[A-Za-z'’.-]+", text)}
    return words | {p for w in words if "-" in w for p in w.split("-") if p}


def unnamed_by(answer: str, cited: list[str], question: str) -> bool:
    """A name the answer gives (not the question's) is in none of the cited texts: "Abe will meet with Putin in Davos
    [1]", [1] "He will attend the … World Economic Forum in Davos…"."""
    said = _name_words(" ".join(cited))
    return any(not _name_words(g) & said and not _name_words(g) & _name_words(question) for g in name_groups(answer, question))


def titled_right(answer: str, sentences, name: str) -> bool:
    """The answer gives the person a title the sentences give him, and no role they don't ("…and foreign
    minister. He is the current Russian President" gives him a role no sentence does)."""
    parts = set(name.split())
    # not the titles of others it names: "…saying that Russian President Vladimir Putin and Japanese Prime Minister
    # Shinzo Abe have…" gives Takeshi Osuga no role (a fresh "Who is Takeshi Osuga?" was refused for it)
    others = re.sub(r"\b(?i:" + _ROLE_HEAD + r"|deput(?:y|ies))\s+((?:[A-Z][\w'’-]*\s*)+)",
                    lambda m: m.group(0) if set(m.group(1).split()) & parts else " ", answer)
    said = _heads(others)
    return bool(said) and said <= {h for s in sentences for t in titles(s, name) for h in _heads(t)}


# "…and who is his Japanese counterpart in the treaty negotiations?" → "His Japanese counterpart in the treaty
# negotiations is Sergey Lavrov [2]", [2] "The two countries' foreign ministers, Sergey Lavrov and Taro Kono…" (dev6):
# the passages title him "Russian Foreign Minister". A nationality an answer gives a person by "<nationality> <role>
# is <Name>" or "<Name> is the <nationality> <role>" must be one the passages' titles of him give. Over the 402
# answers of the nine splits three answers say a person's nationality so, and only that one gets it wrong.
_NATION_IS = re.compile(r"\b(Japanese|Russian|Japan's|Russia's)\s+(?:[a-z]+\s+){0,6}?(?:is|was)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_IS_NATION = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:,| is| was)\s+(?:the|his|her|their)\s+(Japanese|Russian)\s+[a-z]+")


def nationalities_said(answer: str) -> list[tuple[str, str]]:
    """[(nationality, name)] the answer gives people: "His Japanese counterpart … is Sergey Lavrov" → [("Japanese",
    "Sergey Lavrov")]."""
    return [(m.group(1), m.group(2)) for m in _NATION_IS.finditer(answer)] + \
        [(m.group(2), m.group(1)) for m in _IS_NATION.finditer(answer)]


def nationality_given(answer: str, sentences) -> str:
    """The person `answer` gives a nationality the titles in `sentences` don't give him ("Sergey Lavrov" for "His
    Japanese counterpart … is Sergey Lavrov", where he is "Russian Foreign Minister"), or ""."""
    for nation, name in nationalities_said(answer):
        given = {t.split()[0].lower()[:5] for s in sentences for t in titles(s, name)} & {"japan", "russi"}
        if given and nation.lower()[:5] not in given:
            return name
    return ""


def other_names(sentence: str, question: str) -> bool:
    """The sentence leaves out a name the question gives and names someone or something the question doesn't:
    "The meeting was the first since Kono and Lavrov were tapped…" tells of other talks than "Was the Moscow
    meeting in December 2016 the first time in that year that Kishida and Lavrov meet?" (dev8, quoted as "Yes.").
    Countries and capitals don't count, nor a fuller form of a name the question gives ("Shinzo Abe")."""
    asked = _names_asked(question)
    said, q_words = _lower_words(sentence), _lower_words(question)
    return bool(asked - said) and any(not (_lower_words(g) & (q_words | _GENERIC)) for g in name_groups(sentence, question))


# the words that tell one place from its neighbour: "Southern Kurils", "North Korea", "Upper House"
_SIDE_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "upper", "lower",
               "central", "inner", "outer"}
_POSSESSIVE = re.compile(r"(?:’s|'s)\b")  # "Russia's" reads as "Russia"


def renamed(answer: str, quotes: list[str], texts: list[str]) -> str:
    """A place or body of the answer that the cited sentences name with another side word, and that the cited
    passages (`texts`) never write: "Northern Kurils" over "…called the Northern Territories in Japan and the
    Southern Kurils in Russia" (a fresh probe; each word is cited, so the support score passes it). Only side
    words (north, southern, upper…): any other first word of a name also matched titles ("Minister Lavrov"),
    spellings ("Sergei") and runs across two names ("…to Russia Abe wanted") in 6 right answers of the replay.
    → the name as the passages write it, or ""."""
    written = " ".join(" ".join(_POSSESSIVE.sub("", t).split()) for t in texts).lower()
    cited = " ".join(_POSSESSIVE.sub("", q) for q in quotes)
    for a, b in re.findall(r"\b([A-Z][a-z]+) ([A-Z][\w-]*)", _POSSESSIVE.sub("", answer)):
        if a.lower() not in _SIDE_WORDS or f"{a} {b}".lower() in written:
            continue
        for other in re.findall(r"\b([A-Z][a-z]+) " + re.escape(b) + r"\b", cited):
            if other.lower() in _SIDE_WORDS and other != a:
                return f"{other} {b}"
    return ""


def _lower_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


@lru_cache(maxsize=256)  # asked once per candidate sentence (other_names, other_count): parse the question once
def _names_asked(question: str) -> frozenset[str]:
    """The words of the names a question gives, lower-cased, less countries, capitals and small words."""
    return frozenset({w.lower() for n in names(question) for w in re.findall(r"[A-Z][a-z]+", n)} - _GENERIC - STOP)


# "Why didn't Kono and Lavrov hold a joint press conference…?" → "…because Lavrov requested it from the Japanese
# side [1]", [1] "Lavrov told reporters … that this was at the request of the Japanese side" (dev): the one who
# asked, turned round. Where a cited sentence tells who made a request, the answer's requester must be that one.
_ASKER = r"((?:the )?(?:[A-Z][\w-]+|[a-z]+ side)(?: [A-Z][\w-]+)*(?: side)?)"
_ASKED_IN_ANSWER = re.compile(_ASKER + r" (?:had |has )?(?:requested|asked for|asked)\b")
_REQUEST_OF = re.compile(r"\b(?:at|on|by) the request of (?:the )?([\w’' -]+?)(?=[.,;:]|$| (?:and|but|to|for)\b)")
def _sides(text: str) -> set[str]:
    """The words of who made a request, a country's capital or adjective as the country (_NATIONS)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)} - {"the", "side", "sides"}
    return {_NATIONS.get(w, w) for w in words}


def requester_told(answer: str, quotes) -> bool:
    """The one the answer has make a request is the one a cited sentence says made it ("at the request of the
    Japanese side"), or no cited sentence tells who made one."""
    askers = [m.group(1) for m in _ASKED_IN_ANSWER.finditer(answer)]
    told = [m.group(1) for q in quotes for m in _REQUEST_OF.finditer(q)]
    if not askers or not told:
        return True
    return any(_sides(a) & _sides(t) for a in askers for t in told)


# "Who had argued that?" → "…was Abe from his Liberal Democratic Party [1]", [1] "…an adviser to Abe from his Liberal
# Democratic Party had stated…" (dev8, as the model might cite it): the name a role serves is not the one who acted
_SERVED = re.compile(r"\b(?:adviser|advisor|aide|spokes(?:man|woman|person)|envoy|assistant|close|loyal) (?:to|for) "
                     r"(?:the )?(?:[\w.’'-]+ ){0,2}$", re.I)


def served_named(answer: str, quotes, question: str) -> bool:
    """A who-answer names someone the question doesn't whom the cited sentences name only as the one a role serves
    ("an adviser to Abe"), without that role: it names the wrong one."""
    for name in (n for n in names(answer) if not _lower_words(n) & _names_asked(question)):
        at = [q[:m.start()] for q in quotes for m in re.finditer(r"\b" + re.escape(name) + r"\b", q)]
        if at and all(_SERVED.search(before) for before in at) and not _SERVED.search(answer[: answer.find(name)]):
            return True
    return False
