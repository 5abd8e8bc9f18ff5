"""Question rules: what a phrasing asks for."""

from __future__ import annotations

import pytest


def test_costs_that_become_eligible_ask_for_costs_not_applicants() -> None:
    from assistant.question.rules import asks

    for question in ("対象になる経費は？", "補助の対象となる費用は？"):
        assert asks("programme_terms", question) and asks("programme_costs", question)
        assert not asks("programme_eligible", question)
    assert asks("programme_eligible", "対象になる団体は？")


def test_the_role_whose_holder_is_asked() -> None:
    from assistant.question.rules import asked_role

    assert asked_role("商店街振興組合の理事長は誰ですか?") == "理事長"
    assert asked_role("観光協会で会長を務める人は誰?") == "会長"
    assert asked_role("実行委員会の委員長はどなた?") == "委員長"
    assert asked_role("協議会の構成員は誰?") is None  # members, not a role
    assert asked_role("理事長の任期は何年?") is None  # the role is named, its holder is not asked
    assert asked_role("審査会の副委員長は誰?") == "副委員長"  # a deputy is its own role, not the chair
    assert asked_role("研究会の座長代理を務めるのは誰?") == "座長代理"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("報告会の会場はどこなの", True),
        ("講師を務めたのは誰？", True),
        ("この制度の名称は？", True),
        ("この試みを何と呼ぶのですか", True),
        ("人口はどこまで落ち込む見通しですか", False),  # a degree, not a place
        ("参加者は何人ですか", False),
        ("なぜ始めたのですか", False),
    ],
)
def test_a_name_asked(question: str, expected: bool) -> None:
    from assistant.question.rules import asks
    from assistant.text.normalize import normalize

    assert asks("named_one", normalize(question)) is expected


def test_both_ends_of_a_range_asked() -> None:
    from assistant.question.rules import asks

    assert asks("range", "参加できるのは何歳から何歳までですか?")
    assert asks("range", "展示はいつからいつまで開かれていた?")
    assert not asks("range", "何歳までが対象?")  # one end
    assert not asks("range", "いつから始まった?")


@pytest.mark.parametrize(
    "question",
    [
        "説明会の開催時間は？",
        "時間は？",
        "受付の時間帯は？",
        "交流会は何時から？",
        "式典はいつ何時に始まる？",
        "開始時刻は？",
    ],
)
def test_a_time_of_day_is_asked_as_a_date(question: str) -> None:
    """「開催時間は」「時間帯は」「何時から」 ask when in the day: a clock time, a kind of date."""
    from assistant.question.rules import asks
    from assistant.text.normalize import normalize

    q = normalize(question)
    assert asks("clock", q) and asks("date", q)


@pytest.mark.parametrize(
    "question",
    [
        "通勤時間は何分？",
        "時間外労働の上限は？",
        "移動に何時間かかる？",
        "労働時間は？",
        "研修の実施時間は何時間？",
        "時間はどのくらい？",
        "実施時間数は？",
        "時間帯別の利用者数は？",
        "営業時間を延長した店舗数は？",
        "時刻表はどこで見られる？",
        "時間を短縮するための取組は？",
    ],
)
def test_hours_counted_are_no_time_of_day(question: str) -> None:
    """Hours counted or changed, a timetable, a breakdown by hour: no time of day is asked."""
    from assistant.question.rules import asks
    from assistant.text.normalize import normalize

    assert not asks("clock", normalize(question))
