"""A stopping worker serves the connection it accepted just before it stopped (`assistant.api.spread.DrainingServer`):
uvicorn's own server closes such a connection unread when its request arrives a moment after the stop began."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import pytest
from uvicorn.config import Config
from uvicorn.server import Server

from assistant.api.spread import DrainingServer


async def _app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


async def _late_request(server_class: type[Server]) -> bytes:
    """Connect, let the server begin its graceful stop, then send the request: what comes back."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    port = sock.getsockname()[1]
    server = server_class(Config(_app, lifespan="off", log_level="warning", http="h11"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while not server.server_state.connections:  # accepted, no request read yet
        await asyncio.sleep(0.01)
    stopping = asyncio.create_task(server.shutdown(sockets=[sock]))
    await asyncio.sleep(0.05)  # the stop is under way when the request arrives
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    try:
        await writer.drain()
        reply = await asyncio.wait_for(reader.read(), timeout=5)
    except ConnectionError:
        reply = b""
    writer.close()
    await stopping
    server.should_exit = True
    serving.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):  # the serve task is torn down either way
        await serving
    return reply


@pytest.mark.integration
def test_a_request_arriving_as_the_worker_stops_is_served() -> None:
    assert asyncio.run(_late_request(DrainingServer)).startswith(b"HTTP/1.1 200")
    assert not asyncio.run(_late_request(Server)).startswith(b"HTTP/1.1 200")  # uvicorn's own: closed unread
