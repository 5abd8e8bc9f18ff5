"""Definitions in footnotes: a term marked in the text (「ウォーターPPP⁷」「中央世帯（※2）」「…法人※」) is defined
on the footnote line that starts with the same mark (「⁷ 公共施設等運営事業…の総称。」「※2中央世帯とは…」).

Government PDFs define their terms this way, and the footnote line never repeats the term, so neither
retrieval nor sentence scoring can tie the two: the mark does. For a question asking what a term means,
`find_footnote` looks for the term followed by a mark in the retrieved passages (and the passages next to
them), then for the footnote line with that mark in the same document, after it (within a few passages)
or just before it. Superscript digits are read in the raw text: normalisation turns ⁷ into 7 and glues it
to the term.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer.block_answer import block_answer
from assistant.answer.from_records import RecordAnswer
from assistant.answer.limits import MAX_ANSWER_CHARS
from assistant.answer.values import window
from assistant.text.normalize import normalize
from assistant.types import Chunk, Citation, Hit

#: A mark right after a term: superscript digits, or ※ with an optional number, possibly in brackets.
#: (Not a unit's power: km², m³.)
_MARK = re.compile(r"(?<![mｍ])[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[(（]?※\s?\d{0,2}[)）]?")
#: A footnote line: the mark first, then the note (「⁷ 公共施設等…」「※2中央世帯とは…」「（※）短期・長期の…」).
_NOTE = re.compile(r"^\s*(?:-\s*)?([⁰¹²³⁴⁵⁶⁷⁸⁹]+|[(（]?※\s?\d{0,2}[)）]?)\s*(\S.*)$")
#: Passages after the marked one searched for its note (a note sits at the foot of the page).
PASSAGES_AFTER = 4
MAX_NOTE_CHARS = 200


@dataclass(frozen=True)
class Footnote:
    """A term's definition as its footnote gives it, where it stands and where the term is marked."""

    term: str
    mark: str
    definition: str  # the note as written, continuation lines joined
    chunk: Chunk  # the passage holding the note
    line_start: int
    line_end: int
    quote: str  # the note's lines, verbatim
    marked_in: Chunk  # the passage where the term carries the mark
    marked_line: int  # … and the line


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def _mark_key(mark: str) -> str:
    """One spelling per mark: 「（※2）」「※ 2」 -> ※2; superscripts as digits with a tag (⁷ -> ^7)."""
    mark = mark.strip("()（） ")
    if mark.startswith("※"):
        return "※" + mark[1:].strip()
    return "^" + normalize(mark)


def marks_after(text: str, term: str) -> list[tuple[str, int]]:
    """The marks written right after ``term`` in raw passage text, with the line offset of each."""
    want = _compact(term)
    if not want:
        return []
    found: dict[str, int] = {}
    for m in _MARK.finditer(text):
        before = _compact(text[max(0, m.start() - len(term) - 12) : m.start()])
        if before.endswith(want) or before.endswith(want + "」"):
            found.setdefault(_mark_key(m.group(0)), text.count("\n", 0, m.start()))
    return list(found.items())


def notes_in(chunk: Chunk) -> list[tuple[str, int, int, str, str]]:
    """Footnote lines of a passage: (mark, first line, last line, note text, verbatim quote)."""
    lines = chunk.text.split("\n")
    out = []
    k = 0
    while k < len(lines):
        m = _NOTE.match(lines[k])
        if not m:
            k += 1
            continue
        mark, text, last = _mark_key(m.group(1)), m.group(2).strip(), k
        # A note runs on over the next lines until a blank line or the next note.
        while last + 1 < len(lines) and lines[last + 1].strip() and not _NOTE.match(lines[last + 1]):
            if len(text) >= MAX_NOTE_CHARS:
                break
            last += 1
            text += lines[last].strip()
        out.append((mark, chunk.line_start + k, chunk.line_start + last, text, "\n".join(lines[k : last + 1])))
        k = last + 1
    return out


def find_footnote(
    term: str, passages: Sequence[Chunk], following: Callable[[Chunk, int], Sequence[Chunk]]
) -> Footnote | None:
    """The footnote defining ``term``: marked in one of ``passages``, its note in the same document.

    ``following(chunk, n)`` gives the passage itself and up to ``n`` passages after it in its document.
    """
    for chunk in passages:
        for mark, offset in marks_after(chunk.text, term):
            marked_line = chunk.line_start + offset
            for place in following(chunk, PASSAGES_AFTER):
                for note_mark, first, last, text, quote in notes_in(place):
                    if note_mark != mark or (place.doc == chunk.doc and first <= marked_line):
                        continue  # a note follows the text it annotates
                    text = normalize(text)
                    if _compact(text).startswith(_compact(term)):
                        text = re.sub(rf"^{re.escape(term)}\s?(?:とは|:)?\s?、?\s?", "", text)
                    return Footnote(term, mark, text[:MAX_NOTE_CHARS], place, first, last, quote, chunk, marked_line)
    return None


def footnote_answer(
    note: Footnote, question: str, citation: Callable[[int, Hit, str, int, int], Citation]
) -> RecordAnswer:
    """The definition as the lead, cited to the note [1], with the marked sentence of the text [2]."""
    definition = note.definition.rstrip("。 ")
    lead = f"「{note.term}」は、脚注で「{definition}」と定義されています [1]。"
    line = note.marked_in.text.split("\n")[note.marked_line - note.marked_in.line_start]
    budget = max(MAX_ANSWER_CHARS - len(lead) - 12, 20)
    body = re.sub(r"^\s*\d{1,3}\s", "", normalize(line)).strip()  # a numbered PDF line shows its words only
    text = f"{lead}（本文: {window(body, note.term, budget)} [2]）"
    citations = [
        citation(1, Hit(note.chunk, 0.0, 0), note.quote, note.line_start, note.line_end),
        citation(2, Hit(note.marked_in, 0.0, 0), line, note.marked_line, note.marked_line),
    ]
    return block_answer(question, text, citations, note.term, f"{note.term} {note.definition}")
