"""Cross-validated logistic regression over candidate rows grouped by question (the ranker's and the value chooser's).

Folds are fixed by the item id (`fold_of`), so every candidate of a question is held out together and the
calibration can answer each item with the fold model that did not see it. The L2 strength is chosen by a
measure of the out-of-fold scores (the share of questions or sentences whose best candidate is right).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

FOLDS = 5
#: L2 strengths tried for a candidate model (the ranker, the value chooser); the best out-of-fold one is kept.
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


def fold_of(item_id: str) -> int:
    """The item's fold: fixed by its id, the same in every run."""
    return int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) % FOLDS


class Scorer(Protocol):
    def score(self, x: Sequence[float]) -> float: ...


M = TypeVar("M", bound=Scorer)


@dataclass(frozen=True)
class GroupedFit(Generic[M]):
    """The model refitted on every row with the chosen strength, one model per held-out fold, the CV figures."""

    model: M
    folds: dict[int, M]
    c: float
    by_c: dict[float, float]


def fit_grouped(
    rows: Sequence[dict[str, Any]],
    to_model: Callable[[Any], M],
    prior: M,
    measure: Callable[[Sequence[dict[str, Any]], Sequence[float]], float],
    c_grid: Sequence[float] = C_GRID,
) -> GroupedFit[M]:
    """Fit on ``rows`` (``x``, ``label``, ``id``): ``to_model`` turns a fitted scikit-learn pipeline into a model;
    a fold whose training rows hold one label only keeps ``prior``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = np.array([r["x"] for r in rows], dtype=float)
    y = np.array([r["label"] for r in rows], dtype=int)
    fold = np.array([fold_of(r["id"]) for r in rows])

    def pipeline(c: float):
        return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=3000))

    by_c: dict[float, float] = {}
    fold_models: dict[float, dict[int, M]] = {}
    for c in c_grid:
        pred = np.zeros(len(rows))
        fold_models[c] = {}
        for f in range(FOLDS):
            train, held = fold != f, fold == f
            model = prior if len(set(y[train])) < 2 else to_model(pipeline(c).fit(x[train], y[train]))
            fold_models[c][f] = model
            pred[held] = [model.score(v) for v in x[held]]
        by_c[c] = measure(rows, pred.tolist())
    best_c = max(c_grid, key=lambda c: (round(by_c[c], 4), -c))
    return GroupedFit(to_model(pipeline(best_c).fit(x, y)), fold_models[best_c], best_c, by_c)


#: L2 strengths tried for the conditional logit (a sum over questions: larger than a per-row C's inverse).
L2_GRID = (0.3, 1.0, 3.0, 10.0)


def fit_grouped_softmax(
    rows: Sequence[dict[str, Any]],
    to_model: Callable[[list[float], float], M],
    prior: M,
    measure: Callable[[Sequence[dict[str, Any]], Sequence[float]], float],
    l2_grid: Sequence[float] = L2_GRID,
) -> GroupedFit[M]:
    """As `fit_grouped`, with a conditional logit (`softmax_fit.fit_softmax`); ``c`` reports the L2 strength."""
    from assistant.evals.softmax_fit import fit_softmax

    fold = [fold_of(r["id"]) for r in rows]
    by_l2: dict[float, float] = {}
    fold_models: dict[float, dict[int, M]] = {}
    for l2 in l2_grid:
        pred = [0.0] * len(rows)
        fold_models[l2] = {}
        for f in range(FOLDS):
            train = [r for r, g in zip(rows, fold, strict=True) if g != f]
            has_choice = any(r["label"] for r in train) and not all(r["label"] for r in train)
            model = to_model(*fit_softmax(train, l2)) if has_choice else prior
            fold_models[l2][f] = model
            for k, (r, g) in enumerate(zip(rows, fold, strict=True)):
                if g == f:
                    pred[k] = model.score(r["x"])
        by_l2[l2] = measure(rows, pred)
    best = max(l2_grid, key=lambda v: (round(by_l2[v], 4), v))
    return GroupedFit(to_model(*fit_softmax(rows, best)), fold_models[best], best, by_l2)
