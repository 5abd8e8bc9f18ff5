"""Pure ASGI middleware that decides who is asking: client address, Host header and API / admin keys.

They answer in the API's JSON error format before the request reaches FastAPI, so a refused request
is never parsed. The rate limiter (`assistant.api.limits`) is shared with the key check: a wrong or
missing key costs the client address a token, so keys cannot be guessed faster than the limit.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.api.limits import (
    API_KEY_HEADER,
    PROTECTED_PREFIX,
    TokenBucketLimiter,
    header,
    ip_client_id,
    key_fingerprint,
    protected,
    rate_limited,
)

ADMIN_PREFIX = "/v1/admin/"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


class ClientAddressMiddleware:
    """Take the client address from ``X-Forwarded-For`` only when the peer is a trusted proxy.

    The rightmost address not itself a trusted proxy is the client (earlier entries are whatever
    the client chose to send). ``scope["client"]`` is updated in place, so the access log, the rate
    limit and the query log all see the same address.
    """

    def __init__(self, app: ASGIApp, trusted: Sequence[Network]):
        self.app = app
        self.trusted = list(trusted)

    def _is_trusted(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        return addr is not None and any(addr in net for net in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if self.trusted and scope["type"] == "http" and client and self._is_trusted(_address(client[0])):
            forwarded = header(scope, b"x-forwarded-for")
            if forwarded is not None:
                hops = [h.strip() for h in forwarded.decode("latin-1").split(",") if h.strip()]
                for hop in reversed(hops):
                    addr = _address(hop)
                    if addr is None:
                        break  # garbage: keep the proxy's own address rather than trust it
                    if not self._is_trusted(addr):
                        scope["client"] = (str(addr), 0)
                        break
        await self.app(scope, receive, send)


def _host_name(value: str) -> str:
    """The host part of a Host header, lower-cased (``[::1]:8000`` -> ``[::1]``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostCheckMiddleware:
    """400 for a Host header that is not in ``ASSISTANT_ALLOWED_HOSTS`` (DNS rebinding reaches loopback otherwise).

    ``*`` allows any host; ``*.example.jp`` allows its subdomains.
    """

    def __init__(self, app: ASGIApp, allowed: Iterable[str]):
        self.app = app
        self.allowed = [h.lower() for h in allowed]
        self.any = "*" in self.allowed

    def _allowed(self, host: str) -> bool:
        return any(host == a or (a.startswith("*.") and host.endswith(a[1:])) for a in self.allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = header(scope, b"host")
        host = _host_name(raw.decode("latin-1")) if raw is not None else ""
        if not self._allowed(host):
            shown = host if len(host) <= 100 else host[:100] + "…"
            response = error_response(
                400,
                "invalid_host",
                f"this server does not answer to the host {shown!r}; allowed: {', '.join(self.allowed)} "
                "(ASSISTANT_ALLOWED_HOSTS)",
                {"host": shown},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class APIKeyMiddleware:
    """Keys on ``/v1/``: search and records need one of ``keys`` when any are set; ``/v1/admin/``
    always needs one of ``admin_keys`` and is disabled (403) when there are none.

    Keys are compared in constant time against every configured key. A client address whose
    failed attempts have used up its rate limit gets 429 before any key is compared.
    """

    def __init__(
        self,
        app: ASGIApp,
        keys: Iterable[str],
        admin_keys: Iterable[str] = (),
        limiter: TokenBucketLimiter | None = None,
        per_minute: int = 0,
    ):
        self.app = app
        self.keys = [k.encode("utf-8") for k in keys]
        self.admin_keys = [k.encode("utf-8") for k in admin_keys]
        self.limiter = limiter
        self.per_minute = per_minute

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str) -> None:
        await error_response(status, code, message)(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not protected(scope):
            await self.app(scope, receive, send)
            return
        admin = scope.get("path", "").startswith(ADMIN_PREFIX)
        keys = self.admin_keys if admin else self.keys
        if admin and not keys:
            message = "the admin routes are disabled on this server (set ASSISTANT_ADMIN_KEYS to enable them)"
            await self._refuse(scope, receive, send, 403, "forbidden", message)
            return
        if not keys:
            await self.app(scope, receive, send)
            return
        client = ip_client_id(scope)
        if self.limiter is not None and (wait := self.limiter.peek(client)) > 0:
            # Checked before the key: a guess past the limit must not learn whether it was right.
            await rate_limited(self.per_minute, wait)(scope, receive, send)
            return
        given = header(scope, API_KEY_HEADER.encode())
        match = False
        if given is not None:
            for key in keys:  # no early exit: the time taken does not depend on which key matched
                match |= hmac.compare_digest(given, key)
        if not match:
            if self.limiter is not None:
                self.limiter.acquire(client)
            kind = "an admin key (ASSISTANT_ADMIN_KEYS)" if admin else "an API key"
            if given is None:
                message = f"missing X-API-Key header (this server requires {kind})"
            else:
                message = f"invalid {'admin' if admin else 'API'} key in X-API-Key"
            await self._refuse(scope, receive, send, 401, "unauthorized", message)
            return
        scope.setdefault("state", {})["api_key_id"] = key_fingerprint(given.decode("utf-8", "replace"))
        await self.app(scope, receive, send)


__all__ = [
    "ADMIN_PREFIX",
    "PROTECTED_PREFIX",
    "APIKeyMiddleware",
    "ClientAddressMiddleware",
    "HostCheckMiddleware",
]
