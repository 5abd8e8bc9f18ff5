"""The member of a numbered series a single question names: 「第三次全国総合開発計画」「第5回の委員会」「2回目の会議」.

A series' members share every word but their label (第3次 / 第4次全国総合開発計画, 第1回 / 第2回委員会), and the
series' own name is a member too (全国総合開発計画, the first plan, before 第二次…). Retrieval and the sentence scores
weigh a number least, so a sibling's sentence, written with the same words and a date of its own, can outrank the
asked member's. When a sentence naming the series only as other members stands before one writing the member the
question names (its label, or the series' name with no label when the question writes none), the asked member's
sentences move up to its place. Nothing else moves: a question naming no series, or a series no sentence writes as
asked, keeps its order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer.ordinal import ordinal_of, written_number
from assistant.text.normalize import nfkc

#: A member's label and the name written after it: 「第3次国土形成計画」「第三次全国総合開発計画」「第5回地域生活圏…」.
_LABEL = re.compile(r"第\s*([0-9]+|[一二三四五六七八九十]+)\s*(回|次|期)([\u4e00-\u9fff\u30a1-\u30ff]*)")
#: The shortest run of a series' name two writings must share to be one series (「全国総合」, not 「計画」 alone).
_MIN_NAME = 4
#: The units whose series' name alone is a member too: 全国総合開発計画 before 第二次…, 総合戦略 before 第2期…. A
#: meeting's name alone (地域生活圏専門委員会) is the body holding every 第N回, no member of the series.
_EDITIONS = ("次", "期")
#: What may close a series name before the question goes on (「…計画の」「…委員会は」): a kanji or katakana may not.
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff\u30a1-\u30ff]")


@dataclass(frozen=True)
class Member:
    """A series member as a text writes it: its number (None for the series' name alone), unit and name."""

    n: int | None
    unit: str  # 「回」「次」「期」 ("" when written without a label)
    name: str  # the words after the label: 「全国総合開発計画」 ("" for 「2回目」's bare counter)


def labels_in(text: str) -> list[Member]:
    """Every labelled member ``text`` writes (「第三次全国総合開発計画」 -> 3, 次, 全国総合開発計画)."""
    return [Member(written_number(m.group(1)), m.group(2), m.group(3)) for m in _LABEL.finditer(nfkc(text))]


def asked_member(question: str) -> Member | None:
    """The series member a question names by a label (「第三次…計画」) or an ordinal (「2回目の会議」 -> 第2回), else
    None. A question naming two members (a comparison) names none for this purpose."""
    text = nfkc(question)
    labelled = labels_in(text)
    if len(labelled) == 1:
        return labelled[0]
    if labelled:
        return None
    o = ordinal_of(text)
    if o is not None and o.n is not None and o.counter == "回目":
        return Member(o.n, "回", "")  # 「2回目の会議」 counts meetings, written 第2回
    return None


def _same_series(a: Member, b: Member) -> bool:
    """Whether two labelled writings are members of one series: one unit, and names sharing a run at their start."""
    if a.unit != b.unit:
        return False
    if not a.name or not b.name:
        return True  # 「2回目」 names no series noun: any 第N回
    k = min(_MIN_NAME, len(a.name), len(b.name))
    return a.name[:k] == b.name[:k]


def series_names(question: str, texts: Sequence[str]) -> set[str]:
    """The names of editions (`_EDITIONS`) ``texts`` write after a label that the question writes with no label (「全国総合開発計画」
    asked, 「第四次全国総合開発計画」 written)."""
    q = nfkc(question)
    names = set()
    for m in (m for t in texts for m in labels_in(t) if m.unit in _EDITIONS):
        name = m.name
        while len(name) >= _MIN_NAME and name not in q:
            name = name[:-1]  # the run may go on past the name the question writes (「…計画閣議決定」)
        if len(name) >= _MIN_NAME and _written_alone(q, name):
            names.add(name)
    return names


def _written_alone(text: str, name: str) -> bool:
    """Whether ``text`` writes ``name`` once as its own name: no label or other name word just before it
    (「…、全国総合開発計画（」, not 「第四次全国総合開発計画」「新全国総合開発計画」)."""
    for m in re.finditer(re.escape(name), text):
        before = text[: m.start()]
        if not before or not (_NAME_CHAR.match(before[-1]) or re.search(r"第\s*[0-9]+\s*$", before)):
            return True
    return False


def rank(text: str, asked: Member | None, names: set[str]) -> int:
    """0: ``text`` writes the member asked; 2: it writes the asked series only as other members; 1: neither.

    ``asked`` is the labelled member the question names; with none, ``names`` are the series names it writes alone."""
    if asked is not None:
        mine = [m for m in labels_in(text) if _same_series(m, asked)]
        if not mine:
            return 1
        return 0 if any(m.n == asked.n for m in mine) else 2
    written = [n for n in names if n in nfkc(text)]
    if not written:
        return 1
    return 0 if any(_written_alone(nfkc(text), n) for n in written) else 2


def member_first(cands: list[Any], question: str) -> list[Any]:
    """``cands`` with the sentences writing the member asked moved up to where the first sentence naming only other
    members of its series stood (see the module docstring); unchanged when none stands before them."""
    if not cands:
        return cands
    asked = asked_member(question)
    if asked is None and not _LABEL.search(" ".join(c.sentence.clean for c in cands)):
        return cands  # no series in the question nor the sentences: the common case, read cheaply
    names = set() if asked is not None else series_names(question, [c.sentence.clean for c in cands])
    if asked is None and not names:
        return cands
    ranks = [rank(c.sentence.clean, asked, names) for c in cands]
    if 2 not in ranks or 0 not in ranks[ranks.index(2) :]:
        return cands  # no sibling, or the member asked already leads its siblings
    first = ranks.index(2)
    rest = list(zip(cands[first:], ranks[first:], strict=True))
    return list(cands[:first]) + [c for c, r in rest if r == 0] + [c for c, r in rest if r != 0]
