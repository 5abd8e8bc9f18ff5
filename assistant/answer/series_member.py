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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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
#: The words an edition's name ends with: a run cut down to the question's words must end as a name does
#: (「全国総合開発計画」), not anywhere (「地域福祉」 of 「地域福祉の計画」, a plan the question does not name).
_NAME_END = re.compile(r"(計画|戦略|構想|方針|指針|大綱|ビジョン|プラン|プログラム)$")
#: The body whose meetings a bare ordinal counts: the noun before 「の3回目」「の第3回」, or after 「第3回の」.
_BODY = re.compile(
    r"([\u4e00-\u9fff\u30a1-\u30ff]{2,})の\s*(?:第\s*[0-9一二三四五六七八九十]+\s*回|[0-9一二三四五六七八九十]+\s*回目)"
    r"|第\s*[0-9一二三四五六七八九十]+\s*回の([\u4e00-\u9fff\u30a1-\u30ff]{2,})"
)


@dataclass(frozen=True)
class Member:
    """A series member as a text writes it: its number (None for the series' name alone), unit and name."""

    n: int | None
    unit: str  # 「回」「次」「期」 ("" when written without a label)
    name: str  # the words after the label: 「全国総合開発計画」 ("" for 「2回目」's bare counter)
    body: str = ""  # for a member with no name, the body the question says it belongs to (「推進部会の3回目」)


def labels_in(text: str) -> list[Member]:
    """Every labelled member ``text`` writes (「第三次全国総合開発計画」 -> 3, 次, 全国総合開発計画)."""
    return [member for _, _, member in labels_at(nfkc(text))]


def labels_at(text: str) -> list[tuple[int, int, Member]]:
    """`labels_in` with where each label stands in ``text`` (already normalised): its start and the end of its number
    and unit (「第3回地域…」 -> 0, 3)."""
    return [
        (m.start(), m.end(2), Member(written_number(m.group(1)), m.group(2), m.group(3))) for m in _LABEL.finditer(text)
    ]


def asked_member(question: str, turn: str | None = None) -> Member | None:
    """The series member a question names by a label (「第三次…計画」) or an ordinal (「2回目の会議」 -> 第2回), else
    None. A question naming two members (a comparison) names none for this purpose.

    ``turn``: a follow-up as typed, ``question`` then being its query with the carried subject. The member the turn
    names is the one asked, not the one the subject carries (「3回目は？」 after 「…委員会の第1回は？」); a bare
    ordinal's body may come from the subject (「その3回目は？」 after 「…委員会は何回開かれた？」)."""
    if turn:
        own = asked_member(turn)
        if own is not None:
            if own.name or own.body:
                return own
            return Member(own.n, own.unit, "", _body(nfkc(question)))
    text = nfkc(question)
    labelled = labels_in(text)
    if len(labelled) == 1:
        m = labelled[0]
        return m if m.name else Member(m.n, m.unit, "", _body(text))  # 「…委員会の第3回は」
    if labelled:
        return None
    o = ordinal_of(text)
    if o is not None and o.n is not None and o.counter == "回目":
        return Member(o.n, "回", "", _body(text))  # 「2回目の会議」 counts meetings, written 第2回
    return None


#: A meeting body named anywhere (「地域生活圏専門委員会、本会合は…」): its name ends with what bodies are called, and
#: runs on through them (「国土審議会推進部会地域生活圏専門委員会」 is one body).
_BODY_NAME = re.compile(
    r"[\u4e00-\u9fff\u30a1-\u30ffA-Za-z]{2,}?(?:委員会|審議会|部会|協議会|会議|分科会|研究会|懇談会|WG)"
    r"(?![\u4e00-\u9fff\u30a1-\u30ffA-Za-z])"  # the name ends there: 商工会議所 is no 会議
)


def _body(question: str) -> str:
    """The body a bare ordinal belongs to (「地域交通会議の3回目」 -> 地域交通会議), else the one body the question names
    (「…専門委員会、その3回目は」), else ""."""
    m = _BODY.search(question)
    if m:
        return m.group(1) or m.group(2)
    named = {b.group(0) for b in _BODY_NAME.finditer(question)}
    return next(iter(named)) if len(named) == 1 else ""


