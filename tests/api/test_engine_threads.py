"""The engine's threads: results, exceptions and the request's context come back as from run_in_threadpool."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

import pytest

from assistant.api.engine_threads import EngineThreads

WHO = contextvars.ContextVar("who", default="-")


def test_a_call_runs_in_another_thread_with_the_callers_context() -> None:
    pool = EngineThreads(max_threads=2)

    async def main():
        WHO.set("req-1")
        return await pool.run(lambda a, b: (WHO.get(), threading.current_thread() is not main_thread, a + b), 2, 3)

    main_thread = threading.current_thread()
    assert asyncio.run(main()) == ("req-1", True, 5)


def test_an_exception_is_raised_in_the_awaiting_request() -> None:
    pool = EngineThreads(max_threads=2)

    def boom():
        raise LookupError("未知の文書")

    with pytest.raises(LookupError, match="未知の文書"):
        asyncio.run(pool.run(boom))


def test_threads_start_on_demand_up_to_the_limit_and_every_call_is_answered() -> None:
    pool = EngineThreads(max_threads=3)
    running, most = 0, 0
    lock = threading.Lock()

    def work(k: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return k * k

    async def main():
        return await asyncio.gather(*(pool.run(work, k) for k in range(12)))

    assert asyncio.run(main()) == [k * k for k in range(12)]
    assert 1 <= most <= 3 and pool._threads <= 3


def test_a_cancelled_request_leaves_the_call_to_finish_and_the_pool_working() -> None:
    pool = EngineThreads(max_threads=1)
    done = threading.Event()

    def slow():
        time.sleep(0.05)
        done.set()
        return "late"

    async def main():
        task = asyncio.create_task(pool.run(slow))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return await pool.run(lambda: "next")

    assert asyncio.run(main()) == "next"
    assert done.is_set()


def test_a_forked_child_starts_its_own_threads() -> None:
    import os

    from assistant.api.engine_threads import engine_threads

    asyncio.run(engine_threads.run(lambda: None))  # the parent now has a thread
    pid = os.fork()
    if pid == 0:  # the child: answers with threads of its own, else hangs (and the parent times out)
        os._exit(0 if asyncio.run(asyncio.wait_for(engine_threads.run(lambda: 7), 5)) == 7 else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_the_local_engine_gets_one_thread_and_waiting_backends_get_many() -> None:
    """One thread answers a CPU-only engine in arrival order; a chat model or a database is waited on."""
    from assistant.api.app import create_app
    from assistant.api.engine_threads import engine_threads
    from assistant.settings import Settings

    assert Settings(backend="local").engine_thread_count == 1
    assert Settings(backend="local", chat_model="ollama:qwen2.5").engine_thread_count == 40
    assert Settings(backend="postgres", database_url="postgresql://x@127.0.0.1/db").engine_thread_count == 40
    assert Settings(engine_threads=3).engine_thread_count == 3
    before = engine_threads.max_threads
    try:
        create_app(Settings(engine_threads=2), engine=object())  # type: ignore[arg-type]
        assert engine_threads.max_threads == 2
    finally:
        engine_threads.max_threads = before
