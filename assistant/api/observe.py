"""Request ids, access logs and request metrics: the outermost ASGI middleware, and the log format.

Every response carries ``X-Request-ID``: the client's own when it is sane (1-128 characters of
letters, digits and ``._:-``), else a new one. The id is in a context variable while the request
runs, so every log line written for it (access log, errors, the endpoints' own) names it; with
``ASSISTANT_JSON_LOGS=true`` each line is one JSON object (see `assistant.logs`).
"""

from __future__ import annotations

import logging
import random
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.metrics import Metrics
from assistant.logs import REQUEST_ID

REQUEST_ID_HEADER = b"x-request-id"
_SANE_ID = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")
access_log = logging.getLogger("assistant.access")


def request_id_from(headers: Any) -> str:
    """The incoming ``X-Request-ID`` when sane, else a fresh random id (32 hex digits).

    The id only has to be unique, not secret: 128 bits of `random` (seeded from the OS, reseeded in
    a forked child) instead of ``uuid4``, which read the OS's random source (a system call) per request.
    """
    for key, value in headers:
        if key == REQUEST_ID_HEADER:  # ASGI header names are lower-case
            if _SANE_ID.fullmatch(value):
                return value.decode("ascii")
            break
    return f"{random.getrandbits(128):032x}"


class RequestContextMiddleware:
    """Give each request an id (header, log lines), then count it and log it once it has answered."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None, log_access: bool = True):
        self.app = app
        self.metrics = metrics
        self.log_access = log_access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_from(scope.get("headers", ()))
        header = (REQUEST_ID_HEADER, rid.encode("ascii"))
        token = REQUEST_ID.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        status = 500  # what the client sees when the app fails before answering
        t0 = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - t0
            route = getattr(scope.get("route"), "path", None) or "other"
            if self.metrics is not None:
                self.metrics.observe(route, scope["method"], status, seconds)
            if self.log_access and access_log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                access_log.info(
                    "%s %s %d %.1f ms",
                    scope["method"],
                    scope["path"],
                    status,
                    seconds * 1000,
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 2),
                        "client": client[0] if client else None,
                    },
                )
            REQUEST_ID.reset(token)
