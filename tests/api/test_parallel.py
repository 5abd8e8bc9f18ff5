"""64 requests over 16 threads against the real index: all 200, the same answer for the same question."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

QUESTIONS = [
    "「新規高卒者管内企業就職率」の進捗率はいくつ？",
    "小さな拠点の形成数は？",
    "地域生活圏とは何ですか？",
    "深海探査船の建造費はいくらですか？",
]


def _essence(body: dict) -> tuple:
    """What must not depend on concurrency (the id and timing do)."""
    return (
        body["answer"],
        body["abstained"],
        body["kind"],
        tuple((c["chunk_id"], c["quote"], c["line_start"], c["line_end"]) for c in body["citations"]),
        tuple(c["chunk_id"] for c in body["related"]),
    )


def test_parallel_answers_are_consistent(real_client):
    expected = {q: _essence(real_client.post("/v1/answer", json={"question": q}).json()) for q in QUESTIONS}

    def ask(i: int):
        q = QUESTIONS[i % len(QUESTIONS)]
        if i % 8 == 7:  # mix in searches
            r = real_client.post("/v1/search", json={"query": q, "top_k": 5})
            return q, r.status_code, None
        r = real_client.post("/v1/answer", json={"question": q})
        return q, r.status_code, r.json()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(ask, range(64)))
    assert [s for _, s, _ in results] == [200] * 64
    answers = [(q, b) for q, _, b in results if b is not None]
    assert len(answers) == 56
    for q, body in answers:
        assert _essence(body) == expected[q], q
    ids = [b["id"] for _, b in answers]
    assert len(set(ids)) == len(ids)  # every answer has its own id ...
    store = real_client.app.state.store
    assert all(store.get_answer(i) is not None for i in ids)  # ... and is in the log
