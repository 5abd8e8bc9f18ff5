"""Scheme blocks of a deck or plan (name line, what it supports, labelled terms), on invented layouts."""

from __future__ import annotations

from assistant.records.models import Cap, Rate
from assistant.records.programme_scheme_blocks import extract_scheme_blocks

# another ministry's slide of measures: ◆ name (ministry), a sentence, labelled bullets; a numbered item with
# its budget in brackets and its terms in the sentence
SLIDE = """地方への人の流れを支える主な施策

◆ 地域おこし協力隊推進事業（総務省）
地域おこし協力隊の募集・活動に要する経費を特別交付税で措置する。
・対象者：都市地域から過疎地域等に住民票を移した者
・上限額：隊員1人あたり550万円

◆ 移住支援金（内閣府）
東京23区から地方へ移住し、就業・起業する者に対し、移住支援金を支給する。
・対象者：東京23区に在住または通勤する者

1. 空き家改修支援事業（令和7年度当初予算 50億円）
市町村が行う空き家の改修に要する経費を支援する（補助率1/2、上限1,000万円）。
""".split("\n")


def test_scheme_blocks_of_a_slide() -> None:
    first, second, third = extract_scheme_blocks("x.txt", SLIDE)
    assert (first.name, first.ministry, first.line_start, first.line_end) == (
        "地域おこし協力隊推進事業",
        "総務省",
        3,
        6,
    )
    assert first.covered_costs == ("地域おこし協力隊の募集・活動に要する経費",)
    assert first.eligible == ("都市地域から過疎地域等に住民票を移した者",)
    assert first.caps == (Cap("550万円"),)
    assert (second.name, second.ministry, second.eligible) == (
        "移住支援金",
        "内閣府",
        ("東京23区に在住または通勤する者",),
    )
    assert second.covered_costs == ()  # a payment to a person names no cost
    assert third.name == "空き家改修支援事業"
    assert [(b.amount, b.fiscal_year, b.kind) for b in third.budgets] == [("50億円", "令和7年度", "当初")]
    assert (third.rates, third.caps) == ((Rate("1/2"),), (Cap("上限1,000万円"),))
    assert third.eligible == ("市町村",)
    assert third.covered_costs == ("市町村が行う空き家の改修に要する経費",)


def test_a_heading_over_other_prose_is_no_block() -> None:
    lines = [
        "■ 観光振興事業",
        "本市の観光入込客数は近年横ばいで推移している。",
        "",
        "地域公共交通確保維持事業(地域の実情に応じた生活交通の確保維持)",
        "・幹線バス交通の運行を支援",
    ]
    assert extract_scheme_blocks("x.txt", lines) == []  # a descriptive bracket names no ministry or budget


# another office's numbered list: the ministry in 【】 after the name, the budget in brackets, two labels on a line
LIST = """（1）地域交通の確保
① 地域公共交通確保維持改善事業【国土交通省】（令和7年度予算額 206億円）
　地域の多様な関係者の連携により、地域公共交通の確保・維持を図る取組を支援。
　補助対象者：地方公共団体、交通事業者等　補助率：1/2等

② 地方創生推進交付金【内閣府】
　地方公共団体が地方版総合戦略に基づいて行う自主的・主体的な事業を支援する。
　交付対象：都道府県、市町村
　交付率：1/2
""".split("\n")


def test_a_numbered_list_with_the_ministry_in_brackets_and_labels_side_by_side() -> None:
    first, second = extract_scheme_blocks("x.txt", LIST)
    assert (first.name, first.ministry, first.line_start, first.line_end) == (
        "地域公共交通確保維持改善事業",
        "国土交通省",
        2,
        4,
    )
    assert [(b.amount, b.fiscal_year) for b in first.budgets] == [("206億円", "令和7年度")]
    assert first.eligible == ("地方公共団体", "交通事業者等")  # the second label on the line is not an applicant
    assert first.rates == (Rate("1/2等"),)
    assert (second.name, second.ministry, second.eligible, second.rates) == (
        "地方創生推進交付金",
        "内閣府",
        ("都道府県", "市町村"),
        (Rate("1/2"),),
    )
