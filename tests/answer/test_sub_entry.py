"""Cases numbered under a numbered heading, asked by their place (`answer.sub_entry`): an invented report."""

from __future__ import annotations

from assistant.answer.sub_entry import asked_place, find_case, groups_in
from assistant.types import Chunk

CONTENTS = """目次
① 住民出資型\t12
② 大学連携型\t18"""

TYPES = """事業の型は次の2つに整理した。
- ① 住民出資型：住民が出資して事業を起こす
- ② 大学連携型：大学と町が協定を結ぶ"""

FIRST = """①住民出資型

(i) 株式会社みなと商店
港町では、住民120人が出資して商店を再開した。

（ⅱ） 山里エネルギー合同会社
山里村では小水力発電を住民が運営している。"""

SECOND = """②大学連携型

(i) 北浜町
北浜町は大学と協定を結び、空き家を学生寮にした。
(ii) 西谷市
西谷市では学生が地域の祭りを運営する。
(iv) 東原村"""

IDF = {"住民": 3.0, "出資": 3.5, "型": 0.5, "大学": 2.5, "連携": 2.0}


def _chunks() -> list[Chunk]:
    texts = [CONTENTS, TYPES, FIRST, SECOND]
    starts = [1, 10, 30, 60]
    return [
        Chunk(f"c{i}", "report.txt", "報告書", "", s, s + t.count("\n"), t, t)
        for i, (s, t) in enumerate(zip(starts, texts, strict=True))
    ]


def _find(turn: str, last: tuple[str, str] = ("", "")):
    found = find_case(turn, groups_in(_chunks()), IDF, last)
    return None if found is None else found[1].name


def test_headings_keep_their_cases_in_sequence_and_contents_or_list_lines_are_no_headings():
    groups = groups_in(_chunks())
    assert [(g.mark, g.name) for g in groups] == [("①", "住民出資型"), ("②", "大学連携型")]
    assert [c.name for c in groups[0].cases] == ["株式会社みなと商店", "山里エネルギー合同会社"]
    # (iv) after (ii) skips a number: not read as the third case.
    assert [c.name for c in groups[1].cases] == ["北浜町", "西谷市"]
    assert groups[1].cases[1].line == 64


def test_the_place_asked_of_a_case():
    assert asked_place("その型で最初に紹介されている事例は？") == 1
    assert asked_place("その型の2つ目の事例は？") == 2
    assert asked_place("最後に挙げられている例は？") == 0
    assert asked_place("2つ目の型は？") is None  # a heading asked, not a case
    assert asked_place("最初に設立されたのはいつ？") is None


def test_a_case_under_the_heading_named_written_or_answered_before():
    assert _find("大学連携型で最初に紹介されている事例は？") == "北浜町"
    assert _find("住民出資型の2つ目の事例は？") == "山里エネルギー合同会社"
    # 「その型」: the heading the answer before gave.
    assert _find("その型の最後の事例は？", ("2つ目の型は？", "大学連携型です [1]。")) == "西谷市"
    # The heading named in other words: most of its words written.
    assert _find("住民が出資するタイプの最初の例は？") == "株式会社みなと商店"


def test_a_bare_ordinal_after_a_case_asked_by_place_moves_along_its_heading():
    last = ("その型で最初に紹介されている事例は？", "北浜町です [1]。（②大学連携型の1つ目の事例）")
    assert _find("2つ目は？", last) == "西谷市"
    assert _find("3つ目は？", last) is None  # no third case under it


def test_nothing_when_the_heading_is_unclear_or_the_case_is_missing():
    assert _find("その型で最初に紹介されている事例は？") is None  # nothing answered before
    # A quoted passage listing a heading named none: only an answer naming it does.
    assert _find("その型の最初の事例は？", ("3つ目の型は？", "事業の型は次のとおり。①住民出資型：… [1]")) is None
    assert _find("3つ目の事例は？") is None  # no heading named
    assert _find("大学連携型の5つ目の事例は？") is None
    assert _find("2つ目は？", ("大学連携型の課題は？", "学生の確保です [1]。")) is None  # no case asked before


def test_the_reports_case_types_are_answered_from_their_headings(engine) -> None:
    """The real report numbers its cases under each type, pages apart (rules only, nothing fitted)."""
    from assistant.evals.metrics import lead_of

    history = [
        {"role": "user", "content": "地域生活圏の報告書で、官民連携の事業展開の型の3つ目は？"},
        {"role": "assistant", "content": "産業イノベーション創出型です [1]。"},
    ]
    answer = engine.answer("その型の1つ目の事例は？", history=history)
    assert not answer.abstained and lead_of(answer.answer).startswith("SUNDRED")


def test_a_detail_asked_of_a_case_is_no_case_asked() -> None:
    # The case's own fields (where, when, how many) are read from its text by the other readers.
    assert asked_place("大学連携型の2つ目の事例の所在地は？") is None
    assert asked_place("最初に紹介されている事例はいつ設立された？") is None
    assert asked_place("最後の事例の人口は？") is None
    assert asked_place("住民出資型の2つ目に紹介されている事例は何ですか？") == 2
    assert asked_place("住民出資型で最初に紹介されているのは？") == 1


def test_layout_noise_neither_makes_nor_breaks_a_heading_s_cases() -> None:
    contents = "目次\n①住民出資型……12\n(i) 株式会社みなと商店……13"
    body = (
        "①住民出資型\n(i) 株式会社みなと商店\n港町の商店。\n12\n①住民出資型\n(ii) 山里エネルギー合同会社\n"
        "(i)の要件を満たす場合は補助率を引き上げる。\n第5章 補助の要件\n(i) 事業期間が3年以上であること"
    )
    chunks = [
        Chunk("t", "r.txt", "報告書", "", 1, 3, contents, contents),
        Chunk("b", "r.txt", "報告書", "", 20, 28, body, body),
    ]
    groups = groups_in(chunks)
    # The contents line (dot leader, page) is no heading; the running header repeated keeps the heading's cases;
    # a prose line opening with 「(i)の」 and a condition under another chapter are no cases.
    assert [(g.name, [c.name for c in g.cases]) for g in groups] == [
        ("住民出資型", ["株式会社みなと商店", "山里エネルギー合同会社"])
    ]


def test_a_heading_inside_another_s_name_or_in_two_documents() -> None:
    from assistant.answer.sub_entry import Case, Group, in_documents

    def group(doc: str, mark: str, name: str, case: str) -> Group:
        return Group(doc, mark, name, [Case(Chunk("c", doc, "", "", 1, 1, case, case), 1, 1, case)])

    groups = [group("a.txt", "②", "地場企業牽引型", "A社"), group("a.txt", "③", "企業牽引型", "B社")]
    assert find_case("地場企業牽引型の最初の事例は？", groups, IDF)[1].name == "A社"
    twice = [group("a.txt", "①", "観光連携型", "A町"), group("b.txt", "①", "観光連携型", "B町")]
    # The documents asked of, else the best-ranked one's.
    assert [g.doc for g in in_documents(twice, ["b.txt", "a.txt"], None)] == ["b.txt"]
    assert [g.doc for g in in_documents(twice, ["b.txt"], ["a.txt"])] == ["a.txt"]
