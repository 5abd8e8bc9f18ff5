"""An ordinal follow-up as the answerer asks it: 「4回目は？」 after 「第1回」, the member named by its label and
asked alone, with the passages writing that label (`answer.ordinal`); 「3つ目は？」 after a question about a numbered
list, the member named by its words (`answer.list_member`); any other turn as it came."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer import list_member, ordinal
from assistant.answer.drill_down import shown_passages
from assistant.answer.follow_up import last_answer
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
    idf: Mapping[str, float],
) -> SeriesTurn:
    """The turn named by its member's label when it asks by an ordinal (`ordinal.pick_in`), or by the words of a
    numbered list's member when no labelled series fits (`list_member.pick_member`), else as it came.

    Only passages of ``docs`` are read and led with: the documents the user asked about, whatever the last
    answer quoted."""
    read = last_answer(history)
    picked, written = ordinal.pick_in(
        question, history, passages, lambda: shown_passages(read, retriever, neighbours, docs), docs
    )
    if picked is not None:
        return SeriesTurn(picked.question, None, picked.label, tuple(written))

    # No labelled series: a numbered list's member (「3つ目は？」), read after its heading's passage too.
    def following(chunk: Chunk) -> list[Chunk]:
        out: list[Chunk] = []
        last = chunk
        for _ in range(list_member.FOLLOWING):
            after = [n for n in neighbours(last) if n.doc == last.doc and n.line_start > last.line_start]
            if not after:
                break
            last = min(after, key=lambda n: n.line_start)  # the passage right after, not the one before
            out.append(last)
        return out

    listed = list_member.pick_member(
        question, history, docs, retriever, following, lambda: shown_passages(read, retriever, neighbours, docs), idf
    )
    if listed is None:
        return SeriesTurn(question, history)
    return SeriesTurn(listed.question, None, listed.label, listed.written)
