"""Ordinal follow-ups over a numbered series: 「3回目は？」 after 「第1回」, 「4番目のトピックの見出しは？」 after 「トピック6」.

The documents number the members of a series in a label (「〔第3回専門委員会：…〕」「～コラム5～」), and a user who
just read one member asks another by its place in the series, in words that share nothing with the label
(「3回目」「5番目の」「最後の」). Carrying the conversation's subject pulls retrieval back to the member already
answered, so the turn is rewritten to name the member asked by its label and asked on its own: a bare ordinal
(「3回目は？」) re-asks the question that named the earlier member with the label swapped (「…の第3回っていつ
開かれた？」); a turn with its own predicate keeps it (「コラム5のテーマは？」). 「最後の」 is the highest number the
series reaches in the documents the last answer quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.text.normalize import nfkc
from assistant.types import Chunk, Hit

_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九十", start=0)}

#: An ordinal in a turn: 「3回目」「5番目」「2つ目」「二つ目」, or the last / first one (「最後の」「最初の」).
_ORDINAL = re.compile(r"([0-9]+|[一二三四五六七八九十]+)(回目|番目|つ目|個目|本目)|(最後|最初)")
#: The series noun the ordinal may name after it (「5番目のコラム」「最後の柱」): katakana or a short kanji word.
_NOUN_AFTER = re.compile(r"の?([\u30a1-\u30ff]{2,}|[\u4e00-\u9fff]{1,3})")
#: What may follow a numeric ordinal naming no noun when it picks a member (「3回目は？」「2つ目の時期」): a topic or
#: case particle, or nothing (「3回目には」 too). 「2番目に多いのは」「3番目で…」 rank things by a measure; they pick no
#: member.
_PICKS_AFTER = re.compile(r"$|[はのがもを、,?？。 ]|って|には|では")
#: Blanks within a line: a label and its number are written on one line (「コラム 8」); across a line break the
#: number is a table of contents' page or the next item's (「サービス\n9」).
_SP = r"[^\S\n\r\t]*"

#: A member's label as the documents write it: 「第3回」「第2次」, or a katakana or case word and its number
#: (「コラム7」「ポイント1」「事例2」). The number may not run on into a longer one.
_LABELS = (
    re.compile(rf"第{_SP}([0-9]+){_SP}(回|次|章|期|弾|号)([\u4e00-\u9fff\u30a1-\u30ff]{{0,8}})"),
    # A particle may follow the number, as a question writes it (「コラム3を書いたのは」); a kanji or 「つ」 may not
    # (「ドローン5機」「2つ」: counts).
    re.compile(
        rf"([\u30a1-\u30ff]{{2,}}|事例|テーマ){_SP}([0-9]+)"
        r"(?![0-9.,]|(?!って|[はをのがでに])[\u3040-\u30ff\u4e00-\u9fff])"
    ),
)


@dataclass(frozen=True)
class Series:
    """A numbered series: how a member's label is written, with ``{n}`` for its number."""

    pattern: str  # 「第{n}回」「コラム{n}」
    noun: str  # the word naming the series: 「回」「コラム」
    suffix: str = ""  # what the label was written with after it (「専門委員会」 of 「第1回専門委員会」)

    def label(self, n: int) -> str:
        """The label of member ``n``, as short as a question writes it."""
        return self.pattern.format(n=n)

    def full(self, n: int) -> str:
        """The label of member ``n`` as the documents wrote the one read (「第3回専門委員会」: not 推進部会's 第3回)."""
        return self.label(n) + self.suffix

    def numbers(self, text: str) -> list[int]:
        """The numbers of this series' members written in ``text``."""
        head, _, tail = self.pattern.partition("{n}")
        rx = re.escape(head).replace(r"\ ", "") + _SP + "([0-9]+)" + _SP + re.escape(tail) + r"(?![0-9])"
        return [int(m.group(1)) for m in re.finditer(rx, nfkc(text))]


