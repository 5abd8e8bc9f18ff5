"""The HTTP-layer faults of issue 18, over a real ``assistant serve`` on loopback.

One server, one test (a start costs seconds): admin routes need their key, cross-site simple
requests and foreign Host headers are refused, a feedback retry with the same ``Idempotency-Key``
stores one row, requests uvicorn cannot parse get JSON errors, and key guessing is limited per
address, whatever ``X-Forwarded-For`` says (no trusted proxy is configured). The same over
``TestClient``, and the keyless per-address limit, are in ``test_guards.py``.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time

import httpx
import pytest
from live import free_port, raw_request, running, serve_cmd, server_env

pytestmark = pytest.mark.integration

KEY, ADMIN = "live-search-key", "live-admin-key"
JSON = {"Content-Type": "application/json"}


def _req(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


#: Requests uvicorn itself refuses (before the app): each must get the API's JSON 400, not plain text.
UNPARSEABLE = [
    ("Content-Length abc", {"Content-Length": "abc"}, b"{}", "invalid Content-Length header"),
    ("Content-Length -1", {"Content-Length": "-1"}, b"{}", "invalid Content-Length header"),
    ("Content-Length 1, 2", {"Content-Length": "1, 2"}, b"{}", "invalid Content-Length header"),
    ("Content-Length 0x10", {"Content-Length": "0x10"}, b"{}", "invalid Content-Length header"),
    ("Transfer-Encoding gzip", {"Transfer-Encoding": "gzip"}, b"{}", "invalid HTTP request"),
    ("bad chunk size", {"Transfer-Encoding": "chunked"}, b"zz\r\n{}\r\n0\r\n\r\n", "invalid HTTP request"),
]


def test_protected_and_parsed_over_http(real_index_dir, tmp_path):
    db = tmp_path / "log.sqlite3"
    env = server_env(
        real_index_dir, db, ASSISTANT_API_KEYS=KEY, ASSISTANT_ADMIN_KEYS=ADMIN, ASSISTANT_RATE_LIMIT_PER_MINUTE="120"
    )
    port = free_port()
    with running(serve_cmd(port), env, port, tmp_path / "serve.log") as base, httpx.Client(base_url=base) as http:
        key = {"X-API-Key": KEY}
        # Admin: the search key is not enough; the admin key is.
        assert http.post("/v1/admin/reload", headers={**JSON, **key}).status_code == 401
        r = http.post("/v1/admin/reload", headers={**JSON, "X-API-Key": ADMIN})
        assert r.status_code == 200 and r.json()["message"] == "already serving the published index"
        # A cross-site "simple" POST (no preflight) does nothing; nor does a form post.
        r = http.post("/v1/admin/reload", content=b"{}", headers={"Content-Type": "text/plain", "X-API-Key": ADMIN})
        assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_media_type"
        form = {"Content-Type": "application/x-www-form-urlencoded", **key}
        assert http.post("/v1/feedback", content=b"answer_id=a&rating=up", headers=form).status_code == 415
        # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own name as Host.
        r = http.get("/healthz", headers={"Host": "evil.example:8000"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_host"

        # Feedback retried after a lost answer: one row.
        answer = http.post("/v1/answer", json={"question": "小さな拠点の形成数は？"}, headers=key).json()
        body = {"answer_id": answer["id"], "rating": "up"}
        retry = {**key, "Idempotency-Key": "c0ffee-1"}
        ids = {http.post("/v1/feedback", json=body, headers=retry).json()["id"] for _ in range(3)}
        assert len(ids) == 1

        # Requests uvicorn cannot parse: the same JSON error shape as everything else.
        for name, extra, payload, words in UNPARSEABLE:
            headers = {"Host": "127.0.0.1", "Content-Type": "application/json", "X-API-Key": KEY, **extra}
            status, got, raw = raw_request(port, _req("POST", "/v1/search", headers, payload))
            assert status == 400 and got.get("content-type") == "application/json", (name, status, raw)
            error = json.loads(raw)["error"]
            assert error["code"] == "bad_request" and words in error["message"], (name, error)

        # Last (it locks this address out for a while): 300 wrong keys in a burst get 429s, not 300 x 401,
        # even with a new X-Forwarded-For on each (from loopback, uvicorn used to believe it).
        t0 = time.monotonic()
        statuses = [
            http.get(
                "/v1/documents",
                headers={"X-API-Key": f"guess-{i}", "X-Forwarded-For": f"198.51.{i // 250}.{i % 250}"},
            ).status_code
            for i in range(300)
        ]
        allowed = 120 + math.ceil(2 * (time.monotonic() - t0))  # the bucket refills 2 a second
        assert set(statuses) == {401, 429} and statuses.count(401) <= allowed, statuses.count(401)
        assert http.get("/v1/documents", headers=key).status_code == 429  # right key, same address, locked
    assert "198.51." not in (tmp_path / "serve.log").read_text()  # no forged address in the access log
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM feedback WHERE idempotency_key = 'c0ffee-1'").fetchone()[0] == 1
