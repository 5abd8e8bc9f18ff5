"""Plans, national-structure goals and the named practices of a slide's theme cards, by layout.

* a plan, strategy or policy named in quotes and drawn up, followed or adopted: 「「X交通計画」の策定」, 「「Xビジョン」等で掲げた」,
  「「X交通計画」を踏まえ」, 「近年「X戦略」として…」, 「「X推進計画」に示される…」;
* a plan described and named by its formal name in brackets, drawn up: 「…に関する計画(X計画)を作成可能」;
* a plan named without quotes as the basis of a measure: 「…新たに策定したX展開方針に基づき」, 「認定を受けた
  X計画に基づき」, or as the plan a law provides for: 「X法に基づくY計画の策定」 (a generic 「本計画」 is too short);
* a goal of the national structure named in quotes, formed or realised: 「…を結ぶ「X回廊」の形成」,
  「「ゼロカーボンX」の実現に向けた」 (a slogan with a comma is not a name);
* a theme card 「【農林水産業】X県Y町」 over items joined by ×: an item ending in a quoted practice
  「…を活かす「海業」」 names it, an item given with its designation 「X遺産群～…～（日本遺産）」 is that heritage, and
  an item glossed by its instance's name 「…新設された高専 / (X高専）」 is that instance;
* a plan drawn up and carried out: 「…協議会を通じたX地方計画の策定・推進」;
* a plan or a designation by its formal kind, wherever it stands (a comparison table's cell, a bullet, a cover):
  「第三次国土形成計画」「新全国総合開発計画」「地方創生2.0基本構想」「スタートアップ拠点都市」 — the
  head (…総合開発計画, …基本構想, …総合戦略, …拠点都市) is a formal kind, which a generic plan (事業計画, 将来ビジョン,
  都道府県計画) is not; 「本基本構想」 points back to one, and a name wrapped from the line above is read there.
"""

from __future__ import annotations

import re

from assistant.text.normalize import nfkc

from .make import programme_record
from .models import ProgrammeRecord
from .text import WRAP

_N = r"[\u4e00-\u9fff\u30a0-\u30ffー々・A-Za-zＡ-Ｚａ-ｚ0-9０-９]"
_PLAN_HEAD = r"(?:計画|戦略|方針|構想|ビジョン|プラン|指針)"
_QUOTED_PLAN = re.compile(
    rf"「(?P<name>[^「」、。]{{2,30}}{_PLAN_HEAD})」\s*(?:の策定|を策定|を踏まえ|として|に示さ|を掲げ"
    # the plan whose goals a measure pursues: 「「X成長ビジョン」等で掲げた目標の達成に向け」, 「「X戦略」に定める」
    r"|等?(?:で|に)(?:掲げ|示さ|定め)|等?に基づ|等?に沿)"
)
_BASIS = re.compile(
    rf"(?<!{_N})(?P<name>{_N}{{4,30}}(?:計画|方針|戦略|指針))(?:に基づ|を踏まえ)"
    # the plan a law provides for: 「物流総合効率化法に基づく総合効率化計画の策定」
    rf"|法に(?:基づく|規定する)\s*(?P<statutory>{_N}{{4,30}}計画)の策定"
)
# A plan drawn up and carried out, a standing plan system rather than one document: 「…協議会を通じた広域地方計画の
# 策定・推進」 (a generic 「事業計画の策定」 is drawn up once, so only the pair of verbs reads).
_CARRIED = re.compile(rf"(?<!{_N})(?P<name>{_N}{{4,30}}(?:計画|戦略|ビジョン))の策定(?:・|及び|と)推進")
# A plan described and then named by its formal name in brackets, drawn up: 「市町村は…の促進に関する計画
# (特定居住促進計画)を作成可能」 (the law's name for the plan the sentence describes).
# (a slide's bold marks 「(**X計画**)」 are emphasis, not part of the name)
_GLOSSED_PLAN = re.compile(
    rf"(?:計画|方針|戦略)\s*[（(]\**(?P<name>{_N}{{4,30}}{_PLAN_HEAD})\**[）)]\s*を(?:作成|策定|定め)"
)
_FORMAL_HEAD = r"(?:総合開発計画|振興開発計画|形成計画|基本計画|対策計画|総合戦略|国家構想|基本構想|創生構想|拠点都市)"
# (「北海道総合開発計画及び沖縄…」: a name may run into the conjunction that lists the next one)
# (a version number is part of a name: 「地方創生2.0基本構想」)
_NV = r"(?:[\u4e00-\u9fff\u30a0-\u30ffー々・A-Za-zＡ-Ｚａ-ｚ0-9０-９]|(?<=[0-9０-９])[.．](?=[0-9０-９]))"
_FORMAL_PLAN = re.compile(rf"(?<!{_N}|[.．])(?P<name>{_NV}{{2,30}}?{_FORMAL_HEAD})(?:(?!{_N})|(?=及び|又は|並びに))")
# 「本基本構想」 is the document's own; 「・開発拠点都市」 a list's joint; 「次国土形成計画」 the tail of 「第 2 次…」
_POINTER = re.compile(r"^(?:本|同|当該|各|・|次)")
_KANA_JOINED = re.compile(r"・[\u3040-\u309f]{1,5}$")  # 「まち・ひと・しごと創生総合戦略」: the tail of a kana name
# 第三次 and 第3次 (and full-width 第３次, folded by NFKC) are one plan.
_KANJI_NUMERAL = str.maketrans("一二三四五六七八九", "123456789")
_GOAL = re.compile(r"「(?P<name>[^「」、。*]{3,25})」の(?:形成|実現)")  # 「**X**」: a slide's bold, not a name
_THEME_CARD = re.compile(r"^【[^】]{2,12}】\s*\S{2,30}[都道府県市区町村]$")
_PRACTICE = re.compile(r"「(?P<name>[^「」]{2,15})」$")
_DESIGNATED = re.compile(r"^(?P<name>.{4,60}?)[（(](?:日本遺産|世界遺産|[^（）()]{1,10}(?:認定|選定|登録))[）)]$")
# An item that describes a kind and glosses it with the instance's name in brackets, the name ending in the same head
# noun: 「全国でおよそ20年ぶりに新設された高専 / (X高専）」 (a bracket saying how, 「スマート農業(ロボットによる…)」, is none).
_GLOSSED = re.compile(r"(?P<head>[\u4e00-\u9fff\u30a0-\u30ffー]{2,})\s*[（(](?P<name>[^（）()、。]{3,30})[）)]$")
# What ends a card: the next card, a slide's ～subtitle～ or a numbered heading (「～御食国…～（日本遺産）」 is an item).
_HEADING = re.compile(r"^(?:【|[～〜][^～〜]+[～〜]$|[（(][0-9０-９]+[）)]|[①-⑳])")


