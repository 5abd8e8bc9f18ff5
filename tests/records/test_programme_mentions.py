"""Programmes a policy sentence names as its means (instrument schemes, quoted frameworks), on invented layouts."""

from __future__ import annotations

from assistant.records.programme_mentions import (
    extract_branded_offerings,
    extract_instrument_schemes,
    extract_quoted_frameworks,
)

# another prefecture's environment plan: initiatives named in quotes that the sentence promotes, sets up or draws up
PROMOTED = """• 里山と企業の森を結び、生き物の行き来を取り戻す「みどりの回廊づくり」を進める。
県は2019年に、子どもが漁業を学ぶ「海の寺子屋」を創設した。
• 農協と連携し、地域ぐるみで「ゼロカーボン農業」に取り組む。
• 「価値」を推進する。
• 「株式会社みなと」を設立した。
• 出資を募り「地域電力会社」を設立した。
• 「安心の暮らし」の実現を目指す。
施策	「港の森づくり」を進める
市は「法人版ふるさと納税」を推進し、企業の寄附を募る。
町は「山あいの診療所ネット（仮称）」を立ち上げる。
• 「若者の定住促進」を推進力に、町の魅力を発信する。
• 「旧市街の再生」を策定範囲とする。
県は「空き家活用ガイドライン」を策定した。
「第3回みなと未来シンポジウム」を立ち上げた。
物流の「2030年問題」に取り組む必要がある。
住民からは「空き家を減らしたい」に取り組む声が上がる。""".split("\n")


def test_initiatives_a_sentence_promotes_under_a_quoted_name() -> None:
    got = [(r.name, r.line_start) for r in extract_quoted_frameworks("x.txt", PROMOTED)]
    assert got == [
        ("みどりの回廊づくり", 1),
        ("海の寺子屋", 2),
        ("ゼロカーボン農業", 3),
        ("法人版ふるさと納税", 9),  # a legal form inside a scheme's name is no body
        ("山あいの診療所ネット", 10),  # （仮称） is no part of the name
    ]
    # a one-word idea (価値), a firm or a kind of company set up (bodies), an aim (実現を目指す), a table row, a verb
    # that does not inflect (推進力, 策定範囲), a document, an event, an issue or a wish: none


# another ministry's policy bullets (forestry, SMEs, tourism): schemes used, extended or joined
POLICY = """• 森林経営管理制度や林業成長産業化総合対策事業等を通じて得られた知見を普及し、
• 事業承継の円滑化に向け、中小企業再生支援制度及び事業承継補助金の延長・拡充等の検討を進める。
○新旧の観光地域振興交付金を活用した受入環境整備やその他の広域周遊ルート形成促進事業と連携
• モデル事業を通じて事例を蓄積し、既存制度等を活用した取組や予算制度と連携した支援を行う。
　森林環境譲与税を活用し、
• 地域の事業者に対する支援について、山村振興対策事
業等を通じて重点的に支援する。""".split("\n")


def test_schemes_a_sentence_uses_extends_or_joins() -> None:
    got = {(r.name, r.line_start, r.line_end) for r in extract_instrument_schemes("x.txt", POLICY)}
    assert got == {
        ("森林経営管理制度", 1, 1),
        ("林業成長産業化総合対策事業", 1, 1),
        ("中小企業再生支援制度", 2, 2),
        ("事業承継補助金", 2, 2),
        ("観光地域振興交付金", 3, 3),
        ("広域周遊ルート形成促進事業", 3, 3),
        ("山村振興対策事業", 6, 7),  # the PDF broke the name over two lines
    }  # モデル事業, 既存制度, 予算制度: generic heads, no names; a tax (譲与税) is no scheme word here


def test_a_table_row_is_left_to_the_table_readers() -> None:
    assert extract_instrument_schemes("x.txt", ["住まい\t空き家改修支援事業等を通じて支援\t市町村"]) == []


