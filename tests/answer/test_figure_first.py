"""The figure of what is asked first: one restated under the asked condition, one written for the asked thing (`answer/figure_first.py`)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answer import figure_first
from assistant.answer.figure_first import condition_words


def _cand(sentence: str, value: str | None, chunk: str = "c1") -> SimpleNamespace:
    """A candidate as the answerer ranks them: its sentence, its value and its passage."""
    hit = SimpleNamespace(chunk=SimpleNamespace(chunk_id=chunk))
    return SimpleNamespace(sentence=SimpleNamespace(clean=sentence), value=value, hit=hit)


_PLAIN = _cand("令和6年の市への転入者は年間1,200人。", "1,200人")
_RESTATED = _cand("外国人住民を含めると1,450人。", "1,450人")
_NOTE = _cand("※転入者は住民基本台帳による。", None)


def test_the_condition_words_are_those_before_the_condition_nearest_the_value() -> None:
    assert {"外国", "住民"} <= condition_words("外国人住民を含め(※3)ると1,450人。", "1,450人")
    assert condition_words("市への転入者は年間1,200人。", "1,200人") == set()


def test_a_question_stating_the_condition_gets_the_restated_figure_first() -> None:
    ranked = [_NOTE, _PLAIN, _RESTATED]
    out = figure_first.conditioned_first(ranked, "外国人住民も含めたら、市への転入者は何人？")
    assert out[0] is _RESTATED
    assert {id(c) for c in out} == {id(c) for c in ranked}  # reordered, nothing dropped


def test_a_question_without_the_condition_keeps_the_plain_figure() -> None:
    ranked = [_PLAIN, _RESTATED]
    assert figure_first.conditioned_first(ranked, "市への転入者は年間何人？") == ranked


def test_a_question_leaving_the_condition_out_keeps_the_plain_figure() -> None:
    ranked = [_PLAIN, _RESTATED]
    assert figure_first.conditioned_first(ranked, "外国人住民を含めない場合、市への転入者は何人？") == ranked


def test_a_restatement_in_another_passage_or_in_another_unit_is_no_restatement() -> None:
    elsewhere = _cand("外国人住民を含めると1,450人。", "1,450人", chunk="c2")
    other_unit = _cand("外国人住民を含めると約2割増。", "約2割")
    for c in (elsewhere, other_unit):
        ranked = [_PLAIN, c]
        assert figure_first.conditioned_first(ranked, "外国人住民も含めたら、市への転入者は何人？") == ranked


_TOWN = _cand("なぎさ会は、港北地区(高齢者約1,100人)で見守り活動を続けている。", "約1,100人")
_USERS = _cand("令和6年度の見守り活動の参加者数は延べ約90人、協力店舗は12店となった。", "約90人")


def test_a_figure_written_for_the_thing_asked_comes_before_one_counting_another_thing() -> None:
    ranked = [_TOWN, _NOTE, _USERS]
    out = figure_first.written_for_first(ranked, "なぎさ会の見守り活動、参加者はどれほどいる？")
    assert out[0] is _USERS


def test_the_first_figure_stays_when_it_counts_the_thing_asked() -> None:
    ranked = [_TOWN, _USERS, _cand("うち一人暮らしの高齢者は約400人。", "約400人")]
    assert figure_first.written_for_first(ranked, "港北地区の高齢者はどれほどいる？") == ranked


def test_no_figure_below_names_the_thing_asked_the_order_stays() -> None:
    ranked = [_TOWN, _cand("見守り活動は月2回、延べ約300人。", "約300人")]
    assert figure_first.written_for_first(ranked, "なぎさ会の見守り活動、参加者はどれほどいる？") == ranked
