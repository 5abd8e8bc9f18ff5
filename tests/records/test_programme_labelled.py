"""Programme list of adopted projects whose entries label their parts (【事業名】), on an invented layout."""

from __future__ import annotations

from assistant.records import extract_programmes
from assistant.records.programme_labelled import extract_labelled_entries

# Another ministry's list of adopted projects: a heading with its fiscal year, entries with labelled parts.
ADOPTED = """農山漁村発イノベーション推進事業 採択一覧（令和6年度）

■第1回公募
- ① 岩手県遠野市
【実施主体】遠野ふるさと公社
【事業名】どぶろく特区を活かした農泊体験整備事業
- ② 愛媛県内子町・大洲市
【実施主体】内子町農泊推進協議会
（代表：内子町）
【事業名】古民家再生による「うちこ」滞在型観光モデル構築事業
～町並み保存と農家民宿の連携～
""".split("\n")


def test_each_labelled_name_is_a_programme_with_the_lists_year() -> None:
    got = extract_labelled_entries("list.txt", ADOPTED)
    assert [r.name for r in got] == [
        "どぶろく特区を活かした農泊体験整備事業",
        "古民家再生による「うちこ」滞在型観光モデル構築事業～町並み保存と農家民宿の連携～",
    ]
    assert [r.period for r in got] == ["令和6年度", "令和6年度"]
    # the entry's source runs from its bullet to its name (and the subtitle wrapped under it)
    assert [(r.line_start, r.line_end) for r in got] == [(4, 6), (7, 11)]
    assert all(r.ministry is None and not r.budgets for r in got)


def test_labelled_entries_survive_the_whole_pipeline() -> None:
    names = {r.name for r in extract_programmes("list.txt", ADOPTED)}
    assert "どぶろく特区を活かした農泊体験整備事業" in names


def test_no_year_heading_no_period() -> None:
    lines = ["採択事業の一覧", "", "- ① 高知県", "【事業名】森林サービス産業モデル事業"]
    (r,) = extract_labelled_entries("x.txt", lines)
    assert (r.name, r.period, r.line_start) == ("森林サービス産業モデル事業", None, 3)
