"""Cells of a comparison table flattened into lines (`answer.column_table`): an invented town plan's table."""

from __future__ import annotations

from assistant.answer.column_table import find_cell
from assistant.types import Chunk

TABLE = """3 第1期計画／第2期計画／第3期計画の比較表
 第1期計画
第2期計画

第3期計画
（改定案）

期間 2010年～ 2018年～ 2026年～

人口：5万2千人
（＋300人）

高齢化率： 21%

人口：4万9千人（▲800人）

高齢化率： 28%

人口：4万6千人（▲900人）

高齢化率：（2025年見込み34%）"""

AFTER = """第3期計画では、人口の目標を4万5千人とする。"""


def _chunks() -> list[Chunk]:
    lines = TABLE.split("\n")
    first = Chunk("t1", "plan.txt", "町計画", "比較", 10, 9 + len(lines), TABLE, TABLE)
    end = 10 + len(lines)
    return [first, Chunk("t2", "plan.txt", "町計画", "第3期", end, end, AFTER, AFTER)]


def test_the_nth_cell_of_a_row_written_once_per_column_is_the_nth_columns():
    cell = find_cell("第1期計画・第2期計画・第3期計画の比較表で、第2期計画の高齢化率は？", "", _chunks())
    assert cell is not None and (cell.column, cell.label, cell.value) == ("第2期計画", "高齢化率", "28%")


def test_a_row_on_one_line_gives_each_column_its_value():
    cell = find_cell("比較表で第3期計画の期間は？", "", _chunks())
    assert cell is not None and cell.value == "2026年~"


def test_a_follow_up_naming_another_column_keeps_the_row_the_conversation_asked():
    query = "第1期計画・第2期計画・第3期計画の比較表で、第1期計画の人口 頃の高齢化率 3期計画のほうは？"
    cell = find_cell("3期計画のほうは？", query, _chunks())
    assert cell is not None and (cell.column, cell.label) == ("第3期計画", "高齢化率")
    assert cell.value == "(2025年見込み34%)"


def test_a_column_as_an_era_is_read_but_a_plain_question_about_the_plan_is_not():
    cell = find_cell("第1期計画の頃の人口は？", "", _chunks())
    assert cell is not None and cell.value.startswith("5万2千人")
    # 「第3期計画の人口は？」 asks the plan (its target is written elsewhere), not the table's column.
    assert find_cell("第3期計画の人口は？", "", _chunks()) is None


def test_no_column_or_no_row_named_gives_nothing():
    assert find_cell("比較表で第4期計画の人口は？", "", _chunks()) is None
    assert find_cell("比較表で第2期計画の財政力指数は？", "", _chunks()) is None


def test_a_turn_naming_only_a_column_asks_the_row_the_question_before_asked():
    query = "第1期計画・第2期計画・第3期計画の比較表で、第1期計画の期間 第2期計画だと？"
    cell = find_cell("第2期計画だと？", query, _chunks(), before="その頃の高齢化率は？")
    assert cell is not None and (cell.label, cell.value) == ("高齢化率", "28%")


def test_a_year_the_table_does_not_give_is_no_cell():
    """The third column's rate is a 2025 estimate: asked for 2026 the table has no figure; asked for 2025 it has."""
    assert find_cell("比較表で、2026年の第3期計画の高齢化率は？", "", _chunks()) is None
    assert find_cell("比較表で、2025年の第3期計画の高齢化率は？", "", _chunks()) is not None
    # A cell writing no year is its column's: the first plan's era is 2010.
    assert find_cell("比較表で、2010年の第1期計画の高齢化率は？", "", _chunks()).value == "21%"
    assert find_cell("比較表で、2015年の第1期計画の高齢化率は？", "", _chunks()) is None


def test_a_turn_naming_a_row_of_its_own_does_not_borrow_the_row_before():
    query = "第1期計画の頃の人口 財政の考え方は？"
    assert find_cell("財政の考え方は？", query, _chunks(), before="高齢化率は？") is None


def test_a_column_asked_by_its_place_or_after_an_answer_read_from_the_table():
    cell = find_cell(
        "2つ目の時期の高齢化率は？", "第1期計画・第2期計画・第3期計画の比較表 2つ目の時期の高齢化率は？", _chunks()
    )
    assert cell is not None and cell.column == "第2期計画"
    # No word of the table in the query, but the answer before was read from it: the column named is its.
    assert find_cell("第3期計画の方は？", "第1期計画 人口 高齢化率 第3期計画の方は？", _chunks()) is None
    before = "21%です [1]。（第1期計画：高齢化率 21%）"
    cell = find_cell(
        "第3期計画の方は？", "第1期計画 人口 高齢化率 第3期計画の方は？", _chunks(), "高齢化率は？", before
    )
    assert cell is not None and cell.value == "(2025年見込み34%)"


def test_a_long_question_listing_many_words_is_read_in_time_and_a_listing_names_no_column():
    """A question listing dozens of words with 「・」 once made the listing pattern backtrack for minutes."""
    from assistant.answer.column_table import _named_column, _without_listings

    cols = ["第1期計画", "第2期計画", "第3期計画"]
    many = "・".join(["人口", "出生数", "高齢化率", "財政", "交通", "住宅", "雇用", "子育て"] * 8)
    assert _named_column(f"第2期計画の頃、{many}はどうだった？", cols) == "第2期計画"
    assert _without_listings("第1期計画・第2期計画の比較表で、第3期計画は？").strip() == "で、第3期計画は？"
    assert _named_column("第1期計画・第2期計画・第3期計画の比較表", cols) == ""
    assert _without_listings("A・Bの比較と比較表で").strip() == "で"


def test_a_row_named_only_inside_another_word_or_two_columns_asked_give_no_cell():
    """「人口目標」「関係人口」 are not the row 「人口」; a question comparing two columns has no one cell (review)."""
    assert find_cell("比較表で第2期計画の人口目標は？", "", _chunks()) is None
    assert find_cell("第2期計画の頃の関係人口は？", "", _chunks()) is None
    assert find_cell("比較表で第1期計画と第2期計画の高齢化率の差は？", "", _chunks()) is None


def test_columns_named_by_years_keep_their_numbers():
    text = "2020年／2025年の比較表\n世帯数：40\n世帯数：38"
    chunk = Chunk("y1", "plan.txt", "町計画", "比較", 1, 3, text, text)
    assert find_cell("比較表で2025年の世帯数は？", "", [chunk]).value == "38"
    assert find_cell("比較表で2つ目の世帯数は？", "", [chunk]).value == "38"
