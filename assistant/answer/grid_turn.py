"""A bare row turn after a grid cell's answer: 「秋田県は？」 after 「12です。（青森県の協定数: 12）」.

A user reading a grid down its rows names the next row alone; the column is the one just answered. The turn is
asked as 「秋田県の協定数は？」, which the grid reader (`answer.grid`) answers where that row and column cross; the
conversation's older subject (a total asked two turns before) would otherwise choose the column. Only a name the
grid writes as a row's label is read so: 「協定数は？」 names another column, asked as the grid reader's follow-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from assistant.answer.drill_down import compact, grid_cell_of, lead_of
from assistant.answer.follow_up import last_answer
from assistant.answer.turn_shape import TOPIC_TAIL
from assistant.answer.turn_words import NAME_RUN, elliptical, without_opener
from assistant.types import Chunk

#: A chat opener that names nothing (「じゃあ香川県だと？」「で、山形県は？」).
_OPENER = re.compile(r"^(?:じゃあ|じゃ|では|それなら|なら|で、|あと|ちなみに|次に)[、,\s]*")
#: A figure in a grid's cell (「15」「1,287」「2.5%」「▲3」).
_FIGURE = re.compile(r"^[▲△-]?\d[\d,]*(?:\.\d+)?[%％]?$")


def is_row_label(item: str, chunks: Sequence[Chunk]) -> bool:
    """Whether a grid line of ``chunks`` writes ``item`` as a cell followed by a figure (a row's label)."""
    want = compact(item)
    for chunk in chunks:
        for line in chunk.text.split("\n"):
            cells = [compact(c) for c in line.split("\t")]
            if any(c == want and _FIGURE.match(n) for c, n in pairwise(cells)):
                return True
    return False


def grid_row_turn(question: str, history: Sequence[dict[str, str]] | None, shown: Callable[[], Sequence[Chunk]]) -> str:
    """The turn naming the column the last answer read (「秋田県の協定数は？」), else the turn as it came.

    ``shown`` gives the passages the last answer quoted (`drill_down.shown_passages`), read only when needed."""
    read = last_answer(history) if history else ""
    cell = grid_cell_of(lead_of(read)) if read else None
    turn = _OPENER.sub("", without_opener(question.strip()))
    if cell is None or not elliptical(turn):
        return question
    item = TOPIC_TAIL.sub("", turn).removesuffix("の")  # 「佐賀県のは？」 names the row 佐賀県
    row, column, _ = cell
    if not NAME_RUN.fullmatch(item) or item == row or not is_row_label(item, shown()):
        return question
    return f"{item}の{column}は？"
