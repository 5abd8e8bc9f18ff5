"""Programme extraction against the real corpus and against synthetic documents in other real layouts."""

from __future__ import annotations

import pytest

from assistant.records import Budget, Cap, ProgrammeRecord, Rate, extract_programmes
from assistant.records.programme_common import covered_from_summary, split_names
from assistant.records.text import normalise_budget_years

from .conftest import DOCS


@pytest.fixture(scope="module")
def progs(corpus) -> dict[str, list[ProgrammeRecord]]:
    return {key: extract_programmes(DOCS[key], lines) for key, lines in corpus.items()}


def _one(records, name):
    out = [r for r in records if r.name == name]
    assert len(out) == 1, [(r.name, r.line_start) for r in out]
    return out[0]


# --- programme blocks (001) ----------------------------------------------------------------------


def test_modal_shift_budgets_and_paired_terms(progs):
    r = _one(progs["001"], "モーダルシフト等推進事業")
    assert r.budgets[:2] == (
        Budget("40.6百万円", "令和6年度", "当初", None),
        Budget("123.4百万円", "令和5年度", "補正", None),
    )
    # the line pairs 「計画策定経費補助 上限200万円 (補助率:定額)」: rate and cap carry the item
    assert Rate("定額", "計画策定経費補助") in r.rates and Cap("上限200万円", "計画策定経費補助") in r.caps
    assert Rate("1/2以内", "運行経費補助") in r.rates
    # the scrambled part keeps the cap as written, unpaired
    assert Cap("上限総額 (補助率:1/2以内) 500万円", None) in r.caps
    assert r.ministry == "国土交通省"  # from the OCR'd 「国十交诵省」
    assert "「総合効率化計画」の策定のための調査に要する費用" in r.covered_costs


def test_public_transport_and_its_sub_programmes(progs):
    r = _one(progs["001"], "地域公共交通確保維持改善事業")
    assert r.budgets == (Budget("20,805百万円", "令和6年度", "当初", "前年度1.01倍"),)
    assert r.covered_costs == () and r.ministry == "国土交通省"
    sub = _one(progs["001"], "地域公共交通確保維持事業")
    assert "地域間交通ネットワークを形成する幹線バス交通の運行や車両購入" in sub.covered_costs
    assert not any(c.startswith("地域間幹線バス交通") for c in sub.covered_costs)  # a category, not a cost
    named = _one(
        progs["001"], "地域公共交通再構 築調査事業".replace(" ", "")
    )  # as 001 writes it: 「(…再構 築調査事業)」
    assert named.covered_costs == ("協議会の開催、調査事業、実証事業",)


# --- programme tables (000) ----------------------------------------------------------------------


def test_policy_table_rows(progs, corpus):
    rows = [r for r in progs["000"] if 1020 <= r.line_start < 1060]  # the policy tables; prose follows
    assert len(rows) == 23  # 21 rows, two of which name two programmes
    for r in rows:
        assert r.line_start == r.line_end and "\t" in corpus["000"][r.line_start - 1]
    r = _one(rows, "遠隔医療設備整備事業")
    assert (r.rates, r.budgets, r.ministry) == ((Rate("1 / 2"),), (Budget(None, "R8", "当初"),), "厚生労働省")
    assert r.covered_costs[0].startswith("遠隔医療（遠隔病理診断") and r.covered_costs[0].endswith("の整備")
    r = _one(rows, "先進的官民連携支援事業")
    assert r.covered_costs == ("施設の種類、事業規模、事業類型、事業方式等に応じた導入可能性の検討に係る費用",)
    r = _one(rows, "地域社会DX推進パッケージ事業")
    assert r.budgets == (Budget(None, "R7", "補正"), Budget(None, "R8", "当初"))  # printed 「R 7 補正 R 8 当初」
    r = _one(rows, "離島活性化交付金事業")  # the cell 「離島活性化交付金事業 離島広域活性化事業(…)」 names two
    assert r.variants == ("離島活性化交付金事業 離島広域活性化事業(社会資本整備総合交付金)",)


