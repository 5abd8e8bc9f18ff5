"""A national scheme a place was selected into, listed with the ministry and the date: 「内閣府 X未来都市 [R3.5.21 選定]」.

A municipality's page lists the schemes it joined as one line each, the ministry that runs the scheme before its
name (or on the line above when several ministries run it) and the date of the selection, registration or
certification in brackets. The line is a programme record when a ministry is named: a list entry without one
(a private network's label) or with 設置 (a body the place set up itself) is not a national scheme.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord

_BODY = r"[\u4e00-\u9fff]{1,10}(?:省|府|庁)"
_MINISTRIES = re.compile(rf"{_BODY}(?:・{_BODY})*")
_DATE = r"(?:[HRS]|平成|令和)[0-9０-９元]{1,2}[.．年][0-9０-９]{1,2}[.．月][0-9０-９]{1,2}日?"
_ENTRY = re.compile(
    rf"(?:(?P<ministry>{_MINISTRIES.pattern})\s+)?(?P<name>[^\s\[［].{{1,40}}?)\s*[\[［]\s*(?P<date>{_DATE})\s*"
    r"(?P<act>選定|登録|認定|加盟|採択|指定)\s*[\]］]"
)


def _ministry_above(lines: list[str], i: int, reach: int = 3) -> str | None:
    """The ministries on the line above an entry (blank lines skipped), when that line names only them."""
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        text = lines[k].strip()
        if text:
            return text if _MINISTRIES.fullmatch(text) else None
    return None


def extract_designations(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each 「ministry  scheme [date 選定]」 line: the scheme, the ministry running it, the selection in its notes."""
    records = []
    for i, line in enumerate(lines):
        m = _ENTRY.fullmatch(line.strip())
        if m is None:
            continue
        ministry = m["ministry"]
        start = i
        if ministry is None and (ministry := _ministry_above(lines, i)) is not None:
            start = max(k for k in range(i) if lines[k].strip() == ministry)
        if ministry is None:
            continue
        note = f"{m['date']} {m['act']}"
        records.append(
            programme_record(doc_id, lines, start + 1, i + 1, name=m["name"].strip(), ministry=ministry, notes=[note])
        )
    return records
