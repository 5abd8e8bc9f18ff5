"""The API's query log written by one background thread in batches (SQLite, WAL); feedback written at once.

A request hands its query-log row (``answers``, ``searches``) to the writer and answers at once: it
never waits for the disk. The writer wakes at the first row, lets ``linger_s`` (20 ms) pass, then
takes everything queued (up to ``max_batch`` rows) and commits it in one transaction, so under load
many requests share one commit and one wake-up of the writer (waking it for every row, and committing
one or two rows at a time, was 9 % of the server's GIL time in a search profile); a row is committed
within about ``linger_s`` when idle. The rows of a table that follow one another in a batch are one
``INSERT … VALUES (…), (…)`` statement: SQLite runs each statement without the GIL, and one per row
made the writer take the GIL back from the engine's thread after every row.

Feedback is what people act on, so it does not go through the queue: ``record_feedback`` writes it in
the caller's thread and commits it with ``synchronous=FULL`` (the WAL synced to disk) before it
returns, so ``POST /v1/feedback`` answers 201 only for a row that is on disk.

What is lost when:

* the server stops cleanly (SIGTERM, Ctrl-C, the lifespan ending): nothing; `BufferedStore.close`
  drains the queue and commits before the process exits;
* the process crashes (SIGKILL, out of memory): the query-log rows still queued or in the batch
  being committed, at most ``max_batch`` rows, i.e. the last batch. Never acknowledged feedback.
  A power loss may also undo the last query-log commits (``synchronous=NORMAL`` for those).

Reads through a `BufferedStore` first wait for the rows queued before them, so a process reads its
own writes.
"""

from __future__ import annotations

import itertools
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from assistant.feedback_log import FeedbackWrite, Store, UnknownAnswer
from assistant.querylog_rows import ANSWER_INSERT, SEARCH_INSERT, answer_row, insert_sql, search_row

log = logging.getLogger("assistant.api")

_Job = tuple[Callable[..., Any] | None, tuple, dict, Future | None]
_STOP: _Job = (None, (), {}, None)


class _BatchLost(Exception):
    """A row's error ended the batch's transaction (SQLite rolled it back): the batch is not committed."""


