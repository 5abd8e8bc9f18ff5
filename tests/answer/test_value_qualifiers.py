"""A value keeps the qualifiers written with it: per what it is counted, where a period starts (invented text)."""

from __future__ import annotations

from assistant.answer.values import DURATION, find_value, with_qualifiers
from assistant.question.kinds import analyze


def _at(text: str, value: str) -> str:
    i = text.index(value)
    return with_qualifiers(text, i, i + len(value))


def test_a_fee_per_year_keeps_its_period() -> None:
    assert _at("正会員(30万円/年)・準会員(5万円/年)", "5万円") == "5万円/年"
    assert _at("利用料は1回/月まで", "1回") == "1回/月"


def test_where_a_period_starts_stays_with_the_date() -> None:
    assert _at("令和 7 年度からの新たな補助制度", "令和 7 年度") == "令和 7 年度から"
    # A figure after から is another value (a range's other end or a span), not this one's qualifier.
    assert _at("令和7年度から10年間", "令和7年度") == "令和7年度"


def test_an_era_year_written_with_spaces_is_a_date_not_a_span() -> None:
    assert DURATION.findall("平成 21 年に設立し、3年間の実証を行った") == ["3年間"]
    assert DURATION.findall("令和 5 年度まで") == []


def test_a_date_asked_with_a_spaced_era_is_read_whole() -> None:
    assert find_value("北町協議会は平成 21 年に発足した。", analyze("北町協議会が発足したのは何年？")) == "平成 21 年"


def test_a_part_of_a_whole_is_answered_only_by_a_value_written_with_it() -> None:
    from assistant.text.normalize import normalize

    q = analyze("会員約300名のうち、学生は何人？")
    # 学生 is named in the sentence, but in another clause than either figure.
    text = normalize("現在、会員は約300名、うちボランティア登録は約90名で、学生・社会人・高齢者が参加している。")
    assert find_value(text, q) is None
    text = normalize("会員は約300名で、うち学生は約70名、社会人は約150名となっている。")
    assert find_value(text, q) == "約70名"
    text = normalize("会員約300名(うち学生約70名)が参加")  # a bracket is not a clause boundary
    assert find_value(text, q) == "約70名"


def test_a_values_own_label_runs_back_to_the_number_before_it() -> None:
    from assistant.answer.values import value_label

    assert value_label("正会員(30万円/年)・準会員(5万円/年)", "5万円") == "万円/年)・準会員("
    assert value_label("会員は約300名、うち学生は約70名", "約70名") == "うち学生は"
    assert value_label("学生は約70名", "約90名") == ""  # not in the text


def test_ten_tenths_is_read_whole_not_as_zero_tenths() -> None:
    # 「10割」 is all of it; its last digit alone (「0割」) is a value nobody wrote.
    asked = analyze("路線バスの運賃補助は何割まで？")
    assert find_value("東町の路線バスの運賃補助は10割まで拡充する。", asked) == "10割"
    assert find_value("西町では運賃の3割を補助する。", asked) == "3割"
    assert find_value("補助は七割とする。", asked) == "七割"


def test_a_rate_written_with_etc_keeps_it_but_not_a_word_starting_with_it() -> None:
    # 「1/3等」: other rates stand beside it (a table cell), so the value is said with its 等.
    assert _at("民間事業者等 | 1/3等 | R7当初", "1/3") == "1/3等"
    assert _at("耐震は3等級", "3") == "3"


def test_prose_etc_is_no_table_cells() -> None:
    # 「500万円等を勘案」「1/2 等々」: 等 lists other things in prose; only a table cell's 「1/3等 |」 keeps it.
    assert _at("職員数、予算500万円等を勘案して配分する。", "500万円") == "500万円"
    assert _at("上限額は500万円等(詳細は要綱)", "500万円") == "500万円"
    assert _at("補助率 1/2 等々", "1/2") == "1/2"
