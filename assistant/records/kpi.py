"""KPI extraction entry point: runs every KPI reader over one document, checks provenance, merges readings."""

from __future__ import annotations

from .kpi_count_tables import attach_count_totals
from .kpi_dated import extract_dated_goals
from .kpi_goals import extract_goal_sentences, extract_labelled_kpis
from .kpi_prose import extract_prose_targets
from .kpi_rows import extract_arrow_kpis, extract_kpi_rows
from .kpi_tab_table import extract_kpi_tab_tables
from .kpi_table import extract_kpi_table
from .merge import merge_kpis
from .models import KpiRecord
from .text import read_grounded

_READERS = (
    extract_kpi_tab_tables,  # KPI table that arrives whole: tab-separated rows under a header (PDF, Word, HTML)
    extract_kpi_rows,  # progress table: one KPI row per project page
    extract_kpi_table,  # progress summary table whose cells the PDF scattered one per line
    extract_arrow_kpis,  # KPI list of a plan: "X（R5） → Y（R11）"
    extract_prose_targets,  # prose targets: 【…目指す】, summary-box goals, (KPI) lists, bullets, sentences
    extract_goal_sentences,  # prose goal: a sentence ending 「…人とすることを目指す」「…2倍程度とする」
    extract_labelled_kpis,  # KPI list item: 「X：基準値 V（年）→ 目標値 V（年）」
    extract_dated_goals,  # a bullet's dated goal: 「・X向上（1985年にV）」「「2060年に１億人程度を維持」」
)


def record_values(record: KpiRecord) -> list[str]:
    """Every figure and status string a record claims its sources say."""
    out = []
    for v in (record.baseline, *record.targets, *record.actuals):
        if v is not None:
            out.extend(x for x in (v.value, v.status) if x)
    if record.progress:
        out.append(record.progress)
    return out


def _key(record: KpiRecord) -> tuple:
    """The same reading found by two readers (same indicator, lines and targets) is kept once."""
    return (record.indicator, record.line_start, record.line_end, record.targets)


def extract_kpis(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """All KPI records of one document, each KPI once, in line order; ``lines`` are the file's lines.

    A reading whose figures cannot be found in its own lines is dropped (a wrong figure with a
    citation is worse than no record); readings of the same KPI are then merged.
    """
    # a count table's 合計 row is read after the merge: it adds an actual to a KPI stated just above it
    return attach_count_totals(doc_id, lines, merge_kpis(read_grounded(doc_id, lines, _READERS, _key, record_values)))
