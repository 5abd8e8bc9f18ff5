"""The query log keeps why an answer was withheld, and reads answers back by outcome with their ratings."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from querylog_files import first_release_log

import assistant
import assistant.cli.querylog  # noqa: F401 - attaches ``feedback`` to the group
from assistant.cli import cli
from assistant.feedback_log import Store
from assistant.querylog_outcomes import OUTCOMES, OutcomeCount, format_outcomes, outcome_counts
from assistant.types import Answer


def _answer(i: int, by: str | None) -> Answer:
    return Answer(
        id=f"a{i}",
        question=f"質問{i}は？",
        answer="資料には該当する記載が見つかりませんでした。" if by else "2分の1 [1]",
        abstained=by is not None,
        abstained_by=by,
        kind="general",
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "log.sqlite3") as s:
        yield s


def _by_outcome(counts: list[OutcomeCount]) -> dict[str, tuple[int, int, int]]:
    return {c.outcome: (c.answers, c.up, c.down) for c in counts}


def test_the_reason_is_logged_and_read_back(store):
    store.log_answer(_answer(1, "confidence"))
    store.log_answer(_answer(2, None).to_dict())  # the API's dict form
    assert store.get_answer("a1")["abstained_by"] == "confidence"
    assert store.get_answer("a2")["abstained_by"] is None


def test_a_reason_on_an_answer_given_or_an_unknown_reason_is_not_logged(store):
    """An answered row never carries a reason, whatever a client's mapping holds."""
    store.log_answer({"id": "x", "question": "q", "answer": "a", "abstained": False, "abstained_by": "evidence"})
    assert store.get_answer("x")["abstained_by"] is None
    # Nor a reason the answerer does not give (a client's mapping): the log and the API keep to the known ones.
    store.log_answer({"id": "y", "question": "q", "answer": "a", "abstained": True, "abstained_by": "made-up"})
    assert store.get_answer("y")["abstained_by"] is None
    assert {c.outcome: c.answers for c in store.outcomes()}["unrecorded"] == 1


def test_answers_by_outcome_with_their_ratings(store):
    for i, by in enumerate([None, None, "evidence", "constraint", "confidence", "confidence"]):
        store.log_answer(_answer(i, by))
    store.add_feedback("a0", "up")
    store.add_feedback("a4", "down")
    store.add_feedback("a5", "down", "答えは資料にあるのに")
    store.add_feedback("a5", "up")
    store.add_feedback("never-logged", "down", require_answer=False)  # a stub row is not an answer
    counts = store.outcomes()
    assert [c.outcome for c in counts] == list(OUTCOMES)
    assert _by_outcome(counts) == {
        "answered": (2, 1, 0),
        "evidence": (1, 0, 0),
        "constraint": (1, 0, 0),
        "confidence": (2, 1, 2),
        "unrecorded": (0, 0, 0),
    }
    assert counts[3].down_share == pytest.approx(2 / 3)
    assert counts[1].down_share is None  # none rated


def test_since_counts_from_its_instant_on_in_any_zone(store):
    store.log_answer(_answer(1, "evidence"))
    at = datetime.fromisoformat(store.get_answer("a1")["time"])
    tokyo = timezone(timedelta(hours=9))
    for since, counted in [
        (at, 1),  # a row written at the bound counts
        (at + timedelta(milliseconds=1), 0),
        (at.astimezone(tokyo), 1),  # the same instant in another zone
        (at.astimezone(tokyo) + timedelta(milliseconds=1), 0),
        (at.replace(tzinfo=None), 1),  # naive: read as UTC
        (at.replace(tzinfo=None) + timedelta(milliseconds=1), 0),
        (datetime.min, 1),
    ]:
        assert _by_outcome(store.outcomes(since))["evidence"] == (counted, 0, 0), since


