"""Whether a value belongs to the numbered member a question asks: 「第3回」「3回目」「2次公募」「第2期」.

Members of a numbered series share every word but their number (第1回 / 第3回の委員会, 1次 / 2次公募, 第1期 / 第2期
総合戦略): retrieval and the sentence scores weigh a number least, so a sibling's sentence with a value of its own
can answer (「第3回はいつ」 answered with 「第1回…:令和6年10月9日」). The value's own member is the nearest label
written before it in its sentence; a value with none before it belongs to the members its words name. A question
naming two members compares them and asks none alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.ordinal import written_number
from assistant.text.normalize import nfkc

_N = r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})"
#: A member's label: 「第3回」「3回目」 (a meeting), 「第2期」「2期」, 「第1弾」, 「2次公募」「第三次」 (a round or an edition).
#: A bare 「3回」 counts (年3回開催), and 次 without 第 only labels a call (「二次交通」 is a kind of transport).
_LABEL = re.compile(
    rf"第\s?{_N}\s?(回|次|期|弾)|{_N}\s?(回目|期|弾)(?!間)|{_N}\s?次(?=\s?(?:公募|募集|採択|選定|締切))"
)
_UNIT = {"回目": "回"}


@dataclass(frozen=True)
class Numbered:
    """A numbered member as written: where its label ends, its number and its unit (回, 次, 期, 弾)."""

    end: int
    n: int
    unit: str


def numbered_in(text: str) -> list[Numbered]:
    """The numbered members ``text`` writes, in order (「第1回 R6/10/9 - 第2回 R6/12/4」 -> 1 回, 2 回)."""
    found = []
    for m in _LABEL.finditer(text):
        number = m.group(1) or m.group(3) or m.group(5)
        unit = m.group(2) or m.group(4) or "次"
        found.append(Numbered(m.end(), written_number(number), _UNIT.get(unit, unit)))
    return found


def asked_numbered(question: str) -> Numbered | None:
    """The one numbered member a question asks (None for none, or for two compared: 「第1期と第2期の違い」)."""
    members = {(m.n, m.unit): m for m in numbered_in(nfkc(question))}
    return next(iter(members.values())) if len(members) == 1 else None


def numbered_unmet(question: str, stated: str, key: str | None) -> bool:
    """The question asks one numbered member and the value ``key`` in ``stated`` is another's.

    The value is the member's whose label stands nearest before it; with none before it (or no value), ``stated``
    must name the asked member when it names members of that unit at all. Naming none is left to the gate."""
    asked = asked_numbered(question)
    if asked is None:
        return False
    text = nfkc(stated)
    labels = [m for m in numbered_in(text) if m.unit == asked.unit and m.n > 0]
    if not labels:
        return False
    at = text.find(nfkc(key)) if key else -1
    before = [m for m in labels if m.end <= at]
    if before:
        return before[-1].n != asked.n
    return asked.n not in {m.n for m in labels}
