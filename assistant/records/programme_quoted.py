"""Projects and events a document names in quotes or in a photo caption, their kind said by the name's last word.

* a project or event quoted by its full name wherever it stands (a note under a unit's list of projects, a card's 概要
  line, a sentence): 「※…が連携する「X魅力発信と誘客促進プロジェクト」を含む」, 「②「さっぽろオータムフェスト」において」 —
  the quotes mark a proper name, and its last word (プロジェクト, フェスタ, フォーラム …) says it is an initiative, where
  a quoted slogan or concept (「稼ぐ力」「共創の場」) ends in no such word;
* a plan or project named by a quoted word and its kind after the quotes: 「…共創型の「まちづくり会社」構想の社会実装」
  (the kind ends the name: 「「X」モデル実証事業」 goes on into a longer scheme's name, read as that scheme);
* an event a body hosts, named with its year in a caption: 「X推進フォーラム2025（主催イベント）の様子」, or named after
  its kind word as it is held: 「隔月でイベント（X.5）を開催」, 「スタートアップイベントIVS2021 NASUを開催」;
* a project with a coined katakana name, quoted or not: 「ネイチャーガバナンスプロジェクトを中心に」 (a kanji compound before
  プロジェクト, 「国家的プロジェクト」「連携プロジェクト」, describes a kind of project);
* the named parts a body sets up, quoted in a list with their count: 「X内に「①A部会」「②B部会」…の6つの専門部会を
  設置」 (each part is a body of its own; its list number is no part of its name; the set is one too when a modifier
  names it, 「専門部会」);
* a facility or service a body offers under a quoted brand with its generic gloss: 「…社員にテレワーク施設を「X」
  (コワーキングスペース)として提供」;
* a facility, platform or non-profit introduced by what it is and then its quoted name, which may open the next line:
  「…地方創生プロジェクトである大規模商業リゾート施設 / 「X」の開発ファイナンス」, 「シェアサイクルプラットフォーム「X」を
  活用」, 「NPO法人「X」が運営」 (a source credit 「…サイト「X」より作成」 and a person's post 「一般社団法人「X」代表理事」
  name no initiative);
* a strategy or plan the text says a body draws up under a quoted name with its gloss: 「…を「共創戦略」（基本方針）として
  策定し」 (the plain 「「X構想」を策定」 is read by ``programme_mentions``).
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord

_EVENT = r"(?:フォーラム|シンポジウム|サミット|フェスタ|フェスト|フェスティバル|フェア|キャンペーン|コンテスト|博覧会)"
_KIND = rf"(?:プロジェクト|{_EVENT})"
_N = r"[\u4e00-\u9fff\u30a0-\u30ffー々A-Za-zＡ-Ｚａ-ｚ0-9０-９・]"
# three characters at least before the kind: 「「プロジェクト」」 or 「「フェア」」 alone is a word, not a name; a quote
# the name goes on after (「「X プロジェクト」モデル実証事業」) is part of a longer scheme's name, read as that scheme
# (an adjective in 的 before the kind, 「国家的プロジェクト」「先導的フォーラム」, says what kind of project it is)
_QUOTED = re.compile(rf"「(?P<name>[^「」『』*\s、。]{{3,40}}(?<!的){_KIND})」(?!{_N})")
# four characters at least in the quotes: a short quoted word before the kind is a slogan or a concept 「稼ぐ力」「地域」,
# the kind then says what the plan is about, not what it is called
_KIND_AFTER = re.compile(
    rf"(?P<name>「[^「」『』*\s、。]{{4,30}}」(?:構想|プロジェクト|計画|戦略|プラン|ビジョン|モデル|キャンペーン))(?!{_N})"
)
# 「二地域居住推進フォーラム2025（主催イベント）の様子」: the event with its year, hosted (主催, 共催) by the caption's body
_CAPTION = re.compile(
    rf"(?:^|(?<=[\s：:、。]))(?P<name>{_N}{{4,30}}{_EVENT}(?P<year>20[0-9]{{2}}|２０[０-９]{{2}})?)"
    r"\s*[（(](?:主催|共催)[^（）()]{0,8}[）)]"
)
# 「イベント（X.5）を開催」「スタートアップイベントIVS2021 NASUを開催」: the event's own name, bracketed or Latin, after its kind
_HELD = re.compile(
    r"(?:イベント|フォーラム|セミナー|カンファレンス)\s*(?:[（(「](?P<bracketed>[^（）()「」]{2,20})[）)」]"
    r"|(?P<latin>[A-Za-zＡ-Ｚ][A-Za-z0-9Ａ-Ｚ０-９ .．]{2,20}?))\s*を(?:開催|実施)"
)
# a bracket after the kind word glosses the event as often as it names it: its date, edition, frequency, format or fee
# (「イベント（10月）」「セミナー（オンライン）」「（参加無料）」); a name holds a Latin letter, and a format word alone
# (「セミナーWeb」「（Zoom）」) is no name either
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_GLOSS = re.compile(
    r"(?i)^(?:web|ｗｅｂ|zoom|online|teams|youtube)$|[0-9０-９]+(?:回|月|年|日|名|人)|第[0-9０-９]"
    r"|オンライン|無料|参加|予定|仮称|再掲|概要"
)
# a coined katakana name opens on a katakana letter (a bullet 「・」 opening the line is no part of it); a generic katakana
# word before プロジェクト (「リーディングプロジェクト」「シティプロモーションプロジェクト」) names a kind of project
_COINED_PROJECT = re.compile(rf"(?<!{_N})・?(?P<name>[\u30a1-\u30faー][\u30a1-\u30faー・]{{5,19}}プロジェクト)")
_GENERIC_KATAKANA = re.compile(
    r"(?:リーディング|モデル|パイロット|マネジメント|ネットワーク|プロモーション|ソフトウェア|システム|サポート|"
    r"チャレンジ|コラボレーション|イノベーション)プロジェクト$"
)
# 「…を「X戦略」（基本方針）として策定」: a plan drawn up under its quoted name, glossed by what kind of document it is
_GLOSSED_PLAN = re.compile(
    r"「(?P<name>[^「」\s]{2,30}(?:戦略|構想|ビジョン|プラン|方針|計画))」\s*[（(][^（）()「」]{2,12}[）)]\s*として"
    r"(?:策定|定め|位置づけ|位置付け)"
)

# 「「①A部会」「②B部会」の2つの専門部会を設置」: quoted parts, their count and their kind, and the verb that sets them up
# (the one reader of this layout: each part is a record, and so is the set when a modifier names it, 「専門部会」)
_SET_UP = re.compile(
    r"(?P<list>(?:「[^「」]{2,25}」[、・]?){2,})の[0-9０-９一二三四五六七八九十]+つの"
    r"(?P<set>[^「」、。\s]{0,10}?(?P<kind>部会|分科会|委員会|ワーキンググループ|ＷＧ|WG|チーム|協議会|会議|検討会|プロジェクト))"
    r"を(?:新たに)?(?:設置|設け|設立|発足|立ち上げ|創設)"
)
_LIST_NUMBER = re.compile(r"^(?:[①-⑳]|[（(][0-9０-９]{1,2}[）)]|[0-9０-９]{1,2}[.．、])\s*")

_OFFERED = re.compile(
    r"「(?P<name>[^「」\s、。][^「」、。]{1,30})」\s*[（(][^（）()「」]{2,20}[）)]\s*として(?:提供|開設|運営)"
)

_INTRODUCED = re.compile(
    r"(?:施設|リゾート|プラットフォーム|(?:NPO|特定非営利活動|一般社団|一般財団)法人)\s*「(?P<name>[^「」\s、。][^「」、。]{1,30})」"
    r"(?!\s*(?:代表|理事|会長|社長|所長|教授))"
)
_CREDIT = re.compile(r"出典|より[^。]{0,20}作成")


def _introduced(doc_id: str, lines: list[str], i: int) -> list[ProgrammeRecord]:
    """「…施設「X」」: the quoted name after what it is, the name may open the next non-blank line."""
    head = lines[i].rstrip()
    if _CREDIT.search(head):
        return []
    after = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
    text = head + (lines[after].strip() if after is not None else "")
    records = []
    for m in _INTRODUCED.finditer(text):
        if m.start() >= len(head):
            continue  # read when that line is scanned
        last = i if m.end("name") <= len(head) else after
        records.append(programme_record(doc_id, lines, i + 1, last + 1, name=m["name"].strip(), summary=head.strip()))
    return records


def _set_up_parts(doc_id: str, lines: list[str], i: int) -> list[ProgrammeRecord]:
    records = []
    for m in _SET_UP.finditer(lines[i]):
        for one in re.finditer(r"「(?P<name>[^「」]{2,25})」", m["list"]):
            name = _LIST_NUMBER.sub("", one["name"]).strip()
            if len(name) >= 3:
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, summary=lines[i].strip()))
        if (
            m["set"] != m["kind"]
        ):  # 「専門部会」 names the set the text refers back to (「本専門部会体制」); 「部会」 alone not
            # (the parts are records of their own, not other names of the set: the merge would fold them into it)
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["set"], summary=lines[i].strip()))
    return records


def extract_quoted_projects(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Projects and events named in quotes or in a caption with their year, plans drawn up under a quoted name and the
    quoted parts a body sets up."""
    records = []
    for i, line in enumerate(lines):
        for m in _QUOTED.finditer(line):
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
        for m in _CAPTION.finditer(line):
            name = m["name"]
            variants = [name[: m.start("year") - m.start("name")]] if m["year"] else []
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, variants=variants))
        for m in (*_HELD.finditer(line), *_COINED_PROJECT.finditer(line), *_KIND_AFTER.finditer(line)):
            name = next(m[g] for g in m.re.groupindex if m[g]).strip()
            if m.re is _HELD and (not _LATIN.search(name) or _GLOSS.search(name)):
                continue
            if m.re is _COINED_PROJECT and _GENERIC_KATAKANA.search(name.replace("・", "")):
                continue
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, summary=line.strip()))
        for m in (*_GLOSSED_PLAN.finditer(line), *_OFFERED.finditer(line)):
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
        records += _set_up_parts(doc_id, lines, i) + _introduced(doc_id, lines, i)
    return records
