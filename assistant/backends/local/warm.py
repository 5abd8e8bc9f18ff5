"""Warm-up data stored in a build, so loading a build does no tokenising and no embedding.

Serving needs every passage's token sets (term statistics and the re-ranker's coverage feature)
and, with the built-in model, every passage's sentence vectors. Computed at load time they cost
seconds of CPU and the tokeniser's process-wide lock, which every request also takes: under load a
rebuilt index went live minutes late. The build computes them once with the same functions and
writes two plain files, listed in the manifest under ``warm``:

    terms.jsonl      one line per passage, in order: {"text": [tokens], "heading": [tokens]}
    sentences.npz    ``vectors`` (float32, one row per sentence) and ``starts`` (int64, per passage)

The answerer's per-passage analysis is a third file (`assistant.backends.local.analysis`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

log = logging.getLogger(__name__)

TERMS_FILE = "terms.jsonl"
SENTENCES_FILE = "sentences.npz"

#: A passage's token sets: (its cleaned text's tokens, its heading's tokens).
PassageTerms = tuple[frozenset[str], frozenset[str]]


def passage_terms(chunks: Sequence[Chunk]) -> list[PassageTerms]:
    """Token sets of every passage, exactly as the hybrid retriever computes them when it must."""
    return [(frozenset(tokenize(c.search_text)), frozenset(tokenize(c.heading))) for c in chunks]


def write_terms(path: Path, terms: Sequence[PassageTerms]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for text, heading in terms:
            fh.write(json.dumps({"text": sorted(text), "heading": sorted(heading)}, ensure_ascii=False) + "\n")


def write_sentences(path: Path, vectors: np.ndarray, starts: np.ndarray) -> None:
    with path.open("wb") as fh:
        np.savez(fh, vectors=vectors.astype(np.float32, copy=False), starts=starts.astype(np.int64, copy=False))


def read_terms(path: Path, n: int) -> list[PassageTerms] | None:
    """The stored token sets, or None when missing or not for ``n`` passages (then they are computed)."""
    try:
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        terms = [(frozenset(r["text"]), frozenset(r["heading"])) for r in rows]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring %s (%s): term statistics are computed instead", path, exc)
        return None
    return terms if len(terms) == n else None


def read_sentences(path: Path, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The stored sentence vectors and starts, or None when missing or not for ``n`` passages."""
    try:
        with np.load(path, allow_pickle=False) as data:
            vectors = np.ascontiguousarray(data["vectors"], dtype=np.float32)
            starts = np.asarray(data["starts"], dtype=np.int64)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("ignoring %s (%s): sentence vectors are computed instead", path, exc)
        return None
    return (vectors, starts) if len(starts) == n and (n == 0 or starts[-1] <= len(vectors)) else None


def read_warm(build_dir: Path, manifest: dict[str, Any], n: int) -> dict[str, Any]:
    """What the manifest lists under ``warm`` (empty for builds made before it existed)."""
    listed = manifest.get("warm") or {}
    out: dict[str, Any] = {}
    if listed.get("terms"):
        out["terms"] = read_terms(build_dir / listed["terms"], n)
    if listed.get("sentences"):
        out["sentences"] = read_sentences(build_dir / listed["sentences"], n)
    if listed.get("analysis"):
        from assistant.backends.local.analysis import StoredAnalyses

        out["analysis"] = StoredAnalyses.open(build_dir / listed["analysis"], n)
    return out