@dataclass(frozen=True)
class Ordinal:
    """An ordinal the turn asks: the member's number (None for the last one), the series noun named, where it is."""

    n: int | None
    noun: str
    start: int
    end: int
    counter: str  # 「回目」「番目」… ("" for 最後/最初)


def written_number(text: str) -> int:
    """「3」「三」「十二」 -> 3, 3, 12."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS.get(ones, 0) if ones else 0)
    return _KANJI_DIGITS.get(text, 0)


def ordinal_of(turn: str) -> Ordinal | None:
    """The ordinal a turn asks by (「3回目は？」 -> 3, 「最後のコラムは…」 -> last of コラム), else None."""
    text = nfkc(turn)
    m = _ORDINAL.search(text)
    if m is None:
        return None
    if m.group(3):
        n = 1 if m.group(3) == "最初" else None
        counter = ""
    else:
        n, counter = written_number(m.group(1)), m.group(2)
        if n <= 0:
            return None
    after = _NOUN_AFTER.match(text, m.end())
    noun = after.group(1) if after is not None and (after.group(0).startswith("の") or m.group(3)) else ""
    end = after.end() if noun else m.end()
    if m.group(3) and not noun:
        return None  # 「最初は何か所で…」 says when, not which member
    if not m.group(3) and not noun and not _PICKS_AFTER.match(text, m.end()):
        return None  # 「2番目に多いのは？」 ranks by a measure
    return Ordinal(n, noun, m.start(), end, counter)


def series_in(text: str, ordinal: Ordinal) -> Series | None:
    """The numbered series of ``text`` the ordinal can point into (its noun or counter must fit), else None."""
    text = nfkc(text)
    for rx in _LABELS:
        for m in rx.finditer(text):
            if rx is _LABELS[0]:
                series = Series(f"第{{n}}{m.group(2)}", m.group(2), m.group(3))
            else:
                series = Series(f"{m.group(1)}{{n}}", m.group(1))
            if ordinal.noun and not _names_series(ordinal.noun, series.noun):
                continue  # 「5番目のコラム」 points into コラム, not into 第N回
            if not ordinal.noun and ordinal.counter == "回目" and series.noun != "回":
                continue  # 「3回目」 counts meetings (第N回)
            return series
    return None


def _names_series(noun: str, series: str) -> bool:
    """Whether the noun after an ordinal names the series: 「コラム」 in 「コラム欄」, but a one-kanji series noun only
    whole (「最後の回」, not 「最後の回答」「回収」: words that begin with 回)."""
    if len(series) == 1:
        return noun == series
    return noun in series or series in noun


@dataclass(frozen=True)
class Pick:
    """An ordinal turn rewritten to name the member it asks: the question to ask alone and the member's label."""

    question: str
    label: str


#: The highest member number of a series written in the documents an answer quoted: (series, answer) -> number.
LastOf = Callable[[Series, str], int | None]


def pick(turn: str, history: Sequence[dict[str, str]] | None, last_of: LastOf | None = None) -> Pick | None:
    """The turn as a question naming the member it asks (see the module docstring), else None."""
    if not history:
        return None
    ordinal = ordinal_of(turn)
    if ordinal is None:
        return None
    answers = [m.get("content", "") for m in history if m.get("role") == "assistant"]
    asked = [m.get("content", "") for m in history if m.get("role") == "user"]
    # The series the user just read (the last answer), else the one a question named, newest first. An ordinal
    # naming its series (「最後のコラムは？」 after a turn answered from inside コラム5 without its label) also reads
    # the earlier answers; a bare list ordinal (「2つ目は？」) does not: any label an old answer wrote would take it.
    earlier = reversed(answers[:-1]) if ordinal.noun else ()
    read = [*answers[-1:], *reversed(asked), *earlier]
    series, source = next(((s, t) for t in read if (s := series_in(t, ordinal))), (None, ""))
    if (
        series is not None
        and series.suffix
        and source in asked
        and series.suffix not in nfkc(read[0] if answers else "")
    ):
        series = Series(series.pattern, series.noun)  # a question's 「第1回っていつ」: no written suffix
    if series is None:
        return None
    n = ordinal.n
    if n is None:
        n = last_of(series, answers[-1] if answers else "") if last_of is not None else None
        if n is None:
            return None
    label, full = series.label(n), series.full(n)
    text = nfkc(turn)
    rest = text[ordinal.end :]
    if not rest.strip("はのが？?。、 "):
        # A bare ordinal (「3回目は？」) asks again what the question naming an earlier member asked.
        for q in reversed(asked):
            if series.numbers(q):
                return Pick(_swap_member(q, series, label), full)
        return Pick(f"{label}は？", full)
    return Pick(f"{label}{rest}", full)  # 「コラム5のテーマは？」「コラム8は誰が書いてる？」


