"""Target brackets that state an action or a level rather than a figure (shape S), on an invented layout."""

from __future__ import annotations

from assistant.records import extract_kpis

# Another strategy's policy package: every 【…】 under a ○ heading is declared a target.
PACKAGE = """※【 】部分は当面の目標として記載

○中山間地域の水道の持続 【小規模水道の広域管理を県内全市町村に拡大する】
• 近隣の事業体と連携し、施設の点検や更新を共同で行う。

○医療人材の確保 【へき地医療を支える医師の派遣制度を整備】

○移住相談の充実 【相談窓口を一元化する。あわせて、オンライン相談を拡充する】

○観光の振興 【2030年までに宿泊者数を120万人とすることを目指す】
""".split("\n")


def test_action_brackets_are_targets_under_a_policy_heading() -> None:
    recs = {r.indicator: r for r in extract_kpis("package.txt", PACKAGE)}
    r = recs["小規模水道の広域管理"]
    assert [(t.value, t.year) for t in r.targets] == [("県内全市町村に拡大", None)]
    assert (r.project, r.unit, r.line_start) == ("中山間地域の水道の持続", None, 3)
    assert recs["へき地医療を支える医師の派遣制度"].targets[0].value == "整備"
    # a figure keeps its own shape; two sentences do not say which is the target
    assert [(t.value, t.year) for t in recs["宿泊者数"].targets] == [("120万人", "2030年")]
    assert not [r for r in recs if "相談窓口" in r or "オンライン相談" in r]


def test_an_action_bracket_without_a_heading_is_not_a_target() -> None:
    lines = ["本市では、", "【地域の足を守る】をスローガンに交通計画を整備する。"]
    assert extract_kpis("x.txt", lines) == []
