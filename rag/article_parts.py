"""Stage 8b: questions about an article itself, answered in code from its parts, each quoted as its exact span.

    "What is the Asahi article about?"              → its headline and lead (route "lead")
    "What's the headline on the TASS report?"       → the headline ("headline"); the line under it ("subhead");
                                                      whom it attributes its news to ("sources"); a photo's
                                                      caption ("photo"); its Japanese original ("original")
    "Which of these reports carry a Kyodo credit?"  → every article whose credit line names Kyodo ("credits")
    "Which articles mention the Aegis Ashore system?" → every article whose text names it ("mentions")
    "Which news agencies are credited on …?"        → the article's credit lines ("credits")
    "Who wrote the Asahi article?", refused         → its author line ("authors")
    "When was the TASS report filed?", refused      → its dateline ("dateline")

The model, asked these, answered from the news instead: it summed up another article, made a headline up
from a sentence, wrote "The Japan Times [1] and The Japan Times [4] [2] carry…" (README "Choices").

`gist`, `furniture` and `crediting` answer before the model is asked (None: not a question of their kind);
`credit_lines`, `authors` and `dateline` amend the checked answer (None: leave it as it is). Each returns a
`Reply`, which answer.py turns into its `Answer`. Those that read whole articles or locate a quote's span
take the `Index`; the caller holds its read lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import library
from .checks import (
    agencies_asked, asks_about_source, asks_for_authors, asks_for_credits, asks_yes_no, attribution, credited,
    expected_type, furniture_asked, gist_asked, lead_sentence, outlet_named, subhead, translation_affirmed,
)
from .checks import dateline as find_dateline
from .citations import CREDIT_SUFFIX, Citation, content_words, split_sentences
from .dates import number_word
from .documents import AUTHOR_LINE, caption_text, captions
from .retrieval import Passage

__all__ = ["Reply", "credits", "outlets", "gist", "furniture", "crediting", "mentioning", "credit_lines", "authors", "dateline"]

MAX_GISTS = 3  # articles of one outlet whose lead a "What is the X article about?" quotes (gist); quotes of one part
DATELINE_LINES = 12  # an article's first lines where its dateline may open a paragraph (the seeds': line 7 or 8)
_PHOTO_WORDS = content_words("photo photos photograph picture image caption captioned pictured show shows taken")


@dataclass(frozen=True)
class Reply:
    """What one of these answers says: refused=True is a refusal (answer.py words it), with its reason."""

    text: str
    citations: list[Citation]
    route: str
    refused: bool = False
    reason: str = ""


def outlets(passages: list[Passage]) -> set[str]:
    """The outlets of the articles shown: names a question may use that are not its subjects (checks.subjects)."""
    return {p.outlet for p in passages if p.outlet}


def _the(outlet: str) -> str:
    """An outlet as a sentence names it: "The Mainichi", "The Japan Times", "TASS" (an acronym takes no "The")."""
    return outlet if outlet.isupper() or outlet.startswith("The ") else f"The {outlet}"


def _articles_listed(cites: list[Citation]) -> str:
    """Cited articles by outlet and headline, for an answer that lists them: 'the TASS article "Japan gives up…" [2]'."""
    return "; ".join(f'{c.outlet if c.outlet.startswith("The ") else "the " + c.outlet} article "{c.title}" [{c.n}]'
                     for c in cites)


def credits(passages: list[Passage]) -> list[Passage]:
    """One passage per article with its credit lines and dateline (exact spans), for questions about sources."""
    seen, out = set(), []
    for p in passages:
        doc = p.id.rsplit("#", 1)[0]
        if p.credit and doc not in seen:
            seen.add(doc)
            out.append(Passage(doc + CREDIT_SUFFIX, p.source, p.title, p.outlet, p.credit, p.score, p.credit))
    return out


def _author_line(credit: str):
    """The author line among an article's credit lines ("(Japanese original by …)"), as a documents.AUTHOR_LINE
    match, or None."""
    return next((m for m in map(AUTHOR_LINE.match, credit.splitlines()) if m), None)


def gist(question: str, retrieved: list[Passage], index) -> Reply | None:
    """"What is the Asahi article about?" → the article's headline, where it has one, and its first
    sentence of news, quoted (route "lead"); one per retrieved article of that outlet, at most MAX_GISTS.
    None for other questions. The model, asked, summed up another article (dev4)."""
    outlet = gist_asked(question, outlets(retrieved))
    if not outlet:
        return None
    firsts = {}  # article id → a retrieved passage of it, in retrieval order
    for p in retrieved:
        if p.outlet == outlet:
            firsts.setdefault(p.id.rsplit("#", 1)[0], p)
    parts, quotes = [], []
    for doc_id, p in list(firsts.items())[:MAX_GISTS]:
        doc = index.article(doc_id)
        if doc is None:
            continue
        lead = lead_sentence(doc.text, p.title, p.credit)
        if not lead:
            continue
        quotes.append(Citation(len(quotes) + 1, p.source, p.title, p.outlet, lead, 1.0, f"{doc_id}#0"))
        headline = f', headlined "{p.title}",' if p.title and not p.title.endswith("…") and p.title != lead else ""
        parts.append(f'{headline} reports: "{lead}" [{len(quotes)}]')
    library.locate(index, quotes)  # each lead's span in its article
    if not quotes:
        return None
    name = outlet.removeprefix("The ")  # "The Japan Times" → "The Japan Times article", "2 Japan Times articles"
    if len(quotes) == 1:
        text = f"The {name} article{parts[0]}"
    else:
        text = f"There are {len(quotes)} {name} articles. " + " ".join(
            f"{'One' if i == 0 else 'Another'}{part}" for i, part in enumerate(parts))
    return Reply(text, quotes, "lead")


def furniture(question: str, retrieved: list[Passage], index) -> Reply | None:
    """A question about an article's headline, the line under it, or whom it attributes its news to, asked of
    an outlet it names → the headline, the line, or the sentence that says so, quoted (route "headline",
    "subhead", "sources"; dev8: "what does the line right under the tass headline say" got the headline);
    None for other questions, or when the outlet's retrieved articles have none. Both read unlike the question, so they
    failed the relevance gate (dev7: "what's the headline on the tass report" refused). A headline asked of
    an outlet whose articles have none is refused: the model, asked "What is the title of the Japan Times
    article?", made one up from a sentence of it. A question about a photo gets its caption, quoted (route
    "photo"): the one of the outlet's articles, or of any retrieved article, that shares most words with the
    question. "When was the photo of Putin that runs with the Mainichi story taken?" was refused (dev7). A question
    about the language an article was written in gets its author line where that names a Japanese original (route
    "original"), after "Yes." or "No." for a yes/no question (checks.translation_affirmed); an article without one
    is left to the model: "was the mainichi piece on abe's spring trip originally written in english" was refused
    (dev7)."""
    asked = furniture_asked(question)
    outlet = outlet_named(question, outlets(retrieved)) if asked else ""
    if not outlet and asked != "photo":
        return None
    found: list[tuple[Passage, str]] = []  # (a passage of the article, its headline, attribution or caption)
    for p in dict((p.source, p) for p in retrieved if p.outlet == outlet or not outlet).values():
        if asked == "headline" and p.title and not p.title.endswith("…"):
            found.append((p, p.title))
        elif asked == "subhead":
            doc = index.article(p.id.rsplit("#", 1)[0])
            line = subhead(doc.text, p.title) if doc is not None else ""
            found += [(p, line)] if line else []
        elif asked == "sources":
            doc = index.article(p.id.rsplit("#", 1)[0])
            said = attribution(doc.text) if doc is not None else ""
            found += [(p, said)] if said else []
        elif asked == "photo":
            doc = index.article(p.id.rsplit("#", 1)[0])
            found += [(p, caption_text(line)) for line in captions(doc.text if doc else "")]
        elif asked == "original":  # an author line, among the credit lines, that names a Japanese original
            line = _author_line(p.credit)
            found += [(p, line.group(0))] if line and line.group("original").lower().startswith("japanese") else []
    if asked == "photo" and found:  # the photo asked about: "…the Mainichi's photo of him [Putin]…"; all alike
        words = content_words(question) - content_words(" ".join(p.outlet for p, _ in found)) - _PHOTO_WORDS
        best = max(len(content_words(c) & words) for _, c in found)
        found = [f for f in found if len(content_words(f[1]) & words) == best]
    found = found[:MAX_GISTS]
    quotes = [Citation(i + 1, p.source, p.title, p.outlet, c, 1.0, p.id.rsplit("#", 1)[0] + "#0")
              for i, (p, c) in enumerate(found)]
    library.locate(index, quotes)  # each one's span in its article
    if not quotes:  # the outlet is a retrieved article's (outlet_named), so it has articles, none headlined
        return Reply("", [], asked, refused=True, reason=f"no {asked}") if asked in ("headline", "subhead") else None
    thing = {"headline": "article is headlined", "subhead": "article's line under the headline reads",
             "photo": "article has a photo captioned",
             "original": "article is a translation from Japanese; its credit line reads"}.get(
        asked, "article gives its source")  # "The TASS article…", as gist
    parts = [f'The {q.outlet.removeprefix("The ")} {thing}: "{q.quote}" [{q.n}]' for q in quotes]
    said = ("Yes. " if translation_affirmed(question) else "No. ") if asked == "original" and asks_yes_no(question) else ""
    return Reply(said + " ".join(parts), quotes, asked)


def crediting(question: str, retrieved: list[Passage], index) -> Reply | None:
    """"Which of these reports carry a Kyodo credit?" → every retrieved article whose credit line names the
    agencies asked (checks.agencies_asked), by outlet and headline, each cited to that line (route "credits");
    None for other questions. The model wrote "The Japan Times [1] and The Japan Times [4] [2] carry…" (dev7).
    Before the gate: "Which of the stories came from TASS?" reads unlike any sentence of news."""
    found = credits(retrieved)
    agencies = agencies_asked(question, [n for p in found for _, ns in credited(p.text) for n in ns])
    hits = [(p, line) for p in found for line, ns in credited(p.text)[:1] if agencies and set(agencies) <= set(ns)]
    if not hits:
        return None
    cites = [Citation(k, p.source, p.title, p.outlet, line.strip(), 1.0, p.id) for k, (p, line) in enumerate(hits[:MAX_GISTS], 1)]
    listed = _articles_listed(cites)
    library.locate(index, cites)  # each credit line's span in its article
    text = (f"Of the articles found for this question, {number_word(len(cites))} credit{'s' if len(cites) == 1 else ''} "
            f"{' and '.join(agencies)}: {listed}.")
    return Reply(text, cites, "credits")


# "Which articles mention the Aegis Ashore system?" (a fresh probe): shown eight sentences, the model cited none it could
# be held to, and the question was refused. Which articles name a thing is read in their text, not asked of the model
_MENTION_ASKED = re.compile(r"^\s*(?:which|what)\s+(?:of\s+(?:the|these)\s+)?(?:articles?|outlets?|reports?|stories|papers|"
                            r"newspapers)\s+(?:also\s+)?(?:mention|mentions|name|names|refer to|refers to|talk about|talks about|"
                            r"discuss|discusses)\s+((?:the\s+)?)(.+?)\s*\??\s*$", re.I)


def mentioning(question: str, retrieved: list[Passage], index) -> Reply | None:
    """"Which articles mention the Aegis Ashore system?" → every retrieved article whose text names it (its
    capitalised words, or else all its words), by outlet and headline, each cited to its first sentence that does
    (route "mentions"); None for other questions, or when no article names it (the model answers or refuses)."""
    m = _MENTION_ASKED.match(question)
    if not m:
        return None
    the, thing = m.group(1), m.group(2)
    names = re.findall(r"\b[A-Z][\w'’-]*", thing)
    words = content_words(thing)
    hits, seen = [], set()
    for p in retrieved:
        doc_id = p.id.rsplit("#", 1)[0]
        if doc_id in seen:
            continue
        seen.add(doc_id)
        doc = index.article(doc_id)
        for sentence in split_sentences(doc.text if doc is not None else p.text):
            if (all(re.search(r"\b" + re.escape(n) + r"\b", sentence) for n in names) if names
                    else bool(words) and words <= content_words(sentence)):
                hits.append((doc_id, p, sentence.strip()))
                break
    if not hits:
        return None
    cites = [Citation(k, p.source, p.title, p.outlet, sentence, 1.0, f"{doc_id}#0") for k, (doc_id, p, sentence) in enumerate(hits, 1)]
    library.locate(index, cites)  # each sentence's span in its article
    listed = _articles_listed(cites)
    count = number_word(len(cites))
    text = f"Of the articles found for this question, {count} mention{'s' if len(cites) == 1 else ''} {the.lower()}{thing}: {listed}."
    return Reply(text, cites, "mentions")


def credit_lines(question: str, answer, retrieved: list[Passage]) -> Reply | None:
    """"Which news agencies are credited on the report about …?" is answered from the credit lines of
    the article retrieved first (the one the question is about), cited as their exact span, unless
    the model's answer already names every agency there. Dev2: two Japan Times articles credit
    "• Bloomberg, Kyodo" and "• Kyodo"; the model wrote "The Japan Times [1] and Kyodo [2]" (the
    other article's), which was dropped as unsupported, and a quote of a news sentence was shown.
    `answer`: the checked answer.Answer."""
    if not asks_for_credits(question) or not asks_about_source(question):
        return None
    if answer.route in ("draft", "retry") and any(asks_for_credits(c.quote) for c in answer.citations):
        # "Which Russian news agency quoted Lavrov on the Abe plan?": the model's "Russia's ITAR-Tass news
        # agency reported … [3]" names an agency of the news itself, not a credit line (dev3)
        return None
    found = credits(retrieved)
    top = next(iter(found), None)  # the credit passage of the article retrieved first
    lines = credited(top.text) if top else []
    names = [n for _, ns in lines for n in ns]
    # nor one that adds an agency only another article credits: "…credited to Bloomberg, Kyodo" for the 2016
    # Kishida story, which only Kyodo is credited on ("• Bloomberg, Kyodo" is the 2019 story's; dev6)
    others = {n for p in found[1:] for _, ns in credited(p.text) for n in ns} - set(names)
    if not names or (not answer.refused and all(n in answer.text for n in names)
                     and not any(re.search(r"\b" + re.escape(n) + r"\b", answer.text) for n in others)):
        return None
    cites = [Citation(k, top.source, top.title, top.outlet, line.strip(), 1.0, top.id) for k, (line, _) in enumerate(lines, 1)]
    listed = ", ".join(f"{', '.join(ns[:-1])} and {ns[-1]}" if len(ns) > 1 else ns[0] for _, ns in lines)
    marks = "".join(f" [{c.n}]" for c in cites)
    outlet = top.outlet if top.outlet.startswith("The ") else f"The {top.outlet}"
    where = f'{outlet} article "{top.title}"' if top.outlet and top.title else "The article"
    return Reply(f"{where} credits {listed}{marks}.", cites, "credits")


def authors(question: str, answer, retrieved: list[Passage]) -> Reply | None:
    """A refused question on who wrote an article is answered from the article's author line, quoted as
    its exact span: the article of the outlet the question names, else the one retrieved first. Dev8: "For
    my citation: whose byline is on the Asahi report that Japan dropped its plan for a treaty deal in June?"
    was refused; the model had written the right names but around a restatement of the question, whose
    words no one sentence holds, and the support check dropped it. An article with no author line (TASS's)
    leaves the refusal standing ("Which TASS correspondent wrote the report…?", dev6)."""
    if not answer.refused or not asks_for_authors(question):
        return None
    found = credits(retrieved)
    outlet = outlet_named(question, outlets(retrieved))
    top = next((p for p in found if p.outlet == outlet), None) if outlet else next(iter(found), None)
    line = _author_line(top.text) if top else None
    if line is None:
        return None
    what = f'{_the(top.outlet)} article "{top.title}"' if top.outlet and top.title else "The article"
    original = " in its Japanese original" if line.group("original").lower().startswith("japanese") else ""
    cite = Citation(1, top.source, top.title, top.outlet, line.group(0), 1.0, top.id)
    return Reply(f"{what} is by {line.group('who')}{original} [1].", [cite], "authors")


def dateline(question: str, answer, retrieved: list[Passage], index) -> Reply | None:
    """"When was the TASS report filed?", refused, is answered from the article's dateline ("TOKYO, June 1.
    /TASS/."), cited as its exact span: the date, or for "where", the place, that the report gives itself.
    Issue #9 asks that an article's date be findable and citable, and a report's date is often only in its
    dateline. Only for a question about an article that names its outlet. On the dev splits the model
    answered such questions itself, so this has fired on none of them (README "Choices", 2026-12-04 evening).
    A dateline without a date opens the article's first paragraph ("TOKYO -- Prime Minister…", the Mainichi's),
    so the article's first lines are read too: "Where is the Mainichi story … datelined?" was refused (dev6)."""
    kind = expected_type(question)
    if re.search(r"\bdatelines?\b", question, re.I) and kind not in ("date", "place"):
        kind = "place"  # "What is the dateline of…?": its place, with the date it gives
    if not answer.refused or kind not in ("date", "place") or not asks_about_source(question):
        return None
    outlet = outlet_named(question, outlets(retrieved))
    for p in dict((p.source, p) for p in retrieved if p.outlet == outlet).values():
        doc = index.article(p.id.rsplit("#", 1)[0])
        text = doc.text if doc is not None else ""
        line, place, date = find_dateline(p.credit + "\n" + "\n".join(text.splitlines()[:DATELINE_LINES]))
        if line and (date if kind == "date" else place):
            told = f"on {date}" if kind == "date" else f"from {place}" + (f" on {date}" if date else "")
            cite = Citation(1, p.source, p.title, p.outlet, line, 1.0, p.id)
            return Reply(f'{_the(outlet)} filed the report {told}, by its dateline: "{line}" [1].', [cite], "dateline")
    return None
