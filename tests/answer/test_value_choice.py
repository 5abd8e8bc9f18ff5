"""The value chooser: every value of a sentence with its features; the prior is `find_value`'s pick."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from assistant.answer.breakdown import not_a_member
from assistant.answer.value_choice import (
    PRIOR_CHOOSER,
    VALUE_FEATURES,
    VALUES_FILE,
    ValueChooser,
    value_candidates,
)
from assistant.answer.value_words import value_words
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


@pytest.mark.parametrize(
    ("sentence", "question", "count"),
    [
        ("世話人3者のもと、県内85の団体が加盟。", "どれほどの団体が加盟している？", "85"),
        (
            "全国で50~60の「交流圏」を想定し、モデル地区として12地区を指定。",
            "全国にいくつの交流圏を想定した？",
            "50~60",
        ),
    ],
)
def test_a_count_written_before_the_asked_noun_with_no_is_a_candidate(sentence: str, question: str, count: str) -> None:
    # 「420の団体」: the count and the thing counted, joined by の (a range of counts too).
    _, _, _, found = _candidates(sentence, question)
    noun = next(c for c in found if c.value.endswith(count))
    assert noun.features[VALUE_FEATURES.index("asked_noun")] == 1.0


def test_a_count_before_another_noun_is_no_candidate() -> None:
    _, _, _, found = _candidates("全国420の団体が参加し、6者が代表。", "代表は何者？")
    assert not any(c.value.endswith("420") for c in found)


@pytest.mark.parametrize(
    ("sentence", "question", "when"),
    [
        ("利用の前日午後3時までに電話で申込。", "申込はいつまでに必要？", "前日午後3時まで"),
        ("策定から10年後に全面改定する。", "計画はいつ改定する？", "10年後"),
        ("申込は利用日の3日前まで受け付けます。", "申込はいつまで？", "3日前まで"),
    ],
)
def test_when_counted_from_another_point_is_a_date(sentence: str, question: str, when: str) -> None:
    # No calendar date in the sentence: the time counted from another point answers when.
    text, intent, near, found = _candidates(sentence, question)
    assert find_value(text, intent, near) == when
    assert when in [c.value for c in found]


def test_a_calendar_date_answers_before_a_relative_one_and_neither_answers_how_many() -> None:
    text, intent, near, _ = _candidates("令和5年6月1日に会議を開催、3年後に見直す。", "会議はいつ？")
    assert find_value(text, intent, near) == "令和5年6月1日"
    text, intent, near, found = _candidates("3年後に利用者を100人にする。", "利用者は何人にする？")
    assert find_value(text, intent, near) == "100人"
    assert "3年後" not in [c.value for c in found]


def test_a_span_of_years_does_not_answer_which_year() -> None:
    # 「何年に」 asks a calendar year: 「15年ぶり」 counts years since, and 「令和2年」 is the answer.
    _, _, _, found = _candidates("町で15年ぶりとなる診療所が令和2年に開設された", "診療所は何年に開設された？")
    assert [c.value for c in found] == ["令和2年"]
    # Asked how many years ago, the span is what is asked.
    _, _, _, ago = _candidates("町で15年ぶりとなる診療所が開設された", "診療所の開設は何年ぶりですか？")
    assert "15年ぶり" in [c.value for c in ago]


def test_a_count_does_not_answer_when() -> None:
    """Asked when and nothing else, a count (「8割超」「12団体から」) is no candidate; a span of time still is."""
    _, _, _, found = _candidates("令和4年には、町内で世帯カバー率8割超の生協が出資した", "生協が出資したのはいつ？")
    assert [c.value for c in found] == ["令和4年"]
    _, _, _, counts = _candidates("先導的な取組を実施した12団体から成果を報告いただいた", "報告会はいつ？")
    assert counts == []
    _, _, _, span = _candidates("【2年後に、全国で50か所の整備を目指す】", "いつまでに？")
    assert "2年後" in [c.value for c in span] and "全国で50か所" not in [c.value for c in span]
    # Asked how many as well, the count stays.
    _, _, _, both = _candidates("令和4年に12団体から成果を報告いただいた", "いつ、何団体が報告した？")
    assert "12団体から" in [c.value for c in both] or "12団体" in [c.value for c in both]


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


def _feature(found, value: str, name: str) -> float:
    return next(c for c in found if c.value == value).features[VALUE_FEATURES.index(name)]


def test_the_value_whose_own_label_the_question_names_leads_its_rivals() -> None:
    # Each fee is bound by the words since the value before it: 「特別会員は月会費」 is the second fee's.
    question = "特別会員だと月会費はいくら？"
    _, _, _, found = _candidates("普通会員は月会費1万円、特別会員は月会費5万円とする", question)
    assert _feature(found, "5万円", "label_lead") > 0 > _feature(found, "1万円", "label_lead")
    _, _, _, bracketed = _candidates("普通会員(3万円/月)・特別会員(8万円/月)による会費", question)
    assert _feature(bracketed, "8万円/月", "label_lead") > 0 > _feature(bracketed, "3万円/月", "label_lead")
    assert (
        _only("label_lead").choose(
            normalize("普通会員は月会費1万円、特別会員は月会費5万円とする"),
            analyze(question),
            value_words(question, analyze(question)),
            _weight,
        )
        == "5万円"
    )


def test_the_words_a_value_qualifies_after_it_are_its_tail() -> None:
    # 「約3割の町村で人口が半減」: the share belongs to the towns, not the 45% of the next clause.
    _, _, _, found = _candidates(
        "2040年には約3割の町村で人口が半減し、高齢化率も12県で45%を超える", "人口が半減する町村の割合は？"
    )
    assert _feature(found, "約3割", "tail_lead") > 0 > _feature(found, "45%", "tail_lead")


@pytest.mark.parametrize(
    ("question", "asked", "unasked"),
    [
        ("通勤費まで含めた場合は何位？", 1.0, 0.0),
        ("差額は全国で何位？", 0.0, 1.0),  # the condition is not the question's
    ],
)
def test_a_value_under_a_condition_answers_only_when_the_question_states_it(
    question: str, asked: float, unasked: float
) -> None:
    _, _, _, found = _candidates("差額は全国12位だが、通勤費まで含めた場合(※3)は30位", question)
    assert (_feature(found, "30位", "cond_asked") > 0) == bool(asked)
    assert _feature(found, "30位", "cond_unasked") == unasked
    assert _feature(found, "全国12位", "cond_unasked") == 0.0  # stated without a condition


def test_a_question_that_leaves_the_condition_out_does_not_ask_it() -> None:
    sentence = "今後100年で人口は現状の3分の1(転出の増加を勘案すれば8分の1)になる"
    _, _, _, with_it = _candidates(sentence, "転出の増加を勘案すれば人口は何分の何？")
    assert _feature(with_it, "8分の1", "cond_asked") > 0
    _, _, _, without = _candidates(sentence, "転出の増加を勘案しないなら人口は何分の何？")
    assert _feature(without, "8分の1", "cond_unasked") == 1.0
    assert _feature(without, "3分の1", "cond_unasked") == 0.0


def test_the_top_value_answers_a_question_asking_for_the_highest() -> None:
    sentence = "2040年の高齢化率は、北陸圏の41.2%を筆頭に多くの地域で35%前後まで上昇する"
    _, _, _, found = _candidates(sentence, "高齢化率が最も高い圏域は何%？")
    assert _feature(found, "41.2%", "top") == 1.0
    assert _feature(found, "35%前後", "top") == 0.0
    _, _, _, plain = _candidates(sentence, "高齢化率は何%まで上昇する？")
    assert _feature(plain, "41.2%", "top") == 0.0  # the highest is not asked


def test_the_unit_asked_is_the_one_the_question_ends_on() -> None:
    # 「人口」 names the subject; 「割合」, written last, is what is asked: a share, not a number of people.
    _, _, _, found = _candidates(
        "2040年には約3割の町村で人口が半減し、高齢化率も12県で45%を超える", "人口が半減する町村の割合は？"
    )
    assert _feature(found, "約3割", "unit_match") == 1.0
    _, _, _, people = _candidates("町の人口は約1.2万人で、高齢化率は38%", "町の人口は何人？")
    assert _feature(people, "約1.2万人", "unit_match") == 1.0
    assert _feature(people, "38%", "unit_clash") == 1.0


def test_a_range_asked_end_to_end_is_answered_by_the_range_not_one_end() -> None:
    # A chooser preferring the last value would give one end (「65歳」) where both are asked.
    text = normalize("・募集したのは20歳から65歳までの町民で、計画づくりのワークショップに参加")
    chooser = _only("last")
    q = analyze("ワークショップに参加した町民は何歳から何歳まで？")
    assert chooser.choose(text, q, value_words(q.text, q), _weight) == "20歳から65歳まで"
    q = analyze("ワークショップに参加した町民の上の年齢は何歳？")  # one end asked: the range is not forced
    assert chooser.choose(text, q, value_words(q.text, q), _weight) == "65歳"


def test_a_follow_ups_value_is_told_by_the_turns_own_words() -> None:
    """「Xでの再生数は？」 after a video's count: the carried subject is written beside every figure alike."""
    carried = "みどり町PR動画 Xでの再生数は？"
    intent = analyze("Xでの再生数は？")
    near = value_words(carried, intent, "Xでの再生数は？")
    assert near == value_words("Xでの再生数は？", intent)
    assert "動画" not in near
    text = normalize("再生数(令和7年3月末時点):Instagram 52,000回、Facebook 12,000回、X 268,000回")
    # Shares are of the words matched against: the subject's words beside no value leave the label's share too
    # small to outweigh the first value's place in the sentence.
    weights = {"wanted": 1.0, "label": 1.0, "first": 0.3, "date": -5.0}
    chooser = ValueChooser(tuple(weights.get(f, 0.0) for f in VALUE_FEATURES))
    assert chooser.choose(text, intent, near, _weight) == "268,000回"
    assert chooser.choose(text, intent, value_words(carried, intent), _weight) == "52,000回"


