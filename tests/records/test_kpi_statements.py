"""Target brackets that state an action or a level rather than a figure (shape S), on an invented layout."""

from __future__ import annotations

from assistant.records import extract_kpis
from assistant.records.kpi_prose import extract_guideline_targets

# Another strategy's policy package: every 【…】 under a ○ heading is declared a target.
PACKAGE = """※【 】部分は当面の目標として記載

○中山間地域の水道の持続 【小規模水道の広域管理を県内全市町村に拡大する】
• 近隣の事業体と連携し、施設の点検や更新を共同で行う。

○医療人材の確保 【へき地医療を支える医師の派遣制度を整備】

○移住相談の充実 【相談窓口を一元化する。あわせて、オンライン相談を拡充する】

○物流網の整備 【貨物ドローン：県内の離島航路（120km）での運航を目指す
 自動配送ロボット：住民ニーズを踏まえ、中心市街地から郊外団地までの配送網の構築を図る 等】

○観光の振興 【2030年までに宿泊者数を120万人とすることを目指す】
""".split("\n")


def test_action_brackets_are_targets_under_a_policy_heading() -> None:
    recs = {r.indicator: r for r in extract_kpis("package.txt", PACKAGE)}
    r = recs["小規模水道の広域管理"]
    assert [(t.value, t.year) for t in r.targets] == [("県内全市町村に拡大", None)]
    assert (r.project, r.unit, r.line_start) == ("中山間地域の水道の持続", None, 3)
    # a bare action is quoted with the noun it acts on
    assert recs["へき地医療を支える医師の派遣制度"].targets[0].value == "派遣制度を整備"
    # a wrapped line that opens a labelled item is a target of its own, its last clause the aim
    assert [t.value for t in recs["貨物ドローン"].targets] == ["120km"]
    assert [t.value for t in recs["自動配送ロボット"].targets] == ["中心市街地から郊外団地までの配送網の構築"]
    # a figure keeps its own shape; two sentences do not say which is the target
    assert [(t.value, t.year) for t in recs["宿泊者数"].targets] == [("120万人", "2030年")]
    assert not [r for r in recs if "相談窓口" in r or "オンライン相談" in r]


def test_an_action_bracket_without_a_heading_is_not_a_target() -> None:
    lines = ["本市では、", "【地域の足を守る】をスローガンに交通計画を整備する。"]
    assert extract_kpis("x.txt", lines) == []


def test_a_dated_plan_stated_as_a_sentence_of_its_own() -> None:
    lines = ["県は移住施策を強化する。2026年度中に移住促進計画を策定。計画では相談体制を定める。"]
    (r,) = extract_kpis("x.txt", lines)
    assert r.indicator == "移住促進計画"
    assert [(t.value, t.year) for t in r.targets] == [("2026年度中に移住促進計画を策定", "2026年度")]
    assert extract_kpis("x.txt", ["本計画は2026年度中に見直しを行う予定である。"]) == []


# another prefecture's regional plan: a size taken as the guideline (目安), in both word orders
GUIDELINES = """広域連携による圏域づくり

- 通勤圏人口30万人程度を目安として想定した圏域の設定
- 商業機能の集積
※一つの目安として、商圏人口5万人 以上(地域の実情に応じて設定)
盛岡市（人口約28.5万人）では、中心市街地の再生に取り組む。""".split("\n")


def test_a_size_taken_as_the_guideline_is_a_target() -> None:
    found = extract_guideline_targets("x.txt", GUIDELINES)
    got = [(r.indicator, [t.value for t in r.targets], r.project, r.unit, r.line_start) for r in found]
    assert got == [
        ("通勤圏人口", ["30万人程度"], "広域連携による圏域づくり", "万人", 3),
        ("商圏人口", ["5万人以上"], "広域連携による圏域づくり", "万人", 5),  # the PDF's space dropped
    ]  # a city's population in passing is no guideline


def test_a_bracket_of_several_sentences_ending_in_a_decision_measures_its_heading() -> None:
    lines = [
        "※【 】部分は当面の目標として記載",
        "○国の研究機関の地方移転 【候補となる機関を公表し、自治体の提案を募る。関係省庁で検討し、順次結論を出す】",
        "○移住相談の充実 【相談窓口を一元化する。あわせて、オンライン相談を拡充する】",
    ]
    (r,) = extract_kpis("x.txt", lines)  # 拡充する is no decision: which sentence is the target is not written
    assert (r.indicator, r.project, r.line_start) == ("国の研究機関の地方移転", "国の研究機関の地方移転", 2)
    assert [(t.value, t.year) for t in r.targets] == [("順次結論を出す", None)]
