"""A case's actor by its legal form, a multi-goal box's subjects and a quoted effort advanced, on invented layouts."""

from __future__ import annotations

from assistant.records.programme_actors import extract_advanced_efforts, extract_case_actors, extract_goal_subjects


def test_organisations_acting_in_a_cases_prose() -> None:
    lines = [
        "3 課題となっていた中、株式会社みなと企画が同村と連携し、予約型の",
        "やまびこ製材株式会社は、岐阜県郡上市に本社を置く製材会社である。",
        "観光大手の ABC 株式会社は、地域共創の事業を広げている。",
        "各県に窓口を持つ独立行政法人中小企業みらい機構をはじめとする関係機関が連携し、販路開拓を支える。",
        "株式会社 Minato Capital は、地域ファンドを運営する。",
        "株式会社うみべ（本社：東京都港区）をはじめとする企業が、町と提携した。",
    ]
    got = [(r.name, r.line_start) for r in extract_case_actors("x.txt", lines)]
    assert got == [
        ("株式会社みなと企画", 1),
        ("やまびこ製材株式会社", 2),
        ("ABC 株式会社", 3),
        ("独立行政法人中小企業みらい機構", 4),
        ("株式会社 Minato Capital", 5),
        ("株式会社うみべ", 6),
    ]


def test_organisations_named_for_who_someone_is_or_as_a_partner_are_no_actor() -> None:
    lines = [
        "山田 花子 株式会社みなと企画代表取締役",  # an affiliation
        "出典：株式会社みなと企画提供資料より作成",  # a source credit
        "【PF名】うみべ共創プラットフォーム（代表：株式会社うみべ）",  # a representative
        "概 要：みなとバス㈱との連携により、周遊ツアーを実施。",  # a partner
        "市町村長は、NPO法人・民間企業等を支援法人として指定できる。",  # kinds of body, no name
        "一般社団法人が設立された。",  # a legal form alone
        "1\t株式会社\tみなと機構",  # a table row
        "株式会社の数は増えている。",  # a generic word
    ]
    assert extract_case_actors("x.txt", lines) == []


def test_the_subjects_of_a_multi_goal_box() -> None:
    lines = [
        "○交通基盤のデジタル化 【空飛ぶ航路：全国の主要港湾での整備を目指す",
        " 無人配送レーン：都市間をつなぐ幹線網の形成を図る 等】",
        "• 物流の維持に向け、無人配送レーン等の成果を踏まえ全国展開を加速する。",
    ]
    got = [(r.name, r.line_start) for r in extract_goal_subjects("x.txt", lines)]
    assert got == [("空飛ぶ航路", 1), ("無人配送レーン", 2)]


def test_a_single_goal_box_or_a_labelled_card_names_no_subject() -> None:
    lines = [
        "○広域計画の推進 【広域計画：全国の圏域で2030年度末頃の策定を目指す",
        "】",
        "",
        "【概要：地域の担い手を育てる",
        "期間：令和7年度から3年間】",
    ]
    assert extract_goal_subjects("x.txt", lines) == []


def test_a_quoted_effort_a_sentence_advances() -> None:
    lines = [
        "• 里山の保全や森林の活用等を通じて、地域の魅力を高める「森と水を核とした循環型の",
        "地域づくり」を進める。",
        "• 住民参加による「まちづくり」を進める。",  # a kind of effort, no name
        "• 「里山を活かした暮らしづくり」の事例を紹介する。",  # quoted, not advanced
    ]
    got = [(r.name, r.line_start, r.line_end) for r in extract_advanced_efforts("x.txt", lines)]
    assert got == [("森と水を核とした循環型の地域づくり", 1, 2)]
