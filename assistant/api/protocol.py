"""uvicorn's HTTP/1.1 protocol, answering requests it cannot parse in the API's JSON error format.

A request uvicorn refuses before the application sees it (an invalid ``Content-Length``, a broken
request line or header) gets a plain-text "Invalid HTTP request received." from uvicorn itself;
these subclasses (of the httptools protocol, and of the h11 one when httptools is missing) send
``{"error": {"code": "bad_request", ...}}`` instead. ``assistant serve`` uses `PROTOCOL`; with plain
uvicorn pass ``--http assistant.api.protocol:JSONErrorHttpToolsProtocol``.

The httptools protocol also writes through `CoalescingTransport`: uvicorn writes a response's
status line and headers, then its body, and uvloop sends each write at once, so every response was
two sends on the socket (two TCP segments, two wake-ups of the client); a head is now sent with its body.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

try:  # httptools (C) parses a request in a fraction of h11's (pure Python) time: about a fifth of
    # the server's CPU per search under load went to h11. h11 stays the fallback.
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is a dependency
    HttpToolsProtocol = None

#: Import string for uvicorn's ``http`` option.
PROTOCOL = (
    "assistant.api.protocol:JSONErrorHttpToolsProtocol"
    if HttpToolsProtocol is not None
    else "assistant.api.protocol:JSONErrorH11Protocol"
)


class CoalescingTransport:
    """A transport that sends a response's head together with its body, in one write.

    A head that announces a ``content-length`` (a whole body follows at once: not a stream, not an
    interim ``1xx``) is held until the next write and sent with it; `flush` (the protocol calls it when
    a response is complete: a ``HEAD`` has no body write) and ``close`` send a head still held.
    Everything else is the wrapped transport's own.
    """

    __slots__ = ("_held", "transport")

    def __init__(self, transport: asyncio.Transport):
        self.transport = transport
        self._held: bytes | None = None

    def write(self, data: bytes) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self.transport.write(held + data)
        elif data.startswith(b"HTTP/1.1 ") and data[9:10] != b"1" and b"\r\ncontent-length: " in data:
            self._held = data
        else:
            self.transport.write(data)

    def flush(self) -> None:
        """Send a held head (dropped when the transport is already closing, as its own write would)."""
        held, self._held = self._held, None
        if held is not None and not self.transport.is_closing():
            self.transport.write(held)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def is_closing(self) -> bool:
        return self.transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


def bad_request_body(reason: str | None) -> bytes:
    """The JSON error body for a request that could not be parsed."""
    # h11's reason names the fault without echoing the request ("bad Content-Length"); a reason that
    # might carry request bytes is replaced by a fixed text.
    text = reason if reason and len(reason) <= 80 and reason.isascii() and "'" not in reason else None
    if text is not None and "content-length" in text.lower():
        message = "invalid Content-Length header"
    elif text is not None:
        message = f"invalid HTTP request ({text})"
    else:
        message = "invalid HTTP request (malformed request line or headers)"
    body = {"error": {"code": "bad_request", "message": message, "details": None}}
    return json.dumps(body, separators=(",", ":")).encode("ascii")


class JSONErrorH11Protocol(H11Protocol):
    """`H11Protocol` whose parse-failure 400 is a JSON error body."""

    def send_400_response(self, msg: str) -> None:
        # Called from the except clause that caught h11's RemoteProtocolError: it is still current.
        exc = sys.exc_info()[1]
        body = bad_request_body(str(exc) if isinstance(exc, h11.RemoteProtocolError) else None)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
        ]
        event = h11.Response(status_code=400, headers=headers, reason=STATUS_PHRASES[400])
        for part in (event, h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event=part))
        self.transport.close()


if HttpToolsProtocol is not None:

    class JSONErrorHttpToolsProtocol(HttpToolsProtocol):
        """`HttpToolsProtocol` whose parse-failure 400 is the same JSON error body, writing through
        `CoalescingTransport` (one send per response)."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(CoalescingTransport(transport))  # type: ignore[arg-type]

        def on_response_complete(self) -> None:
            self.transport.flush()  # type: ignore[attr-defined]
            super().on_response_complete()

        def send_400_response(self, msg: str) -> None:
            # Called from the except clause that caught httptools' HttpParserError: it is still current.
            exc = sys.exc_info()[1]
            body = bad_request_body(str(exc) if exc is not None else None)
            content = [STATUS_LINE[400]]
            for name, value in self.server_state.default_headers:
                content.extend([name, b": ", value, b"\r\n"])
            content.extend(
                [
                    b"content-type: application/json\r\n",
                    b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                    b"connection: close\r\n",
                    b"\r\n",
                    body,
                ]
            )
            self.transport.write(b"".join(content))
            self.transport.close()
