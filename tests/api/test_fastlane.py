"""The fast lane of valid searches and answers: the same responses as FastAPI's route, and every other
request handed to FastAPI with its body intact (fake engine)."""

from __future__ import annotations

import asyncio
import json

import pytest

from assistant.api.fastlane import FastLane
from assistant.api.routes import fast_lane

PLAIN = {"Content-Type": "application/json"}
# A media-type parameter is valid JSON for the API too, but not the fast lane's: FastAPI's route answers.
VIA_FASTAPI = {"Content-Type": "application/json; charset=utf-8"}


def _without(body: dict, *keys: str) -> dict:
    return {k: v for k, v in body.items() if k not in keys}


@pytest.mark.parametrize(
    ("path", "payload", "varying"),
    [
        ("/v1/search", {"query": "小さな拠点", "top_k": 3}, ("took_ms",)),
        ("/v1/search", {"query": "計画", "docs": ["000_a.txt"]}, ("took_ms",)),
        ("/v1/answer", {"question": "空き家バンク成約件数の進捗率は？"}, ("took_ms", "id")),
        ("/v1/answer", {"question": "宇宙開発の予算は？", "top_k": 2}, ("took_ms", "id")),
    ],
)
def test_same_response_as_the_route(client, path, payload, varying):
    data = json.dumps(payload, ensure_ascii=False).encode()
    fast = client.post(path, content=data, headers=PLAIN)
    routed = client.post(path, content=data, headers=VIA_FASTAPI)
    assert fast.status_code == routed.status_code == 200
    assert fast.headers["content-type"] == routed.headers["content-type"]
    assert _without(fast.json(), *varying) == _without(routed.json(), *varying)
    assert fast.headers["x-request-id"]


@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        (b'{"query": "x", "top_k": 0}', PLAIN, 422, "validation_error"),
        (b'{"query": "x", "extra": 1}', PLAIN, 422, "validation_error"),
        (b'{"query": "x", "docs": ["nope.txt"]}', PLAIN, 422, None),
        (b'{"query": NaN}', PLAIN, 400, None),
        (b"", PLAIN, 422, None),
        (b'{"query": "x"}', {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
    ],
)
def test_errors_are_fastapis(client, content, headers, status, code):
    r = client.post("/v1/search", content=content, headers=headers)
    assert r.status_code == status
    if code is not None:
        assert r.json()["error"]["code"] == code


def test_an_engine_error_is_answered_by_fastapi(make_client, fake_engine):
    fake_engine.boom = True
    client = make_client(raise_server_exceptions=False)
    before = fake_engine.calls
    r = client.post("/v1/search", json={"query": "計画"})
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"
    assert fake_engine.calls - before == 2  # the fast lane's try, then FastAPI's


def test_metrics_name_the_route(client):
    client.post("/v1/search", json={"query": "計画"})
    assert 'route="/v1/search"' in client.get("/metrics").text


def _drive(method: str, path: str, body: bytes, query: bytes, chunks: int) -> dict:
    """Call the fast lane like a server (body in ``chunks`` messages) over an inner app that reads the
    body; what the inner app read and what the lane sent."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"content-type", b"application/json")],
        "app": None,
    }
    size = max(1, -(-len(body) // chunks))
    messages = [
        {"type": "http.request", "body": body[i : i + size], "more_body": i + size < len(body)}
        for i in range(0, max(len(body), 1), size)
    ]
    seen: dict = {"sent": []}

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        seen["sent"].append(message)

    async def inner(scope, receive, send):
        got = []
        while True:
            message = await receive()
            got.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        seen["inner_body"] = b"".join(got)

    asyncio.run(FastLane(inner, fast_lane())(scope, receive, send))
    return seen


def test_the_routes_it_serves():
    assert sorted(route.path for route, _ in fast_lane()) == ["/v1/answer", "/v1/search"]


@pytest.mark.parametrize(
    ("method", "path", "body", "query"),
    [
        ("GET", "/v1/search", b"", b""),
        ("POST", "/v1/documents", b"{}", b""),
        ("POST", "/v1/search", b'{"query": "x"}', b"top_k=3"),
        ("POST", "/v1/search", b'{"query": ', b""),
        ("POST", "/v1/search", b'{"query": "x", "top_k": "5"}', b""),
    ],
)
def test_others_reach_fastapi_with_their_body(method, path, body, query):
    seen = _drive(method, path, body, query, chunks=3)
    assert seen["inner_body"] == body
    assert seen["sent"] == []
