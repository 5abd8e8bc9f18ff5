"""Query-log files as an earlier release left them, for the migration and read-only tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: The first release's tables: no ``feedback.idempotency_key``, no ``answers.abstained_by``.
FIRST_RELEASE_SCHEMA = """
CREATE TABLE answers (id TEXT PRIMARY KEY, time TEXT NOT NULL, question TEXT, answer TEXT,
    abstained INTEGER, kind TEXT, source TEXT, citations TEXT NOT NULL DEFAULT '[]',
    latency_ms REAL, client TEXT, stub INTEGER NOT NULL DEFAULT 0);
CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,
    answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), comment TEXT);
"""


def first_release_log(path: Path, rows: str) -> Path:
    """A log file with the first release's tables and ``rows`` (INSERT statements)."""
    conn = sqlite3.connect(path)
    conn.executescript(FIRST_RELEASE_SCHEMA + rows)
    conn.close()
    return path
