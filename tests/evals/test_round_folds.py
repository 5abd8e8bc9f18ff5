"""The fitted parts' folds hold a writer's round out whole: a bank and its writers' conversations together."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from assistant.evals.gate_folds import SAME_WRITERS, round_of
from assistant.evals.grouped_cv import FOLDS, fold_of, row_fold
from assistant.evals.round_folds import FOLD_SCHEME, ID_SCHEME, item_fold, round_fold, tune_folds
from assistant.evals.sets import default_set_paths, set_name

EVALS = Path(__file__).resolve().parents[2] / "evals"


def _item(item_id: str, set_name: str | None) -> SimpleNamespace:
    return SimpleNamespace(id=item_id, set=set_name)


def test_items_of_one_set_share_a_fold_whatever_their_ids():
    folds = {item_fold(_item(f"x{i:03d}", "tune/pool9_bank")) for i in range(50)}
    assert len(folds) == 1
    # By id alone the same fifty items spread over the folds: the round is what holds them together.
    assert len({fold_of(f"x{i:03d}") for i in range(50)}) > 1


def test_a_writers_conversations_fall_in_their_bank_s_fold():
    conversations, bank = next(iter(SAME_WRITERS.items()))
    assert round_fold(f"tune/{conversations}") == round_fold(f"tune/{bank}")
    assert round_of(f"tune/{conversations}") == f"tune/{bank}"


def test_an_item_naming_no_set_falls_back_to_its_id():
    assert item_fold(_item("q-17", None)) == fold_of("q-17")


def test_a_row_carries_its_fold_else_its_id_decides():
    assert row_fold({"id": "q-17", "fold": 3}) == 3
    assert row_fold({"id": "q-17"}) == fold_of("q-17")


def test_the_tune_rounds_spread_over_every_fold():
    names = [set_name(p) for p in default_set_paths(EVALS) if "/tune/" in p.as_posix()]
    assert len(names) >= FOLDS
    assert {round_fold(n) for n in names} == set(range(FOLDS))


def test_tune_folds_go_by_round_when_the_rounds_fill_every_fold():
    names = sorted({f"tune/round{i}_bank" for i in range(40)})
    items = [_item(f"r{i:03d}", names[i % len(names)]) for i in range(200)]
    folds = tune_folds(items)
    assert folds.scheme == FOLD_SCHEME
    assert all(folds.of(it) == round_fold(it.set) for it in items)


def test_tune_folds_of_one_round_go_by_id_so_no_fold_is_left_without_training():
    items = [_item(f"r{i:03d}", "tune/only_bank") for i in range(50)]
    folds = tune_folds(items)
    assert folds.scheme == ID_SCHEME
    assert {folds.of(it) for it in items} == set(range(FOLDS))
    assert all(folds.of(it) == fold_of(it.id) for it in items)
    # By round they would all be one fold: four folds with nothing held out and one with nothing to learn from.
    assert len({item_fold(it) for it in items}) == 1
