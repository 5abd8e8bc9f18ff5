"""Fields enumerated in parallel on a slide: 「開催日：①6月18日②6月28日／場所：①岩見沢市②砂川市／企業数：①48社 ②45社」.

An event held twice (or a fair in two shops) is listed field by field, the n-th item of each field being
the n-th event. A question naming one of them (「岩見沢の説明会には何社が参加？」) is answered by the
item at the same position in the field holding the asked kind of value. Items are cut at circled numbers
in the raw text (①②③, which normalisation would turn into plain digits); a field is a line 「label：…」
with its continuation lines, or an unlabelled bracketed list (「（①有楽町店 ②札幌店）」).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.from_records import RecordAnswer
from assistant.answer.values import find_value
from assistant.question.kinds import QueryIntent
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Answer, Chunk, Citation, Hit

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_LABEL = re.compile(r"^\s*[・\-]?\s*([^：:（(「」\s][^：:（(「」]{0,9}?)\s*[：:]\s*(.*)$")
_BRACKETED = re.compile(rf"[（(]\s*([{_CIRCLED}].*?)[）)]")
_ITEM = re.compile(rf"([{_CIRCLED}])")


@dataclass(frozen=True)
class Field:
    """A field with its items in order, and the passage lines it stands on."""

    label: str  # normalised; "" for a bracketed list
    items: tuple[str, ...]  # normalised
    line_start: int
    line_end: int


def _items(content: str) -> tuple[str, ...]:
    """The items of ``content`` cut at circled numbers ①②…, which must come in order from ①."""
    parts = _ITEM.split(content)
    marks, texts = parts[1::2], parts[2::2]
    if len(marks) < 2 or list(marks) != list(_CIRCLED[: len(marks)]):
        return ()
    return tuple(normalize(t).strip(" 、,") for t in texts)


def fields_in(chunk: Chunk) -> list[Field]:
    """Every enumerated field of a passage (two items or more)."""
    lines = chunk.text.split("\n")
    out: list[Field] = []
    k = 0
    while k < len(lines):
        m = _LABEL.match(lines[k])
        if m and _ITEM.search(m.group(2) or ""):
            content, last = m.group(2), k
            # Continuation lines carry the next items (「②令和7年1月23日③3月13日」).
            while last + 1 < len(lines) and lines[last + 1].strip()[:1] in _CIRCLED:
                last += 1
                content += " " + lines[last].strip()
            items = _items(content)
            if items:
                out.append(Field(normalize(m.group(1)), items, chunk.line_start + k, chunk.line_start + last))
            k = last + 1
            continue
        for b in _BRACKETED.finditer(lines[k]):
            items = _items(b.group(1))
            if items:
                out.append(Field("", items, chunk.line_start + k, chunk.line_start + k))
        k += 1
    return out


@dataclass(frozen=True)
class AlignedValue:
    """The value at the position the question names, and the two fields that gave it."""

    value: str
    key: Field  # the field naming the thing asked about (場所: ①岩見沢市)
    field: Field  # the field holding the value (企業数: ①48社)
    chunk: Chunk
    position: int  # the items' position (0 for ①)


def aligned_value(
    question: str, intent: QueryIntent, chunks: Sequence[Chunk], idf: Mapping[str, float]
) -> AlignedValue | None:
    """The item of the asked kind standing where the question's own word stands in another field."""
    words = {t for t in tokenize(question) if len(t) >= 2 and idf.get(t, 0.0) >= 2.0}
    if not words:
        return None
    for chunk in chunks:
        fields = fields_in(chunk)
        for key in fields:
            # The question names exactly one item of this field (岩見沢 is in ① only).
            held = [i for i, item in enumerate(key.items) if words & set(tokenize(item))]
            if len(held) != 1:
                continue
            i = held[0]
            found = []
            for other in fields:
                if other is key or len(other.items) != len(key.items):
                    continue
                value = find_value(other.items[i], intent, words)
                if value:
                    label_words = set(tokenize(other.label))
                    found.append((bool(label_words & words), value, other))
            if found:
                found.sort(key=lambda f: not f[0])  # a field the question names by its label first
                _, value, field = found[0]
                if len(found) == 1 or found[0][0] != found[1][0]:
                    return AlignedValue(value, key, field, chunk, i)
    return None


def aligned_answer(
    found: AlignedValue, question: str, citation: Callable[[int, Hit, str, int, int], Citation]
) -> RecordAnswer:
    """The value as the lead, with both fields quoted: where the position was read and what stands there."""
    lines = found.chunk.text.split("\n")

    def quote(f: Field) -> str:
        return "\n".join(lines[f.line_start - found.chunk.line_start : f.line_end - found.chunk.line_start + 1])

    first, second = sorted((found.key, found.field), key=lambda f: f.line_start)
    start, end = first.line_start, max(first.line_end, second.line_end)
    span = "\n".join(lines[start - found.chunk.line_start : end - found.chunk.line_start + 1])
    # The fields as written (their ①② kept: normalisation would print them as plain digits).
    context = " / ".join(re.sub(r"\s+", " ", quote(f)).strip() for f in (found.field, found.key))
    answer = Answer(
        id=uuid.uuid4().hex,
        question=question,
        answer=f"{found.value}です [1]。（{context}）",
        abstained=False,
        kind="general",
        citations=[citation(1, Hit(found.chunk, 0.0, 0), span, start, end)],
        source="records",
    )
    names = f"{found.field.label} {found.key.label} {found.key.items[found.position]}"
    return RecordAnswer(answer, names.strip(), context)
