"""``assistant serve --workers 2`` with every worker process killed (SIGKILL) while feedback is sent: each
feedback answered 201 is in the file, the supervisor starts new workers, retries store each row exactly once,
and the supervisor still stops gracefully (marker ``integration``)."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from live import free_port, serve_cmd, server_env, start, stop

pytestmark = pytest.mark.integration


def _workers(supervisor: int) -> list[int]:
    """The supervisor's worker processes (spawned by multiprocessing; its resource tracker is not one)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _until(check, what: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.3)


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def test_kill_9_of_every_worker_loses_no_acknowledged_feedback(real_index_dir, tmp_path):
    db, port, log = tmp_path / "log.sqlite3", free_port(), tmp_path / "serve.log"
    proc = start(serve_cmd(port, "--workers", "2"), server_env(real_index_dir, db), port, log, timeout=240)
    base = f"http://127.0.0.1:{port}"
    sent: list[str] = []
    acked: set[str] = set()
    failed: list[str] = []
    try:
        _until(lambda: len(_workers(proc.pid)) == 2 and _ready(base), "two workers not up")
        before = set(_workers(proc.pid))
        answer_id = httpx.post(f"{base}/v1/answer", json={"question": "補助率は？"}, timeout=60).json()["id"]
        time.sleep(1.0)  # the other worker reads the answer row from the file
        stop_sending = threading.Event()

        def writer(w: int) -> None:
            # No keep-alive: each request is accepted anew, so both workers get some.
            with httpx.Client(base_url=base, timeout=30, limits=httpx.Limits(max_keepalive_connections=0)) as http:
                i = 0
                while not stop_sending.is_set():
                    key = f"w{w}-{i}"
                    sent.append(key)
                    i += 1
                    body = {"answer_id": answer_id, "rating": "down", "comment": key}
                    try:
                        r = http.post("/v1/feedback", json=body, headers={"Idempotency-Key": key})
                    except httpx.HTTPError as exc:  # killed under this request, or no worker yet
                        failed.append(repr(exc))
                        time.sleep(0.05)
                        continue
                    if r.status_code == 201:
                        acked.add(key)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        time.sleep(2.0)
        for pid in before:
            os.kill(pid, signal.SIGKILL)
        time.sleep(1.0)
        stop_sending.set()
        for t in threads:
            t.join()
        # Requests may fail while no worker accepts, or wait in the supervisor's listen queue and succeed:
        # that the workers died is checked below (new ones replace them), not by a failed request.
        assert len(acked) > 20, (len(acked), failed[:3])
        with sqlite3.connect(db) as conn:  # before any retry could write a lost row again
            stored = {k for (k,) in conn.execute("SELECT idempotency_key FROM feedback")}
        assert acked <= stored, sorted(acked - stored)[:5]  # nothing acknowledged was lost

        # The supervisor replaces the killed workers; every client retries what it sent.
        _until(lambda: _ready(base) and not before & set(_workers(proc.pid)), "no new workers")
        with httpx.Client(base_url=base, timeout=60) as http:
            for key in sent:
                body = {"answer_id": answer_id, "rating": "down", "comment": key}
                assert http.post("/v1/feedback", json=body, headers={"Idempotency-Key": key}).status_code == 201
    finally:
        stop(proc, log)  # and the supervisor still stops gracefully
    with sqlite3.connect(db) as conn:
        rows = Counter(k for (k,) in conn.execute("SELECT idempotency_key FROM feedback"))
    print(f"\nkill -9 of 2 workers: {len(acked)} acknowledged of {len(sent)} sent, {len(failed)} failed requests")
    assert set(rows) == set(sent) and max(rows.values()) == 1  # every request stored exactly once
