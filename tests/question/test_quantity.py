"""The quantity a question asks (its unit and the thing it counts) and whether a value is of it."""

from __future__ import annotations

import pytest

from assistant.answer.value_choice import ValueChooser, of_asked_quantity, value_candidates
from assistant.answer.values import find_value, quantified_noun
from assistant.question.kinds import analyze
from assistant.question.quantity import (
    EITHER,
    MONEY,
    PEOPLE,
    SHARE,
    SIZE,
    THINGS,
    TIMES,
    asked_quantity,
    nouns_clash,
    quantity_clash,
    value_quantity,
)
from assistant.text.normalize import normalize


@pytest.mark.parametrize(
    ("question", "units", "explicit", "noun"),
    [
        ("交流会に顔を出した保護者は何人？", {PEOPLE}, True, "保護者"),
        ("桜町の図書館では年間予算がどれくらい？", {MONEY}, False, "年間予算"),
        ("ひまわり会の年会費はいくら？", {MONEY}, False, "年会費"),
        ("参加している商店は、毎年いくら出していますか？", {MONEY}, False, ""),
        ("新電力会社への町の出資比率は？", {SHARE}, False, "出資比率"),
        ("広報動画の再生回数は？", {TIMES}, False, "再生"),
        ("協議会の会員数はいくつ？", EITHER, False, "会員"),
        ("いくつの部会に分けましたか？", {THINGS}, False, "部会"),
        ("連携する町はいくつ？", {THINGS}, False, ""),
        ("施設は毎月どれくらいの人が利用？", {PEOPLE}, False, ""),
        ("遊歩道の全長はどのくらい？", {SIZE}, False, "全長"),
        ("実証の参加者数は？", EITHER, False, "参加者"),
        ("何%まで上げる目標？", {SHARE}, True, ""),
    ],
)
def test_the_quantity_asked_is_read_from_its_counter_or_its_noun(
    question: str, units: set[str], explicit: bool, noun: str
) -> None:
    asked = asked_quantity(question)
    assert asked is not None
    assert (set(asked.units), asked.explicit, asked.noun) == (units, explicit, noun)


@pytest.mark.parametrize(
    "question",
    [
        "説明会の開催日はいつ？",  # a date, not a quantity
        "町の面積の県内順位はどのあたり？",  # a position: no quantity this reading knows
        "昨年の出生数はいくらですか？",  # a count asked with いくら is not money
        "事業は何年続いていますか？",  # a span
        "「100人会議」の目的は？",  # a quoted name asks nothing
        "シルバー会員は？",  # a field switch or who: not a count of members
        "対象経費は？",  # which costs, not how much
        "R5の実績はいくつ？",  # a figure's field: any unit
    ],
)
def test_no_quantity_is_read_where_none_is_asked_or_it_cannot_be_told(question: str) -> None:
    assert asked_quantity(question) is None


@pytest.mark.parametrize(
    ("value", "units"),
    [
        ("約3,000万円", {MONEY}),
        ("4,000人以上", {PEOPLE}),
        ("計12名", {PEOPLE}),
        ("6者", EITHER),
        ("約2割", {SHARE}),
        ("官:民=2:8", {SHARE}),
        ("1.5倍程度", {SHARE}),
        ("8万回", {TIMES}),
        ("東京ドーム3個分", {SIZE}),
        ("全国120の団体", {THINGS}),
        ("約40事業", {THINGS}),
        ("令和6年4月", set()),
        ("3年間", set()),
        ("0.86", set()),
    ],
)
def test_a_value_is_read_for_its_quantity(value: str, units: set[str]) -> None:
    assert set(value_quantity(value)) == units


def test_another_quantity_of_the_subject_clashes_and_a_share_only_with_an_explicit_counter() -> None:
    budget = asked_quantity("商店会では年間予算がどれくらい？")
    assert quantity_clash(budget, "加盟店45社") and not quantity_clash(budget, "約800万円")
    ratio = asked_quantity("町と民間の出資比率は？")
    assert quantity_clash(ratio, "41歳") and not quantity_clash(ratio, "官:民=3:7")
    assert quantity_clash(asked_quantity("会員数はいくつ？"), "12万回")
    assert not quantity_clash(asked_quantity("会員数はいくつ？"), "6者")
    # 「人口はどのくらい」 may be answered by a share of another figure; 「何人」 is not.
    assert not quantity_clash(asked_quantity("村の人口は将来どれほどになる見込み？"), "現在の半分")
    assert quantity_clash(asked_quantity("参加者は何人？"), "約半数")
    assert not quantity_clash(None, "2社")


def test_the_noun_a_value_is_written_for_is_read_before_or_after_it() -> None:
    text = normalize(
        "町の人口約8千人のうち、アプリの利用者数は約300名、協力店登録者は約40名、のべ約900人の応募があった"
    )
    for value, noun in (("約8千人", "人口"), ("約300名", "利用者数"), ("約40名", "協力店登録者"), ("約900人", "応募")):
        at = text.index(value)
        assert quantified_noun(text, at, at + len(value)) == noun


def test_a_value_written_for_another_thing_clashes_unless_the_question_or_its_label_names_it() -> None:
    users = asked_quantity("みなとアプリの利用者はどれほど？")
    question = "みなとアプリの利用者はどれほど？"
    assert nouns_clash(users, "人口", question) and not nouns_clash(users, "利用者数", question)
    # The whole the part is asked of, named by the question, does not clash.
    visitors = "祭りの来場者のうち、町外から来たのは何人？"
    assert not nouns_clash(asked_quantity(visitors), "来場者", visitors)
    # Nor a value whose label names the thing asked: 「参加者:高校生12名」 for 参加者.
    joined = "相談会の参加者数を教えて"
    assert not nouns_clash(asked_quantity(joined), "高校生", joined, "参加者:高校生12名")
    # A share's subject is named by the share: 「北区の31.2%」 answers a 高齢化率.
    rate = "北区の高齢化率は何%？"
    assert not nouns_clash(asked_quantity(rate), "北区", rate)


def test_value_choice_keeps_values_of_the_quantity_asked() -> None:
    question = "商店会では年間予算がどれくらい？"
    intent = analyze(question)
    text = normalize("商店会(加盟店45社)の年間予算は約800万円")
    assert find_value(text, intent) == "約800万円"
    assert find_value(normalize("商店会には加盟店45社が参加"), intent) is None
    users = "みなとアプリの利用者はどれほど？"
    intent = analyze(users)
    text = normalize("町(人口約8千人)では、アプリの利用者数は約300名にのぼる")
    found = value_candidates(text, intent, set(), lambda t: float(len(t)), None)
    assert [c.value for c in of_asked_quantity(text, users, found)] == ["約300名"]
    chooser = ValueChooser(tuple(0.0 for _ in found[0].features))
    assert chooser.choose(text, intent, set(), lambda t: float(len(t))) == "約300名"
