"""A tiny FastAPI app on loopback (uvicorn in a thread) for the load generator tests."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_app() -> FastAPI:
    app = FastAPI()
    state = {"flaky": 0, "hits": 0, "peers": {}}

    @app.post("/ok")
    async def ok(request: Request):
        state["hits"] += 1
        return {"echo": await request.json()}

    @app.post("/flaky")
    async def flaky():
        # Every third request fails (lock-free: one event loop).
        state["flaky"] += 1
        if state["flaky"] % 3 == 0:
            return JSONResponse({"error": "boom"}, status_code=500)
        return {"ok": True}

    @app.post("/peer")
    async def peer(request: Request):
        # Requests per client connection (its port), to see how the load generator connects.
        port = request.client.port if request.client else 0
        state["peers"][port] = state["peers"].get(port, 0) + 1
        return {"ok": True}

    @app.get("/peers")
    async def peers():
        return {str(k): v for k, v in state["peers"].items()}

    @app.post("/slow")
    async def slow():
        await asyncio.sleep(5)
        return {"ok": True}

    @app.post("/chunked")
    async def chunked():
        # No length: uvicorn sends Transfer-Encoding: chunked, one chunk per piece.
        async def pieces():
            for piece in ('{"parts": [', '"一", ', '"二"', "]}"):
                yield piece.encode("utf-8")

        return StreamingResponse(pieces(), media_type="application/json")

    @app.post("/close")
    async def close():
        return Response(b'{"bye": true}', media_type="application/json", headers={"Connection": "close"})

    @app.post("/status/{code}")
    async def status(code: int):
        return Response(b"" if code in (204, 304) else b"{}", status_code=code, media_type="application/json")

    @app.post("/v1/search")
    def search(body: dict):
        return {"query": body.get("query"), "hits": []}

    @app.post("/v1/answer")
    def answer(body: dict):
        return {"question": body.get("question"), "answer": "x"}

    app.state.counters = state
    return app


@pytest.fixture(scope="module")
def tiny_server() -> Iterator[str]:
    """Base URL of a tiny app served by uvicorn in a background thread."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        make_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("tiny server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    return f"http://127.0.0.1:{_free_port()}"
