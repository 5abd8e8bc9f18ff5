"""The follow-up stages: each turn is put where it was decided, and the split's counts add up."""

from __future__ import annotations

import pytest

from .tool_loader import load_tool


def _turn(tool, **kw):
    base = dict(conversation="c", kind="drill_down", index=1, answerable=True, right=True, abstained=False,
                rules_abstained=False, rules_right=True, check="", gate_cut=False, alone_taken=False)  # fmt: skip
    return tool.Turn(**(base | kw))


def test_each_turn_is_put_at_the_stage_that_decided_it() -> None:
    tool = load_tool("followup_stages")
    given = _turn(tool)
    rules = _turn(tool, right=False, abstained=True, rules_abstained=True, rules_right=False)
    check = _turn(tool, right=False, abstained=True, check="member")
    gate = _turn(tool, right=False, abstained=True, gate_cut=True)
    # The gate cut the carried answer and the turn asked alone was served instead; or a given carried answer was
    # replaced by a surer one alone: both are the turn alone's.
    rescued = _turn(tool, gate_cut=True, rules_right=False, alone_taken=True)
    replaced = _turn(tool, alone_taken=True)
    stages = [tool.stage(t) for t in (given, rules, check, gate, rescued, replaced)]
    assert stages == ["given", "rules", "check", "gate", "alone", "alone"]
    # A year the passages never state is cut inside the rules: the turn is the check's, not the rules'.
    year = _turn(tool, right=False, abstained=True, rules_abstained=True, rules_right=False, check="year")
    assert tool.stage(year) == "check"
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
        _turn(tool, kind="topic_switch", gate_cut=True, alone_taken=True),  # a right answer cut, the turn alone served
    ]
    counts = tool.summary(turns)
    assert counts["drill_down"] == {"false_abstention/gate": 2, "gate_cut_right": 1, "turns": 2}
    assert counts["topic_switch"] == {"gate_cut_right": 1, "right/alone": 1, "turns": 2, "wrong/given": 1}
    assert counts["all"]["turns"] == 4 and counts["all"]["gate_cut_right"] == 2


def test_the_test_split_is_never_written_turn_by_turn(monkeypatch, tmp_path, capsys) -> None:
    tool = load_tool("followup_stages")
    monkeypatch.setattr(tool, "ask", lambda split: pytest.fail("the split was asked before the refusal"))
    monkeypatch.setattr("sys.argv", ["followup_stages.py", "--split", "test", "--json", str(tmp_path / "t.jsonl")])
    with pytest.raises(SystemExit):
        tool.main()
    assert "tune split only" in capsys.readouterr().err


class _Gate:
    def __init__(self, p: float) -> None:
        self.p = p

    def probability(self, features):
        return self.p

    def threshold_for(self, features):
        return 0.5


class _Policy:
    def held(self):
        return "held"


class _Answerer:
    """The rules' answer「補助率は2分の1」 with the features and near-miss reason given; records the policy asked with."""

    def __init__(self, gate, features, why="", abstained=False):
        from assistant.types import Answer

        self.confidence, self.policy, self.asked_with = gate, _Policy(), None
        self.rules = Answer("r", "q", "補助率は2分の1です。", abstained, "general", [])
        self.features, self.why = features, why

    def _answered(self, question, history, docs, top_k, policy):
        self.asked_with = policy
        return self.rules, self.features, [], None, self.why, None


def test_a_replayed_turn_tells_the_carried_answer_from_the_one_asked_alone() -> None:
    from types import SimpleNamespace

    from assistant.answer.answerer import ABSTAIN_TEXT
    from assistant.types import Answer

    tool = load_tool("followup_stages")
    conv = SimpleNamespace(id="c", kind="field_switch")
    turn = SimpleNamespace(question="補助率は？", answer="2分の1")
    plain = Answer("s", "q", ABSTAIN_TEXT, True, "general", [])
    alone = Answer("s", "q", "上限は100万円です。", False, "general", [])
    # The gate cut a right carried answer: served as the plain abstention, or replaced by the turn alone.
    cut = tool.replayed(_Answerer(_Gate(0.2), {"below_topic": 0.0}), conv, 1, turn, plain, [])
    assert (tool.stage(cut), tool.outcome(cut), cut.rules_right) == ("gate", "false_abstention", True)
    rescued = tool.replayed(_Answerer(_Gate(0.2), {"below_topic": 0.0}), conv, 1, turn, alone, [])
    assert tool.stage(rescued) == "alone" and rescued.gate_cut
    # A carried answer the gate kept, then replaced by a surer one alone.
    kept = _Answerer(_Gate(0.9), {"below_topic": 0.0})
    replaced = tool.replayed(kept, conv, 1, turn, alone, [])
    assert tool.stage(replaced) == "alone" and not replaced.gate_cut
    assert tool.stage(tool.replayed(kept, conv, 1, turn, kept.rules, [])) == "given"
    # No gate: the rules run with the held bounds, and a value under the topic bound is cut as served.
    ungated = _Answerer(None, {"below_topic": 1.0})
    held = tool.replayed(ungated, conv, 1, turn, plain, [])
    assert ungated.asked_with == "held" and tool.stage(held) == "gate"
