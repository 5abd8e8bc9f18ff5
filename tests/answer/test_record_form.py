"""Whether a record's answer has the form asked (`assistant.answer.record_form`), on invented records."""

from __future__ import annotations

from assistant.answer.record_form import record_answers_form
from assistant.question.kinds import analyze


def test_a_figure_does_not_say_why() -> None:
    text = "花壇整備支援事業: 予算額12.5百万円(令和6年度当初) [1]"
    assert not record_answers_form(analyze("花壇整備支援事業の予算が去年から減った理由は？"), text)
    assert record_answers_form(analyze("花壇整備支援事業の予算額は？"), text)


def test_a_date_asked_alone_needs_a_date_in_the_lead() -> None:
    no_year = "自転車道の目標値は市内全域で延長50kmです [1]（目標値市内全域で延長50km）"
    assert not record_answers_form(analyze("自転車道の整備目標の達成年度は？"), no_year)
    dated = "自転車道の目標値は50km(R9)です [1]"
    assert record_answers_form(analyze("自転車道の整備目標の達成年度は？"), dated)
    # A pending count answers when it will be counted.
    assert record_answers_form(analyze("利用者数の実績はいつ出る？"), "利用者数の実績値は集計中です [1]")
    # A count asked with a date is not a date asked alone.
    assert record_answers_form(analyze("2023年度に何人が利用した？"), "利用者数の実績値は1,200人です [1]")


def test_a_span_asked_is_not_answered_over_another() -> None:
    text = "認定件数の目標値は施行後5年間で累計300件です [1]（目標値施行後5年間で累計300件）"
    assert not record_answers_form(analyze("認定件数について、施行後2年間の中間目標は？"), text)
    assert record_answers_form(analyze("認定件数の施行後5年間の目標は？"), text)
    assert record_answers_form(analyze("認定件数の目標は？"), text)
