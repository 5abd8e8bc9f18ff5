"""A date naming a budget (「令和6年度補正予算」) gives way to the sentence dating the event asked (`answer/event_dates.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.event_dates import dated_first, labels_a_budget


@dataclass(frozen=True)
class _Sentence:
    clean: str


@dataclass(frozen=True)
class _Cand:
    sentence: _Sentence
    value: str | None


#: A programme page (invented): its budget line first, the council's founding after it.
_BUDGET = _Cand(_Sentence("（令和5年度補正予算：80百万円）"), "令和5年度")
_FOUNDED = _Cand(_Sentence("・市町村と事業者による連携協議会を令和5年12月に設立"), "令和5年12月")


def test_a_fiscal_year_naming_a_budget_is_read_as_its_label() -> None:
    assert labels_a_budget(_BUDGET.sentence.clean, _BUDGET.value)
    assert labels_a_budget("令和6年度当初予算額 40.6百万円", "令和6年度")
    assert not labels_a_budget(_FOUNDED.sentence.clean, _FOUNDED.value)
    assert not labels_a_budget("令和5年度に事業を開始した。", "令和5年度")  # a year the event happened in


def test_a_when_question_leads_with_the_event_date() -> None:
    assert dated_first([_BUDGET, _FOUNDED], "連携協議会が立ち上がったのはいつ？") == [_FOUNDED, _BUDGET]
    # With no other dated sentence the budget's year still answers: an order, not a cut.
    assert dated_first([_BUDGET], "連携協議会が立ち上がったのはいつ？") == [_BUDGET]


def test_a_question_about_the_budget_or_no_date_keeps_the_order() -> None:
    assert dated_first([_BUDGET, _FOUNDED], "どの年度の補正予算で措置された？") == [_BUDGET, _FOUNDED]
    assert dated_first([_BUDGET, _FOUNDED], "予算額はいくら？") == [_BUDGET, _FOUNDED]
