"""Stage 1: files → clean article text with metadata.

`load_corpus(folder)` walks a folder for .txt/.md/.html/.pdf files and returns
one llama-index `Document` per readable article, plus the list of files it
skipped and why. Metadata: source (the path relative to the corpus folder: the
citation key users see), folder (the corpus folder, absolute), title, outlet,
byline, date (when stated). The document id is `<folder>/<source>`, the file's absolute path: two
folders may both hold `a.txt`, and their documents stay apart (index.py refuses
a folder nested in another indexed one, so one file never has two ids).

Cleaning removes page furniture (subscription blurbs, skip-nav links) so that neither
the embeddings nor the citations carry it. Photo captions are kept, moved to the end.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from llama_index.core import Document

from .errors import CorpusError
from .untrusted import neutralise

__all__ = ["load_corpus", "load_file", "read_file", "clean_text", "is_caption", "captions", "caption_text", "body", "Skipped", "SUFFIXES", "MAX_FILE_BYTES",
           "MAX_UPLOAD_FILES", "doc_id"]

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}
MAX_FILE_BYTES = 20 * 1024 * 1024  # a single article larger than this is not an article
MAX_UPLOAD_FILES = 20  # files in one upload (web chat, Assistant.add_files): ~a minute of embedding on 2 cores

# Photo captions. They are asked about ("what does the photo at the top of the asahi story show", dev4, dev7)
# and a quote must be an exact span of the indexed text (issue #11), so they stay in the article's text,
# verbatim, but moved to its end as its last paragraph, one per line: out of its title, lead and dateline,
# and out of its chunks (chunks.DropCaptions), so that retrieval, the model's passages and every other answer
# are as without them. article_parts.furniture quotes them when a photo is asked about.
CAPTIONS = [
    re.compile(p, re.I)
    for p in (
        r"^photo/illu?s?tration.*$",  # Asahi caption line (their spelling: "Illutration")
        # a photo caption: a line that ends in a photo credit, e.g. "... (Pool)", "(... Photo via AP)"
        r"^.{0,400}\((?:[^()]*\b(?:photo|pool|ap|reuters|afp|getty|mainichi)\b[^()]*)\)$",
    )
]
_CAPTION_MARK = re.compile(r"^photo/illu?s?tration\s*", re.I)


def is_caption(line: str) -> bool:
    return any(p.match(line.strip()) for p in CAPTIONS)


def captions(text: str) -> list[str]:
    """The caption lines of an article's text (its last paragraph, when every line of it is one)."""
    last = text.rsplit("\n\n", 1)[-1].split("\n")
    return last if "\n\n" in text and all(is_caption(line) for line in last) else []


def body(text: str) -> str:
    """The article's text without its captions: what is chunked, embedded and shown to the model."""
    return text.rsplit("\n\n", 1)[0] if captions(text) else text


def caption_text(line: str) -> str:
    """The caption without the Asahi's "Photo/Illutration" mark glued to it."""
    return _CAPTION_MARK.sub("", line.strip())


# Whole lines that are page furniture, not article text.
FURNITURE = [
    re.compile(p, re.I)
    for p in (
        r"^please view the main text area of the page by skipping the main menu\.?$",
        r"^all news$",
        r"^in a time of both misinformation and too much information, quality journalism is more crucial than ever\.?$",
        r"^by subscribing, you can help us get the story right\.?$",
        r"^also in the mainichi$",
        r"^the mainichi on social media$",
        r"^(share|print|advertisement|related articles?|read more)$",
    )
]

# Outlet signatures, checked in order on the raw text (furniture is the best tell).
OUTLETS = [
    ("Asahi Shimbun", re.compile(r"Photo/Illu?s?tration|\(This article was written by", re.I)),
    ("TASS", re.compile(r"/TASS/")),
    ("Mainichi", re.compile(r"The Mainichi|\(Mainichi\)|Japanese original by")),
    ("The Japan Times", re.compile(r"quality journalism is more crucial than ever|^•\s*(Kyodo|Bloomberg)", re.M)),
    ("Kyodo", re.compile(r"\(Kyodo\)|^•\s*Kyodo", re.M)),
]

