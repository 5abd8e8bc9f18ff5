"""The gate's threshold per kind of answer: chosen where it lowers the cost, within the false-abstention budget."""

from __future__ import annotations

from assistant.answer.confidence import ConfidenceModel, answer_kind_of
from assistant.evals.gate_thresholds import GateRow, choose_by_kind, cost, dropped_share, outcome


def _rows() -> list[GateRow]:
    # Records answers are right even at 0.3; passages at 0.5 are mostly wrong. One threshold (0.45) drops the
    # unsure right records and keeps the wrong passages at 0.5.
    records = [GateRow(0.3, True, True, "records")] * 4 + [GateRow(0.9, True, True, "records")] * 10
    passages = [GateRow(0.5, False, False, "passage")] * 3 + [GateRow(0.5, True, True, "passage")]
    passages += [GateRow(0.8, True, True, "passage")] * 10
    return records + passages


def test_each_kind_gets_the_threshold_that_costs_least() -> None:
    rows = _rows()
    single = {"records": 0.45, "passage": 0.45}
    chosen = choose_by_kind(rows, 0.45, n_answerable=25, wrong_cost=2.0, max_dropped=0.1)
    assert chosen["records"] <= 0.3 < chosen["passage"] <= 0.8
    assert cost(rows, chosen, 2.0) < cost(rows, single, 2.0)
    assert dropped_share(rows, chosen, 25) <= 0.1
    assert outcome(rows, chosen, n_items=28, n_answerable=25)["confidently_wrong"] == 0.0


def test_the_budget_holds_a_kind_back() -> None:
    """With no room to drop an answerable item, the passages keep the single threshold."""
    chosen = choose_by_kind(_rows(), 0.45, n_answerable=25, wrong_cost=2.0, max_dropped=0.0)
    assert chosen["passage"] == 0.45 and chosen["records"] <= 0.3


def test_the_model_holds_each_answer_to_its_kinds_threshold() -> None:
    model = ConfidenceModel(("from_records",), (0.0,), 0.0, 0.5, by_kind=(("records", 0.2), ("passage", 0.6)))
    assert answer_kind_of({"from_records": 1.0}) == "records"
    assert answer_kind_of({"has_value": 1.0}) == "value" and answer_kind_of({}) == "passage"
    # A follow-up's answer (its subject carried) is a kind of its own, whatever it stands on.
    assert answer_kind_of({"carried": 1.0, "from_records": 1.0}) == "follow_up"
    assert answer_kind_of({"carried": 0.0, "has_value": 1.0}) == "value"
    assert model.threshold_for({"from_records": 1.0}) == 0.2
    assert model.threshold_for({}) == 0.6
    assert model.threshold_for({"has_value": 1.0}) == 0.5  # no threshold of its own: the single one
    assert model.to_dict()["thresholds_by_kind"] == {"records": 0.2, "passage": 0.6}


def test_the_gates_folds_are_fixed_by_the_rows_sets_not_by_the_other_rows() -> None:
    """A row added to a set leaves every other row with its set's rows, so two calibrations differ only by the change."""
    from assistant.evals.gate_folds import set_folds

    sets = [f"tune/w{i % 6}" for i in range(60)] + ["tune/conv"] * 3  # a conversation's three turns
    groups = [f"q{i:03d}" for i in range(60)] + ["c01", "c01", "c01"]
    before = set_folds(sets, groups)
    after = set_folds(["tune/w0", *sets], ["q999", *groups])
    assert after.folds[1:] == before.folds and after.names == before.names
    assert len(set(before.folds[-3:])) == 1  # a conversation stays in one fold
    assert len(set(before.folds)) == 7  # every set is a fold


def test_the_shared_budget_goes_where_it_pays_most_not_to_the_kind_tried_first() -> None:
    """Kind "a" (tried first by name) would save 4 by dropping its two wrong answers, kind "b" 6 by dropping three;
    the budget allows three drops. Kind by kind, "a" took the budget first; chosen jointly, "b" gets it."""
    a = [GateRow(0.4, False, True, "a")] * 2 + [GateRow(0.9, True, True, "a")] * 20
    b = [GateRow(0.4, False, True, "b")] * 3 + [GateRow(0.9, True, True, "b")] * 20
    chosen = choose_by_kind(a + b, 0.3, n_answerable=45, wrong_cost=2.0, max_dropped=3 / 45)
    assert chosen["a"] <= 0.4 < chosen["b"] <= 0.9
    assert dropped_share(a + b, chosen, 45) <= 3 / 45 + 1e-9


def test_abstention_counts_the_unanswerable_items_the_rules_left_unanswered() -> None:
    """Two unanswerable items answered (one kept) and two the rules abstained on (no row): 3 of 4 abstained."""
    rows = [GateRow(0.9, False, False, "value"), GateRow(0.1, False, False, "value"), GateRow(0.8, True, True, "value")]
    figures = outcome(rows, {"value": 0.5}, n_items=5, n_answerable=1)
    assert figures["abstention"] == 0.75
    assert figures["false_abstention"] == 0.0 and figures["confidently_wrong"] == 0.2
