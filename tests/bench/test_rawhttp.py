"""The raw HTTP/1.1 client against real loopback servers: bodies, keep-alive, chunked, closes, errors."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator

import pytest

from assistant.bench.load import run_load
from assistant.bench.rawhttp import HttpProtocolError, RawConnection, build_post, split_url

BODY = {"q": "補助率は？"}


def _request(url: str, body=BODY, repeat: int = 1) -> tuple[list[tuple[int, bytes]], int]:
    """Send ``body`` ``repeat`` times on one connection; the responses and how many connects it took."""
    host, port, path = split_url(url)
    data = build_post(host, port, path, body)

    async def go():
        conn = RawConnection(host, port, timeout_s=5)
        try:
            return [await conn.request(data) for _ in range(repeat)], conn.connects
        finally:
            conn.close()

    return asyncio.run(go())


def test_split_url_and_request_bytes() -> None:
    assert split_url("http://127.0.0.1:8000/v1/search") == ("127.0.0.1", 8000, "/v1/search")
    assert split_url("http://h/x?a=1") == ("h", 80, "/x?a=1")
    with pytest.raises(ValueError):
        split_url("https://h/x")
    data = build_post("h", 1, "/p", {"q": "就職率"}, {"X-API-Key": "k"})
    head, _, payload = data.partition(b"\r\n\r\n")
    assert head.startswith(b"POST /p HTTP/1.1\r\nHost: h:1\r\n")
    assert b"X-API-Key: k" in head
    assert json.loads(payload) == {"q": "就職率"}
    assert f"Content-Length: {len(payload)}".encode() in head  # bytes, not characters


def test_body_and_keep_alive(tiny_server: str) -> None:
    responses, connects = _request(f"{tiny_server}/ok", repeat=5)
    assert connects == 1  # five requests, one connection
    assert [s for s, _ in responses] == [200] * 5
    assert all(json.loads(b) == {"echo": BODY} for _, b in responses)


def test_chunked_body_is_reassembled(tiny_server: str) -> None:
    responses, connects = _request(f"{tiny_server}/chunked", repeat=3)
    assert connects == 1
    assert all(s == 200 and json.loads(b) == {"parts": ["一", "二"]} for s, b in responses)


def test_connection_close_reconnects(tiny_server: str) -> None:
    responses, connects = _request(f"{tiny_server}/close", repeat=3)
    assert [json.loads(b) for _, b in responses] == [{"bye": True}] * 3
    assert connects == 3


@pytest.mark.parametrize("code", [204, 404, 500, 503])
def test_status_codes(tiny_server: str, code: int) -> None:
    responses, connects = _request(f"{tiny_server}/status/{code}", repeat=2)
    assert [s for s, _ in responses] == [code, code] and connects == 1
    assert responses[0][1] == (b"" if code == 204 else b"{}")


@pytest.mark.parametrize("client", ["raw", "httpx"])
def test_load_counts_statuses_and_bytes(tiny_server: str, client: str) -> None:
    res = asyncio.run(run_load(f"{tiny_server}/flaky", [BODY], concurrency=3, requests=30, client=client))
    assert (res.ok, res.errors, res.error_kinds) == (20, 10, {"http_500": 10})
    assert res.response_bytes > 0
    d = res.to_dict()
    assert d["client"] == client and d["client_cpu_ms_per_request"] > 0


def _canned_server(reply: bytes) -> Iterator[str]:
    """A socket server answering every request with ``reply`` and closing (for malformed responses)."""
    srv = socket.create_server(("127.0.0.1", 0))
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}/x"
    finally:
        stop.set()
        thread.join(timeout=5)
        srv.close()


@pytest.fixture
def garbage_url() -> Iterator[str]:
    yield from _canned_server(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")


@pytest.fixture
def truncated_url() -> Iterator[str]:
    yield from _canned_server(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial"')


@pytest.fixture
def close_delimited_url() -> Iterator[str]:
    yield from _canned_server(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"until": "close"}')


def test_malformed_and_truncated_responses_are_errors(garbage_url: str, truncated_url: str) -> None:
    with pytest.raises(HttpProtocolError):
        _request(garbage_url)
    with pytest.raises(ConnectionError):
        _request(truncated_url)
    for url, kind in ((garbage_url, "HttpProtocolError"), (truncated_url, "ConnectionError")):
        res = asyncio.run(run_load(url, [BODY], concurrency=2, requests=4))
        assert res.errors == 4 and res.ok == 0 and res.error_kinds == {kind: 4}


def test_close_delimited_body(close_delimited_url: str) -> None:
    responses, connects = _request(close_delimited_url, repeat=2)
    assert [json.loads(b) for _, b in responses] == [{"until": "close"}] * 2 and connects == 2


def test_timeout_closes_the_connection(tiny_server: str) -> None:
    host, port, path = split_url(f"{tiny_server}/slow")

    async def go():
        conn = RawConnection(host, port, timeout_s=0.2)
        with pytest.raises(TimeoutError):
            await conn.request(build_post(host, port, path, BODY))
        assert conn._proto is None  # not reused: a late response would be read as the next one's

    asyncio.run(go())
