"""Structured records extracted at index time: KPIs and support programmes, with line provenance.

Usage::

    kpis, programmes = extract_records("004_49aeb67bc23e3385.txt", lines)
    kpis, programmes = extract_all([(doc_id, lines), ...])   # merged across documents too

``lines`` are the original file lines without newline characters (line n is
``lines[n - 1]``); every record carries 1-based ``line_start``/``line_end``, the
verbatim ``source_text`` of those lines and every place it was read (``sources``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .kpi import extract_kpis
from .merge import merge_across_documents, merge_kpis
from .models import Budget, Cap, KpiRecord, KpiValue, ProgrammeRecord, Rate, SourceSpan
from .programme import extract_programmes
from .programme_elsewhere import cite_named_elsewhere
from .programme_terms import extract_policy_terms

__all__ = [
    "Budget",
    "Cap",
    "KpiRecord",
    "KpiValue",
    "ProgrammeRecord",
    "Rate",
    "SourceSpan",
    "corpus_programmes",
    "extract_all",
    "extract_corpus",
    "extract_kpis",
    "extract_programmes",
    "extract_records",
]


def extract_records(doc_id: str, lines: list[str]) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    """KPI and programme records of one document."""
    return extract_kpis(doc_id, lines), extract_programmes(doc_id, lines)


def extract_all(documents: Iterable[tuple[str, list[str]]]) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    """Records of several documents; a KPI or programme two documents carry is one record with both as sources."""
    kpis: list[KpiRecord] = []
    programmes: list[ProgrammeRecord] = []
    documents = list(documents)
    for doc_id, lines in documents:
        k, p = extract_records(doc_id, lines)
        kpis += k
        programmes += p
    return merge_kpis(kpis), corpus_programmes(documents, programmes)


def corpus_programmes(
    documents: Sequence[tuple[str, list[str]]], programmes: list[ProgrammeRecord]
) -> list[ProgrammeRecord]:
    """Each document's programmes with the corpus's policy terms, a programme several documents name once."""
    # Named policies with no scheme word are recognised over the whole corpus, where they recur.
    merged = merge_across_documents(programmes + extract_policy_terms(documents, programmes))
    # a programme another document names in full, in a sentence no reader is built for, cites that document too
    return cite_named_elsewhere(documents, merged)


def extract_corpus(corpus_dir: Path) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    """Records of every readable document in ``corpus_dir`` (unreadable files are skipped by the loader)."""
    from assistant.ingest.loader import load_corpus

    return extract_all((d.doc_id, d.lines) for d in load_corpus(corpus_dir).documents)
