"""The value forms' guards (`answer/value_forms.py`): what a relative time, a bracketed count or a count before の
is not, and the numbers a question states."""

from __future__ import annotations

import pytest

from assistant.answer.lead_value import lead_value
from assistant.answer.value_choice import VALUE_FEATURES, value_candidates
from assistant.answer.value_forms import states_value
from assistant.answer.value_words import value_words
from assistant.answer.values import find_value
from assistant.question.kinds import analyze
from assistant.text.normalize import normalize


def _found(sentence: str, question: str) -> tuple[str | None, list[str]]:
    """``find_value``'s pick and the candidate values."""
    intent = analyze(question)
    text = normalize(sentence)
    near = value_words(question, intent)
    prior = find_value(text, intent, near)
    return prior, [c.value for c in value_candidates(text, intent, near, lambda t: float(len(t)), prior)]


def _asked_noun(sentence: str, question: str) -> list[str]:
    """The candidates marked as counting the asked noun."""
    intent = analyze(question)
    text = normalize(sentence)
    near = value_words(question, intent)
    at = VALUE_FEATURES.index("asked_noun")
    found = value_candidates(text, intent, near, lambda t: float(len(t)), find_value(text, intent, near))
    return [c.value for c in found if c.features[at]]


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        # a date question not asking a deadline, a period or a review: 「5年前」「10年後」 say no date
        ("本計画は、5年前と比較して人口が2割減少したことを踏まえ策定した。", "計画はいつ策定された？"),
        ("10年後の将来像を見据えて計画を策定した。", "計画はいつ策定された？"),
        ("約50年前に建設された施設が老朽化している。", "施設はいつ改修する？"),
        # counted from the asked event itself
        ("検討チームの設置から3年後に中間評価を行う。", "検討チームの発足は何年度？"),
        # a clock time not counted from a day: opening hours, not a deadline
        ("窓口は午前9時から午後5時まで開いています。", "申請の締切はいつ？"),
        ("会議は午後1時から午後5時まで開催する。", "申込はいつまで？"),
        # compared with, not when
        ("申請の期限は未定だが、10年前と比べて申請は2倍に増えた。", "申請の期限はいつ？"),
    ],
)
def test_a_relative_time_is_no_answer_to_these(sentence: str, question: str) -> None:
    prior, found = _found(sentence, question)
    assert prior is None or not any(w in prior for w in ("前", "後", "時"))
    assert not [v for v in found if v.endswith(("前", "後", "まで")) or "時" in v]


def test_a_relative_time_counted_from_another_point_still_answers_a_deadline() -> None:
    assert _found("予約は利用日の3日前までに行う。", "予約は何日前まで？")[0] == "3日前まで"
    assert _found("乗車の前日午後5時までに予約が必要。", "予約はいつまで？")[0] == "前日午後5時まで"


@pytest.mark.parametrize(
    ("sentence", "key", "said"),
    [
        ("中間年度の5年後に必要な見直しを行う。", "5年後", "中間年度の5年後"),
        ("策定から10年後に全面改定する。", "10年後", "策定から10年後"),
        ("令和7年度に策定し、5年後に見直す。", "5年後", "5年後"),  # not across a clause
    ],
)
def test_a_relative_time_is_said_with_what_it_counts_from(sentence: str, key: str, said: str) -> None:
    assert lead_value(sentence, key, "いつ見直す？") == said


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("計画を策定した市町村(2023)の一覧を別表に示す。", "計画を策定した市町村はいくつ？"),  # a year
        ("対象市町村(01)北町 (02)南町", "対象市町村はいくつ？"),  # codes
        ("支援の対象となる市町村 (1) 人口5万人未満 (2) 財政力指数0.5未満", "対象となる市町村はいくつ？"),
        ("重点分野(1)人材 (2)交通", "重点分野はいくつ？"),  # list numbers
        ("モデル事業(全国20)のうち5事業を選定する。", "選定した事業は何件？"),  # counted elsewhere with 事業
    ],
)
def test_a_bracketed_number_that_is_no_count(sentence: str, question: str) -> None:
    prior, found = _found(sentence, question)
    assert prior not in ("2023", "01", "1", "全国20")
    assert not [v for v in found if v in ("2023", "01", "1", "全国20")]


