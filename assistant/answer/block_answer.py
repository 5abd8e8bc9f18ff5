"""The answer a block reader gives (a footnote, a member list, parallel fields): its text, citations and names."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from assistant.answer.from_records import RecordAnswer
from assistant.text.names import writes_a_name
from assistant.types import Answer, Chunk, Citation


def lines_of(chunk: Chunk, start: int, end: int) -> str:
    """Lines ``start``..``end`` (the document's numbers) of ``chunk``, verbatim: what a citation quotes."""
    lines = chunk.text.split("\n")
    return "\n".join(lines[start - chunk.line_start : end - chunk.line_start + 1])


def block_answer(question: str, text: str, citations: Sequence[Citation], names: str, context: str) -> RecordAnswer:
    """A block reader's answer: read like a record's (the gate sees ``names`` and ``context`` as a record's)."""
    answer = Answer(
        id=uuid.uuid4().hex,
        question=question,
        answer=text,
        abstained=False,
        kind="general",
        citations=list(citations),
        source="records",
    )
    # Read as a record's: named when the question writes one of its names whole; complete, as it states the one
    # field (cell, row, note) it read, like a KPI record.
    named = writes_a_name(names.split(), question)
    return RecordAnswer(answer, names, context, named_whole=named, complete=True)
