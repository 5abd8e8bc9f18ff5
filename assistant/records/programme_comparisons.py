"""A comparison table of policies: the title names them 「A／B／Cの比較表」, each column head under it, maybe formally named.

A plan compares its policy with the ones before it in one table; the title lists the policies compared, separated by
「／」, and each column head repeats a name, with the formal name of the strategy or plan it stands for in brackets on
the next line 「地方創生1.0 / （まち・ひと・しごと創生総合戦略）」. Each policy is a programme a catalogue lists (a national
strategy, plan or plan of works), cited at its column head; a formal name in brackets is the record's name and the head
its variant. A head over only a kind of document 「地方創生2.0 / （基本構想）」 is the plan the document presents under its
own title elsewhere, read there: it is left out, so that its record keeps citing that title first.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .make import programme_record, span
from .models import ProgrammeRecord

# The table's title: two or more names joined by 「／」 before 「の比較表」/「の比較」, a section numeral before it.
_TITLE = re.compile(
    r"^\s*(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ0-9０-９]+[.．、\s]\s*)?(?P<names>[^\s／/]{2,25}(?:[／/][^\s／/]{2,25})+)の比較表?\s*$"
)
# A formal name in brackets alone on its line under the head.
_FORMAL = re.compile(r"^\s*[（(](?P<name>[^（）()]{2,40})[）)]\s*$")
# A bracketed name that is only a kind of document (「基本構想」「総合戦略」), not a name of its own.
_GENERIC = re.compile(r"^(?:基本|総合)?(?:構想|戦略|計画|方針|ビジョン)$")
_LOOK = 12  # lines after the title (or the head) where a column head (or its bracketed name) stands
# The row dating each column 「年代 1972年～ 2015年～ 2025年～」: one period per compared policy, in the title's order.
_DATES = re.compile(r"^\s*(?:年代|時期|期間)\s+(?P<dates>.+?)\s*$")
_DATE = re.compile(r"(?:19|20)[0-9]{2}年(?:度)?(?:[～~〜](?:(?:19|20)[0-9]{2}年(?:度)?)?)?")


#: A column head that names a state or phase of one thing, not a policy of its own: 現行制度, 改正案, 第2期, 旧制度.
_STATE_HEAD = re.compile(
    r"^(?:現行|改正|旧|新|従来|前|後|第[0-9０-９一二三四五六七八九十]+期|[0-9０-９]+期)(?:制度|案|後|前|計画|期)?(?:[(（]案[)）])?$"
)


def _periods(lines: list[str], start: int, count: int) -> tuple[list[str | None], int | None]:
    """Each column's period from the dating row just under the heads (and that row), when it dates every column."""
    for j in range(start, min(start + _LOOK, len(lines))):
        m = _DATES.match(lines[j])
        if m is not None:
            dates = _DATE.findall(m["dates"])
            return (list(dates), j) if len(dates) == count else ([None] * count, None)
    return [None] * count, None


def _head_at(lines: list[str], start: int, name: str) -> int | None:
    """The 0-based line of the column head: the name alone on its line (or first on it) just after the title."""
    for j in range(start, min(start + _LOOK, len(lines))):
        text = lines[j].strip()
        if text == name or text.startswith(name + " ") or text.startswith(name + "\u3000"):
            return j
    return None


def _formal_at(lines: list[str], head: int) -> tuple[int, str] | None:
    """The bracketed formal name on the first non-empty line after the head, if any."""
    for j in range(head + 1, min(head + 4, len(lines))):
        if lines[j].strip():
            m = _FORMAL.match(lines[j])
            return (j, m["name"].strip()) if m else None
    return None


def extract_compared_policies(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「A／B／Cの比較表」 and its column heads: each compared policy, by its formal name when the head gives one."""
    records = []
    for i, line in enumerate(lines):
        m = _TITLE.match(line)
        if m is None:
            continue
        names = re.split(r"[／/]", m["names"])
        periods, row = _periods(lines, i + 1, len(names))
        for head_name, period in zip(names, periods, strict=True):
            if _STATE_HEAD.match(head_name.strip()):
                continue  # 「現行制度／改正案の比較」「第1期／第2期」 compare states or phases of one thing, not policies
            head = _head_at(lines, i + 1, head_name)
            if head is None:
                continue  # a title not followed by its columns is a mention, not the table
            end, name, variants = head, head_name, []
            if (formal := _formal_at(lines, head)) is not None:
                if _GENERIC.match(formal[1]):
                    continue
                end, name, variants = formal[0], formal[1], [head_name]
            record = programme_record(doc_id, lines, head + 1, end + 1, name=name, variants=variants, period=period)
            if period and row is not None:  # the dating row is cited too: the period is read from it
                record = replace(record, sources=(*record.sources, span(doc_id, lines, row + 1, row + 1)))
            records.append(record)
    return records
