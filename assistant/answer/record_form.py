"""Whether a record's answer has the form the question asks: a figure does not say why, nor when, nor another span.

A record holds figures (a KPI's values and years, a programme's rate, cap and budget). Three question forms
a record's figure cannot answer, whatever record the question names:

- 「…が少ないのはなぜ」「…の理由は」: a reason is asked; the record states amounts, not causes.
- 「…の達成年度は」 (a date alone asked): the answer's lead must state a date (「1万km」 is no year).
- 「施行後3年間の目標は」: the question names a span that the answer states only as another (「施行後5年間」).
"""

from __future__ import annotations

from assistant.answer.answered import answer_lead
from assistant.answer.near_miss import span_other
from assistant.question.kinds import VALUE_PATTERNS, QueryIntent
from assistant.question.words import HARD_VALUE_KINDS
from assistant.text.normalize import normalize


def record_answers_form(intent: QueryIntent, text: str) -> bool:
    """Whether a record's answer ``text`` (its lead before ``[1]``, then its summary) can answer ``intent``."""
    if intent.wants("reason"):
        return False
    lead = normalize(answer_lead(text))
    asked = [k for k in HARD_VALUE_KINDS if intent.wants(k)]
    # A pending count (「集計中」) answers 「いつ集計されるか」 without a date.
    if asked == ["date"] and not VALUE_PATTERNS["date"].search(lead) and "集計" not in lead:
        return False
    return not span_other(intent.text, text)
