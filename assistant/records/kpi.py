"""KPI extraction entry point: runs every KPI reader over one document and checks provenance."""

from __future__ import annotations

from .kpi_prose import extract_prose_targets
from .kpi_rows import extract_arrow_kpis, extract_kpi_rows
from .kpi_tab_table import extract_kpi_tab_tables
from .kpi_table import extract_kpi_table
from .models import KpiRecord
from .text import read_grounded

_READERS = (
    extract_kpi_tab_tables,  # (0) real tables from PDF, Word and HTML: tab-separated rows under a header
    extract_kpi_rows,  # (a) per-project KPI rows
    extract_kpi_table,  # (b) the scattered 評価指標（ＫＰＩ）一覧 table
    extract_arrow_kpis,  # (c) "X（R5） → Y（R11）" plan KPIs
    extract_prose_targets,  # (d) 【…目指す】, summary-box goals, (KPI) lists, bullets
)


def record_values(record: KpiRecord) -> list[str]:
    """Every figure and status string a record claims the source says (checked against its lines)."""
    # Horizons such as "今後10年間" are quoted verbatim too, so they are checked like values.
    out = []
    for v in (record.baseline, record.target, *record.actuals):
        if v is not None:
            out.extend(x for x in (v.value, v.status) if x)
    if record.progress:
        out.append(record.progress)
    return out


def _key(record: KpiRecord) -> tuple[str, int, str | None]:
    """A KPI found twice (same indicator, line and target) is kept once."""
    return (record.indicator, record.line_start, record.target.value if record.target else None)


def extract_kpis(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """All KPI records of one document, in line order; ``lines`` are the file's lines without newlines."""
    return read_grounded(doc_id, lines, _READERS, _key, record_values)
