"""The gate's folds hold out one writer's set at a time; its L2 strength is chosen by the out-of-set log loss."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from assistant.evals.gate_folds import (
    NO_SET,
    SAME_WRITERS,
    choose_c,
    log_loss,
    out_of_fold,
    per_fold,
    round_of,
    set_folds,
)
from assistant.evals.grouped_cv import fold_of


def test_each_set_is_one_fold_and_a_conversation_stays_in_its_set() -> None:
    sets = ["tune/bank"] * 3 + ["tune/pool_bank"] * 2 + ["tune/team"] + ["tune/conversations_pool2"] * 2
    groups = ["a1", "a2", "a3", "b1", "b2", "t1", "c01", "c01"]
    folds = set_folds(sets, groups)
    assert folds.scheme == "leave_set_out" and len(folds.names) == 4
    assert [folds.names[k] for k in folds.folds] == sets  # fold k holds exactly the rows of set names[k]


def test_too_few_sets_fall_back_to_hashed_groups() -> None:
    groups = [f"q{i}" for i in range(10)]
    for sets in (["tune/a"] * 5 + ["tune/b"] * 5, [None] * 10, ["tune/a", "tune/b", "tune/c", *[None] * 7]):
        folds = set_folds(sets, groups)
        assert folds.scheme == "group_hash" and folds.folds == [fold_of(g) for g in groups]


def test_rows_without_a_set_are_a_fold_of_their_own_not_a_switch_of_scheme() -> None:
    groups = [f"q{i}" for i in range(10)]
    sets = ["tune/a", "tune/b", "tune/c", "tune/d", *[None] * 6]
    folds = set_folds(sets, groups)
    assert folds.scheme == "leave_set_out" and folds.names == ("tune/a", "tune/b", "tune/c", "tune/d", NO_SET)
    assert [folds.names[k] for k in folds.folds] == [*sets[:4], *[NO_SET] * 6]


def test_a_writers_bank_and_conversations_are_one_round_and_one_fold() -> None:
    """Conversations by a bank's writer go with that bank, whatever the numbers in the names; others stay apart."""
    assert round_of("tune/conversations_pool3") == round_of("tune/pool4_bank") == "tune/pool4_bank"
    assert round_of("tune/conversations") == "tune/bank"
    assert round_of("tune/conversations_pool4") == "tune/conversations_pool4"  # a writer of its own
    assert round_of("tune/pool3_bank") != round_of("tune/conversations_pool3")  # same number, other writers
    sets = ["tune/pool4_bank", "tune/conversations_pool3", "tune/pool3_bank", "tune/team", "tune/x", "tune/y"]
    folds = set_folds(sets, [f"g{i}" for i in range(6)])
    assert folds.folds[0] == folds.folds[1] and len(set(folds.folds)) == 5


def test_the_paired_sets_exist() -> None:
    """A renamed or removed set must not leave its writer's conversations in a round of their own unnoticed."""
    tune = Path(__file__).resolve().parents[2] / "evals" / "tune"
    for conversations, bank in SAME_WRITERS.items():
        assert (tune / f"{conversations}.jsonl").exists() and (tune / f"{bank}.jsonl").exists()


def _writers(seed: int = 3, n_sets: int = 8, per_set: int = 40) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Synthetic rows where each writer's habit (a feature constant within the set) goes with that writer's share
    of right answers, by chance: the habit says nothing about a new writer's answers."""
    rng = np.random.default_rng(seed)
    x, y, sets = [], [], []
    for s in range(n_sets):
        habit, rate = rng.normal(), rng.uniform(0.2, 0.9)
        for _ in range(per_set):
            signal = rng.normal()
            right = rng.uniform() < (rate + 0.15 * math.tanh(signal)) / 1.15
            x.append([habit + 0.05 * rng.normal(), signal])
            y.append(int(right))
            sets.append(f"tune/w{s}")
    return np.array(x), np.array(y), sets


def _model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))


def test_item_folds_claim_more_than_a_new_writer_gets_and_set_folds_do_not() -> None:
    """Folds by item let the model learn each writer's habit from the writer's other rows; holding the set out shows
    what the habit is worth on a writer not seen, and the held-out writers' own log loss agrees."""
    x, y, sets = _writers()
    groups = [f"q{i}" for i in range(len(y))]
    by_item = out_of_fold(x, y, [fold_of(g) for g in groups], _model)
    by_set = out_of_fold(x, y, set_folds(sets, groups).folds, _model)
    assert log_loss(y, by_item) < log_loss(y, by_set) - 0.01
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(y, by_item) > roc_auc_score(y, by_set) + 0.02


def test_a_fold_trained_on_one_label_predicts_its_share() -> None:
    x = np.arange(8, dtype=float).reshape(-1, 1)
    y = np.array([1, 1, 1, 1, 0, 1, 0, 1])
    p = out_of_fold(x, y, [0, 0, 0, 0, 1, 1, 1, 1], _model)
    assert p[4:].tolist() == [1.0] * 4  # fold 1's training rows (fold 0) are all right
    assert 0.0 < p[0] < 1.0


def test_the_strongest_strength_within_the_tolerance_wins() -> None:
    assert choose_c({0.01: 0.43, 0.03: 0.4196, 0.1: 0.4199, 0.3: 0.421}) == 0.03
    assert choose_c({0.003: 0.4215, 0.03: 0.4199, 0.1: 0.4196}) == 0.03  # 0.0003 apart: the stronger
    assert log_loss(np.array([1, 0]), np.array([1.0, 0.0])) == pytest.approx(1e-6, abs=1e-6)


def test_per_fold_figures_name_the_held_out_set() -> None:
    y = np.array([1, 0, 1, 1, 0, 1])
    p = np.array([0.9, 0.2, 0.6, 0.8, 0.7, 0.4])
    folds = set_folds(["tune/a", "tune/a", "tune/b", "tune/c", "tune/d", "tune/d"], [str(i) for i in range(6)])
    kept = [q >= 0.5 for q in p.tolist()]
    out = per_fold(y, p, [True] * 6, folds, kept)
    assert [f["fold"] for f in out] == ["tune/a", "tune/b", "tune/c", "tune/d"]
    assert out[0] == {
        "fold": "tune/a",
        "rows": 2,
        "right_share": 0.5,
        "auc": 1.0,
        "log_loss": round(log_loss(y[:2], p[:2]), 4),
        "dropped_answerable": 1,
        "kept_wrong": 0,
    }
    assert out[1]["auc"] is None  # one label: no AUC
    assert out[3]["dropped_answerable"] == 1 and out[3]["kept_wrong"] == 1
