"""National schemes a place joined, listed with the ministry and the date, on another town's invented page."""

from __future__ import annotations

from assistant.records.programme_designations import extract_designations, extract_prose_designations

PAGE = """官民協働の取組

港町未来協議会 ～ 大学 × 企業 × 行政 ～

[H30.4.1 設置]

総務省 地域DX推進ラボ [H31.2.10 選定]

国土交通省・環境省

グリーンインフラ官民連携プラットフォーム [R2.3.3 登録]

内閣府 脱炭素モデル都市 [R4.6.1 認定]

日本まちづくり協会 まちづくりアワード [R5.1.1 認定]
""".split("\n")


def test_schemes_a_place_was_selected_into() -> None:
    got = {r.name: (r.ministry, r.line_start, r.line_end, r.notes) for r in extract_designations("x.txt", PAGE)}
    assert got == {
        "地域DX推進ラボ": ("総務省", 7, 7, ("H31.2.10 選定",)),
        "グリーンインフラ官民連携プラットフォーム": ("国土交通省・環境省", 9, 11, ("R2.3.3 登録",)),
        "脱炭素モデル都市": ("内閣府", 13, 13, ("R4.6.1 認定",)),
        # listed among ministries' schemes: the award is one too, its awarding body no ministry
        "日本まちづくり協会 まちづくりアワード": (None, 15, 15, ("R5.1.1 認定", "日本まちづくり協会")),
    }  # a body the town set up (設置) is not a scheme it joined


def test_an_award_listed_alone_is_not_read() -> None:
    """Without a ministry's scheme beside it, a dated certification line may be anything (a product's label)."""
    lines = ["", "道の駅 みなと [R5.1.1 登録]", "", "特産品ブランド 港の塩 [R6.2.1 認定]", ""]
    assert extract_designations("x.txt", lines) == []


def test_the_award_name_is_a_variant() -> None:
    got = {r.name: r for r in extract_designations("x.txt", PAGE)}
    assert got["日本まちづくり協会 まちづくりアワード"].variants == ("まちづくりアワード",)


def test_designations_prose_says_a_place_received() -> None:
    from assistant.records.programme_designations import extract_prose_designations

    lines = [
        "世界農業遺産に認定された「棚田米」の販路を広げるため、",
        "本県が森林資源活用特区に指定された機を捉え、木材産業の集積を進める。",
        "県内で唯一、里山保全法に基づく「自然学習の",
        "拠点」の認定を受けている「北の森分校」と連携し、",
        "・事業計画の認定を受けた事業者に補助する。",  # 「事業計画の認定」: a plan approved, no designation named
    ]
    got = [(r.name, r.line_start, r.line_end) for r in extract_prose_designations("x.txt", lines)]
    assert got == [("世界農業遺産", 1, 1), ("森林資源活用特区", 2, 2), ("自然学習の拠点", 3, 4)]


def test_a_goal_to_certify_a_number_names_the_scheme() -> None:
    from assistant.records.programme_designations import extract_prose_designations

    lines = [
        " ○里山を活かした地域づくり  【早期に里山保全林を300以上認定することを目指す】",
        "• 住所地以外の地域に関わる者を登録する。",  # no count: a registration described, no scheme named
    ]
    got = [(r.name, r.line_start) for r in extract_prose_designations("x.txt", lines)]
    assert got == [("里山保全林", 1)]


def test_special_zones_a_map_names_alone() -> None:
    """A map legend's zone 「X特区」 on a line of its own is a designation, the places on the line below its notes."""
    from assistant.records.programme_designations import extract_zone_legends

    lines = [
        "観光、教育",
        "みなと再生特区",
        "（愛媛県・香川県）",
        "",
        "山里健康特区",
        "",
        "本県は特区制度を活用して規制改革を進める。",
        "・特区",
    ]
    got = {r.name: (r.line_start, r.line_end, r.notes) for r in extract_zone_legends("x.txt", lines)}
    assert got == {"みなと再生特区": (2, 3, ("愛媛県・香川県",)), "山里健康特区": (5, 5, ())}


def test_a_sentence_wrapped_after_a_zone_is_no_legend() -> None:
    """「…特区」 ending a line whose sentence goes on below (「に指定された」) is prose, not a map's legend."""
    from assistant.records.programme_designations import extract_zone_legends

    lines = [
        "規制の特例を活用するため",
        "内閣府の国家戦略特区",
        "に指定された地域と連携する。",
        "",
        "みなと再生特区",
        "",
    ]
    assert [r.name for r in extract_zone_legends("x.txt", lines)] == ["みなと再生特区"]


# another ministry's policy bullet: a kind of base named with the count of its sites as examples, wrapped onto the
# next line, and the other name of the same set before 「・」; a base with no counted examples is no designation
COUNTED_BASES = """• 地域の技術革新のため、高専や公設試験研究機関等の地域連携拠点・地域産業型技術拠点
（例：現状高専関連12か所、公設試関連５か所）を拡充する。
• 地域の交流拠点（仮称）の整備を進める。
""".split("\n")


def test_a_kind_of_base_with_its_counted_sites() -> None:
    got = [(r.name, r.variants, r.line_start, r.line_end) for r in extract_prose_designations("x.txt", COUNTED_BASES)]
    assert got == [("地域産業型技術拠点", ("地域連携拠点",), 1, 1)]


def test_a_generic_base_with_counted_sites_is_no_designation() -> None:
    for line in ("・防災備蓄拠点（例：市内に7か所）を整備", "・産業技術拠点 （例：県内に14か所）"):
        assert extract_prose_designations("x.txt", [line]) == [], line
    # the other name left after 「等の」 must still tell the set apart: 「連携拠点」 alone is any base
    line = "• 大学等の連携拠点・地域共創拠点（例：市内に3か所）を強化する"
    got = [(r.name, r.variants) for r in extract_prose_designations("x.txt", [line])]
    assert got == [("地域共創拠点", ())]
