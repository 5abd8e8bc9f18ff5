"""The SQLite query log and feedback store (assistant.feedback_log)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from querylog_files import first_release_log

from assistant.feedback_log import IdempotencyConflict, Store, UnknownAnswer
from assistant.types import Answer, Citation


def _answer(i: int = 0, abstained: bool = False) -> Answer:
    cite = Citation(1, f"doc.txt#{i}", "doc.txt", "題", "2025-05", "本文", "引用", 3, 5)
    return Answer(
        id=f"ans-{i}",
        question=f"質問{i}は？",
        answer="回答 [1]",
        abstained=abstained,
        kind="kpi",
        citations=[] if abstained else [cite],
        related=[cite] if abstained else [],
    )


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "nested" / "dir" / "log.sqlite3")
    yield s
    s.close()


def test_schema_created_on_first_use_in_wal_mode(tmp_path):
    path = tmp_path / "a" / "b" / "log.sqlite3"
    s = Store(path)
    assert not path.exists()  # nothing happens until first use
    s.log_answer(_answer(), latency_ms=1.0)
    assert path.exists()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"answers", "feedback", "searches"} <= tables
    fks = con.execute("PRAGMA foreign_key_list(feedback)").fetchall()
    assert any(fk[2] == "answers" and fk[3] == "answer_id" for fk in fks)
    con.close()
    s.close()


def test_log_answer_columns(store):
    store.log_answer(_answer(1), latency_ms=12.5, client="ip:127.0.0.1")
    row = store.get_answer("ans-1")
    assert row["question"] == "質問1は？"
    assert row["answer"] == "回答 [1]"
    assert row["abstained"] is False
    assert row["kind"] == "kpi"
    assert row["citations"] == ["doc.txt#1"]
    assert row["latency_ms"] == 12.5
    assert row["client"] == "ip:127.0.0.1"
    assert row["time"].endswith("+00:00")
    assert row["feedback"] == []


def test_log_answer_accepts_a_dict_and_abstentions(store):
    store.log_answer(_answer(2, abstained=True).to_dict(), latency_ms=3)
    row = store.get_answer("ans-2")
    assert row["abstained"] is True
    assert row["citations"] == []


def test_feedback_references_the_answer(store):
    store.log_answer(_answer(3), latency_ms=1)
    fid = store.add_feedback("ans-3", "up", "良い")
    fid2 = store.add_feedback("ans-3", "down")
    assert fid2 > fid
    fb = store.get_answer("ans-3")["feedback"]
    assert [(f["rating"], f["comment"]) for f in fb] == [("up", "良い"), ("down", None)]


def test_feedback_for_unknown_answer(store):
    with pytest.raises(UnknownAnswer):
        store.add_feedback("nope", "up")
    assert store.feedback() == []
    # With the query log off the API accepts any id: a stub row (id and time only) keeps the FK.
    store.add_feedback("nope", "down", "comment", require_answer=False)
    row = store.get_answer("nope")
    assert row["stub"] is True and row["question"] is None and row["answer"] is None
    assert row["feedback"][0]["rating"] == "down"
    assert store.recent() == []  # stubs are not part of the query log
    assert store.counts() == {"answers": 0, "feedback": 1, "searches": 0}


def test_feedback_rating_is_checked(store):
    store.log_answer(_answer(4))
    with pytest.raises(ValueError):
        store.add_feedback("ans-4", "meh")


def test_foreign_key_is_enforced(store):
    store.init()
    with pytest.raises(sqlite3.IntegrityError):
        store._write("INSERT INTO feedback (time, answer_id, rating) VALUES ('t', 'missing', 'up')", ())


def test_recent_newest_first_with_counts(store):
    for i in range(5):
        store.log_answer(_answer(i), latency_ms=i)
    store.add_feedback("ans-4", "up")
    store.add_feedback("ans-4", "up")
    store.add_feedback("ans-4", "down")
    recent = store.recent(3)
    assert [r["id"] for r in recent] == ["ans-4", "ans-3", "ans-2"]
    assert (recent[0]["up"], recent[0]["down"]) == (2, 1)


def test_log_search(store):
    store.log_search("小さな拠点", ["c1", "c2"], 4.2, "key:abc", top_k=2, docs=["a.txt"])
    (row,) = store.recent_searches()
    assert row["query"] == "小さな拠点" and row["hits"] == ["c1", "c2"] and row["docs"] == ["a.txt"]


def test_relogging_the_same_id_updates(store):
    store.log_answer(_answer(5), latency_ms=1)
    store.add_feedback("ans-5", "up")
    store.log_answer(_answer(5), latency_ms=2)
    row = store.get_answer("ans-5")
    assert row["latency_ms"] == 2 and len(row["feedback"]) == 1


def test_nothing_lost_on_reopen(tmp_path):
    path = tmp_path / "log.sqlite3"
    s = Store(path)
    s.log_answer(_answer(6), latency_ms=1)
    s.add_feedback("ans-6", "up")
    s.close()
    s2 = Store(path)
    row = s2.get_answer("ans-6")
    assert row["question"] == "質問6は？" and row["feedback"][0]["rating"] == "up"
    s2.close()


def test_thread_safe(store):
    errors = []

    def work(t: int) -> None:
        try:
            for i in range(25):
                a = _answer(t * 100 + i)
                store.log_answer(a, latency_ms=1)
                store.add_feedback(a.id, "up")
                store.recent(5)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert store.counts() == {"answers": 200, "feedback": 200, "searches": 0}


def test_two_stores_on_one_file(tmp_path):
    """The API and the UI each open the file: both see each other's writes."""
    a, b = Store(tmp_path / "x.sqlite3"), Store(tmp_path / "x.sqlite3")
    a.log_answer(_answer(7))
    b.add_feedback("ans-7", "down")
    assert a.get_answer("ans-7")["feedback"][0]["rating"] == "down"
    a.close()
    b.close()