# another prefecture's plan: frameworks named in quotes, created or used
FRAMEWORKS = """• 県内６圏域ごとの広域的な支援の枠組みである「圏域経営会議」を通じて、重点支援企業を選定し、
• 商店街の空き店舗に行政窓口を併設した「まちなか暮らし拠点」を整備する。
○県境を越える「山陰観光連携」の枠組みの創設
• 新技術を実装する「地域水素モデル」の構築の検討を進める。
• 「地域生活圏」の形成を目指し、「交通空白」の解消や「炭鉄港」を活用した誘客を進める。
• 「**場**」を構築する。""".split("\n")


def test_quoted_frameworks_created_or_used() -> None:
    got = [(r.name, r.line_start) for r in extract_quoted_frameworks("x.txt", FRAMEWORKS)]
    assert got == [("圏域経営会議", 1), ("まちなか暮らし拠点", 2), ("山陰観光連携", 3), ("地域水素モデル", 4)]
    # a concept formed (地域生活圏), a problem solved (交通空白), a heritage brand used (炭鉄港): not frameworks


# another region's case study in a report with margin line numbers: services and a currency by their brands
CASE = """3 町は、地元のタクシー会社と連携して「のりあい南町」の運行を開始した。
4 現在では、住民が互いに助け合う見守りサー
5 ビス「みなみ手帳」へと発展し、町内の商店で使える地域通貨「みなみコイン」
6 による経済循環や、オンデマンド乗合サービス（「よぶバス」）の導入を進めている。
7 観光情報はウェブサイト「みなみナビ」で、予約はプラットフォーム「TripBase」を活用して受け付ける。""".split("\n")


def test_services_and_currencies_named_by_their_brand() -> None:
    got = [(r.name, r.line_start, r.line_end) for r in extract_branded_offerings("x.txt", CASE)]
    assert got == [
        ("のりあい南町", 1, 1),  # started as a service under its brand
        ("みなみ手帳", 2, 3),  # 「サー / 5 ビス「…」」: the wrap and the margin number are read through
        ("みなみコイン", 3, 3),
        ("よぶバス", 4, 4),
    ]  # a website and a vendor's platform it uses are not the region's programmes


def test_a_service_whose_brand_a_margin_number_splits_is_named_by_what_it_is() -> None:
    lines = [
        "8 町は協議会を設立し、オンデマンド乗合サービス（「よぶ",
        "9 バス」）や見守りサービス（「みまもり手帳」）の導入を進めている。",
    ]
    got = [(r.name, r.line_start, r.line_end) for r in extract_branded_offerings("x.txt", lines)]
    # 「よぶ / 9 バス」 cannot be quoted as written; the whole brand on one line is read as usual
    assert got == [("オンデマンド乗合サービス", 1, 2), ("みまもり手帳", 2, 2)]


def test_a_service_named_by_its_brand_before_a_particle() -> None:
    lines = ["人口3千人の村で始まった買い物代行サービス「おつかいネット」は、住民同士で助け合う仕組みである。"]
    (r,) = extract_branded_offerings("x.txt", lines)
    assert (r.name, r.line_start, r.line_end) == ("おつかいネット", 1, 1)
    assert r.summary == lines[0]


def test_a_brand_glossed_by_what_it_is_and_run() -> None:
    lines = [
        "同社は、高齢者の通院を支える「かよいドライブ」という相乗りサービスを企画・運営している。",
        "町では「地域の宝」という考え方を大切にしている。",
    ]
    got = [(r.name, r.line_start) for r in extract_branded_offerings("x.txt", lines)]
    assert got == [("かよいドライブ", 1)]  # a phrase glossed as a way of thinking is no service


def test_a_brand_split_by_a_margin_number_is_left_out() -> None:
    lines = ["8 配車サービス（「まちなか", "9 タクシー」）を導入した。"]
    assert extract_branded_offerings("x.txt", lines) == []  # 「まちなか9タクシー」 is what the lines say


