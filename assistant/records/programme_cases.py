"""Case studies a report names by a heading, and the register an adopted project sets up, by layout.

* a numbered case heading naming a body or a firm, not a place: 「(ii) 特定非営利活動法人X」「(iii) X協議会」「(i) X株式会社」
  (a firm heading a case is the case's actor, whose initiatives the text then names; a place heading
  「(iii) 群馬県前橋市」 and a topic about firms 「(ii) 有限会社化の手続き」 name no actor of their own);
* a case headed by the scheme a firm or body runs, the runner in brackets: 「(i) まちづくりファンド（株式会社X）」 (a bracket
  that glosses the heading, 「（再掲）」「（令和6年度～）」「（3地区）」, names no runner);
* a reference case headed by its label, its name and its place: 「参考事例①：X（Y県 Z地域）」.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .programme_bodies import NONPROFIT

# What a body is called at the end of its name (a heading naming a body by it is a case of one).
_BODY_HEAD = r"(?:ネットワーク|プラットフォーム|コンソーシアム|協議会|機構|ラボ|研究所|広域連合|の会)"
# the PDF's text layer may read a small roman 「ⅰ」 as 「j」: 「(j) まちづくりファンド（…）」 heads the first case; a
# misread keeps its letters alike (「(jj)」), a mix 「(jij)」 is no numeral
_ROMAN = r"(?:i{1,3}|j{1,3}|iv|v|vi{1,3}|ix|x)"
# 「1 (ii) 特定非営利活動法人X」: the line number a report prints before its text may open the line.
_CASE_HEADING = re.compile(
    rf"^(?:[0-9]{{1,3}}\s+)?[（(]{_ROMAN}[)）]\s*(?P<name>[^\s、。（）()「」][^、。（）()「」]{{2,40}})$"
)
_FIRM = re.compile(r"株式会社|㈱|[（(]株[）)]|有限会社")
# A heading that is a firm's name: its form at either end, no particle inside and no 化 closing it (「有限会社化の手続き」
# and 「株式会社を設立するまで」 are topics about firms, not firms).
_FIRM_NAME = re.compile(
    r"^(?:株式会社|有限会社)\s?(?:(?![のをが])\S)+(?<![化等])$|^(?:(?![のをが])\S)+\s?(?:株式会社|㈱|[（(]株[）)]|有限会社)$"
)
# 「(i) まちづくりファンド（株式会社X）」: a case headed by the scheme a firm or body runs, the runner in brackets
_RUN_BY = re.compile(
    rf"^(?:[0-9]{{1,3}}\s+)?[（(]{_ROMAN}[)）]\s*(?P<name>[^\s、。（）()「」][^、。（）()「」]{{2,40}}?"
    r"(?:ファンド|事業|プロジェクト|プログラム|制度))\s*[（(](?P<by>[^（）()]{2,30})[）)]$"
)
# the runner is a firm, a non-profit or a public or collective body by its last word (not a date, count or gloss:
# 「（3地区）」 ends like a ward but opens on its count)
_RUNNER = re.compile(
    r"^(?![0-9０-９]).+(?:省|庁|都|道|府|県|市|区|町|村|法人|協議会|機構|財団|公社|組合|会議所|委員会|大学|銀行|金庫|センター)$"
)
_PLACE = r"[^（）()、。：:]{2,20}?(?:[都道府県市区町村]|地域)等?"
# 「参考事例①：Xバレー（Y県 Z地域）」: the place may hold a space between prefecture and area.
_REFERENCE_CASE = re.compile(
    rf"^(?:参考)?事例\s*[①-⑳0-9０-９]*\s*[：:]\s*(?P<name>[^（）()、。：:\s][^（）()、。：:]{{1,30}}?)\s*"
    rf"[（(](?P<place>{_PLACE})[）)]$"
)
_PERSON = r"[\u4e00-\u9fff\u30a0-\u30ffー々\s]{2,12}?氏"
# A list row opened by a circled number (「①」…「㉟」, a slide's 「<p>」 before it), its places and bodies, then what it does.
_ROW = re.compile(r"^\s*(?:<p>)?\s*[①-⑳㉑-㉟](?P<body>.*?)(?:</p>)?$")
_ROW_NAME = r"[\u4e00-\u9fff々\u30a0-\u30ffーA-Za-z0-9０-９]"
# What a project sets up for its people: a register, an identity, a certificate, an app, points (a head alone, 「既存制度」
# 「会員登録」 「地域通貨」, is a kind, not a name: five characters at least).
_INSTRUMENT = re.compile(
    rf"(?<!{_ROW_NAME})(?P<name>{_ROW_NAME}{{2,20}}?(?:登録制度|認定制度|登録システム|住民登録|住民票|町民|認定|アプリ|ポイント))"
    rf"(?!{_ROW_NAME})"
)
_WRAP = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff・])\s+(?=[\u3040-\u30ff\u4e00-\u9fff])")


def _is_runner(by: str) -> bool:
    """A bracket naming who runs a scheme: a firm, a non-profit or a body by its last word."""
    return bool(_FIRM.search(by) or re.match(NONPROFIT, by) or _RUNNER.search(by) or re.search(f"{_BODY_HEAD}$", by))


def extract_case_headings(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A numbered case heading naming a body or a firm, and a reference case 「参考事例N：X（place）」."""
    records = []
    for i, line in enumerate(lines):
        text = line.strip()
        if m := _CASE_HEADING.match(text):
            name = m["name"].strip()
            named_body = re.match(NONPROFIT, name) or re.search(f"{_BODY_HEAD}$", name)
            if named_body or _FIRM_NAME.match(name):
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, summary=text))
        elif (m := _RUN_BY.match(text)) and _is_runner(by := re.sub(r"\s+", "", m["by"])):
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"].strip(), notes=[by]))
        elif m := _REFERENCE_CASE.match(text):
            place = re.sub(r"\s+", "", m["place"])
            records.append(
                programme_record(doc_id, lines, i + 1, i + 1, name=m["name"].strip(), summary=text, notes=[place])
            )
    return records


def extract_listed_instruments(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """An adopted project's row 「④X町、Y社 ふるさと住民票による可視化…」: the registration or identity it sets up."""
    records = []
    for i, line in enumerate(lines):
        row = _ROW.match(line)
        # the description follows the places and bodies after a gap; a row with no gap is a heading
        parts = re.split(r"\s+", row["body"].strip(), maxsplit=1) if row else []
        if len(parts) < 2:
            continue
        for m in _INSTRUMENT.finditer(parts[1]):
            if len(m["name"]) >= 5:
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
    return records