# -- idempotency keys ----------------------------------------------------------------------------
def test_same_idempotency_key_stores_one_row(tmp_path):
    with Store(tmp_path / "log.sqlite3") as store:
        store.log_answer({"id": "a1", "question": "q", "answer": "x", "abstained": False, "kind": "general"})
        first = store.record_feedback("a1", "up", "良い", idempotency_key="k-1")
        again = store.record_feedback("a1", "up", "良い", idempotency_key="k-1")
        assert (first.replayed, again.replayed, again.id) == (False, True, first.id)
        other = store.record_feedback("a1", "up", "良い", idempotency_key="k-2")  # a new key: a new row
        plain = store.add_feedback("a1", "up", "良い")  # no key: every call is a row, as before
        assert len({first.id, other.id, plain}) == 3
        assert store.counts()["feedback"] == 3
        with pytest.raises(IdempotencyConflict, match="k-1"):
            store.record_feedback("a1", "down", None, idempotency_key="k-1")
        assert store.counts()["feedback"] == 3


def test_idempotency_key_column_added_to_an_old_file(tmp_path):
    """A log file from before idempotency keys is migrated on open, its rows kept."""
    path = first_release_log(
        tmp_path / "old.sqlite3",
        """INSERT INTO answers (id, time) VALUES ('a1', 't');
           INSERT INTO feedback (time, answer_id, rating) VALUES ('t', 'a1', 'up');""",
    )
    for _ in range(2):  # opening twice migrates once
        with Store(path) as store:
            assert store.record_feedback("a1", "down", idempotency_key="k").id == 2
            assert store.counts()["feedback"] == 2


def _open_at_once(path: str, barrier) -> str:
    barrier.wait()
    try:
        Store(path).init()
    except sqlite3.OperationalError as exc:
        return repr(exc)
    return "ok"


def test_workers_opening_a_new_file_at_once_all_start(tmp_path):
    """API workers start together on a fresh log: none may fail with 「database is locked」 (it stopped `make run`)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    results = []
    with ctx.Manager() as manager, ctx.Pool(6) as pool:
        for round_ in range(20):
            barrier = manager.Barrier(6)
            path = str(tmp_path / f"log{round_}.sqlite3")
            results += pool.starmap(_open_at_once, [(path, barrier)] * 6)
    assert [r for r in results if r != "ok"] == []
