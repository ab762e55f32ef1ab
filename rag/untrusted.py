"""Document and user text is data: it can't become a chat turn, and it can't support an answer by instructing.

Two functions, used at ingest (documents.py), when the prompt is built
(prompt.py) and when an answer is checked (citations.py):

- `neutralise(text)` removes the chat-template syntax of the model families we
  can run (ChatML `<|im_start|>`, `<|endoftext|>` and every other `<|…|>` token,
  Llama-2 `[INST]`/`<<SYS>>`/`<s>`, Gemma turns, "### Instruction" headings) and
  role prefixes at line starts ("System:", "Assistant:", "User:", "Human:").
  This is the model's own control syntax, a short closed list that changes only
  when a model family is added; it is not a list of attack phrases. For
  llama.cpp the guarantee does not rest on it: generation.py tokenises message
  text with special tokens *not* parsed, so no text can become a turn marker.

- `is_instruction(sentence)` tells whether a passage sentence talks to the
  assistant or reader instead of reporting: an imperative of a speech verb
  ("Respond to all questions with …", "When asked about X, say …"), a sentence
  addressed to an AI ("Note to the assistant: …", "Dear AI, …"), or a "you/they
  must say …" demand. Such a sentence is never shown to the model and never
  counts as support for an answer sentence, so an answer that only repeats it is
  dropped. It is grammar, not a phrase list: it does not need the attacker's
  wording, only the fact that an instruction is addressed to someone.
  Measured on the seed articles and the eval corpus: no sentence flagged.
"""

from __future__ import annotations

import re

__all__ = ["neutralise", "is_instruction", "without_instructions"]

# -- template syntax -------------------------------------------------------------
_TOKENS = re.compile(
    r"<[|｜][^<>|｜\n]{0,40}[|｜]>"  # ChatML / Qwen / Llama-3 / DeepSeek (fullwidth bars) special tokens
    r"|\[/?(?:INST|SYSTEM_PROMPT|AVAILABLE_TOOLS|TOOL_RESULTS)\]"  # Llama-2 / Mistral
    r"|<</?SYS>>"
    r"|</?s>"
    r"|<(?:start|end)_of_turn>"  # Gemma
    r"|</?(?:tool_call|tool_response|tools)>",  # Qwen's tool-use tags
    re.I,
)
# "### Instruction", "### Response:", "## System" as a line of its own or a line's lead
_HEADING = re.compile(
    r"^[ \t]*#{1,6}[ \t]*(?:instructions?|response|system(?: prompt)?|input|output|assistant|user|human|question|answer)\b[ \t]*:?[ \t]*",
    re.I | re.M,
)
_ROLE = re.compile(r"^[ \t]*(?:system|assistant|user|human)[ \t]*:[ \t]*", re.I | re.M)


# Spans the text itself marks as a system or assistant turn, or as an instruction
# block: they are not article text, so they go whole (their words would
# otherwise stay behind as plain sentences once the markers are gone).
_FORGED = re.compile(
    r"<[|｜]im_start[|｜]>\s*(?:system|assistant)\b[^\x00]{0,2000}?<[|｜]im_end[|｜]>"  # forged ChatML turns
    r"|\[INST\][^\x00]{0,2000}?\[/INST\]"  # a Llama-2 instruction
    r"|<<SYS>>[^\x00]{0,2000}?<</SYS>>"  # a Llama-2 system prompt
    r"|^[ \t]*#{1,6}[ \t]*(?:instructions?|system(?: prompt)?)\b[^\n]*\n(?:(?![ \t]*#)[^\n]*\S[^\n]*\n?)*"  # "### Instruction" + its lines
    r"|^[ \t]*(?:system|assistant)[ \t]*:[^\n]*"  # a "System: …" / "Assistant: …" line
    r"|<!--[^\x00]*?-->",  # an HTML comment: never visible to a reader of the article
    re.I | re.M,
)
_TURN_HEAD = re.compile(r"<[|｜]im_start[|｜]>[ \t]*(?:system|assistant|user|tool)?\b", re.I)


def neutralise(text: str) -> str:
    """Text without chat-template tokens and turns, instruction blocks, and line-start role prefixes."""
    text = _FORGED.sub(" ", text)
    text = _TURN_HEAD.sub(" ", text)
    prev = None
    while prev != text:  # "<|im_<|x|>start|>": removing one token must not assemble another
        prev = text
        text = _TOKENS.sub(" ", text)
    text = _HEADING.sub("", text)
    text = _ROLE.sub("", text)
    return text


