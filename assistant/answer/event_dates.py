"""Which dated sentence says when a thing happened: not one whose date labels a budget.

A fiscal year written as a budget's name (「(令和3年度補正予算:40百万円)」「令和4年度当初予算額」) says which budget pays
for a thing, not when it was set up, held or decided; a programme's page often opens with it, so it outranks the
sentence dating the event (「…プラットフォームを令和6年10月に設立」). When a question asks when and names no budget,
the sentences dating something else than a budget go first; with none, the budget's year still answers. A date
written for another event than the one asked (`date_scope.belongs_elsewhere`) does not answer at all.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answer.date_scope import belongs_elsewhere
from assistant.question.rules import asks
from assistant.text.normalize import nfkc

#: What follows a fiscal year naming a budget: 「補正予算」「当初予算額」「予算」, 「補正」 alone as tables write it.
#: 「当初」 alone is no budget: 「令和6年度当初から/に」 is the start of the fiscal year, an event's date.
_BUDGET_AFTER = re.compile(r"\s*(当初|補正|本)?予算|\s*補正(?![\u4e00-\u9fff])")


def labels_a_budget(sentence: str, value: str | None) -> bool:
    """Whether the date ``value`` is written as a budget's name in ``sentence`` (「令和6年度」 of 「令和6年度補正予算」)."""
    if not value:
        return False
    text, value = nfkc(sentence), nfkc(value)
    at = text.find(value)
    return at >= 0 and _BUDGET_AFTER.match(text, at + len(value)) is not None


def _passage(c: Any) -> str:
    """A candidate's passage with its heading (a test's bare sentence has none)."""
    hit = getattr(c, "hit", None)
    return f"{hit.chunk.heading}\n{hit.chunk.text}" if hit is not None else ""


def dated_first(cands: list[Any], question: str) -> list[Any]:
    """``cands`` less those dating another event and with a budget's year last, for a when question; else unchanged."""
    q = nfkc(question)
    if not asks("date", q):
        return cands
    # A budget's year is ordered below, not dropped: with no other date it still answers.
    own = [
        c
        for c in cands
        if labels_a_budget(c.sentence.clean, c.value)
        or not belongs_elsewhere(c.sentence.clean, c.value, q, _passage(c))
    ]
    if "予算" in q:
        return own
    return sorted(own, key=lambda c: labels_a_budget(c.sentence.clean, c.value))
