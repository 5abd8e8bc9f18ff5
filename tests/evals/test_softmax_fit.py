"""The conditional logit picks each question's answering candidate; its ranker scores exp(z)."""

from __future__ import annotations

import math
import random

import pytest

from assistant.answer.ranking import CANDIDATE_FEATURES, Ranker
from assistant.evals.fit_ranker import top1
from assistant.evals.softmax_fit import fit_softmax


def _rows(n_questions: int, seed: int = 3) -> list[dict]:
    """Per question, five candidates; the positive one has the highest first feature, the second is noise."""
    rng = random.Random(seed)
    rows = []
    for q in range(n_questions):
        base = rng.uniform(0, 5)  # questions differ in level: only the order within a question matters
        for k in range(5):
            positive = k == 0
            rows.append(
                {
                    "id": f"q{q}",
                    "label": positive,
                    "x": [base + (1.0 if positive else rng.uniform(-1, 0.8)), rng.random()],
                }
            )
    return rows


def test_the_fit_learns_the_choice_within_each_question() -> None:
    rows = _rows(60)
    weights, bias = fit_softmax(rows, l2=1.0)
    assert weights[0] > 0 and abs(weights[1]) < weights[0]
    scores = [bias + sum(w * v for w, v in zip(weights, r["x"], strict=True)) for r in rows]
    assert top1(rows, scores) == 1.0
    # The noise feature alone picks badly: the fit's choice comes from the first feature.
    assert top1(rows, [r["x"][1] for r in rows]) < 0.5


def test_questions_without_a_choice_teach_nothing() -> None:
    rows = [{"id": "a", "label": True, "x": [1.0, 2.0]}, {"id": "b", "label": False, "x": [3.0, 0.0]}]
    assert fit_softmax(rows, l2=1.0) == ([0.0, 0.0], pytest.approx(0.0))


def test_an_exponential_ranker_scores_are_softmax_ratios() -> None:
    n = len(CANDIDATE_FEATURES)
    ranker = Ranker(CANDIDATE_FEATURES, (1.0,) + (0.0,) * (n - 1), -1.0, exponential=True)
    a, b = [2.0] + [0.0] * (n - 1), [2.0 - math.log(2)] + [0.0] * (n - 1)
    assert ranker.score(b) / ranker.score(a) == pytest.approx(0.5)
    assert Ranker.load(None) is None


def test_an_exponential_ranker_round_trips(tmp_path) -> None:
    import json

    from assistant.answer.ranking import RANKER_FILE

    n = len(CANDIDATE_FEATURES)
    ranker = Ranker(CANDIDATE_FEATURES, tuple(float(i) for i in range(n)), -2.0, exponential=True)
    (tmp_path / RANKER_FILE).write_text(json.dumps(ranker.to_dict()), encoding="utf-8")
    assert Ranker.load(tmp_path) == ranker