def test_budget_table_rows_merge_with_the_policy_table(progs):
    r = _one(progs["000"], "空き家対策総合支援事業")
    assert r.budgets == (Budget(None, "R8", "当初"), Budget("5,900百万円", "R8", "当初"))
    assert (
        len(r.sources) == 3
    )  # the two rows and the budget table's header (its R8予算 is the year) and {"市町村", "NPO・民間事業者等", "地方公共団体"} <= set(r.eligible)
    r = _one(progs["000"], "地域未来交付金(地域未来推進型)")
    assert (r.ministry, r.budgets[0].amount, r.budgets[0].is_share) == ("内閣府", "160,000百万円", True)
    r = _one(progs["000"], "第2のふるさとづくりプロジェクト")
    assert r.budgets[0].amount == "300百万円" and (r.budgets[0].fiscal_year, r.budgets[0].kind) == ("R7", "補正")
    assert "R7補正予算にて予算措置" in r.budgets[0].note  # the ※ footnote says where it comes from
    r = _one(progs["000"], "農山漁村振興交付金")
    assert r.ministry == "農水省" and any(n.startswith("内訳: 地域資源活用価値創出対策") for n in r.notes)


def test_support_sections_are_one_programme_with_conditions(progs):
    r = _one(progs["000"], "地域生活圏形成リーディング事業")
    assert r.rates == (
        Rate("1/2", "ポイント①及び②を満たす主体"),
        Rate("2/3", "ポイント①～③の全てを満たす主体"),
        Rate("定額", "人材育成への支援"),
    )
    assert r.caps == (Cap("上限3,000万円", "先導的な取組への支援"), Cap("上限500万円", "人材育成への支援"))
    assert r.eligible[0].endswith("協議会") and "民間事業者" in r.eligible
    assert len(r.covered_costs) == 4 and r.ministry == "国土交通省"


# --- prose ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", ["003", "004"])
def test_prose_budget(progs, doc):
    r = _one(
        progs[doc], "大規模成長投資補助\n金".replace("\n", "")
    )  # as the documents write it: wrapped onto the next line
    assert r.budgets == (Budget("累計6,000億円", "令和５年度補正及び令和６年度補正", "補正"),)
    assert r.line_end == r.line_start + 1


def test_prose_budget_with_what_it_pays_for():
    lines = [
        "• 累計300億円（令和６年度補正）の港湾物流高度化補助金など、荷役機械の更新や自動化等に対する措置を",
        "通じて、地域の物流を支える。",
    ]
    (r,) = extract_programmes("x.txt", lines)
    assert (r.name, r.covered_costs) == ("港湾物流高度化補助金", ("荷役機械の更新や自動化等",))
    assert r.budgets == (Budget("累計300億円", "令和６年度補正", "補正"),)


def test_project_pages_and_project_table(progs):
    r = _one(progs["004"], "未来技術の導入などによる産業振興・担い手確保プロジェクト")
    assert r.ministry == "北海道空知総合振興局"  # the cover's organisation
    rows = [r for r in progs["004"] if r.ministry == "空知総合振興局" and r.period]  # the table's rows have a year
    assert len(rows) == 10
    umbrellas = {r.name for r in progs["004"] if r.ministry == "空知総合振興局" and not r.period}
    assert umbrellas == {"地域政策推進事業", "地域共創推進事業"}  # the schemes the table's title names
    r = _one(rows, "北海道空知魅力発信事業")
    assert (r.period, r.covered_costs) == ("Ｒ７年度", ())  # a summary, not covered costs
    assert r.summary.startswith("「空知」ならではの観光・物産")
    assert r.notes == ("関連プロジェクト③: 「空知」の魅力発信・誘客促進プロジェクト",)


def test_schemes_in_prose(progs):
    r = _one(progs["002"], "指定地域共同活動団体制度")  # with footnote ⁴ as a second source
    assert r.eligible == ("区域の住民を主たる構成員とする団体又はそれを主たる構成員とする団体",)
    assert len(r.sources) == 2
    r = _one(progs["002"], "特定投資業務")
    assert r.ministry == "株式会社日本政策投資銀行"
    r = _one(progs["002"], "自営型テレワーク推進事業「KADO」")
    assert r.variants == ("KADO",) and r.eligible == ("地域住民の中で働く意欲はあるがフルタイムでの就労が難しい方",)
    assert _one(progs["003"], "地方拠点強化税制").line_end == 936  # the bullet wraps onto the next lines
    assert _one(progs["001"], "疎開保険")  # 「…が企画した「疎開保険」という制度」


# --- invariants ----------------------------------------------------------------------------------


