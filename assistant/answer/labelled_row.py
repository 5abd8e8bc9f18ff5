"""A value in a block of labelled rows under its title: 「③担い手・人材部会」 over 「部会長<TAB>Another works」.

Slides describe several bodies (or programmes) as blocks of the same rows: a short title, then rows of a short label,
a tab and the value (「部会長」「検討テーマ」「自治体」…). A question naming a row's label (「保育部会の部会長は？」,
「そこの検討テーマは？」 after a body was named) is answered by that row of the block whose title holds the
question's subject. Every block writes the same labels, so only the title tells them apart, and sentence scoring
reads neither. A block asked by its place (「3つ目の部会長は？」) is the one whose title carries that number (③).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.block_answer import block_answer, lines_of
from assistant.answer.from_records import RecordAnswer
from assistant.answer.list_member import asks_member, share_of
from assistant.answer.ordinal import ordinal_of
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk, Citation, Hit

#: A labelled row: a short label, a tab, the value (a table's second column holds no tab of its own).
_ROW = re.compile(r"^\s*([^\t]{1,10}?)\s*\t\s*([^\t]*\S)\s*$")
#: A title line is short (a name, 「民間主導」), not a sentence; this many such lines above a block are its title.
MAX_TITLE_CHARS = 30
TITLE_LINES = 2
#: Lines looked up from a block's first row for its title (blank lines between are common in converted slides).
MAX_TITLE_GAP = 6
#: IDF share of the question's subject words the best block's title must hold.
MIN_SHARE = 0.3
#: A block asked by its place: share of the subject's words its passage (or the one before) must hold.
MIN_PLACE_SHARE = 0.5
#: A number opening a title: circled (as written) or a digit with a dot or bracket (「③保育部会」「2. 空家部会」).
_TITLE_NUMBER = re.compile(r"^\s*(?:[-•・]\s*)?(?:([①-⑳])|([0-9]{1,2})[.)）．])")


@dataclass(frozen=True)
class LabelledRow:
    """The asked row of one block: its passage and line, label, value and the block's title."""

    chunk: Chunk
    line: int
    label: str
    value: str
    title: str
    title_line: int


@dataclass(frozen=True)
class _Block:
    title: str
    title_line: int
    number: int | None
    rows: tuple[tuple[int, str, str], ...]  # (document line, label, value)


def _blocks(lines: Mapping[int, str]) -> list[_Block]:
    """The blocks of rows in ``lines`` (document line -> text), each with its title lines."""
    out: list[_Block] = []
    numbers = sorted(lines)
    k = 0
    while k < len(numbers):
        if _ROW.match(lines[numbers[k]]) is None:
            k += 1
            continue
        rows: list[tuple[int, str, str]] = []
        while k < len(numbers) and ((m := _ROW.match(lines[numbers[k]])) is not None or not lines[numbers[k]].strip()):
            if m is not None:
                rows.append((numbers[k], nfkc(m.group(1)).strip(), m.group(2).strip()))
            k += 1
        out.append(_titled(lines, rows))
    return out


def _titled(lines: Mapping[int, str], rows: list[tuple[int, str, str]]) -> _Block:
    """The block of ``rows`` with its title: the short lines just above its first row."""
    title: list[tuple[int, str]] = []
    for no in range(rows[0][0] - 1, rows[0][0] - 1 - MAX_TITLE_GAP, -1):
        text = lines.get(no, "").strip()
        if not text:
            continue
        if len(text) > MAX_TITLE_CHARS or _ROW.match(lines[no]):
            break  # a sentence or another block's row: the title has ended
        title.insert(0, (no, text))
        if len(title) == TITLE_LINES:
            break
    first = title[0] if title else (rows[0][0], "")
    m = _TITLE_NUMBER.match(first[1]) or _TITLE_NUMBER.match(nfkc(first[1]))  # ③ as written, ２． folded
    number = None if m is None else (ord(m.group(1)) - ord("①") + 1 if m.group(1) else int(m.group(2)))
    return _Block(" ".join(t for _, t in title), first[0], number, tuple(rows))


#: Words a question may add after the label it asks (「部会長はどこ？」「部会長を務めているのは誰？」): no thing of
#: their own. Any other noun after the label asks something of it (「部会長の任期」「部会長企業の従業員数」).
_ASKING_WORDS = frozenset({"誰", "どこ", "何", "名前", "企業", "会社", "団体", "方", "ほう", "どちら"})


