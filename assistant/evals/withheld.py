"""Why answers were withheld: the share of items abstained on for each reason the answerer gives (`abstained_by`).

A false abstention has three causes a maintainer fixes in different places: no passage the rules could read an answer
from (`evidence`: extraction and retrieval), a passage under another condition than asked (`constraint`: the year,
member or part check), or an answer found and judged too unsure by the fitted gate (`confidence`: its features and
fit). The same split over the unanswerable items shows which part catches the near misses. Shares are over all the
items of the group, so the answerable ones add up to the false abstention.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

REASONS = ("evidence", "constraint", "confidence")
TITLE = "Why answers were withheld (share of the answerable / unanswerable items, by reason)"


def shares(reasons: Sequence[str | None]) -> dict[str, float | None]:
    """The share of ``reasons`` (one per item, None when it answered) that is each of `REASONS`; None for no items
    (as the abstention figures of an empty group are)."""
    n = len(reasons)
    return {r: round(sum(1 for x in reasons if x == r) / n, 4) if n else None for r in REASONS}


def withheld(
    answerable: Sequence[str | None], unanswerable: Sequence[str | None]
) -> dict[str, dict[str, float | None]]:
    """The reasons' shares over the answerable items (false abstentions) and over the unanswerable ones."""
    return {"answerable": shares(answerable), "unanswerable": shares(unanswerable)}


def withheld_rows(report: dict[str, Any], key: str = "by_split") -> tuple[list[str], list[list[str]]]:
    """One row per group of ``key``: the answerable items' shares by reason, then the unanswerable ones'."""
    headers = ["group", *(f"false abst: {r}" for r in REASONS), *(f"abst: {r}" for r in REASONS)]
    rows = []
    for group, g in report.get(key, {}).items():
        w = (g.get("answers") or {}).get("withheld")
        if w:
            cells = [w[side][r] for side in ("answerable", "unanswerable") for r in REASONS]
            rows.append([group, *("–" if c is None else f"{c:.3f}" for c in cells)])
    return headers, rows
