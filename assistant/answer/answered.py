"""What an answer says first, and the record a records answer is about (for a later turn asking another field)."""

from __future__ import annotations

import re


def answer_lead(text: str) -> str:
    """What an answer says before its first citation mark (its value, or the passage it quotes first)."""
    return text.split("[1]", 1)[0]


#: How a records answer opens: 「<programme>: 補助率…」 or 「<KPI>の目標値は…です」.
_RECORD_LEAD = (
    re.compile(r"^(?P<name>[^\s:：【（(「」\[]{3,60}): "),
    re.compile(r"^(?P<name>[^\s【（(「\[]{3,60}?)の(?:進捗率|目標値|基準値|実績値)(?:は|の記載)"),
)


def answered_record(answer: str) -> str | None:
    """The KPI or programme a records answer is about (its full name), or None for another answer."""
    return next((m["name"] for p in _RECORD_LEAD if (m := p.match(answer.strip()))), None)
