"""Who holds a role in a member list whose legend marks it: 「（50音順、敬称略、◎は委員長）」 over 「- ◎石田 東生 …教授」.

Government committee lists name their chair by a mark, not a word: the legend says which mark means which role
(「◎は委員長」「(◎：委員長)」「○：座長代理」) and the member's line carries the mark. Neither the role's word
nor the question's sits beside the name, so sentence scoring cannot find it; the legend can. A question asking
who holds a role (`question.rules.asked_role`) is answered from the one member line carrying that role's mark,
when the body the question names is the one the list is about (its words are in the list's passage or the
passage before it, where a list's title stands). A role the legend does not mark (副委員長 asked, only ◎ for
委員長) gives nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.block_answer import block_answer, lines_of
from assistant.answer.from_records import RecordAnswer
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk, Citation, Hit

_MARKS = "◎○●◇◆☆★△□"
#: A legend entry: a mark, は or a colon, the role (「◎は委員長」「(◎：委員長)」「○：委員長代理」).
_LEGEND = re.compile(rf"([{_MARKS}])\s*(?:は|：|:|＝|=)\s*([^\s、,，)）\]］。]{{1,8}})")
#: A person's name as member lists write it: family and given name split by a space (「石田 東生」) …
_SPACED_NAME = re.compile(
    r"^([\u4e00-\u9fff々〆ヶ\u3040-\u30ffー]{1,5})[ \u3000]([\u4e00-\u9fff々〆ヶ\u3040-\u30ffー]{1,5})(?=[\s（(/]|$)"
)
#: … or written together before the affiliation in brackets or after a space (「石田東生（筑波大学）」).
_JOINED_NAME = re.compile(r"^([\u4e00-\u9fff々〆ヶ\u3040-\u30ffー]{2,8})(?=[\s（(]|$)")
#: Lines around the legend searched for the marked member (a list of some twenty members).
MEMBER_LINES = 30
#: Share of the body's words (IDF-weighted) the list's passages must hold: the list is about that body.
MIN_BODY_SHARE = 0.6
#: A body word at least this rare must be in them (「長期展望専門委員会」 is not 「地域生活圏専門委員会」).
RARE_IDF = 3.0


@dataclass(frozen=True)
class RoleHolder:
    """The member a legend's mark names for a role, and the lines that say so."""

    role: str
    name: str
    affiliation: str
    chunk: Chunk
    legend_line: int  # absolute line numbers in the document
    member_line: int
    legend: str  # the legend's words, verbatim
    member: str  # the member's line, verbatim


def _name(rest: str) -> tuple[str, str] | None:
    """A member line's person name and the affiliation after it."""
    rest = rest.strip()
    m = _SPACED_NAME.match(rest) or _JOINED_NAME.match(rest)
    if m is None:
        return None
    return m.group(0), rest[m.end() :].strip(" 　/／()（）")


def role_holder_in(chunk: Chunk, role: str) -> RoleHolder | None:
    """The one member of ``chunk``'s list whose mark the legend gives to ``role``, or None."""
    lines = chunk.text.split("\n")
    for k, line in enumerate(lines):
        for m in _LEGEND.finditer(line):
            if normalize(m.group(2)) != role:
                continue
            mark = m.group(1)
            member = re.compile(rf"^\s*(?:[-・•*]\s*)?{re.escape(mark)}\s*(\S.*)$")
            near = range(max(0, k - MEMBER_LINES), min(len(lines), k + MEMBER_LINES + 1))
            marked = [(j, mm) for j in near if j != k and (mm := member.match(lines[j]))]
            if len(marked) != 1:  # one holder of the role; several marked lines are bullets, not a legend's mark
                continue
            j, mm = marked[0]
            named = _name(mm.group(1))
            if named is None:
                continue
            return RoleHolder(
                role,
                named[0],
                named[1],
                chunk,
                chunk.line_start + k,
                chunk.line_start + j,
                m.group(0),
                lines[j].strip(),
            )
    return None


def _body(question: str, role: str) -> str:
    """The body whose role is asked: the question's last clause before the role (「…、X部会の部会長は誰」 -> X部会)."""
    head = normalize(question).split(role)[0]
    return re.split(r"[、,。]", head)[-1].strip().removesuffix("の")


def _about(body: str, passages: Sequence[Chunk], idf: Mapping[str, float]) -> bool:
    """The passages hold the body's words: most of them by weight, and every rare one."""
    words = {t for t in tokenize(body) if len(t) >= 2}
    if not words:
        return False
    held = set().union(*(tokenize(c.text + " " + c.title) for c in passages))
    total = sum(idf.get(t, 0.0) for t in words) or 1.0
    share = sum(idf.get(t, 0.0) for t in words & held) / total
    return share >= MIN_BODY_SHARE and all(t in held for t in words if idf.get(t, 0.0) >= RARE_IDF)


def find_role_holder(
    question: str,
    role: str,
    chunks: Sequence[Chunk],
    idf: Mapping[str, float],
    before: Callable[[Chunk], Chunk | None],
) -> RoleHolder | None:
    """The holder of ``role`` in the first retrieved list about the body ``question`` names."""
    body = _body(question, role)
    for chunk in chunks:
        found = role_holder_in(chunk, role)
        if found is None:
            continue
        prev = before(chunk)
        if _about(body, [chunk] if prev is None else [prev, chunk], idf):
            return found
    return None


def role_holder_answer(
    found: RoleHolder, question: str, citation: Callable[[int, Hit, str, int, int], Citation]
) -> RecordAnswer:
    """The holder as the lead (with the affiliation the list gives), then the legend and the member's line."""
    who = f"{found.name}（{found.affiliation}）" if found.affiliation else found.name
    context = f"{found.legend} / {found.member}"
    start, end = sorted((found.legend_line, found.member_line))
    quote = lines_of(found.chunk, start, end)
    cited = citation(1, Hit(found.chunk, 0.0, 0), quote, start, end)
    text = f"{found.role}は{who}です [1]。（{context}）"
    return block_answer(question, text, [cited], f"{found.role} {found.name}", context)
