"""The follow-up stages: each turn is put where it was decided, and the split's counts add up."""

from __future__ import annotations

import pytest

from .tool_loader import load_tool


def _turn(tool, **kw):
    base = dict(conversation="c", kind="drill_down", index=1, answerable=True, right=True, abstained=False,
                rules_abstained=False, rules_right=True, check="", gate_cut=False)  # fmt: skip
    return tool.Turn(**(base | kw))


def test_each_turn_is_put_at_the_stage_that_decided_it() -> None:
    tool = load_tool("followup_stages")
    given = _turn(tool)
    rules = _turn(tool, right=False, abstained=True, rules_abstained=True, rules_right=False)
    check = _turn(tool, right=False, abstained=True, check="year")
    gate = _turn(tool, right=False, abstained=True, gate_cut=True)
    # The gate cut the carried answer, and the turn asked alone was served instead.
    alone = _turn(tool, gate_cut=True, rules_right=False)
    assert [tool.stage(t) for t in (given, rules, check, gate, alone)] == ["given", "rules", "check", "gate", "alone"]
    assert [tool.outcome(t) for t in (given, rules, gate)] == ["right", "false_abstention", "false_abstention"]
    wrong = _turn(tool, right=False, rules_right=False)
    answered = _turn(tool, answerable=False, right=False, rules_right=False)
    assert (tool.outcome(wrong), tool.outcome(answered)) == ("wrong", "answered_unanswerable")


def test_the_summary_counts_each_kind_and_the_right_answers_the_gate_cut() -> None:
    tool = load_tool("followup_stages")
    turns = [
        _turn(tool, right=False, abstained=True, gate_cut=True),  # a right answer cut
        _turn(tool, right=False, abstained=True, gate_cut=True, rules_right=False),  # a wrong one caught
        _turn(tool, kind="topic_switch", right=False, rules_right=False),
    ]
    counts = tool.summary(turns)
    assert counts["drill_down"] == {"false_abstention/gate": 2, "gate_cut_right": 1, "turns": 2}
    assert counts["topic_switch"] == {"gate_cut_right": 0, "turns": 1, "wrong/given": 1}
    assert counts["all"]["turns"] == 3 and counts["all"]["gate_cut_right"] == 1


def test_the_test_split_is_never_written_turn_by_turn(monkeypatch, tmp_path, capsys) -> None:
    tool = load_tool("followup_stages")
    monkeypatch.setattr(tool, "ask", lambda split: pytest.fail("the split was asked before the refusal"))
    monkeypatch.setattr("sys.argv", ["followup_stages.py", "--split", "test", "--json", str(tmp_path / "t.jsonl")])
    with pytest.raises(SystemExit):
        tool.main()
    assert "tune split only" in capsys.readouterr().err
