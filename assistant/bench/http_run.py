"""One HTTP load run from a separate process, with the server's and the client's CPU time."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

CLIENT_WHAT = {
    "raw": "asyncio Protocol, prebuilt HTTP/1.1 request bytes",
    "httpx": "asyncio + httpx.AsyncClient",
}


def _proc_cpu_s(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def _workers(server_pid: int | None) -> list[int]:
    """The worker processes of a multi-process server (none for one process serving alone)."""
    from assistant.bench.server import child_pids

    return child_pids(server_pid) if server_pid else []


def tree_cpu_s(pid: int) -> float | None:
    """CPU time of ``pid`` and its direct children (the workers of a multi-process server)."""
    from assistant.bench.server import child_pids

    own = _proc_cpu_s(pid)
    if own is None:
        return None
    return own + sum(_proc_cpu_s(c) or 0.0 for c in child_pids(pid))


def http_run(
    base_url: str,
    endpoint: str,
    concurrency: int,
    queries_file: Path,
    *,
    duration_s: float,
    max_requests: int,
    warmup: int,
    server_pid: int | None,
    db_pid: int | None = None,
    client: str = "raw",
) -> dict[str, Any]:
    """One load run from a separate process (`assistant.bench.load`, ``client`` raw or httpx), with the
    server's CPU time (and the database's, when ``db_pid`` is a PostgreSQL postmaster on this machine).

    ``server_cpu_ms_per_request`` and ``db_cpu_ms_per_request`` cover the measured requests only (the
    load process reads both at the end of its warm-up): with the warm-up in them, a row after 1,080 cold
    warm-up requests read 6.5-8 ms per search at 100x against 4-6 ms for the next row (deploy.md).

    The load process reports its own CPU per measured request (``client_cpu_ms_per_request``);
    ``client_cpu_s`` is its whole CPU time, start-up and warm-up included."""
    hard = duration_s + 60
    cmd = [
        sys.executable, "-m", "assistant.bench.load",
        "--url", base_url, "--endpoint", endpoint, "--queries", str(queries_file),
        "--concurrency", str(concurrency), "--duration", str(duration_s), "--requests", str(max_requests),
        "--hard-timeout", str(hard), "--warmup", str(warmup), "--client", client,
    ]  # fmt: skip
    for name, pid in (("server", server_pid), ("db", db_pid)):
        if pid:
            cmd += ["--watch", f"{name}={pid}"]
    # Each worker on its own too: a row served by one worker of two shows as one core's worth of CPU.
    workers = _workers(server_pid)
    for i, pid in enumerate(workers):
        cmd += ["--watch", f"worker{i}={pid}"]
    cpu0 = tree_cpu_s(server_pid) if server_pid else None
    db0 = tree_cpu_s(db_pid) if db_pid else None
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=hard + 60)
    except subprocess.TimeoutExpired:
        return {"concurrency": concurrency, "errors": None, "failed": "load generator did not stop (killed)"}
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu1 = tree_cpu_s(server_pid) if server_pid else None
    db1 = tree_cpu_s(db_pid) if db_pid else None
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"concurrency": concurrency, "errors": None, "failed": proc.stderr[-2000:]}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out.pop("url", None)
    watched = out.pop("watched_cpu_s", {})
    n = out["requests"]
    if cpu0 is not None and cpu1 is not None:
        total = n + warmup
        # Warm-up included (the figure bench runs before 2026-12-01 13:30 reported as server_cpu_ms_per_request).
        out["server_cpu_ms_per_request_with_warmup"] = round((cpu1 - cpu0) * 1000 / total, 3) if total else None
        measured = watched.get("server", cpu1 - cpu0 if not warmup else None)
        out["server_cpu_s"] = round(measured, 3) if measured is not None else None
        out["server_cpu_ms_per_request"] = round(measured * 1000 / n, 3) if measured is not None and n else None
        cpu_ms = out["server_cpu_ms_per_request"]
        out["cpu_bound_requests_per_s"] = round(1000 / cpu_ms, 1) if cpu_ms else None
    if db0 is not None and db1 is not None:
        measured = watched.get("db", db1 - db0 if not warmup else None)
        out["db_cpu_ms_per_request"] = round(measured * 1000 / n, 3) if measured is not None and n else None
    if workers:
        out["worker_cpu_s"] = [watched.get(f"worker{i}") for i in range(len(workers))]
    out["client_cpu_s"] = round((ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime), 3)
    return out
