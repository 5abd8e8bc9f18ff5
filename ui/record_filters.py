"""Which records and columns a table shows: keyword matching over every field, empty columns dropped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.records.text import normalise_year


def drop_empty_columns(rows: list[dict[str, Any]], keep: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The rows without the columns that are empty (None, "", "—") in every row."""
    columns = [k for k in (rows[0] if rows else {}) if k in keep or any(row[k] not in (None, "", "—") for row in rows)]
    return [{k: row[k] for k in columns} for row in rows]


def matches(record: dict[str, Any], query: str) -> bool:
    """Whether every word of ``query`` occurs in the record (width- and case-insensitive)."""
    words = [w for w in re.split(r"\s+", unicodedata.normalize("NFKC", query or "").lower()) if w]
    if not words:
        return True
    hay = unicodedata.normalize("NFKC", " ".join(_flatten(record))).lower()
    return all(w in hay for w in words)


def _flatten(value: Any) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _flatten(v)
    else:
        yield str(value)


def _fold(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).lower()


def programme_filter(
    records: Iterable[dict[str, Any]],
    rate: str | None = None,
    eligible: str | None = None,
    budget_year: str | None = None,
) -> list[dict[str, Any]]:
    """Programmes with a rate containing ``rate``, an applicant containing ``eligible`` and a budget in ``budget_year``.

    ``budget_year`` is an R-year (R8); the documents' 令和8年度 counts as R8.
    """
    out = []
    for r in records:
        if rate and not any(_fold(rate) in _fold(x.get("rate")) for x in r.get("rates") or []):
            continue
        if eligible and not any(_fold(eligible) in _fold(e) for e in r.get("eligible") or []):
            continue
        if budget_year and budget_year not in {normalise_year(b.get("fiscal_year")) for b in r.get("budgets") or []}:
            continue
        out.append(r)
    return out
