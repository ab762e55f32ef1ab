"""The question side of the pipeline: what the user typed → the question retrieval uses.

    clean_question(text, max_chars)   control characters and runs of space → one space;
                                      QuestionError when empty or too long
    condense(history, question, gen)  a follow-up → one standalone question
    truecased(question, texts)        "what do russians call the northern territories" → "What do Russians
                                      call the Northern Territories" (cased as the retrieved passages write it)

`Assistant.ask(question, history)` and `Assistant.stream(question, history)`
call both; nobody else needs to.

History is the conversation so far, oldest first, in any of these forms:
`Turn(question, answer)`, `(question, answer)` pairs, earlier `Answer` objects,
or role/content chat messages (Gradio's and OpenAI's shape). `normalize_history`
turns each into `Turn`s.

"And what did Russia say about that?" retrieves nothing useful on its own:
"that" is in the conversation, not in the question. Following llama-index's
condense-question chat engine, the same small model rewrites such a question
into a standalone one before retrieval, through the ordinary generator
interface (`generator.stream(messages, max_tokens)`, temperature 0, so the
same conversation always gives the same rewrite):

    answer = assistant.ask("And what did Russia demand?", history=[first_answer])
    answer.standalone_question   # "What did Russia demand when Japan dropped the June deal?"

The rewrite is only attempted when there is history and the question looks
like a follow-up (a pronoun such as "that"/"he"/"they", a leading "and"/"but"/
"what about", or only a few words); a standalone question costs no model call.
A rewrite that comes back empty, rambling, or as an answer instead of a
question is thrown away and the question is used as it was asked.

`python -m rag.conversation` measures whether condensing helps retrieval on a
few follow-up pairs over the seed corpus (see `FOLLOW_UPS` and `measure`).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from .errors import QuestionError

__all__ = [
    "Turn",
    "clean_question",
    "condense",
    "condense_messages",
    "truecased",
    "looks_like_follow_up",
    "normalize_history",
    "FOLLOW_UPS",
    "measure",
]


@dataclass(frozen=True)
class Turn:
    """One earlier exchange: the question (as retrieval read it) and the answer given."""

    question: str
    answer: str


def clean_question(question, max_chars: int) -> str:
    """→ the question with control characters (NUL, escapes, newlines) and runs of space made one space.

    Raises QuestionError when nothing is left, or when it is longer than `max_chars`.
    """
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty: ask something about the articles")
    question = " ".join("".join(c if c.isprintable() else " " for c in question).split())
    if not question:
        raise QuestionError("the question is empty: ask something about the articles")
    if len(question) > max_chars:
        raise QuestionError(
            f"the question is {len(question):,} characters long; the limit is {max_chars:,}: "
            f"ask a shorter question (a sentence or two is plenty)"
        )
    return question


_CASED_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”]\s+|\n\s*)$")
_NEVER_CASED = {"i", "a", "us", "it", "may", "will", "march"}  # pronouns and words that are also names or months


def truecased(question: str, texts: Iterable[str]) -> str:
    """A question typed all in lower case, with each word cased as `texts` (the retrieved passages) mostly write
    it mid-sentence, and its first letter a capital. Left as typed when any later letter is a capital: its
    writer cased it. The answer checks read names by their capitals ("Russians", "Northern Territories"): typed
    in lower case, "what do russians call the northern territories" was answered "…the Northern Territories in
    Japan's laws [1]", a sentence the same question cased right fails (a fresh probe). The model is still asked
    the question as typed (answer.py)."""
    if not question or question[1:] != question[1:].lower():
        return question
    forms: dict[str, Counter] = {}  # lower-cased word → how often each way of writing it stands mid-sentence
    for text in texts:
        for m in _CASED_WORD.finditer(text):
            if m.start() > 0 and not _SENTENCE_START.search(text[max(0, m.start() - 3): m.start()]):
                forms.setdefault(m.group(0).lower(), Counter())[m.group(0)] += 1

    def cased(m: re.Match) -> str:
        word = m.group(0)
        seen = forms.get(word, {})
        if not seen and word.endswith("s") and word[:-1] in forms:  # "russians", written only "Russian": a name's plural
            seen = {w + "s": n for w, n in forms[word[:-1]].items()}
        if word in _NEVER_CASED or not seen:
            return word
        best = max(seen, key=seen.get)
        capital = sum(n for w, n in seen.items() if w[0].isupper())
        return best if best[0].isupper() and capital >= 2 and capital > 2 * (sum(seen.values()) - capital) else word

    out = _CASED_WORD.sub(cased, question)
    return out[0].upper() + out[1:]


# The user turn is llama-index's CondenseQuestionChatEngine DEFAULT_TEMPLATE.
# Measured on FOLLOW_UPS: the template alone, with this system prompt, or with
# a worked example added all gave the same rewrites, so the prompt stays short.
CONDENSE_SYSTEM = (
    "You rewrite a follow-up question from a conversation into one standalone question that "
    "can be understood without the conversation. Replace pronouns such as it, that, he, she "
    "and they with the names and events they refer to. Do not answer the question. "
    "Reply with the standalone question only."
)

CONDENSE_TEMPLATE = """\
Given a conversation (between Human and Assistant) and a follow up message from Human, \
rewrite the message to be a standalone question that captures all relevant context \
from the conversation.

