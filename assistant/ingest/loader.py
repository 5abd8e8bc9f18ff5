"""Corpus loading: each file through its format's loader, manifest metadata attached, bad files reported.

Loaders are registered by file suffix (`assistant.ingest.formats`); each returns `Extracted`:

    >>> sorted(LOADERS)
    ['.docx', '.htm', '.html', '.md', '.pdf', '.txt']

Metadata: the manifest wins; what it leaves out (title, publisher, date) is read from the file
(PDF metadata or the first page's title block, Word core properties or first heading, HTML <title>).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest.formats.base import Extracted, UnreadableFile
from assistant.ingest.formats.pdf import load_pdf
from assistant.ingest.formats.text import decode, load_text
from assistant.ingest.formats.webpage import load_html
from assistant.ingest.formats.word import load_docx
from assistant.types import Document, LoadProblem

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
__all__ = ["LOADERS", "Corpus", "UnreadableFile", "decode", "load_corpus", "load_document", "read_manifest"]

LOADERS: dict[str, Callable[[Path], Extracted]] = {
    ".txt": load_text,
    ".md": load_text,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
}


def read_manifest(corpus_dir: Path) -> dict[str, dict]:
    """Per-file metadata from ``manifest.json`` (empty when there is none)."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    entries = data.get("documents", []) if isinstance(data, dict) else data
    return {e["file"]: e for e in entries if isinstance(e, dict) and "file" in e}


def first_heading(text: str) -> str:
    """A title for a document the manifest does not know: its first non-empty line."""
    for line in text.splitlines():
        line = re.sub(r"^\s*(#+|\d{1,4}\t)\s*", "", line).strip()
        if line:
            return line[:120]
    return "(無題)"


@dataclass
class Corpus:
    """The documents that loaded and the files that did not."""

    documents: list[Document] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    def get(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.doc_id == doc_id), None)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file in the corpus folder except the manifest and hidden files, sorted by name."""
    if not corpus_dir.is_dir():
        return []
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".") and p.name != "README.md"
    )


def load_document(path: Path, meta: dict | None = None, max_bytes: int | None = None) -> Document:
    """Load one file into a `Document`; raises `UnreadableFile` with the reason.

    A file over ``max_bytes`` is refused before it is read (``ASSISTANT_MAX_FILE_BYTES``).
    """
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnreadableFile(f"unsupported file type {path.suffix or '(none)'}")
    check_size(path, max_bytes)
    raw = path.read_bytes()
    extracted = loader(path)
    if not extracted.text.strip():
        raise UnreadableFile("no text in the file")
    meta = meta or {}
    found = extracted.meta
    title = meta.get("title") or found.get("title") or first_heading(extracted.text)
    for note in extracted.notes:
        log.info("%s: %s", path.name, note)
    return Document(
        doc_id=path.name,
        title=title,
        publisher=meta.get("publisher") or found.get("publisher"),
        date=meta.get("date") or found.get("date"),
        text=extracted.text,
        encoding=extracted.encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        kind=meta.get("kind"),
        title_inferred=not meta.get("title"),
        format=extracted.format,
        locations=extracted.locations,
        notes=extracted.notes,
    )


def check_size(path: Path, max_bytes: int | None) -> None:
    """Raise `UnreadableFile` for a file over ``max_bytes`` (one huge file must not stall a whole build)."""
    if max_bytes is None:
        return
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFile(
            f"file of {size:,} bytes is over the limit of {max_bytes:,} bytes "
            "(split it, or raise ASSISTANT_MAX_FILE_BYTES)"
        )


def load_corpus(corpus_dir: Path, max_bytes: int | None = None) -> Corpus:
    """Load every document under ``corpus_dir``; a bad or oversized file is reported by name and skipped."""
    manifest = read_manifest(corpus_dir)
    corpus = Corpus()
    for path in corpus_files(corpus_dir):
        try:
            corpus.documents.append(load_document(path, manifest.get(path.name), max_bytes))
        except (UnreadableFile, OSError) as exc:  # a loader turns library errors into UnreadableFile
            log.warning("skipping %s: %s", path.name, exc)
            corpus.problems.append(LoadProblem(path=path.name, reason=str(exc)))
    return corpus
