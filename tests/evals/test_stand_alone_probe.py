"""The stand-alone probe: the decision is forced for the named turn only, and each way of deciding is scored."""

from __future__ import annotations

import pytest

from .tool_loader import load_tool


def _tool():
    return load_tool("stand_alone_probe")


def _turn(tool, **kw):
    base = dict(conversation="c", set="tune/x", kind="drill_down", index=1, answerable=True, decided_alone=False,
                right=True, right_alone=False, right_carried=True, abstained_alone=False, abstained_carried=False,
                confidence_alone=0.5, confidence_carried=0.5)  # fmt: skip
    return tool.Turn(**(base | kw))


def test_the_decision_is_forced_for_the_named_turn_only_and_restored() -> None:
    from assistant.answer import conversation
    from assistant.answer.conversation import Subject

    tool = _tool()
    subject = Subject("みなと市の商店街補助金", "")
    decide = conversation._stands_alone
    turn, stand = ["補助率は？"], [True]
    with tool.forced(turn, stand):
        assert conversation._stands_alone("補助率は？", subject, None) is True
        # another turn is decided as usual: without co-occurrence evidence a bare 「上限は？」 continues
        assert conversation._stands_alone("上限は？", subject, None) is False
        stand[0] = None
        assert conversation._stands_alone("補助率は？", subject, None) is False
    assert conversation._stands_alone is decide


def test_the_fallback_takes_the_stand_alone_answer_only_over_a_carried_abstention_at_enough_confidence() -> None:
    tool = _tool()
    rescued = _turn(tool, right=False, right_alone=True, right_carried=False, abstained_carried=True,
                    confidence_alone=0.75)  # fmt: skip
    near_miss = _turn(tool, answerable=False, right=True, right_alone=False, right_carried=True,
                      abstained_carried=True, confidence_alone=0.95)  # fmt: skip
    answered = _turn(tool, right_alone=True, right_carried=False, confidence_alone=0.99)  # carried did not abstain
    assert tool.fallback(rescued, 0.7) and not tool.fallback(rescued, 0.8)
    assert not tool.fallback(near_miss, 0.9)  # an unanswerable turn the carried subject rightly abstained on, lost
    assert not tool.fallback(answered, 0.5)
    figures = tool.summary([rescued, near_miss, answered])
    assert figures["turns"] == 3
    assert figures["decided"] == round(2 / 3, 4)
    assert figures["always_carried"] == round(1 / 3, 4)
    assert figures["always_alone"] == round(2 / 3, 4)
    assert figures["better_of_two"] == 1.0
    assert (figures["only_alone_right"], figures["only_carried_right"]) == (2, 1)
    assert figures["fallback_at_0.7"] == round(1 / 3, 4)  # rescued won, near miss lost
    assert figures["fallback_at_0.9"] == 0.0


def test_per_turn_rows_of_the_test_split_are_refused() -> None:
    with pytest.raises(SystemExit):
        _tool().main(["--split", "test", "--json", "/tmp/turns.json"])