def _swap_member(question: str, series: Series, label: str) -> str:
    """``question`` with the series member it names replaced by ``label``."""
    head, _, tail = series.pattern.partition("{n}")
    rx = re.escape(head) + r"\s*[0-9]+\s*" + re.escape(tail) + r"(?![0-9])"
    return re.sub(rx, label, nfkc(question), count=1)


def holds_label(text: str, label: str) -> bool:
    """Whether ``text`` writes the member ``label`` (「第3回」 in 「〔第3回専門委員会…」, not in 「第13回」)."""
    compact = re.sub(r"\s+", "", nfkc(text))
    return re.search(rf"(?<![0-9]){re.escape(label)}(?![0-9])", compact) is not None


def last_number(series: Series, texts: Iterable[str]) -> int | None:
    """The highest member number of ``series`` written in ``texts`` (None when none is)."""
    return max((n for t in texts for n in series.numbers(t)), default=None)


def label_first(cands: list[Any], label: str) -> list[Any]:
    """Candidates whose sentence writes ``label`` first, then those whose passage does (order kept within each)."""

    def rank(c: Any) -> int:
        if holds_label(c.sentence.clean, label):
            return 0
        return 1 if holds_label(c.hit.chunk.search_text, label) else 2

    return sorted(cands, key=rank)


#: A conversation's history as a chat client sends it (None before the first turn).
History = Sequence[dict[str, str]] | None
#: An ordinal turn's `Pick` (None when it is none) and the passages writing the member's label.
Picked = tuple[Pick | None, list[Any]]


def pick_in(
    turn: str, history: History, passages: Any, shown: Callable[[], list[Any]], docs: Sequence[str] | None = None
) -> Picked:
    """`pick` reading the series in the ``passages`` (``len`` and ``at``) of the documents the ``shown`` passages
    (the last answer's) belong to, all of them in ``docs`` when it quoted none; and those passages writing the label.

    Only a turn asking by an ordinal reads them (most turns do not, and the shown passages cost a retrieval)."""
    if not history or ordinal_of(turn) is None:
        return None, []
    read = {c.doc for c in shown()}
    every = [c for c in map(passages.at, range(len(passages))) if docs is None or c.doc in docs]
    chunks = [c for c in every if c.doc in read] or every
    picked = pick(turn, history, lambda series, _: last_number(series, (c.search_text for c in chunks)))
    return picked, [c for c in chunks if picked is not None and holds_label(c.search_text, picked.label)]


def written_first(written: Sequence[Chunk], hits: Sequence[Hit]) -> list[Hit]:
    """The passages writing the member's label ahead of those retrieved: looked up by the label, they are the
    member's own (a number is the one word retrieval weighs least), scored as the best retrieved one."""
    if not written:
        return list(hits)
    top = max((h.score for h in hits), default=1.0)
    have = {c.chunk_id for c in written}
    ordered = [Hit(c, top, 0) for c in written] + [h for h in hits if h.chunk.chunk_id not in have]
    return [replace(h, rank=i) for i, h in enumerate(ordered, start=1)]
