"""A minimal HTTP/1.1 keep-alive client on an asyncio Protocol, for the load generator.

Each `RawConnection` is one TCP connection that sends one prebuilt request at a time and parses
the status line, the headers it needs (``Content-Length``, ``Transfer-Encoding: chunked``,
``Connection: close``) and the body. It does no URL handling, JSON or header objects per request:
the load generator runs on the cores the server under test needs, so its CPU per request is
overhead on every measured row (httpx spent about 2 ms per request there).

Responses with neither a length nor chunked encoding are read until the server closes the
connection (HTTP/1.1's close-delimited body). A dropped connection, a malformed response or a
timeout raises (`HttpProtocolError`, `ConnectionError`, `TimeoutError`); the connection is then
closed and the next request opens a new one.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlsplit

_HEAD_END = b"\r\n\r\n"


class HttpProtocolError(Exception):
    """The server's bytes are not an HTTP/1.1 response this client understands."""


def split_url(url: str) -> tuple[str, int, str]:
    """``http://host:port/path`` -> (host, port, path); only plain http."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"only http://host[:port]/path URLs are supported: {url!r}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.hostname, parts.port or 80, path


def build_post(host: str, port: int, path: str, body: Any, headers: dict[str, str] | None = None) -> bytes:
    """The whole bytes of a keep-alive ``POST`` with a JSON body (built once, sent many times)."""
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload


def _parse_head(head: bytes) -> tuple[int, int | None, bool, bool]:
    """(status, content length or None, chunked, server closes after this response)."""
    lines = head.split(b"\r\n")
    status_line = lines[0].split(b" ", 2)
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/1.") or not status_line[1].isdigit():
        raise HttpProtocolError(f"bad status line: {lines[0][:80]!r}")
    status = int(status_line[1])
    length: int | None = None
    chunked = False
    close = status_line[0] == b"HTTP/1.0"  # 1.0 closes unless it says keep-alive
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep:
            raise HttpProtocolError(f"bad header line: {line[:80]!r}")
        name = name.strip().lower()
        if name == b"content-length":
            value = value.strip()
            if not value.isdigit():
                raise HttpProtocolError(f"bad Content-Length: {value[:40]!r}")
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = value.strip().lower().endswith(b"chunked")
        elif name == b"connection":
            token = value.strip().lower()
            close = token == b"close" or (close and token != b"keep-alive")
    if 100 <= status < 200 or status in (204, 304):
        length, chunked = 0, False
    return status, length, chunked, close


def _parse_chunked(buf: bytearray, start: int) -> tuple[bytes, int] | None:
    """The de-chunked body and the index after it, or None while the body is incomplete."""
    body = bytearray()
    pos = start
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return None
        size_text = bytes(buf[pos:eol]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise HttpProtocolError(f"bad chunk size: {size_text[:40]!r}") from None
        pos = eol + 2
        if size == 0:
            # Trailer lines (usually none), then the empty line.
            while True:
                eol = buf.find(b"\r\n", pos)
                if eol < 0:
                    return None
                if eol == pos:
                    return bytes(body), eol + 2
                pos = eol + 2
        if len(buf) < pos + size + 2:
            return None
        body += buf[pos : pos + size]
        if buf[pos + size : pos + size + 2] != b"\r\n":
            raise HttpProtocolError("chunk not followed by CRLF")
        pos += size + 2


class _Protocol(asyncio.Protocol):
    """Collects bytes and completes the waiting request's future when its response is whole."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.waiter: asyncio.Future | None = None
        self.head: tuple[int, int | None, bool, bool] | None = None
        self.head_end = 0
        self.lost = False

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if self.waiter is not None and not self.waiter.done():
            try:
                self._try_complete(eof=False)
            except HttpProtocolError as exc:
                self.waiter.set_exception(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            try:
                if not self._try_complete(eof=True):
                    self.waiter.set_exception(ConnectionError("connection closed before the response was complete"))
            except HttpProtocolError as err:
                self.waiter.set_exception(err)

    def _try_complete(self, eof: bool) -> bool:
        """Resolve the waiter if the buffer holds a whole response (skipping 1xx heads)."""
        while self.head is None:
            end = self.buf.find(_HEAD_END)
            if end < 0:
                return False
            head = _parse_head(bytes(self.buf[:end]))
            if 100 <= head[0] < 200:  # an interim response: its final one follows
                del self.buf[: end + 4]
                continue
            self.head, self.head_end = head, end + 4
        status, length, chunked, close = self.head
        if chunked:
            parsed = _parse_chunked(self.buf, self.head_end)
            if parsed is None:
                return False
            body, end = parsed
        elif length is not None:
            end = self.head_end + length
            if len(self.buf) < end:
                return False
            body = bytes(self.buf[self.head_end : end])
        elif eof:  # close-delimited
            body, end, close = bytes(self.buf[self.head_end :]), len(self.buf), True
        else:
            return False
        del self.buf[:end]
        self.head = None
        assert self.waiter is not None
        self.waiter.set_result((status, body, close))
        return True


class RawConnection:
    """One keep-alive connection to ``host:port``; `request` sends prebuilt bytes, returns (status, body).

    Example:
        >>> conn = RawConnection("127.0.0.1", 8000)  # doctest: +SKIP
        >>> status, body = await conn.request(build_post("127.0.0.1", 8000, "/v1/search", {"query": "補助率"}))
    """

    def __init__(self, host: str, port: int, timeout_s: float = 30.0):
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self._proto: _Protocol | None = None
        self.connects = 0  # how many TCP connections were opened (1 while keep-alive holds)

    async def _connect(self) -> _Protocol:
        loop = asyncio.get_running_loop()
        _, proto = await loop.create_connection(_Protocol, self.host, self.port)
        self.connects += 1
        return proto

    async def request(self, data: bytes) -> tuple[int, bytes]:
        """Send ``data`` (a whole request) and wait for the whole response; raises on failure."""
        try:
            async with asyncio.timeout(self.timeout_s):
                proto = self._proto
                if proto is None or proto.lost:
                    proto = self._proto = await self._connect()
                waiter = proto.waiter = asyncio.get_running_loop().create_future()
                assert proto.transport is not None
                proto.transport.write(data)
                status, body, close = await waiter
        except BaseException:
            self.close()  # the connection's state is unknown: never reuse it
            raise
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        proto, self._proto = self._proto, None
        if proto is not None and proto.transport is not None:
            proto.transport.close()
