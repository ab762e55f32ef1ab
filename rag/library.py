"""The user's library: what is indexed, from where; adding uploaded files; reading an article.

    a = Assistant()
    a.add_files(["~/Downloads/story.html"])        # copied into <index>/uploads, ingested incrementally
    a.plan_remove(["~/news"]); a.remove(["~/news"])   # a folder (all its documents) or one file
    art = a.article("000_39e0fc70934ad5fb.txt")    # title, outlet, byline, date, cleaned text
    for c in answer.citations:
        art = a.article(c.document)
        assert art.text[c.start:c.end] == c.quote

The article text is the cleaned text as indexed, kept in the index folder's
docstore (index.py), so it is there with an embedded Chroma or a server, and
it is exactly the text the quotes were taken from.

Uploads go through the same reader as `rag ingest` (documents.read_file), so a
bad file gets the same per-file reason; on top of it an upload refuses unsafe
names (a path, a hidden file), types other than documents.SUFFIXES, more than
documents.MAX_UPLOAD_FILES files at once, and a file whose text is already
indexed. Refused files change nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .documents import MAX_FILE_BYTES, MAX_UPLOAD_FILES, SUFFIXES, Skipped, read_file
from .errors import CorpusError
from .index import IngestReport

__all__ = ["Article", "UploadReport", "uploads_dir", "find", "article", "locate", "add_files", "LIMITS"]

UPLOAD_TYPES = (".txt", ".md", ".html", ".pdf")  # what the upload box offers (.htm/.markdown also read)
LIMITS = (
    f"Up to {MAX_UPLOAD_FILES} files at once, {MAX_FILE_BYTES // 2**20} MiB each; "
    f"{', '.join(UPLOAD_TYPES)} (text, Markdown, web pages, PDF)."
)


@dataclass
class Article:
    id: str  # document id, <folder>/<source>
    source: str  # path relative to its folder (the citation key)
    folder: str
    title: str
    outlet: str
    byline: str
    date: str
    text: str  # cleaned text, as indexed: citation spans index into it

    def span(self, quote: str) -> tuple[int, int] | None:
        """(start, end) of the quote in the text, or None."""
        i = self.text.find(quote) if quote else -1
        return (i, i + len(quote)) if i >= 0 else None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def uploads_dir(settings) -> Path:
    """The managed folder of uploaded files, inside the index folder."""
    return Path(settings.index_dir) / "uploads"


def find(index, ref: str) -> list[str]:
    """Ids of the indexed documents `ref` names: an id, a file path, or a source (file name in its folder)."""
    ref = str(ref).strip()
    if not ref:
        return []
    ids = [d for ids in index.sources().values() for d in ids]
    if ref in ids:
        return [ref]
    resolved = Path(ref).expanduser().resolve().as_posix()
    if resolved in ids:
        return [resolved]
    return [d for d in ids if d.endswith("/" + ref.lstrip("/"))]


def article(index, ref: str) -> Article:
    ids = find(index, ref)
    if not ids:
        raise CorpusError(f"no indexed document is called {ref!r}: `rag docs` lists them")
    if len(ids) > 1:
        raise CorpusError(f"{ref!r} is in several folders; name one: " + ", ".join(ids))
    doc = index.article(ids[0])
    m = doc.metadata
    return Article(ids[0], m.get("source", ""), m.get("folder", ""), m.get("title", ""), m.get("outlet", ""),
                   m.get("byline", ""), m.get("date", ""), doc.text)


def locate(index, citations) -> None:
    """Fill each citation's document, folder and the span of its quote in the article text."""
    cache: dict[str, object] = {}
    for c in citations:
        doc_id = c.passage_id.rsplit("#", 1)[0] if c.passage_id else ""
        if doc_id not in cache:
            cache[doc_id] = index.article(doc_id) if doc_id else None
        doc = cache[doc_id]
        if doc is None:
            continue
        c.document = doc_id
        c.folder = doc.metadata.get("folder", "")
        i = doc.text.find(c.quote) if c.quote else -1
        if i >= 0:
            c.start, c.end = i, i + len(c.quote)


