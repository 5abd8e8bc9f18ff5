"""Fitting the value chooser: labels, the top-1 measure per sentence, and a model that learns a real signal."""

from __future__ import annotations

import random

from assistant.answer.value_choice import VALUE_FEATURES
from assistant.evals.fit_values import MIN_GROUPS, fit_values, holds_gold, top1
from assistant.evals.grouped_cv import FOLDS


def _rows(n_sentences: int, seed: int = 5) -> list[dict]:
    """Synthetic sentences of four values: the positive one has the highest `clause`, the rest is noise."""
    rnd = random.Random(seed)
    at = VALUE_FEATURES.index("clause")
    rows = []
    for s in range(n_sentences):
        for v in range(4):
            x = [rnd.random() for _ in VALUE_FEATURES]
            x[at] = rnd.uniform(0.5, 1.0) if v == 0 else rnd.uniform(0.0, 0.6)
            rows.append({"id": f"q{s}", "group": f"q{s}|1", "value": str(v), "label": v == 0, "x": x})
    return rows


def test_a_value_holds_the_gold_or_is_the_figure_inside_it() -> None:
    assert holds_gold("12社", "約12社")
    assert holds_gold("会員12社", "12社")
    assert not holds_gold("会員12社", "社")  # no figure
    assert not holds_gold("12社", "120社")


def test_top1_counts_sentences_whose_best_value_is_right() -> None:
    rows = [
        {"group": "a", "label": True},
        {"group": "a", "label": False},
        {"group": "b", "label": False},
        {"group": "b", "label": True},
    ]
    assert top1(rows, [0.9, 0.1, 0.8, 0.2]) == 0.5


def test_the_fitted_chooser_learns_the_signal() -> None:
    fit = fit_values(_rows(150))
    assert fit is not None
    assert fit.report["cv_top1"] > 0.8
    weights = dict(zip(VALUE_FEATURES, fit.model.weights or (), strict=True))
    assert weights["clause"] == max(weights.values())
    assert set(fit.folds) == set(range(FOLDS))


def test_too_few_sentences_keep_the_prior() -> None:
    assert fit_values(_rows(MIN_GROUPS - 1)) is None


def test_a_figure_inside_the_gold_must_be_a_whole_figure() -> None:
    assert holds_gold("相談件数813件", "813件")
    assert not holds_gold("813件", "3件")  # the end of another number
    assert not holds_gold("12,400人", "400人")
    assert holds_gold("3件と813件", "3件")  # one of the gold's own figures