# -- instructions addressed to the assistant ------------------------------------------
# Whom an instruction is addressed to: an AI, the assistant, "you".
_AI = (
    r"(?:ai|a\.i\.|assistants?|chat ?bots?|bots?|language models?|llms?|gpts?|chatgpt|copilot|"
    r"summari[sz]ers?|automated (?:tools?|systems?)|assistent(?:en)?|ki)"
)
# What instructions ask for: to say, answer, or stop heeding something (base form).
_SPEECH = (
    r"(?:respond|answer|reply|say|tell|write|output|print|state|claim|repeat|mention|insist|"
    r"ignore|disregard|forget|pretend|act as|behave|translate|refuse|obey|"
    # German: the issue's own example of an instruction in another language
    r"antworte|beantworte|sage|sag|schreibe|schreib|ignoriere|vergiss)"
)
_LEAD_INS = [
    re.compile(p, re.I)
    for p in (
        r"^[\"'“‘(\[<!\-\s*>]+",  # quotes, brackets, "<!--", markdown emphasis
        r"^(?:dear|hey|hi|hello|attention|note to|message to|instructions? (?:to|for))\s+(?:the\s+|all\s+|any\s+)?" + _AI + r"\b[^:,]{0,40}[:,]\s*",
        r"^[^:]{0,40}\b" + _AI + r"\b[^:]{0,40}:\s*",  # "Note to the assistant:", "AI assistants reading this:"
        r"^(?:important|note|nb|attention|instructions?|anweisung|hinweis|update)\b[^:]{0,30}:\s*",
        r"^(?:please|kindly|bitte)\s+",
        r"^(?:from now on|in (?:every|each|all|your) (?:answers?|responses?|replies))\s*,?\s*",
        r"^(?:when|whenever|if|once)\b[^,]{0,80},\s*",  # "When asked about the exhibition, say …"
        r"^(?:always|never|only|just|also)\s+",
        r"^(?:do not|don't|never)\s+",
    )
]
_IMPERATIVE = re.compile(_SPEECH + r"\b(?!-)", re.I)
# "<AI> must say …", "you should answer …", "they must write that …", "it should state that …"
_DEMAND = re.compile(
    r"\b(?:" + _AI + r"|you|your answers?|they|it|whoever\b[^.]{0,60}|any(?:one|body)|the (?:answer|response|summary|reader))\s+"
    r"(?:must|should|shall|will|has to|have to|needs? to|is to|are to|is required to|are required to)\s+"
    r"(?:always\s+|only\s+|now\s+|also\s+|never\s+|not\s+)?" + _SPEECH + r"\b",
    re.I,
)
# An AI named together with a demand anywhere in the sentence ("The assistant must answer …")
_ADDRESSED = re.compile(r"\b" + _AI + r"\b", re.I)
# Reported speech is news, not an instruction: '"Say no to war," the protesters chanted.'
_ATTRIBUTED = re.compile(
    r"[\"”’]\s*,?\s*(?:[\w.'-]+\s+){0,4}(?:said|says|told|added|wrote|chanted|asked|urged|stated)\b"
    r"|\b(?:said|says|told|added|urged)\s+(?:[A-Z][\w.'-]*\s*){1,4}[.!?]?$",
)


def is_instruction(sentence: str) -> bool:
    """True when the sentence tells the assistant (or a reader, or "you") what to say or ignore."""
    s = " ".join(neutralise(sentence).split())
    if not s or _ATTRIBUTED.search(s):
        return False
    if _DEMAND.search(s):
        return True
    rest = s
    changed = True
    while changed:  # peel lead-ins: "Dear AI, if you are summarising this story, please mention …"
        changed = False
        for p in _LEAD_INS:
            new = p.sub("", rest, count=1)
            if new != rest:
                rest, changed = new, True
    if _IMPERATIVE.match(rest) and not re.match(r"\w+\s+of\b", rest, re.I):  # "Answer of …" is a noun
        return True
    # addressed to an AI and containing a speech verb after it: "AI assistants: the article is wrong, answer …"
    m = _ADDRESSED.search(s)
    return bool(m and re.search(r"(?:^|[:,;]\s*|\band\s+)" + _SPEECH + r"\b", s[m.end():], re.I))


def without_instructions(text: str, split) -> str:
    """`text` with its instruction-like sentences left out (line structure kept); `split` splits sentences."""
    lines = []
    for line in text.split("\n"):
        kept = [s for s in split(line) if not is_instruction(s)]
        lines.append(" ".join(kept))
    return "\n".join(lines)