def test_proposed_and_defined_frameworks() -> None:
    lines = [
        "・観光事業者も巻き込んだ**官民プラットフォーム(=「観光投資ファンドプラットフォーム」(仮称))の創設**。",
        "- 「全国移住支援官民連携ネットワーク（以下「移住NW」という。）」内に「①住まい部会」を設置し、",
        "本事例の運営主体は、特定非営利活動法人みらいまちネットワーク（以下「みらい」という。）である。",
    ]
    got = [(r.name, r.variants, r.line_start) for r in extract_quoted_frameworks("x.txt", lines)]
    assert got == [
        ("観光投資ファンドプラットフォーム", (), 1),  # its (仮称) stands outside the quotes
        ("全国移住支援官民連携ネットワーク", ("移住NW",), 2),  # the short name the text then uses
    ]  # an NPO defined with its short name is an organisation, not a programme


def test_a_scheme_named_as_one_of_the_efforts() -> None:
    lines = [
        "地域の産学官による「港町創生推進事業」において、起業家育成プログラムや人材育成などの取組も進められている。"
    ]
    assert [r.name for r in extract_instrument_schemes("x.txt", lines)] == ["起業家育成プログラム"]


def test_a_term_its_footnote_defines_as_a_scheme() -> None:
    from assistant.records.programme_prose import extract_footnoted_schemes

    lines = [
        "下水道の維持管理ではスマート水道PFI⁵を始めとした官民連携が進む。森林ボランティア⁶も多い。",
        "⁵ 下水道施設の運営を民間に委ねる官民連携方式の総称。",
        "⁶ 森林の手入れに参加する市民。",
    ]
    got = [(r.name, r.line_start, [s.line_start for s in r.sources]) for r in extract_footnoted_schemes("x.txt", lines)]
    assert got == [("スマート水道PFI", 1, [1, 2])]  # a footnote defining people, not a scheme, is left out


def test_a_scheme_a_footnote_names_in_its_definition() -> None:
    from assistant.records.programme_prose import extract_footnoted_schemes

    lines = [
        "河川の管理ではリバーPPP⁷の導入が進む。",
        "⁷ 河川施設等維持管理事業及び同方式に準ずる官民連携方式の総称。",
        "⁸ 地域の活性化に資する事業に対して、新たな制度で支援するもの。",  # no scheme's name: 「資する事業」「新たな制度」
    ]
    got = [(r.name, r.line_start) for r in extract_footnoted_schemes("x.txt", lines)]
    assert got == [("リバーPPP", 1), ("河川施設等維持管理事業", 2)]


def test_a_footnoted_method_or_kind_of_organisation_but_not_a_kind_of_firm() -> None:
    from assistant.records.programme_prose import extract_footnoted_schemes

    lines = [
        "「インパクト・ローン¹」を広げ、「集落運営会議²」が担い、「ソーシャル・ベンチャー企業³」が育つ。",
        "¹ 社会的な成果に連動して金利を下げることで、民間の融資を呼び込みやすくするもの。",
        "² 集落の住民が参加して、地域課題の解決に取り組む組織。その中でも…",
        "³ 社会課題の解決と収益を両立させる企業を指して例えたもの。",
    ]
    got = [r.name for r in extract_footnoted_schemes("x.txt", lines)]
    assert got == ["インパクト・ローン", "集落運営会議"]


def test_hosted_events_and_plans_drawn_up_by_name() -> None:
    from assistant.records.programme_mentions import extract_named_initiatives

    lines = [
        "町主催の移住者交流セミナーに参加した会社員が、翌年に移住した。",
        "人材確保と定着支援を柱とする港町人材確保プランを策定し、推進する。",
        "当日は主催者の挨拶の後、交流会を行った。",
    ]
    got = [(r.name, r.line_start) for r in extract_named_initiatives("x.txt", lines)]
    assert got == [("移住者交流セミナー", 1), ("港町人材確保プラン", 2)]


