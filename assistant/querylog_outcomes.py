"""Logged answers by outcome (answered, or withheld for one reason) with the ratings officials gave them.

Read by ``assistant feedback`` from either backend's query log, so a maintainer sees which kind of
abstention officials rate down: a 👎 on ``confidence`` abstentions points at the fitted gate, one on
``evidence`` ones at retrieval or the documents, one on ``constraint`` ones at the question's conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

from assistant.types import AbstainedBy

#: Outcomes in report order: an answer, then the reasons of `Answer.abstained_by`, then abstentions logged
#: before the reason was kept (``unrecorded``).
REASONS: tuple[str, ...] = get_args(AbstainedBy)
OUTCOMES = ("answered", *REASONS, "unrecorded")

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

    def to_dict(self) -> dict[str, Any]:
        """The count as the CLI's JSON and the API give it, with its label and the share rated down."""
        return asdict(self) | {"label": LABELS.get(self.outcome, self.outcome), "down_share": self.down_share}


def since_days(days: int | None) -> datetime | None:
    """The bound of "the last ``days`` days" (now, UTC), None for no bound."""
    return datetime.now(UTC) - timedelta(days=days) if days else None


def as_utc(when: datetime) -> datetime:
    """``when`` in UTC, a naive time read as UTC (both stores alike, whatever the process's or server's zone)."""
    return (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).astimezone(UTC)


def outcome_sql(
    answers: str, feedback: str, live: str, since: str | None = None, reason: str = "a.abstained_by"
) -> str:
    """The answers logged from ``since`` on (a placeholder) by outcome, with the ratings they received.

    ``live`` excludes stubs; ``reason`` names the reason's column (NULL in a log from before it).
    """
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


def known_reason(reason: Any) -> str | None:
    """``reason`` when it is one of `AbstainedBy`, else None: a row written by hand, by an older or a newer release."""
    return reason if reason in REASONS else None


def outcome_counts(rows: Iterable[Mapping[str, Any]]) -> list[OutcomeCount]:
    """Rows of `outcome_sql` as one count per outcome of `OUTCOMES`, in order; a reason not known counts as unrecorded."""
    totals = {o: [0, 0, 0] for o in OUTCOMES}
    for r in rows:
        name = str(r["outcome"])
        into = totals[name if name == "answered" or known_reason(name) else "unrecorded"]
        for i, key in enumerate(("answers", "up", "down")):
            into[i] += int(r[key])
    return [OutcomeCount(o, *totals[o]) for o in OUTCOMES]


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
    """The newest 👎 on the answers logged from ``since`` on (placeholders: ``limit``, ``since``; ``reason`` as above)."""
    after = f" AND a.time >= {since}" if since else ""  # the bound means what it means in `outcome_sql`
    return f"""SELECT f.answer_id, f.time, a.question, a.answer, a.abstained, {reason} AS abstained_by, f.comment
        FROM {feedback} f JOIN {answers} a ON a.id = f.answer_id
        WHERE f.rating = 'down'{after}
        ORDER BY f.time DESC, f.id DESC LIMIT {limit}"""


def rated_down(rows: Iterable[Mapping[str, Any]]) -> list[RatedDown]:
    """Rows of `rated_down_sql` as `RatedDown` (times as UTC ISO text, ``abstained`` as a bool, known reasons only)."""
    out = []
    for r in rows:
        at = r["time"]  # SQLite: UTC text; PostgreSQL: a datetime in the session's zone
        out.append(
            RatedDown(
                answer_id=str(r["answer_id"]),
                time=at if isinstance(at, str) else at.astimezone(UTC).isoformat(timespec="milliseconds"),
                question=r["question"],
                answer=r["answer"],
                abstained=None if r["abstained"] is None else bool(r["abstained"]),
                abstained_by=known_reason(r["abstained_by"]) if r["abstained"] else None,
                comment=r["comment"],
            )
        )
    return out
