"""The SQLite query log's tables, the migration of files from older releases, and what a read-only reader finds.

`assistant.feedback_log.Store` creates the tables on first use and migrates an older file when it opens it;
a reader (``Store(path, read_only=True)``: ``assistant feedback``, the admin page's ratings) changes nothing
and reads the columns the file has.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id          TEXT PRIMARY KEY,
    time        TEXT NOT NULL,
    question    TEXT,
    answer      TEXT,
    abstained   INTEGER,
    abstained_by TEXT,
    kind        TEXT,
    source      TEXT,
    citations   TEXT NOT NULL DEFAULT '[]',
    latency_ms  REAL,
    client      TEXT,
    stub        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS answers_time ON answers(time);
CREATE TABLE IF NOT EXISTS feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    time        TEXT NOT NULL,
    answer_id   TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    rating      TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment     TEXT,
    idempotency_key TEXT
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
CREATE TABLE IF NOT EXISTS searches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    time        TEXT NOT NULL,
    query       TEXT NOT NULL,
    top_k       INTEGER,
    docs        TEXT,
    hits        TEXT NOT NULL DEFAULT '[]',
    latency_ms  REAL,
    client      TEXT
);
"""

#: Columns added since the first release: (table, column). A file made before them is migrated on open.
ADDED_COLUMNS = (("feedback", "idempotency_key"), ("answers", "abstained_by"))
IDEMPOTENCY_INDEX = (
    "CREATE UNIQUE INDEX IF NOT EXISTS feedback_idempotency ON feedback(idempotency_key) "
    "WHERE idempotency_key IS NOT NULL"
)
#: The tables a file must hold to be read as a query log.
LOG_TABLES = frozenset({"answers", "feedback"})


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The columns ``table`` has in this file."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def migrate(conn: sqlite3.Connection) -> None:
    """Bring a file from an older version up to the current schema (idempotent, safe across processes)."""
    for table, column in ADDED_COLUMNS:
        if column not in columns(conn, table):
            try:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):  # another process added it first
                    raise
    conn.execute(IDEMPOTENCY_INDEX)


def check_readable(conn: sqlite3.Connection, path: object) -> None:
    """Refuse a file that is not a query log (another application's database, an empty file)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= LOG_TABLES:
        raise sqlite3.DatabaseError(f"{path} is not a query log (no {', '.join(sorted(LOG_TABLES - tables))} table)")
