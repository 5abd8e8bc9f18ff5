"""A list ordinal: 「3つ目は？」「2番目は？」「最後の柱は？」 after a question about a numbered list, the member named.

Documents number a list's members with a marker of one style (「１．…」「(2)…」「③…」「(ii)…」), not with a label a
series ordinal can read (「第3回」「コラム5」: `answer.ordinal`). A user who asked about the list (「政策の柱はいくつ？」)
asks a member by its place in it, in words that share nothing with the member (「3つ目は？」); carrying the subject
brings back the list's heading, never the third line. So the list is read where the conversation's question finds it:
of the numbered runs in the passages retrieved for that question (and the passage the last answer showed), the one
whose heading says most of what the question asked. The turn is then asked alone by the member's words
(「人や企業の地方分散は？」, or 「Xの出生数は？」 for 「2つ目の時期の出生数は？」), the passages writing them first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.ordinal import Ordinal, ordinal_of
from assistant.question.words import frame_tokens
from assistant.retrieval.interfaces import Retriever
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: The counters that count a list's members (「3つ目」「2番目」「4個目」); 「3回目」 counts meetings (`answer.ordinal`).
_LIST_COUNTERS = frozenset(("つ目", "番目", "個目"))
#: Passages read for the list: those retrieved for the question that asked about it.
K = 5
#: Passages read after each of them: a list runs on past the passage holding its heading (「３．政策の５本柱」).
FOLLOWING = 2
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳
#: What may open a line before its marker: blanks, a bullet, or a table of contents' page number and tab.
_LEAD = r"^[\s\-・•]*(?:[0-9]+\t)?\s*"
#: The marker styles, each read on the raw line (NFKC would write ① as 1): the style's name and its number's group.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("circled", re.compile(_LEAD + r"([\u2460-\u2473])\s*(?=\S)")),
    ("paren", re.compile(_LEAD + r"[(（]\s*([0-9０-９]{1,2})\s*[)）]\s*(?=\S)")),
    ("roman", re.compile(_LEAD + r"[(（]\s*(i{1,3}|iv|v|vi{1,3}|ix|x)\s*[)）]\s*(?=\S)")),
    ("dot", re.compile(_LEAD + r"([0-9０-９]{1,2})\s*[.．]\s*(?=[^\s0-9０-９])")),
)
#: Where a member's name ends: its gloss (「：…」「～…～」), a bracket, a table's tab, or the end of a sentence.
_NAME_END = re.compile(r"[:：～〜(（\t。]")
#: The longest member name kept (a line running on is a sentence, not a name).
_NAME_MAX = 40
#: Share of the list question's words (IDF-weighted) a run's heading must write: the list asked about, not any list
#: its passages hold.
MIN_HEADING_SHARE = 0.3
#: Lines before a run read as its heading (「３．政策の５本柱」「以下の3つに整理…」).
_HEAD_LINES = 3


@dataclass(frozen=True)
class Member:
    """One member of a numbered list: its number and its name as written."""

    number: int
    name: str


@dataclass(frozen=True)
class NumberedList:
    """A run of members numbered 1, 2, 3… in one marker style, and the lines written just before it."""

    members: tuple[Member, ...]
    heading: str

    def at(self, n: int | None) -> Member | None:
        """Member ``n`` (the last one for None), else None."""
        if n is None:
            return self.members[-1]
        return self.members[n - 1] if 0 < n <= len(self.members) else None


def _number(style: str, raw: str) -> int:
    """The number a marker writes."""
    if style == "circled":
        return _CIRCLED[raw]
    if style == "roman":
        return _ROMAN[raw]
    return int(nfkc(raw))


def _name(rest: str) -> str:
    """A member's name: the line after its marker up to its gloss, blanks and emphasis marks (「**…**」) removed."""
    name = _NAME_END.split(rest, maxsplit=1)[0]
    return re.sub(r"[\s*]+", "", nfkc(name))[:_NAME_MAX]


