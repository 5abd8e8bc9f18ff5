"""Programmes that are bodies set up to deliver a policy: a network, platform, consortium or council.

Two layouts:
  * prose that creates or convenes one by name: 「…で「地域働き方・職場改革ネットワーク」を形成し」, 「「X委員会」を開催し」,
    a non-profit founded or run by its incorporated name 「2021年 一般社団法人X協議会を設立」, a group formed under a
    quoted name 「…有志によって「Xの会」が結成された」,
    「…を「地域協同プラットフォーム」と位置づけ」, 「NEXT日本博（仮称）を創設し」 (the name may wrap)
    (a set of working groups created by count, 「「①A部会」「②B部会」の2つの専門部会を設置」, is read by
    ``programme_quoted``: the parts and the set);
  * a slide block naming one over its members: 「江津市保育園留学二地域居住コンソーシアム / （株式会社…、江津市…）」,
    or over the bracket saying what body it is: 「二地域居住応援ネットワーク / (…推進に向けた実証コンソーシアム)」.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import Budget, ProgrammeRecord
from .programme_common import AMOUNT
from .text import is_blank

# What such a body is called at the end of its name.
# (a committee or study group a ministry convenes by name is one too: 「「X専門委員会」を開催し」)
_BODY = (
    r"(?:ネットワーク|プラットフォーム|コンソーシアム|協議会|考える会|機構|本部|センター|研究所|ラボ|制度|事業|"
    r"委員会|検討会|研究会)"
)
_CREATE = r"(?:を(?:新たに)?(?:形成|創設|設置|設立|開設|発足|構築|立ち上げ|組成|開催)|と位置づけ)"
# (a company set up by name is an organisation, not a programme; a non-profit one is read by _INCORPORATED)
# (a bold mark inside the quotes, 「**X ラボ**」, is the slide's emphasis, not the name's)
_QUOTED_BODY = re.compile(
    rf"「(?:\*\*)?(?P<name>(?!一般社団|一般財団|株式会社|NPO)[^」「\s*]{{3,40}}{_BODY})(?:\*\*)?」\s*{_CREATE}"
)
# A council or consortium founded by name without quotes, the name opening after a comma or a space:
# 「…産学連携の枠組みとして、X町観光振興協議会を設立した」 (an incorporated one is an organisation).
_FOUNDED = re.compile(
    r"(?:^|(?<=[、。\s]))(?P<name>(?!一般社団|一般財団|株式会社|NPO)"
    r"[\u4e00-\u9fff\u30a0-\u30ffー々A-Za-zＡ-Ｚａ-ｚ0-9０-９・]{3,30}(?:協議会|コンソーシアム|推進本部))"
    r"を(?:新たに)?(?:設立|発足|組成|立ち上げ)"
)
# A non-profit body incorporated by name and founded or run (quoted or not): 「「一般社団法人X協議会」を設立」,
# 「…である一般社団法人 co. shiga を運営し」, 「特定非営利活動法人Xが発足」, one running a case's initiative 「…を、一般財団法人X
# が実行主体となって進める」; a company stays out (its name is a firm's).
NONPROFIT = r"(?:一般社団法人|一般財団法人|公益社団法人|公益財団法人|特定非営利活動法人|NPO法人)"
_INCORPORATED = re.compile(
    rf"(?P<name>{NONPROFIT}\s*[\u3040-\u309f\u4e00-\u9fff\u30a0-\u30ffー々A-Za-zＡ-Ｚａ-ｚ0-9０-９・.．]"
    r"[\u3040-\u309f\u4e00-\u9fff\u30a0-\u30ffー々A-Za-zＡ-Ｚａ-ｚ0-9０-９・.． ]{1,30}?)(?:\*\*)?」?\s*"
    r"(?:を(?:新たに)?(?:設立|発足|運営)|が(?:設立|発足|運営し|運営する|(?:実行|運営|事業|実施)主体|中核|ハブ))"
)
# (と, の and も open or close names as often: 「みなと…」「きらり…」; these do not)
_PARTICLE = re.compile(r"[がをにはでや]")
# A group formed under a quoted name: 「…企業家有志によって「X の会」が結成された」; 結成 and 発足 say it is a body.
_FORMED = re.compile(r"「(?:\*\*)?(?P<name>[^」「\s*]{2,30})(?:\*\*)?」\s*(?:が|を)(?:結成|発足)")
# A name marked provisional and created: the mark is part of the name as the document writes it.
_PROVISIONAL = re.compile(
    r"(?P<name>[A-Za-zＡ-Ｚａ-ｚ0-9０-９\u4e00-\u9fff\u30a0-\u30ffー・]{2,30}[（(]仮称[）)])"
    r"を(?:新たに)?(?:創設|設置|構築|形成)"
)
# 「「①A部会」「②B部会」…の6つの専門部会を設置」: groups a platform or council sets up, named and counted.
_BLOCK_NAME = re.compile(r"[^\s。、,，（(]{4,40}(?:コンソーシアム|協議会|プラットフォーム|ネットワーク)")
_MEMBERS = re.compile(r"^[（(].+[、,，].+[）)]$")  # 「（株式会社キッチハイク、島根県江津市、…）」
# 「二地域居住応援ネットワーク / (…に向けた実証コンソーシアム)」: the bracket under a name says what body it is.
_KIND_BRACKET = re.compile(r"^[（(](?P<formal>[^（）()、,，]{4,40}(?:コンソーシアム|協議会|プラットフォーム))[）)]$")


# Any name the document marks as provisional, where a name opens (a quote, a bracket, a bold mark, 「=」):
# 「「国土を考える！若手意見交換会(仮称)」について」, 「新たな産業集積（ＧＸ戦略地域（仮称））」, 「**ベーシック登録（仮称）**」.
_MARKED = re.compile(
    r"(?:^|(?<=[「（(=＝*]))\s*(?P<name>[A-Za-zＡ-Ｚａ-ｚ0-9０-９\u3040-\u309f\u4e00-\u9fff\u30a0-\u30ffー・！!]{3,30}?)\s*"
    r"(?P<mark>[（(]仮称[）)])"
)


def _provisional(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A name marked (仮称): something the document proposes to create under that name."""
    records = []
    for i, line in enumerate(lines):
        for m in _MARKED.finditer(line.strip().lstrip("-・• ")):
            name = m["name"]
            records.append(
                programme_record(
                    doc_id, lines, i + 1, i + 1, name=name, variants=[name + m["mark"]], summary=line.strip()
                )
            )
    return records


