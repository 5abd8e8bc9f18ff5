"""Cross-validated conditional logits over candidate rows grouped by question (the ranker's and the value chooser's).

Folds are fixed by the row's own fold (its writer's round's, `round_folds`) or else the item id (`fold_of`), so every candidate of a question is held out together and the
calibration can answer each item with the fold model that did not see it. The L2 strength is chosen by a
measure of the out-of-fold scores (the share of questions or sentences whose best candidate is right).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

FOLDS = 5


def fold_of(item_id: str) -> int:
    """The item's fold: fixed by its id, the same in every run."""
    return int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) % FOLDS


def row_fold(row: dict[str, Any]) -> int:
    """A fit row's fold: the one it carries (its writer's round's, `round_folds`), else its item id's."""
    fold = row.get("fold")
    return int(fold) if fold is not None else fold_of(row["id"])


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


#: L2 strengths tried for the conditional logit (a sum over questions: larger than a per-row C's inverse).
L2_GRID = (0.3, 1.0, 3.0, 10.0)


def fit_grouped_softmax(
    rows: Sequence[dict[str, Any]],
    to_model: Callable[[list[float], float], M],
    prior: M,
    measure: Callable[[Sequence[dict[str, Any]], Sequence[float]], float],
    l2_grid: Sequence[float] = L2_GRID,
    group: str = "id",
) -> GroupedFit[M]:
    """Fit a conditional logit (`softmax_fit.fit_softmax`) over each ``group``'s rows: ``to_model`` turns its weights
    and bias into a model; a fold whose training rows hold one label only keeps ``prior``; ``c`` is the L2 strength."""
    import numpy as np

    from assistant.evals.softmax_fit import fit_softmax

    x = np.array([r["x"] for r in rows], dtype=float)
    fold = np.array([row_fold(r) for r in rows])
    by_l2: dict[float, float] = {}
    fold_models: dict[float, dict[int, M]] = {}
    for l2 in l2_grid:
        pred = np.zeros(len(rows))
        fold_models[l2] = {}
        for f in range(FOLDS):
            train = [r for r, g in zip(rows, fold.tolist(), strict=True) if g != f]
            held = fold == f
            if any(r["label"] for r in train) and not all(r["label"] for r in train):
                weights, bias = fit_softmax(train, l2, group)
                fold_models[l2][f] = to_model(weights, bias)
                pred[held] = x[held] @ np.array(weights) + bias  # the linear score orders a group as the model does
            else:
                fold_models[l2][f] = prior
                pred[held] = [prior.score(v) for v in x[held].tolist()]
        by_l2[l2] = measure(rows, pred.tolist())
    best = max(l2_grid, key=lambda v: (round(by_l2[v], 4), v))
    return GroupedFit(to_model(*fit_softmax(rows, best, group)), fold_models[best], best, by_l2)