def test_a_turn_of_no_words_of_its_own_reads_the_carried_question() -> None:
    """「いくら？」 names nothing: the subject's words are all there is to match a value's neighbourhood with."""
    intent = analyze("いくら？")
    assert value_words("みどり町空き店舗活用事業 いくら？", intent, "いくら？") == value_words(
        "みどり町空き店舗活用事業 いくら？", intent
    )


@pytest.mark.parametrize(
    ("sentence", "question", "count"),
    [
        ("○市町村(64) ○企業等(210)", "加わる団体のうち市町村はいくつ？", "64"),
        ("協議会が行う先進的な取組(全国12)を支援。", "いくつの先進的な取組を支援した？", "全国12"),
    ],
)
def test_a_bare_count_bracketed_after_the_asked_noun_answers_when_no_counted_value_does(
    sentence: str, question: str, count: str
) -> None:
    text, intent, near, found = _candidates(sentence, question)
    assert find_value(text, intent, near) == count
    assert count in [c.value for c in found]


def test_a_bracketed_number_after_another_noun_is_no_count() -> None:
    text, intent, near, _ = _candidates("○市町村(120) ○民間企業等(345)", "民間の会員はいくつ？")
    assert find_value(text, intent, near) is None


def test_a_date_does_not_answer_a_count_when_the_sentence_writes_one() -> None:
    """「いくつの団体が参加」 is answered by the count, not the year the scheme began, however the model weighs dates."""
    question = "令和6年度、地域交流事業の参加はどのくらい？"
    sentence = normalize("平成30年から地域交流事業を開始し、令和6年度には約1,200人の参加があった。")
    intent = analyze(question)
    near = value_words(question, intent)
    # A chooser that would take the earliest value of the sentence, dates not weighed down.
    chooser = ValueChooser(tuple(-1.0 if f == "position" else 0.0 for f in VALUE_FEATURES))
    assert chooser.choose(sentence, intent, near, _weight) == "約1,200人"
    # Asked when, the date stays a candidate and answers.
    when = analyze("地域交流事業はいつ開始した？")
    assert chooser.choose(sentence, when, value_words("地域交流事業はいつ開始した？", when), _weight) == "平成30年から"


