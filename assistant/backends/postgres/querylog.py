"""The query log and feedback in PostgreSQL, with the interface of `assistant.feedback_log.Store`.

Every API process writes to the primary; reads (the UI's recent answers, tests) go through the same
pool. Once `init` has run, query-log rows (answers, searches) are written by a background thread in
batches (`logbatch`), so a request never waits for the database to log itself; reads and feedback
first wait for the rows queued before them. A database error is raised as `StoreUnavailable`, which the API turns into a 503 for
feedback and a server-log line for the query log, as it does for SQLite errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from assistant.backends.postgres.logbatch import LogWriter, write_rows
from assistant.backends.postgres.schema import SHARED, ensure_shared
from assistant.feedback_log import RATINGS, FeedbackWrite, IdempotencyConflict, StoreUnavailable, UnknownAnswer
from assistant.querylog_outcomes import (
    OutcomeCount,
    RatedDown,
    as_utc,
    outcome_counts,
    outcome_sql,
    rated_down,
    rated_down_sql,
)
from assistant.querylog_rows import as_dict as _as_dict
from assistant.querylog_rows import chunk_ids as _chunk_ids
from assistant.querylog_rows import logged_reason

A, F, S = f"{SHARED}.answers", f"{SHARED}.feedback", f"{SHARED}.searches"
# Named, not ``*``: a connection that prepared ``SELECT *`` (psycopg does after five runs) fails with "cached plan
# must not change result type" once another process adds a column.
ANSWER_COLUMNS = ", ".join(
    f"a.{c}"
    for c in (
        "id", "time", "question", "answer", "abstained", "abstained_by", "kind", "source", "citations", "latency_ms",
        "client", "stub",
    )
)  # fmt: skip
FEEDBACK_COLUMNS = "id, time, answer_id, rating, comment, idempotency_key"


class PgStore:
    """`Store` on the primary of a `Database`."""

    def __init__(self, db):
        self.db = db
        self.writer: LogWriter | None = None  # started by `init`
        self._reason_column: str | None = None  # read once by `_reason`

    def _run(self, fn):
        try:
            return self.db.write(fn)
        except (UnknownAnswer, ValueError):
            raise
        except psycopg.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    def _log(self, sql: str, params: Sequence[Any]) -> None:
        """A query-log row: queued for the writer thread once started, else written now."""
        if self.writer is not None:
            self.writer.submit(sql, params)
        else:
            self._run(lambda conn: conn.execute(sql, params))

    def flush(self) -> None:
        if self.writer is not None:
            self.writer.flush()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self.flush()  # a process reads its own log rows

        def run(conn):
            with conn.cursor(row_factory=dict_row) as cur:
                return cur.execute(sql, params).fetchall()

        return self._run(run)

    def init(self) -> PgStore:
        self._run(ensure_shared)
        if self.writer is None:
            self.writer = LogWriter(lambda rows: self.db.write(lambda conn: write_rows(conn, rows)))
        return self

    def close(self) -> None:
        """Write the queued rows and stop the writer (the pools belong to the process-wide `Database`)."""
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.close()

    def __enter__(self) -> PgStore:
        return self.init()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def log_answer(self, answer: Any, latency_ms: float | None = None, client: str | None = None) -> None:
        a = _as_dict(answer)
        params = (
            str(a["id"]), a.get("question"), a.get("answer"), bool(a.get("abstained")), logged_reason(a), a.get("kind"),
            a.get("source"),
            Jsonb(_chunk_ids(a.get("citations") or [])), latency_ms if latency_ms is not None else a.get("took_ms"), client,
        )  # fmt: skip
        self._log(
            f"""INSERT INTO {A} (id, time, question, answer, abstained, abstained_by, kind, source, citations, latency_ms,
                  client, stub)
                VALUES (%s, now(), %s, %s, %s, %s, %s, %s, %s, %s, %s, false)
                ON CONFLICT (id) DO UPDATE SET time = excluded.time, question = excluded.question,
                  answer = excluded.answer, abstained = excluded.abstained, abstained_by = excluded.abstained_by,
                  kind = excluded.kind,
                  source = excluded.source, citations = excluded.citations, latency_ms = excluded.latency_ms,
                  client = excluded.client, stub = false""",
            params,
        )

    def log_search(
        self,
        query: str,
        hits: Iterable[Any],
        latency_ms: float | None = None,
        client: str | None = None,
        top_k: int | None = None,
        docs: Sequence[str] | None = None,
    ) -> None:
        params = (query, top_k, Jsonb(list(docs)) if docs else None, Jsonb(_chunk_ids(hits)), latency_ms, client)
        self._log(
            f"INSERT INTO {S} (query, top_k, docs, hits, latency_ms, client) VALUES (%s, %s, %s, %s, %s, %s)", params
        )

    def add_feedback(
        self, answer_id: str, rating: str, comment: str | None = None, *, require_answer: bool = True
    ) -> int:
        return self.record_feedback(answer_id, rating, comment, require_answer=require_answer).id

    def record_feedback(
        self,
        answer_id: str,
        rating: str,
        comment: str | None = None,
        *,
        require_answer: bool = True,
        idempotency_key: str | None = None,
    ) -> FeedbackWrite:
        """As the SQLite store's: a retry with the same ``idempotency_key`` stores one row."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}, not {rating!r}")

        def run(conn: psycopg.Connection) -> FeedbackWrite:
            with conn.transaction():
                if idempotency_key is not None:
                    # Serialises writers of one key: the second waits, then finds the first one's row.
                    conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (idempotency_key,))
                    row = conn.execute(
                        f"SELECT id, answer_id, rating, comment FROM {F} WHERE idempotency_key = %s",
                        (idempotency_key,),
                    ).fetchone()
                    if row is not None:
                        if (row[1], row[2], row[3]) != (answer_id, rating, comment):
                            raise IdempotencyConflict(idempotency_key)
                        return FeedbackWrite(int(row[0]), replayed=True)
                if require_answer:
                    if conn.execute(f"SELECT 1 FROM {A} WHERE id = %s", (answer_id,)).fetchone() is None:
                        raise UnknownAnswer(answer_id)
                else:
                    conn.execute(
                        f"INSERT INTO {A} (id, stub) VALUES (%s, true) ON CONFLICT (id) DO NOTHING", (answer_id,)
                    )
                row = conn.execute(
                    f"INSERT INTO {F} (answer_id, rating, comment, idempotency_key) VALUES (%s, %s, %s, %s) "
                    "RETURNING id",
                    (answer_id, rating, comment, idempotency_key),
                ).fetchone()
                return FeedbackWrite(int(row[0]))

        try:
            return self._run(run)
        except UnknownAnswer:
            if self.writer is None:
                raise
            self.writer.flush()  # the answer's row may still be queued (an answer a moment ago)
            return self._run(run)

    # -- reading -------------------------------------------------------------------------------
    @staticmethod
    def _answer_row(row: dict[str, Any]) -> dict[str, Any]:
        row["time"] = row["time"].isoformat(timespec="milliseconds") if row.get("time") else None
        row["citations"] = list(row.get("citations") or [])
        return row

    def get_answer(self, answer_id: str) -> dict[str, Any] | None:
        rows = self._rows(f"SELECT {ANSWER_COLUMNS} FROM {A} a WHERE id = %s", (answer_id,))
        if not rows:
            return None
        row = self._answer_row(rows[0])
        row["feedback"] = self.feedback(answer_id)
        return row

    def has_answer(self, answer_id: str) -> bool:
        return bool(self._rows(f"SELECT 1 AS x FROM {A} WHERE id = %s", (answer_id,)))

    def recent(self, n: int = 20) -> list[dict[str, Any]]:
        rows = self._rows(
            f"""SELECT {ANSWER_COLUMNS},
                       (SELECT count(*) FROM {F} f WHERE f.answer_id = a.id AND f.rating = 'up') AS up,
                       (SELECT count(*) FROM {F} f WHERE f.answer_id = a.id AND f.rating = 'down') AS down
                FROM {A} a WHERE NOT a.stub ORDER BY a.time DESC LIMIT %s""",
            (max(0, int(n)),),
        )
        return [self._answer_row(r) for r in rows]

    def feedback(self, answer_id: str | None = None, n: int = 100) -> list[dict[str, Any]]:
        if answer_id is not None:
            rows = self._rows(f"SELECT {FEEDBACK_COLUMNS} FROM {F} WHERE answer_id = %s ORDER BY id", (answer_id,))
        else:
            rows = self._rows(f"SELECT {FEEDBACK_COLUMNS} FROM {F} ORDER BY id DESC LIMIT %s", (max(0, int(n)),))
        for r in rows:
            r["time"] = r["time"].isoformat(timespec="milliseconds")
        return rows

    def recent_searches(self, n: int = 20) -> list[dict[str, Any]]:
        rows = self._rows(f"SELECT * FROM {S} ORDER BY id DESC LIMIT %s", (max(0, int(n)),))
        for r in rows:
            r["time"] = r["time"].isoformat(timespec="milliseconds")
            r["hits"] = list(r["hits"] or [])
            r["docs"] = json.loads(json.dumps(r["docs"])) if r["docs"] else None
        return rows

    def _reason(self) -> str | None:
        """How reads name the reason: its column, NULL in a schema from before it, None with no query log at all."""
        if self._reason_column is None:
            rows = self._rows(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = 'answers'",
                (SHARED,),
            )
            names = {r["column_name"] for r in rows}
            self._reason_column = "" if not names else "a.abstained_by" if "abstained_by" in names else "NULL"
        return self._reason_column or None

    def outcomes(self, since: datetime | None = None) -> list[OutcomeCount]:
        """As the SQLite store's: logged answers by outcome with their ratings, from ``since`` on."""
        if (reason := self._reason()) is None:
            return outcome_counts([])  # a database no API process has set up yet
        at = () if since is None else (as_utc(since),)  # a naive time is UTC, not the server's zone
        return outcome_counts(self._rows(outcome_sql(A, F, "NOT a.stub", "%s" if at else None, reason), at))

    def rated_down(self, n: int = 20, since: datetime | None = None) -> list[RatedDown]:
        """As the SQLite store's: the newest 👎 on the answers logged from ``since`` on."""
        if (reason := self._reason()) is None:
            return []
        at = () if since is None else (as_utc(since),)
        sql = rated_down_sql(A, F, "%s", "%s" if at else None, reason)
        return rated_down(self._rows(sql, (*at, max(0, int(n)))))

    def counts(self) -> dict[str, int]:
        row = self._rows(
            f"""SELECT (SELECT count(*) FROM {A} WHERE NOT stub) AS answers, (SELECT count(*) FROM {F}) AS feedback,
                       (SELECT count(*) FROM {S}) AS searches"""
        )[0]
        return {k: int(v) for k, v in row.items()}