# Credit lines stay in the article text: "Who wrote the Asahi article?" and
# "Which agencies are credited?" are asked, and the answer must be citable as an
# exact span of the article. They are never taken for its title.
# An author line ("(This article was written by …)", "(Japanese original by …, Political News Department)") is one;
# AUTHOR_LINE reads who wrote it, for article_parts.authors.
_AUTHORED = r"\((?P<original>Japanese original|This article was written) by (?P<who>[^)]+?)\.?\)\.?"
AUTHOR_LINE = re.compile(rf"^{_AUTHORED}$", re.I)
_CREDIT = re.compile(rf"^(?:•\s*[\w ,]+|{_AUTHORED})$", re.I)

# A dateline: "TOKYO, June 1. /TASS/." → June 1 (the year is rarely given)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
DATELINE = re.compile(rf"^[A-Z][A-Z .'-]+,\s+((?:{_MONTHS})\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?)\b", re.M)

BYLINES = [
    re.compile(r"\(This article was written by ([^)]+?)\.?\)"),
    re.compile(r"\(Japanese original by ([^,)]+(?: and [^,)]+)?)"),
    re.compile(r"^•\s*([\w ,]+)$", re.M),
    re.compile(r"^By ([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3})$", re.M),
]


# Prompt injection planted in a document is handled by construction, not by a
# list of attack phrases (there used to be one here; it missed [INST], "System:",
# German, and instructions split over two sentences): chat-template syntax and
# forged turns are removed here and again when the prompt is built, and
# instruction-like sentences can neither reach the model nor support an answer
# (rag/untrusted.py).


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def clean_text(text: str) -> str:
    """Drop furniture lines, normalise whitespace; paragraphs stay separated by a blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = neutralise(text)
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    kept, captions = [], []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        if is_caption(line):
            captions.append(line)
            continue
        if any(p.match(line) for p in FURNITURE):
            continue
        kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"[ \t]+\n|(?<=\n)[ \t]+", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return f"{text}\n\n" + "\n".join(captions) if text and captions else text


def _outlet(raw: str) -> str:
    for name, pattern in OUTLETS:
        if pattern.search(raw):
            return name
    return ""


def _byline(raw: str) -> str:
    for pattern in BYLINES:
        m = pattern.search(raw)
        if m:
            return m.group(1).strip()
    return ""


def _credit(clean: str) -> str:
    """The article's credit lines and dateline, verbatim (exact spans of its text), one per line."""
    lines = [line for line in clean.split("\n") if _CREDIT.match(line)]
    m = DATELINE.search(clean)
    if m:
        line = clean[m.start():].split("\n", 1)[0]
        tag = re.match(r"[^/]*?/[A-Za-z .-]+/\.?", line)  # "TOKYO, June 1. /TASS/."
        lines.insert(0, tag.group(0) if tag else m.group(0))
    return "\n".join(lines)


def _date(raw: str, explicit: str = "") -> str:
    """Publication date when the article states it: an explicit one (HTML/PDF metadata) or a dateline."""
    if explicit.strip():
        return explicit.strip()[:40]
    m = DATELINE.search(raw)
    return m.group(1) if m else ""


def _title(clean: str, explicit: str = "") -> str:
    """An explicit title, else a short headline-like first line, else the lead's first words."""
    if explicit.strip():
        return re.sub(r"\s+", " ", explicit).strip()
    paragraphs = [p.strip() for p in clean.split("\n\n") if p.strip()]
    if not paragraphs:
        return ""
    lines = [line for p in paragraphs for line in p.split("\n") if not _CREDIT.match(line)]
    if not lines:
        return ""
    first = lines[0]
    if len(first) <= 140 and not first.endswith((".", '"', "”")):
        return first
    words = first.split()
    return " ".join(words[:14]) + (" …" if len(words) > 14 else "")


