"""The index on disk: layout, manifest, atomic publication and compatibility checks.

Layout (plain, inspectable files)::

    index/
      current -> builds/<build_id>      symlink, swapped atomically after a build
      builds/<build_id>/
        manifest.json                   model, dimension, corpus hashes, settings, versions
        documents.json                  document metadata and chunk counts
        chunks.jsonl                    one chunk a line, with provenance
        bm25/                           bm25s sparse index over the shared tokeniser
        dense.faiss                     FAISS index of normalised embeddings (inner product)
        model/                          the built-in embedding model (sentence-transformers dir)
        records/kpis.json, records/programmes.json
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import REBUILD_HINT, IndexMismatch, IndexNotFound
from assistant.settings import Settings
from assistant.types import Chunk

INDEX_FORMAT = 3  # 2: chunks carry page/section; 3: KPI records with series, targets and sources, typed budgets
CHUNKER_VERSION = "ja-sentence/v3"
CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 2


def settings_signature(settings: Settings) -> dict[str, Any]:
    """The settings an index depends on: a mismatch with these means a rebuild is needed."""
    from assistant.records.models import RECORDS_VERSION
    from assistant.text.tokenizer import TOKENIZER_VERSION

    q, p = settings.prompts()
    return {
        "index_format": INDEX_FORMAT,
        "chunker": {
            "version": CHUNKER_VERSION,
            "size": settings.chunk_size,
            "max": settings.chunk_max,
            "overlap": settings.chunk_overlap,
        },
        "tokenizer": TOKENIZER_VERSION,
        "records": RECORDS_VERSION,
        "model": settings.model,
        "prompts": {"query": q, "passage": p},
        "seed": settings.seed,
        "adapt_epochs": settings.adapt_epochs,
        "model_max_vocab": settings.model_max_vocab,
    }


def current_build(index_dir: Path) -> Path | None:
    """The directory of the published build, or None when nothing is built."""
    link = index_dir / CURRENT
    if not link.exists():
        return None
    return link.resolve()


def read_manifest(build_dir: Path) -> dict[str, Any]:
    return json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def publish(index_dir: Path, build_dir: Path) -> None:
    """Point ``index/current`` at ``build_dir`` atomically (a reader sees the old or the new build)."""
    tmp_link = index_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(Path(BUILDS) / build_dir.name)
    os.replace(tmp_link, index_dir / CURRENT)
    _prune(index_dir, keep=build_dir.name)


def _prune(index_dir: Path, keep: str) -> None:
    builds = sorted((index_dir / BUILDS).iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    kept = 0
    for path in builds:
        if path.name == keep or (not path.name.startswith(".") and kept < KEEP_BUILDS - 1):
            kept += path.name != keep
            continue
        shutil.rmtree(path, ignore_errors=True)


def check_compatible(manifest: dict[str, Any], settings: Settings | None, corpus_hashes: dict[str, str] | None) -> None:
    """Refuse an index built with other settings or from another corpus, saying how to rebuild."""
    expected = settings_signature(settings) if settings is not None else {}
    found = manifest.get("settings", {})
    diffs = [
        f"{key}: index has {found.get(key)!r}, settings say {value!r}"
        for key, value in expected.items()
        if found.get(key) != value
    ]
    if diffs:
        raise IndexMismatch("the index was built with other settings (" + "; ".join(diffs) + f"); {REBUILD_HINT}")
    if corpus_hashes is not None:
        built = manifest.get("corpus", {})
        changed = sorted(
            d for d in set(built) | set(corpus_hashes) if built.get(d, {}).get("sha256") != corpus_hashes.get(d)
        )
        if changed:
            raise IndexMismatch(f"the corpus changed since the index was built ({', '.join(changed)}); {REBUILD_HINT}")


@dataclass
class StoredIndex:
    """An index build read from disk (chunks and metadata; the search structures load lazily)."""

    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    documents: list[dict[str, Any]]

    @property
    def build_id(self) -> str:
        return self.path.name

    def check_corpus(self, corpus_hashes: dict[str, str]) -> None:
        """Refuse to serve a build of another corpus (raises `IndexMismatch` with the command to rebuild)."""
        check_compatible(self.manifest, None, corpus_hashes)


def load_index(settings: Settings, corpus_hashes: dict[str, str] | None = None) -> StoredIndex:
    """Read the published index; raise `IndexNotFound` or `IndexMismatch` with a rebuild hint."""
    build = current_build(settings.index_dir)
    if build is None or not (build / "manifest.json").exists():
        raise IndexNotFound(f"no index in {settings.index_dir}; build it with: assistant index build  (or: make index)")
    manifest = read_manifest(build)
    check_compatible(manifest, settings, corpus_hashes)
    with (build / "chunks.jsonl").open(encoding="utf-8") as fh:
        chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
    documents = json.loads((build / "documents.json").read_text(encoding="utf-8"))
    return StoredIndex(path=build, manifest=manifest, chunks=chunks, documents=documents)
