"""A real server process on loopback, spoken to over HTTP (uvicorn factory and ``assistant serve``)."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from live import free_port, running, serve_cmd, server_env, uvicorn_cmd

from assistant.feedback_log import Store

pytestmark = pytest.mark.integration

QUESTION = "「新規高卒者管内企業就職率」の進捗率はいくつ？"


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
    questions = [QUESTION, "小さな拠点の形成数は？", "地域生活圏とは何ですか？", "深海探査船の建造費はいくらですか？"]
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