def numbered_lists(text: str) -> list[NumberedList]:
    """The runs of numbered members in ``text`` (two members or more, each style counted on its own from 1)."""
    lines = text.splitlines()
    runs: dict[str, list[tuple[int, Member]]] = {}
    found: list[NumberedList] = []

    def close(style: str) -> None:
        run = runs.pop(style, [])
        if len(run) >= 2:
            first = run[0][0]
            head = " ".join([x.strip() for x in lines[:first] if x.strip()][-_HEAD_LINES:])
            found.append(NumberedList(tuple(m for _, m in run), head))

    for i, line in enumerate(lines):
        for style, rx in _STYLES:
            m = rx.match(line)
            if m is None:
                continue
            name = _name(line[m.end() :])
            if not name:
                break
            n = _number(style, m.group(1))
            run = runs.get(style, [])
            if run and n == run[-1][1].number + 1:
                run.append((i, Member(n, name)))
            else:
                close(style)
                if n == 1:
                    runs[style] = [(i, Member(n, name))]
            break
    for style in list(runs):
        close(style)
    return found


@dataclass(frozen=True)
class ListPick:
    """A list ordinal rewritten to name the member asked: the question to ask alone, the member's name, its passages."""

    question: str
    label: str
    written: tuple[Chunk, ...]


def _list_question(asked: Sequence[str]) -> str:
    """The newest question of the history asking by no ordinal: 「3つ目は？」 names no list, and the list a turn like
    「…の最初の例は？」 picked from is one member's own list, which the documents do not number as a run."""
    for q in reversed(asked):
        if ordinal_of(q) is None:
            return q
    return ""


def _fits(ordinal: Ordinal) -> bool:
    """A list ordinal: counted by a list's counter (「3つ目」「2番目」), or 最後/最初 with the noun it picks from."""
    return ordinal.counter in _LIST_COUNTERS or (not ordinal.counter and bool(ordinal.noun))


def pick_member(
    turn: str,
    history: Sequence[dict[str, str]] | None,
    docs: Sequence[str] | None,
    retriever: Retriever,
    following: Callable[[Chunk], list[Chunk]],
    shown: Callable[[], list[Chunk]],
    idf: Mapping[str, float],
) -> ListPick | None:
    """The turn as a question naming the list member it asks (see the module docstring), else None.

    ``following`` gives the passages after a chunk (a list often runs on past a passage's end); ``shown`` the
    passages the last answer quoted, read before the retrieved ones when their lists fit as well."""
    if not history:
        return None
    ordinal = ordinal_of(turn)
    if ordinal is None or not _fits(ordinal):
        return None
    asked = [m.get("content", "") for m in history if m.get("role") == "user"]
    question = _list_question(asked)
    if not question:
        return None
    # The words the list was asked by: the question's, and the turn's own before its ordinal (「地域経営のポイントの」).
    weights = _weights(f"{question} {nfkc(turn)[: ordinal.start]} {ordinal.noun}", idf)
    chunks: dict[str, Chunk] = {}
    for c in [*shown(), *(h.chunk for h in retriever.retrieve(question, K, docs))]:
        chunks.setdefault(c.chunk_id, c)
    best: tuple[float, Member, list[Chunk]] | None = None
    for chunk in chunks.values():
        window = [chunk, *following(chunk)]
        for run in numbered_lists("\n".join(c.text for c in window)):
            member = run.at(ordinal.n)
            said = _held(weights, run.heading)
            if member is not None and said >= MIN_HEADING_SHARE and (best is None or said > best[0]):
                best = (said, member, [c for c in window if _writes(c.text, member.name)])
    if best is None:
        return None
    _, member, written = best
    rest = nfkc(turn)[ordinal.end :]
    asked_now = f"{member.name}{rest}" if rest.strip("はのが？?。、 ") else f"{member.name}は？"
    return ListPick(asked_now, member.name, tuple(written))


def _weights(text: str, idf: Mapping[str, float]) -> dict[str, float]:
    """The nouns of ``text`` that are no question framing (a one-kanji 柱 included), IDF-weighted."""
    default = max(idf.values(), default=1.0)
    return {t: idf.get(t, default) for t in tokenize(text, nouns_only=True) if t not in frame_tokens()}


def _held(weights: Mapping[str, float], heading: str) -> float:
    """IDF share of ``weights`` whose words the run's heading writes."""
    total = sum(weights.values())
    text = nfkc(heading)
    words = set(tokenize(text, nouns_only=True))
    held = sum(w for t, w in weights.items() if t in words or (len(t) >= 2 and t in text))
    return held / total if total else 0.0


def _writes(text: str, name: str) -> bool:
    """Whether ``text`` writes the member's name (blanks and NFKC forms aside)."""
    return name in re.sub(r"\s+", "", nfkc(text))
