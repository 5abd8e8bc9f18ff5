"""KPI records for the UI: figures and progress as written, one row per KPI, the charts' points.

The records come merged from the index (one per KPI, with every source), so the UI lists them as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from ui.labels import lines_ja, shorten
from ui.record_filters import drop_empty_columns

_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")


def percent_value(progress: str | None) -> float | None:
    """``"82.9％"`` -> 82.9; ``"-％"``, ``"集計中"`` or None -> None."""
    if not progress:
        return None
    text = unicodedata.normalize("NFKC", str(progress)).replace(",", "")
    if "%" not in text and not re.fullmatch(r"\s*[-+]?\d+(?:\.\d+)?\s*", text):
        return None
    m = _NUM.search(text)
    return float(m.group()) if m else None


def kpi_value(v: dict[str, Any] | None, *, with_year: bool = True) -> str:
    """A KPI figure as written: ``60.9％（R2）``, ``集計中（7月頃）`` or ``—``."""
    if not v:
        return "—"
    value = (v.get("value") or "").strip()
    status = (v.get("status") or "").strip()
    year = (v.get("year") or "").strip()
    text = value or status or "—"
    if value and status:
        text = f"{value}（{status}）"
    if with_year and year and text != "—":
        text = f"{text}（{year}）"
    return text


def kpi_is_pending(rec: dict[str, Any]) -> bool:
    status = rec.get("status") or ""
    if "集計中" in status:
        return True
    actuals = rec.get("actuals") or []
    return bool(actuals) and not (actuals[-1].get("value")) and "集計中" in (actuals[-1].get("status") or "")


def kpi_progress_label(rec: dict[str, Any]) -> str:
    pct = percent_value(rec.get("progress"))
    if kpi_is_pending(rec) and pct is None:
        return "集計中"
    if pct is None:
        return (rec.get("progress") or "—").strip() or "—"
    return (rec.get("progress") or "").strip()


def _year_order(year: str) -> tuple[int, str]:
    m = re.fullmatch(r"R(\d+)", unicodedata.normalize("NFKC", year))
    return (int(m.group(1)), "") if m else (10**6, year)


def actual_years(records: Iterable[dict[str, Any]]) -> list[str]:
    """The years that have actuals, in order (R3, R4, … then other spellings and 年不明)."""
    seen: dict[str, None] = {}
    for r in records:
        for a in r.get("actuals") or []:
            seen.setdefault((a.get("year") or "").strip() or "（年不明）", None)
    return sorted(seen, key=_year_order)


def targets_label(rec: dict[str, Any]) -> str:
    """Every target as written: ``63.9％（R6）``, ``実人数1,000万人、延べ人数1億人``."""
    shown = []
    for t in rec.get("targets") or []:
        text = kpi_value(t)
        if text != "—" and t.get("label") and t.get("value"):
            text = f"{t['label']} {text}"
        shown.append(text)
    return "、".join(s for s in shown if s != "—") or "—"


def _number(text: str | None) -> float | None:
    m = _NUM.search(unicodedata.normalize("NFKC", text or "").replace(",", ""))
    return float(m.group()) if m else None


def series_points(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The points of a KPI's line chart: baseline, each actual with a figure, then the targets with a year.

    Years are the documents' (R2, R3 …); a pending actual (集計中) has no point. The figures of one
    indicator share its unit, so they are drawn on one axis as written (1,274.46万人 → 1274.46).
    """
    points = []
    base = rec.get("baseline") or {}
    if base.get("year") and _number(base.get("value")) is not None:
        points.append({"年": base["year"], "値": _number(base["value"]), "種別": "基準値", "表示": base["value"]})
    for a in rec.get("actuals") or []:
        if a.get("year") and a.get("value") and _number(a["value"]) is not None:
            points.append({"年": a["year"], "値": _number(a["value"]), "種別": "実績", "表示": a["value"]})
    for t in rec.get("targets") or []:
        if t.get("year") and _number(t.get("value")) is not None:
            points.append({"年": t["year"], "値": _number(t["value"]), "種別": "目標値", "表示": t["value"]})
    return points


def has_series(rec: dict[str, Any]) -> bool:
    """True when the KPI has at least two dated figures besides its target (a line to draw)."""
    return sum(1 for p in series_points(rec) if p["種別"] != "目標値") >= 2


def sources_label(rec: dict[str, Any]) -> str:
    """``167行目`` or ``167行目 ほか1か所`` for a record read in several places."""
    sources = rec.get("sources") or [rec]
    first = lines_ja(sources[0].get("line_start"), sources[0].get("line_end"))
    return first if len(sources) == 1 else f"{first} ほか{len(sources) - 1}か所"


def kpi_rows(
    records: Sequence[dict[str, Any]],
    titles: dict[str, str] | None = None,
    *,
    project: bool = True,
    source: bool = True,
    source_doc: bool = True,
) -> list[dict[str, Any]]:
    """One row per KPI record for the table (columns in Japanese, yearly actuals as columns).

    Columns that are empty for every row (no actuals, no progress) are left out.
    """
    titles = titles or {}
    years = actual_years(records)
    rows = []
    for r in records:
        row: dict[str, Any] = {}
        if project:
            row["プロジェクト"] = r.get("project") or "（プロジェクトの区分なし）"
        row["評価指標"] = r.get("indicator") or ""
        row["単位"] = r.get("unit") or ""
        row["基準値"] = kpi_value(r.get("baseline"))
        by_year: dict[str, str] = {}
        for a in r.get("actuals") or []:
            y = (a.get("year") or "").strip() or "（年不明）"
            by_year[y] = kpi_value(a, with_year=False)
        for y in years:
            row[f"実績 {y}"] = by_year.get(y, "")
        row["目標値"] = targets_label(r)
        row["進捗率"] = kpi_progress_label(r)
        row["進捗率(%)"] = percent_value(r.get("progress"))
        if source:
            doc = r.get("doc", "")
            row["出典"] = f"{shorten(titles.get(doc, doc), 18)} {sources_label(r)}" if source_doc else sources_label(r)
        rows.append(row)
    return drop_empty_columns(rows, keep=("評価指標",))


def chart_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bars for the progress chart: one per KPI with a numeric progress; labels kept unique."""
    rows = [
        {
            "指標": shorten(r.get("indicator") or "", 28),
            "進捗率(%)": percent_value(r.get("progress")),
            "プロジェクト": r.get("project") or "（区分なし）",
            "進捗率": (r.get("progress") or "").strip(),
        }
        for r in records
    ]
    rows = [r for r in rows if r["進捗率(%)"] is not None]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["指標"]] = counts.get(r["指標"], 0) + 1
    for r in rows:
        if counts[r["指標"]] > 1:
            r["指標"] = f"{r['指標']}（{shorten(r['プロジェクト'], 14)}）"
    return rows
