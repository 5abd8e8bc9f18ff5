"""A follow-up carries the subject of earlier turns, not the fields those turns asked (issue 13).

Every example is invented (towns, programmes and councils that are not in the corpus).
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.asked_fields import is_field, item_of, names_a_field, without_fields
from assistant.answer.conversation import Subject, resolve_turn

from .chat_turns import apart, assistant, together, user


def _carried(turns: list[tuple[str, str]], question: str, cooccurs: Callable[[str, str], bool] = together) -> str:
    """What the ``question`` carries after the ``turns`` (question, answer), asserting it is a follow-up."""
    history = [m for q, a in turns for m in (user(q), assistant(a))]
    r = resolve_turn(question, history, cooccurs)
    assert not r.stands_alone
    return r.carried


def test_a_field_asked_two_turns_back_is_not_carried() -> None:
    turns = [
        ("ひばり町の移住体験ツアーの実人数は？", "120人です [1]"),
        ("延べ人数なら？", "延べ300人です [1]"),
    ]
    # The documents do not discuss 延べ or 申込 as another item beside the tour: each narrows the same subject.
    carried = _carried(turns, "申込方法は？", apart)
    assert carried == "ひばり町の移住体験ツアー"  # was 「…ツアー 実人数 延べ人数」


def test_a_role_asked_before_is_not_carried_into_a_turn_naming_its_own_thing() -> None:
    turns = [
        ("みずほ市観光連携協議会は何団体で作ってる？", "12団体です [1]"),
        ("この協議会の会長は誰？", "山田氏です [1]"),
    ]
    carried = _carried(turns, "観光振興ビジョンができたのは何年？")
    assert "会長" not in carried and carried.startswith("みずほ市観光連携協議会")


def test_a_turn_naming_its_field_drops_the_frames_field_in_a_sibling_turn() -> None:
    turns = [("比較表だと、第1期の計画期間は？", "5年間です [1]")]
    carried = _carried(turns, "第2期の方の予算額は？")
    assert "計画期間" not in carried and "期間" not in carried.split()


def test_fields_stay_where_the_turn_asks_none_of_its_own() -> None:
    # 「何時から？」 drills into the time just given; 「開設した当時は？」 asks the last field again, of another time.
    subject = Subject("あさひ町の乗合タクシー", "運行開始")
    assert subject.carried("何時から？") == "あさひ町の乗合タクシー 運行開始"
    assert not names_a_field("開設した当時は？") and not names_a_field("何年までに？")
    assert (
        Subject("はるか町の空き家バンクの登録件数の目標").carried("何年までに？") == "はるか町の空き家バンクの登録件数"
    )


def test_a_kpi_named_by_its_count_is_the_thing_not_a_field() -> None:
    # 「移住相談件数」「耕作面積」 name what a KPI measures: asking its 基準値 keeps it.
    assert not is_field("移住相談件数") and not is_field("耕作面積") and not is_field("支援法人の指定数")
    assert Subject("ひばり町の子育て相談件数、目標").carried("基準値は何件？") == "ひばり町の子育て相談件数"


def test_field_words_are_whole_words_at_the_end() -> None:
    assert is_field("補助率") and is_field("延べ人数") and is_field("構成員") and is_field("計画期間")
    assert not is_field("関係人口") and not is_field("運行経費補助") and not is_field("協議会の会長")
    assert without_fields("みなと町の定住促進事業の予算額 補助率") == "みなと町の定住促進事業"
    assert without_fields("延べ人数") == "延べ人数"  # nothing else to carry: kept
    assert (
        names_a_field("開催期間は？") and names_a_field("申込のやり方は？") and names_a_field("第2期の方の交付額は？")
    )
    assert not names_a_field("何時から？")


def test_a_field_word_joined_to_a_kpi_drops_only_the_field_word() -> None:
    # 「…客数目標」: the KPI is 観光入込客数, 目標 the field asked of it; asking its 基準値 keeps the KPI's whole name.
    assert not is_field("観光入込客数目標") and not is_field("旅行者数目標")
    assert Subject("みなみ地域の観光入込客数目標").carried("基準の値は何件？") == "みなみ地域の観光入込客数"
    assert without_fields("こまち町の旅行者数目標") == "こまち町の旅行者数"


def test_a_kpi_counted_in_people_is_the_thing_unless_qualified_by_jitsu_or_nobe() -> None:
    # 「…参加人数」 names what the KPI counts; only 実 or 延べ before 人数 make it a field of the thing.
    assert not is_field("移住体験参加人数") and not is_field("参加人数")
    assert is_field("実人数") and is_field("延べ人数")
    assert Subject("つばさ町の移住体験参加人数").carried("目標値はどれくらい？") == "つばさ町の移住体験参加人数"
    assert without_fields("つばさ町の移住体験参加人数") == "つばさ町の移住体験参加人数"


def test_an_item_keeps_a_long_name_and_drops_a_short_one() -> None:
    assert item_of("みずほ市観光連携協議会の会長") == "みずほ市観光連携協議会"
    assert item_of("協議会の会長") == ""  # 「協議会」 alone is too short to name a thing
