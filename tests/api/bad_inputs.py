"""Hand-made bad requests and the error each must get: shared by the in-process and the live-server tests.

Each case is sent as raw bytes (``json=`` could not even encode most of them). Every answer must be
the documented 4xx with ``{"error": {"code", "message", "details"}}``; none may be a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass

JSON = "application/json"
#: The admin key the apps under test are given (admin routes are disabled without one).
ADMIN_KEY = "bad-input-admin-key"


@dataclass(frozen=True)
class Bad:
    """One bad request: where it goes, what it sends, and the status and error code it must get."""

    name: str
    path: str
    body: bytes
    status: int
    code: str
    content_type: str | None = JSON
    headers: tuple[tuple[str, str], ...] = ()


def _b(text: str) -> bytes:
    return text.encode("utf-8")


DEEP = 30_000  # nesting levels: past Python's recursion limit, under the 64 KB body limit

BAD_INPUTS: list[Bad] = [
    # Non-finite and huge numbers, in every kind of field (the NaN one was a 500).
    *[
        Bad(f"{name} in {field}", path, _b(body.replace("@", literal)), 400, "invalid_json")
        for literal, name in (("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("1e400", "1e400"))
        for field, path, body in (
            ("search.top_k", "/v1/search", '{"query": "補助率", "top_k": @}'),
            ("search.query", "/v1/search", '{"query": @}'),
            ("search.docs", "/v1/search", '{"query": "補助率", "docs": [@]}'),
            ("answer.top_k", "/v1/answer", '{"question": "補助率は？", "top_k": @}'),
            ("answer.history", "/v1/answer", '{"question": "x", "history": [{"role": "user", "content": @}]}'),
            ("feedback.answer_id", "/v1/feedback", '{"answer_id": @, "rating": "up"}'),
            ("feedback.rating", "/v1/feedback", '{"answer_id": "a", "rating": @}'),
            ("feedback.comment", "/v1/feedback", '{"answer_id": "a", "rating": "up", "comment": @}'),
        )
    ],
    Bad("5000-digit integer", "/v1/search", _b('{"query": "x", "top_k": ' + "9" * 5000 + "}"), 400, "invalid_json"),
    Bad("400-digit decimal", "/v1/search", _b('{"query": "x", "top_k": 1' + "0" * 400 + ".5}"), 400, "invalid_json"),
    Bad("31-digit integer", "/v1/search", _b('{"query": "x", "top_k": ' + "9" * 31 + "}"), 422, "validation_error"),
    Bad("-0.0 top_k", "/v1/search", _b('{"query": "x", "top_k": -0.0}'), 422, "validation_error"),
    # Encodings and structure.
    Bad("invalid UTF-8", "/v1/search", b'{"query": "\xff\xfe\xfd"}', 400, "invalid_json"),
    Bad("overlong UTF-8", "/v1/answer", b'{"question": "\xc0\xaf"}', 400, "invalid_json"),
    Bad("UTF-16 body", "/v1/search", '{"query": "x"}'.encode("utf-16"), 400, "invalid_json"),
    Bad("UTF-8 BOM", "/v1/search", b"\xef\xbb\xbf" + _b('{"query": "x"}'), 400, "invalid_json"),
    Bad("deep nesting", "/v1/search", _b('{"query": ' + "[" * DEEP + "]" * DEEP + "}"), 400, "invalid_json"),
    Bad(
        "deep objects", "/v1/answer", _b('{"question": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}"), 400, "invalid_json"
    ),
    Bad("truncated", "/v1/feedback", _b('{"answer_id": "a", "rating": '), 400, "invalid_json"),
    Bad("trailing garbage", "/v1/search", _b('{"query": "x"} {}'), 400, "invalid_json"),
    Bad("array body", "/v1/search", _b('["x"]'), 422, "validation_error"),
    Bad("empty JSON body", "/v1/answer", b"", 422, "validation_error"),
    # Text that is not a question.
    Bad("zero-width spaces only", "/v1/answer", _b('{"question": "\\u200b\\u200b\\u200b"}'), 422, "validation_error"),
    Bad("word joiner and BOM only", "/v1/search", _b('{"query": "\\u2060\\ufeff "}'), 422, "validation_error"),
    Bad("right-to-left override", "/v1/answer", _b('{"question": "補助率\\u202eは？"}'), 422, "validation_error"),
    Bad("bidi isolate", "/v1/search", _b('{"query": "\\u2067補助率"}'), 422, "validation_error"),
    Bad(
        "bidi in history",
        "/v1/answer",
        _b('{"question": "x", "history": [{"role": "user", "content": "a\\u202d"}]}'),
        422,
        "validation_error",
    ),
    Bad(
        "bidi in comment",
        "/v1/feedback",
        _b('{"answer_id": "a", "rating": "up", "comment": "\\u202e良い"}'),
        422,
        "validation_error",
    ),
    Bad("unpaired surrogate", "/v1/search", _b('{"query": "\\ud800"}'), 422, "validation_error"),
    Bad("NUL", "/v1/answer", _b('{"question": "\\u0000"}'), 422, "validation_error"),
    # Content types and headers.
    Bad("text/plain", "/v1/search", _b('{"query": "x"}'), 415, "unsupported_media_type", "text/plain"),
    Bad(
        "form post",
        "/v1/feedback",
        b"answer_id=a&rating=up",
        415,
        "unsupported_media_type",
        "application/x-www-form-urlencoded",
    ),
    Bad("no content type", "/v1/answer", _b('{"question": "x"}'), 415, "unsupported_media_type", None),
    Bad(
        "text/plain to admin",
        "/v1/admin/reload",
        b"",
        415,
        "unsupported_media_type",
        "text/plain",
        headers=(("X-API-Key", ADMIN_KEY),),
    ),
    Bad(
        "non-ASCII idempotency key",
        "/v1/feedback",
        _b('{"answer_id": "a", "rating": "up"}'),
        422,
        "validation_error",
        headers=(("Idempotency-Key", "キー"),),
    ),
    Bad(
        "over-long idempotency key",
        "/v1/feedback",
        _b('{"answer_id": "a", "rating": "up"}'),
        422,
        "validation_error",
        headers=(("Idempotency-Key", "k" * 201),),
    ),
]


def headers_of(case: Bad) -> dict[str, str | bytes]:
    """The request headers of a case (non-ASCII values as UTF-8 bytes, which httpx sends as they are)."""
    out: dict[str, str | bytes] = {k: v if v.isascii() else v.encode("utf-8") for k, v in case.headers}
    if case.content_type is not None:
        out["Content-Type"] = case.content_type
    return out
