"""The value chooser: every value of a sentence with its features; the prior is `find_value`'s pick."""

from __future__ import annotations

import json

import pytest

from assistant.answer.extract import value_words
from assistant.answer.value_choice import (
    PRIOR_CHOOSER,
    VALUE_FEATURES,
    VALUES_FILE,
    ValueChooser,
    value_candidates,
)
from assistant.answer.values import find_value
from assistant.question.kinds import analyze
from assistant.text.normalize import normalize


def _weight(tokens: set[str]) -> float:
    return float(len(tokens))


def _candidates(sentence: str, question: str):
    intent = analyze(question)
    text = normalize(sentence)
    near = value_words(question, intent)
    return text, intent, near, value_candidates(text, intent, near, _weight, find_value(text, intent, near))


def _only(feature: str) -> ValueChooser:
    """A chooser weighing one feature up and dates (not asked here) down."""
    return ValueChooser(tuple(1.0 if f == feature else -5.0 if f == "date" else 0.0 for f in VALUE_FEATURES))


def test_every_value_of_the_sentence_is_a_candidate_and_the_prior_marks_find_values_pick() -> None:
    text, intent, near, found = _candidates(
        "人口:3町合計2.4万人(北町1.1万人、南町0.8万人、西町0.5万人)", "3つの町を合わせた人口は何人？"
    )
    values = [c.value for c in found]
    assert {"合計2.4万人", "1.1万人", "0.8万人", "0.5万人"} <= set(values)  # a qualifier stays with its value
    prior = [c.value for c in found if c.features[VALUE_FEATURES.index("prior")] == 1.0]
    assert prior == [find_value(text, intent, near)]
    total = next(c for c in found if c.value.endswith("2.4万人"))
    assert total.features[VALUE_FEATURES.index("total")] == 1.0
    breakdown = next(c for c in found if c.value == "0.8万人")
    assert breakdown.features[VALUE_FEATURES.index("bracketed")] == 1.0


def test_a_number_written_with_the_asked_noun_is_a_candidate() -> None:
    # 「県はいくつ」: the count is written 「15県」, a counter no value pattern lists.
    _, _, _, found = _candidates("応募した40の自治体(15県、25市町村)で先行実施", "先行実施した自治体のうち県はいくつ？")
    noun = next(c for c in found if c.value == "15県")
    assert noun.features[VALUE_FEATURES.index("asked_noun")] == 1.0


def test_a_span_of_years_does_not_answer_which_year() -> None:
    # 「何年に」 asks a calendar year: 「15年ぶり」 counts years since, and 「令和2年」 is the answer.
    _, _, _, found = _candidates(
        "町で15年ぶりとなる新しい学校が令和2年に開校した", "新しい学校は何年に開校しましたか？"
    )
    assert [c.value for c in found] == ["令和2年"]
    # Asked how many years ago, the span is what is asked.
    _, _, _, ago = _candidates("町で15年ぶりとなる新しい学校が開校した", "新しい学校の開校は何年ぶりですか？")
    assert "15年ぶり" in [c.value for c in ago]


def test_a_value_the_question_states_is_not_a_candidate() -> None:
    _, _, _, found = _candidates("2030年までに導入地域を300地域とする", "2030年までに何地域で導入する？")
    assert "2030年" not in [c.value for c in found]
    assert "300地域" in [c.value for c in found]


def test_the_prior_chooser_is_find_value() -> None:
    question = "会員企業は何社ですか？"
    sentence = normalize("協議会には会員企業45社(うち地元企業12社)が参加")
    intent = analyze(question)
    near = value_words(question, intent)
    assert PRIOR_CHOOSER.choose(sentence, intent, near, _weight) == find_value(sentence, intent, near)


def test_a_fitted_chooser_picks_the_best_scored_value_but_only_where_find_value_finds_one() -> None:
    question = "基準値は何件でしたか？"
    sentence = normalize("移住相談件数 412件(R2) 530件(R6) 600件(R8)")
    intent = analyze(question)
    near = value_words(question, intent)
    assert _only("base_first").choose(sentence, intent, near, _weight) == "412件"
    assert _only("last").choose(sentence, intent, near, _weight) == "600件"
    assert _only("last").choose(normalize("数値の記載はない"), intent, near, _weight) is None


def test_a_stored_chooser_round_trips_and_a_stale_one_is_refused(tmp_path) -> None:
    chooser = _only("clause")
    (tmp_path / VALUES_FILE).write_text(json.dumps(chooser.to_dict()), encoding="utf-8")
    assert ValueChooser.load(tmp_path) == chooser
    stale = chooser.to_dict() | {"features": ["prior"]}
    (tmp_path / VALUES_FILE).write_text(json.dumps(stale), encoding="utf-8")
    assert ValueChooser.load(tmp_path) is None
    assert ValueChooser.load(None) is None


@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        # Asked how long: the span of years, not the count beside it nor a calendar year.
        ("どのくらいの期間で整備する？", "12の集落で、今後2~3年程度で整備を進める。", "今後2~3年程度"),
        ("何年間かけて実施する？", "2023年から5年間かけて実施する。", "5年間"),
        ("どのくらいの期間？", "令和6年に開始した。", None),
    ],
)
def test_a_duration_asked_takes_a_span_of_years(question: str, text: str, value: str | None) -> None:
    assert find_value(text, analyze(question)) == value


@pytest.mark.parametrize(
    ("text", "value", "target"),
    [
        # A value under a deadline is aimed at: it does not say how many there are now.
        ("【2035年度までに体験農園を少なくとも50か所で開設し】", "少なくとも50か所", True),
        # The same deadline with a past verb reports what was reached.
        ("2022年までに30か所が開設された。", "30か所", False),
        ("現在42か所で開設している。", "42か所", False),
    ],
)
def test_a_value_under_a_deadline_is_a_target(text: str, value: str, target: bool) -> None:
    from assistant.answer.values import is_target_value

    assert is_target_value(text, value) is target
