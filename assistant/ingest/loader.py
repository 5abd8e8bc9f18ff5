"""Corpus loading: decode each file (encoding detected), attach manifest metadata, report bad files.

Loaders are registered by file suffix, so PDF, Markdown and HTML loaders can join later:

    >>> sorted(LOADERS)
    ['.md', '.txt']
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.types import Document, LoadProblem

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
# Tried in order before statistical detection: Japanese government files are UTF-8 or CP932.
_CANDIDATE_ENCODINGS = ("utf-8-sig", "cp932", "euc_jp", "iso2022_jp")
# Byte order marks that name their encoding (UTF-32 first: its little-endian mark starts with UTF-16's).
# UTF-16 text is full of NUL bytes, so it must be recognised before the binary check.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UnreadableFile(ValueError):
    """Raised by a loader for a file that cannot be used (empty, binary, undecodable)."""


def _looks_binary(raw: bytes) -> bool:
    if b"\x00" in raw[:8192]:
        return True
    sample = raw[:8192]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / max(len(sample), 1) > 0.05


def _plausible(text: str) -> bool:
    """Decoded text that reads as text: few control or private-use characters."""
    if not text.strip():
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or "\ue000" <= ch <= "\uf8ff")
    if bad / len(text) >= 0.01:
        return False
    # EUC-JP read as CP932 comes out as runs of half-width katakana, which real documents rarely use.
    halfwidth = sum(1 for ch in text if "\uff61" <= ch <= "\uff9f")
    japanese = sum(1 for ch in text if ch >= "\u3040")
    return halfwidth <= 0.3 * japanese or japanese < 4


def decode(raw: bytes) -> tuple[str, str]:
    """Decode bytes to text, detecting the encoding; returns ``(text, encoding)``.

    Example:
        >>> decode("補助率".encode("cp932"))
        ('補助率', 'cp932')
    """
    if not raw.strip():
        raise UnreadableFile("empty file")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)  # the codec reads the mark and drops it
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"undecodable {enc.upper()} text (byte {exc.start})") from None
            if not _plausible(text):
                raise UnreadableFile(f"{enc.upper()} byte order mark, but the content is not text")
            return text, enc
    if _looks_binary(raw):
        raise UnreadableFile("binary file (not text)")
    for enc in _CANDIDATE_ENCODINGS:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text, ("utf-8" if enc == "utf-8-sig" else enc)
    best = from_bytes(raw).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            return text, best.encoding
    raise UnreadableFile("undecodable text (encoding not recognised)")


def load_text(path: Path) -> tuple[str, str]:
    """Loader for plain text and Markdown files."""
    return decode(path.read_bytes())


LOADERS: dict[str, Callable[[Path], tuple[str, str]]] = {".txt": load_text, ".md": load_text}


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
    text, encoding = loader(path)
    meta = meta or {}
    title = meta.get("title") or first_heading(text)
    return Document(
        doc_id=path.name,
        title=title,
        publisher=meta.get("publisher"),
        date=meta.get("date"),
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        kind=meta.get("kind"),
        title_inferred=not meta.get("title"),
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
        except (UnreadableFile, OSError) as exc:
            log.warning("skipping %s: %s", path.name, exc)
            corpus.problems.append(LoadProblem(path=path.name, reason=str(exc)))
    return corpus
