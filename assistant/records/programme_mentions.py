"""Programmes a policy sentence names as its means, by layout (no table, no heading of their own).

* a scheme named as the instrument of an action: 「…脱炭素先行地域や重点対策加速化事業等を通じて得られた…」,
  「…国家戦略特区制度等を活用した規制・制度改革…」, 「…資本参加制度や資金交付制度の延長・拡充等の検討」,
  「…その他の二拠点居住魅力創出事業と連携」, 「…事業創発プログラムや人材育成などの取組」 — the name ends in a scheme
  word and the words after it say it is used, extended, joined or is one of the efforts made; several coordinated
  with や／及び are each a scheme, and so is a name coordinated with a scheme as the means: 「脱炭素先行地域や
  重点対策加速化事業等を通じて」;
* a framework named in quotes and created or used by the sentence, its kind said by the name's last word or by
  「枠組み」: 「…の枠組みである「地域円卓会議」を通じて」, 「総合的な「地域くらしサービス拠点」を整備する」,
  「「広域リージョン連携」の枠組みの創設」, 「官民プラットフォーム(=「地方創生ファンドプラットフォーム」(仮称))の創設」,
  or defined with the short name the text then uses: 「全国…プラットフォーム（以下「官民PF」という。）」,
  or rolled out in a new version with its gloss: 「「X のまち」（地域版ＣＣＲＣ）2.0の展開」,
  or, whatever its last word, promoted, set up or drawn up by the sentence: 「「X な地域づくり」を進める」,
  「「X」を創設」, 「「X」に取り組む」 (a body set up under its legal form is left to the bodies' readers);
* a local service or currency named by its brand in quotes after what it is: 「共教育 DX サービス「みんななび」」,
  「…解決サービス「ミーツ」は、…」, 「地域通貨「しらか」で…」, 「AI 自動配車・乗合サービス（「ぐるっとタクシー」）」
  (the one brand reader: a service's brand is read here whatever particle follows it), or started under its brand:
  「「ノッカルあさひまち」の運行を開始」, issued (「「X通信」を発行し」) or developed (「「第2X アプリ」開発」)
  (a website or a vendor's platform it uses is not one).

* the policy package a numbered section's ～subtitle～ names, 「(2)…地方経済の創生～地方イノベーション創生構想～」;
* an event a body hosts, 「村主催の関係人口育成講座に参加した…」, a plan drawn up by name, 「…を柱とする
  地域金融力強化プランを策定し、推進する」, and quoted instances of a kind of programme, 「「デュアルスクール」や
  「保育園留学」といった…教育・保育のプログラム」.

Generic heads (モデル事業, 予算制度, 既存制度) are not names: a name needs four characters before its scheme word.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .text import BULLETS, MARKS, WRAP

_CHARS = r"\u4e00-\u9fff\u30a0-\u30ffー々A-Za-zＡ-Ｚａ-ｚ0-9０-９"
_N = rf"[{_CHARS}]"
# Where a name starts: after a bullet 「・」 or a character no name holds, never on the 「・」 itself.
_START = rf"(?:(?<=・)|(?<!{_N}))(?!・)"
_SCHEME = r"(?:事業|制度|税制|交付金|補助金|支援金|プログラム)"
# A name does not start with 「・」: the bullet of a card's line 「・X税制を活用」, not part of the name (a dot inside
# one, 「ワット・ビット連携」, is).
_NAME = rf"{_START}{_N}{{4,30}}?{_SCHEME}"
# The words after a scheme that make it the sentence's means: used, joined, extended.
_USED = (
    r"(?:(?:等)?(?:を通じ|を活用|と(?:の)?連携|の(?:延長|拡充|活用))"
    # 「…交通費・住居費の軽減や二地域居住者認定制度を整え、」: a scheme the action sets up
    r"|を(?:整え|整備し)"
    # 「…において、事業創発プログラムや人材育成などの取組も進められている」: a scheme named as one of the efforts
    r"|(?:や[^、。や]{1,15}?)?(?:など|等)の取組)"
)
_CHAIN = re.compile(rf"(?P<chain>{_NAME}(?:(?:や|及び)(?:その他の)?{_NAME})*){_USED}")
_ONE = re.compile(_NAME)
# A name coordinated with a scheme as the means of an action is one too, though it ends in no scheme word:
# 「脱炭素先行地域や重点対策加速化事業等を通じて」 (a designation programme beside a grant).
_BESIDE = re.compile(rf"{_START}(?P<other>{_N}{{4,20}})(?:や|及び){_NAME}(?:等)?(?:を通じ|を活用)")
# Two named practices a plan's sentence promotes together: 「…に資する営農型太陽光発電やカーボン・クレジットの創出等を推進」.
# An item that is itself an action (販路開拓支援, ロケ誘致, 拠点整備) names no practice.
_PROMOTED = re.compile(
    rf"{_START}(?P<a>{_N}{{4,20}})や(?P<b>{_N}[{_CHARS}・]{{3,20}})(?:の[\u4e00-\u9fff]{{2,3}})?"
    r"等を(?:推進|活用)"
)
_ACTION_END = re.compile(r"(?:支援|誘致|整備|形成|開拓|実現|構築|推進|促進|強化|確保|化)$")
# A framework's kind, as the last word of its quoted name.
_KIND = (
    r"(?:モデル|拠点|会議|フォーラム|連携|プラットフォーム|ネットワーク|センター|アプリ|サービス|制度|事業|プログラム)"
)
_QUOTED_FRAMEWORK = re.compile(
    # 「「X」の構築」, 「(=「X」(仮称))の創設」: a proposed one keeps its (仮称) outside the quotes
    rf"「(?P<name>[^「」*\s]{{2,30}}{_KIND})」(?:\s*[（(]仮称[）)][）)]?)?(?:の枠組み)?"
    r"(?:の(?:創設|構築|整備)|を(?:創設|構築|整備|通じ|活用))"
    r"|(?:枠組みである|枠組みとして)「(?P<framed>[^「」*\s]{3,30})」"
)
# An initiative named in quotes that the sentence promotes, sets up or draws up, whatever its last word:
# 「…を高め合う「X な地域づくり」を進める」, 「「X」を創設」, 「「X」を策定し」, 「「X」に取り組む」 (the quotes and the verb
# together make it a named undertaking of the plan; the same name unquoted is a description).
# The verb must inflect (「を推進し」「を進める」), so a compound noun 「を推進力に」「を策定範囲」 is not read.
_QUOTED_PROMOTED = re.compile(
    r"「(?P<name>[^「」\s]{2,40})」"
    r"(?:を(?:推進|創設|設立|策定)(?=[しすさ、。]|$)|を(?:進め|立ち上げ)(?=[るてたま、。]|$)|に取り組(?=[むみん]))"
)
# Measures named in quotes as the means of a goal, alone or two joined by と: 「「X拠点の形成」と「Y団地の整備」による
# 新たな産業集積」. Each ends in an action (形成, 整備…): the quotes and the means together make them the plan's measures.
_MEASURE = r"[^「」\s]{4,40}?(?:整備|形成|構築|推進|創出|創設|導入|づくり)"
_QUOTED_MEANS = re.compile(rf"「(?P<a>{_MEASURE})」(?:と「(?P<b>{_MEASURE})」)?(?:による|により|を通じ)")
# A body under its legal form (read by the bodies' readers); the form opens or closes the name, so a scheme
# 「法人版ふるさと納税」 is kept.
_LEGAL = re.compile(
    r"^(?:株式会社|有限会社|合同会社|(?:一般|公益)(?:社団|財団)法人|独立行政法人|国立研究開発法人|特定非営利活動法人"
    r"|NPO法人|学校法人|社会福祉法人)|(?:会社|法人|[（(]株[）)]|㈱)$"
)
# What is drawn up or taken on but is no undertaking: a document, an event, an issue, a wish or a slogan.
_NOT_INITIATIVE = re.compile(
    r"(?:ガイドライン|マニュアル|手引き?|報告書|白書|要綱|要領|宣言|シンポジウム|セミナー|イベント|大会|問題|課題)$|、|(?:ない|たい)。?$"
)
# A named initiative rolled out in a new version, with its gloss in brackets: 「「生きがいのまち」（地域版ＣＣＲＣ）2.0の
# 展開」 — the quotes, the gloss and the version together say it is a named policy, not a slogan.
_ROLLOUT = re.compile(
    r"「(?P<name>[^「」*\s]{3,30})」(?P<gloss>[（(][^（）()「」]{2,20}[）)])(?P<ver>[0-9０-９]+(?:[.．][0-9０-９]+)?)"
    r"の(?:展開|推進|実施)"
)
# A body or scheme defined with the short name the text uses for it: 「X（以下「Y」という。）」 (not an NPO's own name).
_DEFINED = re.compile(
    rf"(?P<name>[^「」（）()\s、。]{{4,40}}{_KIND})[（(]以下「(?P<short>[^「」]{{2,15}})」という。?[）)]"
)
# What a branded offering is, said just before its quoted brand; or the brand started as a service.
_BRANDED = re.compile(
    r"(?:サービス|タクシー|通貨|アプリ|コイン)\s*[（(]?「(?P<name>[^「」『』]{2,30})」"
    # started, launched or issued under its brand: 「「X」を開始」, 「「X」を発行し」 (a periodical, a card)
    r"|「(?P<started>[^「」『』]{2,30})」(?:の(?:運行|運営|提供))?を(?:開始|発行|リリース)"
    # an app, service or system developed or planned under its name: 「…の検討、「X アプリ」開発」
    r"|「(?P<built>[^「」『』]{2,30}(?:アプリ|サービス|システム))」(?:の|を)?(?:開発|構築|検討|導入)"
    # a brand glossed by what it is and run: 「「X」というデジタルプラットフォームを企画・開発・運営」
    r"|「(?P<glossed>[^「」『』]{2,30})」という[^。、「」]{0,10}(?:プラットフォーム|サービス|アプリ|システム)を"
    r"[^。、]{0,10}(?:運営|開発|提供|導入|開始)"
    # a role a local scheme gives people under its own quoted name: 「シニア人材を「X」として活かし」, 「「X」を育成」
    r"|「(?P<role>[^「」『』]{2,15})」(?:として(?:活かし|活かす|迎え|登録し|認定し)|を(?:育成|輩出))"
)
# What a branded offering is, as the clause before its brand says it: 「…、AI 自動配車・乗合サービス（「」.
# (four characters before its head word at least, as for schemes: 「配車サービス」 is a kind, not a name).
_WHAT = re.compile(
    r"(?:^(?:[0-9０-９]{1,3}\s+)?|[、。])\s*(?P<what>[^、。「」（）()\s0-9０-９][^、。「」（）()]{3,30}?(?:サービス|タクシー|通貨|アプリ))"
    r"\s*[（(]?「$"
)
_LINE_NUMBER = re.compile(r"^\s*[0-9０-９]{1,3}\s+")  # a report's margin line numbers (「12 ビス「…」」)


_BULLET = re.compile(rf"[{BULLETS}{MARKS}]")


def _joined(lines: list[str], i: int) -> tuple[str, int]:
    """Line ``i`` with the next appended (a sentence the PDF wrapped), and the length of line ``i`` in it."""
    head = WRAP.sub("", lines[i].rstrip())
    nxt = WRAP.sub("", lines[i + 1].strip()) if i + 1 < len(lines) else ""
    # a next line opening with a bullet is the next item, not the rest of this one
    return head + ("" if _BULLET.match(nxt) else nxt), len(head)


def _record(doc_id: str, lines: list[str], i: int, head: int, end: int, name: str) -> ProgrammeRecord:
    last = i if end <= head else i + 1
    return programme_record(doc_id, lines, i + 1, last + 1, name=name, summary=lines[i].strip())


def extract_instrument_schemes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Schemes a sentence uses, joins or extends: 「X事業等を通じて」, 「X制度やY制度の延長・拡充」, and two practices it
    promotes together 「XやYの創出等を推進」."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line:
            continue  # table rows are read as tables
        text, head = _joined(lines, i)
        for m in _CHAIN.finditer(text):
            if m.start() >= head:
                continue  # starts on the next line: read when that line is scanned
            for one in _ONE.finditer(m["chain"]):
                end = m.start() + one.end()
                records.append(_record(doc_id, lines, i, head, end, one.group(0)))
        for m in _BESIDE.finditer(text):
            if m.start() < head and not _ONE.fullmatch(m["other"]):
                records.append(_record(doc_id, lines, i, head, m.end("other"), m["other"]))
        for m in _PROMOTED.finditer(text):
            if m.start() < head:
                records += [
                    _record(doc_id, lines, i, head, m.end(g), m[g]) for g in ("a", "b") if not _ACTION_END.search(m[g])
                ]
    return records


def extract_quoted_frameworks(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Frameworks named in quotes and created or used (「「地域円卓会議」を通じて」), quoted initiatives promoted
    (「「X」を進める」), quoted measures as a goal's means (「「X」と「Y」による」), or frameworks defined with a short name."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        text, head = _joined(lines, i)
        for m in _QUOTED_FRAMEWORK.finditer(text):
            if m.start() >= head:
                continue
            name = m["name"] or m["framed"]
            records.append(_record(doc_id, lines, i, head, m.end(), name))
        for m in _QUOTED_PROMOTED.finditer(text):
            # 「**X**」: the slide's bold marks around the name are no part of it; inside it, the name is not verbatim
            name = re.sub(r"[（(]仮称[）)]$", "", m["name"].strip("*"))
            # 「場」「価値」: a one-word idea, not a named undertaking; 「X(株)」「一般社団法人X」 set up is a body, read
            # with its legal form by the bodies' readers
            if m.start() >= head or len(name) < 4 or "*" in name:
                continue
            if not _LEGAL.search(name) and not _NOT_INITIATIVE.search(name):
                records.append(_record(doc_id, lines, i, head, m.end(), name))
        for m in _QUOTED_MEANS.finditer(text):
            for g in ("a", "b") if m.start() < head else ():
                if m[g]:  # each on the lines it stands on, so its reading from the next line is the same
                    first, last = (i if m.start(g) < head else i + 1), (i if m.end(g) + 1 <= head else i + 1)
                    records.append(programme_record(doc_id, lines, first + 1, last + 1, name=m[g]))
        for m in _ROLLOUT.finditer(text):
            if m.start() < head:
                full = f"{m['name']}{m['gloss']}{m['ver']}"
                last = i if m.end() <= head else i + 1
                records.append(programme_record(doc_id, lines, i + 1, last + 1, name=m["name"], variants=[full]))
        for m in _DEFINED.finditer(text):
            if m.start() < head and "法人" not in m["name"]:  # 「NPO法人…ネットワーク（以下…）」 names an organisation
                last = i if m.end() <= head else i + 1
                records.append(programme_record(doc_id, lines, i + 1, last + 1, name=m["name"], variants=[m["short"]]))
    return records


def extract_branded_offerings(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Local services and currencies named by their brand: 「…サービス「みんななび」」, 「地域通貨「しらか」」."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        head = line.rstrip()
        raw = lines[i + 1] if i + 1 < len(lines) else ""
        nxt = _LINE_NUMBER.sub("", raw).strip()
        numbered = nxt != raw.strip()
        text = head + nxt
        for m in _BRANDED.finditer(text):
            if m.start() >= len(head):
                continue  # starts on the next line: read when that line is scanned
            group = next(g for g in ("name", "started", "built", "glossed", "role") if m[g])
            name = m[group].strip()
            if numbered and m.start(group) < len(head) < m.end(group):
                # a margin number splits the brand itself: it cannot be quoted as written, so the offering is named
                # by what it is, 「…、AI 配車サービス（「かけ / 12 るタクシー」）」 -> 「AI 配車サービス」
                what = _WHAT.search(text[: m.start(group)]) if group == "name" else None
                if what is None:
                    continue
                name = what["what"].strip()
            last = i if m.end() <= len(head) else i + 1
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=name, summary=head.strip()[:200]))
    return records


# An event a body runs, named after 「主催の」: 「村主催の関係人口育成講座に参加した…」.
_HOSTED = re.compile(
    rf"主催の(?P<name>{_N}{{3,30}}?(?:講座|セミナー|勉強会|研修会?|ツアー|フェア|アカデミー|スクール|教室|塾))"
    r"(?=に|を|で|が|は|、|。|$)"
)
# A plan or package drawn up by name and then pursued: 「…を柱とする地域金融力強化プランを策定し、推進する」.
_PLAN = re.compile(
    rf"(?<!{_N})(?P<name>{_N}{{4,30}}?(?:プラン|パッケージ))を(?:策定|取りまとめ|とりまとめ)"
    # a plan or vision the text quotes by name as it is drawn up: 「「帯広圏デジタル化推進構想」を策定した」
    r"|「(?P<quoted>[^「」]{2,30}(?:構想|ビジョン|プラン|戦略))」を(?:策定|発表)"
)


# A numbered section heading whose ～subtitle～ names the policy package it sets out:
# 「(2)稼ぐ力を高め、…新しい地方経済の創生～地方イノベーション創生構想～」.
_SUBTITLED = re.compile(
    r"^\s*[（(][0-9０-９]{1,2}[）)].{4,80}?[～〜](?P<name>[^～〜\s「」]{4,30}(?:構想|プラン|戦略|ビジョン))[～〜]\s*$"
)


# Quoted instances of a kind of programme: 「「デュアルスクール」や「保育園留学」といった…教育・保育のプログラム」.
_INSTANCES = re.compile(
    r"(?P<list>「[^「」]{2,20}」(?:(?:や|、|・|及び)「[^「」]{2,20}」)*)といった[^、。]{0,30}?"
    r"(?:プログラム|制度|事業|サービス|取組)"
)


def extract_named_initiatives(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Events a body hosts (「…主催の X講座」), plans drawn up by name (「X プランを策定し」) and quoted instances of a
    kind of programme (「「X」や「Y」といった…プログラム」)."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        text, head = _joined(lines, i)
        for m in _INSTANCES.finditer(text):
            for one in re.finditer(r"「(?P<name>[^「」]{2,20})」", m["list"]):
                if m.start() + one.start() < head:
                    records.append(_record(doc_id, lines, i, head, m.start() + one.end(), one["name"]))
        if (sub := _SUBTITLED.match(line)) is not None:
            records.append(_record(doc_id, lines, i, head, sub.end("name"), sub["name"]))
        for shape in (_HOSTED, _PLAN):
            for m in shape.finditer(text):
                group = "name" if m["name"] else "quoted"
                if m.start(group) < head:
                    records.append(_record(doc_id, lines, i, head, m.end(group), m[group]))
    return records
