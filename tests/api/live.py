"""Helpers for tests against a real server process on loopback (``assistant serve`` or uvicorn)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

VENV_BIN = Path(sys.executable).parent
#: The checkout these tests are in: its code, not the one the venv was installed from, is what a server must run.
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(index_dir: Path, db_path: Path, **extra: str) -> dict[str, str]:
    """This environment without any ASSISTANT_* variable, plus the index, the log and ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        HF_HUB_OFFLINE="1",
        ASSISTANT_INDEX_DIR=str(index_dir),
        ASSISTANT_DB_PATH=str(db_path),
        ASSISTANT_RATE_LIMIT_PER_MINUTE="0",
    )
    # A worktree tested with another checkout's venv: the processes started here import this checkout's package.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def start(cmd: list[str], env: dict[str, str], port: int, log: Path, timeout: float = 180) -> subprocess.Popen:
    """Start the server and wait for /healthz (the test fails with the log's tail if it does not come up)."""
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"server not healthy after {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


@contextmanager
def running(cmd: list[str], env: dict[str, str], port: int, log: Path, timeout: float = 180) -> Iterator[str]:
    """Start the server, wait for /healthz, yield its base URL, stop it (SIGTERM) afterwards."""
    proc = start(cmd, env, port, log, timeout)
    try:
        yield f"http://127.0.0.1:{port}"
    except BaseException:
        _terminate(proc)  # the test's own failure is the one to report
        raise
    stop(proc, log)


def _terminate(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()


def stop(proc: subprocess.Popen, log: Path) -> None:
    """SIGTERM, and check that the server stopped gracefully."""
    _terminate(proc)
    # A graceful stop: uvicorn finishes the lifespan, then re-raises SIGTERM (-15) or exits 0.
    text = log.read_text(errors="replace")
    assert proc.returncode in (0, -signal.SIGTERM), text[-3000:]
    assert "Application shutdown complete" in text, text[-3000:]


def uvicorn_cmd(port: int) -> list[str]:
    """Plain uvicorn on the app factory."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "assistant.api.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def serve_cmd(port: int, *extra: str) -> list[str]:
    """``assistant serve`` on loopback, one worker process unless ``extra`` names ``--workers``.

    One process: a SIGKILL or SIGTERM sent to it reaches the process that serves (with several, the
    supervisor gets it and its workers stop gracefully), and the machine's cores stay with the test.
    """
    workers = [] if "--workers" in extra else ["--workers", "1"]
    return [str(VENV_BIN / "assistant"), "serve", "--host", "127.0.0.1", "--port", str(port), *workers, *extra]


def raw_request(port: int, data: bytes, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (clients refuse to send a broken request) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            head, sep, body = b"".join(chunks).partition(b"\r\n\r\n")
            length = next(
                (
                    int(v)
                    for k, _, v in (h.partition(b":") for h in head.split(b"\r\n"))
                    if k.lower() == b"content-length"
                ),
                None,
            )
            if sep and length is not None and len(body) >= length:
                break
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    return status, headers, body
