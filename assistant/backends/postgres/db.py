"""Connection pools to the primary and an optional streaming replica; reads fall back to the primary.

Reads go to the replica while it is reachable and less than ``max_lag_bytes`` of WAL behind the
primary; a failed read on the replica is retried on the primary at once and the replica is left
alone until a background check finds it healthy again, so a dead or lagging replica costs latency,
never an error. Writes always go to the primary.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

log = logging.getLogger(__name__)

T = TypeVar("T")
CHECK_INTERVAL_S = 1.0
# The HNSW search breadth: the hybrid retriever asks for 40 neighbours, and a breadth of 40 returns
# them (a breadth under the LIMIT would return fewer). At 100x it cost 1.0 ms p50 per query against
# 1.3-1.6 ms at 64, and recall@5 on the dev questions was 0.7417 at 40, 0.7333 at 32, 64 and 100.
HNSW_EF_SEARCH = 40


def _configure(conn: psycopg.Connection) -> None:
    """Per connection: the vector type (when the extension exists) and the HNSW search breadth."""
    from pgvector.psycopg import register_vector

    with contextlib.suppress(psycopg.ProgrammingError):  # the extension is created by the first build
        register_vector(conn)
    # Filtered searches keep scanning until k rows pass (pgvector's iterative scan).
    conn.execute(f"SET hnsw.ef_search = {HNSW_EF_SEARCH}")
    conn.execute("SET hnsw.iterative_scan = relaxed_order")


def _pool(url: str, size: int, timeout: float, name: str, min_size: int = 1) -> ConnectionPool:
    return ConnectionPool(
        url,
        min_size=min_size,
        max_size=size,
        kwargs={"autocommit": True, "connect_timeout": 3},
        configure=_configure,
        timeout=timeout,
        name=name,
        open=True,
        reconnect_timeout=0,  # keep trying in the background for ever (a replica may come back)
    )


class Database:
    """The primary pool, and the replica pool when ``read_url`` is given."""

    def __init__(
        self,
        url: str,
        read_url: str | None = None,
        *,
        pool_size: int = 8,
        max_lag_bytes: int = 16 << 20,
        open_all: bool = False,
    ):
        self.url = url
        self.read_url = read_url
        self.max_lag_bytes = max_lag_bytes
        # A serving process opens every connection with the pool, not on its first burst: concurrent
        # searches otherwise waited for connects (about 10 ms each with `_configure`) to cold backends.
        least = pool_size if open_all else 1
        self.primary = _pool(url, pool_size, 30.0, "primary", least)
        self.replica = _pool(read_url, pool_size, 1.0, "replica", least) if read_url else None
        self._replica_ok = self.replica is not None
        self._stop = threading.Event()
        self._checker: threading.Thread | None = None
        if self.replica is not None:
            self._checker = threading.Thread(target=self._check_loop, name="replica-check", daemon=True)
            self._checker.start()

    # -- routing -------------------------------------------------------------------------------
    @property
    def replica_in_use(self) -> bool:
        return self.replica is not None and self._replica_ok

    def read(self, fn: Callable[[psycopg.Connection], T]) -> T:
        """Run ``fn(conn)`` on the replica when it is healthy, else (or when it fails) on the primary."""
        if self.replica is not None and self._replica_ok:
            try:
                with self.replica.connection() as conn:
                    return fn(conn)
            except (psycopg.OperationalError, PoolTimeout) as exc:
                self._mark_replica_down(exc)
            except psycopg.Error as exc:
                # E.g. the replica has not replayed this build yet, or cancelled the query to replay
                # WAL: the primary has the rows.
                log.info("read on the replica failed (%s); retrying on the primary", type(exc).__name__)
        with self.primary.connection() as conn:
            return fn(conn)

    def write(self, fn: Callable[[psycopg.Connection], T]) -> T:
        """Run ``fn(conn)`` on the primary."""
        with self.primary.connection() as conn:
            return fn(conn)

    def fetch(self, sql: str, params: Sequence[Any] | dict | None = None, *, binary: bool = False) -> list[tuple]:
        """Rows of a read query (replica first); ``binary``: rows in PostgreSQL's binary format (numbers
        read without parsing text)."""
        return self.read(lambda conn: conn.execute(sql, params, binary=binary).fetchall())

    def _mark_replica_down(self, exc: BaseException) -> None:
        if self._replica_ok:
            log.warning("read replica unavailable (%s); reading from the primary", exc)
        self._replica_ok = False

    # -- health --------------------------------------------------------------------------------
    def check_replica(self) -> bool:
        """Whether the replica answers and is at most ``max_lag_bytes`` behind; updates the routing."""
        if self.replica is None:
            return False
        try:
            with psycopg.connect(self.read_url, autocommit=True, connect_timeout=2) as conn:
                replayed = conn.execute("SELECT pg_last_wal_replay_lsn()").fetchone()[0]
            with self.primary.connection(timeout=5) as conn:
                lag = conn.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn)", (replayed,)).fetchone()[
                    0
                ]
            ok = replayed is not None and float(lag) <= self.max_lag_bytes
        except Exception as exc:  # noqa: BLE001 - any failure means "not usable now"
            ok = False
            reason: Any = exc
        else:
            reason = f"{lag} bytes behind"
        if ok != self._replica_ok:
            log.warning("read replica %s (%s)", "back in use" if ok else "not used", reason)
        self._replica_ok = ok
        return ok

    def _check_loop(self) -> None:
        while not self._stop.wait(CHECK_INTERVAL_S):
            self.check_replica()

    def close(self) -> None:
        self._stop.set()
        if self._checker is not None:
            self._checker.join(timeout=5)
        for pool in (self.replica, self.primary):
            if pool is not None:
                pool.close()


_shared: dict[tuple[str, str | None], Database] = {}
_shared_lock = threading.Lock()


def shared_database(
    url: str, read_url: str | None = None, *, pool_size: int = 8, max_lag_bytes: int = 16 << 20, open_all: bool = False
) -> Database:
    """One `Database` per process and URL pair: engines of successive builds share the pools."""
    key = (url, read_url)
    with _shared_lock:
        db = _shared.get(key)
        if db is None:
            db = _shared[key] = Database(
                url, read_url, pool_size=pool_size, max_lag_bytes=max_lag_bytes, open_all=open_all
            )
        return db


def wait_until(pred: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    """Poll ``pred`` until true or ``timeout`` seconds (for tests and the replica check)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()
