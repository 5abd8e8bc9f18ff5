"""A follow-up asked alone as well (`answer/alone_turn.py`), with stand-in answers."""

from __future__ import annotations

import pytest

from assistant.answer.alone_turn import ALONE_MARGIN, own_thing, surer_alone, with_turn_alone
from assistant.answer.conversation import Resolution, Subject
from assistant.types import Answer, Chunk, Citation, Hit


def _answer(text: str, confidence: float | None, abstained: bool = False) -> Answer:
    return Answer(id="a", question="q", answer=text, abstained=abstained, kind="general", confidence=confidence)


CARRIED = Resolution(
    query="みなと町移住支援金 就労体験型の人数は？", stands_alone=False, subject=Subject("みなと町移住支援金")
)


def _never() -> tuple[Answer, list[Hit]]:
    raise AssertionError("the turn was asked alone")


def _no_hits() -> list[Hit]:
    return []


def test_a_surer_answer_to_the_turn_alone_replaces_the_carried_one() -> None:
    carried = (_answer("約120人です [1]。", 0.40), [])
    alone = (_answer("約45人です [1]。", 0.40 + ALONE_MARGIN + 0.1), [])
    got = with_turn_alone("就労体験型の人数は？", carried, CARRIED, lambda: alone, _no_hits, {})
    assert got is alone


def test_an_answer_alone_not_surer_by_the_margin_leaves_the_carried_one() -> None:
    carried = (_answer("約120人です [1]。", 0.40), [])
    alone = (_answer("約45人です [1]。", 0.40 + ALONE_MARGIN / 2), [])
    assert with_turn_alone("就労体験型の人数は？", carried, CARRIED, lambda: alone, _no_hits, {}) is carried
    refused = (_answer("資料には該当する記載が見つかりませんでした。", None, abstained=True), [])
    assert with_turn_alone("就労体験型の人数は？", carried, CARRIED, lambda: refused, _no_hits, {}) is carried


@pytest.mark.parametrize(
    "turn",
    [
        "その就労体験型の人数は？",  # points back: it reads only in context
        "人数は？",  # names no thing of its own
    ],
)
def test_a_turn_that_reads_only_in_context_is_not_asked_alone(turn: str) -> None:
    carried = (_answer("約120人です [1]。", 0.40), [])
    assert not surer_alone(turn, carried[0])
    assert with_turn_alone(turn, carried, CARRIED, _never, _no_hits, {}) is carried


def test_without_a_gate_probability_the_carried_answer_stands() -> None:
    carried = (_answer("約120人です [1]。", None), [])
    assert with_turn_alone("就労体験型の人数は？", carried, CARRIED, _never, _no_hits, {}) is carried


def test_a_carried_turn_finding_nothing_is_asked_alone_when_it_opens_a_subject() -> None:
    refused = (_answer("資料には該当する記載が見つかりませんでした。", None, abstained=True), [])
    alone = (_answer("令和6年4月です [1]。", 0.7), [])
    got = with_turn_alone("さくら台地区交流センターの開館はいつ？", refused, CARRIED, lambda: alone, _no_hits, {})
    assert got is alone


@pytest.mark.parametrize(
    ("turn", "names"),
    [
        ("対象経費は？", False),  # field words only
        ("所管省庁は？", False),
        ("参加者数は？", False),  # a field named with one word besides
        ("就労体験型の人数は？", True),
        ("ｼﾙﾊﾞｰ会員は？", True),  # half-width kana read as full-width
        ("計画策定経費補助の対象になる費用は？", True),
    ],
)
def test_a_turn_naming_only_a_field_names_no_thing_of_its_own(turn: str, names: bool) -> None:
    assert own_thing(turn) is names


def test_an_answer_alone_read_under_another_events_title_is_not_taken() -> None:
    """「参加企業数は？」 after a fair's dates: the figure alone is a job fair's, under that fair's title."""
    slide = "○みどり町合同企業説明会\n開催日：令和6年6月3日\n企業数：22社"
    chunk = Chunk("c", "doc.txt", "資料", "", 1, 3, slide, slide)
    cite = Citation(1, "c", "doc.txt", "資料", None, slide, "企業数：22社", 1, 3)
    alone_answer = _answer("22社です [1]。", 0.9)
    alone_answer.citations = [cite]
    refused = (_answer("資料には該当する記載が見つかりませんでした。", None, abstained=True), [])
    fair = Resolution(
        query="みどり町特産品フェアの開催日 参加企業数は？", stands_alone=False, subject=Subject("みどり町特産品フェア")
    )
    got = with_turn_alone(
        "みどり町の参加企業数は？", refused, fair, lambda: (alone_answer, []), _no_hits, {}, lambda a: [chunk]
    )
    assert got is refused
    # Without the passages the guard cannot read, and the answer alone is taken as before.
    assert (
        with_turn_alone("みどり町の参加企業数は？", refused, fair, lambda: (alone_answer, []), _no_hits, {})[0]
        is alone_answer
    )
