"""Plans drawn up or followed, quoted goals of the national structure and theme cards, on invented layouts."""

from __future__ import annotations

from assistant.records.programme_plans import extract_plans, extract_structure_goals, extract_theme_cards

# another prefecture's report: plans quoted and drawn up or followed, a plan named without quotes as a measure's
# basis, a statutory plan, and what is not a plan's name
PLANS = """・ 鉄道とバスの結節を図るため、「みなみ湾岸地域公共交通計画」を踏まえ、乗継ぎを改善する。
観光大手の Ｙ社は、「新ローカルシフト戦略」として地域事業を拡大している。
- 物流拠点法に基づく共同配送計画の策定のための調査に要する経費
令和８年度は、新たに策定した湖東広域連携地域振興方針に基づき、市町と連携する。
・ 計画に基づき、本計画に沿って取り組む。
「地域の将来像」を踏まえ検討する。
「北・
南湾岸交通計画」の策定
""".split("\n")


def test_plans_drawn_up_or_followed() -> None:
    got = {r.name: (r.line_start, r.line_end) for r in extract_plans("x.txt", PLANS)}
    assert got == {
        "みなみ湾岸地域公共交通計画": (1, 1),
        "新ローカルシフト戦略": (2, 2),
        "共同配送計画": (3, 3),  # the plan the law provides for
        "湖東広域連携地域振興方針": (4, 4),
        "北・南湾岸交通計画": (7, 8),  # a quoted name the PDF wrapped cites both lines
    }  # 「本計画」 is too short to be a name; 「地域の将来像」 is no plan


def test_quoted_goals_of_the_national_structure() -> None:
    lines = [
        "◆ 三大都市圏を結ぶ「西日本縦貫回廊」の形成による地方活性化",
        "○「カーボンゼロ東北」の実現に向けた、地域社会の構築",
        "市の総合計画に掲げる都市像「集い、つながるまち」の実現に向けて",
        "「**地域生活ゾーン**」の形成を促進",
        "「地域生活ゾーン」を推進する",
    ]
    got = [(r.name, r.line_start) for r in extract_structure_goals("x.txt", lines)]
    # a slogan with a comma is no name, a slide's bold marks are no name, and a quoted term must be formed or realised
    assert got == [("西日本縦貫回廊", 1), ("カーボンゼロ東北", 2)]


# another prefecture's slide of themes: a place per card, items joined by ×, a quoted practice and a heritage
THEMES = """【観光】長崎県五島市
教会群を巡る「巡礼ツーリズム」

×
島の食材を使う料理教室
【文化】奈良県明日香村
飛鳥の古墳と万葉の里
～石舞台と棚田～（日本遺産）
×
「古代体験」による誘客
～好事例の普遍化に向けて～
【産業】石川県輪島市
伝統工芸の「漆器」の販路拡大
"""


def test_theme_cards_name_their_quoted_practice_and_heritage() -> None:
    got = {r.name: (r.line_start, r.line_end) for r in extract_theme_cards("x.txt", THEMES.split("\n"))}
    assert got == {
        "巡礼ツーリズム": (1, 2),
        "飛鳥の古墳と万葉の里～石舞台と棚田～": (6, 8),  # the heritage's two lines, its designation left out
    }  # 「「古代体験」による誘客」 and 「「漆器」の販路拡大」 quote a word, not the practice the item is about


def test_a_plan_named_by_its_formal_name_in_brackets() -> None:
    lines = [
        "- 県が防災に係る事項を含む広域防災計画を作成したとき、市町村は地区の防災活動に関する計 画(地区防災推進計画)を作成可能",
        "- 町は観光の振興に関する方針（観光振興基本方針）を策定する。",
        "- 市は計画(案)を作成する。",  # no formal name in the brackets
        "- 市町村は空家の活用に関する計画(**空家活用促進計画**)を作成可能",  # a slide's bold marks
    ]
    got = {(r.name, r.line_start) for r in extract_plans("p.txt", lines)}
    assert ("地区防災推進計画", 1) in got and ("観光振興基本方針", 2) in got and ("空家活用促進計画", 4) in got
    assert not any(name.startswith("案") for name, _ in got)


# another region's overview slide: a plan drawn up and carried out through the council named after it, a heading
# before it on the same line, and plans drawn up once (no record)
CARRIED = """計画の着実な推進 四国広域交通計画の策定・推進
- 四国広域交通計画協議会を通じた四国広域交通計画の策定・推進
- 事業計画の策定及び実証への支援
- 総合戦略の策定にあたり、工程表を設定。
""".split("\n")


def test_a_plan_drawn_up_and_carried_out() -> None:
    got = [(r.name, r.line_start) for r in extract_plans("x.txt", CARRIED)]
    assert got == [("四国広域交通計画", 1), ("四国広域交通計画", 2)]  # the heading's words before the space are no part


# a third prefecture's slide of themes: an item glossed with the instance's name (its head noun repeated) and an item
# glossed with how it is done (no name)
GLOSSED = """【医療】高知県梼原町
全国で初めて開設された山の診療所

(ゆすはら山の診療所）
×
遠隔診療の実装
【農林水産業】高知県四万十町
スマート林業

(ドローンによる苗木運搬）
"""


def test_a_theme_card_item_glossed_with_its_instance() -> None:
    got = {r.name: (r.line_start, r.line_end) for r in extract_theme_cards("x.txt", GLOSSED.split("\n"))}
    assert got == {"ゆすはら山の診療所": (1, 4)}


def test_a_plan_or_designation_by_its_formal_kind() -> None:
    from assistant.records.programme_plans import extract_formal_plans

    lines = [
        "第二次県土形成計画の推進(県土構造の基本構想)",  # 「の基本構想」: a description, no name before the head
        "第2次県土形成計画（令和3年決定）と新全県総合開発計画を比べる。",  # the same plan in digits: read once
        "本基本構想では、グリーン拠点都市を3都市から5都市へ拡大する。",  # 「本基本構想」 points back
        "事業計画や将来ビジョン、都道府県計画は地域ごとに異なる。",  # generic plans
        "・まち・ひと・しごと創生総合戦略",  # the tail of a kana name is not one
        "※東北総合開発計画及び",
        "   地方創生3.0基本構想を含む。",
        "第２次県土形成計画の見直しを行う。",  # full-width digits: still the same plan, read once
    ]
    got = [(r.name, r.line_start) for r in extract_formal_plans("x.txt", lines)]
    assert got == [
        ("第二次県土形成計画", 1),
        ("新全県総合開発計画", 2),
        ("グリーン拠点都市", 3),
        ("東北総合開発計画", 6),
        ("地方創生3.0基本構想", 7),
    ]
