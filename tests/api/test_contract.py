"""The response contract of every endpoint (fake engine; the real index where it matters)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.api.schemas import EXAMPLE_QUESTION
from assistant.settings import PROJECT_ROOT

SEARCH_HIT_KEYS = {"rank", "chunk_id", "doc", "title", "text", "line_start", "line_end", "score"}
CITATION_KEYS = {"n", "chunk_id", "doc", "title", "date", "text", "quote", "line_start", "line_end"}
ANSWER_KEYS = {"id", "question", "answer", "abstained", "abstained_by", "kind", "citations", "related", "took_ms"}


def test_search_contract(client):
    r = client.post("/v1/search", json={"query": "小さな拠点", "top_k": 3})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) >= {"query", "hits", "took_ms"}
    assert body["query"] == "小さな拠点"
    assert isinstance(body["took_ms"], float | int) and body["took_ms"] >= 0
    assert 1 <= len(body["hits"]) <= 3
    assert [h["rank"] for h in body["hits"]] == list(range(1, len(body["hits"]) + 1))
    for h in body["hits"]:
        assert set(h) >= SEARCH_HIT_KEYS
        assert h["line_start"] >= 1 and h["line_end"] >= h["line_start"]
    assert body["hits"][0]["doc"] == "001_b.txt"
    assert body["hits"][0]["text"] == "小さな拠点の形成数は1,500か所。\n"


def test_search_default_top_k_and_doc_filter(client):
    r = client.post("/v1/search", json={"query": "計画"})
    assert r.status_code == 200 and len(r.json()["hits"]) == 4  # all four fake chunks (< 5)
    r = client.post("/v1/search", json={"query": "計画", "docs": ["000_a.txt"]})
    assert {h["doc"] for h in r.json()["hits"]} == {"000_a.txt"}
    r = client.post("/v1/search", json={"query": "計画", "docs": []})  # empty filter = all documents
    assert r.status_code == 200 and len(r.json()["hits"]) == 4


def test_top_k_bounds_are_inclusive(client):
    for k in (1, 50):
        assert client.post("/v1/search", json={"query": "計画", "top_k": k}).status_code == 200
    assert client.post("/v1/answer", json={"question": "計画は？", "top_k": 50}).status_code == 200


def test_answer_contract_and_log(client):
    r = client.post("/v1/answer", json={"question": "「新規高卒者管内企業就職率」の進捗率はいくつ？"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= ANSWER_KEYS
    assert body["abstained"] is False and body["abstained_by"] is None
    assert body["kind"] in {"kpi", "programme", "eligibility", "budget", "general"}
    assert body["citations"] and set(body["citations"][0]) >= CITATION_KEYS
    assert "[1]" in body["answer"]
    logged = client.app.state.store.get_answer(body["id"])
    assert logged["question"] == "「新規高卒者管内企業就職率」の進捗率はいくつ？"
    assert logged["citations"] == [c["chunk_id"] for c in body["citations"]]
    assert logged["latency_ms"] >= 0


def test_answer_abstains_with_related(client):
    body = client.post("/v1/answer", json={"question": "宇宙開発の予算は？"}).json()
    assert body["abstained"] is True
    assert body["citations"] == []
    assert body["related"] and set(body["related"][0]) >= CITATION_KEYS
    # The query log keeps the reason the answer gave, for reading officials' ratings by reason.
    assert body["abstained_by"] in {"evidence", "constraint", "confidence"}
    assert client.app.state.store.get_answer(body["id"])["abstained_by"] == body["abstained_by"]


def test_answer_with_history_docs_and_top_k(client, fake_engine):
    r = client.post(
        "/v1/answer",
        json={
            "question": "その補助率は？",
            "history": [
                {"role": "user", "content": "関係人口とは？"},
                {"role": "assistant", "content": "関係人口の創出 [1]"},
            ],
            "docs": ["001_b.txt"],
            "top_k": 2,
        },
    )
    assert r.status_code == 200
    assert all(c["doc"] == "001_b.txt" for c in r.json()["citations"] + r.json()["related"])


def test_documents(client):
    r = client.get("/v1/documents")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2
    assert {"doc", "title", "publisher", "date", "kind", "chunks"} <= set(body["documents"][0])


def test_kpis_and_programmes_with_filters(client):
    body = client.get("/v1/kpis").json()
    assert body["count"] == 2 and body["kpis"][0]["line_start"] >= 1 and "source_text" in body["kpis"][0]
    assert client.get("/v1/kpis", params={"doc": "001_b.txt"}).json()["count"] == 1
    assert client.get("/v1/kpis", params={"project": "若者の地元定着"}).json()["count"] == 1
    assert client.get("/v1/kpis", params={"q": "就職率"}).json()["kpis"][0]["record_id"] == "k1"
    assert client.get("/v1/kpis", params={"q": "存在しない"}).json() == {"kpis": [], "count": 0}
    body = client.get("/v1/programmes", params={"doc": "001_b.txt", "q": "関係人口"}).json()
    assert body["count"] == 1 and body["programmes"][0]["line_end"] == 4


def test_feedback_roundtrip(client):
    answer_id = client.post("/v1/answer", json={"question": "就職率は？"}).json()["id"]
    r = client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "up", "comment": "出典が正確"})
    assert r.status_code == 201
    assert r.json() == {"id": r.json()["id"], "answer_id": answer_id, "rating": "up", "stored": True, "replayed": False}
    r = client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "down"})
    assert r.status_code == 201
    fb = client.app.state.store.get_answer(answer_id)["feedback"]
    assert [(f["rating"], f["comment"]) for f in fb] == [("up", "出典が正確"), ("down", None)]


def test_feedback_retry_with_the_same_idempotency_key_stores_one_row(client):
    answer_id = client.post("/v1/answer", json={"question": "就職率は？"}).json()["id"]
    body = {"answer_id": answer_id, "rating": "down", "comment": "古い数値"}
    first = client.post("/v1/feedback", json=body, headers={"Idempotency-Key": "7f0c-retry"})
    again = client.post("/v1/feedback", json=body, headers={"Idempotency-Key": "7f0c-retry"})
    assert first.status_code == again.status_code == 201
    assert again.json() == {**first.json(), "replayed": True} and again.headers["Idempotent-Replayed"] == "true"
    assert len(client.app.state.store.get_answer(answer_id)["feedback"]) == 1
    r = client.post("/v1/feedback", json={**body, "rating": "up"}, headers={"Idempotency-Key": "7f0c-retry"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "idempotency_conflict"
    assert client.post("/v1/feedback", json=body).status_code == 201  # no key: stored again, as before
    assert len(client.app.state.store.get_answer(answer_id)["feedback"]) == 2


def test_query_log_off_stores_no_questions(make_client):
    client = make_client(log_queries=False)
    answer_id = client.post("/v1/answer", json={"question": "就職率は？"}).json()["id"]
    client.post("/v1/search", json={"query": "就職率"})
    store = client.app.state.store
    assert store.recent() == [] and store.recent_searches() == []
    # Feedback is accepted anyway (the answer was never logged), without any question text.
    r = client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "up"})
    assert r.status_code == 201
    row = store.get_answer(answer_id)
    assert row["question"] is None and row["feedback"][0]["rating"] == "up"
    assert client.post("/v1/feedback", json={"answer_id": "never-issued", "rating": "down"}).status_code == 201


def test_searches_are_logged(client):
    client.post("/v1/search", json={"query": "小さな拠点", "top_k": 2})
    (row,) = client.app.state.store.recent_searches()
    assert row["query"] == "小さな拠点" and len(row["hits"]) == 2


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["index"]["build_id"] == "fake-build"
    assert body["query_log"] is True


def test_openapi_docs_with_japanese_examples(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [
        ("/v1/search", "post"),
        ("/v1/answer", "post"),
        ("/v1/documents", "get"),
        ("/v1/kpis", "get"),
        ("/v1/programmes", "get"),
        ("/v1/feedback", "post"),
        ("/v1/admin/reload", "post"),
        ("/healthz", "get"),
    ]:
        assert method in paths[path], path
    schemas = spec["components"]["schemas"]
    assert schemas["AnswerRequest"]["examples"][0]["question"] == EXAMPLE_QUESTION  # the app's own example
    assert schemas["SearchRequest"]["examples"][0]["query"] == "小さな拠点の形成数"
    assert "APIKeyHeader" in spec["components"]["securitySchemes"]
    assert "422" in paths["/v1/search"]["post"]["responses"]


# -- the real index ------------------------------------------------------------------------------
def _file_lines(doc: str) -> list[str]:
    text = (PROJECT_ROOT / "corpus" / doc).read_bytes()
    from assistant.ingest.loader import decode
    from assistant.types import split_lines

    return split_lines(decode(text)[0])


def test_real_search_text_is_the_original_lines(real_client):
    body = real_client.post("/v1/search", json={"query": "小さな拠点の形成数", "top_k": 5}).json()
    assert body["hits"]
    for h in body["hits"]:
        assert Path(PROJECT_ROOT / "corpus" / h["doc"]).exists()
        lines = _file_lines(h["doc"])
        assert 1 <= h["line_start"] <= h["line_end"] <= len(lines)
        original = "\n".join(lines[h["line_start"] - 1 : h["line_end"]])
        assert h["text"].strip() in original or original.strip() in h["text"], h["chunk_id"]


def test_real_answer_and_records(real_client):
    docs = real_client.get("/v1/documents").json()
    names = [d["doc"] for d in docs["documents"]]
    assert docs["count"] == 5 and "004_49aeb67bc23e3385.txt" in names
    assert all(d["chunks"] > 0 for d in docs["documents"])
    body = real_client.post("/v1/answer", json={"question": "「新規高卒者管内企業就職率」の進捗率はいくつ？"}).json()
    assert set(body) >= ANSWER_KEYS
    for c in body["citations"]:
        assert set(c) >= CITATION_KEYS
        lines = _file_lines(c["doc"])
        assert 1 <= c["line_start"] <= c["line_end"] <= len(lines)
    kpis = real_client.get("/v1/kpis").json()
    assert kpis["count"] == len(kpis["kpis"]) > 0
    assert all(k["line_start"] >= 1 for k in kpis["kpis"])
    one = real_client.get("/v1/kpis", params={"doc": "004_49aeb67bc23e3385.txt"}).json()
    # a KPI counts for every document it was read from (003 and 004 carry the same summary)
    assert one["kpis"] and all("004_49aeb67bc23e3385.txt" in {s["doc"] for s in k["sources"]} for k in one["kpis"])
    programmes = real_client.get("/v1/programmes").json()
    assert programmes["count"] == len(programmes["programmes"])


@pytest.mark.parametrize("question", ["月面基地の建設費はいくらかかる？"])
def test_real_abstention(real_client, question):
    body = real_client.post("/v1/answer", json={"question": question}).json()
    assert body["abstained"] is True and body["citations"] == []
    assert body["abstained_by"] == "evidence"  # nothing in the documents is about it
