"""Logged answers by outcome (answered, or withheld for one reason) with the ratings officials gave them.

Read by ``assistant feedback`` from either backend's query log, so a maintainer sees which kind of
abstention officials rate down: a 👎 on ``confidence`` abstentions points at the fitted gate, one on
``evidence`` ones at retrieval or the documents, one on ``constraint`` ones at the question's conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, get_args

from assistant.types import AbstainedBy

#: Outcomes in report order: an answer, then the reasons of `Answer.abstained_by`, then abstentions logged
#: before the reason was kept (``unrecorded``).
OUTCOMES = ("answered", *get_args(AbstainedBy), "unrecorded")

#: Japanese labels for officials and maintainers reading the table.
LABELS = {
    "answered": "回答した",
    "evidence": "控えた：該当する記載なし",
    "constraint": "控えた：条件に合う記載なし",
    "confidence": "控えた：確認できず",
    "unrecorded": "控えた：理由の記録なし",
}


@dataclass(frozen=True)
class OutcomeCount:
    """The logged answers of one outcome and the thumbs up / down they received."""

    outcome: str
    answers: int
    up: int
    down: int

    @property
    def down_share(self) -> float | None:
        """The share of rated answers rated down (None when none was rated)."""
        rated = self.up + self.down
        return self.down / rated if rated else None


def as_utc(when: datetime) -> datetime:
    """``when`` in UTC; a naive time is read as UTC, so both stores count alike whatever the process's or server's zone."""
    return (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).astimezone(UTC)


def outcome_sql(
    answers: str, feedback: str, live: str, since: str | None = None, reason: str = "a.abstained_by"
) -> str:
    """The grouping query over ``answers`` and ``feedback``: ``live`` excludes stubs, ``since`` is a time's placeholder,
    ``reason`` names the reason's column (NULL for a file from before it)."""
    after = f" AND a.time >= {since}" if since else ""
    return f"""SELECT CASE WHEN NOT a.abstained THEN 'answered' ELSE COALESCE({reason}, 'unrecorded') END
                 AS outcome,
               COUNT(*) AS answers,
               COALESCE(SUM((SELECT COUNT(*) FROM {feedback} f WHERE f.answer_id = a.id AND f.rating = 'up')), 0)
                 AS up,
               COALESCE(SUM((SELECT COUNT(*) FROM {feedback} f WHERE f.answer_id = a.id AND f.rating = 'down')), 0)
                 AS down
        FROM {answers} a
        WHERE {live}{after}
        GROUP BY 1"""


def outcome_counts(rows: Iterable[Mapping[str, Any]]) -> list[OutcomeCount]:
    """Rows of `outcome_sql` as counts in `OUTCOMES` order (every outcome listed, unknown ones last)."""
    found = {str(r["outcome"]): OutcomeCount(str(r["outcome"]), int(r["answers"]), int(r["up"]), int(r["down"]))
             for r in rows}  # fmt: skip
    known = [found.pop(o, OutcomeCount(o, 0, 0, 0)) for o in OUTCOMES]
    return known + [found[o] for o in sorted(found)]


def format_outcomes(counts: list[OutcomeCount]) -> str:
    """A plain-text table: outcome, answers, 👍, 👎, share rated down."""
    total = sum(c.answers for c in counts) or 1
    lines = [f"{'outcome':<12} {'answers':>8} {'share':>6} {'up':>5} {'down':>5} {'down/rated':>10}  label"]
    for c in counts:
        share = "-" if c.down_share is None else f"{c.down_share:.2f}"
        lines.append(
            f"{c.outcome:<12} {c.answers:>8} {c.answers / total:>6.2f} {c.up:>5} {c.down:>5} {share:>10}  "
            f"{LABELS.get(c.outcome, c.outcome)}"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class RatedDown:
    """One 👎 with what it was given on: the question, the answer, why it was withheld, the official's comment."""

    answer_id: str
    time: str
    question: str | None  # None for an answer never logged (the query log off): only the rating was kept
    answer: str | None
    abstained: bool | None
    abstained_by: str | None
    comment: str | None


def rated_down_sql(
    answers: str, feedback: str, limit: str, since: str | None = None, reason: str = "a.abstained_by"
) -> str:
    """The newest 👎 joined to their answers; ``limit`` and ``since`` are placeholders, ``reason`` as `outcome_sql`'s."""
    after = f" AND f.time >= {since}" if since else ""
    return f"""SELECT f.answer_id, f.time, a.question, a.answer, a.abstained, {reason} AS abstained_by, f.comment
        FROM {feedback} f JOIN {answers} a ON a.id = f.answer_id
        WHERE f.rating = 'down'{after}
        ORDER BY f.time DESC, f.id DESC LIMIT {limit}"""


def rated_down(rows: Iterable[Mapping[str, Any]]) -> list[RatedDown]:
    """Rows of `rated_down_sql` as `RatedDown` (times as ISO text, ``abstained`` as a bool)."""
    out = []
    for r in rows:
        at = r["time"]
        out.append(
            RatedDown(
                answer_id=str(r["answer_id"]),
                time=at if isinstance(at, str) else at.isoformat(timespec="milliseconds"),
                question=r["question"],
                answer=r["answer"],
                abstained=None if r["abstained"] is None else bool(r["abstained"]),
                abstained_by=r["abstained_by"] if r["abstained"] else None,
                comment=r["comment"],
            )
        )
    return out