# 「・会員総数103社、予算規模約3,000万円（会員企業が会費を拠出）。」: the scale of the body founded on the line above.
_SCALE = re.compile(rf"(?:予算規模|年間予算|事業規模)\s*[：:]?\s*(?P<amt>約?{AMOUNT}(?:程度)?)")


def _scale(lines: list[str], i: int) -> tuple[list[Budget], int]:
    """The budget scale a bullet under founding line ``i`` gives, and the line it is on (``i`` when none)."""
    j = i + 1
    while j < len(lines) and j <= i + 2 and is_blank(lines[j]):
        j += 1
    m = _SCALE.search(lines[j]) if j < len(lines) and j <= i + 2 else None
    if m is None:
        return [], i
    note, rest = None, lines[j][m.end() :]
    if rest[:1] in "（(":  # the bracket after the amount says where the money comes from (brackets may nest)
        depth = 0
        for k, ch in enumerate(rest):
            depth += 1 if ch in "（(" else -1 if ch in "）)" else 0
            if depth == 0:
                note = rest[1:k].strip() or None
                break
    return [Budget(m["amt"], None, None, note)], j


def _created(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    records = []
    seen: set[tuple[str, int]] = set()
    for i, line in enumerate(lines):
        head = line.rstrip()
        joined = head + (lines[i + 1].strip() if i + 1 < len(lines) else "")
        for shape in (_QUOTED_BODY, _PROVISIONAL, _FOUNDED, _INCORPORATED, _FORMED):
            for m in shape.finditer(joined):
                if m.start() >= len(head):
                    continue  # starts on the next line: read when that line is scanned
                last = i if m.end() <= len(head) else i + 1
                # the PDF spaces a Latin name 「co. shiga」: the name is kept without the spaces
                name = re.sub(r"\s+", "", m["name"])
                if (shape is _INCORPORATED and _PARTICLE.search(name)) or (name, i) in seen:
                    continue  # 「NPO法人Xが地域の会社を設立」: a clause, not a name; a name two shapes read, once
                seen.add((name, i))
                budgets, below = _scale(lines, last) if shape in (_FOUNDED, _INCORPORATED) else ([], last)
                records.append(
                    programme_record(doc_id, lines, i + 1, below + 1, name=name, summary=head.strip(), budgets=budgets)
                )
    return records


def _member_blocks(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    records = []
    for i, line in enumerate(lines):
        name = line.strip()
        if not _BLOCK_NAME.fullmatch(name):
            continue
        j = i + 1
        while j < len(lines) and j <= i + 2 and is_blank(lines[j]):
            j += 1  # a blank line may separate the name from its members
        if j >= len(lines):
            continue
        members, last = lines[j].strip(), j
        while not _MEMBERS.match(members) and last + 1 < len(lines) and last < j + 1:
            last += 1  # the member list may wrap over two lines
            members += lines[last].strip()
        if kind := _KIND_BRACKET.match(lines[j].strip()):
            formal = kind["formal"]
            records.append(programme_record(doc_id, lines, i + 1, j + 1, name=name, variants=[formal]))
        elif _MEMBERS.match(members):
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=name, notes=[members]))
    return records


def extract_bodies(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Bodies set up by name in prose, and consortia named over their members."""
    return [*_created(doc_id, lines), *_member_blocks(doc_id, lines), *_provisional(doc_id, lines)]
