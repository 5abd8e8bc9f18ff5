"""Every bad-input path answers 4xx with ``{"error": {"code", "message", "details"}}`` (never 5xx)."""

from __future__ import annotations

import asyncio

import pytest


def error_of(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"code", "message", "details"}
    assert err["code"] == code, err
    assert isinstance(err["message"], str) and err["message"]
    return err


# -- malformed bodies ----------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/v1/search", "/v1/answer", "/v1/feedback"])
@pytest.mark.parametrize("raw", [b'{"query": ', b"{'query': 'x'}", b"not json", b'{"query": "x",}'])
def test_malformed_json(client, path, raw):
    err = error_of(client.post(path, content=raw, headers={"content-type": "application/json"}), 400, "invalid_json")
    assert "not valid JSON" in err["message"] and "position" in err["message"]


@pytest.mark.parametrize("raw", [b"[]", b'"a question"', b"42", b"null"])
def test_body_not_an_object(client, raw):
    r = client.post("/v1/search", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "validation_error"


def test_missing_body_and_wrong_content_type(client):
    err = error_of(client.post("/v1/search", headers={"content-type": "application/json"}), 422, "validation_error")
    assert "body" in err["message"]
    # Without a JSON content type a POST is refused before its body is looked at (no cross-site simple requests).
    err = error_of(client.post("/v1/search"), 415, "unsupported_media_type")
    assert "Content-Type: application/json" in err["message"] and "got none" in err["message"]
    err = error_of(
        client.post("/v1/search", content=b"query=x", headers={"content-type": "text/plain"}),
        415,
        "unsupported_media_type",
    )
    assert err["details"] == {"content_type": "text/plain"}
    r = client.post("/v1/search", json={"query": "x"}, headers={"content-type": "application/json; charset=utf-8"})
    assert r.status_code == 200


def test_missing_field(client):
    err = error_of(client.post("/v1/search", json={"top_k": 3}), 422, "validation_error")
    assert "body.query" in err["message"] and "Field required" in err["message"]
    assert err["details"][0]["loc"] == ["body", "query"]
    err = error_of(client.post("/v1/feedback", json={"answer_id": "x"}), 422, "validation_error")
    assert "body.rating" in err["message"]


def test_unknown_field_is_refused(client):
    err = error_of(client.post("/v1/search", json={"query": "x", "topk": 3}), 422, "validation_error")
    assert "body.topk" in err["message"]


# -- wrong types ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/search", {"query": 123}, "body.query"),
        ("/v1/search", {"query": ["a"]}, "body.query"),
        ("/v1/search", {"query": "x", "top_k": "5"}, "body.top_k"),
        ("/v1/search", {"query": "x", "top_k": 5.5}, "body.top_k"),
        ("/v1/search", {"query": "x", "top_k": True}, "body.top_k"),
        ("/v1/search", {"query": "x", "top_k": None}, "body.top_k"),
        ("/v1/search", {"query": "x", "docs": "000_a.txt"}, "body.docs"),
        ("/v1/search", {"query": "x", "docs": [1]}, "body.docs.0"),
        ("/v1/answer", {"question": None}, "body.question"),
        ("/v1/answer", {"question": "x", "history": {"role": "user"}}, "body.history"),
        ("/v1/answer", {"question": "x", "history": [{"role": "system", "content": "x"}]}, "body.history.0.role"),
        ("/v1/answer", {"question": "x", "history": [{"role": "user"}]}, "body.history.0.content"),
        ("/v1/answer", {"question": "x", "top_k": "3"}, "body.top_k"),
        ("/v1/feedback", {"answer_id": "x", "rating": "meh"}, "body.rating"),
        ("/v1/feedback", {"answer_id": 5, "rating": "up"}, "body.answer_id"),
        ("/v1/feedback", {"answer_id": "x", "rating": "up", "comment": 1}, "body.comment"),
    ],
)
def test_wrong_types(client, path, body, field):
    err = error_of(client.post(path, json=body), 422, "validation_error")
    assert err["message"].startswith(field + ":") or f"; {field}:" in err["message"], err["message"]


# -- strings: empty, blank, too long, control characters ------------------------------------------
@pytest.mark.parametrize(("path", "key"), [("/v1/search", "query"), ("/v1/answer", "question")])
@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "at least 1 character"),
        ("   \n\t ", "empty or only whitespace"),
        ("あ" * 2001, "at most 2000 characters"),
        ("補助\x00率", "control character U+0000 at position 2"),
        ("\x1b[31m補助率", "control character U+001B at position 0"),
        ("補助率\x07", "control character U+0007"),
        ("補助率\ud800", "valid string"),  # pydantic refuses unpaired surrogates itself
    ],
)
def test_bad_strings(client, path, key, value, words):
    import json

    raw = json.dumps({key: value}).encode()  # ASCII-escaped: survives the unpaired surrogate
    err = error_of(
        client.post(path, content=raw, headers={"content-type": "application/json"}), 422, "validation_error"
    )
    assert f"body.{key}" in err["message"] and words in err["message"], err["message"]


@pytest.mark.parametrize(("path", "key"), [("/v1/search", "query"), ("/v1/answer", "question")])
def test_allowed_whitespace_and_max_length(client, path, key):
    assert client.post(path, json={key: "補助率\tは\r\n何％？"}).status_code == 200
    assert client.post(path, json={key: "あ" * 2000}).status_code == 200


