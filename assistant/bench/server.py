"""A real ``assistant serve`` process on a free loopback port: cold start, health, memory, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

QUESTION = "新規高卒者管内企業就職率の進捗率は？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assistant_command() -> list[str]:
    """``assistant`` from this interpreter's environment (the console script), else ``python -m assistant``."""
    script = Path(sys.executable).parent / "assistant"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "assistant"]


def server_env(index_dir: Path, db_path: Path, **extra: str) -> dict[str, str]:
    """This environment with the index and query log pointed at temp paths and the rate limit off.

    API keys are cleared (the load would be refused otherwise); the query log stays as configured
    by default (on).
    """
    env = dict(os.environ)
    env.pop("ASSISTANT_LOG_QUERIES", None)
    env.pop("ASSISTANT_API_KEYS", None)  # unset, not empty: an empty key list is a configuration error
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ASSISTANT_INDEX_DIR=str(index_dir),
        ASSISTANT_DB_PATH=str(db_path),
        ASSISTANT_RATE_LIMIT_PER_MINUTE="0",
        **extra,
    )
    return env


def proc_status(pid: int) -> dict[str, float]:
    """Memory of a process in MB: VmHWM (peak resident set), VmRSS and its anonymous / file-backed
    parts, and Pss (file pages shared with other mappings counted once); empty when unreadable."""
    out: dict[str, float] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmPeak", "Threads"):
            parts = value.split()
            if not parts:
                continue
            num = float(parts[0])
            out[key] = num if key == "Threads" else round(num / 1024, 1)  # kB -> MB
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("Pss", "Pss_Anon", "Pss_File"):
                out[key] = round(float(value.split()[0]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return out


def _cmdline(proc_dir: Path) -> bytes:
    try:
        return (proc_dir / "cmdline").read_bytes()
    except OSError:
        return b""


def child_pids(pid: int) -> list[int]:
    """The direct children of ``pid`` (uvicorn's worker processes under ``assistant serve --workers N``)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields and int(fields[1]) == pid and b"resource_tracker" not in _cmdline(entry):
            out.append(int(entry.name))
    return sorted(out)


class ServerProcess:
    """``assistant serve`` in a subprocess; `start` returns once the first POST /v1/answer succeeds.

    Example:
        >>> with ServerProcess(index_dir, db_path, log_path) as srv:  # doctest: +SKIP
        ...     srv.cold_start_s, srv.base_url
    """

    def __init__(
        self,
        index_dir: Path,
        db_path: Path,
        log_path: Path,
        *,
        timeout_s: float = 300.0,
        env_extra: dict | None = None,
        command: list[str] | None = None,
        serve_args: list[str] | None = None,
    ):
        self.index_dir = Path(index_dir)
        self.db_path = Path(db_path)
        self.log_path = Path(log_path)
        self.timeout_s = timeout_s
        self.env_extra = env_extra or {}
        self.command = command or assistant_command()  # e.g. [python, launcher.py] for experiments
        self.serve_args = list(serve_args or [])  # e.g. ["--workers", "2"]
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.cold_start_s: float | None = None
        self.first_answer_ms: float | None = None
        self.first_status: int | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self) -> float:
        """Start the process and poll POST /v1/answer until it answers 200; the seconds it took."""
        import httpx

        self.port = free_port()
        # Default log level (info: uvicorn access log on), as `assistant serve` runs by default.
        cmd = [*self.command, "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.serve_args]
        env = server_env(self.index_dir, self.db_path, **self.env_extra)
        with self.log_path.open("ab") as out:
            t0 = time.perf_counter()
            self.proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = t0 + self.timeout_s
        url = f"{self.base_url}/v1/answer"
        with httpx.Client(timeout=httpx.Timeout(30.0, connect=0.5)) as client:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log_tail()}")
                t1 = time.perf_counter()
                try:
                    resp = client.post(url, json={"question": QUESTION})
                except httpx.TransportError:
                    resp = None
                if resp is not None:
                    self.first_status = resp.status_code
                    if resp.status_code == 200:
                        now = time.perf_counter()
                        self.first_answer_ms = round((now - t1) * 1000, 2)
                        self.cold_start_s = now - t0
                        return self.cold_start_s
                    if resp.status_code not in (503,):
                        raise RuntimeError(f"first /v1/answer returned {resp.status_code}: {resp.text[:500]}")
                if time.perf_counter() > deadline:
                    self.stop()
                    raise TimeoutError(f"server did not answer within {self.timeout_s}s: {self.log_tail()}")
                time.sleep(0.05)

    def memory(self) -> dict[str, float]:
        return proc_status(self.proc.pid) if self.proc and self.proc.poll() is None else {}

    def worker_memory(self) -> list[dict[str, float]]:
        """Memory of each worker process (empty with one worker: the server process is the worker)."""
        if not self.proc or self.proc.poll() is not None:
            return []
        return [m for m in (proc_status(pid) for pid in child_pids(self.proc.pid)) if m]

    def log_tail(self, n: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self, timeout_s: float = 20.0) -> int | None:
        """SIGTERM (graceful), then SIGKILL after ``timeout_s``; the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
