"""Record constructors shared by the readers: ids, verbatim source spans and the unit of a KPI."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.text.normalize import nfkc

from .models import Budget, Cap, KpiRecord, KpiValue, ProgrammeRecord, Rate, SourceSpan
from .text import dedupe, record_id, source_text

# A figure's unit: what follows the number up to a qualifier (約1万ha程度 -> 万ha, 累計600件 -> 件).
_FIGURE = re.compile(
    r"^(?:約|少なくとも|累計|計|年間)?[0-9０-９][0-9０-９,，.．]*"
    r"(?P<unit>[^0-9０-９\s（）()、。・～~]*?)(?:程度|以上|以下|超|未満|前後|程|等)*(?:[（(].*)?$"
)
_NOT_UNIT = re.compile(r"^(?:年|月|日|つ|か年)")  # 2026年度中に結論, 本年7月: dates, not quantities


# A count of named things: 「全国８つの広域圏」, 「3つの圏域」 — the noun after 「Nつの」 is what is counted.
_COUNTED = re.compile(r"[0-9０-９]+つの(?P<noun>[\u4e00-\u9fff\u30a0-\u30ffー]{1,6})$")


def _units(values: Iterable[str | None]) -> list[str]:
    units = []
    for v in values:
        m = _FIGURE.match((v or "").strip())
        if m and m["unit"] and not _NOT_UNIT.match(m["unit"]):
            units.append(m["unit"])
        elif counted := _COUNTED.search((v or "").strip()):
            units.append(counted["noun"])
    return units


def unit_of(values: Iterable[str | None], targets: Iterable[str | None] = ()) -> str | None:
    """The unit the figures share as written (千人, ％, ㏊), or None when they have none or disagree.

    The targets' unit wins when they have one: 「約250万人 … 1.5倍程度に拡大」 measures the target in 倍.
    """
    for group in (_units(targets), _units(values)):
        if group:
            bare = {re.sub(r"^(?:百万|千|万|億|兆)", "", nfkc(u)) for u in group}
            return group[0] if len(bare) == 1 else None
    return None


def span(doc: str, lines: Sequence[str], start: int, end: int) -> SourceSpan:
    """Lines ``start..end`` (1-based) of ``doc`` as a source."""
    return SourceSpan(doc, start, end, source_text(list(lines), start, end))


def kpi_record(
    doc: str,
    lines: Sequence[str],
    start: int,
    end: int,
    *,
    indicator: str,
    project: str | None,
    baseline: KpiValue | None = None,
    actuals: Sequence[KpiValue] = (),
    targets: Sequence[KpiValue] = (),
    progress: str | None = None,
) -> KpiRecord:
    """A KPI read from lines ``start..end``; the unit is the one its figures share."""
    figures = [baseline.value if baseline else None, *(a.value for a in actuals)]
    here = span(doc, lines, start, end)
    return KpiRecord(
        record_id=record_id(doc, indicator, start),
        doc=doc,
        project=project,
        indicator=indicator,
        unit=unit_of(figures, [t.value for t in targets]),
        baseline=baseline,
        actuals=tuple(actuals),
        targets=tuple(targets),
        progress=progress,
        line_start=start,
        line_end=end,
        source_text=here.text,
        sources=(here,),
    )


def programme_record(
    doc: str,
    lines: Sequence[str],
    start: int,
    end: int,
    *,
    name: str,
    variants: Iterable[str] = (),
    ministry: str | None = None,
    budgets: Iterable[Budget] = (),
    rates: Iterable[Rate] = (),
    caps: Iterable[Cap] = (),
    eligible: Iterable[str] = (),
    covered_costs: Iterable[str] = (),
    conditions: Iterable[str] = (),
    period: str | None = None,
    summary: str | None = None,
    notes: Iterable[str] = (),
) -> ProgrammeRecord:
    """A programme read from lines ``start..end``."""
    here = span(doc, lines, start, end)
    return ProgrammeRecord(
        record_id=record_id(doc, name, start),
        doc=doc,
        name=name,
        variants=tuple(v for v in dedupe(list(variants)) if v != name),
        ministry=ministry,
        budgets=tuple(dict.fromkeys(budgets)),
        rates=tuple(dict.fromkeys(rates)),
        caps=tuple(dict.fromkeys(caps)),
        eligible=dedupe(list(eligible)),
        covered_costs=dedupe(list(covered_costs)),
        conditions=dedupe(list(conditions)),
        period=period,
        summary=summary,
        line_start=start,
        line_end=end,
        source_text=here.text,
        sources=(here,),
        notes=dedupe(list(notes)),
    )
