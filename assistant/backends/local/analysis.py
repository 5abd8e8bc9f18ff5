"""The passages' analyses (`assistant.ingest.analysis`) stored in a build, read on demand.

    analysis.jsonl   one line per passage, in order: `to_row` of its analysis

The file is memory-mapped: the worker processes of one machine share its pages, and a passage's
line is parsed (about 0.1 ms) the first time it is retrieved, instead of tokenised (5-15 ms).
Listed in the manifest under ``warm.analysis``; a build without it is analysed at query time.
"""

from __future__ import annotations

import json
import logging
import mmap
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.ingest.analysis import PassageAnalysis, from_row, to_row
from assistant.text.tokenizer import remember

log = logging.getLogger(__name__)

ANALYSIS_FILE = "analysis.jsonl"
# Above this many passages the build stores none: analysing every sentence tokenises the corpus a
# second time (cut at other places), which a 20 MB document's build cannot afford; a large corpus's
# passages are analysed on their first answer, as before.
ANALYSIS_MAX_PASSAGES = 5000


def write_analyses(path: Path, analyses: Iterable[PassageAnalysis]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for a in analyses:
            fh.write(json.dumps(to_row(a), ensure_ascii=False, separators=(",", ":")) + "\n")


class StoredAnalyses:
    """Position -> the stored analysis of that passage (parsed once, then kept)."""

    def __init__(self, data: mmap.mmap | bytes, ends: np.ndarray):
        self._data = data
        self._ends = ends  # offset just past each line's newline
        self._parsed: dict[int, PassageAnalysis] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._ends)

    def at(self, position: int) -> PassageAnalysis | None:
        if not 0 <= position < len(self._ends):
            return None
        got = self._parsed.get(position)
        if got is None:
            start = int(self._ends[position - 1]) if position else 0
            got = from_row(json.loads(self._data[start : int(self._ends[position])]))
            for sentence, nouns in zip(got.sentences, got.nouns, strict=False):
                remember(sentence.clean, nouns, nouns_only=True)  # read by a follow-up's checks: no MeCab again
            with self._lock:  # two threads may parse the same line: one result is kept
                got = self._parsed.setdefault(position, got)
        return got

    @classmethod
    def open(cls, path: Path, n: int) -> StoredAnalyses | None:
        """The file's analyses, or None when missing or not for ``n`` passages (then they are computed)."""
        try:
            with path.open("rb") as fh:
                data: mmap.mmap | bytes = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if n else b""
        except (OSError, ValueError) as exc:
            log.warning("ignoring %s (%s): passages are analysed at query time", path, exc)
            return None
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n")) + 1 if n else np.zeros(0, np.int64)
        if len(ends) != n:
            log.warning("ignoring %s (%d lines for %d passages)", path, len(ends), n)
            return None
        return cls(data, ends)
