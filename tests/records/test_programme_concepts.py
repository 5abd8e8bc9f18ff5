"""Policy concepts a report defines as a plan's proposal or promotes with a contraction, on invented layouts."""

from __future__ import annotations

from assistant.records.programme_concepts import extract_policy_concepts

# another ministry's report with margin line numbers: a concept defined over wrapped lines and tied to the plan that
# proposed it (the plan's bracket holds a full stop); a statistic's definition names no plan
DEFINED = """3 森里川海連携圏とは、流域の自治体と住民が森林から海までを一体で管理し、資源を
4 循環させる考え方であり、第三次水循環基本計画（令和６年閣議決定。）に位置付けられた。
5 平均世帯とは、年間収入が中位の世帯をいう。
""".split("\n")


def test_a_concept_a_plan_proposed() -> None:
    got = [(r.name, r.line_start) for r in extract_policy_concepts("x.txt", DEFINED)]
    assert got == [("森里川海連携圏", 1)]


# another plan's bullet: a method promoted with its contraction; a place or a gloss in brackets is no contraction
CONTRACTED = """• 地域の水道施設を広域に捉え、流域水道資産一体管理（流域一管）を普及させる。
• 中心市街地活性化協議会（丸亀市）を推進する。
""".split("\n")


def test_a_policy_promoted_with_its_contraction() -> None:
    got = [(r.name, r.variants) for r in extract_policy_concepts("x.txt", CONTRACTED)]
    assert got == [("流域水道資産一体管理", ("流域一管",))]


def test_a_glossary_entry_of_the_plan_itself_is_no_concept() -> None:
    # 「本計画」 is the document defining its own words; a name pointing back (本, 対象, 各 …) is a glossary entry
    glossary = [
        "本事業とは、計画に位置付けられた事業をいう。",
        "対象地域とは、本計画に位置付けられた地域をいう。",
        "交流拠点施設とは、本計画において位置付けられた施設をいう。",
        "重点区域とは、同戦略に位置付けられた区域をいう。",
    ]
    assert extract_policy_concepts("x.txt", glossary) == []
