"""The 004 table 「Ｒ７年度における空知総合振興局の主な取組 … 事業名 概 要 主な関連ﾌﾟﾛｼﾞｪｸﾄ」.

Each row comes out as: name lines (wrapped, the last ending in 事業), summary
lines, then the related-project markers (①②③④) on their own line or at the end
of the summary. The markers are resolved through the page legend
「※空知地域が推進するプロジェクト ① … ② …」 into ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.text.normalize import compact, nfkc

from .make import programme_record, span
from .models import ProgrammeRecord
from .text import CIRCLED, is_blank

_NAME_MAX = 20  # name lines are short; summary lines are full-width sentences
_MARKERS = re.compile(rf"\s*(?P<m>[{CIRCLED}]+)\s*$")
_TITLE = re.compile(r"(?P<year>[RＲ][0-9０-９]+)年度における(?P<org>.+?)の主な取組")


def extract_project_tables(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """One record per 事業 in each 「事業名 概要」 table."""
    records: list[ProgrammeRecord] = []
    for h, line in enumerate(lines):
        if compact(line) != "事業名概要":
            continue
        year, org, title = None, None, None
        for j in range(h - 1, max(-1, h - 4), -1):
            m = _TITLE.search(nfkc(lines[j]))
            if m:
                # the period as the title writes it (「Ｒ７年度」; folding keeps these lengths), and the
                # organisation whose work the table lists
                year, org, title = lines[j][m.start("year") : m.end("year") + 2], m["org"], j
                break
        body = h + 1
        # Skip the rest of the header (「主な関連」「ﾌﾟﾛｼﾞｪｸﾄ(※)」, half-width in the source).
        while body < len(lines) and (is_blank(lines[body]) or compact(lines[body]) in ("主な関連", "プロジェクト(※)")):
            body += 1
        stop = next((i for i in range(body, min(len(lines), body + 120)) if lines[i].strip().startswith("※")), None)
        if stop is None:
            continue
        legend = _legend(lines, stop)
        rows = _rows(doc_id, lines, body, stop, year, org, legend)
        if title is not None:  # the title gives the period and the organisation: it is a source too
            rows = [replace(r, sources=(*r.sources, span(doc_id, lines, title + 1, title + 1))) for r in rows]
        records.extend(rows)
    return records


def _legend(lines: list[str], stop: int) -> dict[str, str]:
    """Marker -> project name from the ※ legend under the table."""
    text = " ".join(lines[i].strip() for i in range(stop + 1, min(len(lines), stop + 6)))
    found = re.findall(rf"([{CIRCLED}])\s*(.+?)(?=\s*[{CIRCLED}]|$)", text)
    return {m: name.strip() for m, name in found if name.strip().endswith("プロジェクト")}


def _rows(doc_id, lines, body, stop, year, org, legend) -> list[ProgrammeRecord]:
    records = []
    name: list[tuple[int, str]] = []
    summary: list[tuple[int, str]] = []
    for i in range(body, stop):
        text = lines[i].strip()
        if not text:
            continue
        m = _MARKERS.search(text)
        name_done = bool(name) and name[-1][1].endswith("事業")
        # Markers close a row: alone on a line, or after the summary text on the same line.
        if m and (m.start() == 0 or summary or name_done):
            head = text[: m.start()].strip()
            if head:
                summary.append((i, head))
            if name and summary:
                records.append(_record(doc_id, lines, name, summary, i, m["m"], year, org, legend))
            name, summary = [], []
            continue
        if not summary and not name_done and len(text) <= _NAME_MAX:
            name.append((i, text))  # name lines wrap until the one ending in 事業
        elif name:
            summary.append((i, text))
    return records


def _record(doc_id, lines, name, summary, last, markers, year, org, legend) -> ProgrammeRecord:
    title = "".join(t for _, t in name)
    related = [f"関連プロジェクト{m}: {legend[m]}" if m in legend else f"関連プロジェクト{m}" for m in markers]
    return programme_record(
        doc_id,
        lines,
        name[0][0] + 1,
        last + 1,
        name=title,
        ministry=org,
        period=year,  # the fiscal year of the page title (「Ｒ７年度における…の主な取組」)
        summary="".join(t for _, t in summary),  # what the 事業 does; the table names no costs
        notes=related,
    )