def _joined(lines: list[str], i: int) -> tuple[str, int]:
    """Line ``i`` with the next appended (a sentence the PDF wrapped), and the length of line ``i`` in it."""
    head = WRAP.sub("", lines[i].rstrip())
    nxt = WRAP.sub("", lines[i + 1].strip()) if i + 1 < len(lines) else ""
    return head + nxt, len(head)


def _named(doc_id: str, lines: list[str], shapes: tuple[re.Pattern[str], ...]) -> list[ProgrammeRecord]:
    """Each name a shape finds that starts on its line (a name wrapped onto the next line cites both)."""
    records = []
    for i, line in enumerate(lines):
        if "\t" in line:
            continue  # table rows are read as tables
        text, head = _joined(lines, i)
        for shape in shapes:
            for m in shape.finditer(text):
                group = next(g for g in ("name", "statutory") if g in m.groupdict() and m[g])
                if m.start(group) >= head:
                    continue  # read when the next line is scanned
                last = i if m.end(group) <= head else i + 1
                records.append(
                    programme_record(doc_id, lines, i + 1, last + 1, name=m[group].strip(), summary=line.strip())
                )
    return records


def extract_plans(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Plans named in quotes and drawn up or followed, and plans a measure is based on 「X方針に基づき」."""
    carried = [
        programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip())
        for i, line in enumerate(lines)
        if "\t" not in line
        for m in _CARRIED.finditer(line)  # on the line as written: a space ends a heading 「計画の効果的推進 X計画の…」
    ]
    return [*_named(doc_id, lines, (_QUOTED_PLAN, _BASIS, _GLOSSED_PLAN)), *carried]


def extract_structure_goals(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「「X回廊」の形成」, 「「X」の実現に向けた」: a quoted goal of the national structure formed or realised."""
    return _named(doc_id, lines, (_GOAL,))


def _items(lines: list[str], start: int) -> list[tuple[int, int, str]]:
    """(first, last 0-based line, text) of each ×-joined item of the theme card whose header is line ``start``."""
    items: list[tuple[int, int, str]] = []
    first, last, parts = -1, -1, []
    for k in range(start + 1, min(len(lines), start + 20)):
        text = lines[k].strip()
        if _HEADING.match(text):
            break
        body = text.rstrip("×").strip()
        if body:  # an item runs over its lines, blank ones between them, up to the next ×
            first, last, parts = first if parts else k, k, [*parts, body]
        if text.endswith("×") and parts:
            items.append((first, last, "".join(parts)))
            parts = []
    if parts:
        items.append((first, last, "".join(parts)))
    return items


def _glossed(text: str) -> re.Match[str] | None:
    """An item glossed by its instance's name in brackets, the name sharing the item's last two characters."""
    m = _GLOSSED.search(text)
    return m if m and m["name"] != m["head"] and m["name"].endswith(m["head"][-2:]) else None


def extract_theme_cards(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「【field】place」 over ×-joined items: the practice an item quotes last, and a designated heritage."""
    records = []
    for i, line in enumerate(lines):
        if not _THEME_CARD.match(line.strip()):
            continue
        for _first, last, text in _items(lines, i):
            text = WRAP.sub("", text)
            m = _PRACTICE.search(text) or _DESIGNATED.match(text) or _glossed(text)
            if m is None:
                continue
            records.append(programme_record(doc_id, lines, i + 1, last + 1, name=m["name"].strip(), summary=text))
    return records


def extract_formal_plans(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「第三次国土形成計画」「スタートアップ拠点都市」: a plan or designation by its formal kind."""
    records, seen = [], set()
    for i, line in enumerate(lines):
        if "\t" in line:
            continue  # a table's row is its scheme's; a plan in its summary cell is the scheme's basis
        for m in _FORMAL_PLAN.finditer(line):
            name = m["name"]
            wrapped = m.start() == len(line) - len(line.lstrip()) and i > 0 and re.search(rf"{_N}$", lines[i - 1])
            if len(name) < 5 or _POINTER.match(name) or wrapped or _KANA_JOINED.search(line[: m.start()]):
                continue
            # 「第三次」 and 「第3次」 name one plan: read it once, where the document first names it
            key = nfkc(name).translate(_KANJI_NUMERAL)
            if key not in seen:
                seen.add(key)
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name, summary=line.strip()))
    return records
