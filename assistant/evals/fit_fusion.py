"""Fit the hybrid retriever's fusion weights on the tune split, cross-validated by question.

For every tune question with evidence, each candidate passage the hybrid retriever considers gets
its `FUSION_FEATURES` (BM25, cosine, query coverage, best sentence, asked value, KPI record hint,
heading); it is relevant when it holds the evidence (the eval's own test). A pairwise logistic
regression (scikit-learn, no intercept) learns from the differences between each relevant passage and
the question's strongest irrelevant ones (by the default weights), which is what a ranking needs; its
weights replace the defaults only when its out-of-fold MRR@10 over the tune questions beats theirs. Folds are those of the candidate ranker
(`round_folds`, by writer's round).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evals import metrics as m
from assistant.evals.grouped_cv import FOLDS, row_fold
from assistant.evals.round_folds import ID_SCHEME, tune_folds
from assistant.evals.sets import EvalItem
from assistant.retrieval.hybrid import FUSION_FEATURES

C_GRID = (0.1, 1.0, 10.0)
MIN_QUESTIONS = 40
NEGATIVES = 20  # irrelevant passages paired with each relevant one: the ones the default weights rank highest


@dataclass(frozen=True)
class FusionFit:
    """The weights fitted on every row (None when they do not beat the defaults out of fold) and the report."""

    weights: tuple[float, ...] | None
    report: dict[str, Any]
    rows: list[dict[str, Any]]


def fusion_rows(hybrid: Any, items: Sequence[EvalItem]) -> list[dict[str, Any]]:
    """One row per candidate passage of each tune question with evidence."""
    folds = tune_folds(items)
    rows = []
    for it in items:
        if not it.evidence:
            continue
        keys = m.relevance_keys(it.evidence)
        for c in hybrid.fusion_features(it.question):
            relevant = m.is_relevant(hybrid.passages.at(c.position).text, keys)
            rows.append({"id": it.id, "fold": folds.of(it), "label": bool(relevant), "x": list(c.features)})
    return rows


def mrr(rows: Sequence[dict[str, Any]], weights: Sequence[float]) -> tuple[float, float]:
    """MRR@10 and recall@1 of ranking each question's candidates by ``weights`` (questions with a relevant one)."""
    by_q: dict[str, list[tuple[float, bool]]] = {}
    for r in rows:
        by_q.setdefault(r["id"], []).append((sum(w * x for w, x in zip(weights, r["x"], strict=True)), r["label"]))
    rr, r1 = [], []
    for cands in by_q.values():
        if not any(label for _, label in cands):
            continue
        ranked = sorted(cands, key=lambda c: -c[0])
        rank = next(i for i, (_, label) in enumerate(ranked, start=1) if label)
        rr.append(1.0 / rank if rank <= 10 else 0.0)
        r1.append(float(rank == 1))
    return (sum(rr) / len(rr), sum(r1) / len(r1)) if rr else (0.0, 0.0)


def _pairs(rows: Sequence[dict[str, Any]], defaults: Sequence[float]) -> tuple[Any, Any]:
    """Differences (relevant - irrelevant) labelled 1 and their negations labelled 0."""
    import numpy as np

    by_q: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_q.setdefault(r["id"], []).append(r)
    diffs = []
    for cands in by_q.values():
        pos = [np.array(r["x"]) for r in cands if r["label"]]
        neg = sorted(
            (r for r in cands if not r["label"]),
            key=lambda r: -sum(w * x for w, x in zip(defaults, r["x"], strict=True)),
        )[:NEGATIVES]
        diffs += [p - np.array(n["x"]) for p in pos for n in neg]
    if not diffs:
        return np.zeros((0, len(FUSION_FEATURES))), np.zeros(0)
    d = np.array(diffs)
    return np.vstack([d, -d]), np.array([1] * len(d) + [0] * len(d))


def _fit(rows: Sequence[dict[str, Any]], c: float, defaults: Sequence[float]) -> tuple[float, ...] | None:
    from sklearn.linear_model import LogisticRegression

    x, y = _pairs(rows, defaults)
    if not len(y):
        return None
    lr = LogisticRegression(C=c, fit_intercept=False, max_iter=3000).fit(x, y)
    return tuple(float(w) for w in lr.coef_[0])


def fit_fusion(rows: list[dict[str, Any]], defaults: tuple[float, ...], scheme: str = ID_SCHEME) -> FusionFit | None:
    """Fitted weights when they beat ``defaults`` out of fold (``scheme``: how the rows' folds were made); None
    when there is too little to fit on."""
    questions = {r["id"] for r in rows if r["label"]}
    if len(questions) < MIN_QUESTIONS:
        return None
    folds = {f: [r for r in rows if row_fold(r) == f] for f in range(FOLDS)}
    cv: dict[float, tuple[float, float]] = {}
    for c in C_GRID:
        scores = []
        for f, held in folds.items():
            train = [r for g, part in folds.items() if g != f for r in part]
            weights = _fit(train, c, defaults) if held else None
            if weights is not None:
                scores.append((mrr(held, weights), len({r["id"] for r in held})))
        n = sum(k for _, k in scores) or 1
        cv[c] = (sum(s[0] * k for s, k in scores) / n, sum(s[1] * k for s, k in scores) / n)
    best_c = max(C_GRID, key=lambda c: (round(cv[c][0], 4), -c))
    base = mrr(rows, defaults)
    weights = _fit(rows, best_c, defaults)
    used = weights is not None and cv[best_c][0] > base[0]
    report = {
        "questions": len({r["id"] for r in rows}),
        "questions_with_relevant": len(questions),
        "candidates": len(rows),
        "c": best_c,
        "cv_mrr_by_c": {str(c): round(v[0], 4) for c, v in cv.items()},
        "cv_mrr": round(cv[best_c][0], 4),
        "cv_recall_at_1": round(cv[best_c][1], 4),
        "fold_scheme": scheme,
        "in_sample_mrr": round(mrr(rows, weights)[0], 4) if weights else None,
        "defaults_mrr": round(base[0], 4),
        "defaults_recall_at_1": round(base[1], 4),
        "used": used,
        "weights": dict(zip(FUSION_FEATURES, (round(w, 5) for w in weights or ()), strict=True)) if weights else None,
        "defaults": dict(zip(FUSION_FEATURES, defaults, strict=True)),
    }
    return FusionFit(weights if used else None, report, rows)
