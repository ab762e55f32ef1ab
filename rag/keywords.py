"""Stage 3c: the keyword half of hybrid search, an on-disk full-text index beside the store.

BM25 used to be rebuilt in memory from every chunk at each process start: 3 s
and ~0.35 GB at 13k chunks, and at 41k chunks the one `get` of all chunks
crashed Chroma ("too many SQL variables"). Chroma 1.5.9's own ranked keyword
search (sparse vectors, `Collection.search`) works only on distributed/hosted
Chroma, and its `$contains` filter is unranked. So the keyword index is SQLite
FTS5 (in Python's standard library) in `index/keywords.sqlite`:

- ranked by FTS5's built-in BM25, English Porter stemming, the same stop words
  as bm25s: exact names and numbers ("Habomai", "17,000") still win;
- updated with each Chroma write (the store's add/delete call `add`/`delete_document`),
  so an ingest costs no full rebuild;
- queried on disk: nothing is loaded at start, whatever the size of the library.

It is a derived copy of Chroma: when it is missing or out of step (a crash
between the two writes, an index made by an older version, another client of
a Chroma server), `Index.sync_keywords` rebuilds it from Chroma, page by page.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

__all__ = ["KeywordIndex", "match_query"]

# bm25s's English stop words (what llama-index's BM25Retriever used here before)
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these "
    "they this to was will with".split()
)
_WORD = re.compile(r"(?u)\b\w\w+\b")  # bm25s's token pattern

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, document_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(body, tokenize='porter unicode61');
"""

# FTS5 scores every chunk that matches any query word, so at 120k chunks common words
# ("file", "how", "object") made one keyword query cost 0.1-0.8 s. So a query uses its
# rarest words only, while their chunks add up to at most this many (the rarest word
# always): the cost no longer grows with the library, and BM25 gives common words
# little weight anyway; the keyword half is there for rare names and numbers.
POSTINGS_BUDGET = 3000


# News style writes most months short ("Jan. 14", "Dec. 15 and 16"); a question says
# "January". Each is searched as both, or "On what date did Kono and Lavrov meet in
# January 2019?" never finds the Mainichi's "a Jan. 14 meeting of ... Kono and ... Lavrov".
_MONTHS = {"january": ("jan",), "february": ("feb",), "august": ("aug",), "september": ("sept", "sep"),
           "october": ("oct",), "november": ("nov",), "december": ("dec",)}
_MONTH_ALIASES = {**_MONTHS, **{a: (m,) for m, short in _MONTHS.items() for a in short}}


def query_words(text: str) -> list[str]:
    """A question's words, lower case, no stop words, each once; a month also as its short form and back."""
    words = (w for w in _WORD.findall(text.lower()) if w not in STOPWORDS)
    return list(dict.fromkeys(x for w in words for x in (w, *_MONTH_ALIASES.get(w, ()))))


def match_query(text: str) -> str:
    """A question → an FTS5 query: its words (no stop words), any of them, each quoted."""
    return " OR ".join(f'"{w}"' for w in query_words(text))


