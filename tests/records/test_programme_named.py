"""Programmes named in passing (short forms, headlines, case cards), on invented layouts."""

from __future__ import annotations

from assistant.records.programme_named import (
    extract_abbreviated,
    extract_base_cards,
    extract_case_cards,
    extract_outline_schemes,
    extract_scheme_headlines,
)

# another ministry's policy bullets: a short form wrapped onto the next line, a brand with its reading
BULLETS = """• 中小企業の海外展開を後押しするため、中小企業海外展開支援事業（中小海
外事業）の補助を拡充する。また、JobMatchPro（ジョブマッチ）の登録企業を増やす。
• 地域おこし協力隊制度(総務省)について、受入れを進める。
離島広域活性化事業(社会資本整備総合交付金)
- ## ■ 複合施設AQUARIA（アクアリア）の開発
""".split("\n")


def test_a_scheme_with_its_short_form_and_a_brand_with_its_reading() -> None:
    found = extract_abbreviated("x.txt", BULLETS)
    got = {r.name: (r.variants, r.line_start, r.line_end) for r in found}
    assert got == {
        "中小企業海外展開支援事業": (("中小海外事業",), 1, 2),  # the short form wraps onto line 2
        "JobMatchPro": (("ジョブマッチ",), 2, 2),
    }  # (総務省) is no short form; a parent programme in brackets is not one; a brand outside a bullet is no scheme
    assert [r.eligible for r in found] == [(), ()]


def test_whom_a_scheme_given_with_its_short_form_subsidises() -> None:
    lines = ["• 観光人材事業（観光人事業）等における宿泊事業者に対する補助制度などを通じて、人材確保を支援する。"]
    (r,) = extract_abbreviated("x.txt", lines)
    assert (r.name, r.eligible) == ("観光人材事業", ("宿泊事業者",))


HEADLINES = """移住支援金制度の拡充など若者の移住の後押し
地域交通確保交付金の使い勝手向上
規制制度の見直し
""".split("\n")


def test_a_headline_about_a_named_scheme() -> None:
    got = [(r.name, r.line_start) for r in extract_scheme_headlines("x.txt", HEADLINES)]
    assert got == [("移住支援金制度", 1), ("地域交通確保交付金", 2)]  # 「規制制度」 is too short to be a name


# another prefecture's slide of good practices: one card with its place on its own line, one with it inline,
# one title without bullets (a heading), and a contents line
CARDS = """～好事例の普遍化に向けて～
まちなか保健室プロジェクト
（高知県四万十市）
・看護師が商店街に常駐し
住民の健康相談に応じる

・買い物ついでの健診を実現

山里ワーケーション事業(長野県小谷村)
・都市の企業人材を受け入れ

海の学校推進プロジェクト
地域の小中学校が連携して海洋教育を行う。

港町再生事業
・・・概要:5ページ
""".split("\n")


def test_case_cards_on_a_slide_of_examples() -> None:
    got = {r.name: (r.line_start, r.line_end, r.notes) for r in extract_case_cards("x.txt", CARDS)}
    assert got == {
        "まちなか保健室プロジェクト": (2, 7, ("高知県四万十市",)),
        "山里ワーケーション事業": (9, 10, ("長野県小谷村",)),
    }
    card = next(r for r in extract_case_cards("x.txt", CARDS) if r.name == "まちなか保健室プロジェクト")
    assert card.summary == "・看護師が商店街に常駐し住民の健康相談に応じる・買い物ついでの健診を実現"


# another ministry's bill outline: numbered themes, footnote marks, a scheme named by its short name in brackets
OUTLINE = """法案の概要
1 【県・市町村の連携】 空き家活用^{※1}促進のための市町村計画制度の創設
- 2【民間の連携】 空き家の再生に取り組む法人(空き家活用支援法人※2) の指定制度の創設
3 【関係者の連携】 協議会の設置
空き家対策の推進に向けた検討の創設
""".split("\n")


def test_schemes_created_by_a_bill_outline() -> None:
    got = {r.name: (r.line_start, r.variants) for r in extract_outline_schemes("x.txt", OUTLINE)}
    assert got == {  # the name as written; the variants without footnote marks, and by the short name
        "空き家活用^{※1}促進のための市町村計画制度": (2, ("空き家活用促進のための市町村計画制度",)),
        "空き家の再生に取り組む法人(空き家活用支援法人※2) の指定制度": (
            3,
            ("空き家の再生に取り組む法人(空き家活用支援法人) の指定制度", "空き家活用支援法人の指定制度"),
        ),
    }


def test_schemes_a_page_title_lists_in_brackets() -> None:
    from assistant.records.programme_named import extract_title_umbrellas

    lines = ["Ｒ６年度における十勝総合振興局の主な取組（地域づくり推進事業・地域連携促進事業）②", "主な取組（概要）"]
    got = [(r.name, r.ministry, r.line_start) for r in extract_title_umbrellas("x.txt", lines)]
    assert got == [("地域づくり推進事業", "十勝総合振興局", 1), ("地域連携促進事業", "十勝総合振興局", 1)]


def test_a_heading_listing_its_schemes_with_a_comma_and_no_office() -> None:
    from assistant.records.programme_named import extract_title_umbrellas

    lines = [
        "令和８年度 みどり市の重点施策（移住定住促進事業、関係人口創出事業）",
        "■ 取組の柱（観光・交流）",  # a list of themes, not of schemes
        "本市は（空き家改修事業・移住相談事業）を活用し、移住を後押しした。",  # a sentence, not a title
    ]
    got = [(r.name, r.ministry, r.line_start) for r in extract_title_umbrellas("x.txt", lines)]
    assert got == [("移住定住促進事業", None, 1), ("関係人口創出事業", None, 1)]


