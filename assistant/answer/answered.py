"""What an answer named, for a later turn pointing back at it: its lead name, its record, a place it gave."""

from __future__ import annotations

import re

#: How an abstention begins: it names nothing.
ABSTAINED = "資料には該当する記載が"

_KEY = re.compile(r"^(?P<key>[^\s。、（(]{2,30}?)です \[1\]")
_DIGIT = re.compile(r"\d")


#: An era year written without digits (「令和元」「平成元年」): a date, not a thing a later turn can point at.
_ERA_YEAR = re.compile(r"^(?:令和|平成|昭和)(?:元|[一二三四五六七八九十]+)年?度?$")


def answer_lead(text: str) -> str:
    """What an answer says before its first citation mark (its value, or the passage it quotes first)."""
    return text.split("[1]", 1)[0]


def answered_name(answer: str) -> str | None:
    """The name an answer leads with (「KADOです [1]。…」 -> KADO); None for a figure, a date or a passage."""
    m = _KEY.match(answer.strip())
    if m is None or _DIGIT.search(m["key"]) or _ERA_YEAR.match(m["key"]):
        return None
    return m["key"]


#: How a records answer opens: 「<programme>: 補助率…」 or 「<KPI>の目標値は…です」.
_RECORD_LEAD = (
    re.compile(r"^(?P<name>[^\s:：【（(「」\[]{3,60}): "),
    re.compile(r"^(?P<name>[^\s【（(「\[]{3,60}?)の(?:進捗率|目標値|基準値|実績値)(?:は|の記載)"),
)


def answered_record(answer: str) -> str | None:
    """The KPI or programme a records answer is about (its full name), or None for another answer."""
    return next((m["name"] for p in _RECORD_LEAD if (m := p.match(answer.strip()))), None)


#: A municipality as written, with its prefecture when given (「鳥取県智頭町」「三豊市」).
_MUNICIPALITY = re.compile(r"(?:[\u3400-\u9fff]{2,3}[都道府県])?[\u3400-\u9fff]{1,4}[市町村区](?![\u3400-\u9fff])")


def answered_thing(question: str, answer: str) -> str | None:
    """What an answer named: its lead name, or for a 「どこ？」 question the first municipality it gives."""
    name = answered_name(answer)
    if name is not None or answer.startswith(ABSTAINED):
        return name
    from assistant.question.kinds import analyze

    if analyze(question).wants("place") and (m := _MUNICIPALITY.search(answer)):
        return m.group(0)
    return None
