"""Query-log rows written to PostgreSQL by one background thread, many rows per transaction.

The API logs a search or an answer from its event loop; an INSERT there held every other request
for a round trip and, on a server that syncs its WAL at commit, a disk flush. Rows are queued
instead and the writer commits what is queued in one transaction (``executemany``: one round trip).
At most ``max_batch`` rows wait (a request blocks beyond that), so a crash loses at most one batch,
as the SQLite log's writer; `flush` waits for the rows queued before it (reads call it first).

After the first row of a batch the writer lingers up to ``linger_s`` (50 ms) for more: without it,
at about 150 searches per second the thread woke for nearly every row and committed batches of 1 to
2 rows, a transaction (about half a database transaction per search at 100x) and a pool checkout
each. A `flush` or `close` ends the wait at once, so a reader never waits for the linger.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

log = logging.getLogger(__name__)

Row = tuple[str, Sequence[Any]]  # (statement, parameters)
LINGER_S = 0.05  # how long a batch waits for more rows after its first


class LogWriter:
    """Queues (statement, parameters) rows; a daemon thread runs them in batches through ``write``."""

    def __init__(
        self,
        write: Callable[[list[Row]], None],
        *,
        max_batch: int = 256,
        timeout_s: float = 30.0,
        linger_s: float = LINGER_S,
    ):
        self._write = write  # runs a batch in one transaction
        self.max_batch = max_batch
        self.linger_s = linger_s
        self.timeout_s = timeout_s
        self._slots = threading.BoundedSemaphore(max_batch)
        self._queue: queue.SimpleQueue[Row | Future | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="pg-query-log-writer", daemon=True)
        self._thread.start()
        self.batches = 0
        self.rows = 0

    def submit(self, sql: str, params: Sequence[Any]) -> None:
        if not self._slots.acquire(timeout=self.timeout_s):
            raise TimeoutError(f"query log writer still busy after {self.timeout_s} s")
        self._queue.put((sql, params))

    def flush(self, timeout: float | None = None) -> None:
        """Wait until every row queued before this call is written (or given up on)."""
        if threading.current_thread() is self._thread or not self._thread.is_alive():
            return
        done: Future = Future()
        self._queue.put(done)
        done.result(self.timeout_s if timeout is None else timeout)

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(self.timeout_s)

    def _collect(self) -> list[Row | Future | None]:
        """The next batch: a first item, then whatever comes within ``linger_s`` (up to ``max_batch``
        rows); a flush or stop request ends the wait, taking only what is already queued."""
        items = [self._queue.get()]
        deadline = time.monotonic() + self.linger_s
        urgent = not isinstance(items[0], tuple)
        while len(items) < self.max_batch:
            wait = 0.0 if urgent else deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            items.append(item)
            urgent = urgent or not isinstance(item, tuple)
        return items

    def _run(self) -> None:
        stop = False
        while not stop:
            items = self._collect()
            rows = [i for i in items if isinstance(i, tuple)]
            if rows:
                try:
                    self._write(rows)
                    self.batches += 1
                    self.rows += len(rows)
                except Exception as exc:  # noqa: BLE001 - a lost log batch is logged, never raised to a request
                    log.error("query log batch of %d rows not written: %s", len(rows), exc)
                finally:
                    for _ in rows:
                        self._slots.release()
            for i in items:
                if isinstance(i, Future):
                    i.set_result(None)
            stop = any(i is None for i in items)


def write_rows(conn, rows: list[Row]) -> None:
    """Run ``rows`` in one transaction, consecutive rows of one statement in one ``executemany``."""
    with conn.transaction(), conn.cursor() as cur:
        for sql, group in itertools.groupby(rows, key=lambda r: r[0]):
            cur.executemany(sql, [params for _, params in group])