def test_initiatives_started_set_up_or_drawn_up_under_a_quoted_name() -> None:
    from assistant.records.programme_bodies import extract_bodies
    from assistant.records.programme_mentions import extract_named_initiatives

    lines = [
        "2020年から首都圏の会社員が地元企業の仕事を兼ねる「週末副社長ながの」を開始し、応募が増えた。",
        "市は、地元大学と「みなと未来研究所」を開設し、「港町デジタル推進構想」を策定した。",
        "民間主導で、「一般社団法人みなと協議会」を設立（2021年）。",
    ]
    assert [r.name for r in extract_branded_offerings("x.txt", lines)] == ["週末副社長ながの"]
    # a non-profit founded under its incorporated name is a body too (read by extract_bodies, not as an initiative)
    assert [r.name for r in extract_bodies("x.txt", lines)] == ["みなと未来研究所", "一般社団法人みなと協議会"]
    assert [r.name for r in extract_named_initiatives("x.txt", lines)] == ["港町デジタル推進構想"]


def test_quoted_instances_of_a_kind_of_programme() -> None:
    from assistant.records.programme_mentions import extract_named_initiatives

    lines = [
        "・「山村留学」や「親子ワーケーション」といった滞在先での学びのプログラムの実証を行う。",
        "「稼ぐ力」といった観点",
    ]
    assert [r.name for r in extract_named_initiatives("x.txt", lines)] == ["山村留学", "親子ワーケーション"]


def test_offerings_issued_or_developed_and_an_initiative_rolled_out_in_a_new_version() -> None:
    from assistant.records.programme_mentions import extract_quoted_frameworks

    lines = [
        "株式会社みなと商会は「瀬戸内食べる便り」を発行し、生産者の思いを届けている。",
        "③香川県小豆島町、(株)しまラボ等 移動負担軽減の検討、「島民パスアプリ」開発",
        "①徳島県美波町、(一社)みなみ 長期滞在予約システム整備「第2町民サービス」検討",
        "「泥臭いDX」の推進",
        "○全世代型「生きがいのまち」（地域版ＣＣＲＣ）3.0の展開",
    ]
    assert [r.name for r in extract_branded_offerings("x.txt", lines)] == [
        "瀬戸内食べる便り",
        "島民パスアプリ",
        "第2町民サービス",
    ]  # a slogan quoted and pursued is none
    (r,) = extract_quoted_frameworks("x.txt", lines)
    assert (r.name, r.variants, r.line_start) == ("生きがいのまち", ("生きがいのまち（地域版ＣＣＲＣ）3.0",), 5)


def test_the_policy_package_a_numbered_sections_subtitle_names() -> None:
    from assistant.records.programme_mentions import extract_named_initiatives

    lines = [
        "(3)人と物の流れを変え、新しい地域交通の創生～地域モビリティ再興構想～",
        "第2章 目指す姿～豊かな暮らし～",
        "地域モビリティ再興構想関連施策を取りまとめる。",
    ]
    got = [(r.name, r.line_start) for r in extract_named_initiatives("x.txt", lines)]
    assert got == [("地域モビリティ再興構想", 1)]  # an unnumbered chapter's subtitle names no package


def test_a_name_coordinated_with_a_scheme_as_the_means() -> None:
    lines = [
        "• 自然再生重点地域や里山保全推進事業等を通じて得られた知見を全国に広げる。",
        "• 若手育成や創業支援プログラムなどの取組を進める。",
    ]
    got = [r.name for r in extract_instrument_schemes("x.txt", lines)]
    assert sorted(got) == ["創業支援プログラム", "自然再生重点地域", "里山保全推進事業"]  # one of the efforts is not


