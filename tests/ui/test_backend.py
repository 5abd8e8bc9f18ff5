"""The UI's backends: HTTP errors explained in Japanese, library errors explained, same shapes."""

from __future__ import annotations

import json

import httpx
import pytest

from assistant import errors
from assistant.settings import Settings
from ui.backend import BackendError, HttpBackend, InProcessBackend, api_docs_url, explain_library_error, first_api_key


def _backend(handler) -> HttpBackend:
    client = httpx.Client(base_url="http://api.test", transport=httpx.MockTransport(handler))
    return HttpBackend("http://api.test", client=client)


def _error(status: int, code: str, message: str = "x"):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": {"code": code, "message": message, "details": None}})

    return handler


def test_answer_request_and_response_shapes():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["path"] = request.url.path
        seen["body"] = json.loads(request.content)
        return httpx.Response(200, json={"id": "a1", "answer": "82.9％です [1]", "abstained": False, "citations": []})

    out = _backend(handler).answer("その目標値は？", [{"role": "user", "content": "進捗率は？"}], ["004.txt"], 3)
    assert seen["path"] == "/v1/answer"
    assert seen["body"] == {
        "question": "その目標値は？",
        "history": [{"role": "user", "content": "進捗率は？"}],
        "docs": ["004.txt"],
        "top_k": 3,
    }
    assert out["id"] == "a1" and out["answer"].startswith("82.9")


def test_lists_unwrap_the_api_envelopes():
    def handler(request: httpx.Request) -> httpx.Response:
        key = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(200, json={key: [{"doc": "a.txt", "q": request.url.params.get("q")}], "count": 1})

    b = _backend(handler)
    assert b.documents() == [{"doc": "a.txt", "q": None}]
    assert b.kpis(q="就職率") == [{"doc": "a.txt", "q": "就職率"}]
    assert b.programmes() == [{"doc": "a.txt", "q": None}]


def test_feedback_posts_rating_and_comment():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(json.loads(request.content))
        return httpx.Response(200, json={"id": 1, "answer_id": "a1", "rating": "down", "stored": True})

    _backend(handler).feedback("a1", "down", "年度が古い")
    assert seen == {"answer_id": "a1", "rating": "down", "comment": "年度が古い"}


def test_unreachable_api():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(BackendError) as exc:
        _backend(handler).documents()
    assert "接続できません" in exc.value.message and "起動しているか" in exc.value.hint
    assert exc.value.fatal


@pytest.mark.parametrize(
    ("status", "code", "message", "expected"),
    [
        (422, "validation_error", "body.question: must not be empty", "受け付けられませんでした"),
        (422, "unknown_document", "unknown document(s): x.txt", "文書が索引にありません"),
        (404, "unknown_answer", "no answer", "記録にありません"),
        (401, "unauthorized", "missing X-API-Key header", "認証"),
        (413, "payload_too_large", "too large", "長すぎます"),
        (429, "rate_limited", "slow down", "1分ほど待って"),
        (503, "unavailable", "no index in /x; build it with: assistant index build", "索引"),
        (500, "internal_error", "internal error; see the server log", "エラーが発生しました"),
    ],
)
def test_http_errors_in_plain_japanese(status, code, message, expected):
    with pytest.raises(BackendError) as exc:
        _backend(_error(status, code, message)).answer("質問", [], None, None)
    err = exc.value
    assert expected in err.message + err.hint
    assert err.status == status and code in err.detail
    assert not any("a" <= ch.lower() <= "z" for ch in err.message.replace("API", "")), "the message is Japanese"


def test_timeout_is_explained():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(BackendError, match="時間内"):
        _backend(handler).answer("質問", [], None, None)


def test_library_errors_in_plain_japanese():
    missing = explain_library_error(errors.IndexNotFound("no index in /tmp/x"))
    assert missing.message == "索引がありません。" and "assistant index build" in missing.hint and missing.fatal
    stale = explain_library_error(errors.IndexMismatch("the corpus changed"))
    assert "作り直し" in stale.hint
    unknown = explain_library_error(errors.UnknownDocument(["x.txt"], ["a.txt"]))
    assert "文書で絞り込む" in unknown.hint and not unknown.fatal
    bug = explain_library_error(RuntimeError("boom"))
    assert "予期しない" in bug.message and bug.detail == "RuntimeError: boom"


def test_in_process_load_without_index_raises_japanese(tmp_path):
    with pytest.raises(BackendError) as exc:
        InProcessBackend.load(Settings(index_dir=tmp_path))
    assert exc.value.message == "索引がありません。" and exc.value.fatal


def test_api_docs_url_and_key():
    assert api_docs_url(Settings(api_url="http://10.0.0.5:9000/")) == "http://10.0.0.5:9000/docs"
    assert api_docs_url(Settings(api_host="0.0.0.0", api_port=8123)) == "http://127.0.0.1:8123/docs"
    assert first_api_key(Settings(api_keys=" k1 , k2")) == "k1"
    assert first_api_key(Settings(api_keys="")) is None
