"""Pure ASGI middleware: per-client rate limit and request body size limit (keys: `assistant.api.guards`).

They answer in the API's JSON error format before the request reaches FastAPI, so a limited or
oversized request is refused without parsing its body.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response

PROTECTED_PREFIX = "/v1/"
API_KEY_HEADER = "x-api-key"


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of header ``name`` (lower-case bytes), or None."""
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value
    return None


def protected(scope: Scope) -> bool:
    """A ``/v1/`` HTTP request other than a CORS preflight: what keys and limits apply to."""
    return (
        scope["type"] == "http"
        and scope.get("path", "").startswith(PROTECTED_PREFIX)
        and scope.get("method") != "OPTIONS"
    )


def key_fingerprint(key: str) -> str:
    """A short, non-reversible label for an API key (what logs and rate limits use)."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:12]


def ip_client_id(scope: Scope) -> str:
    """``ip:<address>`` of the client (after `ClientAddressMiddleware` resolved trusted proxies)."""
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


def client_id(scope: Scope) -> str:
    """``key:<fingerprint>`` for a request with a valid key, else ``ip:<address>``."""
    state = scope.get("state") or {}
    if state.get("api_key_id"):
        return f"key:{state['api_key_id']}"
    return ip_client_id(scope)


def rate_limited(per_minute: int, wait: float) -> Response:
    """The 429 answer, with ``Retry-After`` in whole seconds."""
    retry = max(1, math.ceil(wait))
    return error_response(
        429,
        "rate_limited",
        f"too many requests: the limit is {per_minute} per minute; retry after {retry} s",
        {"limit_per_minute": per_minute, "retry_after_s": retry},
        headers={"Retry-After": str(retry)},
    )


class TokenBucketLimiter:
    """In-memory token buckets, one per client: ``per_minute`` requests a minute, bursts up to that.

    Thread-safe and constant-time per request: buckets are kept oldest-used first, and each
    `acquire` drops at most two from the front that have been idle long enough to be full again, so
    no request ever pays for a sweep of every client. Each server process keeps its own buckets
    (with ``--workers N`` a client may get up to N times the rate).
    """

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self._full_after = self.capacity / self.rate if self.rate else math.inf  # idle seconds to refill
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, last time)
        self._lock = threading.Lock()

    def peek(self, client: str) -> float:
        """Like `acquire` without taking the token: 0.0 when one is available, else the wait."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def acquire(self, client: str) -> float:
        """Take a token: 0.0 when allowed, else the seconds until the next token."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)  # to the end: the most recently used
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            for _ in range(2):  # two out for each one in: the table never outgrows the active clients
                oldest, (_, used) = next(iter(self._buckets.items()))
                if now - used < self._full_after:
                    break
                del self._buckets[oldest]
            return wait


class RateLimitMiddleware:
    """429 with ``Retry-After`` (whole seconds) when a client exceeds the rate; 0 turns it off."""

    def __init__(self, app: ASGIApp, per_minute: int, limiter: TokenBucketLimiter | None = None):
        self.app = app
        self.per_minute = per_minute
        self.limiter = limiter or (TokenBucketLimiter(per_minute) if per_minute > 0 else None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limiter is None or not protected(scope):
            await self.app(scope, receive, send)
            return
        wait = self.limiter.acquire(client_id(scope))
        if wait > 0:
            await rate_limited(self.per_minute, wait)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class BodySizeLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413.

    Checks ``Content-Length`` first, then reads the (possibly chunked) body up to the limit and
    replays it to the app, so a body that lies about its length or has none is caught too.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self, size: str) -> Response:
        return error_response(
            413,
            "payload_too_large",
            f"request body {size} exceeds the limit of {self.max_bytes} bytes",
            {"max_bytes": self.max_bytes},
            headers={"Connection": "close"},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = header(scope, b"content-length")
        if length is not None:
            try:
                declared = int(length)
                if declared < 0:
                    raise ValueError
            except ValueError:
                response = error_response(400, "bad_request", "invalid Content-Length header")
                await response(scope, receive, send)
                return
            if declared > self.max_bytes:
                await self._too_large(f"of {declared} bytes")(scope, receive, send)
                return
            if declared == 0:
                await self.app(scope, receive, send)
                return
        elif header(scope, b"transfer-encoding") is None:
            # No body announced (a GET, or a POST without one): nothing to buffer.
            await self.app(scope, receive, send)
            return

        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await self._too_large(f"of more than {self.max_bytes} bytes")(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
