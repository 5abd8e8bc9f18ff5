"""``GET /v1/admin/feedback``: officials' ratings by outcome and the newest 👎, behind an admin key."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

ADMIN = {"X-API-Key": "adm"}


def _ask(client, question: str) -> dict:
    r = client.post("/v1/answer", json={"question": question})
    assert r.status_code == 200
    return r.json()


def _rate(client, answer_id: str, rating: str, comment: str | None = None) -> None:
    body = {"answer_id": answer_id, "rating": rating} | ({"comment": comment} if comment else {})
    assert client.post("/v1/feedback", json=body).status_code == 201


def test_ratings_read_by_outcome_with_the_newest_down_first(make_client):
    client = make_client(admin_keys="adm")
    given = _ask(client, "就職率の目標は？")
    withheld = _ask(client, "宇宙開発の予算は？")
    assert not given["abstained"] and withheld["abstained_by"] == "evidence"
    _rate(client, given["id"], "up")
    _rate(client, given["id"], "down", "年度が違う")
    _rate(client, withheld["id"], "down", "資料に書いてあるはず")

    r = client.get("/v1/admin/feedback", headers=ADMIN)
    assert r.status_code == 200
    body = r.json()
    assert body["since"] is None
    outcomes = {o["outcome"]: (o["answers"], o["up"], o["down"]) for o in body["outcomes"]}
    assert outcomes == {
        "answered": (1, 1, 1),
        "evidence": (1, 0, 1),
        "constraint": (0, 0, 0),
        "confidence": (0, 0, 0),
        "unrecorded": (0, 0, 0),
    }
    first, second = body["rated_down"]
    assert (first["answer_id"], first["comment"], first["abstained_by"]) == (
        withheld["id"],
        "資料に書いてあるはず",
        "evidence",
    )
    assert first["question"] == "宇宙開発の予算は？" and first["abstained"] is True
    assert (second["answer_id"], second["abstained"], second["abstained_by"]) == (given["id"], False, None)

    assert (
        client.get("/v1/admin/feedback?recent=1&days=7", headers=ADMIN).json()["rated_down"][0]["answer_id"]
        == (withheld["id"])
    )
    assert client.get("/v1/admin/feedback?recent=0", headers=ADMIN).json()["rated_down"] == []


def test_a_rating_of_an_answer_never_logged_is_listed_without_its_question(make_client):
    client = make_client(admin_keys="adm", log_queries=False)
    answer = _ask(client, "宇宙開発の予算は？")
    _rate(client, answer["id"], "down", "答えがない")
    (row,) = client.get("/v1/admin/feedback", headers=ADMIN).json()["rated_down"]
    assert row["comment"] == "答えがない" and row["question"] is None and row["abstained_by"] is None


def test_admin_key_needed_and_bad_parameters_refused(make_client, client):
    assert client.get("/v1/admin/feedback").status_code == 403  # no admin keys: the admin routes are off
    keyed = make_client(admin_keys="adm")
    assert keyed.get("/v1/admin/feedback").status_code == 401
    assert keyed.get("/v1/admin/feedback", headers={"X-API-Key": "other"}).status_code == 401
    for query in ("days=0", "days=x", "recent=201", "recent=-1", "limit=5"):
        r = keyed.get(f"/v1/admin/feedback?{query}", headers=ADMIN)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", query


def test_an_unreadable_log_is_a_503_not_a_500(make_client, monkeypatch):
    client = make_client(admin_keys="adm")

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(client.app.state.store, "outcomes", broken)
    r = client.get("/v1/admin/feedback", headers=ADMIN)
    assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable"


def test_the_route_is_in_the_openapi_document(client):
    spec = client.get("/openapi.json").json()
    route = spec["paths"]["/v1/admin/feedback"]["get"]
    assert "admin" in route["tags"] and {"403", "422", "503"} <= set(route["responses"])


def _age(client, answer_id: str, days: float) -> None:
    """Date a logged answer back, as if it was asked ``days`` ago."""
    client.app.state.store.flush()  # the batching writer's rows are in the file
    at = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="milliseconds")
    with sqlite3.connect(client.app.state.store.path) as conn:
        conn.execute("UPDATE answers SET time = ? WHERE id = ?", (at, answer_id))


def test_days_bounds_the_answers_counted_and_listed(make_client):
    client = make_client(admin_keys="adm")
    recent, old = _ask(client, "宇宙開発の予算は？"), _ask(client, "宇宙開発の予算はいくら？")
    _age(client, recent["id"], 2)
    _age(client, old["id"], 10)
    for answer in (recent, old):
        _rate(client, answer["id"], "down")

    def listed(query: str) -> tuple[int, set[str]]:
        body = client.get(f"/v1/admin/feedback{query}", headers=ADMIN).json()
        evidence = next(o for o in body["outcomes"] if o["outcome"] == "evidence")
        return evidence["answers"], {r["answer_id"] for r in body["rated_down"]}

    assert listed("?days=7") == (1, {recent["id"]})
    assert listed("?days=30") == listed("") == (2, {recent["id"], old["id"]})


def test_a_stored_reason_not_known_is_listed_as_unrecorded_not_a_500(make_client):
    """A row written by hand, or by another release sharing the database, must not break the response."""
    client = make_client(admin_keys="adm")
    answer = _ask(client, "宇宙開発の予算は？")
    _rate(client, answer["id"], "down")
    with sqlite3.connect(client.app.state.store.path) as conn:
        conn.execute("UPDATE answers SET abstained_by = 'timeout' WHERE id = ?", (answer["id"],))
    r = client.get("/v1/admin/feedback", headers=ADMIN)
    assert r.status_code == 200
    assert r.json()["rated_down"][0]["abstained_by"] is None
    assert next(o for o in r.json()["outcomes"] if o["outcome"] == "unrecorded")["down"] == 1
