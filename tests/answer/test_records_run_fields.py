"""A programme's period and ministry asked by name are read from its record, on invented records."""

from __future__ import annotations

import pytest

from assistant.answer.from_records import _programme_answer_text
from assistant.question.rules import asks
from assistant.records.make import programme_record
from assistant.records.models import Rate

# An invented prefecture's list of its office's projects under a heading giving the year and the office.
LINES = [
    "Ｒ９年度における桜川地域振興室の主な取組",
    "桜川里山ガイド育成事業 里山を案内するガイドを育てる。",
    "桜川空き店舗再生事業 空き店舗の改修を支援する。補助率1/2",
]
GUIDES = programme_record(
    "x.txt", LINES, 1, 2, name="桜川里山ガイド育成事業", ministry="桜川地域振興室", period="Ｒ９年度"
)
# A project page whose office was filled from the document's cover: its own lines never write it.
COVER_LINES = ["桜川地域振興室", "（表紙）", "桜川里山ガイド育成事業", "【里山地区】", "里山を案内するガイドを育てる。"]
FROM_COVER = programme_record(
    "y.txt", COVER_LINES, 3, 5, name="桜川里山ガイド育成事業", ministry="桜川地域振興室", period="Ｒ９年度"
)
SHOPS = programme_record("x.txt", LINES, 3, 3, name="桜川空き店舗再生事業", rates=[Rate("1/2")])


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("桜川里山ガイド育成事業の期間は？", "programme_period"),
        ("みどり祭りの開催日を教えて", "programme_period"),
        ("この事業の実施年度は？", "programme_period"),
        ("桜川里山ガイド育成事業の所管は？", "programme_ministry"),
        ("空き店舗再生事業って担当省庁はどこ？", "programme_ministry"),
        ("どこの省の事業？", "programme_ministry"),
    ],
)
def test_a_period_or_ministry_asked(question: str, rule: str) -> None:
    assert asks(rule, question)


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("桜川ビジョンの計画期間は？", "programme_period"),  # a plan's own span, not a programme's run
        ("桜川空き店舗再生事業を所管する施設は？", "programme_ministry"),
        ("所管外の事業は？", "programme_ministry"),
        ("みどり祭りの会期中の来場者数は？", "programme_period"),
        ("実施期間中の参加者数は？", "programme_period"),
        ("みどり祭りの開催日の天気は？", "programme_period"),
        ("補助率は？", "programme_period"),
        ("補助率は？", "programme_ministry"),
    ],
)
def test_near_forms_ask_neither(question: str, rule: str) -> None:
    assert not asks(rule, question)


def test_the_record_states_the_period_and_ministry_asked() -> None:
    text = _programme_answer_text(GUIDES, "桜川里山ガイド育成事業の期間は？")
    assert text is not None and "期間: Ｒ９年度" in text and "所管" not in text
    text = _programme_answer_text(GUIDES, "桜川里山ガイド育成事業の所管を教えて")
    assert text is not None and "所管: 桜川地域振興室" in text and "期間" not in text


def test_a_ministry_its_lines_never_write_is_not_stated() -> None:
    """The cover's publisher is who wrote the document; the passages may say who runs the project (or nothing)."""
    assert _programme_answer_text(FROM_COVER, "桜川里山ガイド育成事業の所管は？") is None
    text = _programme_answer_text(FROM_COVER, "桜川里山ガイド育成事業の期間は？")
    assert text is not None and "期間: Ｒ９年度" in text


def test_a_record_without_the_field_leaves_the_passages_to_answer() -> None:
    assert _programme_answer_text(SHOPS, "桜川空き店舗再生事業の期間は？") is None
    assert _programme_answer_text(SHOPS, "桜川空き店舗再生事業の所管は？") is None


def test_a_rate_answer_does_not_add_the_period_or_ministry() -> None:
    record = programme_record(
        "x.txt",
        LINES,
        3,
        3,
        name="桜川空き店舗再生事業",
        rates=[Rate("1/2")],
        ministry="桜川地域振興室",
        period="Ｒ９年度",
    )
    text = _programme_answer_text(record, "桜川空き店舗再生事業の補助率は？")
    assert text is not None and "1/2" in text and "所管" not in text and "Ｒ９" not in text


# -- 「対象経費」 asks costs only; 「対象を教えて」 asks the terms as 「対象は」 does -----------------------------


@pytest.mark.parametrize(
    "question", ["桜川空き店舗再生事業の対象経費は？", "補助対象事業費は？", "支援対象費用を教えて"]
)
def test_costs_asked_are_not_applicants_asked(question: str) -> None:
    assert not asks("programme_eligible", question)


@pytest.mark.parametrize("question", ["桜川空き店舗再生事業の支援対象は？", "対象者は誰？", "対象を教えて"])
def test_applicants_still_asked(question: str) -> None:
    assert asks("programme_eligible", question)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("桜川里山ガイド育成事業の対象を教えて", True),
        ("桜川里山ガイド育成事業って対象は？", True),
        ("里山ガイド育成の対象って誰？", True),
        ("対象を拡大したのはいつ？", False),  # a change of scope, not the terms
        ("対象地域の人口は？", False),
    ],
)
def test_the_terms_asked_by_a_request(question: str, expected: bool) -> None:
    assert asks("programme_terms", question) is expected


def test_a_costs_question_is_answered_from_costs_alone() -> None:
    record = programme_record("x.txt", LINES, 3, 3, name="桜川空き店舗再生事業", covered_costs=["空き店舗の改修費"])
    text = _programme_answer_text(record, "桜川空き店舗再生事業の対象経費は？")
    assert text is not None and "対象経費: 空き店舗の改修費" in text