def test_a_stray_date_picked_first_gives_way_to_the_one_value_left() -> None:
    """Where `find_value` itself picks the stray date, the one value of the asked kind left answers, not the date."""
    question = "令和6年度、地域交流事業の参加はどのくらい？"
    sentence = normalize("平成30年から地域交流事業を開始し、令和6年度には約1,200人の参加があった。")
    intent = analyze(question)
    chooser = ValueChooser(tuple(0.0 for _ in VALUE_FEATURES))
    with mock.patch("assistant.answer.value_choice.find_value", return_value="平成30年から"):
        assert chooser.choose(sentence, intent, value_words(question, intent), _weight) == "約1,200人"


def test_a_member_of_a_breakdown_answers_only_when_the_question_names_it() -> None:
    """「52の団体(12社、40組合)」: how many bodies is the whole; 「組合はいくつ」 asks the member."""
    sentence = normalize("連絡会には52の団体(12社、40組合)が加わっている。")
    # A chooser that would take the bracketed value, as a fitted one may (a breakdown is often what is asked).
    chooser = ValueChooser(tuple(3.0 if f == "bracketed" else 1.0 if f == "last" else 0.0 for f in VALUE_FEATURES))
    whole = analyze("連絡会にはいくつの団体が加わっている？")
    assert chooser.choose(sentence, whole, value_words(whole.text, whole), _weight) == "52の団体"
    part = analyze("連絡会に加わっている組合はいくつ？")
    assert chooser.choose(sentence, part, value_words(part.text, part), _weight) == "40組合"
    # A member named before its figure: 「みどり市の人口は」 asks 「みどり市3.1万人」.
    towns = normalize("2市の合計5.2万人(みどり市3.1万人、あおば市2.1万人)")
    asked = analyze("みどり市の人口は何万人？")
    found = [c.value for c in value_candidates(towns, asked, value_words(asked.text, asked), _weight, None)]
    kept = [c.value for c in not_a_member(towns, asked.text, value_candidates(towns, asked, set(), _weight, None))]
    assert "3.1万人" in found and "3.1万人" in kept and "2.1万人" not in kept
