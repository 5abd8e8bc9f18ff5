"""Programme fields read by their labels and bracketed exceptions, on invented layouts of other offices."""

from __future__ import annotations

from assistant.records.models import Cap, Rate
from assistant.records.programme import extract_programmes
from assistant.records.programme_common import RATE_RE, covered_from_summary, split_terms
from assistant.records.programme_fields import label_of
from assistant.records.programme_scheme_blocks import extract_scheme_blocks

# another prefecture's subsidy page: name, budget line, summary, then bracketed labels over their values
PREFECTURE = """令和7年度 北陸県 商工労働部

中小企業デジタル化促進事業費補助金

令和7年度 当初予算額 48,000千円

県内中小企業が行うデジタル技術の導入による生産性向上の取組を支援する。

【補助対象者】
県内に事業所を有する中小企業者

【補助対象経費】
・ソフトウェア購入費、クラウド利用料
・専門家への委託費

【補助率・上限額】
・補助率：1/2以内（上限300万円）
・小規模事業者：補助率2/3以内（上限100万円）

【事業期間】
令和7年4月1日～令和8年3月31日
""".split("\n")

# a city's list of schemes: a ■ name over colon-labelled bullets, exceptions in brackets
CITY = """■ 空き家改修支援事業
・対象者：市内の空き家を取得した移住者
・補助率：1/2以内（子育て世帯は2/3以内）
・上限額：100万円（中心市街地は150万円）
・実施期間：令和7年度～令和9年度

■ 移住相談窓口運営事業
・対象者：市への移住を検討する方
""".split("\n")


def test_a_subsidy_block_read_by_its_labels() -> None:
    (r,) = extract_programmes("x.txt", PREFECTURE)
    assert r.name == "中小企業デジタル化促進事業費補助金"
    assert r.eligible == ("県内に事業所を有する中小企業者",)  # the label, not the summary's 「県内中小企業」
    assert r.covered_costs == ("ソフトウェア購入費、クラウド利用料", "専門家への委託費")
    assert set(r.rates) == {Rate("1/2以内"), Rate("2/3以内", "小規模事業者")}
    assert set(r.caps) == {Cap("上限300万円"), Cap("上限100万円", "小規模事業者")}
    assert r.period == "令和7年4月1日～令和8年3月31日"
    assert [(b.amount, b.kind) for b in r.budgets] == [("48,000千円", "当初")]
    assert not any(p.name == "補助対象者" for p in extract_programmes("x.txt", PREFECTURE))  # a label is no heading


def test_colon_labels_under_a_marked_name_with_exceptions_in_brackets() -> None:
    (r,) = extract_scheme_blocks("x.txt", CITY)  # the second scheme states one field only: not a block
    assert (r.name, r.line_start, r.line_end) == ("空き家改修支援事業", 1, 5)
    assert r.eligible == ("市内の空き家を取得した移住者",)
    assert set(r.rates) == {Rate("1/2以内"), Rate("2/3以内", "子育て世帯")}
    assert set(r.caps) == {Cap("100万円"), Cap("150万円", "中心市街地")}  # 「上限額：」 says the amount is a cap
    assert r.period == "令和7年度～令和9年度"


def test_labels_are_known_words_only() -> None:
    assert label_of("【補助対象者】") == ("eligible", "")
    assert label_of("・補助上限額：150万円") == ("cap", "150万円")
    assert label_of("小規模事業者：補助率2/3以内") is None  # a condition, not a label
    assert label_of("【推進エリア】 空知管内") is None


# another ministry's budget list: rate and cap cells with their exceptions in brackets
MINISTRY_TABLE = """環境省 地域脱炭素関連予算一覧（令和7年度当初予算）

事業名\t所管\t事業概要\t補助対象者\t補助率\t上限額\t予算額（百万円）
地域脱炭素移行・再エネ推進交付金\t環境省\t地方公共団体が行う再エネ設備の導入を支援するもの。\t都道府県、市区町村\t2/3（財政力指数0.51以上は1/2）\t50億円\t38,500
省エネ設備更新支援事業\t環境省\t工場等の省エネ設備の更新に要する費用を補助する。\t中小企業等\t1/3以内（中小企業は1/2以内）\t上限1億円（大規模型は3億円）\t4,200
""".split("\n")


def test_table_cells_pair_each_rate_and_cap_with_its_condition() -> None:
    first, second = extract_programmes("x.txt", MINISTRY_TABLE)
    assert set(first.rates) == {Rate("2/3"), Rate("1/2", "財政力指数0.51以上")}
    assert first.caps == (Cap("50億円"),)
    assert [(b.amount, b.fiscal_year, b.kind) for b in first.budgets] == [("38,500", "令和7年度", "当初")]
    assert set(second.rates) == {Rate("1/3以内"), Rate("1/2以内", "中小企業")}
    assert set(second.caps) == {Cap("上限1億円"), Cap("3億円", "大規模型")}
    assert second.covered_costs == ("工場等の省エネ設備の更新に要する費用",)


def test_split_terms_keeps_cells_without_an_exception_whole() -> None:
    assert split_terms("1 / 2等", RATE_RE) == [("1 / 2等", None)]
    assert split_terms("定額（上限500万円）", RATE_RE) == [("定額（上限500万円）", None)]
    assert split_terms("1/2（注：詳細は要綱による）", RATE_RE) == [("1/2（注：詳細は要綱による）", None)]
    assert covered_from_summary("移住者の住宅改修費の一部を助成するもの。") == ["移住者の住宅改修費の一部"]


# another ministry's budget list: 施策名 / 対象 / a 補助率・上限 column, the year and 当初 in the title's brackets
TERMS_TABLE = """農林水産省 農山漁村関係予算（令和7年度当初）

施策名\t概要\t対象\t補助率・上限\t令和7年度予算額
中山間地域等直接支払交付金\t農業生産条件の不利を補正するための交付金を交付する。\t農業者等\t定額（上限200万円）\t26,100百万円
農泊推進対策\t農泊の推進に向けた体制構築等を支援する。\t地域協議会等\t1/2以内（小規模地域は定額）\t5,000百万円の内数
""".split("\n")


def test_a_terms_column_gives_rates_and_caps() -> None:
    first, second = extract_programmes("x.txt", TERMS_TABLE)
    assert (first.eligible, first.rates, first.caps) == (("農業者等",), (Rate("定額"),), (Cap("上限200万円"),))
    assert [(b.amount, b.fiscal_year, b.kind) for b in first.budgets] == [("26,100百万円", "令和7年度", "当初")]
    assert set(second.rates) == {Rate("1/2以内"), Rate("定額", "小規模地域")}
    assert second.budgets[0].is_share and second.covered_costs == ("農泊の推進に向けた体制構築等",)


def test_an_applicant_cell_keeps_its_note_in_brackets() -> None:
    from assistant.records.programme_common import parse_eligible

    # another ministry's table cell: a party with its requirement in brackets, and a plain list
    who, cond = parse_eligible("市町村(広域連携協定の締結を要件とし、計画への記載は必須)")
    assert who == ["市町村(広域連携協定の締結を要件とし、計画への記載は必須)"]  # not cut at the bracket
    assert cond == ["広域連携協定の締結を要件とし、計画への記載は必須"]
    assert parse_eligible("都道府県、市町村、NPO法人等") == (["都道府県", "市町村", "NPO法人等"], [])
