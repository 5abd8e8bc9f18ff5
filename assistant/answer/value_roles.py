"""A value's role in a progress-table row (基準値, 実績値, 目標値, 進捗率) against the role a question asks.

A progress table writes each KPI's figures in one row, 「フォロワー数 6,522人(R2) 28,672人(R6) 14,500人(R7) 197.7%」,
and only the column says which is which. The KPI records read those columns at build time, so the row's roles are
looked up there, not parsed again: a value whose role differs from the asked one is no answer (「今何人」 answered by the
R2 baseline, 「現在何件」 by the target); the row's value of the asked role is, when the row writes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.question.figure_role import asked_figure_role
from assistant.records.models import REPEAT_MARK, KpiRecord, KpiValue
from assistant.text.normalize import normalize
from assistant.text.years import years_in

#: A row's figure and the year bracket after it: 「6,522人 (R2)」.
_YEAR_AFTER = re.compile(r"^\s?[(（]([^()（）]{1,10})[)）]")


@dataclass(frozen=True)
class RowFigure:
    """One figure of a KPI's row: its value as written (normalised), its year and its role."""

    value: str
    year: str | None
    role: str  # "baseline", "actual", "target" or "progress"


def _figures(record: KpiRecord) -> list[RowFigure]:
    """The record's figures with their roles, each one with a value."""

    def fig(v: KpiValue | None, role: str) -> list[RowFigure]:
        return [RowFigure(normalize(v.value), v.year, role)] if v is not None and v.value else []

    out = fig(record.baseline, "baseline")
    for a in record.actuals:
        out += fig(a, "actual")
    if record.baseline is not None and not any(f.role == "actual" for f in out):
        # No actual read (「4拠点から9拠点へ」「113,500ha(R5) → (R11)」): the baseline is the state reached.
        out += fig(record.baseline, "actual")
    for t in record.targets:
        out += fig(t, "target")
    if record.progress and re.search(r"\d", record.progress):
        out.append(RowFigure(normalize(record.progress), None, "progress"))
    return out


def _names(record: KpiRecord) -> list[str]:
    """The indicator's names as a row writes them (its （再掲） mark dropped)."""
    names = [record.indicator, record.indicator.replace(REPEAT_MARK, ""), *record.variants]
    return [n for n in dict.fromkeys(normalize(x).strip() for x in names) if len(n) >= 4]


def _same(a: str, b: str) -> bool:
    """The same figure however spaced (「113,600 ha」「113,600ha」), or one with a word before it (「累計600件」「計600件」),
    never a figure ending another's digits (「20カ所」 is not 「120カ所」)."""
    a, b = re.sub(r"\s", "", a), re.sub(r"\s", "", b)
    short, long = sorted((a, b), key=len)
    return a == b or (bool(short) and long.endswith(short) and not re.search(r"[\d,.]$", long[: -len(short)]))


def _holds(key: str, value: str) -> bool:
    """Whether ``key`` writes the figure ``value`` whole (「8都市から13都市」 holds 「8都市」, not 「18都市」)."""
    k, v = re.sub(r"\s", "", key), re.sub(r"\s", "", value)
    return bool(v) and bool(re.search(r"(?<![\d,.])" + re.escape(v), k))


def _row(sentence: str, at: int, kpis: Sequence[KpiRecord]) -> tuple[list[KpiRecord], str]:
    """The records whose name stands nearest before ``at`` in ``sentence``, and their row's text from there up to the
    next record's name."""
    best, start = [], -1
    for r in kpis:
        for name in _names(r):
            pos = sentence.rfind(name, 0, at)
            if pos > start:
                best, start = [r], pos
            elif pos == start and pos >= 0 and r not in best:
                best.append(r)
    if start < 0:
        return [], ""
    end = len(sentence)
    for r in kpis:
        for name in _names(r):
            nxt = sentence.find(name, at)
            if 0 <= nxt < end:
                end = nxt
    return best, sentence[start:end]


def _roles(figures: list[RowFigure], value: str, year: set[str]) -> set[str]:
    """The roles a value written with ``year`` (maybe none) has among a row's figures."""
    same = [f for f in figures if _same(f.value, value)]
    dated = [f for f in same if f.year and years_in(f.year) & year] if year else []
    return {f.role for f in (dated or same)}


def row_role(sentence: str, key: str, kpis: Sequence[KpiRecord]) -> tuple[set[str], list[RowFigure]]:
    """The roles ``key`` has in the progress-table row it stands in (empty when the sentence is no record's row),
    and the row's figures the sentence writes."""
    s, k = normalize(sentence), normalize(key)
    bare = re.sub(r"\s?[(（][^()（）]{1,10}[)）]\s?$", "", k)  # 「6,522人 (R2)」: its year read apart
    at = s.find(k)
    if at < 0 or not bare:
        return set(), []
    records, row = _row(s, at, kpis)
    after = _YEAR_AFTER.match(s[at + len(bare) :])
    year = set(years_in(after.group(1))) if after else set(years_in(k[len(bare) :]))
    for r in records:
        figures = [f for f in _figures(r) if re.sub(r"\s", "", f.value) in re.sub(r"\s", "", row)]
        if len({f.value for f in figures if _holds(bare, f.value)}) > 1:
            return set(), []  # 「8都市から13都市」: a span of the row's figures, no one role
        if roles := _roles(figures, bare, year):
            return roles, figures
    return set(), []


def kpi_rows_of(records: object) -> tuple[KpiRecord, ...]:
    """The KPI records of a store that lists them (`RecordCatalog.kpis`), else none."""
    listing = getattr(records, "kpis", None)
    return tuple(listing()) if callable(listing) else ()


def role_unmet(question: str, key: str | None, sentence: str, kpis: Sequence[KpiRecord]) -> str:
    """ "role" when a value answer from a progress-table row gives a figure of another role than the asked one
    (「現在何件」 answered by the row's target or an earlier baseline), else ""."""
    asked = asked_figure_role(question)
    if not asked or not key:
        return ""
    roles, _ = row_role(sentence, key, kpis)
    return "role" if roles and asked not in roles else ""


def row_value_of_role(question: str, key: str, sentence: str, kpis: Sequence[KpiRecord]) -> str | None:
    """The row's figure of the asked role, as the sentence writes it, when ``key`` has another role: the latest
    actual for 「現在」, the baseline for 「当初」; None when the row writes none or ``key`` is of that role."""
    asked = asked_figure_role(question)
    if not asked:
        return None
    roles, figures = row_role(sentence, key, kpis)
    if not roles or asked in roles:
        return None
    mine = [f for f in figures if f.role == asked]
    if not mine:
        return None
    pick = mine[-1] if asked == "actual" else mine[0]  # the latest actual; the first target
    s = normalize(sentence)
    found = list(re.finditer(r"\s?".join(re.escape(c) for c in re.sub(r"\s", "", pick.value)), s))
    if len(found) == 1:
        return found[0].group(0)
    # The same figure in several columns (「20カ所 (R2) 20カ所 (R6)」): the one with the pick's year, its year kept.
    for m in found:
        after = _YEAR_AFTER.match(s[m.end() :])
        if after and pick.year and years_in(after.group(1)) & years_in(pick.year):
            return s[m.start() : m.end() + after.end()]
    return None
