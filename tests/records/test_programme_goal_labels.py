"""Initiatives a goal box names by labels, on invented layouts of another ministry's package and a prefecture's plan."""

from __future__ import annotations

from assistant.records.programme import extract_programmes
from assistant.records.programme_goal_labels import extract_goal_labels
from assistant.text.normalize import compact

# Another ministry's package: one measure's box sets a target for each of two initiatives, wrapped over lines.
PACKAGE = """○次世代モビリティの社会実装 【空飛ぶクルマ運航網：2030年までに全国10地域での商用運航を目指す
 水素ステーション整備計画：2028年度末までに200か所を整備 等】
• 関係省庁が連携し、運航ルールと離着陸場の整備を一体で進める。
""".split("\n")

# A prefecture's plan: a single-label box, and boxes whose labels are the box's own fields, not initiatives.
PLAN = """○広域観光の推進
【みなと観光ルート：令和9年度までに5ルートの造成を目指す】
○移住相談体制の強化
【目標：2027年度までに相談件数を年間3,000件】
【令和7年度：相談窓口を3か所に拡充】
○森林資源の活用
【対象者：県内の林業事業体】
【写真：木材加工センター】
""".split("\n")

# A prose block with a colon in a sentence, not in a box: nothing is read.
PROSE = """本県の方針：地域の資源を活かし、関係人口の拡大を図る。
交流拠点施設：2029年度の開館を目指して建設を進める。
""".split("\n")


def test_each_label_of_a_wrapped_box_is_an_initiative_on_its_line() -> None:
    got = {r.name: (r.line_start, r.line_end, r.summary) for r in extract_goal_labels("x.txt", PACKAGE)}
    assert got == {
        "空飛ぶクルマ運航網": (1, 1, "2030年までに全国10地域での商用運航を目指す"),
        "水素ステーション整備計画": (2, 2, "2028年度末までに200か所を整備"),
    }


def test_field_labels_dates_and_captions_are_not_initiatives() -> None:
    assert [r.name for r in extract_goal_labels("x.txt", PLAN)] == ["みなと観光ルート"]


def test_a_colon_in_prose_outside_a_box_is_no_label() -> None:
    assert extract_goal_labels("x.txt", PROSE) == []


def test_the_labels_are_programme_records_citing_their_line() -> None:
    records = {r.name: r for r in extract_programmes("x.txt", PACKAGE)}
    assert "空飛ぶクルマ運航網" in records
    assert "空飛ぶクルマ運航網" in records["空飛ぶクルマ運航網"].source_text


# Labels that begin with 元 (a name, not 令和元年度) and a goal wrapped onto the box's next line.
NAMES = """○健康づくりの推進 【元気づくり拠点：2030年までに県内10か所の整備を目指す】
○港湾の活性化 【元町港湾ネットワーク：2028年度までに
 3港の連携体制の形成を図る】
""".split("\n")

# Era dates and generic heads as labels: none is an initiative.
GENERIC = """【令和元年度：相談窓口を2か所に設置】
【平成元年：10か所を整備】
【主な取組：2030年までに10件】
【重点施策：令和8年度までに3件実施】
""".split("\n")


def test_a_label_beginning_with_gen_is_a_name_and_its_wrapped_goal_is_cited() -> None:
    got = {r.name: (r.line_start, r.line_end, r.summary) for r in extract_goal_labels("x.txt", NAMES)}
    assert got == {
        "元気づくり拠点": (1, 1, "2030年までに県内10か所の整備を目指す"),
        "元町港湾ネットワーク": (2, 3, "2028年度までに 3港の連携体制の形成を図る"),
    }


def test_era_dates_and_generic_heads_are_not_initiatives() -> None:
    assert extract_goal_labels("x.txt", GENERIC) == []


def test_on_the_corpus_each_goal_is_held_in_the_lines_cited(corpus) -> None:
    # the summary must be grounded: the cited lines run through the goal's last line (whitespace ignored)
    records = [r for lines in corpus.values() for r in extract_goal_labels("x.txt", lines)]
    assert records
    for r in records:
        assert r.summary and compact(r.summary) in compact(r.source_text), (r.name, r.summary)
        assert not r.summary.endswith("等"), r.name
