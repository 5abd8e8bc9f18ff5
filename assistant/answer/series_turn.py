"""An ordinal follow-up as the answerer asks it: 「4回目は？」 after 「第1回」, the member named by its label and
asked alone, with the passages writing that label (`answer.ordinal`); a bare row after a grid cell's answer with
the column just answered (`answer.grid_turn`); any other turn as it came."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer import ordinal
from assistant.answer.drill_down import shown_passages
from assistant.answer.follow_up import last_answer
from assistant.answer.grid_turn import grid_row_turn
from assistant.retrieval.interfaces import Passages, Retriever
from assistant.types import Chunk


@dataclass(frozen=True)
class SeriesTurn:
    """The turn to answer: its question and history, the series member's label ("" for none), its passages."""

    question: str
    history: ordinal.History
    label: str = ""
    written: tuple[Chunk, ...] = ()


def series_turn(
    question: str,
    history: ordinal.History,
    docs: Sequence[str] | None,
    passages: Passages,
    retriever: Retriever,
    neighbours: Callable[[Chunk], list[Chunk]],
) -> SeriesTurn:
    """The turn named by its member's label when it asks by an ordinal (`ordinal.pick_in`), else `grid_row_turn`'s.

    Only passages of ``docs`` are read and led with: the documents the user asked about, whatever the last
    answer quoted."""
    read = last_answer(history)
    shown = lambda: shown_passages(read, retriever, neighbours, docs)  # noqa: E731
    picked, written = ordinal.pick_in(question, history, passages, shown, docs)
    if picked is None:
        return SeriesTurn(grid_row_turn(question, history, shown), history)  # 「秋田県は？」 after a grid's cell
    return SeriesTurn(picked.question, None, picked.label, tuple(written))