def test_provenance(progs, corpus):
    for key, recs in progs.items():
        lines = corpus[key]
        for r in recs:
            assert 1 <= r.line_start <= r.line_end <= len(lines)
            assert r.source_text == "\n".join(lines[r.line_start - 1 : r.line_end])
            for s in r.sources:
                assert s.text == "\n".join(lines[s.line_start - 1 : s.line_end])
        assert len({r.record_id for r in recs}) == len(recs)


# --- helpers -------------------------------------------------------------------------------------


def test_covered_from_summary():
    assert covered_from_summary("地域間交流を促進するため、定住促進や交流促進に係る事業を支援するもの。") == [
        "定住促進や交流促進に係る事業"
    ]
    assert covered_from_summary("X確保等に対する支援のほか、Y等に対して支援するもの。") == ["X確保等", "Y等"]
    assert covered_from_summary("取組を推進する。") == []
    # a subsidy created for a cost, with the year it starts
    assert covered_from_summary("重点地区での空き店舗の改修に対する個別補助を創設(R7年度より)") == [
        "重点地区での空き店舗の改修"
    ]
    assert covered_from_summary("申請要件の一つとして支援法人の取組であることを追加(R7年度より)") == []
    assert covered_from_summary("二地域居住の促進に資する取組について重点的に支援") == [
        "二地域居住の促進に資する取組について重点的に支援"
    ]


def test_split_names():
    assert split_names("A事業/B事業(C交付金)") == ["A事業", "B事業(C交付金)"]
    assert split_names("ローカル10,000プロジェクト (地域経済循環創造事業交付金)") == [
        "ローカル10,000プロジェクト (地域経済循環創造事業交付金)"
    ]
    assert split_names("X交付金(農水省) ・ 内訳A ・ 内訳B") == ["X交付金(農水省)"]


def test_normalise_budget_years():
    assert normalise_budget_years("R 7 補正 R 8 当初") == "R7補正 R8当初"
    assert normalise_budget_years("令和５年度補正及び令和６年度補正") == "R5補正 R6補正"


# --- synthetic documents in other real layouts -----------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


# Another ministry's programme list: other header words (担当部局, 事業名, 補助率, 補助対象者), a
# 予算額 column with its year in the header, the fiscal year and 当初 in the title.
OTHER_TABLE = [
    "農林水産省関係の主な支援策(令和8年度当初予算)",
    "分野\t担当部局\t事業名\t事業概要\t補助対象者\t補助率\t令和8年度予算額",
    "農業\t農村振興局\t中山間地域等直接支払交付金\t農業生産条件の不利を補正するため、農業生産活動等を支援するもの。"
    "\t農業者の組織する団体等\t定額\t26,100百万円",
    "\t林野庁\t森林・山村多面的機能発揮対策交付金/林業成長産業化総合対策\t地域住民等が行う森林の保全管理活動に対して支援するもの。"
    "\t地域住民等、市町村\t1 / 2以内\t1,200百万円の内数",
    "",
]


def test_another_ministrys_programme_list():
    a, b, c = extract_programmes("maff.txt", OTHER_TABLE)
    assert (a.name, a.ministry, a.rates) == ("中山間地域等直接支払交付金", "農村振興局", (Rate("定額"),))
    assert a.budgets == (Budget("26,100百万円", "令和8年度", "当初"),)
    assert a.covered_costs == ("農業生産活動等",) and a.eligible == ("農業者の組織する団体等",)
    assert (b.name, c.name) == ("森林・山村多面的機能発揮対策交付金", "林業成長産業化総合対策")
    assert b.budgets[0].is_share and b.budgets[0].amount == "1,200百万円"
    assert b.eligible == ("地域住民等", "市町村") and b.notes == ("分野: 農業",)


def test_a_summary_cell_without_mono_reads_as_its_neighbours():
    # the same ministry's list: one summary cell ends 「…を行う。」, another 「…を実施。」, not 「…するもの。」
    table = [
        OTHER_TABLE[1],
        "林業\t林野庁\t森林経営プランナー派遣事業\t森林の集約化を進めるため、経営計画の作成を助言する専門家の派遣を行う。"
        "\t市町村等\t定額\t30百万円",
        "\t林野庁\t木材需要動向調査委託費\t木材の需要動向の調査・分析を実施。\t民間団体等\t—\t12百万円",
        "",
    ]
    a, b = extract_programmes("maff.txt", table)
    assert a.covered_costs == ("経営計画の作成を助言する専門家の派遣",)  # the purpose clause cut as elsewhere
    assert b.covered_costs == ("木材の需要動向の調査・分析",)


