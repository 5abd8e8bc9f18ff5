"""Programmes named in a sentence by what they are to it: a policy acted on, an initiative's brand, a data tool.

* a quoted government policy or plan a measure is based on, with the period the sentence gives:
  「「〇〇」解消に向けた取組方針2030」に基づき、集中対策期間（2030年度～2032年度）で…」;
* an initiative described, then named by its brand in brackets: 「地域医療の充実に向けた取組（〇〇ヘルスケア）として、…」
  (a count 「取組（全国17）」 or a list of the schemes a page's entries run under is not a brand);
* data tools named by their Latin acronyms (four letters or more: NPO, DX are not tools) as the means of support:
  「ABCD、EFGHによる情報支援の強化」.
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
_BRAND = re.compile(
    r"(?P<what>[^\s、。（）()]{2,30}(?:に向けた|による|の)取組)[（(](?P<name>[^（）()、。・]*[A-Za-zＡ-Ｚａ-ｚァ-ヶ][^（）()、。・]*)[）)]として"
)
_TOOLS = re.compile(r"(?<![A-Za-z])(?P<names>[A-Z]{4,10}(?:[、・][A-Z]{4,10})*)による[^。、]{0,10}(?:支援|提供)")


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


def extract_branded_initiatives(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「…に向けた取組（X）として」: an initiative's brand in brackets after what it is, the description its variant."""
    return [
        programme_record(doc_id, lines, i + 1, i + 1, name=m["name"].strip(), variants=[m["what"]])
        for i, line in enumerate(lines)
        for m in _BRAND.finditer(line)
    ]


def extract_data_tools(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each Latin-acronym tool named as the means of support: 「RESAS、RAIDAによる情報支援」 gives two records."""
    return [
        programme_record(doc_id, lines, i + 1, i + 1, name=name)
        for i, line in enumerate(lines)
        for m in _TOOLS.finditer(line)
        for name in re.split(r"[、・]", m["names"])
    ]
