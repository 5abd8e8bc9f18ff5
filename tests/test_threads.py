"""The answering process's native thread pools: one thread each unless the settings say otherwise."""

from __future__ import annotations

import os

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from assistant.threads import THREAD_ENV, limit_native_threads, single_threaded_env


def test_limit_native_threads_sets_every_loaded_blas_pool() -> None:
    np.ones((4, 4)) @ np.ones(4)  # numpy's BLAS is loaded
    with threadpool_limits():  # restores the pools after the test
        threadpool_limits(2)
        limit_native_threads(1)
        blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
        assert blas and all(p["num_threads"] == 1 for p in blas)


def test_single_threaded_env_keeps_a_value_already_set(monkeypatch) -> None:
    for name in THREAD_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    single_threaded_env()
    assert os.environ["OMP_NUM_THREADS"] == "3"
    assert all(os.environ[name] == "1" for name in THREAD_ENV if name != "OMP_NUM_THREADS")