def same_series(a: Member, asked: Member, passage: str = "") -> bool:
    """Whether the writing ``a`` is a member of the series ``asked`` is in: one unit, and names sharing a run at their
    start; for an asked member with no name, ``a``'s name or passage writes the body the question names."""
    if a.unit != asked.unit:
        return False
    if not asked.name:
        # 「推進部会の3回目」: another body's 第3回 is no member; with no body named, no writing is known to be one.
        # A label's own name decides (「第3回専門委員会」 is no 推進部会's); a bare 「第3回:」, the passage it stands in.
        body = asked.body
        if not body:
            return False
        return body in a.name or _tail_of(a.name, body) if a.name else body in passage
    if not a.name:
        return True  # 「第3回:…」 in a schedule: the series its list stands under
    if asked.unit == "回" and _tail_of(a.name, asked.name) and not _other_body(passage, a.name, asked.name):
        return True  # 「第1回専門委員会」 is the short form of 「第2回地域生活圏専門委員会」's body
    k = min(_MIN_NAME, len(a.name), len(asked.name))
    return a.name[:k] == asked.name[:k]


def _other_body(passage: str, short: str, full: str) -> bool:
    """Whether ``passage`` names another body than ``full`` that ``short`` is also the short form of (「国土利用・管理
    専門委員会」 beside 「第3回専門委員会」, when 「…地域生活圏専門委員会」 is asked)."""
    return any(
        b.endswith(short) and b != short and not full.endswith(b) and not b.endswith(full)
        for b in (_unnumbered(passage, m) for m in _BODY_NAME.finditer(passage))
    )


def _unnumbered(passage: str, m: re.Match[str]) -> str:
    """A body's name as matched, less the counter of the ordinal written before it (「第1回景観審議会」 -> 景観審議会)."""
    name = m.group(0)
    if m.start() and passage[m.start() - 1].isdigit() and name[0] in "回次期":
        return name[1:]
    return name


def _tail_of(name: str, body: str) -> bool:
    """Whether ``name`` is the body's short form, its own head noun (「専門委員会」 of 「地域生活圏専門委員会」)."""
    return len(name) >= _MIN_NAME and body.endswith(name)


def series_names(question: str, texts: Sequence[str]) -> set[str]:
    """The names of editions (`_EDITIONS`) ``texts`` write after a label that the question writes with no label (「全国総合開発計画」
    asked, 「第四次全国総合開発計画」 written)."""
    q = nfkc(question)
    names = set()
    for m in (m for t in texts for m in labels_in(t) if m.unit in _EDITIONS):
        # The run may go on past the name the question writes (「…計画閣議決定」): cut it back to a name's end.
        name = next((m.name[:k] for k in range(len(m.name), _MIN_NAME - 1, -1) if _names(q, m.name, k)), "")
        if name and _written_alone(q, name, closed=True):
            names.add(name)
    return names


def _names(question: str, name: str, k: int) -> bool:
    """Whether the question writes ``name``'s first ``k`` characters, ending as a name ends (`_NAME_END`; a label's
    run may stop at kana inside a name too: 「第2期青葉市子ども…」 reads 「青葉市子」)."""
    return name[:k] in question and _NAME_END.search(name[:k]) is not None


def _written_alone(text: str, name: str, closed: bool = False) -> bool:
    """Whether ``text`` writes ``name`` once as its own name: no label or other name word just before it
    (「…、全国総合開発計画（」, not 「第四次全国総合開発計画」「新全国総合開発計画」); ``closed``: nor a kanji just
    after it (「国土形成計画法」 is a law, not the plan). Only a question is read closed: a document may run the name
    into its next word (「…計画策定以降」)."""
    for m in re.finditer(re.escape(name), text):
        before, after = text[: m.start()], text[m.end() : m.end() + 1]
        if before and (_NAME_CHAR.match(before[-1]) or re.search(r"第\s*[0-9]+\s*$", before)):
            continue
        if closed and re.match(r"[\u4e00-\u9fff]", after):
            continue
        return True
    return False


def rank(text: str, asked: Member | None, names: set[str], passage: str = "") -> int:
    """0: ``text`` writes the member asked; 2: it writes the asked series only as other members; 1: neither.

    ``asked`` is the labelled member the question names; with none, ``names`` are the series names it writes alone.
    ``passage`` (normalised) is the text the sentence stands in, read for a bare ordinal's body."""
    if asked is not None:
        mine = [m for m in labels_in(text) if same_series(m, asked, passage)]
        if not mine:
            return 1
        return 0 if any(m.n == asked.n for m in mine) else 2
    written = [n for n in names if n in nfkc(text)]
    if not written:
        return 1
    return 0 if any(_written_alone(nfkc(text), n) for n in written) else 2