<Chat History>
{chat_history}

<Follow Up Message>
{question}

<Standalone question>
"""

MAX_TURNS = 3  # only the last few exchanges are shown to the model
MAX_ANSWER_CHARS = 400  # long answers are cut: the topic is in the first sentences
MAX_TOKENS = 64  # a question, not an essay

_WORD = re.compile(r"[A-Za-z0-9']+")
_REFERRING = {
    "it", "its", "itself", "that", "this", "these", "those", "they", "them", "their", "theirs",
    "he", "him", "his", "she", "her", "hers", "there", "then", "such", "same", "else", "former",
    "latter", "above", "aforementioned", "both", "other", "others", "another",
}
_OPENERS = re.compile(
    r"^\s*(and|but|so|also|then|or|what about|how about|what else|anything else|why not|why so|"
    r"how come|is that|was that|did that|does that|tell me more|more on|what happened next|"
    r"what happened then|after that)\b",
    re.I,
)
_MARKER = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")
_PREFIX = re.compile(
    r"^\s*(?:<?\s*standalone question\s*>?\s*:?|rewritten question\s*:|question\s*:|human\s*:|q\s*:)\s*", re.I
)


def looks_like_follow_up(question: str) -> bool:
    """True when the question probably leans on the conversation before it.

    A leading "and"/"but"/"what about"…, three words or fewer, or a referring
    word (he, it, that, they…) in a question that names fewer than two things
    itself: "Why did Kishida protest to Lavrov at their meeting?" names its
    "their"; "Why did he summon the Japanese ambassador?" doesn't name "he".
    """
    words = _WORD.findall(question)
    if not words:
        return False
    if _OPENERS.search(question):
        return True
    if len(words) <= 3:  # "Why?", "And Russia?", "Since when?"
        return True
    if not any(w.lower() in _REFERRING for w in words):
        return False
    names = {w for w in words[1:] if w[0].isupper() and w.lower() not in _REFERRING}
    return len(names) < 2


def normalize_history(history) -> list[Turn]:
    """Turns, (question, answer) pairs, earlier Answers, or role/content messages → Turns, oldest first."""
    pairs: list[Turn] = []
    if not history:
        return pairs
    pending: str | None = None
    for item in history:
        if isinstance(item, Turn):
            pairs.append(item)
        elif hasattr(item, "as_turn"):  # an earlier rag.Answer
            pairs.append(item.as_turn())
        elif isinstance(item, dict):
            role, content = item.get("role"), item.get("content")
            if not isinstance(content, str):
                continue  # files, components: nothing to condense with
            if role == "user":
                if pending is not None:
                    pairs.append(Turn(pending, ""))
                pending = content
            elif role == "assistant" and pending is not None:
                if (item.get("metadata") or {}).get("title"):
                    continue  # a "Sources" panel, not the answer
                pairs.append(Turn(pending, content))
                pending = None
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            q, a = item
            if isinstance(q, str):
                pairs.append(Turn(q, a if isinstance(a, str) else ""))
    if pending is not None:
        pairs.append(Turn(pending, ""))
    return pairs


def _clip(text: str, limit: int) -> str:
    text = " ".join(_MARKER.sub("", text).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def condense_messages(turns: Sequence[Turn], question: str) -> list[dict[str, str]]:
    """The rewrite request: the last few turns and the follow-up (not the answer prompt: that is prompt.py)."""
    lines = []
    for t in turns[-MAX_TURNS:]:
        lines.append(f"Human: {_clip(t.question, MAX_ANSWER_CHARS)}")
        if t.answer:
            lines.append(f"Assistant: {_clip(t.answer, MAX_ANSWER_CHARS)}")
    return [
        {"role": "system", "content": CONDENSE_SYSTEM},
        {"role": "user", "content": CONDENSE_TEMPLATE.format(chat_history="\n".join(lines), question=question.strip())},
    ]


def _clean(raw: str, question: str) -> str | None:
    """The model's reply → a usable standalone question, or None."""
    for line in raw.strip().splitlines():
        line = _PREFIX.sub("", line).strip().strip("\"'“”").strip()
        if line:
            break
    else:
        return None
    line = " ".join(_MARKER.sub("", line).split())
    if not line or len(line) > max(300, 3 * len(question)):
        return None
    if "?" in line:
        line = line[: line.index("?") + 1]  # a question, then whatever the model added: cut
    elif question.rstrip().endswith("?"):
        return None  # a statement: the model answered instead of rewriting
    return line


