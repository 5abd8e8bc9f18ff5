"""Where an event was held, for the gate's `kind_absent`: the venue itself asked, and a facility named answers it.

Every example is invented: a venue's attribute (定員, アクセス) is not the venue, and a facility's head noun
(会館, 公民館, ホール, 道の駅, ホテル) names a site even when the name reader takes it for neither place nor name.
"""

from __future__ import annotations

import pytest

from assistant.answer.kind_checks import facility_named, kind_absent
from assistant.question.rules import asks
from assistant.text.normalize import normalize


@pytest.mark.parametrize(
    ("question", "held_at"),
    [
        ("講習会はどこで催されたの？", True),
        ("講習会はどこで実施されたの？", True),
        ("講習会はどこで行われた？", True),
        ("講習会の会場はどこ？", True),
        ("講習会の会場は？", True),
        ("講習会の開催場所は？", True),
        ("講習会の開催地を教えて", True),
        ("講習会って、どこで開いたんですか？", True),
        ("講習会はどこが会場ですか？", True),
        ("みなと会場の受講者は何人？", False),  # one venue's count, not where
        ("講習会の会場の定員は？", False),  # an attribute of the venue
        ("講習会の会場へのアクセス方法は？", False),
        ("講習会の会場参加の申込期限は？", False),
        ("講習会の開催地の人口は？", False),
        ("転入届はどこで行政手続きをしますか？", False),  # another verb after どこで
        ("この装置はどこで開発された？", False),
        ("駐車場所はありますか？", False),
    ],
)
def test_held_at_asks_the_venue_itself_not_an_attribute_of_it(question: str, held_at: bool) -> None:
    assert asks("held_at", normalize(question)) is held_at


def _absent(question: str, answer: str) -> bool:
    return kind_absent(normalize(question), answer, question)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("講習会の会場の定員は？", "定員は120名 [1]"),
        ("講習会の会場へのアクセス方法は？", "最寄りのバス停から徒歩5分 [1]"),
        ("講習会の会場参加の申込期限は？", "申込期限は令和7年2月3日(月)まで [1]"),
    ],
)
def test_an_attribute_of_the_venue_answered_by_a_figure_is_not_kind_absent(question: str, answer: str) -> None:
    assert not _absent(question, answer)


@pytest.mark.parametrize(
    "answer",
    [
        "ひばり台市民会館 [1]",
        "北公民館第1研修室で開催 [1]",
        "あおぞら文化ホール [1]",
        "道の駅かざぐるま [1]",
        "ホテルみさき3階 [1]",
        "本庁舎5階大会議室 [1]",
    ],
)
def test_a_facility_named_in_the_lead_answers_where_an_event_was_held(answer: str) -> None:
    assert not _absent("講習会はどこで催されたの？", answer)


@pytest.mark.parametrize(
    "answer",
    [
        "令和7年2月3日 13時30分から [1]",  # a date is no venue
        "開催場所については追ってお知らせします [1]",  # 場所 mentioned, not labelled
        "講習会には大学生40名が参加した [1]",  # 大学 inside 大学生 names no site
    ],
)
def test_a_date_or_a_mention_of_place_is_not_a_venue(answer: str) -> None:
    assert _absent("講習会はどこで催されたの？", answer)


def test_a_site_label_gives_the_venue() -> None:
    assert not _absent("講習会の開催場所は？", "日時：2月3日 場所：第2分庁舎 [1]")
    assert not _absent("講習会の開催場所は？", "会場: みずほ台 [1]")


def test_a_facility_the_question_already_writes_is_not_an_answer() -> None:
    assert not facility_named("公民館講座 [1]", "公民館講座はどこの施設で催された？")
    assert facility_named("ひばり台市民会館 [1]", "公民館講座はどこの施設で催された？")
