"""A cell of a comparison table flattened into lines: the n-th 「出生数：…」 under 「A／B／Cの比較表」 is column n's.

A table comparing a few things side by side (「日本列島改造論／地方創生1.0／地方創生2.0の比較表」) comes out of a PDF
row by row, each row's cells one after another: 「年代 1972年～ 2015年～ 2025年～」 on one line, or 「人口と増減：…」
written once per column, in the columns' order. The column a value belongs to is written nowhere beside it, so
sentence scoring answers with the first column's cell whichever column is asked. The title names the columns in
order; a row label written as often as there are columns (or a row line holding one value per column) gives each
column its cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.ordinal import ordinal_of
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: A comparison table's title: two to five names joined by slashes, then 「の比較表」「の比較」.
_TITLE = re.compile(r"([^\s／/]{2,20}(?:[／/][^\s／/]{2,20}){1,4})\s?の?比較")
#: A labelled cell: 「人口と増減：１億760万人」 (a short label, a colon, the value).
_CELL = re.compile(r"^\s*[・]?([^\s：:・]{1,10})\s*[：:]\s*(\S.*)$")
#: A question about the table, or about a column as an era (「その頃の」「1.0の時点の」): 「地方創生2.0の人口目標」
#: asks the plan, not the table's column, though the column is named alike.
_COMPARED = re.compile(r"比較|頃|時代|時点|当時")
#: Lines after a title read as its table (a comparison spans a page or two of short lines).
MAX_TABLE_LINES = 120
#: A name's shortest part a question may write alone (「2.0」 for 「地方創生2.0」): at least this long.
MIN_TAIL = 3


@dataclass(frozen=True)
class Cell:
    """The cell asked: its line, row label, column name and value."""

    chunk: Chunk
    line: int
    label: str
    column: str
    value: str


def _columns(title: str) -> list[str]:
    names = [c.strip() for c in re.split(r"[／/]", title)]
    # A section number before the title (「Ⅱ 日本列島改造論／…」): a numeral and a space, not a column's own (「2020年」).
    names[0] = re.sub(r"^(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|[0-9０-９]{1,2}[.．]?)\s+", "", names[0])
    return [re.sub(r"の$", "", n) for n in names]


def _tails(columns: Sequence[str]) -> dict[str, str]:
    """Each column's shortest ending no other column writes (「地方創生2.0」 -> 「2.0」), else its whole name."""
    out: dict[str, str] = {}
    for c in columns:
        others = [o for o in columns if o != c]
        out[c] = next(
            (c[-k:] for k in range(MIN_TAIL, len(c) + 1) if not any(c[-k:] in o for o in others)),
            c,
        )
    return out


