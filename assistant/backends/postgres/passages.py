"""Passages, their lookup by id and lines, documents and term weights, read from a build's tables.

Small builds are read whole at load time (the re-ranker's sentence feature reads every passage).
Large ones keep a bounded cache: the lexical and vector searches fetch their candidates' rows in
one query each (`prefetch`), so the hybrid retriever's ``at(i)`` calls rarely go to the database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.types import Chunk

COLUMNS = "pos, chunk_id, doc, title, heading, line_start, line_end, text, search_text, char_start, char_end, page, page_end, section"


def chunk_of(row: Sequence[Any]) -> Chunk:
    """A `Chunk` from a row of `COLUMNS` (position first)."""
    return Chunk(*row[1:15])


class PgPassages:
    """`Passages`, `PassageLookup` and `DocumentCatalog` over a build schema."""

    def __init__(self, db, schema: str, n: int, documents: list[dict[str, Any]], *, cache_size: int = 20000):
        self.db = db
        self.schema = schema
        self.n = n
        self._documents = documents
        self._doc_meta = {d["doc"]: d for d in documents}
        self.cache_size = max(cache_size, 1)
        self._rows: OrderedDict[int, Chunk] = OrderedDict()
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()
        self.preloaded = n <= self.cache_size
        self._by_doc: dict[str, list[int]] = {}
        if self.preloaded:
            self._keep(db.fetch(f"SELECT {COLUMNS} FROM {schema}.passages ORDER BY pos"))
            for i, c in self._rows.items():
                self._by_doc.setdefault(c.doc, []).append(i)

    def _keep(self, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            for row in rows:
                chunk = chunk_of(row)
                self._rows[row[0]] = chunk
                self._ids[chunk.chunk_id] = row[0]
            while len(self._rows) > self.cache_size:
                _, old = self._rows.popitem(last=False)
                self._ids.pop(old.chunk_id, None)

    def _cached(self, position: int) -> Chunk | None:
        with self._lock:
            chunk = self._rows.get(position)
            if chunk is not None and not self.preloaded:
                self._rows.move_to_end(position)
            return chunk

    def prefetch(self, positions: Iterable[int]) -> None:
        """Read the rows of ``positions`` not in the cache yet, in one query."""
        if self.preloaded:
            return
        with self._lock:
            missing = [int(p) for p in positions if p not in self._rows]
        if missing:
            self._keep(self.db.fetch(f"SELECT {COLUMNS} FROM {self.schema}.passages WHERE pos = ANY(%s)", (missing,)))

    def remember(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows another query already read (the vector search returns its candidates' rows)."""
        if not self.preloaded:
            self._keep(rows)

    def __len__(self) -> int:
        return self.n

    def at(self, position: int) -> Chunk:
        chunk = self._cached(position)
        if chunk is None:
            if not 0 <= position < self.n:
                raise IndexError(position)
            self.prefetch([position])
            chunk = self._cached(position)
            if chunk is None:  # evicted between the two lines by a flood of other rows
                rows = self.db.fetch(f"SELECT {COLUMNS} FROM {self.schema}.passages WHERE pos = %s", (position,))
                chunk = chunk_of(rows[0])
        return chunk

    def position(self, chunk_id: str) -> int | None:
        with self._lock:
            got = self._ids.get(chunk_id)
        if got is not None or self.preloaded:
            return got
        rows = self.db.fetch(f"SELECT {COLUMNS} FROM {self.schema}.passages WHERE chunk_id = %s", (chunk_id,))
        self._keep(rows)
        return rows[0][0] if rows else None

    def in_lines(self, doc: str, line_start: int, line_end: int) -> list[int]:
        if self.preloaded:
            rows = self._rows
            return [
                i
                for i in self._by_doc.get(doc, [])
                if rows[i].line_start <= line_end and rows[i].line_end >= line_start
            ]
        rows = self.db.fetch(
            f"SELECT {COLUMNS} FROM {self.schema}.passages WHERE doc = %s AND line_start <= %s AND line_end >= %s "
            "ORDER BY pos",
            (doc, line_end, line_start),
        )
        self._keep(rows)
        return [r[0] for r in rows]

    def documents(self) -> list[dict[str, Any]]:
        return list(self._documents)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self._doc_meta.get(doc_id)

    def all_chunks(self) -> list[Chunk]:
        """Every passage in position order (the bench's synthetic scaling and tests)."""
        if self.preloaded:
            return list(self._rows.values())
        return [chunk_of(r) for r in self.db.fetch(f"SELECT {COLUMNS} FROM {self.schema}.passages ORDER BY pos")]


class PgTermStatistics:
    """`TermStatistics` from the build's ``idf`` table (read once)."""

    def __init__(self, db, schema: str):
        self.db = db
        self.schema = schema
        self._idf: dict[str, float] | None = None

    def idf(self) -> dict[str, float]:
        if self._idf is None:
            self._idf = dict(self.db.fetch(f"SELECT term, idf FROM {self.schema}.idf"))
        return self._idf