class KeywordIndex:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one connection, shared by the server's threads
        self._df: dict[str, int] = {}  # chunks per query word (capped), for choosing words; cleared by every write
        self._n: int | None = None  # chunks in all, for `rarity`; cleared by every write

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")  # readers in other processes don't block an ingest
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def count(self) -> int:
        with self._lock:
            return self._db().execute("SELECT count(*) FROM chunks").fetchone()[0]

    def add(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """rows: (chunk id, document id, text). A chunk id already present is replaced."""
        with self._lock:
            self._df.clear()
            self._n = None
            db = self._db()
            with db:
                for chunk_id, document_id, text in rows:
                    old = db.execute("SELECT rowid FROM chunks WHERE id = ?", (chunk_id,)).fetchone()
                    if old:
                        db.execute("DELETE FROM fts WHERE rowid = ?", old)
                        db.execute("DELETE FROM chunks WHERE rowid = ?", old)
                    cur = db.execute("INSERT INTO chunks (id, document_id) VALUES (?, ?)", (chunk_id, document_id))
                    db.execute("INSERT INTO fts (rowid, body) VALUES (?, ?)", (cur.lastrowid, text))

    def delete_document(self, document_id: str) -> None:
        with self._lock:
            self._df.clear()
            self._n = None
            db = self._db()
            with db:
                db.execute(
                    "DELETE FROM fts WHERE rowid IN (SELECT rowid FROM chunks WHERE document_id = ?)", (document_id,)
                )
                db.execute("DELETE FROM chunks WHERE document_id = ?", (document_id,))

    def delete_ids(self, chunk_ids: list[str]) -> None:
        with self._lock:
            self._df.clear()
            self._n = None
            db = self._db()
            with db:
                for chunk_id in chunk_ids:
                    db.execute("DELETE FROM fts WHERE rowid IN (SELECT rowid FROM chunks WHERE id = ?)", (chunk_id,))
                    db.execute("DELETE FROM chunks WHERE id = ?", (chunk_id,))

    def clear(self) -> None:
        with self._lock:
            self._df.clear()
            self._n = None
            db = self._db()
            with db:
                db.execute("DELETE FROM fts")
                db.execute("DELETE FROM chunks")

    def _chunk_counts(self, db, words: list[str]) -> dict[str, int]:
        """word → the chunks holding it, counted only up to the budget (bounded cost); cached until a write."""
        for w in words:
            if w not in self._df:
                self._df[w] = db.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)", (f'"{w}"', POSTINGS_BUDGET + 1)
                ).fetchone()[0]
        return {w: self._df[w] for w in words}

    def _rare_words(self, db, words: list[str]) -> list[str]:
        """The words worth a keyword query (see POSTINGS_BUDGET), rarest first."""
        counts = self._chunk_counts(db, words)
        kept, total = [], 0
        for w in sorted(words, key=counts.__getitem__):
            total += counts[w]
            if kept and total > POSTINGS_BUDGET:
                break
            kept.append(w)
        return kept

    def rarity(self, text: str) -> dict[str, float]:
        """Each of the text's words (`query_words`) → how rare it is in the library: log(1 + N / (1 + the
        chunks holding it)), N the chunks in all (its chunks counted up to POSTINGS_BUDGET: bounded cost)."""
        words = query_words(text)
        if not words:
            return {}
        with self._lock:
            db = self._db()
            if self._n is None:
                self._n = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            return {w: math.log(1 + self._n / (1 + c)) for w, c in self._chunk_counts(db, words).items()}

    def phrase(self, phrase: str, query: str, k: int) -> list[tuple[str, float]]:
        """→ [(chunk id, BM25 score)] of chunks holding `phrase` ("foreign minister", any inflection the
        stemmer joins) and one of the query's rarest words, best first. At most POSTINGS_BUDGET matches
        are scored, so the cost is bounded whatever the size of the library."""
        words = _WORD.findall(phrase.lower())
        if not words:
            return []
        with self._lock:
            db = self._db()
            rest = [w for w in query_words(query) if w not in words]
            q = '"' + " ".join(words) + '"'
            rare = self._rare_words(db, rest) if rest else []
            if rare:
                q += " AND (" + " OR ".join(f'"{w}"' for w in rare) + ")"
            rows = db.execute(
                "SELECT chunks.id, hits.s FROM (SELECT rowid, bm25(fts) AS s FROM fts WHERE fts MATCH ? LIMIT ?) AS hits "
                "JOIN chunks ON chunks.rowid = hits.rowid",
                (q, POSTINGS_BUDGET),
            ).fetchall()
        rows.sort(key=lambda r: r[1])
        return [(chunk_id, -score) for chunk_id, score in rows[:k]]

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """→ [(chunk id, BM25 score)], best first (higher is better)."""
        words = query_words(query)
        if not words:
            return []
        with self._lock:
            db = self._db()
            q = " OR ".join(f'"{w}"' for w in self._rare_words(db, words))
            rows = db.execute(
                "SELECT chunks.id, bm25(fts) AS s FROM fts JOIN chunks ON chunks.rowid = fts.rowid "
                "WHERE fts MATCH ? ORDER BY s LIMIT ?",
                (q, k),
            ).fetchall()
        return [(chunk_id, -score) for chunk_id, score in rows]  # FTS5's bm25() is lower-is-better
