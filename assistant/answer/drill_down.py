"""A follow-up drills into what the user just read: the passage the last answer quoted, and its neighbours.

「そのうち民間企業は？」 after 「県内540の団体が加盟」 asks a part of the last answer's subject, and
「職員は？」 after 「参加大学:…計4校」 another figure of the same row. The query carries the subject's words,
which may bring back other passages about the subject; the answer is usually where the user just read, in
the passage the last answer quoted or the one before or after it (a table's next rows, the legend above).
Those passages are added to a follow-up's candidates (`with_shown_passages`), and `holding_first` puts the
sentences of the answer's lead passage before the others that hold the turn's words.

A chat client sends the history as text only: the passage is found again by the stretches of the last
answer long enough to identify it (`follow_up.shown_pieces`), among the passages retrieved for its words.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence

from assistant.retrieval.interfaces import Retriever
from assistant.text.normalize import normalize
from assistant.types import Chunk, Hit

#: Passages retrieved for the last answer's words, among which the one it quoted is looked for.
K = 5
#: A citation marker after the first: what follows it is another passage than the answer's lead.
_SECOND_MARKER = re.compile(r"\[(?:[2-9]|\d{2,})\]")


@functools.lru_cache(maxsize=4096)
def compact(text: str) -> str:
    """``text`` normalised, without whitespace or citation markers: how a quote is found again."""
    # Cached: a follow-up compares each candidate's whole passage with each piece of the last answer shown.
    return re.sub(r"\s+|\[\d+\]", "", normalize(text))


#: Where an answer's quoted context splits: citation markers, brackets, and the 「 / 」 joining table fields.
_SHOWN_SPLIT = re.compile(r"\[\d+\]|[（）()「」]|\s/\s")
#: A piece of the last answer this long identifies the passage it came from.
_PIECE_MIN = 10


def shown_pieces(shown: str) -> list[str]:
    """The stretches of the last answer long enough to find its passage by (compacted, normalised)."""
    pieces = (compact(p) for p in _SHOWN_SPLIT.split(shown))
    return [p for p in pieces if len(p) >= _PIECE_MIN]


def lead_of(shown: str) -> str:
    """The part of the last answer taken from its first passage: up to the second citation's words.

    「…約3億円を寄付し… [1] 参画企業は…50万円… [2]」 -> 「…約3億円を寄付し… [1]」; an answer citing one
    passage is all lead.
    """
    m = _SECOND_MARKER.search(shown)
    if m is None:
        return shown
    first = shown.find("[1]")
    return shown[: first + 3] if 0 <= first < m.start() else shown[: m.start()]


#: A grid cell's answer (`answer.grid`): 「12です [1]。（青森県の協定数: 12）」, its row, column and figure. The words
#: are composed, not quoted, so no piece of them is written in the passage.
_GRID_CELL = re.compile(r"（([^（）:：]{1,30})の([^（）:：]{1,20})[:：]\s*([^（）\s]{1,20})）")


def grid_cell_of(shown: str) -> tuple[str, str, str] | None:
    """The (row, column, figure) a grid cell's answer names, else None."""
    m = _GRID_CELL.search(shown)
    return (m.group(1), m.group(2), m.group(3)) if m is not None else None


def writes_cell(chunk: Chunk, cell: tuple[str, str, str]) -> bool:
    """Whether one line of ``chunk`` writes the cell's row and its figure (the grid row the answer read)."""
    row, _, value = (compact(x) for x in cell)
    lines = (line for line in chunk.text.split("\n") if "\t" in line)  # a grid's row: tab-separated cells
    return any(row in (c := compact(line)) and value in c for line in lines)


def shown_passages(
    shown: str,
    retriever: Retriever,
    neighbours: Callable[[Chunk], list[Chunk]],
    docs: Sequence[str] | None = None,
) -> list[Chunk]:
    """The passages the last answer's lead quoted, then their neighbours (none when it quoted nothing)."""
    lead = lead_of(shown)
    pieces = shown_pieces(lead)
    cell = grid_cell_of(lead)
    if not pieces and cell is None:
        return []
    found: dict[str, Chunk] = {}
    for hit in retriever.retrieve(lead, K, docs):
        if any(p in compact(hit.chunk.search_text) for p in pieces):
            found.setdefault(hit.chunk.chunk_id, hit.chunk)
    if not found and cell is not None:
        # A grid cell's answer is found again by its row and column, on the line writing the row and its figure.
        for hit in retriever.retrieve(f"{cell[1]} {cell[0]}", 2 * K, docs):
            if writes_cell(hit.chunk, cell):
                found.setdefault(hit.chunk.chunk_id, hit.chunk)
    quoted = list(found.values())
    for chunk in quoted:
        for n in neighbours(chunk):
            found.setdefault(n.chunk_id, n)
    if cell is not None:
        _grid_rows(quoted, neighbours, found)
    return list(found.values())


#: How many passages on from the one quoted a grid's rows are read (a long grid is cut into several passages).
GRID_SPAN = 3


def _width(chunk: Chunk) -> int:
    """The number of cells most of a passage's tab-separated lines have (0 for none)."""
    widths = Counter(line.count("\t") + 1 for line in chunk.text.split("\n") if "\t" in line)
    return widths.most_common(1)[0][0] if widths else 0


def _grid_rows(quoted: Sequence[Chunk], neighbours: Callable[[Chunk], list[Chunk]], found: dict[str, Chunk]) -> None:
    """Add to ``found`` the passages on either side of a quoted grid that carry its rows on (tab-separated lines).

    「秋田県は？」 after 「青森県の協定数: 12」 asks another row of the same grid, which may stand a passage or two away."""
    frontier = [c for c in quoted if _width(c)]
    seen = {c.chunk_id for c in frontier}
    for _ in range(GRID_SPAN):
        # The same grid goes on in rows as wide as the quoted one's (not the next table, 「分野 / 予算 / 内容」).
        frontier = [n for c in frontier for n in neighbours(c) if n.chunk_id not in seen and _width(n) == _width(c)]
        for n in frontier:
            seen.add(n.chunk_id)
            found.setdefault(n.chunk_id, n)


def with_shown_passages(hits: Sequence[Hit], passages: Sequence[Chunk]) -> list[Hit]:
    """``hits`` and, after them, the ``passages`` not among them (scored as the last hit, ranked after it)."""
    have = {h.chunk.chunk_id for h in hits}
    floor = min((float(h.score) for h in hits), default=0.0)
    out = list(hits)
    for chunk in passages:
        if chunk.chunk_id not in have:
            have.add(chunk.chunk_id)
            out.append(Hit(chunk=chunk, score=floor, rank=len(out) + 1))
    return out
