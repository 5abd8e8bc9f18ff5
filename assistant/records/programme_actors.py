"""Programmes a policy text names without a scheme word, by layout: an organisation acting in a case's prose.

An organisation by its legal form is read when it is the subject or topic of a case's sentence: 「…では、株式会社X
が受付を担う」, 「X株式会社は、…」, or the first of the actors it lists 「独立行政法人Xをはじめとする関係機関が」
(a records writer lists the firms and bodies a case study presents). An affiliation 「X株式会社の社長」, a source
credit 「資料提供：X株式会社」, a footnote, a table row, a partner 「X㈱と組んで」 and a kind of body 「NPO法人等」
「株式会社化」 name no actor.
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
# A name may hold kana 「株式会社ゆうひ企画」 but no particle or verb ending: 「…企画と組んで」「…企画に委託して」 end it.
_KANA = r"(?![のとにてでをがはもやほ])[\u3040-\u309f]"
# A role after a firm's name 「…企画社長」「…企画代表」「…氏」 is a person's affiliation: the name never runs into it.
_NOT_ROLE = r"(?!社長|会長|代表|氏)"
_NAMECH = rf"(?:{_NOT_ROLE}(?:{_CH}|{_KANA}))"
# A Latin name keeps its spaces (「株式会社 Blue Harbor は」); a form before 「・」 is a list of kinds
# 「NPO法人・民間事業者等」, before a particle 「株式会社の数」 a word: no name.
_WORDS = rf"(?![・のはがをにでと]){_NAMECH}+?(?:\s[A-Za-zＡ-Ｚａ-ｚ][A-Za-zＡ-Ｚａ-ｚ0-9.&]*)*"
# What makes the organisation the sentence's actor: its topic or subject, a town it works with, or the first of the
# actors a sentence lists 「独立行政法人Xをはじめとする関係機関が連携」. A short gloss may come between the name and its
# particle: its acronym or head office 「…機構（ABC）が」「株式会社X（本社：…）をはじめ」.
_GLOSS = r"(?:[（(][^（）()「」]{1,20}[）)])?"
# The list counts only as the sentence's subject or topic: 「Xをはじめとする関係機関が」「Xをはじめ、…が」, not a partner,
# recipient or object 「Xをはじめとする企業と協定」「…に補助金を交付」, nor 「Xをはじめた」 (started).
_LIST_ACTS = r"をはじめ(?:とする[^。、「」]{1,12}?(?:が(?![らる])|は[、\u4e00-\u9fff])|、[^。]{0,40}?が(?![らる]))"
_ACTS = rf"(?:{_GLOSS}\s?(?:は[、「\u4e00-\u9fff]|が(?![らる])|と同[市区町村]|{_LIST_ACTS}))"
# A name before its form opens the line or follows a space or a comma: 「さくら精機株式会社は」 is read whole, and
# 「…、QRS 株式会社は」 from the comma (a name glued to the words before it is not read).
_ACTOR = re.compile(
    rf"(?:(?<!{_CH})(?P<before>{_FORM_BEFORE}\s?{_WORDS})"
    rf"|(?:^|(?<=[\s、。「（(]))(?P<after>(?!{_FORM_BEFORE}){_NAMECH}{{2,20}}?\s?{_FORM_AFTER})){_ACTS}"
)
# A kind of body or a procedure on one, not a name: 「NPO法人等」「株式会社化」「NPO法人設立」「一般社団法人設立登記」.
_KIND = re.compile(r"(?:化|等|格|各社|\d+社|設立|設置|登記|申請|認証|支援|立ち上げ|移行)$")
# Words near a name that say who someone is or where a figure comes from, not what the organisation does.
_CREDIT = re.compile(r"代表取締役|取締役|理事|室長|教授|社長|会長|代表|出典|提供資料|Copyright")
_NEAR = 20  # characters either side of a name in which a credit word counts (a line may hold an actor besides)
# A footnote line: a leading superscript number 「³ …」 or 「※1 …」.
_FOOTNOTE = re.compile(r"^\s*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]|※\s?\d)")


def _joined(lines: list[str], i: int) -> tuple[str, int]:
    """Line ``i`` with the next appended (a sentence the PDF wrapped), and the length of line ``i`` in it."""
    head = WRAP.sub("", lines[i].rstrip())
    nxt = WRAP.sub("", lines[i + 1].strip()) if i + 1 < len(lines) else ""
    return head + nxt, len(head)


def extract_case_actors(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """An organisation by its legal form acting in a case's prose 「株式会社Xが受付を担う」「X株式会社は、…」."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line or _FOOTNOTE.match(line):
            continue
        text, head = _joined(lines, i)
        for m in _ACTOR.finditer(text):
            name = (m["before"] or m["after"]).strip()
            if m.start() >= head or re.fullmatch(rf"{_FORM_BEFORE}|{_FORM_AFTER}", name) or _KIND.search(name):
                continue  # read on the next line; a legal form alone 「一般社団法人が」 or a kind names no one
            if _CREDIT.search(text[max(0, m.start() - _NEAR) : m.end() + _NEAR]):
                continue
            last = i if m.end() <= head else i + 1
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=name, summary=line.strip()))
    return records
