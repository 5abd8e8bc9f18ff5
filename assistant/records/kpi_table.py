"""The 「評価指標（ＫＰＩ）一覧」 summary table whose cells the PDF extraction put one per line.

Layout after extraction (004, lines ~325-452): project name over several lines,
indicator over one or two lines, baseline value then "(R2)" on the next line,
the yearly actuals R3..R6 on one line (a cell can spill: "1,274.46万" + "人",
"集計中" + "（7月頃）"), then target value and "(R7)", then progress "82.9％".
Cells are read as a token stream and consumed by a fixed row grammar; a row that
does not fit the grammar is dropped rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.normalize import compact

from .make import kpi_record
from .models import KpiRecord, KpiValue
from .text import ANY_UNIT, NUM, UNIT, is_blank, normalise_year

_YEAR = re.compile(r"[（(]\s*[RＲ]\s*[0-9０-９]+\s*[）)]")
_NOTE = re.compile(r"[（(][0-9０-９]+月頃[）)]")
_VALUE = re.compile(rf"{NUM}\s*{ANY_UNIT}?")
_PROGRESS = re.compile(r"[-－‐−]?\s*(?:[0-9０-９][0-9０-９.．]*)?[％%]")
_UNIT = re.compile(UNIT)
_PENDING = "集計中"
_END_GAP = 3  # blank lines that end the table


@dataclass
class _Tok:
    kind: str  # YEAR NOTE PENDING VALUE PROGRESS UNIT TEXT
    text: str
    line: int  # 1-based


def _classify(piece: str) -> str:
    if _YEAR.fullmatch(piece):
        return "YEAR"
    if _NOTE.fullmatch(piece):
        return "NOTE"
    if piece == _PENDING:
        return "PENDING"
    if _VALUE.fullmatch(piece):
        return "VALUE"
    if _PROGRESS.fullmatch(piece):
        return "PROGRESS"
    if _UNIT.fullmatch(piece):
        return "UNIT"
    return "TEXT"


def _tokens(line: str, number: int) -> list[_Tok]:
    """Data lines split into cells; any line with a non-data piece is one TEXT cell."""
    pieces: list[str] = []
    for chunk in line.split():
        pieces.extend(p for p in re.split(rf"({_YEAR.pattern})", chunk) if p)
    kinds = [_classify(p) for p in pieces]
    if not pieces:
        return []
    if "TEXT" in kinds:
        return [_Tok("TEXT", line.strip(), number)]
    return [_Tok(k, p, number) for k, p in zip(kinds, pieces, strict=True)]


@dataclass
class _Row:
    project: str | None
    indicator: str
    first_line: int
    years: list[str]
    baseline: list[str] = field(default_factory=list)  # [value, year]
    actuals: list[list[str | None]] = field(default_factory=list)  # [value, status]
    target: list[str] = field(default_factory=list)
    progress: str | None = None
    last_line: int = 0

    def feed(self, tok: _Tok) -> bool:
        """Consume one cell; False when the cell does not fit the row grammar."""
        self.last_line = tok.line
        if not self.baseline:
            if tok.kind != "VALUE":
                return False
            self.baseline = [tok.text]
            return True
        if len(self.baseline) == 1:
            if tok.kind != "YEAR":
                return False
            self.baseline.append(tok.text)
            return True
        # Spill-over cells attach to the cell they continue.
        if tok.kind == "NOTE" and self.actuals and self.actuals[-1][1] and not self.target:
            self.actuals[-1][1] += tok.text
            return True
        if tok.kind == "UNIT" and not self.target and self.actuals and self.actuals[-1][0]:
            self.actuals[-1][0] += tok.text
            return True
        if len(self.actuals) < len(self.years):
            if tok.kind == "VALUE":
                self.actuals.append([tok.text, None])
                return True
            if tok.kind == "PENDING":
                self.actuals.append([None, tok.text])
                return True
            return False
        if not self.target:
            if tok.kind != "VALUE":
                return False
            self.target = [tok.text]
            return True
        if len(self.target) == 1:
            if tok.kind != "YEAR":
                return False
            self.target.append(tok.text)
            return True
        if self.progress is None and tok.kind in ("VALUE", "PROGRESS") and "%" in compact(tok.text):
            self.progress = tok.text
            return True
        return False

    @property
    def done(self) -> bool:
        return self.progress is not None


def _header(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """Actual-year columns ("R3 R4 R5 R6") and the 0-based index of the first body line."""
    years: list[str] = []
    for i in range(start + 1, min(len(lines), start + 15)):
        s = compact(lines[i])
        if re.fullmatch(r"(?:R\d+)+", s):
            years = [normalise_year(y) or y for y in re.findall(r"R\d+", s)]
        if s == "進捗率":
            return (years, i + 1) if years else None
    return None


def extract_kpi_table(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Recover one KpiRecord per row of each 「評価指標（ＫＰＩ）一覧」 table."""
    records: list[KpiRecord] = []
    for t, title in enumerate(lines):
        if compact(title) != "評価指標(KPI)一覧":
            continue
        head = _header(lines, t)
        if head is None:
            continue  # e.g. the second 一覧 heading, which is a chart, not the table
        years, body = head
        tokens: list[_Tok] = []
        blanks = 0
        for i in range(body, len(lines)):
            if is_blank(lines[i]):
                blanks += 1
                if blanks >= _END_GAP:
                    break
                continue
            blanks = 0
            tokens.extend(_tokens(lines[i], i + 1))
        records.extend(_rows(doc_id, lines, tokens, years))
    return records


def _rows(doc_id: str, lines: list[str], tokens: list[_Tok], years: list[str]) -> list[KpiRecord]:
    records: list[KpiRecord] = []
    project: str | None = None
    project_line: int | None = None  # first line of a project name not yet given to a row
    text: list[_Tok] = []
    row: _Row | None = None
    for tok in tokens:
        if tok.kind == "TEXT":
            row = None  # an unfinished row is abandoned, never completed by guesswork
            text.append(tok)
            if tok.text.endswith("プロジェクト"):
                project = "".join(x.text for x in text)
                project_line = text[0].line
                text = []
            continue
        if row is None:
            if not text:
                continue  # stray cell with no indicator: skip it
            indicator = "".join(x.text for x in text)
            first = project_line if project_line is not None else text[0].line
            row = _Row(project, indicator, first, years)
            text, project_line = [], None
        if not row.feed(tok):
            row = None
            continue
        if row.done:
            records.append(_record(doc_id, lines, row))
            row = None
    return records


def _record(doc_id: str, lines: list[str], row: _Row) -> KpiRecord:
    actuals = tuple(KpiValue(year=y, value=v, status=s) for y, (v, s) in zip(row.years, row.actuals, strict=True))
    return kpi_record(
        doc_id,
        lines,
        row.first_line,
        row.last_line,
        indicator=row.indicator,
        project=row.project,
        baseline=KpiValue(normalise_year(row.baseline[1]), row.baseline[0], None),
        actuals=actuals,
        targets=(KpiValue(normalise_year(row.target[1]), row.target[0], None),),
        progress=row.progress,
    )
