"""A field of the event block the last answer was read from: 「参加者は？」 after 「…説明会、参加企業は何社？」.

Slides list an event as a title line (「○地元企業合同説明会」「■ …の開催」) and its fields one per line (「開催日：…」
「場 所：…」「企業数：…」「参加者：…」); a page holds several such blocks with fields labelled alike. A follow-up
asking another field by its label names no event: the event is the one whose block the last answer quoted, and
that block's field of the label answers. Sentence scoring cannot tell the blocks apart (their fields share every
word but the figures), so another event's 「参加者：20名」 could answer for this one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.answered import answer_lead
from assistant.answer.values import FIELD_LABEL
from assistant.text.normalize import nfkc, normalize
from assistant.types import Chunk

#: A line opening a block: a bullet mark (■○〇●◎◆▼…). Not a bracket: 「【当日の様子】」 heads a part of the same event,
#: and two events read as one block answer nothing (a label written twice in a block is no one field).
TITLE_LINE = re.compile(r"^\s*[■□○〇◯●◎◆◇▼▽▲△▶►★☆]")
#: Labels one field is written under on one slide and asked by on another (a venue is 場所 or 会場).
_SAME_LABEL = {"会場": "場所", "開催場所": "場所", "日程": "開催日", "開催日時": "開催日", "日時": "開催日"}
#: A field switch is a short turn: the label, a particle, a question word (「参加者は？」「その場所はどこ？」).
MAX_TURN_CHARS = 14
#: The shortest field line the last answer must quote whole to have been read from a block.
MIN_QUOTED = 6


@dataclass(frozen=True)
class BlockField:
    """The asked field's line in the block the last answer quoted."""

    chunk: Chunk
    line: int  # the document's line number of the field's first line
    line_end: int  # … and of its last (a value running on over lines)
    label: str  # as the slide writes it, spaces removed
    value: str


def _label(raw: str) -> str:
    return _SAME_LABEL.get(label := re.sub(r"\s+", "", nfkc(raw)), label)


def _field(line: str) -> tuple[str, str] | None:
    """A field line's label (as `_label` reads it) and value (「場 所：①岩見沢市②砂川市」), by the slide label
    pattern the sentence scorer reads (`values.FIELD_LABEL`); None for any other line."""
    m = FIELD_LABEL.match(line)
    return (_label(m.group(1)), re.sub(r"^\s*[:：]\s*", "", line[m.end(1) :]).strip()) if m else None


#: Lines a value cut mid-sentence runs on over (「概 要：…に向け、」 then 「選考前の…」 then 「…を実施。」).
MAX_RUN_ON = 4
#: A value cut mid-sentence: at 「、」 or after a particle (「…教員等を」), which a sentence does not end with.
_CUT = re.compile(r"(?:[、,]|[をにがのとでてはへや])$")


def _blocks(chunk: Chunk) -> list[list[tuple[int, int, str, str, str]]]:
    """The passage's blocks, each its fields as (first line, last line, label, value, first line's text): the field
    lines between two title lines, a value cut at 「、」 joined with the plain lines it runs on over."""
    lines = chunk.text.split("\n")
    out: list[list[tuple[int, int, str, str, str]]] = [[]]
    for i, line in enumerate(lines):
        if TITLE_LINE.match(line):
            out.append([])
            continue
        field = _field(line)
        if field is None:
            continue
        (label, value), last = field, i
        j = i + 1
        while _CUT.search(value) and j < len(lines) and j - i <= MAX_RUN_ON:
            nxt = lines[j].strip()
            if nxt and (TITLE_LINE.match(nxt) or _field(nxt)):
                break
            if nxt:
                value, last = value + nxt, j
                while _CUT.search(value) and j + 1 < len(lines) and lines[j + 1].strip():
                    j += 1  # a wrapped line goes on to its sentence's end
                    if TITLE_LINE.match(lines[j]) or _field(lines[j]):
                        break
                    value, last = value + lines[j].strip(), j
            j += 1
        out[-1].append((chunk.line_start + i, chunk.line_start + last, label, value, line))
    return [b for b in out if len(b) >= 2]


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def asked_label(turn: str, labels: set[str]) -> str:
    """The one label of ``labels`` a short turn asks and nothing else (「参加者は？」「その会場はどこ？」「参加者数は何人？」),
    else "": a turn naming a year, an item or another thing (「R5の参加者は？」「中央会館の参加者は？」) or asking
    something else of the field (「参加者を増やすには？」) asks no field whole."""
    text = re.sub(r"\s+", "", nfkc(turn))
    if len(text) > MAX_TURN_CHARS:
        return ""
    written = {w: _label(w) for w in (*labels, *_SAME_LABEL) if _label(w) in labels}
    m = _FIELD_TURN.match(text)
    if m is None:
        return ""
    label = next((w for w in (m.group("label") + (m.group("count") or ""), m.group("label")) if w in written), "")
    return written[label] if label else ""


