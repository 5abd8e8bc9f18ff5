"""What the service calls for ``ASSISTANT_BACKEND=postgres``: the published build's parts, the query log,
the published build id, and the build command.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.backends.postgres.db import Database, shared_database
from assistant.backends.postgres.lexical import PgLexical
from assistant.backends.postgres.passages import PgPassages, PgTermStatistics
from assistant.backends.postgres.publication import prune, publish, published_build
from assistant.backends.postgres.querylog import PgStore
from assistant.backends.postgres.records import load_records
from assistant.backends.postgres.schema import SHARED, build_schema
from assistant.backends.postgres.vectors import PgVectors
from assistant.errors import IndexNotFound
from assistant.records.store import RecordStore
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.types import Chunk

log = logging.getLogger(__name__)


def database(settings: Settings) -> Database:
    """This process's pools for the configured primary (and replica)."""
    if not settings.database_url:
        raise IndexNotFound("ASSISTANT_BACKEND=postgres needs ASSISTANT_DATABASE_URL (postgresql://user@host:port/db)")
    return shared_database(
        settings.database_url,
        settings.database_read_url,
        pool_size=settings.database_pool_size,
        max_lag_bytes=settings.replica_max_lag_bytes,
        open_all=True,  # the processes that load a build serve searches: their pools open full
    )


@dataclass
class PgBuild:
    """A published database build as the service sees it (what `StoredIndex` is for the local backend)."""

    build_id: str
    manifest: dict[str, Any]
    documents: list[dict[str, Any]]
    passages: PgPassages
    path: Path | None = None  # a local copy of the build's files (model, confidence), not of its tables
    _chunks: list[Chunk] | None = field(default=None, repr=False)

    @property
    def chunks(self) -> list[Chunk]:
        if self._chunks is None:
            self._chunks = self.passages.all_chunks()
        return self._chunks


@dataclass
class PgParts:
    """Everything `Assistant` needs, read from one build."""

    stored: PgBuild
    passages: PgPassages
    lexical: PgLexical
    terms: PgTermStatistics
    vectors: PgVectors | None
    records: RecordStore


def _files_dir(db: Database, schema: str, build_id: str) -> Path | None:
    """The build's files (built-in model, fitted models), written once per machine and content to a temp folder."""
    # Keyed by the files' content too: a refit replaces the fitted models of an already written build.
    digest = db.fetch(f"SELECT md5(string_agg(path || md5(data), ',' ORDER BY path)) FROM {schema}.files")[0][0]
    target = Path(tempfile.gettempdir()) / "assistant-builds" / f"{build_id}-{(digest or 'none')[:12]}"
    if (target / ".complete").exists():
        return target
    rows = db.fetch(f"SELECT path, data FROM {schema}.files")
    if not rows:
        return None
    staging = Path(tempfile.mkdtemp(prefix=f".{build_id}-", dir=target.parent if target.parent.exists() else None))
    for path, data in rows:
        out = staging / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(bytes(data))
    (staging / ".complete").touch()
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # another process of this machine wrote it first
        staging.rename(target)
    return target


def load_parts(settings: Settings, build_id: str | None = None) -> PgParts:
    """The parts of the published build (or of ``build_id``); raises `IndexNotFound` before the first build."""
    from assistant.embedding import load_embedder

    db = database(settings)
    build_id = build_id or published_build(db)
    if build_id is None:
        raise IndexNotFound(
            "no published build in the database; build one with: assistant index build --backend postgres"
        )
    schema = build_schema(build_id)
    manifest = db.fetch(f"SELECT manifest FROM {SHARED}.builds WHERE build_id = %s", (build_id,))[0][0]
    documents = [r[0] for r in db.fetch(f"SELECT meta FROM {schema}.documents ORDER BY ord")]
    doc_index = {d["doc"]: i for i, d in enumerate(documents)}
    rows = db.fetch(f"SELECT doc FROM {schema}.passages ORDER BY pos")
    doc_of = np.fromiter((doc_index.get(r[0], -1) for r in rows), dtype=np.int32, count=len(rows))
    passages = PgPassages(db, schema, len(rows), documents)
    lexical = PgLexical(db, schema, len(rows), doc_of, doc_index, passages, settings.bigram_weight)
    files = _files_dir(db, schema, build_id)
    model_dir = files / "model" if files is not None and settings.model == BUILTIN_MODEL else None
    embedder = load_embedder(settings, model_dir, light=True)
    vectors = PgVectors(db, schema, embedder, passages, exact=len(rows) <= settings.faiss_flat_max)
    stored = PgBuild(build_id, manifest, documents, passages, path=files)
    return PgParts(stored, passages, lexical, PgTermStatistics(db, schema), vectors, load_records(db, schema))


def published_build_id(settings: Settings) -> str | None:
    """The build the API processes should serve (read on the replica when it is healthy)."""
    return published_build(database(settings))


def query_log(settings: Settings) -> PgStore:
    return PgStore(database(settings))


def publish_local_build(settings: Settings, build_dir: Path, *, force: bool = False) -> dict[str, Any]:
    """Write the local build ``build_dir`` to the database (unless it is there already) and publish it."""
    import json
    import time

    from assistant.backends.postgres.schema import ensure_shared
    from assistant.backends.postgres.writer import build_files, build_state, replace_files, upload_local_build

    db = database(settings)
    db.write(ensure_shared)
    build_id = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8")).get("build_id") or build_dir.name
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    written = force or build_state(db, build_id) != "ready"
    if written:
        timings = upload_local_build(db, build_dir)
    else:
        replace_files(db, build_id, build_files(build_dir))  # the fitted models may have been refit since
    previous = publish(db, build_id)
    pruned = prune(db)
    timings["pg_total_s"] = round(time.perf_counter() - t0, 3)
    return {"build_id": build_id, "written": written, "previous": previous, "pruned": pruned, "timings_s": timings}
