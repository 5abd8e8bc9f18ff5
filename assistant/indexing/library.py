"""Adding and removing documents: the corpus folder, its manifest and an index refresh in one step.

``add`` checks each file with its format's loader first (a file that would not load is reported by name
and not copied), copies it into the corpus under its own name (written beside, then renamed, so a reader
never sees half a file), records the metadata read from the file in ``manifest.json`` (fields the
manifest already states are kept; explicit values win), and refreshes the index: only the new or changed
documents are loaded, chunked and embedded, and the new build is published atomically.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError, UnknownDocument
from assistant.indexing.build import BuildReport, StepHook, build_index
from assistant.ingest.loader import LOADERS, MANIFEST_NAME, UnreadableFile, corpus_files, load_document
from assistant.settings import Settings
from assistant.types import LoadProblem

_FIELDS = ("title", "publisher", "date", "kind")


@dataclass
class LibraryReport:
    """What an add or remove did: files added, updated, unchanged, removed, refused; and the build."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    build: BuildReport | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "problems": [{"path": p.path, "reason": p.reason} for p in self.problems],
            "build": self.build.to_dict() if self.build else None,
        }


@contextmanager
def _corpus_lock(corpus_dir: Path) -> Iterator[None]:
    """One change to the corpus folder and its manifest at a time."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    with (corpus_dir / ".library.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _read_manifest(corpus_dir: Path) -> dict[str, Any]:
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {"documents": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise AssistantError(f"{path} is not valid JSON ({exc}); fix it before adding documents") from exc
    if isinstance(data, list):
        data = {"documents": data}
    data.setdefault("documents", [])
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_manifest(corpus_dir: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    _write_atomically(corpus_dir / MANIFEST_NAME, text.encode("utf-8"))


def _copy_in(src: Path, dst: Path) -> None:
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def add_documents(
    settings: Settings,
    paths: Sequence[Path],
    *,
    meta: dict[str, str] | None = None,
    progress: bool = False,
    refresh: bool = True,
    build: Callable[..., BuildReport] = build_index,
    on_step: StepHook | None = None,
) -> LibraryReport:
    """Copy ``paths`` into the corpus, record their metadata, refresh the index (see the module doc)."""
    report = LibraryReport()
    corpus = settings.corpus_dir
    with _corpus_lock(corpus):
        manifest = _read_manifest(corpus)
        entries = {e.get("file"): e for e in manifest["documents"] if isinstance(e, dict)}
        for src in paths:
            src = Path(src)
            name = src.name
            if src.suffix.lower() not in LOADERS:
                report.problems.append(LoadProblem(name, f"unsupported file type {src.suffix or '(none)'}"))
                continue
            if name == MANIFEST_NAME or name.startswith("."):
                report.problems.append(LoadProblem(name, "reserved file name"))
                continue
            try:
                doc = load_document(src)
            except (UnreadableFile, OSError) as exc:
                report.problems.append(LoadProblem(name, str(exc)))
                continue
            dst = corpus / name
            if dst.exists() and dst.read_bytes() == src.read_bytes() and name in entries:
                report.unchanged.append(name)
                continue
            (report.updated if dst.exists() else report.added).append(name)
            if dst.resolve() != src.resolve():
                _copy_in(src, dst)
            entry = entries.get(name) or {"file": name}
            found = {"title": doc.title, "publisher": doc.publisher, "date": doc.date}
            for key in _FIELDS:
                value = (meta or {}).get(key) or entry.get(key) or found.get(key)
                if value:
                    entry[key] = value
            entry["format"] = doc.format
            entry["added"] = datetime.now(UTC).isoformat(timespec="seconds")
            if name not in entries:
                manifest["documents"].append(entry)
                entries[name] = entry
        if report.added or report.updated:
            _write_manifest(corpus, manifest)
    if report.added or report.updated or refresh_needed(settings):
        report.build = build(settings, progress=progress, refresh=refresh, on_step=on_step)
    return report


def refresh_needed(settings: Settings) -> bool:
    """True when no index is published yet (an add into an empty index builds it)."""
    from assistant.backends.local.published import current_build

    return current_build(settings.index_dir) is None


def remove_documents(
    settings: Settings,
    doc_ids: Sequence[str],
    *,
    progress: bool = False,
    build: Callable[..., BuildReport] = build_index,
) -> LibraryReport:
    """Delete documents from the corpus and the manifest, then refresh the index."""
    report = LibraryReport()
    corpus = settings.corpus_dir
    with _corpus_lock(corpus):
        manifest = _read_manifest(corpus)
        known = [p.name for p in corpus_files(corpus)]
        unknown = [d for d in doc_ids if d not in known]
        if unknown:
            raise UnknownDocument(unknown, known)
        for doc in dict.fromkeys(doc_ids):
            (corpus / doc).unlink()
            report.removed.append(doc)
        manifest["documents"] = [e for e in manifest["documents"] if e.get("file") not in report.removed]
        _write_manifest(corpus, manifest)
    report.build = build(settings, progress=progress, refresh=True)
    return report