def _without_listings(text: str) -> str:
    """``text`` without the words before each 「比較（表）」 that list several things (「A・B・Cの比較表」 names every
    column, so none of them is the one asked). Walked by hand, in linear time: a pattern for it backtracked
    exponentially on a long question listing many words with 「・」."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"比較表?", text):
        j = m.start()
        while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "。？?":
            j -= 1
        if re.search(r"[・、,/／]", text[j : m.start()]):
            if spans and spans[-1][0] == j:
                spans.pop()  # two 「比較」 in one run of words: the run up to the later one goes
            spans.append((j, m.end()))
    for start, end in reversed(spans):  # later spans first: earlier positions stay where they were
        text = text[:start] + " " + text[end:]
    return text


def _named_column(text: str, columns: Sequence[str]) -> str:
    """The column ``text`` names last (by its name or its ending), leaving out spans that list them all."""
    text = _without_listings(_TITLE.sub(" ", text))
    tails = _tails(columns)
    found = [(text.rfind(t), c) for c, t in tails.items() if t in text]
    found += [(text.rfind(c), c) for c in columns if c in text]
    return max(found)[1] if found else ""


def _columns_named(text: str, columns: Sequence[str]) -> int:
    """How many columns ``text`` names (by name or ending), outside a listing of them (`_without_listings`)."""
    text = _without_listings(text)
    return sum(1 for c, t in _tails(columns).items() if c in text or t in text)


def _placed_column(turn: str, columns: Sequence[str]) -> str:
    """The column the turn asks by its place (「2つ目の時期」「最後の欄」), else ""."""
    ordinal = ordinal_of(turn)
    if ordinal is None or ordinal.counter not in ("つ目", "番目", "個目", ""):
        return ""
    n = len(columns) if ordinal.n is None else ordinal.n
    return columns[n - 1] if 1 <= n <= len(columns) else ""


def _rows(lines: Mapping[int, str], start: int, k: int) -> dict[str, list[tuple[int, str]]]:
    """Row label -> its k cells (line, value) in column order, from the lines after a title at ``start``."""
    cells: dict[str, list[tuple[int, str]]] = {}
    for no in range(start + 1, start + 1 + MAX_TABLE_LINES):
        text = nfkc(lines.get(no, "")).strip()
        if not text:
            continue
        m = _CELL.match(text)
        if m is not None:
            cells.setdefault(m.group(1), []).append((no, m.group(2).strip()))
            continue
        parts = text.split()
        if len(parts) == k + 1 and 1 < len(parts[0]) <= 6 and all(re.search(r"[0-9]", p) for p in parts[1:]):
            cells.setdefault(parts[0], []).extend((no, p) for p in parts[1:])  # 「年代 1972年～ 2015年～ 2025年～」
    return {label: found for label, found in cells.items() if len(found) == k}


#: Characters a noun runs on with: kanji, katakana, letters and digits.
_WORD = r"\u4e00-\u9fff\u30a1-\u30ffA-Za-z0-9"


def _asked_label(turn: str, query: str, labels: Sequence[str], columns: Sequence[str], before: str = "") -> str:
    """The row the turn names, else the one the question before it named (「日本列島改造論だと？」 after 「その頃の出生数
    は？」), else the one the query (with a follow-up's subject) names last."""

    def at(text: str, label: str) -> int:
        # The label, or its first word (「人口」 of 「人口と増減」) as a word of its own: not 「人口目標」「関係人口」,
        # nor 「出生」 of 「出生率」.
        head = next((t for t in tokenize(label, nouns_only=True) if len(t) >= 2), label)
        return max(
            (
                m.start()
                for w in (label, head)
                for m in re.finditer(rf"(?<![{_WORD}]){re.escape(w)}(?![{_WORD}])", text)
            ),
            default=-1,
        )

    # A turn naming something of its own (「施策の手法の考え方は？」) asks that, not the row asked before.
    texts = (nfkc(turn),) if _own_nouns(turn, columns) else (nfkc(turn), nfkc(before), nfkc(query))
    for text in texts:
        placed = [(at(text, lab), lab) for lab in labels if at(text, lab) >= 0]
        if placed:
            return max(placed)[1]
    return ""


#: Words a turn naming a column as an era uses (「2.0の時点は？」「その時代の欄は？」): no row of their own.
_ERA_WORDS = frozenset({"時代", "時点", "当時", "比較", "比較表", "ほう", "欄"})


def _own_nouns(turn: str, columns: Sequence[str]) -> bool:
    """Whether the turn, without the column it names and its era words, names anything (a row of its own)."""
    text = nfkc(turn)
    for name in sorted([*columns, *_tails(columns).values()], key=len, reverse=True):
        text = text.replace(name, " ")
    return any(len(t) >= 2 and t not in _ERA_WORDS for t in tokenize(text, nouns_only=True))


def find_cell(turn: str, query: str, chunks: Sequence[Chunk], before: str = "", before_answer: str = "") -> Cell | None:
    """The cell of a comparison table the turn asks (column and row), or None.

    ``chunks``: the passages around the retrieved ones (a title and its table span several), read as each document's
    lines; ``query``: the turn with a follow-up's carried subject; ``before``, ``before_answer``: the conversation's
    last question and answer.
    """
    if not any("比較" in c.text for c in chunks):
        return None  # no table title near the passages: most questions end here, on the hot path
    compared = bool(_COMPARED.search(query) or _COMPARED.search(turn))
    by_doc: dict[str, dict[int, str]] = {}
    holder: dict[tuple[str, int], Chunk] = {}
    for chunk in chunks:
        for i, text in enumerate(chunk.text.split("\n")):
            by_doc.setdefault(chunk.doc, {}).setdefault(chunk.line_start + i, text)
            holder.setdefault((chunk.doc, chunk.line_start + i), chunk)
    for doc, lines in by_doc.items():
        for no in sorted(lines):
            m = _TITLE.search(nfkc(lines[no])) if "比較" in lines[no] else None
            if m is None:
                continue
            columns = _columns(m.group(1))
            # The answer before read this table (「（地方創生1.0：出生数 …）」): the conversation is about it.
            if not compared and not any(f"（{c}：" in before_answer for c in columns):
                continue
            if _columns_named(nfkc(turn), columns) > 1:
                return None  # 「2.0と1.0の出生数の差は？」 compares two cells: no one cell answers
            column = (
                _named_column(nfkc(turn), columns)
                or _placed_column(turn, columns)
                or _named_column(nfkc(query), columns)
            )
            if not column:
                continue
            rows = _rows(lines, no, len(columns))
            label = _asked_label(turn, query, list(rows), columns, before)
            if label:
                k = columns.index(column)
                line, value = rows[label][k]
                if not _year_fits(turn, value, [column, *(cells[k][1] for cells in rows.values())]):
                    return None
                return Cell(holder[(doc, line)], line, label, column, value)
    return None


_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s?年")


def _year_fits(turn: str, value: str, column_cells: Sequence[str]) -> bool:
    """A year the turn asks is the one the cell writes, or, for a cell writing none, the column's own (its name or
    its 「年代」; ``column_cells``: the column's name, then its cells).

    「2025年の出生数」 is not the 2.0 column's 「(2024年約68万人)」: the table has no figure for the year asked."""
    asked = set(_YEAR.findall(nfkc(turn)))
    if not asked:
        return True
    written = set(_YEAR.findall(nfkc(value)))
    if written:
        return bool(asked & written)
    return any(asked & set(_YEAR.findall(nfkc(c))) for c in column_cells)


def cell_answer_text(cell: Cell) -> str:
    """The cell as the lead, with its column and row."""
    return f"{cell.value}です [1]。（{cell.column}：{cell.label} {cell.value}）"
