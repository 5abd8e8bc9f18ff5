"""Case studies named by a heading and the register an adopted project sets up, on invented layouts."""

from __future__ import annotations

from assistant.records.programme_cases import extract_case_headings

# another prefecture's report of cases: headed by a firm, a non-profit (the report's line number before it), a place
# and a council; and a reference case headed by its label, name and place
CASES = """(i) みなと物産株式会社

1 (ii) 特定非営利活動法人ひなたの里ネットワーク
2 高知県四万十市では、平成20年に公民館の運営を地域に委ねた。
(iii) 高知県四万十市
(iv) 四万十川流域振興協議会
参考事例③：しまなみラボ（愛媛県 今治地域）
""".split("\n")


def test_case_headings_naming_a_body_and_reference_cases() -> None:
    got = [(r.name, r.line_start, r.notes) for r in extract_case_headings("x.txt", CASES)]
    assert got == [
        ("みなと物産株式会社", 1, ()),
        ("特定非営利活動法人ひなたの里ネットワーク", 3, ()),
        ("四万十川流域振興協議会", 6, ()),
        ("しまなみラボ", 7, ("愛媛県今治地域",)),
    ]  # a firm heading a case is its actor; a place's heading names none


def test_the_register_or_identity_an_adopted_project_sets_up() -> None:
    from assistant.records.programme_cases import extract_listed_instruments

    lines = [
        "<2次公募>",
        "①山梨県北杜市、(株)やまびこ等 森林デジタル住民票による交流の可視化と寄附の活用",
        "<p>②岡山県真庭市、(一社)まにわ結 等 会員登録の簡素化や里山関係人口登録制度の実証</p>",
        "③登録・地域関与部会",  # a heading, no description after a gap
    ]
    got = [(r.name, r.line_start) for r in extract_listed_instruments("x.txt", lines)]
    # 「会員登録」 alone is a kind of thing, not a name
    assert got == [("森林デジタル住民票", 2), ("里山関係人口登録制度", 3)]


# another report's cases: one headed by the fund a bank runs, the bank in brackets (the text layer reads 「ⅰ」 as
# 「j」); a firm's own heading names the firm, a place's heading nothing
RUN_BY = """(j) 地域再生ファンド（株式会社みらい銀行）
(ii) みらい不動産株式会社
(iii) 岐阜県高山市
""".split("\n")


def test_a_case_headed_by_the_scheme_a_firm_runs() -> None:
    got = [(r.name, r.line_start, r.notes) for r in extract_case_headings("x.txt", RUN_BY)]
    assert got == [("地域再生ファンド", 1, ("株式会社みらい銀行",)), ("みらい不動産株式会社", 2, ())]


def test_a_bracket_glossing_the_heading_names_no_runner() -> None:
    # a note, a start year, a count or a gloss in brackets is no body running the scheme
    for line in (
        "(i) 空き店舗対策事業（再掲）",
        "(ii) 移住定住支援事業（令和7年度～）",
        "(iii) まちなか再生モデル事業（4地区）",
        "(ii) 二地域居住支援制度（概要）",
    ):
        assert extract_case_headings("x.txt", [line]) == [], line
    # a misread numeral keeps its letters alike: 「(jij)」 is none
    assert extract_case_headings("x.txt", ["(jij) 港町再生ファンド（株式会社うみ銀行）"]) == []
    got = [(r.name, r.notes) for r in extract_case_headings("x.txt", ["(jj) 港町再生ファンド（一般財団法人うみ基金）"])]
    assert got == [("港町再生ファンド", ("一般財団法人うみ基金",))]


def test_a_case_heading_about_firms_is_no_firm() -> None:
    lines = [
        "(ii) 有限会社化の手続き",
        "(iii) 株式会社を設立するまでの歩み",
        "(iv) 株式会社の経営と地域",
        "(v) ひかり工房㈱",
    ]
    assert [r.name for r in extract_case_headings("x.txt", lines)] == ["ひかり工房㈱"]
