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
from typing import TYPE_CHECKING, Any

from .models import Budget, Cap, KpiRecord, KpiValue, ProgrammeRecord, Rate, SourceSpan

if TYPE_CHECKING:
    from .kpi import extract_kpis
    from .programme import extract_programmes

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


def __getattr__(name: str) -> Any:
    """The extractors imported on first use: their patterns take a second or more to compile, and a process that
    only reads `models` (`assistant serve`'s supervisor checking the index's records version) never runs them."""
    if name == "extract_kpis":
        from .kpi import extract_kpis

        return extract_kpis
    if name == "extract_programmes":
        from .programme import extract_programmes

        return extract_programmes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract_records(doc_id: str, lines: list[str]) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    """KPI and programme records of one document."""
    from .kpi import extract_kpis
    from .programme import extract_programmes

    return extract_kpis(doc_id, lines), extract_programmes(doc_id, lines)


def extract_all(documents: Iterable[tuple[str, list[str]]]) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    """Records of several documents; a KPI or programme two documents carry is one record with both as sources."""
    from .merge import merge_kpis

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
    from .merge import merge_across_documents
    from .programme_elsewhere import cite_named_elsewhere
    from .programme_terms import extract_policy_terms

    # Named policies with no scheme word are recognised over the whole corpus, where they recur.
    merged = merge_across_documents(programmes + extract_policy_terms(documents, programmes))
    # a programme another document names in full, in a sentence no reader is built for, cites that document too
    return cite_named_elsewhere(documents, merged)


def extract_corpus(corpus_dir: Path) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    """Records of every readable document in ``corpus_dir`` (unreadable files are skipped by the loader)."""
    from assistant.ingest.loader import load_corpus

    return extract_all((d.doc_id, d.lines) for d in load_corpus(corpus_dir).documents)
