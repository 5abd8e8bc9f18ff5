"""Fitting the candidate ranker: grouped folds, the top-1 measure, and a model that learns a real signal."""

from __future__ import annotations

import random

from assistant.answer.ranking import CANDIDATE_FEATURES
from assistant.evals.fit_ranker import MIN_QUESTIONS, fit_ranker, top1
from assistant.evals.grouped_cv import FOLDS, fold_of


def _rows(n_questions: int, seed: int = 3) -> list[dict]:
    """Synthetic candidates: the positive one has more `overlap`, the others random noise elsewhere."""
    rnd = random.Random(seed)
    rows = []
    at = CANDIDATE_FEATURES.index("overlap")
    for q in range(n_questions):
        for c in range(8):
            x = [rnd.random() for _ in CANDIDATE_FEATURES]
            positive = c == 0
            x[at] = rnd.uniform(0.6, 1.0) if positive else rnd.uniform(0.0, 0.7)
            rows.append({"id": f"q{q}", "label": positive, "valued": True, "x": x})
    return rows


def test_folds_are_fixed_by_the_item_id() -> None:
    assert fold_of("n001-004") == fold_of("n001-004")
    assert {fold_of(f"q{i}") for i in range(200)} == set(range(FOLDS))


def test_top1_counts_questions_whose_best_candidate_is_right() -> None:
    rows = [
        {"id": "a", "label": True},
        {"id": "a", "label": False},
        {"id": "b", "label": False},
        {"id": "b", "label": True},
        {"id": "c", "label": False},  # no positive: not counted
    ]
    assert top1(rows, [0.9, 0.1, 0.8, 0.2, 0.5]) == 0.5


def test_the_fitted_ranker_learns_the_signal_and_weighs_it_up() -> None:
    fit = fit_ranker(_rows(120))
    assert fit is not None
    assert fit.report["cv_top1"] > 0.8
    weights = dict(zip(CANDIDATE_FEATURES, fit.model.weights, strict=True))
    assert weights["overlap"] == max(weights.values())
    assert set(fit.folds) == set(range(FOLDS))


def test_too_few_questions_keep_the_prior() -> None:
    assert fit_ranker(_rows(MIN_QUESTIONS - 1)) is None
