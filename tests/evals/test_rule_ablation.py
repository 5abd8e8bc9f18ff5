"""The rule-ablation tool: every rule it names exists, switching one off is undone, and wins and losses are counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from .tool_loader import load_tool

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    return load_tool("rule_ablation")


def test_every_rule_names_a_part_of_the_code_of_its_neutral_kind_and_the_file_it_was_written_in() -> None:
    tool = _tool()
    for name, rule in tool.RULES.items():
        original = getattr(rule.owner(), rule.attr.split(".")[-1])
        # a function stands in for a function, a pattern for a pattern, a word set for a word set
        assert callable(original) == callable(rule.neutral), name
        if not callable(original):
            assert type(original) is type(rule.neutral), name
        assert (ROOT / rule.defined_in).is_file(), name
        assert rule.dated_by() in (ROOT / rule.defined_in).read_text(encoding="utf-8"), name
        assert rule.kind in ("conversations", "questions"), name


def test_a_method_and_a_pattern_are_switched_off_and_restored() -> None:
    from assistant.answer import follow_up
    from assistant.answer.conversation import Subject

    tool = _tool()
    subject = Subject("みなと市の商店街補助金の補助率", "第二期")
    method = tool.Rule(tool._CONV, "Subject.words", lambda self: self.frame, "conversations", tool._CONV_PY)
    assert method.dated_by() == "def words"
    assert subject.words() != subject.frame  # the focus is part of the subject's words
    pattern = follow_up._PLACE_ASKED
    assert pattern.search("その会場は？")
    with tool.switched_off([method, tool.RULES["place_row"]]):
        assert subject.words() == subject.frame
        assert follow_up._PLACE_ASKED.search("その会場は？") is None
    assert subject.words() == "みなと市の商店街補助金の補助率 第二期"
    assert follow_up._PLACE_ASKED is pattern


def test_a_rule_switched_off_stops_acting_and_is_restored_after_the_block_even_on_error() -> None:
    from assistant.answer import constraints

    tool = _tool()
    question, answer = "令和5年度の見学会の参加者は何人？", "見学会の参加者は120人(令和3年度)です [1]。"
    sentence = "見学会の参加者は120人(令和3年度)"
    assert constraints.unmet(question, answer, "120人", sentence) == "year"  # another year than asked
    with tool.switched_off([tool.RULES["year"]]):
        assert constraints.unmet(question, answer, "120人", sentence) != "year"
    assert constraints.unmet(question, answer, "120人", sentence) == "year"
    with pytest.raises(RuntimeError), tool.switched_off([tool.RULES["year"]]):
        raise RuntimeError("a failing pass")
    assert constraints.unmet(question, answer, "120人", sentence) == "year"


def test_wins_and_losses_count_follow_up_turns_of_the_sets_asked_for() -> None:
    tool = _tool()
    on = {"c1#0": ("a", False, True), "c1#1": ("a", True, True), "c2#1": ("b", True, False), "c3#1": ("b", True, True)}
    off = {
        "c1#0": ("a", False, False),
        "c1#1": ("a", True, False),
        "c2#1": ("b", True, True),
        "c3#1": ("b", True, True),
    }
    assert tool.won_lost(on, off) == (1, 1)  # the opening turn c1#0 is not a follow-up
    assert tool.won_lost(on, off, {"a"}) == (1, 0)
    assert tool.won_lost(on, off, set()) == (0, 0)


def test_rules_measured_together_count_only_the_rounds_written_after_the_newest_of_them(monkeypatch) -> None:
    tool = _tool()
    # Times as git writes them (%cI), offsets differing: as text "…T09:00+09:00" would sort after "…T01:00+00:00".
    born = {"def older": "2026-01-01T12:00:00+00:00", "def newer": "2026-03-01T09:00:00+09:00"}
    written = {"r1.jsonl": "2026-02-01T00:00:00+00:00", "r2.jsonl": "2026-03-01T01:00:00+00:00"}

    def commit_time(args):
        return born.get(args[1], "") if args[0] == "-S" else written.get(Path(args[-1]).name, "")

    monkeypatch.setattr(tool, "first_commit_time", commit_time)
    older = tool.Rule(tool._CONV, "older", tool._never, "conversations", tool._CONV_PY)
    newer = tool.Rule(tool._CONV, "newer", tool._never, "conversations", tool._CONV_PY)
    sets = {"tune/r1", "tune/r2"}
    assert tool.later_sets([older], Path("evals/tune"), sets) == sets
    assert tool.later_sets([older, newer], Path("evals/tune"), sets) == {"tune/r2"}
    unknown = tool.Rule(tool._CONV, "unwritten", tool._never, "conversations", tool._CONV_PY)
    assert tool.later_sets([older, unknown], Path("evals/tune"), sets) == set()  # an undated rule dates nothing


def test_joined_rules_of_different_kinds_are_refused(monkeypatch) -> None:
    from assistant.service import Assistant

    def load(*args, **kwargs):
        raise AssertionError("the engine was loaded: the refusal must come first")

    monkeypatch.setattr(Assistant, "load", load)
    tool = _tool()
    conversation = next(n for n, r in tool.RULES.items() if r.kind == "conversations")
    question = next(n for n, r in tool.RULES.items() if r.kind == "questions")
    with pytest.raises(SystemExit):
        tool.main([f"{conversation}+{question}"])
    with pytest.raises(SystemExit):
        tool.main([f"{conversation}+no_such_rule"])
