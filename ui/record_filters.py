"""Which records and columns a table shows: keyword matching over every field, empty columns dropped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any


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
