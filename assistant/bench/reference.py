"""The reference server in a bench run: `assistant.bench.baseline` beside ``assistant serve``.

Both serve the same chunks on loopback at the same time; the HTTP rows alternate between them
(ours, then the reference, at each endpoint and concurrency), so both see the same machine load,
and our throughput and latency are reported as ratios to the reference's.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from assistant.bench.server import free_port, proc_status

WHAT = (
    "minimal FastAPI + bm25s server over the same chunks (`python -m assistant.bench.baseline`: fugashi surface "
    "tokens, one BM25 field, async endpoints, no logging, no middleware; /v1/answer returns the top 3 passages), "
    "1 uvicorn process"
)


class BaselineProcess:
    """``python -m assistant.bench.baseline`` on a free loopback port; `start` waits for its first 200."""

    def __init__(self, chunks_path: Path, log_path: Path, timeout_s: float = 120.0):
        self.chunks_path = Path(chunks_path)
        self.log_path = Path(log_path)
        self.timeout_s = timeout_s
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self) -> BaselineProcess:
        import httpx

        self.port = free_port()
        cmd = [sys.executable, "-m", "assistant.bench.baseline", str(self.chunks_path), "--port", str(self.port)]
        with self.log_path.open("ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.timeout_s
        with httpx.Client(timeout=httpx.Timeout(10.0, connect=0.5)) as client:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"reference server exited with {self.proc.returncode}")
                try:
                    if client.post(f"{self.base_url}/v1/search", json={"query": "補助率"}).status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"reference server did not answer within {self.timeout_s} s")
                time.sleep(0.1)

    def memory(self) -> dict[str, float]:
        return proc_status(self.proc.pid) if self.proc and self.proc.poll() is None else {}

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _ratio(ours: Any, ref: Any, nd: int = 2) -> float | None:
    if not isinstance(ours, (int, float)) or not isinstance(ref, (int, float)) or not ref:
        return None
    return round(ours / ref, nd)


def ratios(ours: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """Per endpoint and concurrency: our req/s, p50 and p95 divided by the reference's.

    A throughput ratio above 1 and latency ratios below 1 mean we are faster than the reference.
    """
    out: dict[str, Any] = {}
    for endpoint, rows in reference.items():
        if not isinstance(rows, dict):
            continue
        for key, ref in rows.items():
            mine = (ours.get(endpoint) or {}).get(key) or {}
            out.setdefault(endpoint, {})[key] = {
                "throughput": _ratio(mine.get("requests_per_s"), ref.get("requests_per_s")),
                "p50": _ratio(mine.get("p50_ms"), ref.get("p50_ms")),
                "p95": _ratio(mine.get("p95_ms"), ref.get("p95_ms")),
            }
    return out
