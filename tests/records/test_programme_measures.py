"""A plan's measures as sibling marked headings, on invented layouts of another ministry and prefecture."""

from __future__ import annotations

from assistant.records.programme_measures import extract_measures

# A policy package: ○ measures, a goal box on the line or below it, • bullets under each.
PACKAGE = """３．政策パッケージ（主な施策）

○地域脱炭素ハブの形成          【2030年度までに全国20か所を目指す】
• 地方公共団体と地域金融機関が連携し、再エネ設備の導入を一体で進める
拠点を形成する。

○再エネ人材の育成・確保《拡充》
   【2028年度までに1,000人】
• 大学・高専と連携した実践講座を設ける。

○「里山ゼロカーボン構想」の推進
• 里山の木質資源を地域熱供給に活かす。

○森林と都市をつなぐ木材流通の
高度化
• 製材から建築までの情報を共有する。
""".split("\n")

# A prefecture's slide: ■ measures of one direction, examples between them, no bullets.
SLIDE = """対策の方向性

■移住相談窓口の一元化と体制強化

■空き家バンクを活用した住まいの確保

県北の移住体験住宅

■お試し就業の推進
""".split("\n")


def test_measures_of_a_policy_package() -> None:
    got = {r.name: (r.line_start, r.line_end, r.summary) for r in extract_measures("x.txt", PACKAGE)}
    assert list(got) == [
        "地域脱炭素ハブの形成",  # the goal box is the measure's KPI, not its name
        "再エネ人材の育成・確保",  # the 《拡充》 tag is its status
        "「里山ゼロカーボン構想」の推進",
        "森林と都市をつなぐ木材流通の高度化",  # the heading wraps onto a short line
    ]
    assert got["地域脱炭素ハブの形成"] == (
        3,
        3,
        "地方公共団体と地域金融機関が連携し、再エネ設備の導入を一体で進める拠点を形成する。",
    )
    assert got["再エネ人材の育成・確保"][2] == "大学・高専と連携した実践講座を設ける。"  # past the box below it
    assert got["森林と都市をつなぐ木材流通の高度化"][:2] == (14, 15)


def test_measures_on_a_slide() -> None:
    names = [r.name for r in extract_measures("x.txt", SLIDE)]
    assert names == ["移住相談窓口の一元化と体制強化", "空き家バンクを活用した住まいの確保", "お試し就業の推進"]


def test_marked_statistics_visions_and_kpis_are_not_measures() -> None:
    lines = [
        "○ 県外への転出者の過半は20代が占めており、進学と就職が主なきっかけ。",
        "○ 大学数も県庁所在地に集中しており、",
        "",
        "〇若者に選ばれる県",
        "〇デジタル技術の徹底活用",
        "〇人口減少への認識の変化",
        "",
        "【ＫＰＩ】",
        "○移住相談件数",
        "○県産材の出荷量の維持",
    ]
    assert extract_measures("x.txt", lines) == []


def test_two_measure_headings_are_not_a_list() -> None:
    lines = ["■観光案内所の機能強化", "", "■二次交通の確保"]
    assert extract_measures("x.txt", lines) == []


def test_a_numbered_section_heading_ends_a_list() -> None:
    """A KPI list's ○ lines above a section heading are not the measures' siblings."""
    lines = [
        "【ＫＰＩ】",
        "○観光入込客数",
        "【ＫＰＩ】",
        "○移住相談件数",
        "",
        "１ 主な施策の展開方向",
        "○交通ネットワークの",
        "確保",
        "○地場産業の振興",
        "○子育て環境の充実",
    ]
    names = [(r.name, r.line_start, r.line_end) for r in extract_measures("x.txt", lines)]
    assert names == [("交通ネットワークの確保", 7, 8), ("地場産業の振興", 9, 9), ("子育て環境の充実", 10, 10)]


def test_a_relocation_is_a_measure() -> None:
    """「…の地方移転」 names an action as 「…の地方分散」 does: a ministry's offices moved out is a measure."""
    lines = [
        "○研究機関の地方移転 【候補を公募し、順次結論を出す】",
        "• 研究機関の移転に向けた協議を進める。",
        "○サテライトオフィスの整備",
        "○企業研修拠点の地方分散",
    ]
    names = [r.name for r in extract_measures("x.txt", lines)]
    assert names == ["研究機関の地方移転", "サテライトオフィスの整備", "企業研修拠点の地方分散"]


def test_a_wrapped_line_that_ends_no_measure_is_not_joined_on() -> None:
    # the second line closes on no comma or particle: the third line is not the heading's
    lines = ["■港町の交流人口", "拡大に向けた検討", "観光案内所の整備", "■港町の整備", "■港町の振興"]
    names = [r.name for r in extract_measures("x.txt", lines)]
    assert names == ["港町の整備", "港町の振興"]


def test_a_heading_wrapped_over_two_lines_or_ending_in_a_quoted_action_or_a_countermeasure_is_a_measure() -> None:
    lines = [
        "【施策】",
        "■港町の観光資源の",
        "発掘・磨き上げ",
        "■各協議会・関係団体の",
        "ネットワークを活かした魅力の向上、",
        "交流人口の創出・拡大",
        "■港町の漁業の発展に向けた",
        "「浜づくり」と「人づくり」",
        "■若者の地元就職の促進など雇用対策",
    ]
    names = [(r.name, r.line_start, r.line_end) for r in extract_measures("x.txt", lines)]
    assert names == [
        ("港町の観光資源の発掘・磨き上げ", 2, 3),
        ("各協議会・関係団体のネットワークを活かした魅力の向上、交流人口の創出・拡大", 4, 6),
        ("港町の漁業の発展に向けた「浜づくり」と「人づくり」", 7, 8),
        ("若者の地元就職の促進など雇用対策", 9, 9),
    ]