def test_control_characters_in_history_and_comment(client):
    r = client.post("/v1/answer", json={"question": "x", "history": [{"role": "user", "content": "a\x00"}]})
    assert "body.history.0.content" in error_of(r, 422, "validation_error")["message"]
    r = client.post("/v1/feedback", json={"answer_id": "x", "rating": "up", "comment": "a\x01"})
    assert "body.comment" in error_of(r, 422, "validation_error")["message"]
    r = client.post("/v1/feedback", json={"answer_id": "", "rating": "up"})
    assert "body.answer_id" in error_of(r, 422, "validation_error")["message"]


def test_too_many_history_turns_and_docs(client):
    turns = [{"role": "user", "content": "x"}] * 101
    error_of(client.post("/v1/answer", json={"question": "x", "history": turns}), 422, "validation_error")
    error_of(client.post("/v1/search", json={"query": "x", "docs": ["a.txt"] * 51}), 422, "validation_error")


# -- numbers out of range ------------------------------------------------------------------------
@pytest.mark.parametrize("top_k", [0, -1, 51, 10**9])
def test_top_k_out_of_range(client, top_k):
    err = error_of(client.post("/v1/search", json={"query": "x", "top_k": top_k}), 422, "validation_error")
    assert "body.top_k" in err["message"]
    err = error_of(client.post("/v1/answer", json={"question": "x", "top_k": top_k}), 422, "validation_error")
    assert "body.top_k" in err["message"]


# -- unknown documents ---------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "key"), [("/v1/search", "query"), ("/v1/answer", "question")])
def test_unknown_docs_list_the_known_ones(client, path, key):
    err = error_of(client.post(path, json={key: "計画", "docs": ["000_a.txt", "nope.txt"]}), 422, "unknown_document")
    assert "nope.txt" in err["message"]
    assert err["details"] == {"unknown": ["nope.txt"], "known": ["000_a.txt", "001_b.txt"]}


@pytest.mark.parametrize("path", ["/v1/kpis", "/v1/programmes"])
def test_record_filters(client, path):
    err = error_of(client.get(path, params={"doc": "nope.txt"}), 422, "unknown_document")
    assert err["details"]["known"] == ["000_a.txt", "001_b.txt"]
    err = error_of(client.get(path, params={"q": ""}), 422, "validation_error")
    assert "query.q" in err["message"]
    err = error_of(client.get(path, params={"q": "a\x00"}), 422, "validation_error")
    assert "control character" in err["message"]
    error_of(client.get(path, params={"q": "x" * 201}), 422, "validation_error")


def test_unknown_query_parameters(client):
    err = error_of(client.get("/v1/kpis", params={"projet": "x"}), 422, "validation_error")
    assert "projet" in err["message"] and "allowed: doc, project, q" in err["message"]
    assert err["details"][0]["loc"] == ["query", "projet"]
    error_of(client.get("/v1/programmes", params={"project": "x"}), 422, "validation_error")
    error_of(client.get("/v1/documents", params={"doc": "x"}), 422, "validation_error")


# -- routing -------------------------------------------------------------------------------------
def test_unknown_endpoint_and_method(client):
    err = error_of(client.get("/v1/nothing"), 404, "not_found")
    assert "/v1/nothing" in err["message"]
    err = error_of(client.get("/v1/search"), 405, "method_not_allowed")
    assert "GET" in err["message"]
    error_of(client.delete("/v1/documents"), 405, "method_not_allowed")


# -- feedback on unknown answers -------------------------------------------------------------
def test_feedback_unknown_answer_is_404(client):
    err = error_of(client.post("/v1/feedback", json={"answer_id": "0" * 32, "rating": "up"}), 404, "unknown_answer")
    assert err["details"] == {"answer_id": "0" * 32}


# -- body size -----------------------------------------------------------------------------------
def test_body_over_the_limit_by_content_length(client):
    big = b'{"query": "' + b"a" * 70_000 + b'"}'
    err = error_of(
        client.post("/v1/search", content=big, headers={"content-type": "application/json"}), 413, "payload_too_large"
    )
    assert err["details"] == {"max_bytes": 65536}


def test_streamed_body_over_the_limit(client):
    def chunks():  # no Content-Length: sent chunked
        yield b'{"query": "'
        for _ in range(100):
            yield b"a" * 1000
        yield b'"}'

    r = client.post("/v1/search", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    error_of(r, 413, "payload_too_large")


def test_streamed_body_under_the_limit_is_fine(client):
    def chunks():
        yield b'{"query": '
        yield '"小さな拠点"}'.encode()

    r = client.post("/v1/search", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json()["query"] == "小さな拠点"


def test_small_limit_setting(make_client):
    client = make_client(max_body_bytes=1024)
    error_of(client.post("/v1/answer", json={"question": "あ" * 400}), 413, "payload_too_large")  # 1200 bytes
    assert client.post("/v1/answer", json={"question": "あ" * 300}).status_code == 200


def test_invalid_content_length_header():
    """A Content-Length that is not a number is a 400 (sent at the ASGI level: clients won't)."""
    from assistant.api.limits import BodySizeLimitMiddleware

    async def app(scope, receive, send):  # pragma: no cover - must not be reached
        raise AssertionError

    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/search", "headers": [(b"content-length", b"abc")]}
    asyncio.run(BodySizeLimitMiddleware(app, 1024)(scope, receive, send))
    assert sent[0]["status"] == 400 and b"invalid Content-Length" in sent[1]["body"]


# -- genuine bugs ----------------------------------------------------------------------------------
def test_a_bug_is_a_500_json_without_internals(make_client, fake_engine, caplog):
    fake_engine.boom = True
    client = make_client(raise_server_exceptions=False)
    r = client.post("/v1/search", json={"query": "x"})
    error_of(r, 500, "internal_error")
    assert "simulated bug" not in r.text and "Traceback" not in r.text
    assert any("unhandled error" in rec.message for rec in caplog.records)
