"""The stand-alone probe: the decision is forced for the named turn only, and each way of deciding is scored."""

from __future__ import annotations

import pytest

from .tool_loader import load_tool


def _tool():
    return load_tool("stand_alone_probe")


def _turn(tool, **kw):
    base = dict(conversation="c", set_name="tune/x", kind="drill_down", index=1, answerable=True, decided_alone=False,
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


def _no_engine(monkeypatch) -> None:
    """Loading the engine fails the test: a refusal must come before it (else a whole split would be asked)."""
    from assistant.service import Assistant

    def load(*args, **kwargs):
        raise AssertionError("the engine was loaded")

    monkeypatch.setattr(Assistant, "load", load)


def test_per_turn_rows_of_the_test_split_are_refused(monkeypatch, tmp_path) -> None:
    _no_engine(monkeypatch)
    with pytest.raises(SystemExit):
        _tool().main(["--split", "test", "--json", str(tmp_path / "turns.json")])
    assert not (tmp_path / "turns.json").exists()


def test_a_turn_forced_to_carry_its_subject_is_not_answered_again_alone() -> None:
    """Forced carried, the fallback's checks (`opens_a_subject`, `any_about_the_subject`) are off; decided, on."""
    from assistant.answer import follow_up as fu
    from assistant.answer.conversation import Resolution, Subject
    from assistant.types import Chunk, Hit

    tool = _tool()
    carried = Resolution("q", False, Subject("ひばり商工会の賛助会員の年会費額"))
    turn = "やまびこ協議会の会員企業数は？"  # another body named at length: opens a subject
    text = "ひばり商工会の賛助会員の年会費は1万円。"
    hits = [Hit(Chunk("c1", "900_fake.txt", "架空の町の計画", "", 1, 1, text, text), 1.0, 1)]
    subject = Subject("ひばり商工会の賛助会員")
    opens, about = fu.opens_a_subject, fu.any_about_the_subject
    with tool.forced([turn], [False]):
        assert not fu.opens_a_subject(turn, carried)
        assert not fu.any_about_the_subject(hits, subject, {})
    with tool.forced([turn], [None]):
        assert fu.opens_a_subject(turn, carried)
        assert fu.any_about_the_subject(hits, subject, {})
    assert (fu.opens_a_subject, fu.any_about_the_subject) == (opens, about)


def test_a_forced_carried_turn_is_answered_by_the_answerer_without_its_fallback() -> None:
    """Through the answerer (over the in-memory fakes): forced carried abstains; decided, the fallback answers alone."""
    from tests.answer.test_new_subject_retry import HISTORY, _carrying
    from tests.retrieval.test_fakes import _answerer

    tool = _tool()
    answerer = _answerer()
    # Every carried answer misses; the turn alone is answered from the subject's passage.
    _carrying(answerer, "空き家改修補助")
    with tool.forced(["補助率は？"], [False]):
        assert answerer.answer("補助率は？", history=HISTORY).abstained
    with tool.forced(["補助率は？"], [None]):
        assert not answerer.answer("補助率は？", history=HISTORY).abstained