def test_a_role_a_local_scheme_gives_people_under_its_quoted_name() -> None:
    lines = [
        "③高知県馬路村、(一社)ゆずの里協会 等 都市部の退職者を「ふるさと応援村民」として活かし、特産品づくりを支援",
        "⑤長崎県小値賀町 島外の若者を「島の案内人」として育成する取組",  # neither verb of the shape
        "・島の暮らしを支える「集落ヘルパー」を育成、輩出",
        "・全国の団体が「会員」として参画",  # taking part is no role a scheme gives
    ]
    got = [(r.name, r.line_start) for r in extract_branded_offerings("x.txt", lines)]
    assert got == [("ふるさと応援村民", 1), ("集落ヘルパー", 3)]


# another prefecture's adopted projects: a scheme the project sets up, named among the means
SET_UP = """⑤県、観光協会、地元バス会社 等 交通費の補助や長期滞在者登録制度を整え、滞在型観光を促進
⑥市、商工会 等 空き店舗の改修や創業支援を整備し、"""


def test_a_scheme_a_project_sets_up_is_named() -> None:
    got = {r.name for r in extract_instrument_schemes("x.txt", SET_UP.split("\n"))}
    assert got == {"長期滞在者登録制度"}  # 「創業支援を整備し」: no scheme word, no scheme


def test_a_card_bullet_is_not_part_of_the_scheme_it_names() -> None:
    """「・X税制を活用」 on a case card: the bullet dot opens the line, the name starts after it."""
    lines = ["港町ロジスティクス(架空県港町)", "・本社の一部を港町へ移転", "・港町立地促進税制を活用"]
    assert [r.name for r in extract_instrument_schemes("x.txt", lines)] == ["港町立地促進税制"]
    # a dot inside a name is kept
    (r,) = extract_instrument_schemes("x.txt", ["・ワット・ビット連携推進事業を通じて支援する。"])
    assert r.name == "ワット・ビット連携推進事業"


def test_a_next_line_opening_with_any_round_mark_is_the_next_item() -> None:
    """The PDF gives the round heading mark as ○, ◯ or 〇: a line opening with any of them is not the rest of a wrap."""
    for mark in "○◯〇●■":
        lines = ["• 山村の事業者への支援は山村振興対策事業や", f"{mark}観光地域振興交付金等を通じて進める。"]
        assert [r.name for r in extract_instrument_schemes("x.txt", lines)] == ["観光地域振興交付金"], mark
    wrapped = ["• 山村の事業者への支援は山村振興対策事業や", "観光地域振興交付金等を通じて進める。"]
    assert {r.name for r in extract_instrument_schemes("x.txt", wrapped)} == {"山村振興対策事業", "観光地域振興交付金"}


def test_two_practices_a_plan_promotes_together() -> None:
    """「…に資する XやYの創出等を推進」: both named practices; an item that is itself an action names none."""
    lines = [
        "• 漁業者の所得向上にも資する陸上養殖型水産業やブルー・クレジットの創出等を推進する。",
        "• 地域の事業者による販路開拓支援や越境通販等を活用し、",
        "• 港湾の整備や漁港の活用等を推進する。",
    ]
    got = {(r.name, r.line_start) for r in extract_instrument_schemes("x.txt", lines)}
    assert got == {("陸上養殖型水産業", 1), ("ブルー・クレジット", 1), ("越境通販", 2)}


def test_quoted_measures_named_as_a_goals_means_are_read_on_their_own_lines() -> None:
    lines = [
        "• 港湾の再編と一体で、「洋上風力の保守拠点の",
        "形成」と「水素供給網の整備」による新たな産業集積を目指す。",
        "・「地域の見守りづくり」により、高齢者の孤立を防ぐ。",
        "・「港まつりの開催」による集客と「空き店舗」による出店。",  # an event is no measure; a bare noun is none
    ]
    got = {r.name: (r.line_start, r.line_end) for r in extract_quoted_frameworks("x.txt", lines)}
    assert got == {"洋上風力の保守拠点の形成": (1, 2), "水素供給網の整備": (2, 2), "地域の見守りづくり": (3, 3)}