def _decode(data: bytes) -> tuple[str, str]:
    """bytes → (text, note). UTF-8 first; other encodings only when clearly text."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise ValueError("not UTF-8 and no other text encoding fits")
    return str(best), f"decoded as {best.encoding} (not UTF-8)"


def _read_html(data: bytes) -> tuple[str, str, str]:
    from bs4 import BeautifulSoup

    text, _ = _decode(data)
    soup = BeautifulSoup(text, "html.parser")
    title = ""
    meta_title = soup.find("meta", attrs={"property": "og:title"})
    if meta_title and meta_title.get("content"):
        title = meta_title["content"]
    elif soup.h1:
        title = soup.h1.get_text(" ", strip=True)
    elif soup.title:
        title = soup.title.get_text(" ", strip=True)
    site = soup.find("meta", attrs={"property": "og:site_name"})
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    body = soup.find("article") or soup.body or soup
    blocks = [b.get_text(" ", strip=True) for b in body.find_all(["p", "h2", "h3", "li", "blockquote"])]
    body_text = "\n\n".join(b for b in blocks if b) or body.get_text("\n", strip=True)
    return body_text, title, (site.get("content", "") if site else "")


def _read_pdf(path: Path) -> tuple[str, str]:
    from pypdf import PdfReader

    with open(path, "rb") as f:
        if not f.read(1024).lstrip().startswith(b"%PDF-"):
            raise ValueError("not a PDF (no %PDF- header): rename it to its real type or export it again as PDF")
    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise ValueError("encrypted PDF")
    pages = [page.extract_text() or "" for page in reader.pages]
    title = (reader.metadata.title if reader.metadata else "") or ""
    return "\n\n".join(pages), title


def load_file(path: Path, source: str) -> Document:
    """One file → one Document. Raises ValueError with a readable reason when it can't."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size == 0:
        raise ValueError("empty file")
    if size > MAX_FILE_BYTES:
        raise ValueError(f"{size / 1e6:.0f} MB is larger than the {MAX_FILE_BYTES // 2**20} MiB limit for one article")
    explicit_title, site, note = "", "", ""
    if suffix == ".pdf":
        raw, explicit_title = _read_pdf(path)
    elif suffix in (".html", ".htm"):
        raw, explicit_title, site = _read_html(path.read_bytes())
    else:
        raw, note = _decode(path.read_bytes())
        if suffix in (".md", ".markdown"):
            m = re.search(r"^#\s+(.+)$", raw, re.M)
            if m:
                explicit_title = m.group(1)
                raw = raw.replace(m.group(0), "", 1)
    clean = clean_text(raw)
    if not clean:
        raise ValueError("no article text after cleaning")
    metadata = {
        "source": source,
        "title": _title(clean, neutralise(explicit_title)),
        "outlet": site or _outlet(raw),
        "byline": _byline(raw),
        "date": _date(raw),
        "credit": _credit(clean),
    }
    doc = Document(text=clean, id_=source, metadata=metadata)
    # The file name and byline help neither the embedding nor the model's answer.
    doc.excluded_embed_metadata_keys = ["source", "byline", "date", "credit"]
    doc.excluded_llm_metadata_keys = ["source", "byline", "date", "credit"]
    if note:
        doc.metadata["note"] = note
        doc.excluded_embed_metadata_keys.append("note")
        doc.excluded_llm_metadata_keys.append("note")
    return doc


def _walk(folder: Path):
    """Files under folder, sorted, following symlinked dirs once (no loops)."""
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        st = os.stat(root)
        key = (st.st_dev, st.st_ino)
        if key in seen:
            dirs[:] = []
            continue
        seen.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def doc_id(folder: Path | str, source: str) -> str:
    """The document id: `<absolute folder>/<source>` (also the chunk ids' prefix, `<doc id>#<n>`)."""
    return f"{Path(folder).resolve().as_posix()}/{source}"


def read_file(path: Path, source: str, folder: Path | str) -> Document | Skipped:
    """`load_file` for a file of `folder`: the Document (id and folder set), or why it was skipped."""
    try:
        doc = load_file(path, source)
    except (OSError, ValueError) as e:
        return Skipped(source, str(e) or type(e).__name__)
    except Exception as e:  # a parser library's own failure on a bad file
        return Skipped(source, f"unreadable ({type(e).__name__}: {e})")
    doc.id_ = doc_id(folder, source)
    # last key: a document's hash is its text + str(metadata), and an index
    # upgraded from before folders were recorded computes it the same way
    doc.metadata["folder"] = Path(folder).resolve().as_posix()
    doc.excluded_embed_metadata_keys.append("folder")  # embeddings don't change
    doc.excluded_llm_metadata_keys.append("folder")  # nor does the model see paths
    return doc


def load_corpus(folder: Path | str) -> tuple[list[Document], list[Skipped]]:
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {folder} does not exist (set RAG_CORPUS or pass --corpus)")
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for path in _walk(folder):
        if path.suffix.lower() not in SUFFIXES:
            continue
        got = read_file(path, path.relative_to(folder).as_posix(), folder)
        (skipped if isinstance(got, Skipped) else docs).append(got)
    return docs, skipped
