"""A follow-up answered only where the carried subject is not: a turn naming a thing of its own starts anew.

Over the in-memory fakes of `tests/retrieval/test_fakes.py` (an invented town's schemes).
"""

from __future__ import annotations

from assistant.answer.conversation import Resolution, Subject
from tests.retrieval.test_fakes import _answerer

HISTORY = [{"role": "user", "content": "ほたる祭りの来場者は？"}, {"role": "assistant", "content": "約3千人です [1]。"}]


def _carrying(answerer, subject: str = "ほたる祭り") -> None:
    """Every turn with history is a follow-up carrying ``subject``, and every answer found misses that subject."""

    def resolve(question, history, docs=None):
        if not history:
            return Resolution(question, True, None, question)
        return Resolution(f"{subject} {question}", False, Subject(subject), question, carried=subject)

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


def _asked_alone(answerer) -> list[object]:
    """The histories `_answered` is called with from now on (None: the turn asked alone)."""
    asked_with: list[object] = []
    answered = answerer._answered

    def spy(question, history, docs, top_k, rules=None):
        asked_with.append(history)
        return answered(question, history, docs, top_k, rules)

    answerer._answered = spy
    return asked_with


def test_a_near_miss_of_a_subject_the_documents_do_not_hold_is_not_answered_again_alone() -> None:
    """No passage retrieved for the turn alone names 「ほたる祭り」: the carried abstention stands, with no second answer."""
    a = _answerer()
    _carrying(a)
    asked_with = _asked_alone(a)
    assert a.answer("上限はいくら？", history=HISTORY).abstained
    assert asked_with == [HISTORY]


def test_a_carried_abstention_is_replaced_by_the_answer_alone_from_the_subjects_passage() -> None:
    """「補助率は？」 carrying 「空き家改修補助」: asked alone, it is answered from that programme's passage."""
    a = _answerer()
    alone = a.answer("補助率は？")
    assert alone.citations[0].chunk_id == "c1"  # the fixture: the rate is written under ■空き家改修補助
    _carrying(a, "空き家改修補助")
    asked_with = _asked_alone(a)
    again = a.answer("補助率は？", history=HISTORY)
    assert not again.abstained and again.answer == alone.answer
    assert asked_with == [HISTORY, None]


def test_an_answer_alone_from_another_subjects_passage_is_not_taken() -> None:
    """「上限はいくら？」 carrying 「空き家改修補助」: alone it cites the relocation grant's cap, a near miss of the subject."""
    a = _answerer()
    alone = a.answer("上限はいくら？")
    assert not alone.abstained and alone.citations[0].chunk_id == "c0"  # 移住支援金's 上限100万円
    _carrying(a, "空き家改修補助")
    asked_with = _asked_alone(a)
    again = a.answer("上限はいくら？", history=HISTORY)
    assert again.abstained and not again.citations
    assert asked_with == [HISTORY, None]  # asked alone (a passage held the subject), then not taken


def test_a_near_miss_follow_up_is_not_retried_alone() -> None:
    """A carried turn whose candidate missed the asked detail, with no passage of its own about the subject: abstained."""
    a = _answerer()
    _carrying(a)
    a._missed = lambda *args: "near"
    asked_with = _asked_alone(a)
    assert a.answer("上限はいくら？", history=HISTORY).abstained
    assert asked_with and None not in asked_with
