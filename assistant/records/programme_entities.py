"""Bodies and schemes a document names in passing, by layout.

* a labelled entry naming the body that runs a project, and its representative:
  「【P F名】X官民連携プラットフォーム（代表：一般社団法人Y）」 (the representative is a record when it is a council
  or a non-profit; a firm or a municipality is an organisation, not an initiative);
* an activity's implementer in brackets when it is a council or committee: 「■ Xの実施［Y推進協議会］」;
* a national scheme named by its members: 「…で活動する地域おこし協力隊員が」 -> 地域おこし協力隊;
* a law's provisions: 「…からのX制度や…Yの規定が設けられた」 -> X制度, Y;
* a body given with its nickname in brackets as a partner: 「…Xネットワーク（愛称）と連携した」 (the nickname a variant).
"""

from __future__ import annotations

import re

from assistant.text.names import PLACE_END

from .make import programme_record
from .models import ProgrammeRecord
from .programme_bodies import NONPROFIT

_BODY_HEAD = r"(?:プラットフォーム|協議会|コンソーシアム|ネットワーク|アライアンス|実行委員会|推進本部|機構)"
# 「【P F名】」「【協議会名】」「【実施主体】」: a label naming the body behind an entry.
_BODY_LABEL = re.compile(
    r"^[-・•]?\s*【\s*(?P<label>(?:P\s*F|ＰＦ|プラットフォーム|協議会|コンソーシアム|団体|組織|実施主体|実施団体)\s*名?)\s*】"
    r"\s*(?P<value>\S.*)$"
)
# 「【P F名】…人材基盤構築プロジェクト（代表：…）」: under a label that says 「名」 a platform may go by its project's name,
# a project word as its last word; an unnamed label 「【実施主体】…事業者」 holds a kind of body, not a name.
_NAME_LABEL = re.compile(r"名$")
# four characters at least before the head, and not a pointer back 「本事業」「同事業」「当プロジェクト」 or a bare word
# 「みらい事業」: a name says what the project is about
_PROJECT_HEAD = re.compile(r"^(?![本同当各]).{4,}(?:プロジェクト|ＰＪ|PJ|事業|プログラム)$")
_REPRESENTATIVE = re.compile(
    r"[（(]\s*代表\s*[：:]\s*(?P<who>[^（）()]+?)\s*(?:事務局)?\s*(?:[（(][^（）()]*[）)])?\s*[）)]$"
)
_FIRM = re.compile(r"株式会社|㈱|[（(]株[）)]|有限会社|合同会社")


def _is_body(name: str) -> bool:
    """A council, platform or non-profit by its head noun or legal form (not a firm)."""
    named = re.match(NONPROFIT, name) or re.search(f"{_BODY_HEAD}$", name)
    return bool(named) and not _FIRM.search(name)


def _labelled_bodies(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    records = []
    for i, line in enumerate(lines):
        m = _BODY_LABEL.match(line.strip())
        if m is None:
            continue
        value, last = m["value"].strip(), i
        rep = _REPRESENTATIVE.search(value)
        if rep is None and i + 1 < len(lines):  # the representative may wrap onto the next line
            rep = _REPRESENTATIVE.fullmatch(lines[i + 1].strip())
            last = i + 1 if rep else i
        name = _REPRESENTATIVE.sub("", value).strip() if rep and rep.string == value else value
        named = _NAME_LABEL.search(m["label"]) and _PROJECT_HEAD.search(name) and not _FIRM.search(name)
        # a municipality as the value (「【団体名】X市」) is a place, not an initiative; a body may end like one
        # (「NPO法人X村」)
        is_body = _is_body(name)
        if (named or is_body) and (is_body or not PLACE_END.search(name)) and len(name) <= 45:
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=name, summary=line.strip()))
        if rep and _is_body(who := re.sub(r"\s+", "", rep["who"])):
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=who, notes=[f"{name}の代表"]))
    return records


# 「■ 高校生向け職場体験の開催［X振興会議］」: the body in brackets runs the activity.
_IMPLEMENTER = re.compile(r"[［\[](?P<who>[^［］\[\]]{2,60})[］\]]")