def condense(history, question: str, generator, max_tokens: int = MAX_TOKENS) -> str:
    """→ a standalone version of `question`, or `question` itself when there is nothing to do.

    `history`: earlier turns in any form `normalize_history` accepts, oldest first.
    `generator`: anything with `stream(messages, max_tokens)` (rag.generation).
    Backend errors (RagError) propagate: the caller shows them like any other.
    """
    pairs = normalize_history(history)
    if not pairs or not isinstance(question, str) or not question.strip() or not looks_like_follow_up(question):
        return question
    raw = "".join(generator.stream(condense_messages(pairs, question), max_tokens))
    return _clean(raw, question) or question


# -- measurement: does condensing help retrieval? --------------------------------
# Follow-up pairs over the seed corpus. `gold`: the articles that answer the
# follow-up (read from seeds/); `first` is asked and answered for real, so the
# history is what a user would actually see.
FOLLOW_UPS = [
    {
        "first": "Why did Japan drop the June deal with Russia?",
        "follow_up": "And what did Russia say about that?",
        "gold": ["000_39e0fc70934ad5fb.txt", "002_e5fcf2e5e45cdf61.txt"],
    },
    {
        "first": "Who is Igor Morgulov?",
        "follow_up": "Why did he summon the Japanese ambassador?",
        "gold": ["001_a1d2632bd97767d4.txt"],
    },
    {
        "first": "What did Kishida and Lavrov agree on at their meeting in Moscow in 2016?",
        "follow_up": "What did he tell Kishida about missile defense?",
        "gold": ["004_3ed4bf90ac3744bf.txt"],
    },
    {
        "first": "What did the Soviet Union promise Japan in the 1956 Joint Declaration?",
        "follow_up": "Why did it withdraw that promise?",
        "gold": ["002_e5fcf2e5e45cdf61.txt"],
    },
]


def _rank(sources: Iterable[str], gold: Sequence[str]) -> int | None:
    for i, s in enumerate(sources, 1):
        if s in gold:
            return i
    return None


def measure(assistant, cases=FOLLOW_UPS) -> dict:
    """Retrieval with and without condensing: hit@k and reciprocal rank of a gold article."""
    rows = []
    for case in cases:
        first = assistant.ask(case["first"])
        t0 = time.perf_counter()
        standalone = condense([first], case["follow_up"], assistant.generator)
        condense_s = time.perf_counter() - t0
        raw_sources = [p.source for p in assistant.retriever.retrieve(case["follow_up"])]
        cond_sources = [p.source for p in assistant.retriever.retrieve(standalone)]
        r_raw, r_cond = _rank(raw_sources, case["gold"]), _rank(cond_sources, case["gold"])
        rows.append(
            {
                "follow_up": case["follow_up"],
                "condensed": standalone,
                "condense_s": round(condense_s, 2),
                "gold": case["gold"],
                "raw_sources": raw_sources,
                "condensed_sources": cond_sources,
                "raw_hit": r_raw is not None,
                "condensed_hit": r_cond is not None,
                "raw_rr": 1 / r_raw if r_raw else 0.0,
                "condensed_rr": 1 / r_cond if r_cond else 0.0,
                "raw_top1": r_raw == 1,
                "condensed_top1": r_cond == 1,
            }
        )
    n = len(rows) or 1
    summary = {
        f"{kind}_{metric}": sum(float(r[f"{kind}_{metric}"]) for r in rows) / n
        for kind in ("raw", "condensed")
        for metric in ("hit", "top1", "rr")
    }
    return {"rows": rows, **summary}


def main() -> None:  # python -m rag.conversation
    import json

    from . import Assistant, Settings

    a = Assistant(Settings.from_env())
    a.ensure_index()
    result = measure(a)
    for r in result["rows"]:
        print(json.dumps(r, ensure_ascii=False))
    k = a.settings.top_k
    print(
        f"hit@{k}: raw {result['raw_hit']:.2f} → condensed {result['condensed_hit']:.2f}; "
        f"hit@1: raw {result['raw_top1']:.2f} → condensed {result['condensed_top1']:.2f}; "
        f"MRR: raw {result['raw_rr']:.2f} → condensed {result['condensed_rr']:.2f}; "
        f"rewrite {sum(r['condense_s'] for r in result['rows']) / len(result['rows']):.1f} s on average"
    )


if __name__ == "__main__":
    main()
