"""A shorter path through the app for valid ``POST /v1/search`` and ``/v1/answer`` requests.

The innermost middleware: after every guard (request id, client address, Host, key, rate limit, body
size), it reads the body, parses it with the same strict parser (`assistant.api.jsonbody`) and validates it
with the route's own body field, then calls the endpoint's own response function
(`assistant.api.routes.search_response`, `answer_response`). FastAPI's routing, its exception and exit-stack
middlewares and its dependency solving (the router's key and content-type dependencies, which pass for
such a request) are skipped: 7-21 % less server CPU per search over HTTP, alternating runs against main
(docs/benchmarks.md, "a fast lane").

Anything else goes to FastAPI unchanged, with the messages already read replayed: another method,
path, query string or content type, a body that does not parse or validate, a client that
disconnected, and an engine or service error (FastAPI then runs the request again and answers the
error as before; the query log is written only after a success, so nothing is written twice).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.jsonbody import parse_json

#: A response function: (the app's state, the request's scope, the validated body) -> the response.
Respond = Callable[[Any, Scope, Any], Awaitable[Response]]

JSON = b"application/json"


class FastLane:
    """Answer a valid request to one of ``routes`` ((APIRoute, its response function) pairs) directly."""

    def __init__(self, app: ASGIApp, routes: list[tuple[APIRoute, Respond]]):
        self.app = app
        self.routes = {route.path: (route, respond) for route, respond in routes}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lane = self.routes.get(scope["path"]) if scope["type"] == "http" else None
        if lane is None or scope["method"] != "POST" or scope["query_string"] or scope.get("root_path"):
            await self.app(scope, receive, send)
            return
        route, respond = lane
        if _content_type(scope) != JSON:
            await self.app(scope, receive, send)
            return
        read: list[Message] = []
        body = await _read_body(receive, read)
        response = None
        if body is not None:
            response = await self._respond(scope, route, respond, body)
        if response is None:
            await self.app(scope, _replay(read, receive), send)
            return
        scope["route"] = route  # as FastAPI's router sets it (the metrics and access log read its path)
        await response(scope, receive, send)

    @staticmethod
    async def _respond(scope: Scope, route: APIRoute, respond: Respond, body: bytes) -> Response | None:
        """The endpoint's response, or None when FastAPI is to handle the request."""
        try:
            data = parse_json(body)
        except json.JSONDecodeError:
            return None
        field = route.body_field
        if field is None:
            return None
        value, errors = field.validate(data, {}, loc=("body",))
        if errors:
            return None
        try:
            return await respond(scope["app"].state, scope, value)
        except Exception:  # noqa: BLE001 - FastAPI runs it again and answers the error as before
            return None


def _content_type(scope: Scope) -> bytes | None:
    for key, value in scope["headers"]:
        if key == b"content-type":
            return value.lower()
    return None


async def _read_body(receive: Receive, read: list[Message]) -> bytes | None:
    """The whole body (None when the client went away first); every message is kept in ``read``."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            return None
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts)


def _replay(read: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives the messages already read, then the client's next ones."""
    pending = list(read)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
