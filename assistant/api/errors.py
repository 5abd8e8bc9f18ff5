"""Every error leaves the API as ``{"error": {"code", "message", "details"}}``.

Client mistakes are 4xx with a message that says what is wrong; a 500 (``internal_error``) means a
bug, is logged with its traceback and never shows internals to the client.
"""

from __future__ import annotations

import json
import logging
import math
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from assistant.errors import AssistantError, UnknownDocument
from assistant.feedback_log import UnknownAnswer

log = logging.getLogger("assistant.api")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def _renderable(value: Any) -> Any:
    """``value`` with non-finite floats written as strings (JSON has no NaN or Infinity)."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _renderable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_renderable(v) for v in value]
    return value


class ErrorJSONResponse(JSONResponse):
    """JSON that always encodes (unpaired surrogates in echoed input become U+FFFD)."""

    def render(self, content: Any) -> bytes:
        try:
            text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str)
        except ValueError:  # a non-finite float somewhere: an error response must still render
            text = json.dumps(
                _renderable(content), ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str
            )
        return text.encode("utf-8", "replace")


class ApiError(Exception):
    """Raised by endpoints for a client error with a code and details."""

    def __init__(
        self, status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def error_response(status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None):
    return ErrorJSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _loc(loc: tuple | list) -> str:
    return ".".join(str(p) for p in loc)


def _clip(value: Any, limit: int = 120) -> Any:
    """Echo short scalar inputs only (long, nested, huge or non-finite input stays out of error bodies)."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + "…"
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        # str() of a huge int is slow (and refused past 4,300 digits): describe it instead.
        return value if value.bit_length() <= 64 else f"<integer of {value.bit_length()} bits>"
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    return f"<{type(value).__name__}>"


def validation_details(exc: RequestValidationError) -> tuple[int, str, str, list[dict[str, Any]]]:
    """Status, code, message and details for a request validation failure."""
    errors = list(exc.errors())
    details = []
    for e in errors:
        item = {
            "loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
            "type": e.get("type"),
            "msg": e.get("msg"),
        }
        if "input" in e and e.get("type") not in ("json_invalid", "missing"):
            item["input"] = _clip(e["input"])
        details.append(item)
    if any(e.get("type") == "json_invalid" for e in errors):
        e = next(e for e in errors if e.get("type") == "json_invalid")
        loc = e.get("loc", ())
        where = f" at position {loc[1]}" if len(loc) > 1 else ""
        reason = (e.get("ctx") or {}).get("error", "invalid JSON")
        return 400, "invalid_json", f"the request body is not valid JSON ({reason}{where})", details
    body_errors = [e for e in errors if tuple(e.get("loc", ())) == ("body",)]
    if body_errors and body_errors[0].get("type") in ("model_attributes_type", "dict_type", "model_type"):
        msg = "the request body must be a JSON object (send Content-Type: application/json)"
        return 422, "validation_error", msg, details
    parts = []
    for e in errors[:5]:
        msg = str(e.get("msg", "invalid"))
        msg = msg.removeprefix("Value error, ")
        parts.append(f"{_loc(e.get('loc', ()))}: {msg}")
    if len(errors) > 5:
        parts.append(f"… and {len(errors) - 5} more")
    return 422, "validation_error", "; ".join(parts) or "invalid request", details


def install(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        status, code, message, details = validation_details(exc)
        return error_response(status, code, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = _CODES.get(exc.status_code, "http_error")
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"no such endpoint: {request.method} {request.url.path} (see /docs)"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        else:
            message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return error_response(exc.status_code, code, message, None, getattr(exc, "headers", None))

    @app.exception_handler(UnknownDocument)
    async def _unknown_doc(request: Request, exc: UnknownDocument):
        return error_response(
            422,
            "unknown_document",
            f"unknown document(s): {', '.join(exc.unknown)}; use one of the file names from GET /v1/documents",
            {"unknown": exc.unknown, "known": exc.known},
        )

    @app.exception_handler(UnknownAnswer)
    async def _unknown_answer(request: Request, exc: UnknownAnswer):
        return error_response(
            404,
            "unknown_answer",
            f"no answer with id {exc.answer_id!r} in the query log (use the id returned by POST /v1/answer)",
            {"answer_id": exc.answer_id},
        )

    @app.exception_handler(AssistantError)
    async def _assistant(request: Request, exc: AssistantError):
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(503, "unavailable", str(exc))

    @app.exception_handler(ResponseValidationError)
    async def _response_validation(request: Request, exc: ResponseValidationError):
        log.error("response validation failed on %s %s: %s", request.method, request.url.path, exc.errors())
        return error_response(
            500, "internal_error", "internal error (the response did not match its schema); see the server log"
        )

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal error; see the server log")
