"""Projects and events named in quotes or in a caption with their year, and plans drawn up under a quoted name."""

from __future__ import annotations

from assistant.records.programme_quoted import extract_quoted_projects

# another prefecture's unit of projects: a note naming one by its full name in quotes; a card's 概要 line naming a
# festival; a quoted slogan and a quoted project inside a longer scheme's name are no records
UNIT = """３ 重点プロジェクト 全８プロジェクト ※県北地域が連携する「里山資源を活かした交流拡大プロジェクト」を含む
概 要：「みなと物産フェスタ」において地元産品のブースを出展。
「稼ぐ力」を高める取組を進める。
観光	観光庁	「港町めぐりプロジェクト」モデル調査事業	周遊の促進
""".split("\n")


def test_quoted_projects_and_events() -> None:
    got = [(r.name, r.line_start) for r in extract_quoted_projects("x.txt", UNIT)]
    assert got == [("里山資源を活かした交流拡大プロジェクト", 1), ("みなと物産フェスタ", 2)]


# another ministry's report: a hosted event's photo caption with its year; a region's strategy drawn up under a
# quoted name with its gloss; a house offered under a quoted brand with its gloss
CAPTIONS = """地方移住推進シンポジウム2024（主催イベント）の様子
地域の将来像を「圏域共生戦略」（基本方針）として策定し、役割分担を明確にする。
会場の様子（主催者提供）
○提携市町が移住体験者に空き家を「おためしハウス」(短期滞在住宅)として提供。
""".split("\n")


def test_captioned_events_and_glossed_plans() -> None:
    got = [(r.name, r.variants, r.line_start) for r in extract_quoted_projects("x.txt", CAPTIONS)]
    assert got == [
        ("地方移住推進シンポジウム2024", ("地方移住推進シンポジウム",), 1),
        ("圏域共生戦略", (), 2),
        ("おためしハウス", (), 4),
    ]


# another ministry's network: the working groups it sets up, quoted in a list with their count
PARTS = """- 「地方就業支援ネットワーク」内に「(1)企業誘致分科会」「(2)人材還流分科会」「(3)起業支援分科会」の3つの分科会を設置。
- 「住まい」「しごと」の二つの柱で検討を進める。
""".split("\n")


def test_the_quoted_parts_a_body_sets_up() -> None:
    got = [(r.name, r.line_start) for r in extract_quoted_projects("x.txt", PARTS)]
    assert got == [
        ("企業誘致分科会", 1),
        ("人材還流分科会", 1),
        ("起業支援分科会", 1),
    ]  # the two pillars set up nothing


# another city's lab: a bimonthly event named in brackets and a conference by its Latin brand as they are held; a
# project with a coined katakana name (a kanji compound before プロジェクト is a kind of project); a plan named by a
# quoted word and its kind after the quotes (not when the name goes on into a longer scheme's name)
HELD = """- 隔月でイベント（momo.lab 3）を開催。
- 記念イベントとあわせてカンファレンスHAMA2025 SUMMITを開催
- グリーンリカバリープロジェクトを中心に取組を固める。国家的プロジェクトから小さな取組まで
町と企業は、官民共創型の「地域商社」構想の実装に着手し、「港の朝市」モデル実証事業も続ける。
""".split("\n")


def test_events_named_as_held_and_coined_projects() -> None:
    got = [(r.name, r.line_start) for r in extract_quoted_projects("x.txt", HELD)]
    assert got == [
        ("momo.lab 3", 1),
        ("HAMA2025 SUMMIT", 2),
        ("グリーンリカバリープロジェクト", 3),
        ("「地域商社」構想", 4),
    ]


# another report's cases: a resort introduced by what it is with its quoted name on the next line, a platform and a
# non-profit by their quoted names; a source credit and a person's post name no initiative
INTRODUCED = """投資実績として、県内の食と温泉を集めた地域再生プロジェクトである滞在型温泉リゾート施設

「ゆけむりテラス」の開発資金に投資した。
シェアモビリティプラットフォーム「まちのり」を活用して、NPO法人「とよまち会」が運営する。
出典：町観光サイト「ゆるり」より作成
山田花子 一般社団法人「あしたの村」代表理事
""".split("\n")


def test_names_introduced_by_what_they_are() -> None:
    got = [(r.name, r.line_start, r.line_end) for r in extract_quoted_projects("x.txt", INTRODUCED)]
    assert got == [("ゆけむりテラス", 1, 3), ("まちのり", 4, 4), ("とよまち会", 4, 4)]


def _names(lines: list[str]) -> list[str]:
    return [r.name for r in extract_quoted_projects("x.txt", lines)]


def test_a_bracket_glossing_an_event_names_none() -> None:
    # the date, frequency, format, fee or edition after the kind word glosses the event; a format word is no brand
    for line in (
        "秋にイベント（11月）を開催",
        "交流イベント（年4回）を開催",
        "移住セミナー（オンライン）を開催",
        "体験イベント（参加無料）を実施",
        "まちづくりフォーラム（第5回）を開催",
        "本年度はセミナーWeb を開催",
        "相談会とあわせてセミナー（Zoom）を開催",
    ):
        assert _names([line]) == [], line


def test_generic_katakana_heads_are_no_coined_project() -> None:
    for line in (
        "・リーディングプロジェクトの推進",
        "町のソフトウェアプロジェクトを支える",
        "マネジメントプロジェクトを実施",
        "ネットワークプロジェクトの構築",
        "シティプロモーションプロジェクトを展開",
        "モデルプロジェクトとして選ぶ",
    ):
        assert _names([line]) == [], line
    # a bullet opening the line is no part of a coined name
    assert _names(["・ブルーツーリズムプロジェクトの推進"]) == ["ブルーツーリズムプロジェクト"]


def test_a_short_quoted_slogan_before_a_kind_is_no_name() -> None:
    for line in (
        "「まち力」モデルの構築",
        "「海」プロジェクトを進める",
        "「こども」計画を策定",
        "「国家的プロジェクト」として",
    ):
        assert _names([line]) == [], line


def test_one_reader_for_the_parts_and_the_named_set() -> None:
    line = "- 「港まち連携会議」内に「①交通部会」「②観光部会」「③防災部会」の3つの検討部会を設置。"
    got = [(r.name, r.variants) for r in extract_quoted_projects("x.txt", [line])]
    # the parts without their list numbers, and the set a modifier names (the parts are records, not its variants)
    assert got == [("交通部会", ()), ("観光部会", ()), ("防災部会", ()), ("検討部会", ())]
    # a set called by its kind alone names nothing of its own
    bare = "- 「港まち連携会議」内に「①交通部会」「②観光部会」の2つの部会を設置。"
    assert _names([bare]) == ["交通部会", "観光部会"]
