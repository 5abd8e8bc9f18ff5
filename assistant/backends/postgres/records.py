"""KPI and programme records of a build, stored as JSONB rows and matched in memory.

The records are few (a KPI table row or a programme per row; hundreds per corpus) and matching a
question tokenises their names, so an API process reads its build's records once and serves
`RecordMatcher` and `RecordCatalog` from the same `RecordStore` the local backend uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg.types.json import Jsonb

from assistant.records.store import RecordStore, kpi_from_dict, programme_from_dict


def record_rows(records: Sequence[dict[str, Any]]) -> list[tuple[int, str, Jsonb]]:
    """Rows for the ``kpis`` / ``programmes`` tables."""
    return [(i, r.get("doc") or "", Jsonb(r)) for i, r in enumerate(records)]


def load_records(db, schema: str) -> RecordStore:
    """The build's records, in extraction order."""
    kpis = db.fetch(f"SELECT data FROM {schema}.kpis ORDER BY idx")
    programmes = db.fetch(f"SELECT data FROM {schema}.programmes ORDER BY idx")
    return RecordStore([kpi_from_dict(r[0]) for r in kpis], [programme_from_dict(r[0]) for r in programmes])
