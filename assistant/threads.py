"""Native thread pools for answering: one thread each, because a request's maths is small.

A request's maths (a 4,000 x 300 matrix-vector product, FAISS search, BM25 scoring) is small: BLAS
and OpenMP thread pools only add hand-offs and spinning. Measured on this 2-core machine: the sentence
similarity took 7.7 ms with OpenBLAS's 2 threads and 0.13-0.4 ms with one, in an API worker and in
an engine loaded in process alike. Throughput comes from processes (``assistant serve --workers N``),
not from threads inside one answer.
"""

from __future__ import annotations

import os
import sys

#: Read by OpenBLAS, OpenMP (FAISS), MKL and numexpr when a process starts.
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def single_threaded_env() -> None:
    """One native thread per pool for processes started from now on (the workers); kept when set."""
    for name in THREAD_ENV:
        os.environ.setdefault(name, "1")


def limit_native_threads(threads: int = 1) -> None:
    """``threads`` native threads per pool in this process, whose libraries are already loaded."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(threads)
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        pass
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)
