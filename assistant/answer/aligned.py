"""Fields enumerated in parallel on a slide: 「開催日：①6月18日②6月28日／場所：①岩見沢市②砂川市／企業数：①48社 ②45社」.

An event held twice (or a fair in two shops) is listed field by field, the n-th item of each field being
the n-th event. A question naming one of them (「帯広の相談会には何団体が出展？」) is answered by the
item at the same position in the field holding the asked kind of value. Items are cut at circled numbers
in the raw text (①②③, which normalisation would turn into plain digits); a field is a line 「label：…」
with its continuation lines, or an unlabelled bracketed list (「（①有楽町店 ②札幌店）」).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.block_answer import block_answer, lines_of
from assistant.answer.from_records import RecordAnswer
from assistant.answer.lead_value import lead_sentence, lead_value
from assistant.answer.values import find_value, glued_label
from assistant.question.kinds import QueryIntent
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk, Citation, Hit

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


#: Column headers written in one line: 「日本列島改造論／地方創生1.0／地方創生2.0の比較表」.
_HEADERS = re.compile(r"[^／/]{2,30}(?:\s?[／/]\s?[^／/]{2,30}){1,5}")
#: A row of a label and its values, one per column: 「年代 1972年～ 2015年～ 2025年～」.
_ROW = re.compile(r"^\s*([\u3040-\u30ff\u4e00-\u9fffA-Za-z]{2,8})\s+((?:[^\s]{0,6}\d[^\s]{0,6}\s*){2,6})$")
#: A field's label is a word (「出生数」「場所」), not a bullet or a symbol (「•」「○」「-」).
_WORDY = re.compile(r"^[\u3040-\u30ff\u4e00-\u9fffA-Za-z][\u3040-\u30ff\u4e00-\u9fffA-Za-z0-9 ・]{1,9}$")


def table_fields(chunk: Chunk, before: Chunk | None = None) -> list[Field]:
    """A table flattened column by column (a slide's comparison table): a label repeated once per column
    (「出生数：約204万人」 … 「出生数：約100万人」) is a field whose items are its values in order; the
    column headers (「A／B／C」, here or at the end of the passage before) and a row of one value per column
    (「年代 1972年～ 2015年～ 2025年～」) are fields naming the columns."""
    lines = chunk.text.split("\n")
    out: list[Field] = []
    repeated: dict[str, list[tuple[int, str]]] = {}
    for k, line in enumerate(lines):
        m = _LABEL.match(line)
        if m and m.group(2).strip() and not _ITEM.search(m.group(2)) and _WORDY.match(normalize(m.group(1))):
            repeated.setdefault(normalize(m.group(1)), []).append((chunk.line_start + k, normalize(m.group(2))))
        elif row := _ROW.match(normalize(line)):
            out.append(Field(row.group(1), tuple(row.group(2).split()), chunk.line_start + k, chunk.line_start + k))
    for label, found in repeated.items():
        if len(found) >= 2:
            out.append(Field(label, tuple(v for _, v in found), found[0][0], found[-1][0]))
    if out:
        tail = before.text.split("\n")[-8:] if before is not None and before.doc == chunk.doc else []
        for line in [*tail, *lines[:8]]:
            h = _HEADERS.fullmatch(normalize(line).strip())
            if h:
                parts = tuple(p.strip() for p in re.split(r"[／/]", h.group(0)))
                out.append(Field("", parts, 0, 0))  # lines 0: named above the passage's own lines
    return out


@dataclass(frozen=True)
class AlignedValue:
    """The value at the position the question names, and the two fields that gave it."""

    value: str
    key: Field  # the field naming the thing asked about (場所: ①岩見沢市)
    field: Field  # the field holding the value (企業数: ①48社)
    chunk: Chunk
    position: int  # the items' position (0 for ①)


#: Labels that say which kind of value a field holds (開催日 a date, 企業数 a count, 事業費 an amount).
_LABEL_KINDS = {
    "date": re.compile(r"日|期間|期日|時期|日程"),
    "count": re.compile(r"数$|者$"),
    "amount": re.compile(r"額|費"),
}

MIN_NAMED = (
    0.5  # share of an item's words the question must hold to name it (「岩見沢市」: イワミザワ of イワミザワ/市)
)


def _named_share(item: str, words: set[str]) -> float:
    tokens = set(tokenize(item))
    return len(tokens & words) / len(tokens) if tokens else 0.0


def label_written(label: str, question: str) -> tuple[int, int]:
    """How much of the field's label the question writes out (its longest run of 2+ characters in the question),
    and where the run ends, the later the nearer the asking word.

    「参加企業数」 writes all of 「企業数」 but only 「参加」 of 「参加者」, so the count of companies is the
    field asked, whatever the words' IDF; in 「地域企業見学会の参加学生数」 both runs are two characters
    long, and 「参加」 stands in the asked phrase.
    """
    best = (0, 0)
    for i in range(len(label)):
        for j in range(i + 2, len(label) + 1):
            at = question.rfind(label[i:j])
            if at < 0:
                break
            best = max(best, (j - i, at + j - i))
    return best


def label_fits(label: str, intent: QueryIntent) -> bool:
    """The field's label says it holds the asked kind."""
    return any(intent.wants(kind) and pattern.search(label) for kind, pattern in _LABEL_KINDS.items())


@functools.lru_cache(maxsize=8192)
def _fields(chunk: Chunk, before: Chunk | None) -> list[Field]:
    """Both kinds of fields of a passage, parsed once: the same passages come back query after query."""
    return fields_in(chunk) + table_fields(chunk, before)


def aligned_value(
    question: str,
    intent: QueryIntent,
    chunks: Sequence[Chunk],
    idf: Mapping[str, float],
    before: Callable[[Chunk], Chunk | None] | None = None,
) -> AlignedValue | None:
    """The item of the asked kind standing where the question's own word stands in another field.

    The field naming the position is the one whose item the question names best; the field giving the value
    is named by the question's words (first) or its label says it holds the asked kind.
    """
    words = {t for t in tokenize(question) if len(t) >= 2 and idf.get(t, 0.0) >= 2.0}
    if not words:
        return None
    asked = normalize(question)
    for chunk in chunks:
        fields = _fields(chunk, before(chunk) if before is not None else None)
        for key in fields:
            # The question names one item of this field better than the others (岩見沢 is in ① only).
            held = [_named_share(item, words) for item in key.items]
            best = max(held, default=0.0)
            if best < MIN_NAMED or held.count(best) != 1:
                continue
            i = held.index(best)
            found = []
            for other in fields:
                if other is key or len(other.items) != len(key.items):
                    continue
                value = find_value(other.items[i], intent, words)
                written = label_written(other.label, asked)
                named = bool(set(tokenize(other.label)) & words) or written[0] >= 2
                if value and (named or label_fits(other.label, intent)):
                    found.append((named, written, value, other))
            if found:
                # A field the question names by its label first, the one it writes out most of before the others.
                found.sort(key=lambda f: (not f[0], -f[1][0], -f[1][1]))
                _, _, value, field = found[0]
                return AlignedValue(value, key, field, chunk, i)
    return None


def aligned_answer(
    found: AlignedValue, question: str, citation: Callable[[int, Hit, str, int, int], Citation]
) -> RecordAnswer:
    """The value as the lead, then both fields item by item: what stands at the position, and where it was read."""
    own = [f for f in (found.field, found.key) if f.line_start]  # column headers above the passage have no lines
    start, end = min(f.line_start for f in own), max(f.line_end for f in own)
    span = lines_of(found.chunk, start, end)

    def listed(f: Field) -> str:
        return f"{f.label or '列'}: " + " ".join(f"{_CIRCLED[j]}{item}" for j, item in enumerate(f.items))

    # A position asked by number has no field naming it (`round_value.ordinal_value`): the field alone.
    keyed = found.key is not found.field
    context = f"{listed(found.field)} / {listed(found.key)}" if keyed else listed(found.field)
    cited = citation(1, Hit(found.chunk, 0.0, 0), span, start, end)
    names = f"{found.field.label} {found.key.label if keyed else ''} {found.key.items[found.position]}"
    item = found.field.items[found.position]
    said = lead_value(item, found.value, question)  # with the words its item writes it with: 「生徒63名」
    lead = lead_sentence(glued_label(item, said) + said)
    return block_answer(question, f"{lead} [1]。（{context}）", [cited], names.strip(), context)
