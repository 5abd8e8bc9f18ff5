"""The threads search and answer run the engine in: a plain queue, no per-call machinery.

Starlette's ``run_in_threadpool`` (anyio's ``to_thread.run_sync``) costs about 50 us of CPU per call
on this machine's class (a capacity limiter, a cancel scope, run variables, a ``queue.Queue`` with a
Python condition variable), against about 5 us here: a C ``SimpleQueue`` that threads block on, and
the result handed back with ``call_soon_threadsafe``. Same behaviour otherwise: the call runs in
another thread with a copy of the request's context (its request id in log lines), its exception is
raised in the awaiting request, and a request cancelled while waiting leaves the call to finish.
Threads start on demand up to ``MAX_THREADS`` (anyio's default too), so a slow chat model's calls do
not hold up searches.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_THREADS = 40

_Job = tuple[asyncio.AbstractEventLoop, asyncio.Future, contextvars.Context, Callable[..., Any], tuple]


class EngineThreads:
    """A pool of daemon threads taking calls from one queue (see module docstring)."""

    def __init__(self, max_threads: int = MAX_THREADS):
        self.max_threads = max_threads
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a pool thread; its result or its exception."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self._idle == 0 and self._threads < self.max_threads:  # a racy read only errs by one thread
            self._start()
        self._jobs.put((loop, future, contextvars.copy_context(), fn, args))
        return await future

    def _start(self) -> None:
        with self._lock:
            if self._threads >= self.max_threads:
                return
            self._threads += 1
            self._idle += 1
        threading.Thread(target=self._work, name=f"engine-{self._threads}", daemon=True).start()

    def _forked(self) -> None:
        """In a forked child none of the parent's threads exist: start from none."""
        self._jobs = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = self._idle = 0

    def _work(self) -> None:
        while True:
            loop, future, context, fn, args = self._jobs.get()
            with self._lock:
                self._idle -= 1
            try:
                result, error = context.run(fn, *args), None
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting request
                result, error = None, exc
            with self._lock:
                self._idle += 1
            with contextlib.suppress(RuntimeError):  # the loop has closed (shutdown): nobody waits for it
                loop.call_soon_threadsafe(_settle, future, result, error)
            del future, result, error, fn, args, context


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


#: One pool per process, shared by the app's requests (each worker process has its own).
engine_threads = EngineThreads()
os.register_at_fork(after_in_child=engine_threads._forked)
