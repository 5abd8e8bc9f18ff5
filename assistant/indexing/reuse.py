"""What a build can take over from the published one: per-document chunks, records and summaries, embeddings.

A full build (``assistant index build``) loads and chunks every document and takes over only embeddings of
unchanged chunks, and only from an external model (the built-in model is adapted on the whole corpus, so its
vectors change with it). A *refresh* (``assistant add`` / ``remove``, ``index build --refresh``) loads,
chunks, extracts and embeds only new or changed documents: the others come from the published build as they
are, and the built-in model is kept as published when the new chunks are a small share of the corpus.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.backends.local.published import current_build, read_manifest, settings_signature
from assistant.indexing.freshness import file_stat
from assistant.ingest.loader import UnreadableFile, corpus_files, load_document
from assistant.ingest.loader import read_manifest as read_corpus_manifest
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.types import Chunk, Document, LoadProblem

log = logging.getLogger(__name__)

#: A refresh re-adapts the built-in model anyway when more than this share of the chunks is new.
REFRESH_MAX_NEW_SHARE = 0.3
_MANIFEST_FIELDS = ("title", "publisher", "date", "kind")
#: Fitted on answers, not on documents: a refresh carries it into the new build, so answers stay
#: confidence-checked; its report is not carried, so the next calibration fits it to the new build.
CARRIED_FILES = ("confidence.json",)
#: Each document's own record readings (records/kpis.json holds them merged across documents).
BY_DOC_FILE = "by_doc.json"


@dataclass
class Previous:
    """The published build, read for reuse (only when it was built with the same settings)."""

    path: Path
    manifest: dict[str, Any]
    chunks: dict[str, list[Chunk]] = field(default_factory=dict)  # by document
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    kpis: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    programmes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    chunk_ids: list[str] = field(default_factory=list)  # in chunks.jsonl order, the rows of embeddings.npy

    def embeddings(self) -> dict[str, np.ndarray]:
        """Vectors of the published build by chunk id ({} when it has none)."""
        try:
            vecs = np.load(self.path / "embeddings.npy")
        except (OSError, ValueError):
            return {}
        return dict(zip(self.chunk_ids, vecs, strict=True)) if len(self.chunk_ids) == len(vecs) else {}


def previous(settings: Settings) -> Previous | None:
    """The published build when its settings match these (else nothing can be reused)."""
    path = current_build(settings.index_dir)
    if path is None or not (path / "manifest.json").exists():
        return None
    try:
        manifest = read_manifest(path)
        if manifest.get("settings") != settings_signature(settings):
            return None
        prev = Previous(path, manifest)
        for line in (path / "chunks.jsonl").open(encoding="utf-8"):
            if line.strip():
                c = Chunk.from_dict(json.loads(line))
                prev.chunks.setdefault(c.doc, []).append(c)
                prev.chunk_ids.append(c.chunk_id)
        docs = json.loads((path / "documents.json").read_text(encoding="utf-8"))
        prev.documents = {d["doc"]: d for d in docs}
        by_doc = path / "records" / BY_DOC_FILE
        if by_doc.exists():  # merged records span documents: take over each document's own readings
            readings = json.loads(by_doc.read_text(encoding="utf-8"))
            prev.kpis.update(readings.get("kpis", {}))
            prev.programmes.update(readings.get("programmes", {}))
        for name, target in (("kpis", prev.kpis), ("programmes", prev.programmes)):
            records = path / "records" / f"{name}.json"
            if by_doc.exists() or not records.exists():
                continue
            for r in json.loads(records.read_text(encoding="utf-8")):
                target.setdefault(r["doc"], []).append(r)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return prev


def previous_embeddings(settings: Settings, prev: Previous | None, *, model_kept: bool) -> dict[str, np.ndarray]:
    """Embeddings reusable by chunk id: an external model's, or the built-in one's when its model is kept."""
    if prev is None or (settings.model == BUILTIN_MODEL and not model_kept):
        return {}
    return prev.embeddings()


@dataclass
class Source:
    """One document of the build: loaded now, or taken over from the published build."""

    doc_id: str
    sha256: str
    summary: dict[str, Any]
    corpus_entry: dict[str, Any]
    document: Document | None = None  # None when taken over
    chunks: list[Chunk] = field(default_factory=list)
    kpis: list[dict[str, Any]] = field(default_factory=list)
    programmes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def reused(self) -> bool:
        return self.document is None


def _unchanged(path: Path, prev: Previous, meta: dict[str, Any]) -> bool:
    """Same bytes (size and mtime as recorded) and the same manifest metadata as when it was built."""
    known = prev.manifest.get("corpus", {}).get(path.name)
    summary = prev.documents.get(path.name)
    if not known or not summary or path.name not in prev.chunks:
        return False
    try:
        # Size and mtime as recorded, or (a copied corpus has new mtimes) the same bytes.
        if file_stat(path) != {"size": known.get("size"), "mtime_ns": known.get("mtime_ns")} and (
            hashlib.sha256(path.read_bytes()).hexdigest() != known.get("sha256")
        ):
            return False
    except OSError:
        return False
    return all(summary.get(k) == meta.get(k) for k in _MANIFEST_FIELDS if meta.get(k))


def gather(settings: Settings, prev: Previous | None, *, refresh: bool) -> tuple[list[Source], list[LoadProblem]]:
    """Every readable document of the corpus; in a refresh, unchanged ones are taken over unread."""
    manifest = read_corpus_manifest(settings.corpus_dir)
    sources: list[Source] = []
    problems: list[LoadProblem] = []
    for path in corpus_files(settings.corpus_dir):
        meta = manifest.get(path.name, {})
        if refresh and prev is not None and _unchanged(path, prev, meta):
            entry = {**prev.manifest["corpus"][path.name], **file_stat(path)}
            sources.append(
                Source(
                    path.name,
                    entry["sha256"],
                    prev.documents[path.name],
                    entry,
                    chunks=prev.chunks[path.name],
                    kpis=prev.kpis.get(path.name, []),
                    programmes=prev.programmes.get(path.name, []),
                )
            )
            continue
        try:
            doc = load_document(path, meta, settings.max_file_bytes)
        except (UnreadableFile, OSError) as exc:
            log.warning("skipping %s: %s", path.name, exc)
            problems.append(LoadProblem(path=path.name, reason=str(exc)))
            continue
        entry = {"sha256": doc.sha256, **file_stat(path), "title": doc.title, "encoding": doc.encoding}
        sources.append(Source(doc.doc_id, doc.sha256, doc.summary(), entry, document=doc))
    return sources, problems
