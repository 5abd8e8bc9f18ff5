"""Structured records extracted at index time: KPIs and support programmes, with line provenance.

Usage::

    kpis, programmes = extract_records("004_49aeb67bc23e3385.txt", lines)

``lines`` are the original file lines without newline characters (line n is
``lines[n - 1]``); every record carries 1-based ``line_start``/``line_end`` and
the verbatim ``source_text`` of those lines.
"""

from __future__ import annotations

from .kpi import extract_kpis
from .models import KpiRecord, KpiValue, ProgrammeRecord
from .programme import extract_programmes

__all__ = [
    "KpiRecord",
    "KpiValue",
    "ProgrammeRecord",
    "extract_kpis",
    "extract_programmes",
    "extract_records",
]


def extract_records(doc_id: str, lines: list[str]) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    """KPI and programme records of one document."""
    return extract_kpis(doc_id, lines), extract_programmes(doc_id, lines)
