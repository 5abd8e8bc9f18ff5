"""Writes one build into its own schema: passages with vectors, postings, IDF, records, model files.

`write_build` takes what a build made (chunks, document metadata, records, normalised vectors, the
built-in model's folder and the manifest); `upload_local_build` reads those from a local build
folder, so ``assistant index build --backend postgres`` builds once with the local pipeline and
publishes the result to the database. Rows go in with ``COPY``; the HNSW index is made afterwards.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from assistant.backends.postgres import lexical
from assistant.backends.postgres.passages import COLUMNS, TERMS
from assistant.backends.postgres.records import record_rows
from assistant.backends.postgres.schema import SHARED, build_ddl, build_schema, ensure_shared, index_ddl
from assistant.types import Chunk

log = logging.getLogger(__name__)


def _copy(conn: psycopg.Connection, table: str, columns: str, types: list[str], rows) -> None:
    with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def build_state(db, build_id: str) -> str | None:
    """``writing``, ``ready`` or None (unknown build)."""
    rows = db.write(
        lambda c: c.execute(f"SELECT status FROM {SHARED}.builds WHERE build_id = %s", (build_id,)).fetchall()
    )
    return rows[0][0] if rows else None


def write_build(
    db,
    build_id: str,
    chunks: Sequence[Chunk],
    documents: Sequence[dict[str, Any]],
    vectors: np.ndarray,
    manifest: dict[str, Any],
    *,
    kpis: Sequence[dict[str, Any]] = (),
    programmes: Sequence[dict[str, Any]] = (),
    files: dict[str, bytes] | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, float]:
    """Write a complete build (status ``ready``, not published); returns the seconds each step took.

    ``files`` are the build folder's files an API process needs on disk, by relative path (the
    built-in model under ``model/``, the fitted ``confidence.json``, ``fusion.json`` and ``ranker.json``).
    """
    timings = {} if timings is None else timings
    schema = build_schema(build_id)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) != len(chunks):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")

    t = time.perf_counter()
    # One tokenising pass over the three text lists (in worker processes for large builds): what BM25
    # indexes, the passage text (IDF, and the re-ranker's token sets) and the distinct headings. A
    # passage's two texts are side by side, so one worker tokenises both and its segment cache
    # answers the second (they share every MeCab segment after the heading).
    n = len(chunks)
    headings = list(dict.fromkeys(c.heading for c in chunks))
    tokens = lexical.tokenize_all([t for c in chunks for t in (lexical.index_text(c), c.search_text)] + headings)
    postings = lexical.passage_postings(chunks, tokens[: 2 * n : 2])
    idf = lexical.term_idf(chunks, tokens[1 : 2 * n : 2])
    text_terms = [sorted(set(t)) for t in tokens[1 : 2 * n : 2]]
    heading_terms = {h: sorted(set(t)) for h, t in zip(headings, tokens[2 * n :], strict=True)}
    timings["pg_terms_s"] = round(time.perf_counter() - t, 3)

    def run(conn: psycopg.Connection) -> None:
        from pgvector.psycopg import register_vector

        ensure_shared(conn)
        register_vector(conn)
        conn.execute("SET maintenance_work_mem = '1GB'")
        # The HNSW build is the longest step after tokenising: let the server use a second core (it
        # caps this by its own max_worker_processes; the graph is equivalent, not identical).
        conn.execute("SET max_parallel_maintenance_workers = 2")
        with conn.transaction():
            conn.execute(f"DELETE FROM {SHARED}.builds WHERE build_id = %s AND status = 'writing'", (build_id,))
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")  # a half-written attempt
            conn.execute(
                f"INSERT INTO {SHARED}.builds (build_id, status, manifest) VALUES (%s, 'writing', %s)",
                (build_id, Jsonb(manifest)),
            )
        t = time.perf_counter()
        with conn.transaction():
            conn.execute(build_ddl(schema, vectors.shape[1]))
            _copy(
                conn,
                f"{schema}.passages",
                f"{COLUMNS}, {TERMS}, embedding",
                ["int4", "text", "text", "text", "text", "int4", "int4", "text", "text", "int4", "int4",
                 "int4", "int4", "text", "text[]", "text[]", "vector"],
                (
                    (i, c.chunk_id, c.doc, c.title, c.heading, c.line_start, c.line_end, c.text, c.search_text,
                     c.char_start, c.char_end, c.page, c.page_end, c.section, text_terms[i],
                     heading_terms[c.heading], vectors[i])
                    for i, c in enumerate(chunks)
                ),
            )  # fmt: skip
            _copy(
                conn,
                f"{schema}.documents",
                "ord, doc, meta",
                ["int4", "text", "jsonb"],
                ((i, d["doc"], Jsonb(d)) for i, d in enumerate(documents)),
            )
            for fp in postings:
                _copy(
                    conn,
                    f"{schema}.postings",
                    "field, term, df, positions, weights",
                    ["int2", "text", "int4", "bytea", "bytea"],
                    (
                        (fp.field, term, len(p), p.astype("<i4").tobytes(), w.astype("<f4").tobytes())
                        for term, (p, w) in fp.lists.items()
                    ),
                )
                conn.execute(
                    f"INSERT INTO {schema}.field_stats VALUES (%s, %s, %s, %s, %s)",
                    (fp.field, fp.n, fp.avg_len, lexical.K1, lexical.B),
                )
            _copy(conn, f"{schema}.idf", "term, idf", ["text", "float8"], idf.items())
            _copy(conn, f"{schema}.kpis", "idx, doc, data", ["int4", "text", "jsonb"], record_rows(kpis))
            _copy(conn, f"{schema}.programmes", "idx, doc, data", ["int4", "text", "jsonb"], record_rows(programmes))
            _copy(conn, f"{schema}.files", "path, data", ["text", "bytea"], sorted((files or {}).items()))
        timings["pg_copy_s"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        conn.execute(index_ddl(schema))
        conn.execute(f"ANALYZE {schema}.postings")
        timings["pg_index_s"] = round(time.perf_counter() - t, 3)
        conn.execute(
            f"UPDATE {SHARED}.builds SET status = 'ready', manifest = %s WHERE build_id = %s",
            (Jsonb({**manifest, "postgres": {"schema": schema, "timings_s": timings}}), build_id),
        )

    db.write(run)
    return timings


def upload_local_build(db, build_dir: Path, build_id: str | None = None) -> dict[str, float]:
    """Write the local build in ``build_dir`` (chunks, vectors, records, model, manifest) as a database build
    (under ``build_id`` when given: tests publish copies)."""
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    if build_id is not None:
        manifest["build_id"] = build_id
    with (build_dir / "chunks.jsonl").open(encoding="utf-8") as fh:
        chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
    documents = json.loads((build_dir / "documents.json").read_text(encoding="utf-8"))

    def read(name: str) -> list[dict[str, Any]]:
        path = build_dir / "records" / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

    return write_build(
        db,
        manifest.get("build_id") or build_dir.name,
        chunks,
        documents,
        np.load(build_dir / "embeddings.npy"),
        manifest,
        kpis=read("kpis.json"),
        programmes=read("programmes.json"),
        files=build_files(build_dir),
    )


#: What an API process reads from a build folder besides the tables (the models fitted on the tune split included,
#: so both backends retrieve and answer alike).
FILES = ("model", "confidence.json", "fusion.json", "ranker.json", "values.json", "query_adapter.npy")


def replace_files(db, build_id: str, files: dict[str, bytes]) -> None:
    """Replace a written build's `FILES` (a refit after the build was written: the fitted models change)."""
    schema = build_schema(build_id)

    def run(conn) -> None:
        with conn.transaction():
            conn.execute(f"DELETE FROM {schema}.files")
            _copy(conn, f"{schema}.files", "path, data", ["text", "bytea"], sorted(files.items()))

    db.write(run)


def build_files(build_dir: Path) -> dict[str, bytes]:
    """The build folder's `FILES`, by path relative to the folder."""
    out: dict[str, bytes] = {}
    for name in FILES:
        path = build_dir / name
        paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
        out.update({str(p.relative_to(build_dir)): p.read_bytes() for p in paths})
    return out
