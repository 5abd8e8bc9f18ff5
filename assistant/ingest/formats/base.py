"""What every format loader returns (`Extracted`) and the helpers they share.

A loader turns one file into text, one line per paragraph or table row (cells joined by tabs, the
table's header row first), plus `Location` entries that map its lines to PDF pages or to Word/HTML
sections, the metadata the file states (title, publisher, date) and notes on what it could not do cleanly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assistant.types import Location


class UnreadableFile(ValueError):
    """Raised by a loader for a file that cannot be used (empty, binary, encrypted, damaged, scanned)."""


@dataclass
class Extracted:
    """A loader's result: the text, its line locations, the file's own metadata and extraction notes."""

    text: str
    encoding: str
    format: str = "text"
    locations: tuple[Location, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)  # title / publisher / date found in the file
    notes: tuple[str, ...] = ()


class LineWriter:
    """Collects output lines and records where each page or section starts (1-based lines)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locations: list[Location] = []
        self._where: tuple[int | None, str | None] = (None, None)

    def at(self, page: int | None = None, section: str | None = None, *, heading: bool = False) -> None:
        """The next line written is on ``page`` / under ``section``."""
        line = len(self.lines) + 1
        if self.locations and self.locations[-1].line == line:
            self.locations.pop()  # nothing was written at the previous place
        if (page, section) != self._where or heading:
            self.locations.append(Location(line, page, section, heading))
            self._where = (page, section)

    def write(self, line: str) -> None:
        # A line never holds a newline: table cells and paragraphs are flattened by the loaders.
        self.lines.append(line.replace("\r", " ").replace("\n", " ").rstrip())

    def blank(self, n: int = 1) -> None:
        """Up to ``n`` blank lines (never at the start, never more than ``n`` in a row)."""
        if not self.lines:
            return
        have = 0
        for line in reversed(self.lines):
            if line:
                break
            have += 1
        self.lines.extend([""] * max(0, n - have))

    def table(self, rows: list[list[str]]) -> None:
        """A table: one line per row, cells tab-separated (tabs and newlines inside a cell become spaces)."""
        for row in rows:
            cells = [re.sub(r"\s+", " ", c or "").strip() for c in row]
            if any(cells):
                self.write("\t".join(cells))

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n" if self.lines else ""

    def result(self, fmt: str, meta: dict[str, str], notes: list[str]) -> Extracted:
        text = self.text()
        n = len(self.lines)
        locations = tuple(loc for loc in self.locations if loc.line <= n)
        return Extracted(text, "utf-8", fmt, locations, {k: v for k, v in meta.items() if v}, tuple(notes))


# -- metadata from text ---------------------------------------------------------------------------
_ERA = {"令和": 2018, "平成": 1988}
_DATE_JA = re.compile(r"(令和|平成)\s*([0-9]+|元)\s*年(?:度)?\s*(?:([0-9]{1,2})\s*月)?(?:\s*([0-9]{1,2})\s*日)?")
_DATE_AD = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*(?:([0-9]{1,2})\s*月)?(?:\s*([0-9]{1,2})\s*日)?")
_DATE_ISO = re.compile(r"((?:19|20)[0-9]{2})[-/.]([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?")
_PUBLISHER = re.compile(r"(省|庁|府|局|委員会|審議会|部会|振興局|都|道|府|県|市|町|村|機構|協議会|事務局|課|室)$")


def _iso(year: int, month: str | None, day: str | None) -> str:
    out = f"{year:04d}"
    if month and 1 <= int(month) <= 12:
        out += f"-{int(month):02d}"
        if day and 1 <= int(day) <= 31:
            out += f"-{int(day):02d}"
    return out


def date_in(text: str) -> str | None:
    """The first date written in ``text``, as ISO ``YYYY[-MM[-DD]]``.

    Example:
        >>> date_in("令和6年5月 国土交通省"), date_in("2025年3月31日"), date_in("なし")
        ('2024-05', '2025-03-31', None)
    """
    t = unicodedata.normalize("NFKC", text)
    m = _DATE_JA.search(t)
    if m:
        n = 1 if m.group(2) == "元" else int(m.group(2))
        return _iso(_ERA[m.group(1)] + n, m.group(3), m.group(4))
    m = _DATE_AD.search(t) or _DATE_ISO.search(t)
    if m:
        return _iso(int(m.group(1)), m.group(2), m.group(3))
    return None


def looks_like_publisher(line: str) -> bool:
    """A short line naming an organisation: 「国土交通省国土政策局」, 「北海道空知総合振興局」."""
    t = unicodedata.normalize("NFKC", line).strip()
    return 2 <= len(t) <= 40 and bool(_PUBLISHER.search(t)) and "。" not in t and date_in(t) is None


def title_block(lines: list[str]) -> dict[str, str]:
    """Publisher and date from the first lines of a document (its title block)."""
    meta: dict[str, str] = {}
    for line in lines[:15]:
        for part in re.split(r"\s{2,}|\u3000", line.strip()):
            if "date" not in meta and (d := date_in(part)) and len(part) <= 30:
                meta["date"] = d
                rest = re.sub(r"(令和|平成)\s*[0-9元]+\s*年(度)?\s*([0-9]+\s*月)?\s*([0-9]+\s*日)?", "", part).strip()
                if rest and looks_like_publisher(rest) and "publisher" not in meta:
                    meta["publisher"] = rest
            elif "publisher" not in meta and looks_like_publisher(part):
                meta["publisher"] = part.strip()
    return meta


def usable_title(title: str | None) -> str | None:
    """A metadata title worth showing (not empty, not a file name or a tool's placeholder)."""
    if not title:
        return None
    t = title.strip()
    if not t or t.lower() in {"untitled", "無題", "(anonymous)", "anonymous", "unspecified"}:
        return None
    if re.search(r"\.(docx?|pptx?|xlsx?|pdf|txt|html?)$", t, re.IGNORECASE) or t.startswith("Microsoft "):
        return None
    return t[:200]
