"""Counts and shares: the thing a count question counts, the label a figure is written with, parts of a whole,
ratios. Inline invented texts, not eval items."""

from __future__ import annotations

import pytest

from assistant.answer.values import find_value
from assistant.question.kinds import analyze
from assistant.question.words import asked_part, counted_noun_pattern, counter_pattern
from assistant.text.normalize import normalize


def test_the_thing_counted_is_read_as_the_counter() -> None:
    """「Xはいくつ」: the number written with X is the answer, not the sentence's first number."""
    text = normalize("協議会は12の市町と3つの大学で構成され、5つの作業部会を置く")
    assert find_value(text, analyze("協議会の作業部会はいくつありますか")) == "5つの作業部会"
    assert find_value(text, analyze("構成している大学は、全部でいくつ？")) == "3つの大学"
    # Nothing written with the noun: the usual order of kinds decides (no abstention forced by the noun).
    assert find_value(text, analyze("協議会の委員はいくつ")) is not None


def test_a_bound_may_stand_between_the_number_and_the_thing_counted() -> None:
    """「30以上の拠点」「100超の団体」: the bound is part of the count, and the number still counts the noun."""
    text = normalize("市内の企業と連携して30以上の拠点を運営し、年間12万人が利用する")
    assert find_value(text, analyze("拠点はいくつ？")) == "30以上の拠点"


def test_the_thing_counted_after_the_question_word_is_read_as_the_counter() -> None:
    """「いくつのXが」: X follows the question word; the number written with X answers."""
    text = normalize("研究会は8つの県と1,120の企業が参加し、年4回の会合を開く")
    assert find_value(text, analyze("いくつの企業が研究会に参加していますか")) == "1,120の企業"
    assert find_value(text, analyze("全部でいくつの県が入っている？")) == "8つの県"
    # 「何の」 asks what, not how many: no counter is read from it.
    assert counted_noun_pattern(analyze("何の企業が参加？").text) is None


def test_a_figure_is_said_with_the_words_glued_to_its_front() -> None:
    from assistant.answer.values import glued_label

    assert glued_label(normalize("参加者:生徒35名、教員4名"), "35名") == "生徒"
    assert glued_label(normalize("東海圏の41.2%が最も高い"), "41.2%") == "東海圏の"
    # After a break, after another figure's counter, or for a value with no digit: nothing is added.
    assert glued_label(normalize("参加者: 35名"), "35名") == ""
    assert glued_label(normalize("人口:3町合計9万人"), "9万人") == ""
    assert glued_label(normalize("開催地は札幌市"), "札幌市") == ""
    # A circled number marks a list item, not another figure: 「②生徒52名」 (as a passage's clean text keeps it).
    assert glued_label("参加者: ①生徒40名、教員3名 ②生徒52名、教員5名", "52名") == "生徒"


def test_a_long_counter_may_follow_no() -> None:
    """「12の施設」 answers 「何施設」; a one-character counter does not take の (「3の人」 is no count)."""
    assert find_value(normalize("県内12の施設が参加する"), analyze("何施設が参加？")) == "12の施設"
    assert counter_pattern(analyze("何人ですか").text).search("3の人") is None


def test_a_part_of_a_whole_the_text_never_names_is_not_answered_with_the_whole() -> None:
    """「来場者のうち、外国人は何人」 against 「来場者は約3,000人」: the total is no answer for the part."""
    assert asked_part(analyze("来場者のうち、外国人は何人？").text) == "外国人"
    assert asked_part(analyze("学生のうち、県内には住みたいと回答した割合は？").text) is None  # 「県内には」 is no part
    total = normalize("フェアの来場者は約3,000人")
    assert find_value(total, analyze("フェアの来場者のうち、外国人は何人？")) is None
    split = normalize("来場者は約3,000人、うち外国人は約400人")
    # Named: the text is read as usual, the figure after the asked words first.
    assert find_value(split, analyze("フェアの来場者のうち、外国人は何人？"), near={"外国"}) == "約400人"


def test_a_ratio_is_read_with_its_parties_and_a_time_is_not_a_ratio() -> None:
    """「県:市=2:8」「6対4」 answer a question about shares; 「10:00～12:00」 is a time of day."""
    text = normalize("新会社には県と市が出資し（県：市＝2：8）、運営を委ねた")
    assert find_value(text, analyze("県と市の出資比率は？")) == "県:市=2:8"
    assert find_value(normalize("費用は国と町で6対4の割合で負担する"), analyze("負担の割合は？")) == "6対4"
    assert find_value(normalize("説明会 10:00～12:00 開催"), analyze("出資比率は？")) is None


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("図書館は何年に建ちましたか？", False),  # which year: a date
        ("制度は何年から運用されていますか？", False),
        ("事業は何年度に始まりましたか？", False),
        ("開校は何年前ですか？", True),  # how many years: a count
        ("何年連続で増えましたか？", True),
        ("完成まで何年かかりますか？", True),  # how long: a span of years
        ("何年かけて整備しますか？", True),
        ("この仕組みは何年続いてきましたか？", True),  # how long it has lasted
        ("運行開始から何年経ちましたか？", True),
        ("何年にわたって続けていますか？", True),
    ],
)
def test_nan_nen_counts_years_only_as_a_span_or_an_order(question: str, counts: bool) -> None:
    assert (counter_pattern(analyze(question).text) is not None) is counts


def test_a_count_of_corporations_is_not_a_count_of_people() -> None:
    """「法人数」 counts bodies (法人, 社): it neither asks for people nor, in a when-question, makes a date a wrong count."""
    from assistant.answer.confidence import UNIT_RULES
    from assistant.question.words import count_pattern

    when = analyze("町内の法人数が伸びだしたのはいつ頃ですか")
    assert when.value_kinds == ("date",)
    assert not any(asked.search(when.text) and "人" in units.pattern for asked, units in UNIT_RULES)
    pattern = count_pattern(normalize("県内の法人数はどのくらい？"))
    assert pattern is not None and pattern.search("84法人") and not pattern.search("84人")
    # People are still counted as people: 「参加人数」.
    assert analyze("研修の参加人数は？").wants("count")
    people = count_pattern(normalize("研修の参加者数は？"))
    assert people is not None and people.search("120名")
