"""The relevance rule and the metric arithmetic, free of any engine (tested by hand-computed fixtures).

Relevance: a retrieved chunk is relevant to an item when ``compact(chunk.text)`` contains
``compact(evidence)``; for evidence longer than 40 characters (after `compact`) it is also
relevant when it contains the evidence's first or last 30 characters (the evidence may straddle a
chunk boundary). The rule ignores which document the chunk comes from.

Ranking metrics use the rank of the *first* relevant chunk (binary relevance, ideal DCG with one
relevant chunk, so nDCG@10 = 1/log2(1 + rank) and never exceeds 1).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from assistant.stats import percentile
from assistant.text.normalize import compact, nfkc

LONG_EVIDENCE = 40
EDGE = 30
RECALL_KS = (1, 3, 5, 10)
RANK_DEPTH = 10

# Citation markers as the answerer writes them: [1], [1,2], [1][2], ［1］ (NFKC turns ［ into [).
_MARKERS = re.compile(r"\[\s*\d+(?:\s*[,、，-]\s*\d+)*\s*\]")


# -- retrieval ---------------------------------------------------------------------------------------
def relevance_keys(evidence: str) -> tuple[str, ...]:
    """The compact strings any one of which makes a chunk relevant."""
    ev = compact(evidence)
    if not ev:
        return ()
    if len(ev) > LONG_EVIDENCE:
        return (ev, ev[:EDGE], ev[-EDGE:])
    return (ev,)


def is_relevant(chunk_text: str, keys: Sequence[str]) -> bool:
    text = compact(chunk_text)
    return any(k in text for k in keys)


def first_relevant_rank(chunk_texts: Iterable[str], evidence: str) -> int | None:
    """1-based rank of the first relevant chunk, or None when none is."""
    keys = relevance_keys(evidence)
    if not keys:
        return None
    for rank, text in enumerate(chunk_texts, start=1):
        if is_relevant(text, keys):
            return rank
    return None


def recall_at(rank: int | None, k: int) -> float:
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, depth: int = RANK_DEPTH) -> float:
    return 1.0 / rank if rank is not None and rank <= depth else 0.0


def ndcg(rank: int | None, depth: int = RANK_DEPTH) -> float:
    return 1.0 / math.log2(1 + rank) if rank is not None and rank <= depth else 0.0


def retrieval_metrics(ranks: Sequence[int | None]) -> dict[str, float | int | None]:
    """recall@1/3/5/10, mrr@10, ndcg@10 over items' first-relevant ranks (None values when empty)."""
    n = len(ranks)
    out: dict[str, float | int | None] = {}
    for k in RECALL_KS:
        out[f"recall@{k}"] = mean(recall_at(r, k) for r in ranks)
    out[f"mrr@{RANK_DEPTH}"] = mean(reciprocal_rank(r) for r in ranks)
    out[f"ndcg@{RANK_DEPTH}"] = mean(ndcg(r) for r in ranks)
    out["n"] = n
    return out


# -- answers -----------------------------------------------------------------------------------------
def strip_markers(text: str) -> str:
    """The answer text without citation markers, NFKC-normalised (whitespace kept)."""
    return _MARKERS.sub("", nfkc(text))


def answer_correct(gold: str, answer_text: str, abstained: bool) -> bool:
    """Not abstained and the gold answer (compact) occurs in the answer text (compact, markers removed)."""
    if abstained:
        return False
    g = compact(gold)
    return bool(g) and g in compact(strip_markers(answer_text))


#: Where an answer's lead ends: its first citation marker or its first sentence end (the quoted context follows).
_LEAD_END = re.compile(r"\[\d+\]|。")


def lead_of(answer_text: str) -> str:
    """The answer's first sentence, before any quoted context: what an official reads first."""
    text = nfkc(answer_text)
    m = _LEAD_END.search(text)
    return text[: m.start()] if m else text


def lead_correct(gold: str, answer_text: str, abstained: bool) -> bool:
    """Not abstained and the gold answer (compact) occurs in the answer's lead (`lead_of`)."""
    if abstained:
        return False
    g = compact(gold)
    return bool(g) and g in compact(lead_of(answer_text))


def citation_valid(quote: str, doc_lines: Sequence[str] | None, start: int, end: int) -> bool:
    """Whether ``compact(quote)`` occurs in lines ``start..end`` (1-based, inclusive) of the document.

    Strict: the quote must be the document's own words at those lines (whitespace aside); a quote
    that only matches after cleaning (PDF line numbers removed, OCR repaired) is not verbatim.
    """
    q = compact(quote)
    if not q or doc_lines is None or start < 1 or end < start:
        return False
    window = doc_lines[start - 1 : end]
    return bool(window) and q in compact("\n".join(window))


def citation_lines(quote_start: int, quote_end: int, line_start: int, line_end: int) -> tuple[int, int]:
    """The quote's own lines, or the chunk's when the quote lines are not given (0)."""
    if quote_start and quote_end:
        return quote_start, quote_end
    return line_start, line_end


# -- small statistics --------------------------------------------------------------------------------
def mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None


def rate(flags: Iterable[bool]) -> float | None:
    return mean(1.0 if f else 0.0 for f in flags)


def length_stats(lengths: Sequence[int]) -> dict[str, float | int | None]:
    return {
        "mean": mean(lengths),
        "p50": percentile(lengths, 50),
        "p95": percentile(lengths, 95),
        "max": max(lengths) if lengths else None,
    }
