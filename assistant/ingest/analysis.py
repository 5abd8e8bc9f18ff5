"""What the answerer reads of a passage whatever the question: its sentences, their words, its words.

The sentence scorer needs, for each retrieved passage, its sentence units (`split_sentences`), each
sentence's tokens, the passage's tokens (heading included) and its text cut into character pairs.
Computed on a passage's first answer they cost 5-15 ms of CPU (MeCab), paid again by every worker
process. The build computes them with `analyse` and stores them (`backends/local/analysis.py`);
serving reads them, and computes with the same function what a build does not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.ingest.chunking import Sentence, split_sentences
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

_GAPS = re.compile(r"\s+|の")  # dropped before character pairs: a name is matched across spaces and の


@dataclass(frozen=True)
class PassageAnalysis:
    """A passage's question-independent analysis (see module docstring)."""

    sentences: tuple[Sentence, ...]
    tokens: tuple[frozenset[str], ...]  # of each sentence's cleaned text
    chunk_tokens: frozenset[str]  # of "heading text" (the searchable text)
    heading_tokens: frozenset[str]
    pairs_text: str  # heading and text normalised, spaces and の dropped: its character pairs are matched
    nouns: tuple[tuple[str, ...], ...] = ()  # each sentence's nouns (`tokenize(..., nouns_only=True)`); () unknown


def passage_tokens(chunk: Chunk) -> frozenset[str]:
    """The words of a passage and its heading."""
    return frozenset(tokenize(f"{chunk.heading} {chunk.search_text}"))


def pairs_text(chunk: Chunk) -> str:
    """The text whose character pairs a named thing is looked for in."""
    return _GAPS.sub("", normalize(f"{chunk.heading} {chunk.text}"))


def analyse(chunk: Chunk, numbered: bool) -> PassageAnalysis:
    """The analysis of ``chunk`` (``numbered``: its document's lines start with PDF line numbers)."""
    sentences = tuple(split_sentences(chunk.text, chunk.line_start, numbered))
    return PassageAnalysis(
        sentences=sentences,
        tokens=tuple(frozenset(tokenize(s.clean)) for s in sentences),
        chunk_tokens=passage_tokens(chunk),
        heading_tokens=frozenset(tokenize(chunk.heading)),
        pairs_text=pairs_text(chunk),
        nouns=tuple(tuple(tokenize(s.clean, nouns_only=True)) for s in sentences),
    )


def to_row(a: PassageAnalysis) -> dict[str, Any]:
    """A JSON-ready row (token sets sorted, so a build's file is reproducible)."""
    return {
        "s": [[s.line_start, s.line_end, s.start, s.end, s.clean] for s in a.sentences],
        "t": [sorted(t) for t in a.tokens],
        "c": sorted(a.chunk_tokens),
        "h": sorted(a.heading_tokens),
        "p": a.pairs_text,
        "n": [list(n) for n in a.nouns],
    }


def from_row(row: dict[str, Any]) -> PassageAnalysis:
    """The analysis a `to_row` row holds."""
    return PassageAnalysis(
        sentences=tuple(Sentence(int(a), int(b), int(c), int(d), str(e)) for a, b, c, d, e in row["s"]),
        tokens=tuple(frozenset(t) for t in row["t"]),
        chunk_tokens=frozenset(row["c"]),
        heading_tokens=frozenset(row["h"]),
        pairs_text=str(row["p"]),
        nouns=tuple(tuple(n) for n in row.get("n", ())),  # a build before the nouns were stored has none
    )
