"""Numeric grids: a tab-separated table of names and figures under a header of column names.

「地区名 / 協定数 / 認定数 / 団体数」 over rows 「東地区 2 3 7」… 「合計 12 20 41」, often two groups side by side
on one line (「西地区 1 2 4 合計 12 20 41」). A question naming a row (「合計」「東地区」) and a column (「認定数」) is
answered by the cell where they cross, which sentence scoring cannot see: a row holds only figures. A follow-up
names the column only (「団体数は？」 after the 合計 of 認定数): the row comes from the conversation's subject, the
column from the turn itself first. An empty cell or a dash (a merged cell, a zero) keeps the row it stands in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer.block_answer import block_answer
from assistant.answer.from_records import RecordAnswer
from assistant.text.normalize import normalize
from assistant.types import Chunk, Citation, Hit

_NUMBER = re.compile(r"^[▲△-]?\d[\d,]*(?:\.\d+)?[%％]?$")
#: A cell holding no figure: a dash for zero or not applicable.
_BLANK = re.compile(r"^[-－ー―‐−~～/]+$")
#: How many passages back a grid's header is looked for (a long grid is cut into several passages).
MAX_BACK = 3
#: A header names at least this many columns.
MIN_COLUMNS = 3


@dataclass(frozen=True)
class Cell:
    """A figure of a grid, read at its row and column, and the passage line it stands on."""

    value: str
    row: str
    column: str
    chunk: Chunk
    line: int


def _cells(line: str) -> list[str]:
    return [normalize(c).strip() for c in line.split("\t")]


def _is_header(cells: Sequence[str]) -> bool:
    named = [c for c in cells if c]
    return len(named) >= MIN_COLUMNS and not any(_NUMBER.match(c) for c in named)


def _header(chunk: Chunk, before: Callable[[Chunk], Chunk | None] | None) -> list[str] | None:
    """The nearest header line above the passage's rows (in it, or in a passage before it)."""
    c: Chunk | None = chunk
    for _ in range(MAX_BACK + 1):
        if c is None:
            return None
        for line in reversed(c.text.split("\n")):
            if "\t" in line and _is_header(_cells(line)):
                return _cells(line)
        c = before(c) if before is not None else None
    return None


def grid_cells(chunk: Chunk, before: Callable[[Chunk], Chunk | None] | None = None) -> list[Cell]:
    """Every figure of the passage's grid rows: a name cell, then the figures of its group's columns."""
    header = _header(chunk, before)
    if header is None:
        return []
    out = []
    for n, line in enumerate(chunk.text.split("\n")):
        if "\t" not in line:
            continue
        cells = _cells(line)
        if _is_header(cells):
            header = cells  # a second grid in the same passage
            continue
        row = ""
        for j, cell in enumerate(cells):
            if not cell or _BLANK.match(cell):
                continue  # an empty cell or a dash is no figure and names no row
            if not _NUMBER.match(cell):
                row = cell  # a name starts a group: the figures after it are its row's
            elif row and j < len(header) and header[j] and not _NUMBER.match(header[j]):
                out.append(Cell(cell, row, header[j], chunk, chunk.line_start + n))
    return out


def _named(name: str, text: str) -> bool:
    return len(name) >= 2 and name in text


def grid_value(
    question: str,
    query: str,
    chunks: Sequence[Chunk],
    before: Callable[[Chunk], Chunk | None] | None = None,
    asked_before: str = "",
) -> Cell | None:
    """The cell whose row and column the question names; the turn's own words first, then the carried ``query``.

    The column the turn does not name is the one the question before it named (``asked_before``: 「長野県は？」 after
    「北海道の支援法人数は？」 asks 長野県's 支援法人), then the carried subject's. None unless exactly one value stands
    there (a name written in two grids is no answer).
    """
    asked, carried = normalize(question), normalize(query)
    grids = [cells for cells in (grid_cells(chunk, before) for chunk in chunks) if cells]
    # The turn's row in any passage before the carried one's: 「長野県の支援法人は？」 after 北海道's cell carries
    # 北海道, whose passage may rank above the one writing 長野県's row (a long grid is cut into several passages).
    for rows_from in dict.fromkeys((asked, carried)):
        for cells in grids:
            # The question before names the column only for a turn naming nothing but a row (「長野県は？」), not
            # for one asking a column the grid lacks (「長野県の移住者数は？」).
            before_text = normalize(asked_before) if _names_only_rows(asked, cells) else ""
            for text in dict.fromkeys((asked, before_text, carried)):
                columns = {c.column for c in cells if _named(c.column, text)}
                # The longest column name the text writes (「都道府県計画」, not the 「都道府県」 of 「都道府県名」).
                column = max(columns, key=len, default="")
                if not column:
                    continue
                found = {c.value: c for c in cells if c.column == column and _named(c.row, rows_from)}
                if len(found) == 1:
                    return next(iter(found.values()))
    return None


def _names_only_rows(turn: str, cells: Sequence[Cell]) -> bool:
    """Whether the turn, without the grid's row names, names nothing (「長野県は？」, not 「長野県の移住者数は？」)."""
    from assistant.text.tokenizer import tokenize

    for row in sorted({c.row for c in cells}, key=len, reverse=True):
        turn = turn.replace(row, " ")
    return not [t for t in tokenize(turn, nouns_only=True) if len(t) >= 2]


def grid_answer(cell: Cell, question: str, citation: Callable[[int, Hit, str, int, int], Citation]) -> RecordAnswer:
    """The figure as the lead, with its row and column: where it was read."""
    line = cell.chunk.text.split("\n")[cell.line - cell.chunk.line_start]
    cited = citation(1, Hit(cell.chunk, 0.0, 0), line, cell.line, cell.line)
    context = f"{cell.row}の{cell.column}: {cell.value}"
    return block_answer(question, f"{cell.value}です [1]。（{context}）", [cited], f"{cell.column} {cell.row}", context)
