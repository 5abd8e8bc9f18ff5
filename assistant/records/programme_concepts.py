"""Policy concepts a report defines or abbreviates, by layout (no scheme word, no quotes of their own).

* a concept a report defines and ties to the plan that proposed it: 「X とは、…を目指す考え方であり、第二次Y基本計画
  （…閣議決定。）に提唱された。」 — the definition alone (「平均世帯とは、」「循環型とは、」) may be a statistic's or a
  word's; the plan that proposed or positioned it makes it a policy. A glossary's own entries 「本事業とは、本計画に
  位置付けられた事業をいう」 are not: the name points back (本, 同, 当, 対象, 各) and the plan is the document itself;
* a policy given with its contraction in brackets and promoted: 「…地域交通共創推進マネジメント（交マネ）を普及させる」
  — the bracket is a contraction when its characters occur in the name in order (not a gloss or a place).
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord

_N = r"[\u4e00-\u9fff\u30a1-\u30faー々A-Za-zＡ-Ｚａ-ｚ0-9０-９・]"
_MARGIN = re.compile(r"^\s*[0-9０-９]{1,3}\s+")  # a report's margin line number
_DEFINED = re.compile(rf"^(?!本|同|当|対象|各)(?P<name>{_N}{{3,20}})とは[、，]")
# the plan that proposed or positioned the concept: 「…第二次X基本計画（…）に提唱された」「…戦略に位置付けられ」; 「本計画」
# 「同戦略」 is the document itself (「基本計画」 is a plan's name)
_PROPOSED = re.compile(
    r"(?<![^基]本)(?<!^本)(?<![同当])(?:計画|構想|戦略|方針|大綱)(?:[（(][^（）()]*[）)])?(?:に|で|において)(?:提唱|位置付け|位置づけ)"
)
_END = re.compile(r"。(?![）)])")  # a full stop closing a bracket 「（…閣議決定。）」 ends no sentence
_SENTENCE_REACH = 8  # lines a wrapped definition may run over
_CONTRACTED = re.compile(
    rf"(?P<name>{_N}{{5,30}})\s*[（(](?P<abbr>[\u30a1-\u30faー\u4e00-\u9fffA-Za-zＡ-Ｚ]{{2,8}})[）)]"
    r"を(?:普及|推進|導入|展開|活用|実施)"
)


def _sentence(lines: list[str], i: int) -> str:
    """The sentence opening at line ``i``, its wrapped lines joined without their margin numbers."""
    text = ""
    for line in lines[i : i + _SENTENCE_REACH]:
        text += _MARGIN.sub("", line).strip()
        if _END.search(text):
            break
    return _END.split(text)[0]


def _in_order(abbr: str, name: str) -> bool:
    rest = iter(name)
    return all(c in rest for c in abbr)


def extract_policy_concepts(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Concepts defined as a plan's proposal (「Xとは、…計画に提唱された」) and policies promoted with a contraction."""
    records = []
    for i, line in enumerate(lines):
        text = _MARGIN.sub("", line).strip()
        if (m := _DEFINED.match(text)) and _PROPOSED.search(_sentence(lines, i)):
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=text))
        for m in _CONTRACTED.finditer(line):
            name, abbr = m["name"], m["abbr"]
            if abbr not in name and abbr[0] in name and _in_order(abbr, name):
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, variants=[abbr]))
    return records
