"""Programme records for the UI: one row per programme, lists joined as written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.records.text import normalise_year
from ui.kpi_table import sources_label
from ui.labels import shorten


def _join(values: Any) -> str:
    if not values:
        return ""
    if isinstance(values, str):
        return values
    return "／".join(str(v) for v in values if v)


def _term(x: Any, key: str) -> str:
    """「1/2以内（運行経費補助）」: a rate or cap with the condition it applies under."""
    if isinstance(x, str):
        return x
    return f"{x.get(key)}（{x['condition']}）" if x.get("condition") else str(x.get(key) or "")


def budget_label(b: dict[str, Any]) -> str:
    """「40.6百万円（令和6年度当初）」, 「R8当初」, 「5,500百万円の内数（R8当初）」."""
    when = f"{b.get('fiscal_year') or ''}{b.get('kind') or ''}"
    amount = b.get("amount") or ""
    if amount and "内数" in (b.get("note") or ""):
        amount += "の内数"
    if amount and when:
        return f"{amount}（{when}）"
    return amount or when


def budget_years(rec: dict[str, Any]) -> list[str]:
    """The fiscal years of a programme's budgets, as R-years where the document writes 令和 (R8)."""
    return [y for b in rec.get("budgets") or [] if (y := normalise_year(b.get("fiscal_year")))]


def programme_rows(records: Sequence[dict[str, Any]], titles: dict[str, str] | None = None) -> list[dict[str, Any]]:
    titles = titles or {}
    rows = []
    for r in records:
        doc = r.get("doc", "")
        rows.append(
            {
                "事業・制度": r.get("name") or "",
                "予算": "／".join(budget_label(b) for b in r.get("budgets") or []),
                "補助率": "／".join(_term(x, "rate") for x in r.get("rates") or []),
                "上限": "／".join(_term(x, "cap") for x in r.get("caps") or []),
                "対象者": _join(r.get("eligible")),
                "対象経費": _join(r.get("covered_costs")),
                "期間": r.get("period") or "",
                "概要": r.get("summary") or "",
                "条件": _join(r.get("conditions")),
                "所管": r.get("ministry") or "",
                "別名": _join(r.get("variants")),
                "備考": _join(r.get("notes")),
                "出典": f"{shorten(titles.get(doc, doc), 18)} {sources_label(r)}",
            }
        )
    return rows
