"""A national scheme a place was selected into, listed with the ministry and the date: 「内閣府 X未来都市 [R2.7.1 選定]」.

A municipality's page lists the schemes it joined as one line each, the ministry that runs the scheme before its
name (or on the line above when several ministries run it) and the date of the selection, registration or
certification in brackets. The line is a programme record when a ministry is named; an entry with 設置 (a body
the place set up itself) is not a scheme it joined. An entry whose awarding body is not a ministry (a private
network's certification 「X構想ネットワーク Yシティ [R4.2.1 認定]」) is one too when it is listed among
ministries' schemes: the body goes to the notes (it is not a ministry) and the award's own name is a variant.

Prose says the same of a place or a body: 「日本遺産に認定された「X」」, 「本県がY特区に指定された機を捉え」,
「…法に基づく「Z」の認定を受けている「W小学校」」: the designation (Y特区, Z) is the scheme the place joined; and a goal
to certify a number of them names the scheme by what it certifies: 「【早期に里山保全サイトを100以上認定することを目指す】」,
and so does a kind of base named with the count of its sites: 「…X型共創拠点 （例：現状…12か所）を強化する」 (a
generic base 「防災備蓄拠点（例：市内に5か所）」 is a facility, not a designation: the name needs a distinguishing part).
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .text import WRAP

_BODY = r"[\u4e00-\u9fff]{1,10}(?:省|府|庁)"
_MINISTRIES = re.compile(rf"{_BODY}(?:・{_BODY})*")
_LIST_REACH = 8  # lines between entries of one list at most
_DATE = r"(?:[HRS]|平成|令和)[0-9０-９元]{1,2}[.．年][0-9０-９]{1,2}[.．月][0-9０-９]{1,2}日?"
_ENTRY = re.compile(
    rf"(?:(?P<ministry>{_MINISTRIES.pattern})\s+)?(?P<name>[^\s\[［].{{1,40}}?)\s*[\[［]\s*(?P<date>{_DATE})\s*"
    r"(?P<act>選定|登録|認定|加盟|採択|指定)\s*[\]］]"
)


# 「…がX特区に指定され」, 「X遺産に認定された」: the designation just before に…され／を受け (a clause's subject cut off).
_DESIGNATED = re.compile(
    r"(?:^|[がはもを、。」\s])(?P<name>[^がはもを、。「」\s]{2,20}?)に(?:認定|指定|選定)(?:され|を受け)"
    r"|「(?P<quoted>[^「」]{2,25})」の(?:認定|指定|選定)を受け"
    # a goal to certify a number of sites: 「【早期に里山保全サイトを100以上認定することを目指す】」
    r"|(?<![\u4e00-\u9fff\u30a0-\u30ffー々・A-Za-z])(?P<counted>[\u4e00-\u9fff\u30a0-\u30ffー々・A-Za-z]{2,20})"
    r"を[0-9０-９][0-9０-９,，]*(?:か所|カ所|箇所|件|地域|地区)?(?:以上|程度)?(?:認定|指定|選定)"
    # a status a scheme confers on bodies by a quoted name: 「…事業者を「X法人」として認定する仕組み」
    r"|を「(?P<status>[^「」、。]{2,25}(?:法人|団体|事業者|拠点))」として[^。]{0,40}?(?:認定|指定|選定|登録|位置づけ|仕組み)"
    # a kind of base a policy names with the count of its sites as examples: 「…・X型共創拠点 （例：現状…12か所、…）を
    # 強化」 (the sites are the designated instances; a base joined before it with 「・」 is another name of the same set)
    r"|(?<![\u4e00-\u9fff\u30a1-\u30faー々A-Za-z])(?P<based>[\u4e00-\u9fff\u30a1-\u30faー々A-Za-z]{3,20}拠点)\s*"
    r"[（(]例[：:][^（）()]{0,40}?[0-9０-９]+\s*(?:か所|カ所|箇所)"
)
# 「大学等の官民連携拠点・X型共創拠点」: the other name of the set of bases, before 「・」
_ALSO_NAMED = re.compile(
    r"(?P<other>[\u4e00-\u9fff\u30a1-\u30faー々A-Za-z]{2,10}の?[\u4e00-\u9fff\u30a1-\u30faー]{1,10}拠点)・$"
)

# a designated kind of base carries a part that tells it apart: a 型 (type), 共創, or a katakana or Latin word
# (「地方創生型共創拠点」「イノベーション拠点」); a generic base 「防災備蓄拠点」「研究開発拠点」 is any such facility
_DISTINGUISHED = re.compile(r"型|共創|[\u30a1-\u30faー]{2}|[A-Za-z]")
_BARE_BASE = re.compile(r"[\u4e00-\u9fff]{1,2}拠点")


def extract_prose_designations(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A designation prose says a place or body received: 「X特区に指定された」, 「「X」の認定を受けている」."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        head = WRAP.sub("", line.rstrip())
        text = head + (WRAP.sub("", lines[i + 1].strip()) if i + 1 < len(lines) else "")
        for m in _DESIGNATED.finditer(text):
            group = next(g for g in ("name", "quoted", "counted", "status", "based") if m[g])
            if m.start(group) >= len(head):
                continue  # read when the next line is scanned
            last = i if m.end(group) <= len(head) else i + 1
            other = _ALSO_NAMED.search(text[: m.start(group)]) if group == "based" else None
            if group == "based" and not _DISTINGUISHED.search(m[group]):
                continue
            # 「…大学等の官民の連携拠点」: the list of hosts before 「等の」 is no part of the name; what is left must still
            # tell the set apart (「連携拠点」 alone is any base)
            variants = [re.sub(r"^.*等の", "", other["other"])] if other else []
            variants = [v for v in variants if not _BARE_BASE.fullmatch(v)]
            records.append(
                programme_record(doc_id, lines, i + 1, last + 1, name=m[group], variants=variants, summary=line.strip())
            )
    return records


def _ministry_above(lines: list[str], i: int, reach: int = 3) -> str | None:
    """The ministries on the line above an entry (blank lines skipped), when that line names only them."""
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        text = lines[k].strip()
        if text:
            return text if _MINISTRIES.fullmatch(text) else None
    return None


def _awarded(doc_id: str, lines: list[str], i: int, m: re.Match[str]) -> ProgrammeRecord | None:
    """An entry whose awarding body is no ministry: 「body  award [date 認定]」, the body in the notes."""
    name = m["name"].strip()
    body, _, award = name.rpartition(" ")
    notes = [f"{m['date']} {m['act']}", *([body] if body else [])]
    return programme_record(doc_id, lines, i + 1, i + 1, name=name, variants=[award] if body else [], notes=notes)


def extract_designations(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each 「ministry  scheme [date 選定]」 line: the scheme, the ministry running it, the selection in its notes."""
    records: list[ProgrammeRecord] = []
    unnamed: list[tuple[int, re.Match[str]]] = []  # entries with no ministry, kept when the list has ministries'
    for i, line in enumerate(lines):
        m = _ENTRY.fullmatch(line.strip())
        if m is None:
            continue
        ministry = m["ministry"]
        start = i
        if ministry is None and (ministry := _ministry_above(lines, i)) is not None:
            start = max(k for k in range(i) if lines[k].strip() == ministry)
        if ministry is None:
            if m["act"] != "設置":
                unnamed.append((i, m))
            continue
        note = f"{m['date']} {m['act']}"
        records.append(
            programme_record(doc_id, lines, start + 1, i + 1, name=m["name"].strip(), ministry=ministry, notes=[note])
        )
    for i, m in unnamed:
        if any(abs(r.line_start - 1 - i) <= _LIST_REACH for r in records if r.ministry):
            records.append(_awarded(doc_id, lines, i, m))
    return records


# A map's legend names a special zone on a line of its own, the places it covers on the next one: 「連携“絆”特区 /
# （福島県・長崎県）」, 「デジタル田園健康特区」. The zone is the national scheme those places were designated into.
_ZONE = re.compile(r"[^\s、。・•\-○〇■□※【(（「]\S{1,24}特区")
_CONTINUES = re.compile(r"[\u3041-\u309f]")  # a line opening with hiragana goes on with the sentence above
_ZONE_PLACES = re.compile(r"[（(](?P<places>[^（）()、。]{2,30}[都道府県市区町村])[）)]")


def extract_zone_legends(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A special zone a map names alone on its line 「デジタル田園健康特区」, with the places under it as notes."""
    records = []
    for i, line in enumerate(lines):
        if not _ZONE.fullmatch(line.strip()):
            continue
        below = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if _CONTINUES.match(below):
            continue  # a sentence the PDF wrapped after 「…特区」 (「…特区 / に指定された」), not a legend
        places = _ZONE_PLACES.fullmatch(below)
        last = i + 1 if places else i
        notes = [places["places"]] if places else []
        records.append(programme_record(doc_id, lines, i + 1, last + 1, name=line.strip(), notes=notes))
    return records
