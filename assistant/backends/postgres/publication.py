"""Which build the API processes serve: one row, flipped in one transaction; old builds pruned.

A build is written into its own schema while the published one keeps serving, marked ``ready``,
then published by updating the single ``published`` row. API processes poll that row (on the replica
when it is healthy, so a build they see is one the replica holds) and switch between requests.
Pruning drops the schemas of builds that are neither among the ``keep`` newest published ones nor
retired less than ``grace_s`` ago, so a process still on the previous build is not cut off.
"""

from __future__ import annotations

import logging

import psycopg

from assistant.backends.postgres.schema import SHARED, build_schema, ensure_shared

log = logging.getLogger(__name__)

KEEP_BUILDS = 2
GRACE_S = 300.0


def published_build(db) -> str | None:
    """The published build id (None before the first build, or when the shared tables do not exist yet)."""
    try:
        rows = db.fetch(f"SELECT build_id FROM {SHARED}.published WHERE id = 1")
    except psycopg.errors.UndefinedTable:
        return None
    return rows[0][0] if rows else None


def publish(db, build_id: str) -> str | None:
    """Make ``build_id`` (a ready build) the published one; returns the build it replaced."""

    def run(conn: psycopg.Connection) -> str | None:
        ensure_shared(conn)
        with conn.transaction():
            status = conn.execute(
                f"SELECT status FROM {SHARED}.builds WHERE build_id = %s FOR UPDATE", (build_id,)
            ).fetchone()
            if status is None or status[0] != "ready":
                raise ValueError(f"build {build_id} is not ready to publish ({status})")
            old = conn.execute(f"SELECT build_id FROM {SHARED}.published WHERE id = 1 FOR UPDATE").fetchone()
            conn.execute(
                f"INSERT INTO {SHARED}.published (id, build_id, published_at) VALUES (1, %s, now()) "
                "ON CONFLICT (id) DO UPDATE SET build_id = excluded.build_id, published_at = excluded.published_at",
                (build_id,),
            )
            conn.execute(f"UPDATE {SHARED}.builds SET published_at = now() WHERE build_id = %s", (build_id,))
            if old is not None and old[0] != build_id:
                conn.execute(f"UPDATE {SHARED}.builds SET retired_at = now() WHERE build_id = %s", (old[0],))
            return old[0] if old else None

    return db.write(run)


def prune(db, keep: int = KEEP_BUILDS, grace_s: float = GRACE_S) -> list[str]:
    """Drop old builds (and failed half-written ones older than ``grace_s``); returns their ids."""

    def run(conn: psycopg.Connection) -> list[str]:
        current = conn.execute(f"SELECT build_id FROM {SHARED}.published WHERE id = 1").fetchone()
        rows = conn.execute(
            f"""SELECT build_id, status, published_at IS NOT NULL,
                       coalesce(retired_at > now() - make_interval(secs => %s), false),
                       created_at > now() - make_interval(secs => %s)
                FROM {SHARED}.builds ORDER BY coalesce(published_at, created_at) DESC""",
            (grace_s, grace_s),
        ).fetchall()
        kept = 0
        dropped = []
        for build_id, status, was_published, retired_recently, young in rows:
            if current is not None and build_id == current[0]:
                kept += 1
                continue
            if status == "ready" and was_published and (kept < keep or retired_recently):
                kept += 1
                continue
            if young:  # being written, or written and about to be published, by another process
                continue
            with conn.transaction():
                conn.execute(f"DROP SCHEMA IF EXISTS {build_schema(build_id)} CASCADE")
                conn.execute(f"DELETE FROM {SHARED}.builds WHERE build_id = %s", (build_id,))
            dropped.append(build_id)
        return dropped

    dropped = db.write(run)
    if dropped:
        log.info("pruned builds %s", ", ".join(dropped))
    return dropped
