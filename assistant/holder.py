"""Serving across rebuilds: the engine in use, swapped for a newly published build without downtime."""

from __future__ import annotations

import logging
import threading
import time

from assistant.backends.local.published import current_build
from assistant.service import Assistant
from assistant.settings import Settings

log = logging.getLogger(__name__)


class AssistantHolder:
    """Holds the current engine and swaps in a rebuilt index without downtime.

    A rebuild publishes a new ``index/current``; the API's watcher notices it (`needs_reload`) and
    loads it beside the old engine in a thread of its own (`reload_in_background`), then swaps the
    reference. Requests already running finish on the engine they started with; no request waits
    for a load, and a load takes none of the locks requests take (see `Assistant.load`).
    """

    #: A build that failed to load is tried again by the watcher after this many seconds.
    RETRY_FAILED_S = 60.0

    def __init__(self, settings: Settings, engine: Assistant, interval: float = 5.0):
        self.settings = settings
        self._engine = engine
        self.interval = interval
        self._checked = time.monotonic()
        self._lock = threading.Lock()  # held while a build loads: one load at a time
        self._state_lock = threading.Lock()  # guards _pending
        self._pending: threading.Event | None = None  # set when the background load in progress ends
        self.failed: dict[str, float] = {}  # build id -> when it failed to load

    @property
    def engine(self) -> Assistant:
        self.maybe_reload()
        return self._engine

    def maybe_reload(self, force: bool = False) -> bool:
        """Load and switch to the published build now, in this thread (False when none is new,
        one is loading already, or it failed to load)."""
        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return False
        if not self._lock.acquire(blocking=False):
            return False
        try:
            return self._switch()
        finally:
            self._lock.release()

    def needs_reload(self) -> bool:
        """Whether a build other than the served one is published (and did not just fail to load)."""
        target = published_build_id(self.settings)
        if target is None or target == self._engine.build_id:
            return False
        failed = self.failed.get(target)
        return failed is None or time.monotonic() - failed > self.RETRY_FAILED_S

    def reload_in_background(self) -> threading.Event:
        """Load the published build in a thread of its own (joining a load already under way);
        the returned event is set when that load has ended, switched or not."""
        with self._state_lock:
            if self._pending is None:
                self._pending = threading.Event()
                threading.Thread(
                    target=self._background, args=(self._pending,), name="index-loader", daemon=True
                ).start()
            return self._pending

    def _background(self, done: threading.Event) -> None:
        try:
            with self._lock:  # waits for a load already running in another thread, then checks again
                self._switch()
        except Exception:  # noqa: BLE001 - the old engine keeps serving
            log.exception("index reload failed")
        finally:
            with self._state_lock:
                self._pending = None
            done.set()

    def _switch(self) -> bool:
        """Load the published build if it is new and swap it in (the caller holds ``_lock``)."""
        self._checked = time.monotonic()
        target = published_build_id(self.settings)
        if target is None or target == self._engine.build_id:
            return False
        t0 = time.perf_counter()
        try:
            new = Assistant.load(self.settings, check_corpus=False)
        except Exception as exc:  # noqa: BLE001 - keep serving the old index
            self.failed[target] = time.monotonic()
            log.warning("not switching to index %s: %s", target, exc)
            return False
        self.failed.pop(new.build_id, None)
        log.info(
            "switched index %s -> %s (loaded in %.2f s)", self._engine.build_id, new.build_id, time.perf_counter() - t0
        )
        self._engine = new
        return True


def published_build_id(settings: Settings) -> str | None:
    """The id of the build the backend publishes now (None when there is none)."""
    if settings.backend == "postgres":
        from assistant.backends.postgres.assemble import published_build_id as pg_published

        return pg_published(settings)
    target = current_build(settings.index_dir)
    return target.name if target is not None else None


def query_log(settings: Settings):
    """The query log and feedback store of the configured backend (SQLite file, or the database's primary)."""
    if settings.backend == "postgres":
        from assistant.backends.postgres.assemble import query_log as pg_query_log

        return pg_query_log(settings)
    from assistant.feedback_log import Store

    return Store(settings.db_path)


def query_log_reader(settings: Settings):
    """The configured query log opened for reading only: nothing created, migrated or locked for it.

    SQLite: the file opened read-only; PostgreSQL: no schema set-up (which may wait for a lock on a busy table).
    """
    if settings.backend == "postgres":
        from assistant.backends.postgres.assemble import query_log as pg_query_log

        return pg_query_log(settings)  # not `init`: the API processes set the schema up
    from assistant.feedback_log import Store

    return Store(settings.db_path, read_only=True)
