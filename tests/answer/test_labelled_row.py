"""Labelled rows under a block's title (`answer.labelled_row`): invented slides of a council's working groups."""

from __future__ import annotations

from assistant.answer.labelled_row import find_row
from assistant.types import Chunk

GROUPS = """- みなと市移住推進会議に「①住宅分科会」「②仕事分科会」「③子育て分科会」の3つの分科会を設置し、課題ごとに検討する。

①住宅分科会

座長\tみなと不動産
検討テーマ\t空き家の改修と賃貸の仕組み
参加団体\tみなと市、商工会

②仕事分科会

公募により設置

座長\t港湾物流協同組合
検討テーマ\t<u>テレワーク拠点の運営</u>
参加団体\tみなと市、地元銀行

③子育て分科会

座長\tひかり保育会
検討テーマ\t保育人材の確保
参加団体\tみなと市"""

IDF = {"仕事": 3.0, "分科": 2.5, "会": 1.0, "子育て": 3.5, "住宅": 3.2, "みなと": 2.0, "推進": 1.5, "会議": 1.2}


def _chunks(text: str = GROUPS) -> list[Chunk]:
    lines = text.split("\n")
    return [Chunk("g1", "plan.txt", "みなと市計画", "移住推進", 100, 99 + len(lines), text, text)]


def _none(_: Chunk) -> None:
    return None


def _find(question: str, query: str = ""):
    return find_row(question, query or question, _chunks(), IDF, _none)


def test_the_row_of_the_block_titled_with_the_subject_answers():
    found = _find("みなと市の仕事分科会の座長は？")
    assert found is not None and (found.label, found.value) == ("座長", "港湾物流協同組合")
    assert found.title.startswith("②仕事分科会") and found.line == 112


def test_another_label_of_the_same_block_is_read_as_written():
    found = _find("子育て分科会の検討テーマは？")
    assert found is not None and found.value == "保育人材の確保"


def test_a_follow_up_reads_the_subject_it_carries():
    found = _find("その座長は？", "みなと市移住推進会議 住宅分科会 その座長は？")
    assert found is not None and found.value == "みなと不動産"


def test_a_block_asked_by_its_place_is_the_one_numbered_so():
    found = _find("その3つ目の座長は？", "みなと市移住推進会議の分科会 その3つ目の座長は？")
    assert found is not None and found.value == "ひかり保育会"


def test_no_block_titled_with_the_subject_gives_nothing():
    # Every block holds 分科会: a body the slides do not list (観光) is named by none of them.
    assert _find("みなと市の観光分科会の座長は？") is None


def test_a_label_no_block_writes_gives_nothing():
    assert _find("仕事分科会の予算は？") is None


def test_a_sentence_above_a_block_is_not_its_title():
    # The first block's title is 「①住宅分科会」 alone: the sentence above it names every group.
    found = _find("住宅分科会の参加団体は？")
    assert found is not None and found.title == "①住宅分科会" and found.value == "みなと市、商工会"


def test_the_last_block_asked_is_the_highest_numbered():
    found = _find("その最後の座長は？", "みなと市移住推進会議の分科会 その最後の座長は？")
    assert found is not None and found.value == "ひかり保育会"


def test_a_label_asked_about_or_only_mentioned_is_not_the_row_asked():
    """「座長の任期」「座長ではない団体」 ask something of the row, not its value (found in review)."""
    assert _find("仕事分科会の座長の任期は？") is None
    assert _find("仕事分科会の参加団体ではない企業は？") is None
    assert _find("仕事分科会の座長はどこ？").value == "港湾物流協同組合"


def test_a_place_word_about_something_else_or_another_bodys_groups_picks_no_block():
    found = _find("最後の確認ですが、仕事分科会の座長は？")
    assert found is not None and found.value == "港湾物流協同組合"  # the 最後 of 確認, not of the groups
    idf = {**IDF, "観光": 3.0, "協会": 2.0}
    assert (
        find_row("観光協会の2つ目の分科会の座長は？", "観光協会の2つ目の分科会の座長は？", _chunks(), idf, _none)
        is None
    )
