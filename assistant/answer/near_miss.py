"""Near misses read from the answer's own words: a value the question already gives, a span it is not over.

Each is a feature of the confidence gate (`confidence.FEATURES`), weighed by the fitted model, not a rule:

- `value_echoed`: the value is one the question itself writes (「約2,000地区のうち、北海道は」 answered 「約2,000地区」).
- `span_other`: the question names a span (「施行後3年間」) and the answer states it only over others (「5年間」).
"""

from __future__ import annotations

import re

from assistant.answer.chat_checks import numbers_in
from assistant.answer.values import DURATION
from assistant.text.normalize import normalize
from assistant.text.years import YEAR_PATTERN, years_in

#: A year tag in brackets after a value (「(2026年)」「(R7)」「(令和9年度)」).
_YEAR_TAG = re.compile(rf"[(（]\s*(?:{YEAR_PATTERN})\s*[)）]")


def value_echoed(question: str, key: str | None) -> bool:
    """Whether every number of the value ``key`` is written in the question: the answer repeats what was given.

    Not a date: 「R7の報告会はいつ」 answered 「令和7年度」 gives the year the question names, as asked. A value's year
    tag in brackets (「3,800億円(2026年)」) is no part of it: 「3,800億円の目標に対して現状は」 answered with the target is
    still an echo."""
    if not key:
        return False
    value = _YEAR_TAG.sub(" ", normalize(key))
    if years_in(value):
        return False
    numbers = set(numbers_in(value))  # thousands separators dropped: 2,000 == 2000
    return bool(numbers) and numbers <= set(numbers_in(question))


def spans_in(text: str) -> set[str]:
    """The spans of years or months ``text`` writes (「施行後5年間」 -> 5年), without their 間/程度 tails."""
    return {normalize(m.group(0)).replace(" ", "").rstrip("間程度以内ほど前後") for m in DURATION.finditer(text)}


def span_other(question: str, said: str) -> bool:
    """Whether the question names a span and ``said`` (what the answer states) gives only other spans."""
    asked = spans_in(normalize(question))
    stated = spans_in(normalize(said))
    return bool(asked and stated and not asked & stated)
