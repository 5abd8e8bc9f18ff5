"""Fitting the fusion weights: a pairwise model that learns a real signal, kept only when it beats the defaults."""

from __future__ import annotations

import random

from assistant.backends.local.assemble import fusion_params
from assistant.evals.fit_fusion import MIN_QUESTIONS, fit_fusion, mrr
from assistant.retrieval.fusion_model import FUSION_FILE, fitted_weights, to_json, with_weights
from assistant.retrieval.hybrid import FUSION_FEATURES, FusionParams
from assistant.settings import Settings

DEFAULTS = FusionParams().weights()


def _rows(n_questions: int, signal: str, seed: int = 5) -> list[dict]:
    """Candidates whose relevant one stands out on ``signal`` only; the other features are noise."""
    rnd = random.Random(seed)
    at = FUSION_FEATURES.index(signal)
    rows = []
    for q in range(n_questions):
        for c in range(10):
            x = [rnd.random() for _ in FUSION_FEATURES]
            x[at] = rnd.uniform(0.7, 1.0) if c == 0 else rnd.uniform(0.0, 0.75)
            rows.append({"id": f"q{q}", "label": c == 0, "x": x})
    return rows


def test_mrr_ranks_each_question_by_the_weights() -> None:
    rows = [
        {"id": "a", "label": False, "x": [1.0] + [0.0] * (len(FUSION_FEATURES) - 1)},
        {"id": "a", "label": True, "x": [0.5] + [0.0] * (len(FUSION_FEATURES) - 1)},
    ]
    assert mrr(rows, DEFAULTS) == (0.5, 0.0)
    assert mrr(rows, tuple(-w for w in DEFAULTS)) == (1.0, 1.0)


def test_a_signal_the_defaults_underweigh_is_learned_and_used() -> None:
    # The heading feature barely counts by default; here it alone tells the relevant passage.
    fit = fit_fusion(_rows(100, "heading"), DEFAULTS)
    assert fit is not None and fit.weights is not None
    learned = dict(zip(FUSION_FEATURES, fit.weights, strict=True))
    assert learned["heading"] == max(learned.values())
    assert fit.report["cv_mrr"] > fit.report["defaults_mrr"]


def test_weights_that_do_not_beat_the_defaults_out_of_fold_are_not_used() -> None:
    # BM25 alone tells the relevant passage, and the defaults already weigh it most.
    rows = _rows(100, "bm25")
    for r in rows:
        r["x"] = [x if i == 0 else 0.0 for i, x in enumerate(r["x"])]
    fit = fit_fusion(rows, DEFAULTS)
    assert fit is not None
    assert fit.weights is None and fit.report["used"] is False


def test_too_few_questions_fit_nothing() -> None:
    assert fit_fusion(_rows(MIN_QUESTIONS - 1, "dense"), DEFAULTS) is None


def test_a_build_with_fitted_weights_fuses_with_them(tmp_path) -> None:
    weights = tuple(float(i + 1) for i in range(len(FUSION_FEATURES)))
    (tmp_path / FUSION_FILE).write_text(to_json(weights), encoding="utf-8")
    assert fitted_weights(tmp_path) == weights
    assert fusion_params(Settings(), tmp_path).weights() == weights
    assert fusion_params(Settings(use_fitted_fusion=False), tmp_path).weights() == DEFAULTS
    assert fusion_params(Settings(), None).weights() == DEFAULTS
    assert with_weights(FusionParams(), weights).candidates == FusionParams().candidates
    (tmp_path / FUSION_FILE).write_text('{"version": 0, "features": [], "weights": []}', encoding="utf-8")
    assert fitted_weights(tmp_path) is None
