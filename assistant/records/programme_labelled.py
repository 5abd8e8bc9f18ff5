"""Programme list whose entries label their parts: the projects a scheme adopted, one entry each.

    これまでの取組 地域生活圏形成リーディング事業(R7)
    ■一次公募
    - ① 北海道帯広市・音更町
    【P F名】帯広圏官民連携プラットフォーム（代表：帯広市）
    【事業名】帯広圏における公共交通と医療連携による移動サービス調査検討事業

Each 【事業名】 is a programme of its own; the list's heading gives the fiscal year they run in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .make import programme_record, span
from .models import ProgrammeRecord
from .text import is_blank

_NAME_LABEL = re.compile(r"^[-・•]?\s*【\s*(?:事業名|事業名称|取組名|プロジェクト名)\s*】\s*(?P<name>\S.*)$")
_OTHER_LABEL = re.compile(r"^[-・•]?\s*【[^】]{1,8}】")
_ENTRY_START = re.compile(r"^[-・•]\s*[①-⑳0-9０-９]")  # 「- ① 北海道帯広市…」: where an entry begins
_SUBTITLE = re.compile(r"^[～〜~]")  # 「～人・空間・想いを活かす…～」 wraps onto the next line
# A list heading that names its fiscal year: 「…リーディング事業(R7)」, 「採択事業一覧（令和6年度）」.
_YEAR_HEADING = re.compile(r"[（(](?P<year>R\s*[0-9]{1,2}|令和\s*[0-9０-９元]{1,2}年度?|20[0-9]{2}年度?)[）)]$")
_HEADING_REACH = 120  # lines above the entry the list heading may be


def _period(lines: list[str], at: int) -> tuple[str | None, int | None]:
    """The fiscal year of the list heading above line ``at`` (0-based) and the heading's line, if any."""
    for j in range(at - 1, max(-1, at - _HEADING_REACH), -1):
        text = lines[j].strip()
        if _NAME_LABEL.match(text) or _OTHER_LABEL.match(text) or text.startswith(("-", "・", "•")):
            continue
        m = _YEAR_HEADING.search(text)
        if m and len(text) <= 60:
            return re.sub(r"\s+", "", m["year"]), j
    return None, None


def _entry_start(lines: list[str], at: int) -> int:
    """First line of the entry whose name label is on line ``at``: its bullet, if a few lines above."""
    for j in range(at - 1, max(-1, at - 5), -1):
        text = lines[j].strip()
        if is_blank(lines[j]) or _NAME_LABEL.match(text):
            break
        if _ENTRY_START.match(text):
            return j
    return at


def extract_labelled_entries(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Programmes named by a 【事業名】 label in a list of adopted projects."""
    records = []
    for i, line in enumerate(lines):
        m = _NAME_LABEL.match(line.strip())
        if m is None:
            continue
        name, end = m["name"].strip(), i
        if i + 1 < len(lines) and _SUBTITLE.match(lines[i + 1].strip()):
            name, end = name + lines[i + 1].strip(), i + 1
        period, heading = _period(lines, i)
        record = programme_record(doc_id, lines, _entry_start(lines, i) + 1, end + 1, name=name, period=period)
        if heading is not None:  # the year is quoted from the heading: it is a source too
            record = replace(record, sources=(*record.sources, span(doc_id, lines, heading + 1, heading + 1)))
        records.append(record)
    return records
