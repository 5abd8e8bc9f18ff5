"""A turn naming only another member of the series the turn before asked about: 「3回目は？」 after 「…の第1回はいつ？」.

Users walk a numbered series member by member (a committee's meetings, a festival's rounds, a list's items): the
turn writes only the member (「3回目は？」「第2回は？」「その2つ目は？」) and means the question before it, asked of that
member. The subject carried as words (「…委員会の第1回」 plus 「3回目は？」) keeps the old member's label and drops the
question word (いつ, どこ, 誰), so the sentence about the first meeting is found again. Here the turn becomes the
earlier question with its member replaced: 「地域生活圏専門委員会の第3回っていつ開かれた？」, asked as a question of its
own. The earlier question is the last one that wrote a member with more words than the member (turns of bare members
in between are walked past: 「2回目は？」 then 「4回目は？」 both rewrite the first full question).

Only a member of the same kind replaces a member, in the earlier question's writing: a meeting's round (「第1回」
「1回目」「初回」 -> 「第3回」), a list's item (「1つ目」「2番目」「最初の」 -> 「2つ目」), an edition (「第2期」 -> 「第3期」).
「3つ目は？」 after 「第2期計画の基本目標は？」 asks the third goal, not the third plan, and is left as it is; so is 「最後は？」
(no number to write). The earlier question must have stood alone: one that borrowed its subject from a turn before it
(「1回目はいつ？」 after 「景観審議会は何回開かれた？」) does not name the series by itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.ordinal import written_number
from assistant.answer.turn_words import without_opener
from assistant.text.normalize import nfkc

#: A number of one or two digits (not the end of a longer one: 「100回目」), or in kanji.
_NUMBER = r"(?<![0-9])[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
#: An ordinal's counter by the kind of member it counts: a meeting's round, or a list's item.
_ROUND_COUNTER = "回目"
_ITEM_COUNTERS = r"つ目|番目|本目|個目"
#: A member written alone as the whole turn (after NFKC): 「3回目は？」「第2回は？」「その2つ目は？」「じゃあ4番目は」.
_BARE = re.compile(
    r"^(?:(?:じゃあ|では|で|次に|なら|それなら)[、,]?\s*)?(?:その|この)?\s*"
    rf"(?:第\s*(?P<label>{_NUMBER})\s*(?P<unit>回|次|期)目?|(?P<ord>{_NUMBER})\s*(?P<counter>回目|{_ITEM_COUNTERS}))"
    r"(?:の(?:方|ほう|もの|やつ|回))?\s*(?:は|って|だと|なら|では)?\s*[？?。]?\s*$"
)
#: A member the earlier question writes: a label, an ordinal (not run into a word: 「年1回目標」), or the first one.
_WRITTEN = re.compile(
    rf"第\s*(?P<label>{_NUMBER})\s*(?P<unit>回|次|期)"
    rf"|(?P<ord>{_NUMBER})\s*(?P<counter>回目|{_ITEM_COUNTERS})(?![\u4e00-\u9fff])"
    r"|(?P<first>初回|最初の)"
)


def _kind(unit: str | None, counter: str | None, first: str | None = None) -> str:
    """The kind of member: 「回」 for a meeting's round, 「item」 for a list's, else the edition's unit (次, 期)."""
    if first:
        return "回" if first == "初回" else "item"
    if counter:
        return "回" if counter == _ROUND_COUNTER else "item"
    return unit or ""


def bare_member(turn: str) -> tuple[int, str] | None:
    """The number and kind (`_kind`) of the member a turn writes alone (「3回目は？」 -> (3, 回)), else None."""
    m = _BARE.match(nfkc(without_opener(turn.strip())))
    if m is None:
        return None
    n = written_number(m.group("label") or m.group("ord"))
    return (n, _kind(m.group("unit"), m.group("counter"))) if n > 0 else None


def _replaced(question: str, n: int, kind: str) -> str | None:
    """``question`` with the one member it writes renumbered to ``n``, else None (no member, two of them, or one of
    another kind)."""
    text = nfkc(question)
    found = list(_WRITTEN.finditer(text))
    if len(found) != 1:
        return None  # no member to replace, or a comparison of two
    m = found[0]
    if _kind(m.group("unit"), m.group("counter"), m.group("first")) != kind:
        return None  # 「3つ目は？」 after 「第2期計画の目標は？」: the third goal, not the third plan
    if m.group("first"):
        # 「最初の例」 -> 「2つ目の例」; 「初回」 is a meeting's: 「第2回」.
        member = f"第{n}回" if m.group("first") == "初回" else f"{n}つ目の"
        return text[: m.start()] + member + text[m.end() :]
    group = "label" if m.group("label") else "ord"
    return text[: m.start(group)] + str(n) + text[m.end(group) :]


def member_question(turn: str, asked_before: Sequence[tuple[str, bool]]) -> str | None:
    """The earlier question asked of the member the turn writes alone (see the module docstring), else None.

    ``asked_before``: the earlier questions in order, each with whether it stood alone."""
    member = bare_member(turn)
    if member is None:
        return None
    for earlier, alone in reversed(asked_before):
        if bare_member(earlier) is not None:
            continue  # 「2回目は？」 between: the full question stands before it
        if not alone:
            return None  # it borrowed its subject: renumbered alone, it would lose it
        replaced = _replaced(without_opener(earlier.strip()), *member)
        return replaced if replaced is not None and replaced != nfkc(earlier.strip()) else None
    return None


#: The last member written alone: 「最後のは？」「じゃあ最後は？」.
_BARE_LAST = re.compile(
    r"^(?:(?:じゃあ|では|で|なら)[、,]?\s*)?(?:その)?\s*最後(?:の(?:方|ほう|もの|やつ))?の?\s*(?:は|って|だと)?\s*[？?。]?\s*$"
)


def _bare_item(turn: str) -> bool:
    """Whether the turn writes only a member (「3回目は？」「最後のは？」)."""
    return bare_member(turn) is not None or bool(_BARE_LAST.match(nfkc(without_opener(turn.strip()))))


def renumbered_before(turn: str, asked_before: Sequence[tuple[str, bool]]) -> str | None:
    """The question just before, asked of the list item the turn writes alone, when that question borrowed its
    subject: 「最後のは？」 after 「その3つ目の部会長は？」 asks 「その最後の部会長は？」 (the subject still carried).

    Only a list's item (a meeting's round goes by `member_question`); the question before must write one item with
    more words than it (the field asked of it)."""
    # Turns writing only an item between (「最後のは？」 then 「4つ目は？」) are walked past to the full question.
    full = [(q, alone) for q, alone in asked_before if not _bare_item(q)]
    if not full or full[-1][1]:
        return None  # none before, or it stood alone (`member_question` renumbers it)
    earlier = without_opener(full[-1][0].strip())
    member = bare_member(turn)
    if member is not None:
        replaced = _replaced(earlier, *member) if member[1] == "item" else None
        return replaced if replaced is not None and replaced != nfkc(earlier) else None
    if not _BARE_LAST.match(nfkc(without_opener(turn.strip()))):
        return None
    text = nfkc(earlier)
    found = list(_WRITTEN.finditer(text))
    if len(found) != 1 or found[0].group("first") or _kind(None, found[0].group("counter")) != "item":
        return None
    return text[: found[0].start()] + "最後" + text[found[0].end() :]