# another region's slide: a title the slide wrapped over two lines, a place list ending in 等, a model and a trail
# with no place, a company card (㈱) naming no practice, a facility card (a case by its place), a company card whose
# bullets name the practice it runs, a plain title with no place (no card) and an inn's card naming no practice (the
# inn's card is the case itself; a firm's card is the firm's, the case's actor, and its practice's when it names one)
WRAPPED_CARDS = """ふくい子育て応援・地域
連携プロジェクト
(福井県福井市)
・保育士の派遣と子育て相談窓口を運営

山陰防災データ・
ネットワーク(鳥取県等)
・産官学が連携し防災情報を共有

鳥取モデル(鳥取県)
・県と市町村の職員が施設を共同管理

いずみ海辺トレイル
・海岸線をつないだ長距離歩道

港町食品㈱(島根県浜田市)
・地元水産物を加工する工場を新設

しまなみ交流ホール(愛媛県今治市)
・地域住民の交流拠点を整備

みかん農園㈱(愛媛県宇和島市)
・高齢者の就労を支える「農業ワークシェア」を実施

港の朝市
・毎週日曜に開く

みなと温泉旅館(愛媛県松山市)
・県と連携協定を締結
""".split("\n")


def test_case_cards_wrapped_titles_and_initiative_head_nouns() -> None:
    got = {r.name: (r.line_start, r.notes) for r in extract_case_cards("x.txt", WRAPPED_CARDS)}
    assert got == {
        "ふくい子育て応援・地域連携プロジェクト": (1, ("福井県福井市",)),
        "山陰防災データ・ネットワーク": (6, ("鳥取県等",)),
        "鳥取モデル": (10, ("鳥取県",)),
        "いずみ海辺トレイル": (13, ()),
        "港町食品㈱": (16, ("島根県浜田市",)),
        "しまなみ交流ホール": (19, ("愛媛県今治市",)),
        "みかん農園㈱": (22, ("愛媛県宇和島市",)),
        "農業ワークシェア": (22, ("愛媛県宇和島市",)),
        "みなと温泉旅館": (28, ("愛媛県松山市",)),
    }


# a third region's slide: a plain title the slide wrapped (the place closes its second line), a card at the head of a
# page (indented, no blank line above it), a card whose place is a named area, councils and a union with no place, and
# a wrapped bullet's last line with a place (no card)
MORE_CARDS = """・県が若者の定着を後押し
 みなと若者サポート
ステーション（愛媛県今治市）
・就労相談と職場体験を一体で提供

・企業見学会を開催
 山あいの農泊体験(高知県梼原町)
・都市の小学生を受け入れ

港町の人材バンク(四国西部地域)
・企業と自治体が人材情報を共有

四国観光戦略会議
・四県の知事と経済団体で組織

瀬戸内広域連合
・県境を越えて防災を共同で担う

・地元の漁協と連携した
加工場の整備(愛媛県八幡浜市)
・販路を開拓
"""


def test_case_cards_wrapped_plain_titles_page_heads_areas_and_councils() -> None:
    got = {r.name: (r.line_start, r.notes) for r in extract_case_cards("x.txt", MORE_CARDS.split("\n"))}
    assert got == {
        "みなと若者サポートステーション": (2, ("愛媛県今治市",)),
        "山あいの農泊体験": (7, ("高知県梼原町",)),
        "港町の人材バンク": (10, ("四国西部地域",)),
        "四国観光戦略会議": (13, ()),
        "瀬戸内広域連合": (16, ()),
    }


# a fourth region's slide: a council is an initiative's body, a card of its own with or without its place; a bullet
# that names a council in a sentence is no card
COUNCILS = """にし阿波移住推進協議会
・町村と不動産団体が空き家情報を一元化

吉野川流域観光協議会(徳島県美馬市等)
・流域の周遊ルートを共同で発信

・地元の協議会と連携して移住者を受け入れ
"""


def test_case_cards_headed_by_a_council() -> None:
    got = {r.name: (r.line_start, r.notes) for r in extract_case_cards("x.txt", COUNCILS.split("\n"))}
    assert got == {
        "にし阿波移住推進協議会": (1, ()),
        "吉野川流域観光協議会": (4, ("徳島県美馬市等",)),
    }


# a slide of bases: the place in 【】 over the base's name over what it is; a theme card (【field】place) and a place
# heading over a bullet are not bases
BASES = """②産業基盤編

【愛媛県新居浜市】
海洋ロボット実証フィールド
沿岸での水中ドローンの実証環境を整備

【香川県坂出市】
BASE Seto
瀬戸内のスタートアップ支援拠点

【観光】愛媛県内子町
町並み保存
×
宿泊施設

【高知県室戸市】
・深層水の活用を検討
"""


def test_base_cards_under_a_place_heading() -> None:
    got = {
        r.name: (r.line_start, r.line_end, r.notes, r.summary) for r in extract_base_cards("x.txt", BASES.split("\n"))
    }
    assert got == {
        "海洋ロボット実証フィールド": (3, 5, ("愛媛県新居浜市",), "沿岸での水中ドローンの実証環境を整備"),
        "BASE Seto": (7, 9, ("香川県坂出市",), "瀬戸内のスタートアップ支援拠点"),
    }


def test_a_heading_of_government_levels_is_no_base_card() -> None:
    text = "\n".join(["", "【市町村】", "地域公共交通計画の策定", "住民の移動手段を確保する計画を定める", ""])
    assert extract_base_cards("x.txt", text.split("\n")) == []
    placed = text.replace("【市町村】", "【長野県青葉町】")
    assert [r.name for r in extract_base_cards("x.txt", placed.split("\n"))] == ["地域公共交通計画の策定"]