@pytest.mark.parametrize(
    ("sentence", "question", "number"),
    [
        ("都市よりも地方 20 の中小都市の方が取組が進む。", "どれだけの中小都市で取組が進む？", "20"),  # a footnote
        ("参加団体の1/3の団体が継続した。", "どれだけの団体が継続した？", "3"),  # a denominator
        ("問合せは03-1234-5678の窓口まで。", "窓口はいくつある？", "5678"),  # a phone number
        ("2024の目標を達成した市町村がある。", "どれだけの目標を達成した？", "2024"),  # a year
        ("地域づくりの第 3 の柱として、12の事業を実施する。", "柱はいくつ？", "3"),  # a spaced ordinal
    ],
)
def test_a_number_before_no_is_no_count(sentence: str, question: str, number: str) -> None:
    assert number not in _asked_noun(sentence, question)
    assert not (_found(sentence, question)[0] or "").startswith(number)


def test_a_section_number_or_a_footnote_mark_before_no_is_no_counted_candidate() -> None:
    # (find_value's counted-noun pattern still reads 「基盤 2の整備」: its spaced-before guard is not done.)
    assert "2" not in _asked_noun("デジタル基盤 2の整備を進める。", "いくつの整備を進める？")
    assert "3.2" not in _asked_noun("本計画は3.2の事業一覧に示す事業を行う。", "どれだけの事業一覧がある？")


def test_a_count_before_no_is_one() -> None:
    assert _asked_noun("全国1,287の団体のうち300の団体が参加した。", "どれだけの団体が参加した？") == ["1,287", "300"]


def test_a_number_the_question_states_is_matched_whole_not_inside_a_year() -> None:
    # 「20」 is not stated by 「2025年度」, nor 「7」 by 「令和7年度」: both paths keep them alike.
    assert "20" in _found("2025年度は全国20の団体が参加し、前年度は15団体。", "2025年度の参加団体は何団体？")[1]
    prior, found = _found("令和7年度は、市町村(7)、企業(3)が参加。", "令和7年度に参加した市町村はいくつ？")
    assert prior == "7" and "7" in found


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("研修は令和5年4月1日 3時間程度行う。", "令和5年4月1日"),  # 3時間 counts hours: no clock time
        ("研修は令和5年4月1日(土) 2時間の講義を行う。", "令和5年4月1日"),
        ("令和5年3月31日 12時点の登録者数", "令和5年3月31日"),  # 12時点 names a point
        ("2030年 8時間労働", "2030年"),
    ],
)
def test_hours_counted_after_a_date_are_no_clock_time(sentence: str, key: str) -> None:
    assert lead_value(sentence, key) == key


def test_after_a_date_and_its_time_the_words_are_the_events() -> None:
    assert lead_value("説明会 令和5年4月1日 10時開始", "令和5年4月1日") == "令和5年4月1日 10時"


def test_a_span_before_a_total_starts_at_a_word() -> None:
    assert lead_value("補助事業開始後5年間で累計600件", "累計600件") == "5年間で累計600件"


def test_a_figures_own_year_is_read_as_the_year_helpers_write_it() -> None:
    assert lead_value("利用者 1,806万人(2023年)", "1,806万人") == "1,806万人(2023年)"
    assert lead_value("利用者 1,806万人(R5年度末時点)", "1,806万人") == "1,806万人(R5年度末時点)"


