"""What the answerer, the retriever's record hint and the API read of records: two narrow Protocols.

The local backend's `RecordStore` (JSON files in the build) implements both; a database backend keeps the
records as rows and implements the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from assistant.records.models import KpiRecord, ProgrammeRecord, RecordMatch


class RecordMatcher(Protocol):
    """The records a question names, best first."""

    def match_kpi(
        self, question: str, docs: Sequence[str] | None = None, idf: Mapping[str, float] | None = None
    ) -> list[RecordMatch]: ...

    def match_programme(
        self, question: str, docs: Sequence[str] | None = None, idf: Mapping[str, float] | None = None
    ) -> list[RecordMatch]: ...


class RecordCatalog(Protocol):
    """Records listed with filters (the API's /v1/kpis and /v1/programmes, the UI's views)."""

    def kpis(
        self, doc: str | None = None, project: str | None = None, q: str | None = None, year: str | None = None
    ) -> list[KpiRecord]: ...

    def programmes(
        self,
        doc: str | None = None,
        q: str | None = None,
        rate: str | None = None,
        eligible: str | None = None,
        budget_year: str | None = None,
    ) -> list[ProgrammeRecord]: ...
