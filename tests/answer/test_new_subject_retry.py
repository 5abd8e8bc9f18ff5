"""A follow-up answered only where the carried subject is not: a turn naming a thing of its own starts anew.

Over the in-memory fakes of `tests/retrieval/test_fakes.py` (an invented town's schemes).
"""

from __future__ import annotations

from assistant.answer.conversation import Resolution, Subject
from tests.retrieval.test_fakes import _answerer

HISTORY = [{"role": "user", "content": "ほたる祭りの来場者は？"}, {"role": "assistant", "content": "約3千人です [1]。"}]


def _carrying(answerer) -> None:
    """Every turn with history is a follow-up carrying 「ほたる祭り」, and every answer found misses that subject."""

    def resolve(question, history, docs=None):
        if not history:
            return Resolution(question, True, None, question)
        return Resolution(f"ほたる祭り {question}", False, Subject("ほたる祭り"), question, carried="ほたる祭り")

    answerer.resolve = resolve
    answerer._missed = lambda *args: "absent"


def test_a_turn_naming_a_thing_of_its_own_is_answered_alone() -> None:
    a = _answerer()
    alone = a.answer("空き家改修補助の上限額を教えてください")
    _carrying(a)
    again = a.answer("空き家改修補助の上限額を教えてください", history=HISTORY)
    assert not again.abstained and again.answer == alone.answer


def test_a_turn_naming_nothing_of_its_own_stays_a_near_miss() -> None:
    a = _answerer()
    _carrying(a)
    assert a.answer("上限はいくら？", history=HISTORY).abstained


def test_a_near_miss_follow_up_is_not_retried_alone() -> None:
    """A follow-up whose carried query found a candidate but missed the detail stays abstained: no retry alone."""
    a = _answerer()
    _carrying(a)
    a._missed = lambda *args: "near"
    asked_with: list[object] = []
    answered = a._answered

    def spy(question, history, docs, top_k, rules=None):
        asked_with.append(history)
        return answered(question, history, docs, top_k, rules)

    a._answered = spy
    assert a.answer("上限はいくら？", history=HISTORY).abstained
    assert asked_with and None not in asked_with
