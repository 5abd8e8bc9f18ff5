"""Prose targets and the slide they sit on: (KPI) lists, aims under a ministry deck's slide header; invented."""

from __future__ import annotations

from assistant.records.kpi_prose import extract_aim_targets, extract_kpi_lists

SLIDE = """観光で稼ぐ地域づくり ～滞在型観光の推進～

- 市町村は滞在型観光の計画を作成できる
(2)稼ぐ力の創生～地方の挑戦～
1972年～ 2015年～

【目標・効果】滞在型観光の推進により、地域の消費を拡大する(KPI) ①滞在型観光計画の作成数:施行後3年間で累計120件""".split(
    "\n"
)


def test_a_kpi_list_belongs_to_the_subtitled_slide_title_above() -> None:
    (r,) = extract_kpi_lists("x.txt", SLIDE)
    assert (r.indicator, r.project) == ("滞在型観光計画の作成数", "観光で稼ぐ地域づくり ～滞在型観光の推進～")
    assert r.targets[0].value == "累計120件"


def test_without_a_subtitled_title_the_project_is_unknown() -> None:
    (r,) = extract_kpi_lists("x.txt", SLIDE[3:])  # a numbered section and a row of years are no slide titles
    assert r.project is None


# another ministry's deck: the slide title, then the ministry's name on its own line, then the aim
AIM = """地域交通計画(R6.3策定)における移動手段の確保


農林水産省

■農村部の移動手段の確保状況

約40％

移動手段確保率

2030年度を目途に 2倍程度に拡大 することを目指す""".split("\n")


def test_an_aim_belongs_to_the_slide_under_the_ministry_header() -> None:
    (r,) = extract_aim_targets("x.txt", AIM)
    assert (r.indicator, r.project) == ("移動手段確保率", "地域交通計画(R6.3策定)における移動手段の確保")
    (bare,) = extract_aim_targets("x.txt", AIM[4:])  # no header above: the project is unknown
    assert bare.project is None


def test_arrow_items_with_their_indicator_on_the_line() -> None:
    from assistant.records.kpi_rows import extract_arrow_kpis

    lines = [
        "数値目標",
        "・観光入込客数 3,450万人（R5）→ 3,800万人（R10）",
        "・新規就農者数 年間120人（R5）→ 年間150人（R10）",
    ]
    got = [
        (r.indicator, r.baseline.value, r.baseline.year, r.targets[0].value, r.targets[0].year, r.line_start)
        for r in extract_arrow_kpis("x.txt", lines)
    ]
    assert got == [
        ("観光入込客数", "3,450万人", "R5", "3,800万人", "R10", 2),
        ("新規就農者数", "年間120人", "R5", "年間150人", "R10", 3),
    ]
