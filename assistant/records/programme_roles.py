"""Honorary role: an ambassador a region appoints, named with the person who holds it 「X大使・Y氏」.

A region promotes itself through people it appoints to an honorary role, and its reports name the role
with its holder, often over a line break:

    …の魅力発信を目的として、そらち応援大使・
    鈴井貴之氏が出演するＰＲ動画を制作
    『「そらち食の応援アンバサダー」佐藤麻美と行く！…』
    …との連携により、そらち食の応援アンバサダーを務める佐藤麻美氏とともに…

The role (…大使, …アンバサダー) is the programme, named as written; the person is its holder, not a name of it.
A role with no holder beside it (「観光大使制度の創設」, 「大使館」) is left to the other readers.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord

# The role after a boundary (line start, 「, 、, 。; not a wrapped line's particle 「の…」), ending in its head noun, then its holder: 「・Y氏」,
# 「を務めるY氏」, 「」Yと」; the holder is a kanji name of 2-5 characters with 氏 or さん after it. A bare と is
# taken only after the role's closing quote (「「X」Yと行く」): otherwise 「観光大使として地域と連携」 would make
# 地域 a holder.
_ROLE = re.compile(
    r"(?:^|(?<=[「『、。\s]))(?![のをはがにでとへもや])(?P<role>[^\s、。「」『』（）()・をはがに]{2,16}?(?:大使|アンバサダー))(?![館])"
    r"(?P<quoted>」)?(?:・|を務める|として)?\s*(?P<holder>[\u4e00-\u9fff]{2,5})(?:氏|さん|(?(quoted)と|(?!)))"
)


def _outer(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop a role that ends with another role read from the same lines: a wrapped line's start is no boundary."""
    return [
        (role, start, end)
        for role, start, end in found
        if not any(
            other != role and role.endswith(other) and o_start <= end and start <= o_end
            for other, o_start, o_end in found
        )
    ]


def extract_honorary_roles(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each honorary role named with its holder, read over a line break; the first place it is named."""
    found: list[tuple[str, int, int]] = []  # (role, first line, last line), 0-based
    for i, line in enumerate(lines):
        head = line.rstrip()
        tail = lines[i + 1].strip() if i + 1 < len(lines) else ""
        joined = head + tail
        for m in _ROLE.finditer(joined):
            if m.start("role") >= len(head):
                continue  # it starts on the next line, read there
            found.append((m["role"], i, i + 1 if m.end("holder") > len(head) else i))
    records: list[ProgrammeRecord] = []
    seen: set[str] = set()
    for role, start, end in _outer(found):
        if role not in seen:
            seen.add(role)
            records.append(programme_record(doc_id, lines, start + 1, end + 1, name=role))
    return records
