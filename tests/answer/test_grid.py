"""Numeric grids: the figure where a named row and a named column cross."""

from __future__ import annotations

from assistant.answer.grid import grid_cells, grid_value
from assistant.types import Chunk

HEADER = "地区名\t登録団体\t協定数\t地区名\t登録団体\t協定数"
ROWS = "東地区\t3\t1\t西地区\t7\t2\n南地区\t4\t0\t合計\t14\t3"


def _chunk(text: str, line_start: int = 1, cid: str = "c") -> Chunk:
    return Chunk(cid, "doc.txt", "資料", "", line_start, line_start + text.count("\n"), text, text)


def test_side_by_side_groups_read_by_their_own_row_name() -> None:
    cells = grid_cells(_chunk(f"{HEADER}\n{ROWS}"))
    assert ("合計", "協定数", "3") in {(c.row, c.column, c.value) for c in cells}
    assert ("西地区", "登録団体", "7") in {(c.row, c.column, c.value) for c in cells}


def test_the_row_and_column_named_cross() -> None:
    chunk = _chunk(f"{HEADER}\n{ROWS}")
    assert grid_value("協定数は全体の合計でいくつ？", "", [chunk]).value == "3"
    assert grid_value("南地区の登録団体は？", "", [chunk]).value == "4"
    assert grid_value("北地区の登録団体は？", "", [chunk]) is None  # no such row


def test_a_follow_up_names_the_column_and_carries_the_row() -> None:
    chunk = _chunk(f"{HEADER}\n{ROWS}")
    found = grid_value("協定数は？", "合計の登録団体 協定数は？", [chunk])
    assert found is not None and found.value == "3"


def test_the_header_is_found_in_the_passage_before() -> None:
    head, rows = _chunk(f"見出し\n{HEADER}", 1, "a"), _chunk(ROWS, 3, "b")
    found = grid_value("合計の登録団体は？", "", [rows], lambda c: head if c is rows else None)
    assert found is not None and (found.value, found.line) == ("14", 4)


def test_a_list_of_page_numbers_is_no_grid() -> None:
    toc = _chunk("1\t目次\t\n5\tはじめに\t9\n13\t地域の取組\t29")
    assert grid_cells(toc) == []


def test_an_empty_or_dash_cell_keeps_its_row() -> None:
    header = "地区名\t協定数\t認定数\t団体数"
    cells = grid_cells(_chunk(f"{header}\n北地区\t\t5\t15\n東地区\t1\t－\t4"))
    found = {(c.row, c.column, c.value) for c in cells}
    assert found == {
        ("北地区", "認定数", "5"),
        ("北地区", "団体数", "15"),
        ("東地区", "協定数", "1"),
        ("東地区", "団体数", "4"),
    }


def test_the_turns_row_in_a_later_passage_beats_the_carried_row_in_an_earlier_one() -> None:
    """「南地区の登録団体は？」 carrying 東地区 from the cell before: the grid goes on in the next passage."""
    first, second = _chunk(f"{HEADER}\n東地区\t3\t1\t西地区\t7\t2", 1, "a"), _chunk("南地区\t4\t0\t合計\t14\t3", 3, "b")
    found = grid_value("南地区の登録団体は？", "東地区 南地区の登録団体は？", [first, second], lambda c: first)
    assert found is not None and found.value == "4"
    found = grid_value("登録団体は？", "東地区 登録団体は？", [second, first], lambda c: first)
    assert found is not None and found.value == "3"  # a turn naming no row still reads the carried one


def test_a_turn_naming_another_row_keeps_the_column_the_question_before_asked() -> None:
    """「西地区は？」 after 「東地区の協定数は？」: the carried subject holds the first column asked (登録団体), the
    question before the one now asked (協定数)."""
    chunk = _chunk(f"{HEADER}\n{ROWS}")
    found = grid_value("西地区は？", "合計の登録団体 西地区は？", [chunk], None, "東地区の協定数は？")
    assert found is not None and found.value == "2"
    assert grid_value("西地区は？", "合計の登録団体 西地区は？", [chunk]).value == "7"


def test_a_turn_asking_a_column_the_grid_lacks_does_not_borrow_the_one_before() -> None:
    chunk = _chunk(f"{HEADER}\n{ROWS}")
    assert (
        grid_value("西地区の移住者数は？", "東地区 西地区の移住者数は？", [chunk], None, "東地区の協定数は？") is None
    )
    assert grid_value("西地区は？", "東地区 西地区は？", [chunk], None, "東地区の協定数は？").value == "2"
