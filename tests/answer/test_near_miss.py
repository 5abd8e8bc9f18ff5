"""Near misses read from the answer's own words (`assistant.answer.near_miss`), on invented passages."""

from __future__ import annotations

from assistant.answer.near_miss import span_other, spans_in, value_echoed


def test_a_value_the_question_already_gives() -> None:
    # 「約800のうち、港区は」 answered with the 800: the answer repeats the whole the question names.
    assert value_echoed("空き店舗約800のうち、港区にあるのはいくつ？", "約800店舗")
    assert not value_echoed("空き店舗約800のうち、港区にあるのはいくつ？", "42店舗")
    assert not value_echoed("空き店舗はいくつ？", "約800店舗")
    # A year the question names, given back as the date asked, is an answer.
    assert not value_echoed("令和5年度の報告会の開催日は？", "令和5年度")
    assert not value_echoed("空き店舗はいくつ？", None)
    # A value's year tag is not its value: the target the question states, given back with its year, is an echo.
    assert value_echoed("来訪者数50万人の目標に対して、現状はどれくらい？", "50万人(令和9年度)")
    assert not value_echoed("来訪者数50万人の目標に対して、現状はどれくらい？", "32万人(R5)")
    assert not value_echoed("R5年度の来訪者数は？", "R5年度")  # the year asked, given as the answer
    # A four-digit figure is no year; a date is never an echo, even when the question names its month and day.
    assert value_echoed("参加者2000人の目標に対し、現状は？", "2000人")
    assert not value_echoed("5月10日の報告会は何年？", "令和7年5月10日")


def test_a_span_the_answer_states_only_as_another() -> None:
    assert spans_in("施行後5年間で累計300件") == {"5年"}
    assert spans_in("令和6年度、2024年") == set()  # calendar years are not spans
    assert span_other("条例施行後2年間の目標件数は？", "施行後4年間で累計300件")
    assert not span_other("条例施行後4年間の目標件数は？", "施行後4年間で累計300件")
    # Either side without a span: nothing to compare.
    assert not span_other("条例の目標件数は？", "施行後4年間で累計300件")
    assert not span_other("条例施行後2年間の目標件数は？", "累計300件")
