"""The local backend's passages and documents, held in memory from ``chunks.jsonl`` and ``documents.json``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.text.tokenizer import tokenize
from assistant.types import Chunk


class LocalPassages:
    """`Passages`, `PassageLookup` and `DocumentCatalog` over a list of chunks in corpus order."""

    def __init__(self, chunks: Sequence[Chunk], documents: Sequence[dict[str, Any]] = ()):
        self.chunks = list(chunks)
        self._documents = list(documents)
        self._doc_meta = {d["doc"]: d for d in self._documents}
        self._positions = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self._by_doc: dict[str, list[int]] = {}
        for i, c in enumerate(self.chunks):
            self._by_doc.setdefault(c.doc, []).append(i)

    def __len__(self) -> int:
        return len(self.chunks)

    def at(self, position: int) -> Chunk:
        return self.chunks[position]

    def position(self, chunk_id: str) -> int | None:
        return self._positions.get(chunk_id)

    def in_lines(self, doc: str, line_start: int, line_end: int) -> list[int]:
        return [
            i
            for i in self._by_doc.get(doc, [])
            if self.chunks[i].line_start <= line_end and self.chunks[i].line_end >= line_start
        ]

    def doc_positions(self, doc: str) -> list[int]:
        """Every passage of ``doc``, in order."""
        return list(self._by_doc.get(doc, []))

    def documents(self) -> list[dict[str, Any]]:
        return list(self._documents)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self._doc_meta.get(doc_id)


class ChunkTermStatistics:
    """`TermStatistics` from the passages' own token sets: BM25's IDF, ``log(1 + (n - df + 0.5) / (df + 0.5))``.

    ``token_sets`` are the passages' text token sets when the build stored them (no tokenising then).
    """

    def __init__(self, chunks: Sequence[Chunk], token_sets: Sequence[frozenset[str]] | None = None):
        self.chunks = chunks
        self.token_sets = token_sets
        self._idf: dict[str, float] | None = None

    def idf(self) -> dict[str, float]:
        if self._idf is None:
            df: dict[str, int] = {}
            sets = self.token_sets
            if sets is None:
                sets = (frozenset(tokenize(c.search_text)) for c in self.chunks)
            for tokens in sets:
                for t in tokens:
                    df[t] = df.get(t, 0) + 1
            n = len(self.chunks)
            self._idf = {t: float(np.log(1 + (n - d + 0.5) / (d + 0.5))) for t, d in df.items()}
        return self._idf
