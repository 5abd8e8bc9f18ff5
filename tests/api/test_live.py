"""A real server process on loopback, spoken to over HTTP (uvicorn factory and ``assistant serve``)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from assistant.feedback_log import Store

pytestmark = pytest.mark.integration

VENV_BIN = Path(sys.executable).parent
QUESTION = "新規高卒者管内企業就職率の進捗率は？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(index_dir: Path, db_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        HF_HUB_OFFLINE="1",
        ASSISTANT_INDEX_DIR=str(index_dir),
        ASSISTANT_DB_PATH=str(db_path),
        ASSISTANT_RATE_LIMIT_PER_MINUTE="0",
        **extra,
    )
    return env


@contextmanager
def running(cmd: list[str], env: dict[str, str], port: int, log: Path, timeout: float = 180):
    """Start the server, wait for /healthz, yield its base URL, stop it (SIGTERM) afterwards."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server not healthy after {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()
    # A graceful stop: uvicorn finishes the lifespan, then re-raises SIGTERM (-15) or exits 0.
    text = log.read_text(errors="replace")
    assert proc.returncode in (0, -signal.SIGTERM), text[-3000:]
    assert "Application shutdown complete" in text, text[-3000:]


def uvicorn_cmd(port: int) -> list[str]:
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
    return [str(VENV_BIN / "assistant"), "serve", "--host", "127.0.0.1", "--port", str(port), *extra]


def test_live_server_answer_feedback_and_restart(real_index_dir, tmp_path):
    db = tmp_path / "var" / "log.sqlite3"
    env = server_env(real_index_dir, db, ASSISTANT_API_KEYS="live-key")
    key = {"X-API-Key": "live-key"}

    port = free_port()
    with (
        running(uvicorn_cmd(port), env, port, tmp_path / "uvicorn.log") as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        health = http.get("/healthz").json()
        assert health["status"] == "ok" and health["index"]["documents"] == 5
        assert http.post("/v1/answer", json={"question": QUESTION}).status_code == 401
        r = http.post("/v1/answer", json={"question": QUESTION}, headers=key)
        assert r.status_code == 200, r.text
        first = r.json()
        assert first["question"] == QUESTION and first["id"]
        r = http.post("/v1/feedback", json={"answer_id": first["id"], "rating": "up", "comment": "正確"}, headers=key)
        assert r.status_code == 201 and r.json()["stored"] is True
        assert http.post("/v1/feedback", json={"answer_id": "unknown", "rating": "up"}, headers=key).status_code == 404

        # Real HTTP error paths: no hang, JSON errors.
        r = http.post("/v1/search", content=b'{"query": ', headers={**key, "content-type": "application/json"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"
        r = http.post("/v1/search", content=b"x" * 100_000, headers={**key, "content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"

        def chunked():
            yield b'{"query": "'
            for _ in range(80):
                yield b"a" * 1000
            yield b'"}'

        r = http.post("/v1/search", content=chunked(), headers={**key, "content-type": "application/json"})
        assert r.status_code == 413

    # Restart with `assistant serve`: the log survives, feedback on the old answer still works.
    port = free_port()
    with (
        running(serve_cmd(port), env, port, tmp_path / "serve.log") as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        r = http.post("/v1/feedback", json={"answer_id": first["id"], "rating": "down"}, headers=key)
        assert r.status_code == 201, r.text
        second = http.post("/v1/answer", json={"question": QUESTION}, headers=key).json()
        assert second["answer"] == first["answer"] and second["id"] != first["id"]

    with Store(db) as store:
        logged = store.get_answer(first["id"])
        assert logged["question"] == QUESTION
        assert [f["rating"] for f in logged["feedback"]] == ["up", "down"]
        assert {r["id"] for r in store.recent()} == {first["id"], second["id"]}


def test_live_parallel_requests(real_index_dir, tmp_path):
    port = free_port()
    env = server_env(real_index_dir, tmp_path / "log.sqlite3")
    questions = [QUESTION, "小さな拠点の形成数は？", "地域生活圏とは何ですか？", "火星探査の予算はいくらですか？"]
    with (
        running(uvicorn_cmd(port), env, port, tmp_path / "uvicorn.log") as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):

        def ask(i: int):
            r = http.post("/v1/answer", json={"question": questions[i % 4]})
            return i % 4, r.status_code, r.json()

        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(ask, range(64)))
    assert [s for _, s, _ in results] == [200] * 64
    by_question: dict[int, set[str]] = {}
    for q, _, body in results:
        by_question.setdefault(q, set()).add(json.dumps([body["answer"], body["citations"]], ensure_ascii=False))
    assert all(len(v) == 1 for v in by_question.values()), "different answers to the same question"


def test_start_without_index_fails_fast(tmp_path):
    env = server_env(tmp_path / "no-index", tmp_path / "log.sqlite3")
    port = free_port()
    r = subprocess.run(serve_cmd(port), env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "no index in" in r.stderr and "assistant index build" in r.stderr
    assert "Traceback" not in r.stderr
    r = subprocess.run(uvicorn_cmd(port), env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    assert "cannot start the API" in r.stderr and "assistant index build" in r.stderr


def test_start_with_stale_index_fails_fast(real_index_dir, tmp_path):
    env = server_env(real_index_dir, tmp_path / "log.sqlite3", ASSISTANT_CHUNK_SIZE="300")
    r = subprocess.run(serve_cmd(free_port()), env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "built with other settings" in r.stderr and "assistant index build" in r.stderr
