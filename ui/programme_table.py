"""Programme records for the UI: one row per programme, lists joined as written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.labels import lines_ja, shorten


def _join(values: Any) -> str:
    if not values:
        return ""
    if isinstance(values, str):
        return values
    return "／".join(str(v) for v in values if v)


def programme_rows(records: Sequence[dict[str, Any]], titles: dict[str, str] | None = None) -> list[dict[str, Any]]:
    titles = titles or {}
    rows = []
    for r in records:
        budget = r.get("budget") or ""
        if budget and r.get("budget_year") and r["budget_year"] not in budget:
            budget = f"{budget}（{r['budget_year']}）"
        rows.append(
            {
                "事業・制度": r.get("name") or "",
                "予算": budget,
                "補助率": _join(r.get("rates")),
                "上限": _join(r.get("caps")),
                "対象者": _join(r.get("eligible")),
                "対象経費・範囲": _join(r.get("coverage")),
                "条件": _join(r.get("conditions")),
                "所管": r.get("ministry") or "",
                "備考": _join(r.get("notes")),
                "出典": f"{shorten(titles.get(r.get('doc', ''), r.get('doc', '')), 18)} {lines_ja(r.get('line_start'), r.get('line_end'))}",
            }
        )
    return rows
