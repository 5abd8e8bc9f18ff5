"""Query log and answer feedback in SQLite, shared by the API and the Streamlit UI.

One small file (``settings.db_path``) in WAL mode, so several processes (API workers, the UI) can
read while one writes. The schema is created on first use; every write of a `Store` commits at once
(the API's `assistant.api.log_writer.BufferedStore` batches its query-log rows; feedback commits at once).

Tables::

    answers   id (PK), time, question, answer, abstained, abstained_by (why: evidence | constraint |
              confidence; null for an answer given), kind, source, citations (JSON list of cited chunk ids),
              latency_ms, client
    feedback  id (PK), time, answer_id -> answers(id), rating ('up' | 'down'), comment,
              idempotency_key (unique when set: a client's retry of the same feedback)
    searches  id (PK), time, query, top_k, docs (JSON), hits (JSON chunk ids), latency_ms, client

When the query log is off (``ASSISTANT_LOG_QUERIES=false``) the API writes no ``answers`` or
``searches`` rows. Feedback is still kept: for an answer that was never logged, `add_feedback`
with ``require_answer=False`` first writes a *stub* row holding only the answer id and the time
(no question, no answer text), so the foreign key always holds.

Example:
    >>> import tempfile, pathlib
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite3")
    >>> store.log_answer({"id": "a1", "question": "補助率は？", "answer": "2分の1 [1]", "abstained": False,
    ...                   "kind": "budget", "citations": [{"chunk_id": "c1"}]}, latency_ms=12.5)
    >>> store.add_feedback("a1", "up", "助かりました")
    1
    >>> store.get_answer("a1")["feedback"][0]["rating"]
    'up'
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant import querylog_schema as schema
from assistant.querylog_outcomes import (
    OutcomeCount,
    RatedDown,
    as_utc,
    outcome_counts,
    outcome_sql,
    rated_down,
    rated_down_sql,
)
from assistant.querylog_rows import ANSWER_SQL, SEARCH_SQL, answer_row, search_row
from assistant.querylog_rows import now as _now

RATINGS = ("up", "down")


class StoreUnavailable(Exception):
    """The query log's database cannot be reached or refused the write (a server backend's error)."""


@dataclass(frozen=True)
class FeedbackWrite:
    """The feedback row a write produced, and whether it was already there (a retry)."""

    id: int
    replayed: bool = False


class IdempotencyConflict(ValueError):
    """An idempotency key already stored with other feedback (another answer, rating or comment)."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(key)

    def __str__(self) -> str:
        return f"idempotency key {self.key!r} was used for other feedback"


class UnknownAnswer(KeyError):
    """Feedback names an answer id that is not in the log."""

    def __init__(self, answer_id: str):
        self.answer_id = answer_id
        super().__init__(answer_id)

    def __str__(self) -> str:
        return f"unknown answer id {self.answer_id!r}"


#: How long opening the file may wait for other processes setting it up at the same moment.
SETUP_SECONDS = 30.0


def _since(since: datetime | None) -> tuple[str, ...]:
    """``since`` as the rows write their times (UTC ISO text), as a parameter tuple; () for no bound."""
    return () if since is None else (as_utc(since).isoformat(timespec="milliseconds"),)


