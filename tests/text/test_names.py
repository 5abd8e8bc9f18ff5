"""Names read from a text: proper nouns, quoted titles, Latin names and 〜市/〜学校-style names (invented texts)."""

from __future__ import annotations

import pytest

from assistant.text.names import bodies_in, names_in, new_names, places_in, standalone_places, writes_a_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("場所:緑川市立北高等学校 概要:", "緑川市立北高等学校"),
        ("株式会社ヤマビコ農園は「里山だより」を発行している", "株式会社ヤマビコ農園"),
        ("株式会社ヤマビコ農園は「里山だより」を発行している", "里山だより"),
        ("開催地:1青葉市 2港町", "青葉市"),
        ("実証はNEDOとKDDIが共同で行った", "NEDO"),
        ("講師は大阪大学の研究者が務めた", "大阪大学"),
    ],
)
def test_a_name_is_read(text: str, name: str) -> None:
    assert name in names_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "拠点都市を8都市から13都市へと拡大する",  # 都市 is a kind of place, not one
        "年末の総合戦略で設定する",
        "市町村と都道府県が連携する",
        "KPIはSNSで公表する",  # acronyms of kinds of things
        "令和6年度に開始",  # an era names a year
        "高等学校の生徒が参加した",
    ],
)
def test_generic_words_are_not_names(text: str) -> None:
    assert not names_in(text)


def test_new_names_leave_out_what_the_question_writes() -> None:
    text = "青葉市と北川町が協定を結んだ"
    assert new_names(text, "青葉市と協定を結んだ町はどこ？") == {"北川町"}


def test_bodies_are_names_of_no_plan_nor_act() -> None:
    text = "緑川大学と協議会が「青葉まちづくり構想」を策定し、WEBとWell-beingの発信を始めた"
    assert "緑川大学" in bodies_in(text)
    assert not any(n.endswith("構想") for n in bodies_in(text))
    assert not {"WEB", "Well-being"} & names_in(text)


def test_a_place_inside_a_foreign_name_is_not_standalone() -> None:
    text = "サンライズ・ジャパンは日本各地で研修を行う"
    places = places_in(text) | {"ジャパン"}
    assert "ジャパン" not in standalone_places(places, text)
    assert "日本" in standalone_places(frozenset({"日本"}), text)


def test_places_in_a_list_are_each_standalone_and_not_read_with_the_separator() -> None:
    """`・` separates a list of places: it is neither a foreign name's head nor part of the next place's name."""
    for text, listed in (
        ("青葉市・港町で実証を行う", {"青葉市", "港町"}),
        ("東京都・大阪府・福岡県で説明会を開く", {"東京都", "大阪府", "福岡県"}),
    ):
        places = places_in(text)
        assert not any(p.startswith("・") for p in places | names_in(text))
        assert listed <= standalone_places(places, text)


def test_a_list_of_katakana_places_is_no_foreign_name() -> None:
    text = "カナダ・メキシコへ輸出する"
    assert {"カナダ", "メキシコ"} <= standalone_places(places_in(text), text)


def test_a_facility_word_glued_to_a_place_leaves_the_place_standalone() -> None:
    text = "コワーキングスペース美瑛町を開設した"
    assert "美瑛町" in standalone_places(places_in(text), text)


def test_a_company_written_with_a_place_as_one_proper_noun_is_not_standalone() -> None:
    """Negatives: a katakana company name and the place after it, with or without `・`."""
    assert "札幌" not in standalone_places(frozenset({"札幌"}), "ネッツトヨタ札幌が参加した")
    assert "アメリカ" not in standalone_places(frozenset({"アメリカ"}), "トヨタ・アメリカと連携した")


def test_a_name_is_written_whole_whatever_its_spacing_and_width() -> None:
    """A record's name (or variant) counts as written when the text holds it whole; a part of it, or a word too short
    to be a name, does not."""
    names = ("みどり台交流事業", "交流ＰＪ")
    assert writes_a_name(names, "みどり台 交流事業の補助率は？")
    assert writes_a_name(names, "交流PJの予算は？")  # full-width and half-width alike
    assert not writes_a_name(names, "交流事業の補助率は？")  # a part of the name
    assert not writes_a_name(("事業",), "事業の予算は？")  # shorter than a name