def _implementers(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    records = []
    for i, line in enumerate(lines):
        for m in _IMPLEMENTER.finditer(line):
            for who in re.split(r"[・、,，]", m["who"]):
                who = who.strip()
                if (
                    len(who) >= 4
                    and re.search(r"(?:協議会|実行委員会|推進本部|コンソーシアム)$", who)
                    and _is_body(who)
                ):
                    records.append(programme_record(doc_id, lines, i + 1, i + 1, name=who, summary=line.strip()))
    return records


# 「…で活動する地域おこし協力隊員が…」: a corps scheme named by its members (the name may hold kana: おこし, の ふるさと).
_CORPS_MEMBER = re.compile(
    r"(?P<name>[\u4e00-\u9fff\u30a0-\u30ffー]{1,8}(?:(?:おこし|づくり|ふるさと|の)[\u4e00-\u9fff\u30a0-\u30ffー]{0,8}){0,3}"
    r"(?:協力隊|応援隊|支援隊))員"
)


def _corps(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    records = []
    for i, line in enumerate(lines):
        for m in _CORPS_MEMBER.finditer(line):
            if len(m["name"]) >= 5:
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
    return records


_TERM = r"[\u4e00-\u9fff\u30a0-\u30ffー・]"
# 「…Yの規定が設けられた」「…Yに関する規定を設けた」「Yの規定が置かれ」: a provision a law makes, by its subject.
_PROVISION = re.compile(
    rf"(?P<name>{_TERM}{{3,25}})(?:の|に関する)規定(?:が(?:設けられ|置かれ|新設され|創設され)|を(?:設け|置|新設|創設))"
)
# 「…からのX制度や…Yの規定」: a scheme the same sentence joins to the provision with や／及び.
_JOINED = re.compile(rf"(?P<name>{_TERM}{{2,20}}(?:制度|手続き?|仕組み))(?:や|及び|と)[^。]{{0,40}}$")
_NOT_NAME = re.compile(r"^(?:同|本|当該|前|次|各|上記|下記)|[0-9０-９]|条$|項$|号$")


def _provisions(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    records = []
    for i, line in enumerate(lines):
        for m in _PROVISION.finditer(line):
            name = m["name"]
            if _NOT_NAME.search(name):
                continue
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, summary=line.strip()))
            sentence = re.split(r"[。]", line[: m.start()])[-1]
            if (joined := _JOINED.search(sentence)) and not _NOT_NAME.search(joined["name"]):
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=joined["name"], summary=line.strip()))
    return records


# 「概 要：X地域おこし協力隊ネットワーク / （そらちねっと）と連携した…」: the name opens after a colon, comma or space
# (it may hold kana); the bracket is a nickname when it holds kana or kanji (「（P F）」 abbreviates a common noun).
_NICKNAMED = re.compile(
    r"(?:^|(?<=[：:、。\s「]))(?P<name>[\u3040-\u309f\u4e00-\u9fff\u30a0-\u30ffーA-Za-z0-9・]{3,30}?"
    r"(?:ネットワーク|協議会|プラットフォーム|コンソーシアム|推進機構|実行委員会))\s*"
    r"[（(](?P<nick>[^（）()、。]*[\u3040-\u30ff\u4e00-\u9fff][^（）()、。]*)[）)]\s*(?:と(?:連携|協力|共催|共同)|が|は|を)"
)


def _nicknamed(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    records = []
    for i, line in enumerate(lines):
        head = line.rstrip()
        joined = head + (lines[i + 1].strip() if i + 1 < len(lines) else "")
        for m in _NICKNAMED.finditer(joined):
            if m.start("name") >= len(head) or len(m["nick"]) > 15:
                continue  # starts on the next line: read when that line is scanned
            last = i if m.end() <= len(head) else i + 1
            records.append(
                programme_record(
                    doc_id, lines, i + 1, last + 1, name=m["name"], variants=[m["nick"]], summary=head.strip()
                )
            )
    return records


def extract_named_entities(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Labelled bodies and representatives, bracketed implementers, corps by members, a law's provisions."""
    return [
        *_labelled_bodies(doc_id, lines),
        *_implementers(doc_id, lines),
        *_corps(doc_id, lines),
        *_provisions(doc_id, lines),
        *_nicknamed(doc_id, lines),
    ]
