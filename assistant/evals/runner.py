"""Run an engine over evaluation items and aggregate the metrics.

The engine needs only ``retriever(name).retrieve(query, k, docs) -> list[Hit]`` and
``answer(question) -> Answer`` (a fake one does for tests). Retrieval is never filtered by the
item's document, so items about documents the index does not hold still run (and miss).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evals import metrics as m
from assistant.evals.sets import EvalItem, SetProblem
from assistant.evals.withheld import withheld

log = logging.getLogger(__name__)

ALL_RETRIEVERS = ("bm25", "dense", "hybrid")
DEPTH = m.RANK_DEPTH  # hits fetched per query
MISS_AT = 5  # a retrieval failure is an item with no relevant chunk in the top MISS_AT
BREAKDOWNS = {
    "by_split": "split",
    "by_set": "set",
    "by_doc": "doc",
    "by_type": "type",
    "by_style": "style",
    "by_ask": "ask",
}


@dataclass
class RetrievalOutcome:
    rank: int | None  # first relevant rank (1-based) within DEPTH, None when none
    ms: float
    top: list[dict[str, Any]] = field(default_factory=list)  # the first MISS_AT hits, for reading failures
    error: str | None = None


@dataclass
class AnswerOutcome:
    text: str
    abstained: bool
    correct: bool | None  # None for unanswerable items
    kind: str
    ms: float
    citations: list[dict[str, Any]] = field(default_factory=list)  # each with "valid"
    error: str | None = None
    lead_correct: bool | None = None  # the gold answer in the answer's first sentence (None: unanswerable)
    abstained_by: str | None = None  # the answerer's reason for abstaining (`Answer.abstained_by`)

    @property
    def length(self) -> int:
        return len(m.compact(m.strip_markers(self.text)))


@dataclass
class ItemResult:
    item: EvalItem
    retrieval: dict[str, RetrievalOutcome] = field(default_factory=dict)
    answer: AnswerOutcome | None = None


class CorpusLines:
    """Lines of corpus files by name (loaded on first use; None for a missing or unreadable file)."""

    def __init__(self, corpus_dir: Path | None):
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self._cache: dict[str, list[str] | None] = {}

    def get(self, doc: str) -> list[str] | None:
        if doc not in self._cache:
            self._cache[doc] = self._load(doc)
        return self._cache[doc]

    def _load(self, doc: str) -> list[str] | None:
        if self.corpus_dir is None or not doc or "/" in doc or "\\" in doc:
            return None
        path = self.corpus_dir / doc
        if not path.is_file():
            return None
        try:
            from assistant.ingest.loader import load_document

            lines = load_document(path).lines
        except Exception as exc:  # an unreadable file makes its citations invalid
            log.warning("cannot read %s for citation checks: %s", path, exc)
            return None
        return lines


def _hit_summary(hit: Any) -> dict[str, Any]:
    c = hit.chunk
    return {
        "chunk_id": c.chunk_id,
        "doc": c.doc,
        "line_start": c.line_start,
        "line_end": c.line_end,
        "text": m.compact(c.text)[:160],
    }


def _retrieve(retriever: Any, item: EvalItem) -> RetrievalOutcome:
    t0 = time.perf_counter()
    try:
        hits = list(retriever.retrieve(item.question, DEPTH, None))
    except Exception as exc:  # one failing query must not end the run
        return RetrievalOutcome(None, (time.perf_counter() - t0) * 1000, error=f"{type(exc).__name__}: {exc}")
    ms = (time.perf_counter() - t0) * 1000
    rank = m.first_relevant_rank((h.chunk.text for h in hits[:DEPTH]), item.evidence) if item.evidence else None
    return RetrievalOutcome(rank, ms, [_hit_summary(h) for h in hits[:MISS_AT]])


def _check_citation(c: Any, corpus: CorpusLines) -> dict[str, Any]:
    start, end = m.citation_lines(c.quote_line_start, c.quote_line_end, c.line_start, c.line_end)
    doc = corpus.get(c.doc)
    valid = m.citation_valid(c.quote, doc, start, end)
    return {"n": c.n, "doc": c.doc, "line_start": start, "line_end": end, "quote": c.quote, "valid": valid}


def _answer(engine: Any, item: EvalItem, corpus: CorpusLines) -> AnswerOutcome:
    t0 = time.perf_counter()
    try:
        ans = engine.answer(item.question)
    except Exception as exc:
        ms = (time.perf_counter() - t0) * 1000
        return AnswerOutcome(
            "", False, False if item.answerable else None, "error", ms, error=f"{type(exc).__name__}: {exc}"
        )
    ms = (time.perf_counter() - t0) * 1000
    correct = m.answer_correct(item.answer, ans.answer, ans.abstained) if item.answerable else None
    lead = m.lead_correct(item.answer, ans.answer, ans.abstained) if item.answerable else None
    cites = [] if ans.abstained else [_check_citation(c, corpus) for c in ans.citations]
    by = getattr(ans, "abstained_by", None) if ans.abstained else None
    return AnswerOutcome(
        ans.answer, bool(ans.abstained), correct, str(ans.kind), ms, cites, lead_correct=lead, abstained_by=by
    )


def available_retrievers(engine: Any, wanted: Sequence[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The retrievers the engine can provide, and why the others cannot."""
    got, skipped = {}, {}
    for name in wanted:
        try:
            got[name] = engine.retriever(name)
        except Exception as exc:  # e.g. an index without a dense side
            skipped[name] = str(exc)
    return got, skipped