class BufferedStore(Store):
    """A `Store` whose query-log rows go through one writer thread; feedback is written at once (module docstring).

    Args:
        path: the SQLite file.
        max_batch: most rows committed in one transaction.
        (back-pressure: a request waits while ``max_batch`` rows are queued or being committed, so a
        crash never loses more than one batch)
        flush_timeout_s: how long a read or a feedback write waits for the rows queued before it.
        linger_s: how long the writer waits after a row for more to join its commit.
    """

    def __init__(
        self, path: str | Path, *, max_batch: int = 256, flush_timeout_s: float = 30.0, linger_s: float = 0.02
    ):
        super().__init__(path)
        self.max_batch = max_batch
        self.linger_s = linger_s
        self.flush_timeout_s = flush_timeout_s
        # One slot per row not yet committed: never more than one batch at risk of a crash.
        self._slots = threading.BoundedSemaphore(max_batch)
        # SimpleQueue: a C queue without the per-put condition variable of queue.Queue.
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.batches = 0  # commits made (tests and the bench read these)
        self.rows = 0

    # -- lifecycle -----------------------------------------------------------------------------
    def init(self) -> BufferedStore:
        super().init()
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="query-log-writer", daemon=True)
                self._thread.start()
        return self

    def close(self) -> None:
        """Commit everything queued, stop the writer, close the file."""
        with self._start_lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive():
            self._queue.put(_STOP)
            thread.join()
        super().close()

    def flush(self, timeout: float | None = None) -> None:
        """Wait until every row queued before this call is committed (TimeoutError after ``timeout`` s)."""
        if self._thread is None or threading.current_thread() is self._thread:
            return
        done: Future = Future()
        self._queue.put((None, (), {}, done))
        done.result(self.flush_timeout_s if timeout is None else timeout)

    # -- writes (queued) -----------------------------------------------------------------------
    def _submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        if self._thread is None or threading.current_thread() is self._thread:
            fn(self, *args, **kwargs)  # not started (or closed), or the writer itself: write now
            return
        if not self._slots.acquire(timeout=self.flush_timeout_s):  # the disk cannot keep up: wait for it
            raise TimeoutError(f"query log writer still busy after {self.flush_timeout_s} s")
        self._queue.put((fn, args, kwargs, None))

    def log_answer(self, answer: Any, latency_ms: float | None = None, client: str | None = None) -> None:
        self._submit(Store.log_answer, answer, latency_ms, client)

    def log_search(self, query, hits, latency_ms=None, client=None, top_k=None, docs=None) -> None:
        # The hits become chunk ids now: the writer must not hold on to engine objects.
        ids = [getattr(getattr(h, "chunk", h), "chunk_id", h) for h in hits]
        self._submit(Store.log_search, query, ids, latency_ms, client, top_k, list(docs) if docs else None)

    def record_feedback(self, answer_id: str, rating: str, comment: str | None = None, **kwargs: Any) -> FeedbackWrite:
        """Written in the caller's thread, committed and synced before it returns (raises what `Store` raises)."""
        try:
            return self._feedback_now(answer_id, rating, comment, **kwargs)
        except UnknownAnswer:
            # The answer's row may still be queued here (an answer a moment ago): wait for it, once.
            self.flush()
            return self._feedback_now(answer_id, rating, comment, **kwargs)

    def _feedback_now(self, answer_id: str, rating: str, comment: str | None, **kwargs: Any) -> FeedbackWrite:
        # The lock (shared with the writer's batches) keeps FULL to this one commit on the shared connection.
        with self._lock:
            conn = self._connect()
            conn.execute("PRAGMA synchronous=FULL")
            try:
                return Store.record_feedback(self, answer_id, rating, comment, **kwargs)
            finally:
                conn.execute("PRAGMA synchronous=NORMAL")

    def _write(self, sql: str, params) -> sqlite3.Cursor:
        with self._lock:
            if self._batch_depth == 0:
                return super()._write(sql, params)
            # A row of the writer's batch is one statement: SQLite undoes a failed statement alone and
            # keeps the transaction, so the row needs no savepoint of its own (two statements fewer).
            conn = self._connect()
            try:
                return conn.execute(sql, params)
            except sqlite3.Error as exc:
                if not conn.in_transaction:  # the error ended the whole transaction: the batch is lost
                    raise _BatchLost(str(exc)) from exc
                raise

    def _read(self, sql: str, params=()) -> list[dict[str, Any]]:
        self.flush()
        return super()._read(sql, params)

    # -- the writer thread ---------------------------------------------------------------------
    def _run(self) -> None:
        stop = False
        while not stop:
            batch = [self._queue.get()]
            if self.linger_s > 0 and batch[0][0] is not None:  # a row (not a flush or the stop): let more come
                time.sleep(self.linger_s)
            while len(batch) < self.max_batch:  # everything queued now joins this commit
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(job is _STOP for job in batch)
            self._commit([job for job in batch if job is not _STOP])
        # Rows queued after the stop (a request finishing during shutdown) are written too.
        rest = []
        while True:
            try:
                rest.append(self._queue.get_nowait())
            except queue.Empty:
                break
        if rest:
            self._commit([job for job in rest if job is not _STOP])

    def _commit(self, jobs: list[_Job]) -> None:
        writes = [j for j in jobs if j[0] is not None]
        try:
            if writes:
                with self.batch():
                    for fn, run in itertools.groupby(writes, key=lambda job: job[0]):
                        self._write_run(fn, [(args, kwargs) for _, args, kwargs, _ in run])
                self.batches += 1
                self.rows += len(writes)
        except Exception as exc:  # noqa: BLE001 - the commit failed: every row of the batch is lost
            log.error("query log batch of %d rows could not be written: %s", len(writes), exc)
        if writes:  # committed (or lost): room for as many new rows
            self._slots.release(len(writes))
        for fn, _, _, future in jobs:  # flush barriers: everything before them is now written (or lost)
            if fn is None and future is not None:
                future.set_result(None)

    def _write_run(self, fn: Callable[..., Any], calls: list[tuple[tuple, dict]]) -> None:
        """Consecutive rows of one table, in as few statements as `_CHUNKS` allows; a failing row alone is left out.

        Each statement is one step of SQLite, which runs without the GIL: one step per row made the
        writer wait for the GIL again after every row, taking it from the engine's thread each time.
        """
        multi = _MULTI.get(fn)
        if multi is None or len(calls) == 1:
            for args, kwargs in calls:
                self._write_one(fn, self, *args, **kwargs)
            return
        build, statements = multi
        rows = []
        for args, kwargs in calls:
            try:
                rows.append(build(*args, **kwargs))
            except (ValueError, KeyError) as exc:  # this row only, as a failed write
                log.error("query log write failed: %s", exc)
        while rows:
            n = next(size for size in _CHUNKS if size <= len(rows))
            chunk, rows = rows[:n], rows[n:]
            try:
                self._write(statements[n], [value for row in chunk for value in row])
            except sqlite3.Error:
                # The statement wrote none of its rows (SQLite undoes a failed statement): each alone.
                for row in chunk:
                    self._write_one(self._write, statements[1], row)

    @staticmethod
    def _write_one(write: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        try:
            write(*args, **kwargs)
        except (sqlite3.Error, ValueError, KeyError) as exc:  # this row only; the rest commit
            log.error("query log write failed: %s", exc)


#: Rows per statement (a few sizes, so that sqlite3 keeps each prepared; 64 rows stay under 999 parameters).
_CHUNKS = (64, 32, 16, 8, 4, 2, 1)
#: The queued writes whose rows share statements: their row and their statement for each size in `_CHUNKS`.
_MULTI = {
    fn: (build, {n: insert_sql(insert, n) for n in _CHUNKS})
    for fn, build, insert in (
        (Store.log_answer, answer_row, ANSWER_INSERT),
        (Store.log_search, search_row, SEARCH_INSERT),
    )
}
