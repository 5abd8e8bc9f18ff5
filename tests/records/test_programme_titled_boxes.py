"""Programmes named by a title box over their labelled terms, on invented sheets of another ministry and a prefecture."""

from __future__ import annotations

from assistant.records.programme_titled_boxes import extract_titled_boxes

# Another ministry's budget sheet: tagged items, the tag inside or after the bracket, terms labelled below.
SHEET = """【漁港施設の長寿命化対策《新規》】
老朽化した漁港施設の点検・補修を計画的に進める。

【補助対象者】 都道府県・市町村
【補助率】 1/2以内

【藻場再生の推進】（拡充）
藻場の造成に取り組む漁業者団体の活動を支援する。
""".split("\n")

# A prefecture's page: a title box over its 対象経費, between label boxes, a place card and a section box.
PAGE = """【支援対象者】
県内に本社を置く中小企業者

【商店街にぎわい再生事業】
空き店舗を活用した出店を支援します。
【対象経費】 改装費、賃借料（6か月分まで）

【北海道大樹町】
宇宙のまちづくりの取組

【地方創生をめぐる現状認識】
人口減少は依然として続いている。
""".split("\n")


def test_tagged_title_boxes_are_programmes_with_the_terms_below() -> None:
    got = {r.name: r for r in extract_titled_boxes("x.txt", SHEET)}
    assert set(got) == {"漁港施設の長寿命化対策", "藻場再生の推進"}
    harbour = got["漁港施設の長寿命化対策"]
    assert harbour.eligible == ("都道府県・市町村",)
    assert [r.rate for r in harbour.rates] == ["1/2以内"]
    assert (harbour.line_start, harbour.line_end) == (1, 5)


def test_an_untagged_title_box_needs_labelled_terms_under_it() -> None:
    got = {r.name: r for r in extract_titled_boxes("x.txt", PAGE)}
    # a label box, a place card and a section title over prose are not programmes
    assert set(got) == {"商店街にぎわい再生事業"}
    assert got["商店街にぎわい再生事業"].covered_costs
    assert "改装費" in got["商店街にぎわい再生事業"].source_text


# Section titles over labelled terms: a state 「…状況」, a chapter number, an account 「…の展開」「…の現状」.
SECTIONS = """【観光振興の取組状況】
本県では以下を実施した。
【補助率】 1/2
【第3章 産業振興策の展開】
【対象経費】 人件費
【4．港湾物流の現状】
【補助対象者】 市町村
""".split("\n")


def test_section_titles_over_labelled_terms_are_not_programmes() -> None:
    assert extract_titled_boxes("x.txt", SECTIONS) == []
