"""Programme extraction entry point: runs every programme reader over one document."""

from __future__ import annotations

from .models import ProgrammeRecord
from .programme_blocks import extract_budget_blocks, extract_prose_budgets, extract_support_sections
from .programme_project_table import extract_project_tables
from .programme_tables import extract_programme_tables
from .text import read_grounded

_READERS = (
    extract_programme_tables,  # 000 tab-separated 施策一覧 / 主な予算 tables
    extract_support_sections,  # 000 【支援対象者】【支援対象経費】【支援額】 sections
    extract_budget_blocks,  # 001/000 name line + 予算額 line blocks
    extract_prose_budgets,  # 003/004 「累計6,000億円（…補正）の…補助金」
    extract_project_tables,  # 004 「事業名 概要」 tables
)


def programme_values(record: ProgrammeRecord) -> list[str]:
    """Strings a record quotes from its source lines (name, budget, rates, caps, coverage)."""
    # Section names such as 「…事業（人材育成への支援）」 are composed, so only quoted names are checked.
    name = [record.name] if record.name in record.source_text else []
    budget = [record.budget] if record.budget else []
    return [*name, *budget, *record.rates, *record.caps, *record.coverage]


def _key(record: ProgrammeRecord) -> tuple[str, int]:
    """A programme found twice (same name and line) is kept once."""
    return (record.name, record.line_start)


def extract_programmes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """All programme records of one document, in line order."""
    return read_grounded(doc_id, lines, _READERS, _key, programme_values)
