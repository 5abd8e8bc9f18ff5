"""The DDL: shared tables (builds, the published pointer, query log, feedback) and one schema per build.

Shared, in schema ``assistant``::

    builds     build_id (PK), created_at, status ('writing' | 'ready'), manifest (JSONB), retired_at
    published  one row (id = 1): the build_id every API process serves; a build is published by
               updating this row in one transaction
    answers, feedback, searches   the query log and feedback (as the local backend's SQLite tables)

Per build, in schema ``build_<id>`` (dropped whole when the build is pruned)::

    passages   pos (PK, 0..n-1 in corpus order), chunk_id, doc, title, heading, line_start, line_end,
               text, search_text, char_start, char_end, page, page_end, section, embedding vector(dim) with an HNSW index
    documents  ord, doc, meta (JSONB)
    postings   field (0 words, 1 character bigrams), term, df, positions (int32[] packed), weights
               (float32[] packed: BM25 idf x tf part, as bm25s computes it)
    field_stats  field, n, avg_len, k1, b
    idf        term, idf: the re-ranker's term weights (over passage text, headings excluded)
    kpis, programmes   idx, doc, data (JSONB)
    files      path, data (bytea): the built-in embedding model's files
"""

from __future__ import annotations

import re

import psycopg

SHARED = "assistant"


def add_column(table: str, column: str, kind: str) -> str:
    """DDL adding ``column`` to a shared table of an older release only when it is missing.

    ``ADD COLUMN IF NOT EXISTS`` takes the table's ACCESS EXCLUSIVE lock even when the column is there, so
    every process start waited behind any open reader of the query log (a report, ``pg_dump``) and every
    insert then queued behind the start; checked first, a start takes the lock only the one time it migrates.
    """
    return f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '{SHARED}.{table}'::regclass
                 AND attname = '{column}' AND NOT attisdropped) THEN
    ALTER TABLE {SHARED}.{table} ADD COLUMN {column} {kind};
  END IF;
END $$;"""


SHARED_DDL = f"""
CREATE EXTENSION IF NOT EXISTS vector;
CREATE SCHEMA IF NOT EXISTS {SHARED};
CREATE TABLE IF NOT EXISTS {SHARED}.builds (
    build_id    text PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    status      text NOT NULL DEFAULT 'writing' CHECK (status IN ('writing', 'ready')),
    manifest    jsonb NOT NULL DEFAULT '{{}}',
    published_at timestamptz,
    retired_at  timestamptz
);
CREATE TABLE IF NOT EXISTS {SHARED}.published (
    id          int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    build_id    text NOT NULL REFERENCES {SHARED}.builds(build_id),
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {SHARED}.answers (
    id          text PRIMARY KEY,
    time        timestamptz NOT NULL DEFAULT now(),
    question    text,
    answer      text,
    abstained   boolean,
    kind        text,
    source      text,
    citations   jsonb NOT NULL DEFAULT '[]',
    latency_ms  double precision,
    client      text,
    stub        boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS answers_time ON {SHARED}.answers(time);
{add_column("answers", "abstained_by", "text")}
CREATE TABLE IF NOT EXISTS {SHARED}.feedback (
    id          bigserial PRIMARY KEY,
    time        timestamptz NOT NULL DEFAULT now(),
    answer_id   text NOT NULL REFERENCES {SHARED}.answers(id) ON DELETE CASCADE,
    rating      text NOT NULL CHECK (rating IN ('up', 'down')),
    comment     text
);
CREATE INDEX IF NOT EXISTS feedback_answer ON {SHARED}.feedback(answer_id);
{add_column("feedback", "idempotency_key", "text")}
CREATE UNIQUE INDEX IF NOT EXISTS feedback_idempotency ON {SHARED}.feedback(idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS {SHARED}.searches (
    id          bigserial PRIMARY KEY,
    time        timestamptz NOT NULL DEFAULT now(),
    query       text NOT NULL,
    top_k       int,
    docs        jsonb,
    hits        jsonb NOT NULL DEFAULT '[]',
    latency_ms  double precision,
    client      text
);
"""


def build_schema(build_id: str) -> str:
    """The schema name of a build (``build_`` + the id, lower case, ``[a-z0-9_]`` only)."""
    name = "build_" + re.sub(r"[^a-z0-9]+", "_", build_id.lower()).strip("_")
    if len(name) > 63:
        raise ValueError(f"build id too long for a schema name: {build_id!r}")
    return name


def build_ddl(schema: str, dim: int) -> str:
    """Tables of one build (indexes other than primary keys come after the rows are in)."""
    return f"""
CREATE SCHEMA {schema};
CREATE TABLE {schema}.passages (
    pos         int PRIMARY KEY,
    chunk_id    text NOT NULL,
    doc         text NOT NULL,
    title       text NOT NULL,
    heading     text NOT NULL,
    line_start  int NOT NULL,
    line_end    int NOT NULL,
    text        text NOT NULL,
    search_text text NOT NULL,
    char_start  int NOT NULL,
    char_end    int NOT NULL,
    page        int,
    page_end    int,
    section     text,
    terms       text[],  -- the re-ranker's token sets: distinct tokens of search_text and of heading
    heading_terms text[],
    embedding   vector({int(dim)}) NOT NULL
);
-- Vectors stay in the row (pgvector's default moves them out of line once the texts make the row
-- long), so an exact scan reads no TOAST; the long texts are compressed out of line instead.
ALTER TABLE {schema}.passages ALTER COLUMN embedding SET STORAGE PLAIN;
CREATE TABLE {schema}.documents (ord int PRIMARY KEY, doc text NOT NULL UNIQUE, meta jsonb NOT NULL);
CREATE TABLE {schema}.postings (
    field smallint NOT NULL, term text NOT NULL, df int NOT NULL, positions bytea NOT NULL, weights bytea NOT NULL,
    PRIMARY KEY (field, term)
);
CREATE TABLE {schema}.field_stats (
    field smallint PRIMARY KEY, n int NOT NULL, avg_len double precision NOT NULL, k1 real NOT NULL, b real NOT NULL
);
CREATE TABLE {schema}.idf (term text PRIMARY KEY, idf double precision NOT NULL);
CREATE TABLE {schema}.kpis (idx int PRIMARY KEY, doc text NOT NULL, data jsonb NOT NULL);
CREATE TABLE {schema}.programmes (idx int PRIMARY KEY, doc text NOT NULL, data jsonb NOT NULL);
CREATE TABLE {schema}.files (path text PRIMARY KEY, data bytea NOT NULL);
"""


def index_ddl(schema: str, m: int = 16, ef_construction: int = 64) -> str:
    """Secondary indexes, made once the rows are in (faster than maintaining them row by row)."""
    return f"""
CREATE UNIQUE INDEX ON {schema}.passages (chunk_id);
CREATE INDEX ON {schema}.passages (doc, line_start, line_end);
CREATE INDEX ON {schema}.passages USING hnsw (embedding vector_ip_ops) WITH (m = {int(m)}, ef_construction = {int(ef_construction)});
ANALYZE {schema}.passages;
"""


def ensure_shared(conn: psycopg.Connection) -> None:
    """Create the extension and the shared tables when missing (idempotent; serialised by an advisory lock)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('assistant.schema'))")
        conn.execute(SHARED_DDL)
