"""Frozen record types produced by structured extraction, each with its provenance.

Line numbers are 1-based and refer to the original corpus file; ``source_text`` is
lines ``line_start..line_end`` joined by "\\n" exactly as they appear in the file,
so a citation can always be checked against the document itself. ``sources`` lists
every place the record was read from (the first is ``doc``/``line_start``/``line_end``):
a KPI restated in a summary table, marked （再掲） or carried by a second document is
one record with several sources, not several records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

REPEAT_MARK = "（再掲）"
#: The records an index build holds: bump when the readers' output changes, so older builds are rebuilt.
RECORDS_VERSION = "layouts/40"


@dataclass(frozen=True)
class SourceSpan:
    """Lines ``line_start..line_end`` of ``doc``, verbatim in ``text``."""

    doc: str
    line_start: int
    line_end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class KpiValue:
    """One figure of a KPI: value as written, year as written in the row (R6, 2030年, 2027年度), status.

    ``status`` carries what stands in for (or qualifies) a value: "集計中（7月頃）"
    for a pending actual, or a relative horizon such as "施行後5年間" for a
    target that has no calendar year. ``label`` says which of several targets this
    is (実人数, 延べ人数, ＧＸ分野), in the document's words.
    """

    year: str | None
    value: str | None
    status: str | None
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class KpiRecord:
    """A key performance indicator: baseline, the yearly actuals, its targets and progress, with sources.

    ``actuals`` is the whole series the document gives (R3, R4, R5, R6 …), a pending
    year with ``status`` "集計中（7月頃）" and no value. ``targets`` holds one value per
    target the document states (a 2027 and a 2032 target; 実人数 and 延べ人数).
    """

    record_id: str
    doc: str
    project: str | None
    indicator: str
    unit: str | None
    baseline: KpiValue | None
    actuals: tuple[KpiValue, ...]
    targets: tuple[KpiValue, ...]
    progress: str | None
    line_start: int
    line_end: int
    source_text: str
    sources: tuple[SourceSpan, ...] = ()
    variants: tuple[str, ...] = ()

    @property
    def target(self) -> KpiValue | None:
        """The first target (most indicators have one)."""
        return self.targets[0] if self.targets else None

    @property
    def status(self) -> str | None:
        """The pending marker of the latest actual (集計中（7月頃）) when it has no value yet."""
        latest = self.actuals[-1] if self.actuals else None
        return latest.status if latest is not None and latest.value is None else None

    @property
    def is_repeat(self) -> bool:
        """True for rows the document itself marks as repeated (（再掲）)."""
        return self.indicator.replace("(", "（").replace(")", "）").endswith(REPEAT_MARK)

    @property
    def docs(self) -> tuple[str, ...]:
        """Every document the record was read from, its own first."""
        return tuple(dict.fromkeys([self.doc, *(s.doc for s in self.sources)]))

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}


@dataclass(frozen=True)
class Budget:
    """A budget line: amount as written (None when only the year is given), fiscal year as written, 当初/補正, note.

    ``note`` keeps what qualifies the amount in the document's words, e.g.
    "社会資本整備総合交付金 459,693百万円の内数" (the programme gets part of it).
    """

    amount: str | None
    fiscal_year: str | None
    kind: str | None
    note: str | None = None

    @property
    def is_share(self) -> bool:
        """True when the amount is a larger budget the programme gets part of (内数)."""
        return "内数" in (self.note or "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Rate:
    """A subsidy rate as written (「1/2以内」「定額」) and the condition it applies under, if stated."""

    rate: str
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Cap:
    """A cap as written (「上限3,000万円」) and the condition it applies under, if stated."""

    cap: str
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ProgrammeRecord:
    """A support programme (subsidy, grant, project, scheme) with its budgets, rates, caps and scope.

    Strings are kept as written (``"1 / 2等"``, ``"上限200万円"``). When the document
    does not let us pair a rate with a cap or a condition, the condition stays None
    rather than being guessed. ``summary`` is the document's description of the
    programme; ``covered_costs`` only what it says is paid for; ``notes`` holds resolved
    footnotes, the field of a table row and related projects.
    """

    record_id: str
    doc: str
    name: str
    variants: tuple[str, ...]
    ministry: str | None
    budgets: tuple[Budget, ...]
    rates: tuple[Rate, ...]
    caps: tuple[Cap, ...]
    eligible: tuple[str, ...]
    covered_costs: tuple[str, ...]
    conditions: tuple[str, ...]
    period: str | None
    summary: str | None
    line_start: int
    line_end: int
    source_text: str
    sources: tuple[SourceSpan, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def docs(self) -> tuple[str, ...]:
        """Every document the record was read from, its own first."""
        return tuple(dict.fromkeys([self.doc, *(s.doc for s in self.sources)]))

    def encloses(self, other: ProgrammeRecord) -> bool:
        """True when ``other`` was read inside this record's lines (a plan or item named within its block)."""
        return other is not self and any(
            a.doc == b.doc
            and a.line_start <= b.line_start
            and b.line_end <= a.line_end
            and (a.line_start, a.line_end) != (b.line_start, b.line_end)
            for a in self.sources
            for b in other.sources
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RecordMatch:
    """A record and how well a question names it (share of the record name's words asked)."""

    record: KpiRecord | ProgrammeRecord
    score: float
    words: int = 0  # how many of the question's words the record's name holds
