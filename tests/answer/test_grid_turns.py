"""A bare row turn after a grid cell's answer: the grid found again, its other rows read, the column kept.

Every example is invented (prefectures' figures and a grid that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.drill_down import grid_cell_of, shown_passages, writes_cell
from assistant.answer.grid_turn import grid_row_turn
from assistant.types import Chunk

from .chat_turns import assistant, user
from .listed_passages import ListedPassages, passage

HEAD = "県名\t協定数\t認定数\t団体数\t県名\t協定数\t認定数\t団体数\n秋田県\t1\t2\t4\t徳島県\t0\t1\t1"
MIDDLE = "福島県\t2\t3\t9\t香川県\t1\t1\t2\n山形県\t0\t0\t1\t愛媛県\t1\t2\t2"
TAIL = "岐阜県\t1\t4\t6\t高知県\t0\t0\t0\n合計\t12\t20\t41\t\t\t\t"
BUDGET = "分野\t予算\t内容\n住まい\t45百万円\t空き家改修"
PROSE = "秋田県では協定を結んだ団体が4つある。"
CELL = "9です [1]。（福島県の団体数: 9）"


def test_a_grid_cells_answer_names_its_row_column_and_figure() -> None:
    assert grid_cell_of(CELL) == ("福島県", "団体数", "9")
    assert grid_cell_of("9団体です [1]。（福島県では9団体が協定を結んだ。）") is None


def test_the_cell_is_written_on_a_grid_row_not_in_prose() -> None:
    cell = ("秋田県", "団体数", "4")
    assert writes_cell(passage("h", HEAD), cell)
    assert not writes_cell(passage("p", PROSE), cell)  # 秋田県 and 4 in a sentence are no grid row


def test_the_grids_other_passages_are_read_but_not_the_next_table() -> None:
    """The quoted row's passage, then the rows the grid carries on with; a narrower table after it is not read."""
    head, middle, tail, budget, prose = (
        passage(c, t) for c, t in zip("hmtbp", (HEAD, MIDDLE, TAIL, BUDGET, PROSE), strict=True)
    )
    order = [prose, head, middle, tail, budget]
    at = {c.chunk_id: i for i, c in enumerate(order)}

    def neighbours(c: Chunk) -> list[Chunk]:
        i = at[c.chunk_id]
        return [order[j] for j in (i - 1, i + 1) if 0 <= j < len(order)]

    found = {c.chunk_id for c in shown_passages(CELL, ListedPassages([prose, middle]), neighbours)}
    assert found == {"m", "h", "t"}  # the quoted row's neighbours are grid rows too; prose and a budget are not walked
    far = "福島県\t2\t3\t9\t香川県\t1\t1\t2"
    order = [passage("x", far), head, tail, passage("z", BUDGET + "\n" + BUDGET)]
    at = {c.chunk_id: i for i, c in enumerate(order)}
    found = {c.chunk_id for c in shown_passages(CELL, ListedPassages(order[:1]), neighbours)}
    assert found == {"x", "h", "t"}  # two passages on; the budget table (three columns) is another table


GRID = [passage("h", HEAD), passage("m", MIDDLE)]


def _shown() -> list[Chunk]:
    return GRID


def test_a_bare_row_asks_the_column_just_answered() -> None:
    history = [user("県別の一覧で福島県の団体数は？"), assistant(CELL)]
    assert grid_row_turn("山形県は？", history, _shown) == "山形県の団体数は？"
    assert grid_row_turn("じゃあ香川県だと？", history, _shown) == "香川県の団体数は？"
    assert grid_row_turn("愛媛県のは？", history, _shown) == "愛媛県の団体数は？"


def test_other_turns_are_left_as_they_came() -> None:
    history = [user("県別の一覧で福島県の団体数は？"), assistant(CELL)]
    assert grid_row_turn("宮崎県は？", history, _shown) == "宮崎県は？"  # a row the grid shown does not write
    assert (
        grid_row_turn("協定数は？", history, _shown) == "協定数は？"
    )  # a column of its own: the grid reader's follow-up
    assert grid_row_turn("福島県は？", history, _shown) == "福島県は？"  # the row just answered
    assert grid_row_turn("その団体はどこ？", history, _shown) == "その団体はどこ？"  # points back, asks something else
    assert (
        grid_row_turn("山形県の面積は何平方キロ？", history, _shown) == "山形県の面積は何平方キロ？"
    )  # not elliptical
    prose = [user("福島県の団体数は？"), assistant("9団体です [1]。（福島県では9団体が協定を結んだ。）")]
    assert grid_row_turn("山形県は？", prose, _shown) == "山形県は？"  # no grid cell was answered
    assert grid_row_turn("山形県は？", None, _shown) == "山形県は？"