def _asked_label(question: str, labels: set[str]) -> str:
    """The longest row label the turn writes as a word of its own and asks (「部会長」 in 「そこの部会長は？」), else "".

    Only when the label ends what is asked: after it come the asking words alone (「部会長は？」「部会長はどこ？」), not
    another thing asked of it (「部会長の任期は？」) nor a statement (「保育部会は民間主導ですか」 holds 民間)."""
    text = nfkc(question)
    words = set(tokenize(text))
    written = [lab for lab in labels if len(lab) >= 2 and lab in text and set(tokenize(lab)) <= words]
    for label in sorted(written, key=len, reverse=True):
        rest = text[text.rfind(label) + len(label) :]
        if not rest.startswith(("は", "って", "を", "が", "?", "？")) and rest.strip(" ?？。"):
            continue
        if not [t for t in tokenize(rest, nouns_only=True) if len(t) >= 2 and t not in _ASKING_WORDS]:
            return label
    return ""


def find_row(
    question: str,
    query: str,
    chunks: Sequence[Chunk],
    idf: Mapping[str, float],
    before: Callable[[Chunk], Chunk | None],
) -> LabelledRow | None:
    """The asked row of the block the question is about, or None.

    ``query``: the question with a follow-up's carried subject (「官民PFの専門部会 登録・地域関与部会 そこの部会長は？」).
    The block whose title holds the most of the subject's words (by IDF) is the one asked, if no other holds as much;
    a block asked by its place is the one numbered so.
    """
    if not any("\t" in c.text for c in chunks):
        return None  # no labelled row in the passages: most questions end here, on the hot path
    found: list[tuple[Chunk, _Block]] = []
    seen: set[tuple[str, int]] = set()
    for chunk in chunks:
        lines: dict[int, str] = {}
        for part in _with_prior(chunk, before):
            for i, text in enumerate(part.text.split("\n")):
                lines.setdefault(part.line_start + i, text)
        for block in _blocks(lines):
            key = (chunk.doc, block.rows[0][0])
            if block.rows[0][0] >= chunk.line_start and key not in seen:
                seen.add(key)
                found.append((chunk, block))
    label = _asked_label(question, {lab for _, b in found for _, lab, _ in b.rows})
    if not label:
        return None
    asked = [(c, b) for c, b in found if any(lab == label for _, lab, _ in b.rows)]
    # The subject's words: the query's, not the label's.
    label_words = set(tokenize(label))
    words = {t: idf.get(t, 1.0) for t in set(tokenize(nfkc(query), nouns_only=True)) if t not in label_words}
    ordinal = ordinal_of(question) if asks_member(question) else None
    if (
        ordinal is not None
        and ordinal.noun
        and ordinal.noun != label
        and not any(ordinal.noun in b.title for _, b in asked)
    ):
        ordinal = None  # 「最後の確認です。…」: the place of another thing, not of a block
    if ordinal is not None:
        # The blocks and the passages before them (where the body they belong to is named) hold the subject.
        around = " ".join(dict.fromkeys(f"{c.heading} {p.text}" for c, _ in asked for p in _with_prior(c, before)))
        if words and share_of(words, nfkc(around)) < MIN_PLACE_SHARE:
            return None  # the blocks are another body's (「…委員会の3つ目の部会」 asked of the PF's groups)
        numbers = [b.number for _, b in asked if b.number is not None]
        wanted = ordinal.n if ordinal.n is not None else max(numbers, default=None)  # 「最後の」: the highest
        numbered = [(c, b) for c, b in asked if wanted is not None and b.number == wanted]
        return _row(*numbered[0], label) if len(numbered) == 1 else None
    if not words:
        return None
    scored = sorted(((share_of(words, b.title), i) for i, (_, b) in enumerate(asked)), reverse=True)
    if not scored or scored[0][0] < MIN_SHARE or (len(scored) > 1 and scored[1][0] >= scored[0][0]):
        return None  # no block's title names the subject, or two name it alike
    return _row(*asked[scored[0][1]], label)


def _with_prior(chunk: Chunk, before: Callable[[Chunk], Chunk | None]) -> list[Chunk]:
    """``chunk``, then the passage before it in its document (where a block's title or its body's name stands)."""
    prior = before(chunk)
    return [chunk, *([prior] if prior is not None and prior.doc == chunk.doc else [])]


def _row(chunk: Chunk, block: _Block, label: str) -> LabelledRow:
    line, _, value = next(r for r in block.rows if r[1] == label)
    return LabelledRow(chunk, line, label, value, block.title, block.title_line)


#: Markup a converted slide keeps around a value (「<u>…</u>」).
_MARKUP = re.compile(r"</?[a-z]+>")


def row_answer(
    found: LabelledRow, question: str, citation: Callable[[int, Hit, str, int, int], Citation]
) -> RecordAnswer:
    """The row's value as the lead, then the block's title and the row (quoted from the title to the row)."""
    value = _MARKUP.sub("", found.value)
    start = found.title_line if found.title_line >= found.chunk.line_start else found.line
    quote = lines_of(found.chunk, start, found.line)
    cited = citation(1, Hit(found.chunk, 0.0, 0), quote, start, found.line)
    context = f"{found.title}：{found.label} {value}"
    return block_answer(question, f"{found.label}は{value}です [1]。（{context}）", [cited], found.title, context)
