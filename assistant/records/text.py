"""Shared helpers for record extraction: years, value patterns, provenance.

Width folding (`nfkc`), the whitespace-free comparison form (`compact`) and OCR repairs (`repair_ocr`)
are the text layer's, in `assistant.text.normalize`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from assistant.text.normalize import compact, nfkc

# Numbers as printed: ASCII or full-width digits with thousands separators/decimals.
NUM = r"[0-9０-９][0-9０-９,，.．]*"

# Units seen after KPI figures in the corpus, longest first so "千人" wins over "人".
UNIT = (
    r"(?:百万円|千人|万人|億円|万円|兆円|カ所|か所|ヵ所|箇所|ｈａ|ha|㏊|"
    r"人|件|％|%|割|倍|地域|都市|法人|円|万|千|億|兆)"
)

# Any unit a table prints after a figure: the known ones, or a short word without digits, kana
# particles or brackets (t, 回, 社, km, 百万円), so another document's units read too.
ANY_UNIT = rf"(?:{UNIT}|か所|ヵ所|[^\s0-9０-９（）()、。・：:\u3040-\u309f%％～~]{{1,4}})"

# A target-style quantity: "約１万人", "少なくとも100地域", "３倍以上", "500以上", "1万ha程度".
QUANTITY = (
    rf"(?:約|少なくとも|累計|年間)?{NUM}"
    rf"(?:(?:[千万億兆])?(?:人|円|ha|㏊|ｈａ|km|ｋｍ|％|%|割|倍|か所|カ所|ヵ所|箇所|地域|地区|地点|件|都市|法人|者)"
    rf"(?:程度|以上|超)?|以上)"
)

# Circled numbers ①..⑳ used as item markers.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# The characters that open a list line, for use inside a regex character class (with \s and \- where a
# reader allows a space or a dash before them): a bullet's dot, which the PDF gives as ・ or •, and a heading's
# mark, whose round form the PDF gives as any of ○◯〇.
BULLETS = "・•"
MARKS = "○◯〇●■□◆◇"
#: A PDF line-wrap space between two Japanese characters (「地域生活 圏」): removed before a name is read.
WRAP = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])\s+(?=[\u3040-\u30ff\u4e00-\u9fff])")


def is_blank(line: str) -> bool:
    """True for empty or whitespace-only lines (full-width spaces included)."""
    return not line.strip()


def source_text(lines: list[str], start: int, end: int) -> str:
    """Original lines ``start..end`` (1-based, inclusive) joined by newlines, verbatim."""
    return "\n".join(lines[start - 1 : end])


class Sourced(Protocol):
    """A record that cites the lines it was read from (``sources``: every place, the first being its own)."""

    @property
    def source_text(self) -> str: ...

    @property
    def line_start(self) -> int: ...

    @property
    def line_end(self) -> int: ...

    @property
    def sources(self) -> Sequence[Any]: ...


R = TypeVar("R", bound=Sourced)


def is_grounded(record: R, lines: list[str], values: Callable[[R], Iterable[str]]) -> bool:
    """True when each source is the cited lines and each of the record's values occurs in one (widths/spaces folded)."""
    spans = [
        (record.line_start, record.line_end, record.source_text),
        *((s.line_start, s.line_end, s.text) for s in record.sources),
    ]
    if any(text != source_text(lines, start, end) for start, end, text in spans):
        return False
    texts = [compact(text) for _, _, text in spans]
    return all(any(compact(v) in t for t in texts) for v in values(record))


def read_grounded(
    doc_id: str,
    lines: list[str],
    readers: Sequence[Callable[[str, list[str]], Iterable[R]]],
    key: Callable[[R], Hashable],
    values: Callable[[R], Iterable[str]],
) -> list[R]:
    """Every record the readers find, in line order: the first of each key, and only if grounded."""
    seen: set[Hashable] = set()
    records: list[R] = []
    for reader in readers:
        for record in reader(doc_id, lines):
            k = key(record)
            # A record whose figures cannot be found in its own lines is dropped:
            # a wrong figure with a citation is worse than no record.
            if k in seen or not is_grounded(record, lines, values):
                continue
            seen.add(k)
            records.append(record)
    records.sort(key=lambda r: (r.line_start, r.line_end))
    return records


def record_id(doc: str, key: str, line_start: int) -> str:
    """Stable id from document, key (indicator or name) and first line."""
    digest = hashlib.sha1(f"{doc}\x1f{key}\x1f{line_start}".encode()).hexdigest()
    return digest[:16]


def normalise_year(text: str | None) -> str | None:
    """Normalise a year label: 令和６年度/Ｒ６/(R6) -> "R6"; 2030年 and 2027年度 stay as they are."""
    if text is None:
        return None
    t = nfkc(text).strip().strip("()（） 　")
    t = re.sub(r"\s+", "", t)
    if not t:
        return None
    m = re.fullmatch(r"令和(\d+|元)年度?", t)
    if m:
        n = m.group(1)
        return "R1" if n == "元" else f"R{int(n)}"
    m = re.fullmatch(r"R(\d+)(?:年度?)?", t)
    if m:
        return f"R{int(m.group(1))}"
    return t


def normalise_budget_years(text: str) -> str:
    """Normalise a 予算年度 cell such as "R 7 補正 R 8 当初" -> "R7補正 R8当初"."""
    t = nfkc(text)
    t = re.sub(r"令和\s*(\d+|元)\s*年度?", lambda m: "R" + ("1" if m.group(1) == "元" else m.group(1)), t)
    parts = re.findall(r"R\s*(\d+)\s*(当初|補正)?", t)
    if not parts:
        return re.sub(r"\s+", " ", t).strip()
    return " ".join(f"R{int(n)}{kind}" for n, kind in parts)


def strip_bullet(text: str) -> str:
    """Remove list markers the PDF extraction left at the start of a line ("- ・", "○", "■")."""
    return re.sub(r"^[\s\-・•○◯〇■□✓*]+", "", text).strip()


def dedupe(items: list[str]) -> tuple[str, ...]:
    """Drop exact repeats while keeping the document's order."""
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)