@pytest.mark.parametrize(
    ("sentence", "question", "date"),
    [
        # an era letter with month and day after slashes, as a schedule table writes it
        ("→ R6/11/28 審議会総会に報告", "報告書は総会にいつ報告された？", "R6/11/28"),
        ("・第2回 H30/4/3 中間取りまとめ", "中間取りまとめはいつ？", "H30/4/3"),
    ],
)
def test_an_era_date_written_with_slashes_is_one_whole_date(sentence: str, question: str, date: str) -> None:
    prior, values = _found(sentence, question)
    assert prior == date
    assert date in values


def test_a_value_the_question_states_is_not_its_answer_however_the_document_spaces_it() -> None:
    # the PDF text spaces 「500 人」; the question writes 「500人」: the threshold it states is not what it asks
    prior, values = _found(
        "登録者が 500 人 を超えた団体は、市内で 12 団体 あった。", "登録者が500人を超えた団体はいくつ？"
    )
    assert "500 人" not in values
    assert prior == "12 団体"


@pytest.mark.parametrize(
    ("value", "question", "stated"),
    [
        ("30 か所", "30か所以上ある施設は？", True),  # spaces inside the value are the PDF's
        # a digit, a space and a digit are two numbers: 「設問2 50人」 is not 「設問250人」
        ("50人", "設問2 50人以上の学校はいくつ？", True),
        ("250人", "設問2 50人以上の学校はいくつ？", False),
        ("50 人以上", "設問2 50人以上の学校はいくつ？", True),
    ],
)
def test_a_stated_value_is_read_with_spaces_dropped_but_between_two_digits(
    value: str, question: str, stated: bool
) -> None:
    assert states_value(value, question) is stated


def test_a_number_after_a_digit_and_a_space_in_the_question_is_still_the_questions_own() -> None:
    prior, values = _found("部員が 50 人以上の学校は 6 校、それ未満は 14 校。", "設問2 50人以上の学校はいくつ？")
    assert "50 人以上" not in values
    assert prior == "6 校"


@pytest.mark.parametrize(
    ("sentence", "question", "value"),
    [
        (
            "日時:令和7年5月10日(土)13:30~16:00 会場:みどり市民会館",
            "交流会の開催時間は？",
            "令和7年5月10日(土)13:30~16:00",
        ),
        ("受付は午前9時から、説明は10時30分から行う。", "受付は何時から？", "午前9時から"),
    ],
)
def test_a_time_of_day_asked_is_read_with_its_clock_time(sentence: str, question: str, value: str) -> None:
    """A time of day asked is answered by the clock time, with the date it is written after."""
    assert find_value(normalize(sentence), analyze(question)) == value


def test_a_date_without_a_clock_time_does_not_answer_a_time_of_day() -> None:
    """「令和7年5月」 says the month, not when in the day the bus runs."""
    assert (
        find_value(normalize("あおば町のデマンドバスは令和7年5月に運行を始めた。"), analyze("運行の時間帯は？")) is None
    )


@pytest.mark.parametrize(
    ("sentence", "question", "value"),
    [
        # a count asked beside a time of day: the count answers
        ("9:00~12:00の時間帯の利用者数は120人だった。", "午前の時間帯の利用者数は？", "120人"),
        # 「いつまで」 asks a deadline's date; 「何時まで」 (なんじ) the hour, which a date alone does not say
        ("受付期限は令和7年3月31日(月)まで。", "申請はいつまで？", "令和7年3月31日(月)まで"),
        ("受付期限は令和7年3月31日(月)まで。", "申請は何時まで？", None),
    ],
)
def test_a_time_of_day_gives_way_to_a_count_and_no_date_alone_says_the_hour(sentence: str, question: str, value):
    assert find_value(normalize(sentence), analyze(question)) == value


def test_the_digits_of_a_scale_or_ratio_are_no_clock_time() -> None:
    """「1:25000」 is a scale: 「1:25」 is no time of the day it was held."""
    text = normalize("縮尺1:25000の地図を配布。説明会は令和7年5月10日に開催した。")
    assert find_value(text, analyze("説明会の開催時間は？")) is None
