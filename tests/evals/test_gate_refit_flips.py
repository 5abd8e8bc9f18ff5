"""The gate refit-flips tool: stable groups left out, decisions counted, gate-alone figures over every item."""

from __future__ import annotations

from dataclasses import dataclass

from .tool_loader import load_tool


def _tool():
    return load_tool("gate_refit_flips")


def test_the_groups_left_out_are_fixed_by_the_salt():
    tool = _tool()
    groups = [f"c-{i}" for i in range(200)] + ["c-1", "c-2"]  # a conversation's turns share a group
    a, b = tool.dropped(groups, "s:0", 3), tool.dropped(list(reversed(groups)), "s:0", 3)
    assert a == b and len(a) == 3 and a <= set(groups)
    assert tool.dropped(groups, "s:1", 3) != a  # another draw leaves others out
    # Adding a group moves the choice only if the new one hashes below: the rest keep their order.
    assert tool.dropped([*groups, "new"], "s:0", 3) <= a | {"new"}


def test_a_row_names_its_conversation_or_itself():
    tool = _tool()
    assert tool.group_of({"id": "c-7#2", "group": "c-7"}) == "c-7"
    assert tool.group_of({"id": "q-3"}) == "q-3"


@dataclass(frozen=True)
class _Gate:
    """A gate that keeps an answer when its one feature reaches the threshold (0.5; 0.8 for records)."""

    def probability(self, x):
        return x["p"]

    def threshold_for(self, x):
        return 0.8 if x.get("from_records") else 0.5


def test_gate_figures_count_abstentions_over_every_item():
    tool = _tool()
    rows = [
        {"id": "a", "answerable": True, "right": True, "features": {"p": 0.9}},  # kept, right
        {"id": "b", "answerable": True, "right": False, "features": {"p": 0.7}},  # kept, wrong
        {"id": "c", "answerable": True, "right": True, "features": {"p": 0.6, "from_records": 1.0}},  # held back
        {"id": "d", "answerable": False, "right": False, "features": {"p": 0.55}},  # a near miss answered
        {"id": "e", "answerable": False, "right": False, "features": {"p": 0.2}},  # abstained
    ]
    # Eight items: two the rules left unanswered (one answerable, one not) have no row.
    split = tool.SplitRows(rows, n_items=8, n_answerable=5)
    kept = tool.decisions(_Gate(), rows)
    assert kept == [True, True, False, True, False]
    f = tool.gate_figures(kept, split)
    assert f["accuracy"] == 1 / 5
    assert f["false_abstention"] == 1 - 2 / 5  # c held back, and the answerable item with no row
    assert f["abstention"] == 1 - 1 / 3
    assert f["confidently_wrong"] == 2 / 8  # b and d
    assert tool.flips(kept, [True, False, False, True, True]) == 2


def test_a_draw_count_or_drop_out_of_range_is_refused():
    import pytest

    tool = _tool()
    for argv in (["--drop", "0"], ["--drop", "-3"], ["--draws", "-1"]):
        with pytest.raises(SystemExit) as exc:
            tool.main(argv)
        assert exc.value.code == 2


def test_one_set_of_a_split_is_scored_alone(tmp_path):
    import pytest

    tool = _tool()
    for name in ("bank.jsonl", "pool2_bank.jsonl", "conversations.jsonl"):
        (tmp_path / "test" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "test" / name).write_text("", encoding="utf-8")
    assert [p.name for p in tool.set_files(tmp_path, "test", "bank")] == ["bank.jsonl"]  # not pool2_bank
    assert len(tool.set_files(tmp_path, "test")) == 3
    assert tool.set_files(tmp_path, "test", "bak") == []
    with pytest.raises(SystemExit) as exc:
        tool.main(["--set", "no_such_set"])  # refused before any index is read
    assert exc.value.code == 2
