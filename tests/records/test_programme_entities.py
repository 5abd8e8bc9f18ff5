"""Bodies and schemes named in passing (labelled bodies, bracketed implementers, corps, provisions), on invented layouts."""

from __future__ import annotations

from assistant.records.programme_bodies import extract_bodies
from assistant.records.programme_designations import extract_prose_designations
from assistant.records.programme_entities import extract_named_entities
from assistant.records.programme_plans import extract_plans

# another ministry's list of adopted projects: a body label with its representative on the line or wrapped below
# (a council and a non-profit represent; a firm and a town do not make records)
ENTRIES = """・① 岡山県真庭市
【協議会名】真庭里山共創プラットフォーム（代表：株式会社ひのき堂）
【事業名】里山資源の循環モデル調査事業
・② 愛媛県内子町
【PF名】内子まちなみ連携ネットワーク
（代表：特定非営利活動法人うちこ暮らし舎）
・③ 福井県小浜市
【PF名】小浜の食を考える勉強会（代表：小浜市）
・④ 宮崎県日南市
【実施主体】飫肥城下町再生コンソーシアム（代表：日南観光推進協議会事務局（日南市））
""".split("\n")


def test_labelled_bodies_and_their_representatives() -> None:
    got = [(r.name, r.line_start, r.line_end) for r in extract_named_entities("x.txt", ENTRIES)]
    assert got == [
        ("真庭里山共創プラットフォーム", 2, 2),
        ("内子まちなみ連携ネットワーク", 5, 6),
        ("特定非営利活動法人うちこ暮らし舎", 5, 6),
        ("飫肥城下町再生コンソーシアム", 10, 10),
        ("日南観光推進協議会", 10, 10),
    ]  # a study group is no body by its head noun; a firm or a town represents no initiative


# another region's project page: activities with who runs them in brackets
ACTIVITIES = """■ 古道ウォークの開催［熊野古道保存協議会・県］
■ 物産展への出展［県、市町村］
■ 写真コンテストの実施［みえ観光実行委員会］
""".split("\n")


def test_councils_running_an_activity_in_brackets() -> None:
    got = [(r.name, r.line_start) for r in extract_named_entities("x.txt", ACTIVITIES)]
    assert got == [("熊野古道保存協議会", 1), ("みえ観光実行委員会", 3)]  # the prefecture and towns are not bodies


def test_a_corps_scheme_named_by_its_members() -> None:
    lines = ["町内で任務にあたる緑のふるさと協力隊員が、集落の草刈りを手伝う。", "隊員の声を聞く。"]
    assert [r.name for r in extract_named_entities("x.txt", lines)] == ["緑のふるさと協力隊"]


def test_a_laws_provisions() -> None:
    lines = [
        "同法の改正では、事業者からの協定締結申出制度や住民の声を聞くためにオープンハウスの規定が設けられた。",
        "同条の規定が設けられた。",  # a clause's number names no provision
    ]
    got = [r.name for r in extract_named_entities("x.txt", lines)]
    assert got == ["オープンハウス", "協定締結申出制度"]


def test_a_founded_bodys_budget_scale_on_the_bullet_below() -> None:
    lines = [
        "- 地元企業の出資で、「一般社団法人みらい里山会議」を設立（2022年）。",
        "・会員45団体、予算規模約1,200万円（会費と寄付（ふるさと納税を含む））。",
    ]
    (record,) = extract_bodies("x.txt", lines)
    assert (record.name, record.line_end) == ("一般社団法人みらい里山会議", 2)
    assert [(b.amount, b.note) for b in record.budgets] == [("約1,200万円", "会費と寄付（ふるさと納税を含む）")]


def test_a_quoted_vision_whose_goals_a_measure_pursues() -> None:
    lines = ["• 「観光立県みやぎビジョン」等で掲げた目標の達成に向け、宿泊施設の改修を支援する。"]
    assert [r.name for r in extract_plans("x.txt", lines)] == ["観光立県みやぎビジョン"]


def test_a_status_conferred_by_a_quoted_name() -> None:
    lines = ["- 地域で雇用を生む事業者を「地域共生事業者」として県が認定する仕組みを設ける。"]
    assert [r.name for r in extract_prose_designations("x.txt", lines)] == ["地域共生事業者"]


def test_a_non_profit_running_a_cases_initiative() -> None:
    lines = [
        "市の計画を、一般財団法人みずなみ振興財団が実行主体となって進めている。",
        "株式会社みずなみが実行主体となる。",
    ]
    assert [r.name for r in extract_bodies("x.txt", lines)] == [
        "一般財団法人みずなみ振興財団"
    ]  # a firm is no initiative


def test_a_partner_body_with_its_nickname() -> None:
    lines = [
        "概 要：南信州移住者ネットワーク",
        "（みなみねっと）と連携した相談会を開催。",
        "官民連携協議会（P F）が集まる。",
    ]
    got = [(r.name, r.variants, r.line_end) for r in extract_named_entities("x.txt", lines)]
    assert got == [
        ("南信州移住者ネットワーク", ("みなみねっと",), 2)
    ]  # an abbreviation in Latin letters is no nickname


# another prefecture's list of adopted platforms: a platform named for its project, under a label that says 「名」
NAMED_FOR_PROJECT = """・① 高知県四万十町
【PF名】流域の担い手を育て続ける川の恵み循環プロジェクト（代表：株式会社しまんと舎）
【事業名】川の恵み循環モデル調査事業
・② 鹿児島県奄美市
【団体名】島と都市を結ぶ関係人口基盤事業
【実施主体】地域づくり事業
""".split("\n")


def test_a_platform_named_for_its_project() -> None:
    got = [(r.name, r.line_start) for r in extract_named_entities("x.txt", NAMED_FOR_PROJECT)]
    assert got == [("流域の担い手を育て続ける川の恵み循環プロジェクト", 2), ("島と都市を結ぶ関係人口基盤事業", 5)]


def test_a_labelled_body_ending_like_a_place_and_generic_project_names() -> None:
    # a non-profit may be named like a village; a town itself is a place
    got = [r.name for r in extract_named_entities("x.txt", ["【団体名】NPO法人さくら村", "【団体名】みどり町"])]
    assert got == ["NPO法人さくら村"]
    # a pointer back to the entry's project or a bare word before 事業 names no project
    for line in ("【組織名】本事業", "【団体名】みらい事業", "【事業者名】同プロジェクト"):
        assert extract_named_entities("x.txt", [line]) == [], line