def _is_lock(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused for a lock another connection holds (worth retrying), not for a real fault."""
    return "locked" in str(exc) or "busy" in str(exc)


class Store:
    """The query log and feedback, thread-safe (one connection behind a lock).

    Args:
        path: the SQLite file; parent folders are created on first use.
        read_only: open the file as it is, for reading (nothing created, migrated or switched to WAL); a file
            that is missing or not a query log is refused.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._batch_depth = 0
        self._reason = "a.abstained_by"  # how reads name the reason: NULL in an older file opened read-only

    # -- connection ----------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._conn is None and self.read_only:
            self._conn = self._open_read_only()
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Several API workers open a new file at once: switching it to WAL and creating the schema take a write
            # lock, and SQLite answers "database is locked" at once, not after the busy timeout, when two connections
            # would otherwise deadlock on it; so the whole setup is retried until SETUP_SECONDS pass.
            deadline = time.monotonic() + SETUP_SECONDS
            for attempt in itertools.count():
                conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False, isolation_level=None)
                try:
                    self._set_up(conn)
                    break
                except sqlite3.OperationalError as exc:
                    conn.close()
                    if not _is_lock(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(min(0.5, 0.01 * 2**attempt))
            self._conn = conn
        return self._conn

    def _set_up(self, conn: sqlite3.Connection) -> None:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(schema.SCHEMA)
        schema.migrate(conn)

    def _open_read_only(self) -> sqlite3.Connection:
        """The file as it is: a reader must not turn another application's database into a query log."""
        if not self.path.is_file():
            raise sqlite3.OperationalError(f"no query log at {self.path}")
        uri = self.path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=10.0, check_same_thread=False, isolation_level=None)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.OperationalError:
            conn.close()
            if Path(f"{self.path}-wal").exists():
                raise
            # A WAL file closed cleanly, in a folder the reader may not write: SQLite cannot make the shared-memory
            # file a WAL reader needs. With no -wal there is nothing to merge; read the file as it stands.
            conn = sqlite3.connect(
                uri + "&immutable=1", uri=True, timeout=10.0, check_same_thread=False, isolation_level=None
            )
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout=10000")
            schema.check_readable(conn, self.path)
            if "abstained_by" not in schema.columns(conn, "answers"):
                self._reason = "NULL"
        except BaseException:
            conn.close()
            raise
        return conn

    def init(self) -> Store:
        """Open the file and create the schema now (the API does this at start-up to fail fast)."""
        with self._lock:
            self._connect()
        return self

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self.init()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write: BEGIN IMMEDIATE … COMMIT, or a savepoint when it runs inside `batch`."""
        with self._lock:
            conn = self._connect()
            inner = self._batch_depth > 0
            conn.execute("SAVEPOINT one" if inner else "BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO one" if inner else "ROLLBACK")
                if inner:
                    conn.execute("RELEASE one")
                raise
            conn.execute("RELEASE one" if inner else "COMMIT")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several writes in one transaction (one commit); a write that fails rolls back only itself."""
        with self._lock:
            conn = self._connect()
            conn.execute("BEGIN IMMEDIATE")
            self._batch_depth += 1
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")
            finally:
                self._batch_depth -= 1

    def _write(self, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
        with self._transaction() as conn:
            return conn.execute(sql, params)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._connect().execute(sql, params).fetchall()
        return [dict(r) for r in rows]

    # -- writing -------------------------------------------------------------------------------
    def log_answer(self, answer: Any, latency_ms: float | None = None, client: str | None = None) -> None:
        """Log an `Answer` (or its ``to_dict()``); logging the same id again updates the row."""
        self._write(ANSWER_SQL, answer_row(answer, latency_ms, client))

    def log_search(
        self,
        query: str,
        hits: Iterable[Any],
        latency_ms: float | None = None,
        client: str | None = None,
        top_k: int | None = None,
        docs: Sequence[str] | None = None,
    ) -> None:
        """Log a search: the query and the chunk ids it returned (`Hit`s, dicts or ids)."""
        self._write(SEARCH_SQL, search_row(query, hits, latency_ms, client, top_k, docs))

    def add_feedback(
        self,
        answer_id: str,
        rating: str,
        comment: str | None = None,
        *,
        require_answer: bool = True,
        idempotency_key: str | None = None,
    ) -> int:
        """Store a rating for an answer; returns the feedback id (see `record_feedback`)."""
        return self.record_feedback(
            answer_id, rating, comment, require_answer=require_answer, idempotency_key=idempotency_key
        ).id

    def record_feedback(
        self,
        answer_id: str,
        rating: str,
        comment: str | None = None,
        *,
        require_answer: bool = True,
        idempotency_key: str | None = None,
    ) -> FeedbackWrite:
        """Store a rating for an answer, once per ``idempotency_key``.

        A retry with the same key and the same feedback returns the stored row (``replayed``);
        with other feedback it raises `IdempotencyConflict`. Raises `UnknownAnswer` when the answer
        is not in the log and ``require_answer`` is true; otherwise an unlogged answer gets a stub
        row (id and time only) first.
        """
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}, not {rating!r}")
        # IMMEDIATE (`_transaction`): the key lookup and the insert hold the write lock together.
        with self._transaction() as conn:
            if idempotency_key is not None:
                row = conn.execute(
                    "SELECT id, answer_id, rating, comment FROM feedback WHERE idempotency_key = ?",
                    (idempotency_key,),
                ).fetchone()
                if row is not None:
                    if (row["answer_id"], row["rating"], row["comment"]) != (answer_id, rating, comment):
                        raise IdempotencyConflict(idempotency_key)
                    return FeedbackWrite(int(row["id"]), replayed=True)  # nothing written: commits nothing
            known = conn.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone()
            if known is None:
                if require_answer:
                    raise UnknownAnswer(answer_id)
                conn.execute("INSERT INTO answers (id, time, stub) VALUES (?, ?, 1)", (answer_id, _now()))
            cur = conn.execute(
                "INSERT INTO feedback (time, answer_id, rating, comment, idempotency_key) VALUES (?, ?, ?, ?, ?)",
                (_now(), answer_id, rating, comment, idempotency_key),
            )
            return FeedbackWrite(int(cur.lastrowid))

    # -- reading -------------------------------------------------------------------------------
    @staticmethod
    def _answer_row(row: dict[str, Any]) -> dict[str, Any]:
        row["citations"] = json.loads(row["citations"] or "[]")
        row["abstained"] = None if row["abstained"] is None else bool(row["abstained"])
        row["stub"] = bool(row["stub"])
        return row

    def get_answer(self, answer_id: str) -> dict[str, Any] | None:
        """A logged answer with its feedback (newest last), or None."""
        rows = self._read("SELECT * FROM answers WHERE id = ?", (answer_id,))
        if not rows:
            return None
        row = self._answer_row(rows[0])
        row["feedback"] = self.feedback(answer_id)
        return row

    def has_answer(self, answer_id: str) -> bool:
        return bool(self._read("SELECT 1 AS x FROM answers WHERE id = ?", (answer_id,)))

    def recent(self, n: int = 20) -> list[dict[str, Any]]:
        """The ``n`` most recent logged answers (newest first), each with its up/down counts."""
        rows = self._read(
            """SELECT a.*,
                      (SELECT COUNT(*) FROM feedback f WHERE f.answer_id = a.id AND f.rating = 'up') AS up,
                      (SELECT COUNT(*) FROM feedback f WHERE f.answer_id = a.id AND f.rating = 'down') AS down
               FROM answers a WHERE a.stub = 0 ORDER BY a.time DESC, a.rowid DESC LIMIT ?""",
            (max(0, int(n)),),
        )
        return [self._answer_row(r) for r in rows]

    def feedback(self, answer_id: str | None = None, n: int = 100) -> list[dict[str, Any]]:
        """Feedback rows (for one answer, oldest first; or the ``n`` newest overall)."""
        if answer_id is not None:
            return self._read("SELECT * FROM feedback WHERE answer_id = ? ORDER BY id", (answer_id,))
        return self._read("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (max(0, int(n)),))

    def recent_searches(self, n: int = 20) -> list[dict[str, Any]]:
        rows = self._read("SELECT * FROM searches ORDER BY id DESC LIMIT ?", (max(0, int(n)),))
        for r in rows:
            r["hits"] = json.loads(r["hits"] or "[]")
            r["docs"] = json.loads(r["docs"]) if r["docs"] else None
        return rows

    def outcomes(self, since: datetime | None = None) -> list[OutcomeCount]:
        """Answers logged from ``since`` on (naive: UTC) by outcome (answered, or each reason), with their ratings."""
        at = _since(since)
        sql = outcome_sql("answers", "feedback", "a.stub = 0", "?" if at else None, self.init()._reason)
        return outcome_counts(self._read(sql, at))

    def rated_down(self, n: int = 20, since: datetime | None = None) -> list[RatedDown]:
        """The ``n`` newest 👎 on the answers logged from ``since`` on, with the question, answer and reason."""
        at = _since(since)
        sql = rated_down_sql("answers", "feedback", "?", "?" if at else None, self.init()._reason)
        return rated_down(self._read(sql, (*at, max(0, int(n)))))

    def counts(self) -> dict[str, int]:
        """Row counts: answers (logged, not stubs), feedback, searches."""
        row = self._read(
            """SELECT (SELECT COUNT(*) FROM answers WHERE stub = 0) AS answers,
                      (SELECT COUNT(*) FROM feedback) AS feedback,
                      (SELECT COUNT(*) FROM searches) AS searches"""
        )[0]
        return {k: int(v) for k, v in row.items()}
