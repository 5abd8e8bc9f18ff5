"""Programmes named in a sentence by what they are to it: a policy acted on, a data tool.

* a quoted government policy or plan a measure is based on, with the period the sentence gives:
  「「〇〇」解消に向けた取組方針2030」に基づき、集中対策期間（2030年度～2032年度）で…」;
* data tools named by their Latin acronyms (four letters or more: NPO, DX are not tools) as the means of support:
  「ABCD、EFGHによる情報支援の強化」, or listed in brackets after the word for a tool and offered:
  「農林水産省では、…を見える化するツール（A分析、B診断）を無料で公開している」 (the body the sentence opens with
  is the ministry).
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord

_POLICY = re.compile(
    r"「(?P<name>(?:[^「」]|「[^「」]{1,20}」){2,40}?(?:方針|計画|戦略|プラン|ビジョン|指針|パッケージ)"
    r"(?:[0-9０-９]{4})?)」に基づ[きく]"
)
_PERIOD = re.compile(r"期間[（(](?P<period>[^（）()]{3,20}[～~〜][^（）()]{3,20})[）)]")
_TOOLS = re.compile(r"(?<![A-Za-z])(?P<names>[A-Z]{4,10}(?:[、・][A-Z]{4,10})*)による[^。、]{0,10}(?:支援|提供)")
_LISTED_TOOLS = re.compile(
    r"(?:ツール|システム)[（(](?P<names>[^（）()。、]{2,30}(?:、[^（）()。、]{2,30})+)[）)]\s*を[^。]{0,10}?(?:提供|公開)"
)
_OWNER = re.compile(r"(?P<org>[^\s、。「」]{1,12}?(?:省|庁))では、")
_MARGIN = re.compile(r"^\s*[0-9０-９]{1,3}\s+")  # a report's margin line numbers


def extract_policy_bases(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A quoted policy or plan a measure is based on 「「X」…方針2025」に基づき」, and the period the sentence names."""
    records = []
    for i, line in enumerate(lines):
        for m in _POLICY.finditer(line):
            period = _PERIOD.search(line[m.end() :].split("。")[0])
            records.append(
                programme_record(
                    doc_id, lines, i + 1, i + 1, name=m["name"], period=period["period"] if period else None
                )
            )
    return records


def extract_data_tools(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each Latin-acronym tool named as the means of support: 「RESAS、RAIDAによる情報支援」 gives two records; each
    tool a bracket lists after 「ツール」 and offered, with the ministry the sentence opens with."""
    records = [
        programme_record(doc_id, lines, i + 1, i + 1, name=name)
        for i, line in enumerate(lines)
        for m in _TOOLS.finditer(line)
        for name in re.split(r"[、・]", m["names"])
    ]
    for i, line in enumerate(lines):
        head = _MARGIN.sub("", line).rstrip()
        text = head + (_MARGIN.sub("", lines[i + 1]).strip() if i + 1 < len(lines) else "")
        for m in _LISTED_TOOLS.finditer(text):
            if m.start("names") >= len(head):
                continue  # read when the next line is scanned
            first, opening = _sentence_start(lines, i)
            owner = _OWNER.search(opening + head[: m.start()])
            last = i if m.end() <= len(head) else i + 1
            records += [
                programme_record(
                    doc_id, lines, first + 1, last + 1, name=name.strip(), ministry=owner["org"] if owner else None
                )
                for name in m["names"].split("、")
            ]
    return records


def _sentence_start(lines: list[str], i: int, reach: int = 3) -> tuple[int, str]:
    """The first line (0-based) of the sentence line ``i`` continues, and its text before line ``i``."""
    first, before = i, ""
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        text = _MARGIN.sub("", lines[k]).strip()
        if not text or text.endswith("。"):
            break
        first, before = k, text.rsplit("。", 1)[-1] + before
    return first, before
