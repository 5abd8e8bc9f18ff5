"""The query log's rows and inserts (``answers``, ``searches``), shared by `assistant.feedback_log.Store`
and the API's batching writer (`assistant.api.log_writer`), which writes several rows in one statement."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from typing import Any

from assistant.querylog_outcomes import known_reason

#: A table's insert: (the statement up to its rows, one row's placeholders, what follows the rows).
ANSWER_INSERT = (
    "INSERT INTO answers (id, time, question, answer, abstained, abstained_by, kind, source, citations, latency_ms, "
    "client, stub) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
    """ ON CONFLICT(id) DO UPDATE SET time=excluded.time, question=excluded.question, answer=excluded.answer,
      abstained=excluded.abstained, abstained_by=excluded.abstained_by, kind=excluded.kind, source=excluded.source,
      citations=excluded.citations, latency_ms=excluded.latency_ms, client=excluded.client, stub=0""",
)
SEARCH_INSERT = (
    "INSERT INTO searches (time, query, top_k, docs, hits, latency_ms, client) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?)",
    "",
)


def insert_sql(insert: tuple[str, str, str], rows: int = 1) -> str:
    """``insert`` as one statement for ``rows`` rows (SQLite writes them in order, as one insert each)."""
    head, row, tail = insert
    return head + ", ".join([row] * rows) + tail


ANSWER_SQL, SEARCH_SQL = insert_sql(ANSWER_INSERT), insert_sql(SEARCH_INSERT)


def now() -> str:
    """The time a row is written: UTC, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def as_dict(answer: Any) -> dict[str, Any]:
    """An `Answer`'s (or a mapping's) top-level fields; a dataclass is read, not copied.

    ``asdict`` deep-copied every citation and related passage only for the log to read a few fields
    and the citations' chunk ids (0.07 ms of the writer's time per answer).
    """
    if is_dataclass(answer) and not isinstance(answer, type):
        return {f.name: getattr(answer, f.name) for f in fields(answer)}
    if isinstance(answer, Mapping):
        return dict(answer)
    raise TypeError(f"expected an Answer or a mapping, got {type(answer).__name__}")


def chunk_ids(items: Iterable[Any]) -> list[str]:
    """The chunk ids of `Hit`s, `Citation`s, mappings with a ``chunk_id``, or ids."""
    ids = []
    for item in items or ():
        if isinstance(item, str):
            ids.append(item)
        elif isinstance(item, Mapping):
            ids.append(str(item.get("chunk_id")))
        else:
            chunk = getattr(item, "chunk", item)  # a Hit or a Citation
            ids.append(str(chunk.chunk_id))
    return ids


def logged_reason(answer: Mapping[str, Any]) -> str | None:
    """Why an answer was withheld (`Answer.abstained_by`); None for an answer given or a reason not of `AbstainedBy`.

    A client's mapping may hold anything: the log keeps only the answerer's reasons.
    """
    return known_reason(answer.get("abstained_by")) if answer.get("abstained") else None


def answer_row(answer: Any, latency_ms: float | None = None, client: str | None = None) -> tuple:
    """An answer's values for `ANSWER_INSERT`'s placeholders."""
    a = as_dict(answer)
    return (
        str(a["id"]),
        now(),
        a.get("question"),
        a.get("answer"),
        int(bool(a.get("abstained"))),
        logged_reason(a),
        a.get("kind"),
        a.get("source"),
        json.dumps(chunk_ids(a.get("citations") or []), ensure_ascii=False),
        latency_ms if latency_ms is not None else a.get("took_ms"),
        client,
    )


def search_row(
    query: str,
    hits: Iterable[Any],
    latency_ms: float | None = None,
    client: str | None = None,
    top_k: int | None = None,
    docs: Sequence[str] | None = None,
) -> tuple:
    """A search's values for `SEARCH_INSERT`'s placeholders."""
    return (
        now(),
        query,
        top_k,
        json.dumps(list(docs), ensure_ascii=False) if docs else None,
        json.dumps(chunk_ids(hits), ensure_ascii=False),
        latency_ms,
        client,
    )