def test_the_sub_programmes_a_name_cell_lists_are_programmes_of_their_own():
    table = [
        "分野\t予算(項目)\t内容\t主な対象者\tR8予算",
        "林業\t森林整備事業(林野庁) ・ 間伐等推進対策 ・ 路網整備のうち林業専用道整備対策\t計画区域内の取組を重点的に支援"
        "\t都道府県、市町村\t1,500百万円",
        "",
    ]
    whole, *subs = extract_programmes("maff.txt", table)
    assert whole.name == "森林整備事業" and whole.covered_costs == ("計画区域内の取組を重点的に支援",)
    assert [s.name for s in subs] == ["間伐等推進対策", "路網整備のうち林業専用道整備対策"]
    for s in subs:  # the ministry and applicants of the row; a share of its budget; the summary is the whole's
        assert (s.ministry, s.eligible, s.covered_costs) == ("林野庁", ("都道府県", "市町村"), ())
        assert s.budgets[0].amount == "1,500百万円" and s.budgets[0].is_share


OTHER_BLOCK = _lines("""テスト推進事業

令和７年度当初予算額 12.3百万円 (令和5年度補正予算額 4.5百万円)

国十交诵省

テストの取組を支援する。

補助上限・補助率 計画策定経費補助 上限300万円 (補助率:1/2以内) 運行 上限100万円 (補助率:定額)
トラックの上限規制が適用され、交通費の定額化を図る
""")


def test_another_budget_block():
    r, item = extract_programmes("fx", OTHER_BLOCK)
    assert r.budgets == (Budget("12.3百万円", "令和７年度", "当初", None), Budget("4.5百万円", "令和5年度", "補正"))
    assert r.rates == (Rate("1/2以内", "計画策定経費補助"), Rate("定額", "運行"))  # not 「定額化」 from the prose line
    assert r.caps == (Cap("上限300万円", "計画策定経費補助"), Cap("上限100万円", "運行"))  # not 「上限規制」
    assert r.ministry == "国土交通省" and r.summary == "テストの取組を支援する。"
    # an item named as a subsidy, with its own rate and cap, is a programme too
    assert (item.name, item.rates, item.caps) == ("計画策定経費補助", (Rate("1/2以内"),), (Cap("上限300万円"),))


# Another ministry's budget block whose prose says what it supports, quoted items and a last clause.
SUPPORT_BLOCK = _lines("""港湾連携推進事業

令和７年度当初予算額 50.0百万円

国十交诵省

港湾の脱炭素化を進めるため、「協議会の運営に要する経費」や「実証運航の燃料費」に対して支援を行うとともに、荷役機械の電動化に対して支援を行う。
""")


def test_a_budget_block_says_what_it_supports():
    (r,) = extract_programmes("port.txt", SUPPORT_BLOCK)
    assert r.covered_costs == ("協議会の運営に要する経費", "実証運航の燃料費", "荷役機械の電動化")


# Another strategy's bullets: a scheme's purpose in the clause before its name, its applicants in the
# sentence about it (those it strengthens, keeps and adds).
PROSE_BULLETS = _lines("""○観光人材の確保
• 地域での定着を図るため、県外からの宿泊施設の新設・増築を促す観光投資促進税制について、対象地域の見直しを検討する。
• 観光人材確保支援事業について、留学生への支援拡充に加え、現行の宿泊業への就職だけでなく、支援の対象業種に地域の主力産業である飲食業をはじめ、交通業、ガイド等の観光サービス業を加える。
""")


TIMELINE = _lines("""設立の経緯
- 2019年 農水省事業「里山ワーケーション推進事業」を町が受託し、拠点整備を開始
- 2021年4月 一般社団法人を設立
令和 2 年より観光庁事業「地域観光推進事業」を活用
""")


def test_a_scheme_named_in_a_timeline_item_ran_that_year():
    found = {r.name: r for r in extract_programmes("tl.txt", TIMELINE)}
    assert (found["里山ワーケーション推進事業"].period, found["里山ワーケーション推進事業"].ministry) == (
        "2019年",
        "農水省",
    )
    assert found["地域観光推進事業"].period is None  # 「令和 2 年より」 opens no timeline item