def member_first(cands: list[Any], question: str, turn: str | None = None) -> list[Any]:
    """``cands`` with the sentences writing the member asked moved up to where the first sentence naming only other
    members of its series stood (see the module docstring); unchanged when none stands before them. ``turn``: a
    follow-up as typed (`asked_member`)."""
    if not cands:
        return cands
    asked = asked_member(question, turn)
    # nfkc: 「第３次」 written full width must reach the rule too (`labels_in` reads normalised text).
    if asked is None and not _LABEL.search(nfkc(" ".join(c.sentence.clean for c in cands))):
        return cands  # no series in the question nor the sentences: the common case, read cheaply
    if asked is not None and not asked.name and not asked.body:
        return cands  # 「3回目」 of no body the question names: any body's 第3回 may be another's
    names = set() if asked is not None else series_names(question, [c.sentence.clean for c in cands])
    if asked is None and not names:
        return cands
    bare = asked is not None and not asked.name  # only a bare ordinal reads the passage: its normalising costs
    ranks = [rank(c.sentence.clean, asked, names, _passage(c) if bare else "") for c in cands]
    if 2 not in ranks or 0 not in ranks[ranks.index(2) :]:
        return cands  # no sibling, or the member asked already leads its siblings
    first = ranks.index(2)
    rest = list(zip(cands[first:], ranks[first:], strict=True))
    return list(cands[:first]) + [c for c, r in rest if r == 0] + [c for c, r in rest if r != 0]


def _passage(cand: Any) -> str:
    """The normalised heading and text of the passage a candidate sentence stands in ("" when it carries none)."""
    hit = getattr(cand, "hit", None)
    return nfkc(f"{hit.chunk.heading}\n{hit.chunk.search_text}") if hit is not None else ""


#: How deep retrieval is read for a passage writing the member asked, when none of the top passages does.
MEMBER_DEPTH = 20


def with_member_passage(
    question: str, turn: str | None, hits: list[Any], k: int, deeper: Callable[[int], Sequence[Any]]
) -> list[Any]:
    """``hits`` with the passages writing the member asked (「第4回専門委員会：令和7年3月19日」) ahead of those writing
    only its siblings (「第1回…」), as `member_first` orders sentences; when none of the top ``k`` writes it, the first
    deeper passage that does is put in the last of the top ``k`` places first: siblings share every word but the
    number, which retrieval weighs least. Unchanged for a question naming no numbered member with a name or body."""
    asked = asked_member(question, turn)
    if asked is None or asked.n is None or not (asked.name or asked.body) or len(hits) < k:
        return hits

    def rank_of(hit: Any) -> int:
        """0: writes the member asked; 2: writes only other members of its series; 1: none of it."""
        passage = nfkc(f"{hit.chunk.heading}\n{hit.chunk.search_text}")  # the body a bare ordinal or short name is of
        mine = [m for m in labels_in(hit.chunk.search_text) if m.n and same_series(m, asked, passage)]
        return 1 if not mine else 0 if any(m.n == asked.n for m in mine) else 2

    ranks = [rank_of(h) for h in hits[:k]]
    if 0 not in ranks:
        top = {h.chunk.chunk_id for h in hits[:k]}
        found = next((h for h in deeper(MEMBER_DEPTH) if h.chunk.chunk_id not in top and rank_of(h) == 0), None)
        if found is None:
            return hits
        hits = [*hits[: k - 1], found, *(h for h in hits[k - 1 :] if h.chunk.chunk_id != found.chunk.chunk_id)]
        ranks = [*ranks[: k - 1], 0]
    if 2 in ranks and 0 in ranks[ranks.index(2) :]:
        first = ranks.index(2)
        head = list(zip(hits[first:k], ranks[first:], strict=True))
        hits = [*hits[:first], *(h for h, r in head if r == 0), *(h for h, r in head if r != 0), *hits[k:]]
    # Each passage takes the rank of its new place: the gate reads a citation's rank (`confidence.cited_rank`), and
    # the API lists the passages by it.
    return [h if h.rank == i + 1 else replace(h, rank=i + 1) for i, h in enumerate(hits)]