def run_items(
    engine: Any,
    items: Sequence[EvalItem],
    retrievers: Sequence[str] = ALL_RETRIEVERS,
    *,
    answers: bool = True,
    corpus_dir: Path | None = None,
    warm_up: bool = True,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[ItemResult], dict[str, Any]]:
    """Per-item outcomes and run metadata (retrievers used/skipped, timings)."""
    if corpus_dir is None:
        corpus_dir = getattr(getattr(engine, "settings", None), "corpus_dir", None)
    corpus = CorpusLines(corpus_dir)
    found, skipped = available_retrievers(engine, retrievers)
    if warm_up and items:  # lazy loads (tokeniser, records) should not count as query latency
        for r in found.values():
            _retrieve(r, items[0])
        if answers:
            _answer(engine, items[0], corpus)
    t0 = time.perf_counter()
    results = []
    for i, item in enumerate(items):
        res = ItemResult(item)
        for name, r in found.items():
            res.retrieval[name] = _retrieve(r, item)
        if answers:
            res.answer = _answer(engine, item, corpus)
        results.append(res)
        if progress:
            progress(i + 1)
    meta = {
        "retrievers": list(found),
        "skipped_retrievers": skipped,
        "answers": answers,
        "elapsed_s": round(time.perf_counter() - t0, 3),
        "corpus_dir": str(corpus_dir) if corpus_dir else None,
    }
    return results, meta


# -- aggregation ----------------------------------------------------------------------------------
def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(x, nd)


def retrieval_summary(results: Sequence[ItemResult], name: str) -> dict[str, Any]:
    outcomes = [(r.item, r.retrieval[name]) for r in results if name in r.retrieval]
    ranks = [o.rank for item, o in outcomes if item.has_evidence]
    out = {k: (v if k == "n" else _r(v)) for k, v in m.retrieval_metrics(ranks).items()}
    times = [o.ms for _, o in outcomes if o.error is None]
    out["p50_ms"] = _r(m.percentile(times, 50), 2)
    out["p95_ms"] = _r(m.percentile(times, 95), 2)
    out["errors"] = sum(1 for _, o in outcomes if o.error)
    return out


def answer_summary(results: Sequence[ItemResult]) -> dict[str, Any] | None:
    done = [r for r in results if r.answer is not None]
    if not done:
        return None
    ans = [r for r in done if r.item.answerable]
    unans = [r for r in done if not r.item.answerable]
    cites = [c for r in done for c in r.answer.citations]
    answered = [r.answer for r in done if not r.answer.abstained and r.answer.error is None]
    times = [r.answer.ms for r in done if r.answer.error is None]
    near = [r for r in unans if r.item.near_miss]
    # Confidently wrong: a wrong answer to an answerable item, or any answer where the documents are silent.
    wrong = [r for r in ans if not r.answer.abstained and not r.answer.correct]
    spoke = [r for r in unans if not r.answer.abstained]
    return {
        "accuracy": _r(m.rate(r.answer.correct for r in ans)),
        "lead_correct": _r(m.rate(bool(r.answer.lead_correct) for r in ans)),
        "abstention": _r(m.rate(r.answer.abstained for r in unans)),
        "near_miss_abstention": _r(m.rate(r.answer.abstained for r in near)),
        "false_abstention": _r(m.rate(r.answer.abstained for r in ans)),
        "confidently_wrong": _r((len(wrong) + len(spoke)) / len(done)),
        "citation_validity": _r(m.rate(c["valid"] for c in cites)),
        "n_answerable": len(ans),
        "n_unanswerable": len(unans),
        "n_near_miss": len(near),
        "n_citations": len(cites),
        "citations_per_answer": _r(m.mean(len(a.citations) for a in answered), 3),
        "length": {k: _r(v, 1) for k, v in m.length_stats([a.length for a in answered]).items()},
        "p50_ms": _r(m.percentile(times, 50), 2),
        "p95_ms": _r(m.percentile(times, 95), 2),
        "errors": sum(1 for r in done if r.answer.error),
        "withheld": withheld([r.answer.abstained_by for r in ans], [r.answer.abstained_by for r in unans]),
    }