def test_logging_the_same_answer_again_replaces_its_reason(store):
    store.log_answer(_answer(1, "confidence"))
    store.log_answer(_answer(1, None))  # the same id answered on a retry
    assert store.get_answer("a1")["abstained_by"] is None
    assert _by_outcome(store.outcomes())["confidence"] == (0, 0, 0)
    store.log_answer(_answer(1, "constraint"))
    assert store.get_answer("a1")["abstained_by"] == "constraint"


def _other_apps_database(path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');")
    conn.close()


def test_a_reader_changes_nothing_and_refuses_what_is_not_a_query_log(tmp_path):
    other = tmp_path / "notes.sqlite3"
    _other_apps_database(other)
    before = other.read_bytes()
    with pytest.raises(sqlite3.DatabaseError, match="not a query log"):
        Store(other, read_only=True).outcomes()
    assert other.read_bytes() == before  # no tables added, not switched to WAL
    with pytest.raises(sqlite3.OperationalError, match="no query log"):
        Store(tmp_path / "missing.sqlite3", read_only=True).outcomes()
    assert not (tmp_path / "missing.sqlite3").exists()


def test_an_old_log_gains_the_column_and_its_abstentions_read_as_unrecorded(tmp_path):
    path = first_release_log(
        tmp_path / "old.sqlite3",
        """INSERT INTO answers (id, time, question, answer, abstained) VALUES ('old', '2026-01-01T00:00:00.000+00:00',
               '補助率は？', '資料には該当する記載が見つかりませんでした。', 1);""",
    )
    before = path.read_bytes()
    with Store(path, read_only=True) as reader:  # read as it is: the old abstention without a reason, nothing added
        assert _by_outcome(reader.outcomes())["unrecorded"] == (1, 0, 0)
        assert reader.rated_down() == []
    assert path.read_bytes() == before
    for _ in range(2):  # opening twice migrates once
        with Store(path) as s:
            s.log_answer(_answer(9, "constraint"))
            counts = _by_outcome(s.outcomes())
            assert counts["unrecorded"] == (1, 0, 0) and counts["constraint"] == (1, 0, 0)
            assert s.get_answer("old")["question"] == "補助率は？"


def test_a_reason_not_known_counts_as_unrecorded_everywhere(store):
    """A row written by hand or by another release: the table and the 👎 list read it alike, as unrecorded."""
    counts = outcome_counts(
        [
            {"outcome": "timeout", "answers": 1, "up": 0, "down": 1},
            {"outcome": "unrecorded", "answers": 2, "up": 0, "down": 0},
            {"outcome": "answered", "answers": 3, "up": 1, "down": 1},
        ]
    )
    assert [c.outcome for c in counts] == list(OUTCOMES)
    assert counts[0] == OutcomeCount("answered", 3, 1, 1) and counts[-1] == OutcomeCount("unrecorded", 3, 0, 1)
    table = format_outcomes(counts)
    assert "控えた：確認できず" in table and table.splitlines()[1].split()[:2] == ["answered", "3"]
    store.log_answer(_answer(1, "evidence"))
    store.add_feedback("a1", "down")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE answers SET abstained_by = 'timeout' WHERE id = 'a1'")
    assert _by_outcome(store.outcomes())["unrecorded"] == (1, 0, 1)
    (row,) = store.rated_down()
    assert row.abstained is True and row.abstained_by is None


def test_since_bounds_the_answers_for_the_table_and_the_list_alike(store):
    """An answer logged ten days ago and rated down today is outside the last seven days, in both."""
    store.log_answer(_answer(1, "confidence"))
    store.log_answer(_answer(2, "confidence"))
    old = (datetime.now(UTC) - timedelta(days=10)).isoformat(timespec="milliseconds")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE answers SET time = ? WHERE id = 'a1'", (old,))
    store.add_feedback("a1", "down", "古い回答")
    week = datetime.now(UTC) - timedelta(days=7)
    assert _by_outcome(store.outcomes(week))["confidence"] == (1, 0, 0)
    assert store.rated_down(since=week) == []
    assert [r.comment for r in store.rated_down()] == ["古い回答"]


def test_the_feedback_command_reads_the_log(tmp_path, monkeypatch):
    path = tmp_path / "log.sqlite3"
    monkeypatch.setenv("ASSISTANT_DB_PATH", str(path))
    runner = CliRunner()
    missing = runner.invoke(cli, ["feedback"])
    assert missing.exit_code == 2 and "no query log" in missing.output and not path.exists()
    _other_apps_database(path)
    other = runner.invoke(cli, ["feedback"])
    assert other.exit_code == 2 and "not a query log" in other.output
    assert runner.invoke(cli, ["feedback", "--days", "800000"]).exit_code == 2  # refused, not an overflow
    path.unlink()
    with Store(path) as s:
        s.log_answer(_answer(1, "confidence"))
        s.add_feedback("a1", "down")
    result = runner.invoke(cli, ["feedback", "--days", "7"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("confidence"))
    assert line.split()[:5] == ["confidence", "1", "1.00", "0", "1"]
    data = json.loads(runner.invoke(cli, ["feedback", "--json"]).stdout)
    assert {d["outcome"]: d["down_share"] for d in data}["confidence"] == 1.0
    assert data[0] == {"outcome": "answered", "answers": 0, "up": 0, "down": 0, "label": "回答した", "down_share": None}


def test_the_newest_down_ratings_come_with_their_answers(store):
    store.log_answer(_answer(1, "confidence"))
    store.log_answer(_answer(2, None))
    store.add_feedback("a1", "down", "資料にあるはず")
    store.add_feedback("a2", "up")
    store.add_feedback("a2", "down")
    store.add_feedback("gone", "down", require_answer=False)  # the log was off for it: no question kept
    rows = store.rated_down()
    assert [(r.answer_id, r.abstained_by, r.comment) for r in rows] == [
        ("gone", None, None),
        ("a2", None, None),
        ("a1", "confidence", "資料にあるはず"),
    ]
    assert rows[2].question == "質問1は？" and rows[2].abstained is True and rows[0].question is None
    assert [r.answer_id for r in store.rated_down(1)] == ["gone"]
    assert store.rated_down(since=datetime.now(UTC) + timedelta(hours=1)) == []


SYSTEM_PYTHON = Path("/usr/bin/python3")  # another user cannot run the project's virtualenv under root's home


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("runuser") or not SYSTEM_PYTHON.exists(),
    reason="needs root to read as another user (runuser) and the system's python3",
)
def test_a_reader_without_write_access_to_the_folder_reads_a_closed_log():
    """A maintainer reading the service's log: the folder is not theirs, the log was closed cleanly (no -wal)."""
    tmp_path = Path(tempfile.mkdtemp(prefix="ro-reader-", dir="/tmp"))  # pytest's tmp_path is root's alone
    folder, package = tmp_path / "var", tmp_path / "code"
    folder.mkdir()
    with Store(folder / "log.sqlite3") as s:
        s.log_answer(_answer(1, "constraint"))
        s.add_feedback("a1", "down", "年度が違う")
    shutil.copytree(Path(assistant.__file__).parent, package / "assistant")
    for path in (tmp_path, folder, package, *package.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    folder.chmod(0o555)
    (folder / "log.sqlite3").chmod(0o644)
    read = (
        f"import sys; sys.path.insert(0, {str(package)!r}); from assistant.feedback_log import Store; "
        f"s = Store({str(folder / 'log.sqlite3')!r}, read_only=True); "
        "print([c.answers for c in s.outcomes()], [r.comment for r in s.rated_down()])"
    )
    try:
        done = subprocess.run(
            ["runuser", "-u", "nobody", "--", str(SYSTEM_PYTHON), "-c", read], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[0, 0, 1, 0, 0] ['年度が違う']"
        assert sorted(p.name for p in folder.iterdir()) == ["log.sqlite3"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(tmp_path)
