"""Programmes a policy text names without a scheme word, by layout: a case's actor, a goal's subject, a quoted effort.

* an organisation by its legal form, the subject of a case's sentence: 「株式会社Xが同町と連携し」, 「X株式会社は、…」,
  「…支援拠点を持つ独立行政法人Xをはじめとする関係機関が連携し」 (a records writer lists the firms and bodies a case
  study presents; an affiliation line 「X株式会社代表取締役」, a source credit 「出典：X株式会社提供資料」, a table row and a
  partner 「X㈱との連携により」 name none, and neither does a member list 「（代表：X株式会社）」);
* the subjects of a multi-goal box under a measure: 「○X の整備 【A：…を目指す / B：…の形成を図る 等】」 — each named
  project with its own goal (a single-goal box 【goal】 names only its measure, read by ``programme_measures``);
* a named effort a sentence advances, quoted and ending in づくり: 「…を通じて「X を核とした Y な地域づくり」を進める」
  (a bare 「まちづくり」 or 「地域づくり」 is a kind of effort, not a name).
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .text import WRAP

# A legal form written before the name (「株式会社X」「独立行政法人X」) or after it (「X株式会社」「X㈱」).
_FORM_BEFORE = (
    r"(?:株式会社|有限会社|合同会社|独立行政法人|国立研究開発法人|(?:一般|公益)(?:社団|財団)法人|特定非営利活動法人|"
    r"NPO法人|生活協同組合)"
)
_FORM_AFTER = r"(?:株式会社|㈱|[（(]株[）)])"
_CH = r"[\u4e00-\u9fff\u30a0-\u30ffー々A-Za-zＡ-Ｚａ-ｚ0-9０-９・.．&＆]"
# a name may hold kana 「株式会社みなと企画」, never a particle (「…企画が」 ends it)
_KANA = r"[\u3040-\u309f]"
_NAMECH = rf"(?:{_CH}|(?![のはがを]){_KANA})"
# a Latin name keeps its spaces: 「株式会社 LIFULL Investment は」, 「KDDI 株式会社は」
# (a form before 「・」 is a list of kinds 「NPO法人・民間事業者等」, before a particle 「株式会社の数」 a word: no name)
_WORDS = rf"(?![・のはがをにでと])(?:{_CH}|{_KANA})+?(?:\s[A-Za-zＡ-Ｚａ-ｚ][A-Za-zＡ-Ｚａ-ｚ0-9.&]*)*"
# What makes the organisation the sentence's actor: its topic or subject, a town it works with, the first of a group.
_ACTS = r"(?:\s?(?:は[、「\u4e00-\u9fff]|が(?![らる])|と同[市区町村]|(?:[（(][^（）()]{2,20}[）)])?をはじめとする))"
# A name before its form opens the line or follows a space or a comma: 「やまびこ製材株式会社は」 is read whole, and
# 「…通信大手の KDDI 株式会社は」 from the space (a name glued to the words before it is not read).
_ACTOR = re.compile(
    rf"(?:(?<!{_CH})(?P<before>{_FORM_BEFORE}\s?{_WORDS})"
    rf"|(?:^|(?<=[\s、。「（(]))(?P<after>(?!{_FORM_BEFORE}){_NAMECH}{{2,20}}?\s?{_FORM_AFTER})){_ACTS}"
)
# Lines that name an organisation for who someone is or where a figure comes from, not for what it does.
_CREDIT = re.compile(r"代表取締役|取締役|理事|室長|教授|出典|提供資料|Copyright|代表[：:]")


def _joined(lines: list[str], i: int) -> tuple[str, int]:
    """Line ``i`` with the next appended (a sentence the PDF wrapped), and the length of line ``i`` in it."""
    head = WRAP.sub("", lines[i].rstrip())
    nxt = WRAP.sub("", lines[i + 1].strip()) if i + 1 < len(lines) else ""
    return head + nxt, len(head)


def extract_case_actors(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """An organisation by its legal form acting in a case's prose 「株式会社Xが同町と連携し」「X株式会社は、…」."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line or _CREDIT.search(line):
            continue
        text, head = _joined(lines, i)
        for m in _ACTOR.finditer(text):
            name = (m["before"] or m["after"]).strip()
            if m.start() >= head or re.fullmatch(rf"{_FORM_BEFORE}|{_FORM_AFTER}", name):
                continue  # read on the next line; a legal form alone 「一般社団法人が」 names no one
            last = i if m.end() <= head else i + 1
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=name, summary=line.strip()))
    return records


# A goal box's subject: 「【A：…」 or, on the box's next line, 「 B：…」 (two to twenty characters, no punctuation).
_SUBJECT = re.compile(r"(?:【|^\s*)(?P<name>[^\s【】：:、。（）()「」]{2,20})[：:]")
_GOAL = re.compile(r"目指|図る|形成|整備|策定")
# Labels a slide writes before a colon are fields, not subjects.
_LABEL = re.compile(r"^(?:概\s*要|期間|対象|目標|目的|日時|場所|内容|主催|事業名|P\s?F名|KPI|ＫＰＩ|備考|例)$")


def _boxes(lines: list[str]) -> list[tuple[int, int]]:
    """A 【…】 box opened on a measure's line and closed within three lines: its first and last line."""
    boxes = []
    for i, line in enumerate(lines):
        start = line.rfind("【")
        if start < 0 or "】" in line[start:]:
            continue
        for j in range(i + 1, min(i + 4, len(lines))):
            if "】" in lines[j]:
                boxes.append((i, j))
                break
    return boxes


def extract_goal_subjects(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """The projects a multi-goal box names, each before its goal: 「【ドローン航路：…を目指す / 自動運転道：…を図る 等】」."""
    records = []
    for first, last in _boxes(lines):
        box = [lines[first][lines[first].rfind("【") :], *lines[first + 1 : last + 1]]
        found = [(first + k, m["name"]) for k, text in enumerate(box) if (m := _SUBJECT.match(text))]
        found = [(i, name) for i, name in found if not _LABEL.match(name)]
        if len(found) < 2 or not _GOAL.search("".join(box)):
            continue  # one subject is the measure's own goal
        for i, name in found:
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, summary=lines[first].strip()))
    return records


# A quoted effort ending in づくり that the sentence advances; eight characters at least before づくり.
_EFFORT = re.compile(r"「(?P<name>[^「」\s]{8,40}づくり)」を(?:進め|推進)")


def extract_advanced_efforts(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A named effort in quotes that a policy sentence advances 「…「X な地域づくり」を進める」."""
    records = []
    for i in range(len(lines)):
        text, head = _joined(lines, i)
        for m in _EFFORT.finditer(text):
            if m.start() >= head:
                continue
            last = i if m.end() <= head else i + 1
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=m["name"], summary=lines[i].strip()))
    return records
