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


#: A transport project's page (invented): its budget heading first, the working group's start after it.
_BUDGET = _Cand(_Sentence("【令和4年度予算額】2,300万円（国費）"), "令和4年度")
_FOUNDED = _Cand(_Sentence("県と交通事業者でつくる乗継ぎ改善作業部会は、令和4年7月に発足した。"), "令和4年7月")


def test_a_fiscal_year_naming_a_budget_is_read_as_its_label() -> None:
    assert labels_a_budget(_BUDGET.sentence.clean, _BUDGET.value)
    assert labels_a_budget("令和6年度当初予算額 40.6百万円", "令和6年度")
    assert not labels_a_budget(_FOUNDED.sentence.clean, _FOUNDED.value)
    assert labels_a_budget("令和3年度補正 15百万円", "令和3年度")  # 「補正」 alone, as a table writes it
    assert not labels_a_budget("令和5年度に事業を開始した。", "令和5年度")  # a year the event happened in
    # 「年度当初」 is the start of the fiscal year, when the event happened, not an initial budget.
    assert not labels_a_budget("相談窓口は平成30年度当初から受付を始めている。", "平成30年度")
    assert not labels_a_budget("令和2年度当初に見守りネットワークを立ち上げ、", "令和2年度")


def test_a_when_question_leads_with_the_event_date() -> None:
    assert dated_first([_BUDGET, _FOUNDED], "作業部会はいつ発足した？") == [_FOUNDED, _BUDGET]
    # With no other dated sentence the budget's year still answers: an order, not a cut.
    assert dated_first([_BUDGET], "作業部会はいつ発足した？") == [_BUDGET]
    # A year's start dating the event (「令和4年度当初に発足」) is no budget: it keeps its place.
    start = _Cand(_Sentence("作業部会は令和4年度当初に発足し、毎月会合を開いている。"), "令和4年度")
    assert dated_first([start, _BUDGET], "作業部会はいつ発足した？") == [start, _BUDGET]


def test_a_question_about_the_budget_or_no_date_keeps_the_order() -> None:
    assert dated_first([_BUDGET, _FOUNDED], "どの年度の補正予算で措置された？") == [_BUDGET, _FOUNDED]
    assert dated_first([_BUDGET, _FOUNDED], "予算額はいくら？") == [_BUDGET, _FOUNDED]