def test_schemes_in_prose_bullets_say_their_purpose_and_applicants():
    found = {r.name: r for r in extract_programmes("tour.txt", PROSE_BULLETS)}
    tax, grant = found["観光投資促進税制"], found["観光人材確保支援事業"]
    assert tax.covered_costs == ("県外からの宿泊施設の新設・増築",) and tax.eligible == ()
    assert grant.eligible == ("留学生", "宿泊業への就職", "飲食業", "交通業、ガイド等の観光サービス業")


# A block whose flow chart labels a subsidy before the line pairing it with its rate and cap.
CHART_BLOCK = _lines("""港湾物流高度化事業

令和７年度当初予算額 55.0百万円

実施に向けた主な流れ
1 協議会の立上げ
調査経費補助
2 計画の認定
設備導入補助

補助上限・補助率 調査経費補助 上限150万円 (補助率:定額) 設備導入補助 上限800万円 (補助率:1/3以内)
""")


def test_a_subsidy_item_cites_the_line_with_its_terms_not_a_chart_label() -> None:
    by_name = {r.name: r for r in extract_programmes("fx", CHART_BLOCK)}
    for name, rate, cap in (("調査経費補助", "定額", "上限150万円"), ("設備導入補助", "1/3以内", "上限800万円")):
        item = by_name[name]  # cited from the terms line, so its rate and cap are in its source
        assert (item.line_start, item.rates, item.caps) == (11, (Rate(rate),), (Cap(cap),))


def test_every_item_the_terms_line_pairs_is_a_menu_programme() -> None:
    lines = [
        *CHART_BLOCK[:-2],
        "補助上限・補助率 調査経費補助 上限150万円 (補助率:定額) 省力化機器導入 (補助率:1/2以内) 上限総額 900万円",
    ]
    item = {r.name: r for r in extract_programmes("fx", lines)}[
        "省力化機器導入"
    ]  # not named 「…補助」: a menu all the same
    assert (item.rates, item.caps) == ((Rate("1/2以内"),), (Cap("上限総額 900万円"),))


def test_an_items_own_scope_line_says_what_it_pays_for() -> None:
    lines = [*CHART_BLOCK, "調査経費補助の支援対象となる取組", "", "物流効率化計画の策定のための調査に要する費用が対象"]
    item = {r.name: r for r in extract_programmes("fx", lines)}["調査経費補助"]
    assert item.covered_costs == ("物流効率化計画の策定のための調査に要する費用",)
    assert [(s.line_start, s.line_end) for s in item.sources] == [(11, 11), (len(lines), len(lines))]


def test_a_strengthened_support_item_is_a_change_not_a_cost():
    from assistant.records.programme_prose import extract_sub_programmes

    lines = [
        "地域医療確保事業 (へき地の医療提供体制の維持)",
        " - ・へき地診療所の運営や医療機器の整備を支援",
        " - ・医師を派遣する病院に対する支援強化",
    ]
    (r,) = extract_sub_programmes("x.txt", lines)
    assert r.covered_costs == ("へき地診療所の運営や医療機器の整備",)
    assert r.conditions == ("医師を派遣する病院に対する支援強化",)


def test_a_category_over_the_items_it_supports_is_a_menu_programme_too():
    from assistant.records.programme_prose import extract_sub_programmes

    lines = [
        "地域医療確保事業 (へき地の医療提供体制の維持)",
        "- ○巡回診療・オンライン診療(医療機関と町村の協定による巡回)",
        " - ・へき地を巡回する診療車の運行や機器購入を支援",
        " - ・医師を派遣する病院に対する支援強化",
        "- ○医療人材の確保",
        " - ・研修会の開催",
        "- ○診療所のDX",
        " - ・町村診療所によるオンライン予約の導入を支援",
    ]
    got = {r.name: r for r in extract_sub_programmes("x.txt", lines)}
    # an item list saying no support names none
    assert set(got) == {"地域医療確保事業", "巡回診療・オンライン診療", "診療所のDX"}
    assert got["診療所のDX"].eligible == ("町村診療所",)  # 「X による Y を支援」: X carries it out
    menu = got["巡回診療・オンライン診療"]
    assert menu.covered_costs == ("へき地を巡回する診療車の運行や機器購入",)  # the strengthened support is no cost
    assert (menu.line_start, menu.line_end, menu.ministry) == (2, 4, None)  # the ministry is its scheme's
    assert "へき地を巡回する診療車の運行や機器購入" in got["地域医療確保事業"].covered_costs
