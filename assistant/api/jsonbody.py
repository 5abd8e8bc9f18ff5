"""Strict JSON request bodies: UTF-8 only, finite numbers only, bounded nesting and number length.

Python's ``json`` accepts ``NaN``, ``Infinity`` and ``1e400`` (which becomes ``inf``); a validation
error that echoed such a value could not be rendered as JSON, and invalid UTF-8, deep nesting and
over-long integers escaped as a generic 400. Here every one of them is a ``json.JSONDecodeError``
with a position, which FastAPI turns into the API's ``invalid_json`` error.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

#: Longest number literal accepted: well past any int64 or double, far below Python's 4,300-digit limit.
MAX_NUMBER_CHARS = 100

# A JSON string or a bare token: finds a token's first occurrence outside strings.
_STRING_OR = r'"(?:[^"\\]|\\.)*"|({token})'


class _Rejected(ValueError):
    """A number or constant the strict parser refuses (``token`` is its text)."""

    def __init__(self, token: str, reason: str):
        super().__init__(reason)
        self.token = token
        self.reason = reason


def _constant(name: str) -> Any:
    raise _Rejected(name, f"{name} is not a JSON number")


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Rejected(text, f"number longer than {MAX_NUMBER_CHARS} characters")
    value = float(text)
    if not math.isfinite(value):
        raise _Rejected(text, "number out of range")
    return value


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Rejected(text, f"number longer than {MAX_NUMBER_CHARS} characters")
    return int(text)


def _position(text: str, token: str) -> int:
    """Where ``token`` first stands outside a string (0 when not found)."""
    for m in re.finditer(_STRING_OR.format(token=re.escape(token)), text):
        if m.group(1) is not None:
            return m.start(1)
    return 0


#: What ``json.loads(text, parse_constant=..., ...)`` builds afresh on every call, built once (it keeps no state).
_DECODER = json.JSONDecoder(parse_constant=_constant, parse_float=_float, parse_int=_int)


def parse_json(body: bytes) -> Any:
    """Parse a request body strictly; raises `json.JSONDecodeError` (message and position) on refusal."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError("invalid UTF-8", "", exc.start) from None
    if text.startswith("\ufeff"):  # as json.loads refuses it
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    try:
        return _DECODER.decode(text)
    except _Rejected as exc:
        raise json.JSONDecodeError(exc.reason, text, _position(text, exc.token)) from None
    except RecursionError:
        raise json.JSONDecodeError("nesting too deep", text, 0) from None


class StrictJSONRequest(Request):
    """A request whose ``json()`` is `parse_json`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """An ``APIRoute`` that parses bodies with `parse_json` (FastAPI's documented custom-request hook)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict
