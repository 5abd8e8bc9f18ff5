"""How API worker processes share the machine: one per core, one metrics folder.

Each worker answers with one native thread per pool (`assistant.threads`); throughput comes from
``assistant serve --workers N`` (one process per core by default).
"""

from __future__ import annotations

import os
import sys
import tempfile

from assistant.api.metrics import MULTIPROC_ENV


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


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
