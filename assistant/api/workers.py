"""How API worker processes share the machine: one core of numeric work each, one metrics folder.

A request's maths (a 4,000 x 300 matrix-vector product, FAISS search, BM25 scoring) is small: BLAS
and OpenMP thread pools only add hand-offs and spinning between the requests that already keep
every core busy. Measured on this 2-core machine under load: the sentence similarity took 7.7 ms
with OpenBLAS's 2 threads and 0.13 ms with one. So each worker uses one thread for them, and
throughput comes from ``assistant serve --workers N`` (one process per core by default).
"""

from __future__ import annotations

import os
import sys
import tempfile

from assistant.api.metrics import MULTIPROC_ENV

#: Read by OpenBLAS, OpenMP (FAISS), MKL and numexpr when a process starts.
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def single_threaded_env() -> None:
    """One native thread per pool for processes started from now on (the workers); kept when set."""
    for name in THREAD_ENV:
        os.environ.setdefault(name, "1")


def limit_native_threads() -> None:
    """One native thread per pool in this process, whose libraries are already loaded."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        pass
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def shared_metrics_dir() -> str:
    """A fresh folder for the workers' metrics (``PROMETHEUS_MULTIPROC_DIR``), unless one is set."""
    folder = os.environ.get(MULTIPROC_ENV)
    if not folder:
        folder = tempfile.mkdtemp(prefix="assistant-metrics-")
        os.environ[MULTIPROC_ENV] = folder
    return folder


def die_with_parent() -> None:
    """In a worker process: have the kernel send SIGTERM when the supervising process dies.

    uvicorn's workers otherwise outlive a supervisor killed with SIGKILL (or by the OOM killer), keep
    the port and serve on unsupervised. SIGTERM is uvicorn's graceful stop, so the worker finishes its
    requests and commits its queued log rows. Linux only; elsewhere nothing happens.
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None or not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:  # pragma: no cover - no glibc
        return
    if os.getppid() != parent.pid:  # the supervisor died before the call above
        os.kill(os.getpid(), signal.SIGTERM)
