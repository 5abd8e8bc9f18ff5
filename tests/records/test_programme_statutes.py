"""A bill's outline: bodies and plans the law creates (invented outline lines)."""

from __future__ import annotations

from assistant.records.programme_statutes import extract_amending_acts, extract_drafted_plans, extract_legal_names

_OUTLINE = [
    "1 【広域の連携】 森林共生^{※1}のための町村計画制度の創設",
    "※1法律上は「特定共生」",
    "2 【官民の連携】 森の暮らしを支える活動に取り組む法人(森林共生推進法人^{※2})の指定制度の創設",
    "- 町村長は森林共生推進法人^{※4}を指定可能",
    "※2法律上は「特定共生支援法人」",
    "- 町村は、関係者を構成員とする**森林共生推進会議^{※3}を組織可能**",
    "※3法律上は「特定共生推進協議会」",
    "※4法律上は「特定共生支援法人」",
]


def _names(records) -> list[tuple[str, tuple[str, ...], int, int]]:
    return [(r.name, r.notes, r.line_start, r.line_end) for r in records]


def test_a_marked_body_with_its_name_in_the_law_is_a_programme() -> None:
    got = _names(extract_legal_names("a.txt", _OUTLINE))
    # the marked concept (森林共生) is no programme; a numbered heading's body is its scheme's; a bullet's body and
    # council are programmes, the law's name a note
    assert got == [
        ("森林共生推進会議", ("法律上は「特定共生推進協議会」",), 6, 7),
        ("森林共生推進法人", ("法律上は「特定共生支援法人」",), 4, 8),
    ]


def test_a_plan_a_public_body_draws_up_is_a_programme() -> None:
    lines = [
        "- 都道府県が森林共生に係る事項を含む広域的な里山保全基盤計画を作成したとき、町村は計画を作成可能",
        "- 関係者が集まって意見を述べる。",
        "- 市町村は、森林の整備に関する計画(**里山共生促進計画**)を作成可能",
    ]
    assert [r.name for r in extract_drafted_plans("a.txt", lines)] == ["広域的な里山保全基盤計画", "里山共生促進計画"]


def test_an_amending_bill_or_act_by_its_formal_title() -> None:
    lines = [
        "森林環境保全法の一部を改正する法律（案）",  # a title line, 案 bracketed
        "・山村振興法の一部を改正する法律",  # a title line after a bullet
        "- 昨年度に「里山交流促進法等の一部を改正する法律」が施行され、支援の対象が広がった。",
        "- 港湾振興法に基づき認定を受けた事業者を支援する。",  # a law cited as a basis
        "法律の一部を改正する法律案の概要",  # a heading about the bill, no title
        "改正法の施行に向けて準備を進める。",  # a generic word
        "改正の概要：山村振興法の一部を改正する法律",  # a label before the title
        "漁港法・港湾振興法の一部を改正する法律",  # two laws listed, not one title
    ]
    got = [(r.name, r.line_start) for r in extract_amending_acts("x.txt", lines)]
    assert got == [
        ("森林環境保全法の一部を改正する法律（案）", 1),
        ("山村振興法の一部を改正する法律", 2),
        ("里山交流促進法等の一部を改正する法律", 3),
    ]
