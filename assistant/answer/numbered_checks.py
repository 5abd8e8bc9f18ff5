"""Whether a value belongs to the numbered member a question asks: 「第3回」「3回目」「2次公募」「第2期」.

Members of a numbered series share every word but their number (第1回 / 第3回の委員会, 1次 / 2次公募, 第1期 / 第2期
総合戦略): retrieval and the sentence scores weigh a number least, so a sibling's sentence with a value of its own
can answer (「第3回はいつ」 answered with 「第1回…:令和6年10月9日」).

Only labels of the asked series count (`series_member.same_series`: 第2次総合計画 is no member of 第3次産業's
series, and another body's 第3回 none of this committee's). A value's owner is the label written right after it
(「9月8日(第2回)」), else the nearest before it; a sentence that names the asked member before the value is about
it, whatever other members it mentions (「第2期は、第1期の成果を踏まえ…」). The check says "unmet" only when no
writing of the value belongs to the asked member and some belongs to another; anything less is left to the gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.ordinal import CALL_ROUND, written_number
from assistant.answer.series_member import Member, asked_member, labels_at, same_series
from assistant.text.normalize import nfkc

#: A call's round written without 第 (`ordinal.CALL_ROUND`: 「2次公募」, not 「二次交通」), its number not inside a longer
#: one nor a word (「第3次産業」 is a labelled member, read by `series_member`).
_ROUND = re.compile(rf"(?<![0-9第\u4e00-\u9fff]){CALL_ROUND}")
#: What may stand between a value and a label written after it as its own (「9月8日(第2回)」「9月8日 第2回会議」):
#: spaces, a bracket or a separator, no word (「26件採択 2次公募」 is 1次's value, the next round's label after it).
_AFTER = re.compile(r"[\s(（、,・/]{0,3}")


@dataclass(frozen=True)
class _Label:
    """A label of the asked series in the stated text: where it starts and ends, and its number."""

    start: int
    end: int
    n: int


def _rounds(text: str) -> list[_Label]:
    return [_Label(m.start(), m.end(), written_number(m.group(1))) for m in _ROUND.finditer(text)]


def _asked(question: str) -> tuple[Member | None, int | None]:
    """The series member asked (`series_member.asked_member`), or else the one call round asked (「2次公募」)."""
    member = asked_member(question)
    if member is not None:
        return member, None
    rounds = {label.n for label in _rounds(nfkc(question))}
    return None, (next(iter(rounds)) if len(rounds) == 1 else None)


def _series_labels(text: str, member: Member | None, round_n: int | None) -> tuple[list[_Label], int]:
    """The labels of the asked series ``text`` writes, and the asked number."""
    if member is not None:
        labels = [_Label(s, e, m.n) for s, e, m in labels_at(text) if m.n and same_series(m, member, text)]
        return labels, member.n or 0
    return _rounds(text), round_n or 0


def _owner(text: str, at: int, end: int, labels: list[_Label]) -> _Label | None:
    """The label a value written at ``at``..``end`` belongs to: the one right after it, else the nearest before."""
    after = next((lb for lb in labels if lb.start >= end), None)
    if after is not None and _AFTER.fullmatch(text[end : after.start]):
        return after
    before = [lb for lb in labels if lb.end <= at]
    return before[-1] if before else None


def numbered_unmet(question: str, stated: str, key: str | None) -> bool:
    """The question asks one member of a numbered series and ``stated`` gives the value ``key`` only as another's.

    With no value, ``stated`` must name the asked member when it names members of its series at all; a value not
    written in ``stated`` is left to the gate."""
    member, round_n = _asked(question)
    if member is None and round_n is None:
        return False
    text = nfkc(stated)
    labels, asked = _series_labels(text, member, round_n)
    if not labels or not asked:
        return False
    if not key:
        return asked not in {lb.n for lb in labels}
    value = nfkc(key)
    # Every writing of the value, not one inside a longer number (「5件」 in 「15件」).
    spots = [m.start() for m in re.finditer(re.escape(value), text) if not re.search(r"[0-9.,]$", text[: m.start()])]
    if not spots or any(lb.n == asked and lb.end <= spots[0] for lb in labels):
        return False  # not written here, or the sentence names the asked member before it: it is about it
    owners = [_owner(text, at, at + len(value), labels) for at in spots]
    return all(o is not None and o.n != asked for o in owners)
