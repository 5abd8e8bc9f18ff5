"""What the search and answer endpoints share: their context read straight from the app, and a body
serialised once."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response
from starlette.types import Scope

from assistant.api.errors import ApiError
from assistant.api.limits import client_id
from assistant.feedback_log import Store
from assistant.service import Assistant
from assistant.settings import Settings


def json_response(data: Any, status: int = 200) -> Response:
    """The body serialised once, by orjson (dataclasses included; NaN becomes null).

    Returning a `Response` skips FastAPI's second pass through the response model: the endpoints
    build exactly the documented shape themselves (the contract tests check it).
    """
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def request_context(state: Any, scope: Scope) -> tuple[Assistant, Store, Settings, str]:
    """The engine, query log, settings and client of a search or answer, read straight from the
    app's ``state`` and the request's ``scope``.

    The endpoints are ``async`` and skip FastAPI's dependency machinery: each plain ``def``
    dependency was a thread switch of its own, four per request (with them gone, server CPU per
    search under load went from 11 to 6-8 ms). The engine call itself still goes to a thread
    (`assistant.api.engine_threads`), one switch: calling it in the event loop measured no cheaper
    and gave longer tails (an answer takes 10-40 ms, a chat model seconds); measured again on
    2026-12-01 for search (1 ms of CPU): 0.2-0.5 ms less server CPU per request, but p95 at
    concurrency 8 and 32 went from 37 and 118-133 ms to 51-67 and 161-191 ms (`docs/benchmarks.md`).
    ``--workers`` (one per core) gives the parallelism.
    """
    holder = state.holder
    if holder is None:  # only before start-up has finished
        raise ApiError(503, "unavailable", "the index is not loaded yet; retry in a moment")
    return holder.engine, state.store, state.settings, client_id(scope)