#: A field switch as a whole turn: an opener or pointer, the label (a count of it: 「参加者数」), a topic particle,
#: a question word, a closing.
_FIELD_TURN = re.compile(
    r"^(?:じゃあ|では|なら|で|それで|あと)?[、,]?(?:その|この|そこの|あの)?(?P<label>[^はってもの]{2,6}?)(?P<count>数)?"
    r"(?:は|って|も)?(?:何人|何名|何社|何件|何か所|何カ所|何ヶ所|何戸|何校|いくつ|どこ|いつ|どれ[くぐ]らい|どの[くぐ]らい|何|誰)?"
    r"(?:ですか|でしたか|だった|でした|なの)?[？?。]?$"
)


def _quoted_blocks(
    last_answer: str, chunks: Sequence[Chunk]
) -> list[tuple[Chunk, list[tuple[int, int, str, str, str]]]]:
    """The blocks of ``chunks`` one of whose field lines the last answer quotes whole, each once."""
    said = _squashed(last_answer)
    quoted: dict[tuple[str, int], tuple[Chunk, list[tuple[int, int, str, str, str]]]] = {}
    for chunk in chunks if said else ():
        for block in _blocks(chunk):
            if any(len(s := _squashed(line)) >= MIN_QUOTED and s in said for *_, line in block):
                quoted.setdefault((chunk.doc, block[0][0]), (chunk, block))
    return list(quoted.values())


def _may_ask_a_field(turn: str) -> bool:
    """Cheaply, before any passage is parsed: the turn is short and worded as a field switch."""
    text = re.sub(r"\s+", "", nfkc(turn))
    return len(text) <= MAX_TURN_CHARS and _FIELD_TURN.match(text) is not None


def find_block_field(turn: str, last_answer: str, chunks: Sequence[Chunk]) -> BlockField | None:
    """The field the turn asks, read in the one block whose field line the last answer quoted; None when no block
    or several were quoted, the turn asks no label of it, or the label asked is the one the last answer read."""
    if not _may_ask_a_field(turn):
        return None
    quoted = _quoted_blocks(last_answer, chunks)
    if len(quoted) != 1:
        return None
    chunk, block = quoted[0]
    label = asked_label(turn, {f[2] for f in block})
    lines = [f for f in block if f[2] == label]
    if not label or len(lines) != 1:
        return None
    line, end, _, value, _ = lines[0]
    if _squashed(value) in _squashed(answer_lead(last_answer)):
        return None  # the field the last answer gave: asked again, answered as before
    return BlockField(chunk, line, end, label, value)


def other_blocks_field(turn: str, last_answer: str, chunks: Sequence[Chunk], sentence: str) -> bool:
    """A near miss: the turn asks a field by its label, the block the last answer quoted has no such field, and the
    answer's ``sentence`` is that field of another block (「参加者：106名」 of another event for 「参加者は？」)."""
    field = _field(normalize(sentence))
    if field is None or not last_answer or asked_label(turn, {field[0]}) != field[0]:
        return False
    quoted = _quoted_blocks(last_answer, chunks)
    return bool(quoted) and all(field[0] not in {f[2] for f in block} for _, block in quoted)
