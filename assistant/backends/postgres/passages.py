"""Passages, their lookup by id and lines, documents and term weights, read from a build's tables.

Small builds are read whole at load time (the re-ranker's sentence feature reads every passage).
Large ones keep a bounded cache: the lexical and vector searches fetch their candidates' rows in
one query each (`prefetch`), so the hybrid retriever's ``at(i)`` calls rarely go to the database.
Each row also carries the passage's token sets (``terms``, ``heading_terms``, tokenised at build
time), which the re-ranker reads through `term_sets` instead of tokenising candidates per query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.types import Chunk

COLUMNS = "pos, chunk_id, doc, title, heading, line_start, line_end, text, search_text, char_start, char_end, page, page_end, section"
N_COLUMNS = len(COLUMNS.split(","))
TERMS = "terms, heading_terms"  # the re-ranker's token sets (builds from before them lack the columns)
SEP = "\x1f"  # no token holds a control character (normalised text)
# Read as one string each: decoding text[] arrays cost 6.6 ms per 80 rows, splitting a string ~0.1 ms.
TERMS_SELECT = "array_to_string(terms, E'\\x1f'), array_to_string(heading_terms, E'\\x1f')"

TermSets = tuple[frozenset[str], frozenset[str]]
CACHE_ROWS = 20000  # rows kept per process; a build up to this size is read whole at load time
LINES_CACHED = 4096  # `in_lines` answers kept (a few per KPI record)


def _split(joined: str | None) -> frozenset[str]:
    """A token set read as one `SEP`-joined string."""
    return frozenset(joined.split(SEP)) if joined else frozenset()


def chunk_of(row: Sequence[Any]) -> Chunk:
    """A `Chunk` from a row of `COLUMNS` (position first)."""
    return Chunk(*row[1:N_COLUMNS])


class PgPassages:
    """`Passages`, `PassageLookup` and `DocumentCatalog` over a build schema."""

    def __init__(self, db, schema: str, n: int, documents: list[dict[str, Any]], *, cache_size: int | None = None):
        self.db = db
        self.schema = schema
        self.n = n
        self._documents = documents
        self._doc_meta = {d["doc"]: d for d in documents}
        self.cache_size = max(CACHE_ROWS if cache_size is None else cache_size, 1)
        self._rows: OrderedDict[int, Chunk] = OrderedDict()
        self._ids: dict[str, int] = {}
        self._terms: dict[int, TermSets] = {}  # of the cached rows (evicted with them)
        self._lines: OrderedDict[tuple[str, int, int], tuple[int, ...]] = OrderedDict()  # `in_lines` answers
        self._lock = threading.Lock()
        self._local = threading.local()  # .pending: positions this thread's search will read (see `defer`)
        self.has_terms = bool(
            db.fetch(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = %s AND table_name = 'passages' "
                "AND column_name = 'terms'",
                (schema,),
            )
        )
        #: What every row query selects: the chunk's columns, then its token sets when the build has them.
        self.columns = f"{COLUMNS}, {TERMS_SELECT}" if self.has_terms else COLUMNS
        self.preloaded = n <= self.cache_size
        self._by_doc: dict[str, list[int]] = {}
        if self.preloaded:
            self._keep(db.fetch(f"SELECT {self.columns} FROM {schema}.passages ORDER BY pos"))
            for i, c in self._rows.items():
                self._by_doc.setdefault(c.doc, []).append(i)

    def _keep(self, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            for row in rows:
                chunk = chunk_of(row)
                self._rows[row[0]] = chunk
                self._ids[chunk.chunk_id] = row[0]
                if len(row) > N_COLUMNS and row[N_COLUMNS] is not None:
                    self._terms[row[0]] = (_split(row[N_COLUMNS]), _split(row[N_COLUMNS + 1]))
            while len(self._rows) > self.cache_size:
                pos, old = self._rows.popitem(last=False)
                self._ids.pop(old.chunk_id, None)
                self._terms.pop(pos, None)

    def _cached(self, position: int) -> Chunk | None:
        with self._lock:
            chunk = self._rows.get(position)
            if chunk is not None and not self.preloaded:
                self._rows.move_to_end(position)
            return chunk

    def _missing(self, positions: Iterable[int]) -> list[int]:
        """Positions not cached; the cached ones move to the young end (the search is about to read
        them: the rows it fetches next must not evict them). Call with the lock held."""
        missing = []
        for p in positions:
            if p in self._rows:
                self._rows.move_to_end(p)
            else:
                missing.append(int(p))
        return missing

    def prefetch(self, positions: Iterable[int]) -> None:
        """Read the rows of ``positions`` not in the cache yet, in one query."""
        if self.preloaded:
            return
        with self._lock:
            missing = self._missing(positions)
        if missing:
            self._keep(
                self.db.fetch(f"SELECT {self.columns} FROM {self.schema}.passages WHERE pos = ANY(%s)", (missing,))
            )

    def defer(self, positions: Iterable[int]) -> None:
        """Rows this thread will read soon: fetched with its next row query (the vector search's, or
        `at`'s), so a hybrid search reads its candidates in one round trip."""
        if self.preloaded:
            return
        with self._lock:
            missing = self._missing(positions)
        self._local.pending = missing  # one search at a time per thread: an older list is stale

    def take_deferred(self) -> list[int]:
        """The deferred positions of this thread (cleared): the caller reads them."""
        pending = getattr(self._local, "pending", [])
        self._local.pending = []
        return pending

    def __len__(self) -> int:
        return self.n

    def at(self, position: int) -> Chunk:
        chunk = self._cached(position)
        if chunk is None:
            if not 0 <= position < self.n:
                raise IndexError(position)
            self.prefetch([position, *self.take_deferred()])
            chunk = self._cached(position)
            if chunk is None:  # evicted between the two lines by a flood of other rows
                rows = self.db.fetch(f"SELECT {self.columns} FROM {self.schema}.passages WHERE pos = %s", (position,))
                chunk = chunk_of(rows[0])
        return chunk

    def position(self, chunk_id: str) -> int | None:
        with self._lock:
            got = self._ids.get(chunk_id)
        if got is not None or self.preloaded:
            return got
        rows = self.db.fetch(f"SELECT {self.columns} FROM {self.schema}.passages WHERE chunk_id = %s", (chunk_id,))
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
        key = (doc, line_start, line_end)
        with self._lock:
            got = self._lines.get(key)
        if got is not None:  # a build never changes: the record a question names keeps its passages
            self.prefetch(got)
            return list(got)
        rows = self.db.fetch(
            f"SELECT {self.columns} FROM {self.schema}.passages WHERE doc = %s AND line_start <= %s AND line_end >= %s "
            "ORDER BY pos",
            (doc, line_end, line_start),
        )
        self._keep(rows)
        with self._lock:
            self._lines[key] = tuple(r[0] for r in rows)
            while len(self._lines) > LINES_CACHED:
                self._lines.popitem(last=False)
        return [r[0] for r in rows]

    def term_sets(self, positions: Sequence[int]) -> dict[int, TermSets]:
        """`PassageTerms`: the stored (text, heading) token sets; rows not cached are read in one query."""
        if not self.has_terms:
            return {}
        with self._lock:
            out = {i: self._terms[i] for i in positions if i in self._terms}
        missing = [int(i) for i in positions if i not in out]
        if missing:
            if self.preloaded:  # every row is cached: these have no stored sets
                return out
            self.prefetch([*missing, *self.take_deferred()])
            with self._lock:
                out.update({i: self._terms[i] for i in missing if i in self._terms})
        return out

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
