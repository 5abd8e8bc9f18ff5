"""Frozen record types produced by structured extraction, each with its provenance.

Line numbers are 1-based and refer to the original corpus file; ``source_text`` is
lines ``line_start..line_end`` joined by "\\n" exactly as they appear in the file,
so a citation can always be checked against the document itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

REPEAT_MARK = "（再掲）"


@dataclass(frozen=True)
class KpiValue:
    """One figure of a KPI: value as written, normalised year, optional status.

    ``year`` is "R6" for Reiwa years, "2030年"/"2027年度" for Western years.
    ``status`` carries what stands in for (or qualifies) a value: "集計中（7月頃）"
    for a pending actual, or a relative horizon such as "施行後5年間" for a
    target that has no calendar year.
    """

    year: str | None
    value: str | None
    status: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class KpiRecord:
    """A key performance indicator with baseline, yearly actuals, target and progress.

    Repeated rows (the document marks them 「（再掲）」) are kept; their
    ``indicator`` keeps the （再掲） suffix and ``is_repeat`` is True.
    ``status`` is the status of the latest actual (e.g. "集計中（7月頃）") when that
    actual has no value yet, else None.
    """

    record_id: str
    doc: str
    project: str | None
    indicator: str
    baseline: KpiValue | None
    actuals: tuple[KpiValue, ...]
    target: KpiValue | None
    progress: str | None
    status: str | None
    line_start: int
    line_end: int
    source_text: str

    @property
    def is_repeat(self) -> bool:
        """True for rows the document itself marks as repeated (（再掲）)."""
        return self.indicator.replace("(", "（").replace(")", "）").endswith(REPEAT_MARK)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ProgrammeRecord:
    """A support programme (subsidy, grant, project) with budget, rates, caps and scope.

    Strings are kept as written (``"1 / 2等"``, ``"上限200万円"``). When the
    document does not let us pair a rate with a cap, they stay in separate lists
    rather than being paired by guesswork. ``notes`` (an addition to the agreed
    fields, defaulted so positional construction still works) holds secondary
    budgets such as "令和5年度補正予算額 123.4百万円", resolved footnotes and the
    related projects of a row.
    """

    record_id: str
    doc: str
    name: str
    budget: str | None
    budget_year: str | None
    rates: tuple[str, ...]
    caps: tuple[str, ...]
    eligible: tuple[str, ...]
    coverage: tuple[str, ...]
    conditions: tuple[str, ...]
    ministry: str | None
    line_start: int
    line_end: int
    source_text: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RecordMatch:
    """A record and how well a question names it (share of the record name's words asked)."""

    record: KpiRecord | ProgrammeRecord
    score: float
    words: int = 0  # how many of the question's words the record's name holds
