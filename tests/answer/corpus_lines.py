"""Helpers for the answer tests: a document's lines, read once, and the raw form quotes are compared in."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.types import split_lines

_LINES: dict[str, list[str]] = {}


def doc_lines(engine, doc: str) -> list[str]:
    """The lines of ``doc`` in the engine's corpus (cached per document)."""
    if doc not in _LINES:
        _LINES[doc] = split_lines((Path(engine.settings.corpus_dir) / doc).read_text(encoding="utf-8"))
    return _LINES[doc]


def squash(text: str) -> str:
    """Raw text without whitespace; deliberately no NFKC (a quote is the document's own characters)."""
    return re.sub(r"\s+", "", text)
