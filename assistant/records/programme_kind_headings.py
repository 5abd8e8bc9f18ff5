"""Programme block: a heading tagged with the budgets it is funded from, a summary paragraph under it.

A ministry's 「支援の内容」 slide lists its programmes as

    特定居住支援法人によるマッチングの支援（当初・補正）
    二地域居住を希望・実行する者と … を支援する。
    <取組の内容例>
    - …

The tag says which budgets (当初, 補正 or both) carry the programme, with no amount and no year; the
first paragraph under the heading is what it supports.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import Budget, ProgrammeRecord
from .programme_common import covered_from_summary, eligible_from_summary, ministry_above
from .text import is_blank, strip_bullet

# The whole line is a name and a tag of budget kinds: 「X（当初・補正）」, 「X(補正)」, 「X（当初）」.
_KIND_HEADING = re.compile(
    r"(?P<name>[^\s。、：:<>＜＞\-・■○●※✓][^\s。：:]{3,45}?)\s*"
    r"[（(](?P<kinds>(?:当初|補正)(?:\s*[・、,，/／]\s*(?:当初|補正))?)[）)]"
)
_EXAMPLES = re.compile(r"^[<＜【].*[>＞】]$")  # 「<取組の内容例>」: a sub-heading, not the summary
_SUMMARY_LINES = 4  # a summary paragraph longer than this is page prose, not the programme's


def _heading(line: str) -> re.Match[str] | None:
    return _KIND_HEADING.fullmatch(line.strip())


def _summary(lines: list[str], at: int) -> tuple[str | None, int]:
    """The first paragraph under heading ``at`` (0-based) and its last line, stopping at the next heading."""
    i = at + 1
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    parts: list[str] = []
    last = at
    while i < len(lines) and not is_blank(lines[i]) and len(parts) < _SUMMARY_LINES:
        text = lines[i].strip()
        if _heading(text) or _EXAMPLES.match(text):
            break
        parts.append(strip_bullet(text))
        last = i
        i += 1
    return ("".join(parts) or None), last


def extract_kind_headings(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Programmes whose heading line carries their budget kinds (「X（当初・補正）」)."""
    records = []
    for i, line in enumerate(lines):
        m = _heading(line)
        if m is None:
            continue
        kinds = dict.fromkeys(re.findall(r"当初|補正", m["kinds"]))
        summary, last = _summary(lines, i)
        records.append(
            programme_record(
                doc_id,
                lines,
                i + 1,
                last + 1,
                name=m["name"],
                ministry=ministry_above(lines, i),
                budgets=[Budget(None, None, k, None) for k in kinds],
                eligible=eligible_from_summary(summary or ""),
                covered_costs=covered_from_summary(summary or ""),
                summary=summary,
            )
        )
    return records
