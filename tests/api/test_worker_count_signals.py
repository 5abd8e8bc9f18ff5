"""``assistant serve --workers 2`` resized with SIGTTIN and SIGTTOU: the added worker gets a slot of its own, is
replaced like the others when it dies, and the removed one's socket stops taking connections, on one socket per
worker and on one shared socket alike (marker ``integration``)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest
from live import free_port, serve_cmd, server_env, start, stop

pytestmark = pytest.mark.integration

# Loaded by every interpreter of the server from PYTHONPATH: hides SO_REUSEPORT, so the workers share one socket.
SITECUSTOMIZE = """
import socket
if hasattr(socket, "SO_REUSEPORT"):
    del socket.SO_REUSEPORT
"""


def _workers(supervisor: int) -> list[int]:
    """The supervisor's worker processes (spawned by multiprocessing; its resource tracker is not one)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _listening(port: int) -> int:
    """How many IPv4 sockets of this machine listen on ``port``."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for f in map(str.split, lines) if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == "0A")


def _started(log: Path) -> int:
    """How many workers have started serving, by the server's log."""
    return log.read_text(errors="replace").count("Application startup complete")


def _until(check, what: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.3)


def _all_answered(base: str, n: int = 40) -> bool:
    """``n`` fresh connections (no keep-alive), each answered: none is left waiting on a socket no worker serves."""
    with httpx.Client(base_url=base, timeout=20, limits=httpx.Limits(max_keepalive_connections=0)) as http:
        return all(http.get("/healthz").status_code == 200 for _ in range(n))


@pytest.mark.parametrize("shared_socket", [False, True], ids=["socket-per-worker", "shared-socket"])
def test_a_worker_added_and_removed_by_signal_serves_and_is_looked_after(real_index_dir, tmp_path, shared_socket):
    db, port, log = tmp_path / "log.sqlite3", free_port(), tmp_path / "serve.log"
    env = server_env(real_index_dir, db)
    if shared_socket:
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tmp_path / "site"), env.get("PYTHONPATH")) if p)
    own = 1 if shared_socket else None  # listening sockets: one shared, else one per worker
    proc = start(serve_cmd(port, "--workers", "2"), env, port, log, timeout=240)
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: len(_workers(proc.pid)) == 2, "two workers not up")
        _until(lambda: _listening(port) == (own or 2), "the workers do not listen")
        first_two = set(_workers(proc.pid))
        proc.send_signal(signal.SIGTTIN)
        _until(lambda: len(_workers(proc.pid)) == 3, "SIGTTIN added no worker")
        _until(lambda: _started(log) == 3, "the added worker did not start serving")
        _until(lambda: _listening(port) == (own or 3), "the added worker does not listen on a socket of its own")
        assert _all_answered(base)
        # Given up as not ready in time, its "startup complete" could still reach the log (CI: a 5-s window).
        assert "did not start" not in log.read_text(errors="replace")

        (added,) = set(_workers(proc.pid)) - first_two
        os.kill(added, signal.SIGKILL)
        _until(
            lambda: added not in _workers(proc.pid) and len(_workers(proc.pid)) == 3, "the added worker not replaced"
        )
        _until(lambda: _started(log) == 4, "the replacement did not start serving")
        _until(lambda: _listening(port) == (own or 3), "the replacement does not listen")
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        assert _all_answered(base)

        # Fresh connections keep coming while the removed worker drains: none may be left to a socket no one serves.
        failures: list[str] = []
        done = threading.Event()

        def knock() -> None:
            with httpx.Client(base_url=base, timeout=10, limits=httpx.Limits(max_keepalive_connections=0)) as http:
                while not done.is_set():
                    try:
                        http.get("/healthz").raise_for_status()
                    except httpx.HTTPError as exc:
                        failures.append(repr(exc))

        knocker = threading.Thread(target=knock)
        knocker.start()
        try:
            time.sleep(0.5)
            proc.send_signal(signal.SIGTTOU)
            _until(lambda: len(_workers(proc.pid)) == 2, "SIGTTOU removed no worker")
            time.sleep(1.0)
        finally:
            done.set()
            knocker.join()
        assert failures == []
        _until(lambda: _listening(port) == (own or 2), "the removed worker's socket still listens")
        assert _all_answered(base)
        assert "Traceback" not in log.read_text(errors="replace")
    finally:
        stop(proc, log)