def group_summary(results: Sequence[ItemResult], retrievers: Sequence[str]) -> dict[str, Any]:
    return {
        "n": len(results),
        "retrieval": {name: retrieval_summary(results, name) for name in retrievers},
        "answers": answer_summary(results),
    }


def breakdowns(results: Sequence[ItemResult], retrievers: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, attr in BREAKDOWNS.items():
        groups: dict[str, list[ItemResult]] = defaultdict(list)
        for r in results:
            groups[getattr(r.item, attr)].append(r)
        out[key] = {g: group_summary(rs, retrievers) for g, rs in sorted(groups.items())}
    return out


def failures(results: Sequence[ItemResult], retrievers: Sequence[str], miss_at: int = MISS_AT) -> list[dict[str, Any]]:
    """Everything a regression reader needs: retrieval misses at ``miss_at``, wrong answers and
    abstentions, invalid citations, errors; in item order."""
    out: list[dict[str, Any]] = []
    for r in results:
        it = r.item
        if it.split == "test":
            continue  # the frozen test split is read as aggregates only, never item by item
        base = {"id": it.id, "set": it.set, "doc": it.doc, "type": it.type, "style": it.style, "question": it.question}
        for name in retrievers:
            o = r.retrieval.get(name)
            if o is None or not it.has_evidence:
                continue
            if o.error or o.rank is None or o.rank > miss_at:
                out.append(
                    {
                        **base,
                        "kind": "retrieval",
                        "retriever": name,
                        "expected": it.evidence,
                        "rank": o.rank,
                        "top": o.top[0] if o.top else None,
                        "error": o.error,
                    }
                )
        a = r.answer
        if a is None:
            continue
        got = {"answer": a.text, "abstained": a.abstained, "answer_kind": a.kind, "error": a.error}
        if it.answerable and a.abstained:
            out.append({**base, "kind": "false_abstention", "expected": it.answer, **got})
        elif it.answerable and not a.correct:
            out.append({**base, "kind": "wrong_answer", "expected": it.answer, **got})
        elif not it.answerable and not a.abstained:
            out.append({**base, "kind": "missed_abstention", "expected": None, **got})
        for c in a.citations:
            if not c["valid"]:
                out.append({**base, "kind": "invalid_citation", "expected": None, "citation": c})
    return out


def evaluate(
    engine: Any,
    items: Sequence[EvalItem],
    retrievers: Sequence[str] = ALL_RETRIEVERS,
    *,
    answers: bool = True,
    corpus_dir: Path | None = None,
    problems: Sequence[SetProblem] = (),
    warm_up: bool = True,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The full report (without the gate): summary, breakdowns, failures, problems, meta."""
    results, meta = run_items(
        engine, items, retrievers, answers=answers, corpus_dir=corpus_dir, warm_up=warm_up, progress=progress
    )
    used = meta["retrievers"]
    overall = group_summary(results, used)
    report: dict[str, Any] = {
        "summary": {"n": overall["n"], "retrieval": overall["retrieval"], "answers": overall["answers"]},
        **breakdowns(results, used),
        "failures": failures(results, used),
        "problems": [p.to_dict() for p in problems],
        "meta": {
            **meta,
            "build_id": getattr(engine, "build_id", None),
            "sets": sorted({it.set for it in items}),
            "n_items": len(items),
            "miss_at": MISS_AT,
            "depth": DEPTH,
        },
    }
    return report