@dataclass
class UploadReport:
    added: list[str] = field(default_factory=list)  # stored file names, new
    updated: list[str] = field(default_factory=list)  # stored file names, a new version
    refused: list[Skipped] = field(default_factory=list)  # name: reason (nothing of them was kept)
    ingest: IngestReport | None = None
    folder: str = ""

    def summary(self) -> str:
        parts = []
        if self.added:
            parts.append(f"added {', '.join(self.added)}")
        if self.updated:
            parts.append(f"updated {', '.join(self.updated)}")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        if self.ingest is not None:
            parts.append(f"{self.ingest.chunks_added} chunks new, {self.ingest.chunks_total} in index")
        return "; ".join(parts) or "nothing to add"


def _name_problem(name: str) -> str:
    if (not name or name in (".", "..") or "/" in name or "\\" in name or name != os.path.basename(name)
            or name.startswith(".") or any(not ch.isprintable() for ch in name) or len(name) > 200):
        return "unsafe file name (a path, a hidden file or control characters): rename the file and upload it again"
    if Path(name).suffix.lower() not in SUFFIXES:
        return f"not a supported type: upload {', '.join(UPLOAD_TYPES)} files"
    return ""


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def add_files(index, settings, paths, names=None, on_progress=None, writing=contextlib.nullcontext) -> UploadReport:
    """Check, ingest (incrementally) and store files in the uploads folder. → UploadReport.

    `names`: the names to store them under (an upload's original names; default: each path's
    own name). Files that fail a check are refused with their reason and change nothing.
    `on_progress(done, total, message)` is called as files are checked and embedded.
    `writing()`: a context held while the index is written (the Assistant's write lock).
    """
    paths = [Path(p).expanduser() for p in paths]
    names = list(names) if names is not None else [p.name for p in paths]
    if len(names) != len(paths):
        raise CorpusError("add_files: give one name per file")
    if len(paths) > MAX_UPLOAD_FILES:
        raise CorpusError(f"{len(paths)} files at once; the limit is {MAX_UPLOAD_FILES}: upload them in parts")
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    report = UploadReport(folder=folder.resolve().as_posix())
    known: dict[str, str] = {}  # text hash → source, of everything indexed
    for ids in index.sources().values():
        for d in ids:
            doc = index.article(d)
            if doc is not None:
                known[_text_hash(doc.text)] = f"{doc.metadata.get('source', d)} in {doc.metadata.get('folder', '')}"
    docs, kept = [], []
    total = len(paths)
    for i, (path, name) in enumerate(zip(paths, names), 1):
        if on_progress:
            on_progress(i - 1, total, f"checking {name}")
        problem = _name_problem(name)
        if not problem and not path.is_file():
            problem = "not a file"
        if problem:
            report.refused.append(Skipped(name or "(no name)", problem))
            continue
        got = read_file(path, name, folder)  # the same checks and reasons as `rag ingest`
        if isinstance(got, Skipped):
            report.refused.append(got)
            continue
        h = _text_hash(got.text)
        if h in known:
            report.refused.append(Skipped(name, f"duplicate: the same text is already indexed ({known[h]})"))
            continue
        known[h] = f"{name} (this upload)"
        docs.append(got)
        kept.append((path, name))
    if not docs:
        return report

    def progress(done, n, source):
        if on_progress:
            on_progress(done, n, f"embedded {source}")

    with writing():
        report.ingest = index.ingest(docs, folder=folder, complete=False, progress=False, on_progress=progress)
    # The files are stored once their chunks are in: a crash before this leaves documents whose
    # file is missing, which the next ingest of the uploads folder removes (never a file without chunks).
    for path, name in kept:
        target = folder / name
        existed = target.exists()
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        os.close(fd)
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
        (report.updated if existed else report.added).append(name)
    return report
