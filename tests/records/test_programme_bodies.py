"""Bodies set up to deliver a policy (networks, platforms, consortia), on invented layouts."""

from __future__ import annotations

from assistant.records.programme_bodies import extract_bodies

PROSE = """• 県内の12市町村と大学で「みやぎ防災教育ネットワーク」
を形成し、学校と地域の連携を進める。
• 空き店舗の再生を担う事業者を「商店街再生プラットフォーム」と位置づけ、支援する。
• 山岳観光の魅力を伝えるため、アルプス観光博（仮称）を創設する。
• 「地域の未来」を構築する。
""".split("\n")

BLOCK = """実証の事例

尾道サイクル移住コンソーシアム

（尾道市、しまなみ交流協会、株式会社せとうちラボ）
""".split("\n")


def test_bodies_created_in_prose() -> None:
    got = {r.name: (r.line_start, r.line_end) for r in extract_bodies("x.txt", PROSE)}
    assert got == {
        "みやぎ防災教育ネットワーク": (1, 2),  # the verb wraps onto the next line
        "商店街再生プラットフォーム": (3, 3),
        "アルプス観光博（仮称）": (4, 4),
    }  # 「地域の未来」 names no body


def test_a_consortium_named_over_its_members() -> None:
    (r,) = extract_bodies("x.txt", BLOCK)
    assert (r.name, r.line_start, r.line_end) == ("尾道サイクル移住コンソーシアム", 3, 5)
    assert r.notes == ("（尾道市、しまなみ交流協会、株式会社せとうちラボ）",)


def test_a_body_named_over_the_bracket_that_says_what_it_is() -> None:
    lines = [
        "【コンソーシアム構成】 鳥取県、同県智頭町、(株)山陰交通",
        "",
        "山陰ワーケーション応援ネットワーク",
        "",
        "(中山間地域での二地域居住推進に向けた実証コンソーシアム)",
        "",
        "実証プログラムのポイント",
    ]
    (r,) = extract_bodies("x.txt", lines)
    assert (r.name, r.line_start, r.line_end) == ("山陰ワーケーション応援ネットワーク", 3, 5)
    assert r.variants == ("中山間地域での二地域居住推進に向けた実証コンソーシアム",)
    assert extract_bodies("x.txt", ["広域的な生態系ネットワーク", "(30by30の実現)"]) == []  # a bracket of another kind


def test_names_marked_provisional() -> None:
    from assistant.records.programme_bodies import _provisional

    lines = [
        "「みなと未来を語る！高校生会議(仮称)」について",
        "・水素を核とした新たな産業集積（港湾水素拠点（仮称））を目指す。",
        "NEXT観光博（仮称）を創設し、",
    ]
    got = [(r.name, r.variants, r.line_start) for r in _provisional("x.txt", lines)]
    assert got == [
        ("みなと未来を語る！高校生会議", ("みなと未来を語る！高校生会議(仮称)",), 1),
        ("港湾水素拠点", ("港湾水素拠点（仮称）",), 2),
        ("NEXT観光博", ("NEXT観光博（仮称）",), 3),  # a name opening the line; the create reader keeps the mark
    ]


def test_a_bold_quoted_lab_and_an_unquoted_council_founded() -> None:
    lines = [
        "○「**学びの地産地消**」に向け、人材育成を行う「**みなとまちクロス・ラボ**」を発足（2022年）。",
        "平成30年に官民共創の場として、港市スマート農業推進協議会を設立した。",
        "2020年 一般社団法人みなと観光協議会を設立",
        "幹線バスの路線で地域間交通ネットワークを形成する。",
    ]
    got = [(r.name, r.line_start) for r in extract_bodies("x.txt", lines)]
    # a non-profit founded by its incorporated name is a body too (a case study's council); a network formed is not
    # founded by name
    assert got == [
        ("みなとまちクロス・ラボ", 1),
        ("港市スマート農業推進協議会", 2),
        ("一般社団法人みなと観光協議会", 3),
    ]


def test_working_groups_set_up_by_count_are_left_to_the_quoted_reader() -> None:
    # one reader per layout: programme_quoted emits the parts and the named set (tests/records/test_programme_quoted.py)
    line = "- 「港まち連携会議」内に「①交通部会」「②観光部会」「③防災部会」の3つの検討部会を設置。"
    assert extract_bodies("x.txt", [line]) == []
    assert extract_bodies("x.txt", ["「交通部会」の3つの課題を整理。"]) == []  # not a body set up


def test_a_committee_convened_by_name() -> None:
    lines = [
        "○環境省では、「里山の将来像検討委員会」を開催し、人口減少下の里山管理のあり方を議論している。",
        "○また、関係団体による意見交換会を開催した。",
    ]
    got = [(r.name, r.line_start) for r in extract_bodies("x.txt", lines)]
    assert got == [("里山の将来像検討委員会", 1)]  # an unnamed meeting is not a body


def test_non_profits_founded_or_run_by_name_and_a_group_formed() -> None:
    lines = [
        "- 官民共同で、「**一般社団法人しまなみ未来協議会**」を設立（2022年）。",
        "瀬戸内の交流拠点である一般社団法人 se. tou を運営し、移住者を支援している。",
        "地元の商店主有志によって「みなと灯の会」が結成された。",
        "2019年 NPO法人やまびこが地元の会社を設立",  # a clause after the legal form, not a name
        "2020年 株式会社みなと電力を設立",  # a firm
        "「地域電力会社」を設立",  # a kind of company, no body's name
    ]
    got = [(r.name, r.line_start) for r in extract_bodies("x.txt", lines)]
    assert got == [("一般社団法人しまなみ未来協議会", 1), ("一般社団法人se.tou", 2), ("みなと灯の会", 3)]
