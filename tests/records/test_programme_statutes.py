"""A bill's outline: plans the law has public bodies draw up, and the act itself (invented outline lines)."""

from __future__ import annotations

from assistant.records.programme_statutes import extract_amending_acts, extract_drafted_plans


def test_a_plan_a_public_body_draws_up_is_a_programme() -> None:
    lines = [
        "- 都道府県が森林共生に係る事項を含む広域的な里山保全基盤計画を作成したとき、町村は計画を作成可能",
        "- 関係者が集まって意見を述べる。",
        "- 市町村は、森林の整備に関する計画(**里山共生促進計画**)を作成可能",
    ]
    assert [r.name for r in extract_drafted_plans("a.txt", lines)] == ["広域的な里山保全基盤計画", "里山共生促進計画"]


def test_the_body_drawing_a_plan_up_is_its_applicant() -> None:
    # a policy text's paragraphs (no bullet, full-width brackets, 策定することができる), not an outline's bullets
    lines = [
        "国が基本方針を定めたときは、地方公共団体は、避難体制の整備に関する計画（地区避難支援計画）を策定することができる。",
        "都道府県が沿岸防災に係る事項を含む広域沿岸防災基盤計画を策定したときは、関係者の意見を聴く。",
    ]
    got = {r.name: r.eligible for r in extract_drafted_plans("p.txt", lines)}
    assert got == {"地区避難支援計画": ("地方公共団体",), "広域沿岸防災基盤計画": ("都道府県",)}


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
