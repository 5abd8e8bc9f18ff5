"""The candidate ranker: the prior's weights, the fitted model's file, and how a build refuses a stale one."""

from __future__ import annotations

import json

from assistant.answer.ranking import CANDIDATE_FEATURES, PRIOR, PRIOR_WEIGHTS, RANKER_FILE, RANKER_VERSION, Ranker


def _x(**values: float) -> tuple[float, ...]:
    return tuple(values.get(f, 0.0) for f in CANDIDATE_FEATURES)


def test_the_prior_is_a_weighted_sum_of_the_named_features() -> None:
    assert set(PRIOR_WEIGHTS) <= set(CANDIDATE_FEATURES)
    x = _x(overlap=0.5, context=1.0, value_found=1.0, source_line=1.0)
    assert PRIOR.score(x) == 0.5 * 1.0 + 1.0 * 0.35 + 0.3 - 0.5


def test_a_sentence_holding_the_asked_value_outranks_one_without_under_the_prior() -> None:
    with_value = _x(overlap=0.4, value_found=1.0)
    without = _x(overlap=0.4, value_missing=1.0)
    assert PRIOR.score(with_value) > PRIOR.score(without)


def test_a_fitted_model_scores_probabilities() -> None:
    weights = tuple(3.0 if f == "overlap" else 0.0 for f in CANDIDATE_FEATURES)
    model = Ranker(CANDIDATE_FEATURES, weights, bias=-1.0, logistic=True)
    low, high = model.score(_x(overlap=0.0)), model.score(_x(overlap=1.0))
    assert 0.0 < low < 0.5 < high < 1.0


def test_a_stored_model_round_trips_and_a_stale_one_is_refused(tmp_path) -> None:
    model = Ranker(CANDIDATE_FEATURES, tuple(0.1 for _ in CANDIDATE_FEATURES), 0.2, True, 0.5)
    (tmp_path / RANKER_FILE).write_text(json.dumps(model.to_dict()), encoding="utf-8")
    assert Ranker.load(tmp_path) == model
    stale = {**model.to_dict(), "features": list(CANDIDATE_FEATURES[:-1]), "weights": model.weights[:-1]}
    (tmp_path / RANKER_FILE).write_text(json.dumps(stale), encoding="utf-8")
    assert Ranker.load(tmp_path) is None
    (tmp_path / RANKER_FILE).write_text(json.dumps({**model.to_dict(), "version": RANKER_VERSION + 1}), "utf-8")
    assert Ranker.load(tmp_path) is None
    assert Ranker.load(None) is None
