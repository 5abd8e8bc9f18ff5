"""KPI and programme records as spreadsheet rows and CSV (UTF-8 with BOM, so Excel reads the Japanese).

Works on the records' JSON form (``to_dict()``), which is what the API returns and the UI holds, so
the API's ``?format=csv`` and the UI's download button give the same file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

BOM = "\ufeff"

KPI_HEADERS = ("文書", "プロジェクト", "評価指標", "単位", "基準値", "基準年")
KPI_TAIL = ("目標値", "進捗率", "出典")
PROGRAMME_HEADERS = (
    "文書", "事業・制度", "別名", "所管", "予算", "補助率", "上限", "支援対象", "対象経費", "期間", "出典",
)  # fmt: skip


def _value(v: Mapping[str, Any] | None) -> str:
    """「63.9％(R6)」, 「実人数1,000万人」, 「集計中（7月頃）」."""
    if not v:
        return ""
    text = v.get("value") or v.get("status") or ""
    if v.get("label") and v.get("value"):
        text = f"{v['label']}{text}"
    return f"{text}({v['year']})" if v.get("year") and text else text


def _sources(r: Mapping[str, Any]) -> str:
    spans = r.get("sources") or [
        {"doc": r.get("doc"), "line_start": r.get("line_start"), "line_end": r.get("line_end")}
    ]
    return "; ".join(f"{s['doc']} {s['line_start']}-{s['line_end']}行" for s in spans)


def _year_order(year: str) -> tuple[int, str]:
    m = re.fullmatch(r"R(\d+)", year)
    return (int(m.group(1)), "") if m else (10**6, year)


def actual_years(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every year an actual is given for, in order (R3, R4 … then other spellings)."""
    years = {a["year"] for r in records for a in r.get("actuals") or () if a.get("year")}
    return sorted(years, key=_year_order)


def kpi_rows(records: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows: one row per KPI, one column per actual year (実績 R3 …)."""
    years = actual_years(records)
    headers = [*KPI_HEADERS, *(f"実績 {y}" for y in years), "実績（年なし）", *KPI_TAIL]
    rows = []
    for r in records:
        by_year = {a.get("year"): a.get("value") or a.get("status") or "" for a in r.get("actuals") or ()}
        base = r.get("baseline") or {}
        rows.append(
            [
                r.get("doc") or "",
                r.get("project") or "",
                r.get("indicator") or "",
                r.get("unit") or "",
                base.get("value") or "",
                base.get("year") or "",
                *(by_year.get(y, "") for y in years),
                by_year.get(None, ""),
                "、".join(_value(t) for t in r.get("targets") or ()),
                r.get("progress") or "",
                _sources(r),
            ]
        )
    return headers, rows


def _term(x: Mapping[str, Any], key: str) -> str:
    return f"{x[key]}（{x['condition']}）" if x.get("condition") else str(x[key])


def _budget(b: Mapping[str, Any]) -> str:
    when = f"{b.get('fiscal_year') or ''}{b.get('kind') or ''}"
    text = " ".join(p for p in (b.get("amount") or "", when) if p)
    return f"{text}（{b['note']}）" if b.get("note") else text


def programme_rows(records: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows: one row per programme, lists joined with 「、」."""
    rows = [
        [
            r.get("doc") or "",
            r.get("name") or "",
            "、".join(r.get("variants") or ()),
            r.get("ministry") or "",
            "、".join(_budget(b) for b in r.get("budgets") or ()),
            "、".join(_term(x, "rate") for x in r.get("rates") or ()),
            "、".join(_term(x, "cap") for x in r.get("caps") or ()),
            "、".join(r.get("eligible") or ()),
            "、".join(r.get("covered_costs") or ()),
            r.get("period") or "",
            _sources(r),
        ]
        for r in records
    ]
    return list(PROGRAMME_HEADERS), rows


_NUMBER_LIKE = re.compile(r"-[\d.,]*[%％]?")


def _safe(cell: Any) -> str:
    """A cell a spreadsheet would run as a formula (= + - @ first) gets a leading quote; 「-％」 stays."""
    text = str(cell)
    if text[:1] in ("=", "+", "-", "@") and not _NUMBER_LIKE.fullmatch(text):
        return "'" + text
    return text


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV text with a BOM and CRLF line ends (what Excel expects)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_safe(c) for c in row] for row in rows)
    return BOM + out.getvalue()
