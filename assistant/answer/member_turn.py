"""A turn naming only another member of the series the turn before asked about: 「3回目は？」 after 「…の第1回はいつ？」.

Users walk a numbered series member by member (a committee's meetings, a festival's rounds, a list's items): the
turn writes only the member (「3回目は？」「第2回は？」「その2つ目は？」) and means the question before it, asked of that
member. The subject carried as words (「…委員会の第1回」 plus 「3回目は？」) keeps the old member's label and drops the
question word (いつ, どこ, 誰), so the sentence about the first meeting is found again. Here the turn becomes the
earlier question with its member replaced: 「地域生活圏専門委員会の第3回っていつ開かれた？」, asked as a question of its
own. The earlier question is the last one that wrote a member with more words than the member (turns of bare members
in between are walked past: 「2回目は？」 then 「4回目は？」 both rewrite the first full question).

Only a numbered member replaces a numbered member, in the earlier question's writing (「第1回」 -> 「第3回」, 「1つ目」 ->
「2つ目」, 「最初の例」 -> 「2つ目の例」); 「最後は？」 after a numbered member is left as it is (no number to write).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.ordinal import written_number
from assistant.answer.turn_words import without_opener
from assistant.text.normalize import nfkc

_NUMBER = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
#: A member written alone as the whole turn (after NFKC): 「3回目は？」「第2回は？」「その2つ目は？」「じゃあ4番目は」.
_BARE = re.compile(
    r"^(?:(?:じゃあ|では|で|次に|なら|それなら)[、,]?\s*)?(?:その|この)?\s*"
    rf"(?:第\s*(?P<label>{_NUMBER})\s*(?P<unit>回|次|期)|(?P<ord>{_NUMBER})\s*(?P<counter>回目|つ目|番目|本目|個目))"
    r"(?:の(?:方|ほう|もの|やつ|回))?\s*(?:は|って|だと|なら|では)?\s*[？?。]?\s*$"
)
#: A member the earlier question writes, with its number as a group: a label, an ordinal, or 「最初」「初回」.
_WRITTEN = re.compile(
    rf"第\s*(?P<label>{_NUMBER})\s*(?:回|次|期)|(?P<ord>{_NUMBER})\s*(?:回目|つ目|番目|本目|個目)|(?P<first>最初|初回)"
)


def bare_member(turn: str) -> int | None:
    """The number of the member a turn writes alone (「3回目は？」 -> 3), else None."""
    m = _BARE.match(nfkc(without_opener(turn.strip())))
    if m is None:
        return None
    n = written_number(m.group("label") or m.group("ord"))
    return n if n > 0 else None


def _replaced(question: str, n: int) -> str | None:
    """``question`` with the one member it writes renumbered to ``n``, else None (no member, or two of them)."""
    text = nfkc(question)
    found = list(_WRITTEN.finditer(text))
    if len(found) != 1:
        return None  # no member to replace, or a comparison of two
    m = found[0]
    if m.group("first"):
        # 「最初の例」 -> 「2つ目の例」; 「初回」 is a meeting's: 「第2回」.
        member = f"第{n}回" if m.group("first") == "初回" else f"{n}つ目"
        return text[: m.start()] + member + text[m.end() :]
    group = "label" if m.group("label") else "ord"
    return text[: m.start(group)] + str(n) + text[m.end(group) :]


def member_question(turn: str, asked_before: Sequence[str]) -> str | None:
    """The earlier question asked of the member the turn writes alone (see the module docstring), else None."""
    n = bare_member(turn)
    if n is None:
        return None
    for earlier in reversed(asked_before):
        if bare_member(earlier) is not None:
            continue  # 「2回目は？」 between: the full question stands before it
        replaced = _replaced(without_opener(earlier.strip()), n)
        return replaced if replaced is not None and replaced != nfkc(earlier.strip()) else None
    return None
