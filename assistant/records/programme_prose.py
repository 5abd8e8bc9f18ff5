"""Programmes described in prose rather than tables, by layout.

* sub-programme headings: 「地域公共交通調査等事業 (持続可能な…計画の策定)」 with the items
  it supports listed under it (「- …の策定に資する調査等」), a 「…を支援(X事業)」 item naming a
  further programme;
* project pages: a title ending in プロジェクト over 【推進エリア】/【area】, the organisation
  on the cover as its owner;
* footnoted schemes: 「指定地域共同活動団体制度⁴」 with the footnote ⁴ that defines it;
* named schemes in prose: 「自営型テレワーク推進事業「KADO」を運営」, 「• 地方創生移住支援事業について、…」,
  「…が企画した「疎開保険」という制度」, 「⇒ インフラ整備について社会資本整備総合交付金(…)により支援」.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .make import programme_record, span
from .models import ProgrammeRecord
from .programme_blocks import SUB_PROGRAMME
from .programme_common import covered_from_summary, eligible_from_summary, ministry_above, publisher
from .text import CIRCLED, is_blank, strip_bullet

_ITEM = re.compile(r"^[\s\-・•○◯〇✓]+")
_NAMED_TAIL = re.compile(r"[（(](?P<name>[^）)]{2,40}事業)[）)]$")
_NAME_CHARS = r"[\u4e00-\u9fff\u30a0-\u30ffー々・A-Za-zＡ-Ｚａ-ｚ0-9０-９]"
_SCHEME = r"(?:事業|制度|税制|業務|運送|交付金|補助金)"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTED = re.compile(rf"(?P<name>{_NAME_CHARS}{{3,30}}?{_SCHEME})(?P<mark>[{_SUP}]+)")
# Any term with a footnote mark, a scheme when its footnote says so: 「ウォーターPPP⁷」 over 「⁷ …官民連携方式の総称。」.
_MARKED_TERM = re.compile(rf"(?<!{_NAME_CHARS})(?P<name>{_NAME_CHARS}{{3,30}})(?P<mark>[{_SUP}]+)")
_FOOTNOTE_LINE = re.compile(rf"^\s*[{_SUP}]+\s")
# A scheme a footnote names: a compound of its own ending in 事業/制度, or before 及び/又は (「…事業及び同方式」);
# 「資する事業」「新たな制度」 have no name, 「事業者」 is no scheme.
_NAMED_IN_NOTE = re.compile(
    rf"(?<!{_NAME_CHARS})(?P<name>{_NAME_CHARS}{{4,30}}?(?:事業|制度))(?:(?!{_NAME_CHARS})|(?=及び|又は|並びに))"
)
# A definition's first sentence says what the term is: a scheme, a method 「…を呼び込みやすくするもの」, a kind of
# organisation 「…を持続的に実践する組織」; a term for actors (「…企業」「…者」) is a kind of firm or person, not one.
_DEFINED_AS_SCHEME = re.compile(r"(?:制度|方式|仕組み|事業|取組|するもの|組織)(?:の総称)?。?$")
_ACTORS = re.compile(r"(?:企業|者|人材|市民)$")
_QUOTED = re.compile(rf"(?P<head>{_NAME_CHARS}{{2,20}}?事業)「(?P<inner>[^」]{{2,60}})」")
_BULLET_SCHEME = re.compile(
    rf"(?<!{_NAME_CHARS})(?P<name>{_NAME_CHARS}{{5,30}}?(?:事業|税制|制度))(?=について|を新たに|に ?つ ?いて)"
)
# A scheme named in quotes (「新規輸出１万者支援プログラム」) or a grant named anywhere (新地方創生交付金).
_QUOTED_SCHEME = re.compile(r"「(?P<name>[^」「]{3,40}(?:事業|制度|プログラム|交付金|補助金|税制))」")
_GRANT = re.compile(rf"(?<!{_NAME_CHARS})(?P<name>{_NAME_CHARS}{{3,30}}(?:交付金|補助金))")
_CALLED = re.compile(r"「(?P<name>[^」]{2,30})」という(?:制度|仕組み|事業|取組)")
_SUPPORTED_BY = re.compile(
    rf"(?P<what>[^、。⇒\s][^、。⇒]{{1,40}}?)について(?P<name>{_NAME_CHARS}{{3,30}}(?:交付金|補助金|事業)(?:[（(][^）)]{{2,20}}[）)])?)により支援"
)
_WHO = re.compile(r"(?P<who>[^、。]{4,50}?(?:方|者|団体|企業|事業|自治体|市町村))(?:に、|に対し(?:て)?、|について、)")
# What a scheme gives, in its definition: 「指定されると、活動資金の助成、情報提供など、市町村からの支援や…」.
_SUPPORT_GIVEN = re.compile(r"(?:されると|により)、(?P<what>[^。]{4,60}?(?:からの支援|の支援))")
_OWNER = re.compile(r"(?P<org>(?:株式会社)?[\u4e00-\u9fff\u30a0-\u30ffー]{2,20}?(?:銀行|機構|公社|省|庁|株式会社))の$")
# What a scheme is for, said in the clause before its name: 「…、域外からの本社機能の移転・拡充を促す地方拠点強化税制について」.
_PURPOSE_BEFORE = re.compile(r"(?:^|[、。•\s])(?P<what>[^、。•・\s][^、。•]{3,40}?)を(?:促す|後押しする|支援する)$")
# Who a scheme is (newly) for, in a bullet about it: 「若者への支援強化に加え」, 「現行の中小企業等への就職だけでなく」,
# 「支援の対象業種に…である農林水産業をはじめ、自営業…を位置付ける」 (対象に…を加える／追加する alike).
_WHO_PROSE = (
    re.compile(r"(?:^|、)(?P<who>[^、。]{2,12}?)への支援(?:を)?(?:強化|拡充)"),
    re.compile(r"現行の(?P<who>[^、。]{2,20}?)だけでなく"),
)
_TARGETS_ADDED = re.compile(r"対象(?:業種|者|分野)?に(?P<list>[^。]{2,80}?)を(?:位置付ける|加える|追加する)")
_JA_GAP = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])\s+(?=[\u3040-\u30ff\u4e00-\u9fff])")


# A timeline item opens with its year: 「- 2020年 経産省事業「…」を受託し、…」 (the year the programme ran).
_TIMELINE = re.compile(r"^[\s\-・•]*(?P<year>[0-9０-９]{4}年(?:[0-9０-９]{1,2}月)?)\s+")


def _timeline_year(before: str) -> str | None:
    """The year a timeline item opens with, when the scheme is named in it."""
    m = _TIMELINE.match(before)
    return m["year"] if m else None


def _join(text: str) -> str:
    """A name the PDF broke with a space (「地域公共交通再構 築調査事業」) made whole."""
    return _JA_GAP.sub("", text)


# 「…を実施する事業者に対する支援強化」: an item announcing stronger support for a group names no cost paid for.
_STRENGTHENED = re.compile(r"に対する支援(?:の)?(?:強化|拡充)$")


def _item_cost(text: str) -> tuple[str, str | None]:
    """An item's covered cost (「…を支援」 dropped, purpose clause cut) and a programme it names at the end."""
    t = strip_bullet(_ITEM.sub("", text))
    named = _NAMED_TAIL.search(t)
    if named:
        t = t[: named.start()]
    t = re.sub(r"\s*を支援(?:する)?$", "", t).strip()
    cuts = [m.end() for m in re.finditer(r"(?:ため|向けた?)[、,]\s*", t)]
    if cuts:
        t = t[cuts[-1] :]
    return t.strip(), _join(named["name"]) if named else None


def _category(doc_id: str, lines: list[str], items: list[int]) -> ProgrammeRecord | None:
    """A ○ category (``items[0]``) over the ・ items it supports (「・…の運行や車両購入を支援」): its name without the
    gloss in brackets, its items' costs (not a support the line only strengthens); None when no item says it
    supports."""
    own = []
    for i in items[1:]:
        if not re.match(r"^\s+-\s*・", lines[i]):
            break
        own.append(i)
    texts = [_ITEM.sub("", lines[i]).strip() for i in own]
    if not own or not any(re.search(r"支援(?:する)?$", t) for t in texts):
        return None
    title = _ITEM.sub("", lines[items[0]]).strip()
    name = re.split(r"\s*[（(]", title, maxsplit=1)[0].strip()
    costs = [c for t in texts if (c := _item_cost(t)[0]) and not _STRENGTHENED.search(c)]
    # who carries out what an item supports, as in a block summary: 「X による Y を支援」 -> X
    who = [w for t in texts if re.search(r"を支援$", t) for w in eligible_from_summary(t + "する。")]
    # no ministry: the category is filed under its scheme, whose record carries the ministry
    return programme_record(doc_id, lines, items[0] + 1, own[-1] + 1, name=name, covered_costs=costs, eligible=who)


def extract_sub_programmes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「X事業 (purpose)」 headings with the items listed under them (a ○ over ・ items is a category, read also as a
    menu programme of its own: 「○離島航路・離島航空路 / ・…の運航等を支援」)."""
    records: list[ProgrammeRecord] = []
    for h, line in enumerate(lines):
        heading = line.strip()
        if not SUB_PROGRAMME.fullmatch(heading):
            continue
        name = re.split(r"\s*[（(]", heading, maxsplit=1)[0]
        items: list[int] = []
        blanks = 0
        for i in range(h + 1, min(len(lines), h + 40)):
            text = lines[i].strip()
            if not text:
                blanks += 1
                if blanks >= 10:
                    break
                continue
            blanks = 0
            if SUB_PROGRAMME.fullmatch(text) or (not _ITEM.match(lines[i]) and not text.startswith("○")):
                break
            items.append(i)
        if not items:
            continue
        covered: list[str] = []
        changes: list[str] = []
        for k, i in enumerate(items):
            text = lines[i].strip()
            nxt = lines[items[k + 1]] if k + 1 < len(items) else ""
            if re.match(r"^[-\s]*[○◯〇]", text) and re.match(r"^\s+-\s*・", nxt):
                # a category over its own ・ items is also a menu programme of its own when they say what it supports
                if category := _category(doc_id, lines, items[k:]):
                    records.append(category)
                continue
            cost, named = _item_cost(text)
            if cost:
                (changes if _STRENGTHENED.search(cost) else covered).append(cost)
            if named:
                records.append(
                    programme_record(
                        doc_id, lines, i + 1, i + 1, name=named, ministry=ministry_above(lines, i), covered_costs=[cost]
                    )
                )
        records.append(
            programme_record(
                doc_id,
                lines,
                h + 1,
                items[-1] + 1,
                name=name,
                ministry=ministry_above(lines, h),
                covered_costs=covered,
                conditions=changes,
                summary=heading[len(name) :].strip(" （()）") or None,
            )
        )
    return records


def _title(lines: list[str], i: int) -> tuple[int, str] | None:
    """A project title ending at line ``i`` (0-based), joined with a wrapped first half."""
    text = lines[i].strip()
    if not text.endswith("プロジェクト") or len(text) > 40 or any(c in text for c in CIRCLED):
        return None
    if text.startswith(("【", "■", "○", "※", "・", "-")) or re.match(r"^[0-9０-９]+\s", text):
        return None
    prev = lines[i - 1].strip() if i > 0 else ""
    if (
        prev
        and len(prev) <= 24
        and not prev.endswith(("。", "】", "プロジェクト"))
        and not prev.startswith(("【", "■"))
    ):
        return i - 1, prev + text
    return i, text


def extract_project_pages(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Pages headed by a project title with its area in 【…】 on the next line."""
    owner = publisher(lines)
    records = []
    for i in range(len(lines) - 1):
        nxt = next((j for j in range(i + 1, min(len(lines), i + 3)) if not is_blank(lines[j])), None)
        if nxt is None or not lines[nxt].strip().startswith("【"):
            continue
        found = _title(lines, i)
        if found is None:
            continue
        start, name = found
        end = nxt
        body = next((j for j in range(nxt + 1, min(len(lines), nxt + 4)) if not is_blank(lines[j])), None)
        summary = None
        if body is not None and lines[body].strip().endswith("。"):
            summary, end = lines[body].strip(), body
        records.append(programme_record(doc_id, lines, start + 1, end + 1, name=name, ministry=owner, summary=summary))
    return records


def _footnote(lines: list[str], mark: str, after: int) -> int | None:
    """0-based line of the footnote 「⁴ …」 for ``mark`` at most 80 lines below ``after``."""
    for j in range(after, min(len(lines), after + 80)):
        if lines[j].lstrip().startswith(mark + " ") or lines[j].lstrip().startswith(mark + "\u3000"):
            return j
    return None


def _who(text: str) -> list[str]:
    m = _WHO.search(text)
    return [m["who"].strip()] if m else []


def extract_footnoted_schemes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「…指定地域共同活動団体制度⁴の活用…」 with the footnote that defines the scheme."""
    records = []
    for i, line in enumerate(lines):
        named = list(_FOOTNOTED.finditer(line))
        # a term of another ending is a scheme when its footnote defines it as one (方式, 仕組み, 取組 …)
        terms = [m for m in _MARKED_TERM.finditer(line) if not any(n.start("mark") == m.start("mark") for n in named)]
        for m in named + terms:
            note = _footnote(lines, m["mark"], i + 1)
            if note is None:
                continue
            definition = lines[note].strip()[len(m["mark"]) :].strip()
            first = definition.split("。")[0]
            if m in terms and (not _DEFINED_AS_SCHEME.search(first) or _ACTORS.search(m["name"])):
                continue
            owner = _OWNER.search(line[: m.start()])
            record = programme_record(
                doc_id,
                lines,
                i + 1,
                i + 1,
                name=m["name"],
                ministry=owner["org"] if owner else None,
                eligible=_who(definition),
                covered_costs=[m["what"] for m in _SUPPORT_GIVEN.finditer(definition)][:1],
                summary=definition,
            )
            # the footnote is a source too: the eligible applicants are read from it
            records.append(replace(record, sources=(*record.sources, span(doc_id, lines, note + 1, note + 1))))
        # a footnote's definition may name a scheme of its own: 「⁷ 公共施設等運営事業及び…方式の総称。」
        if _FOOTNOTE_LINE.match(line):
            for m in _NAMED_IN_NOTE.finditer(line):
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
    return records


def _bullets(lines: list[str], reach: int = 6) -> list[tuple[int, int, str]]:
    """(first, last 0-based line, text) of each • / ・ bullet with the lines it wraps onto."""
    out = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not text.startswith(("•", "・")):
            continue
        last = i
        for j in range(i + 1, min(len(lines), i + reach)):
            nxt = lines[j].strip()
            if not nxt or nxt.startswith(("•", "・", "○", "〇", "【", "■", "※", "-")):
                break
            text, last = text + nxt, j
        out.append((i, last, text))
    return out


def extract_named_schemes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Schemes named in prose: 「…事業「KADO」を運営」, 「• 地方創生移住支援事業について」, 「…を促す…税制について」."""
    records = []
    for i, line in enumerate(lines):
        text = line.strip()
        for m in _QUOTED.finditer(text):
            inner, head = m["inner"], m["head"]
            if re.search(rf"{_SCHEME}$", inner):
                name, variants, ministry = inner, [m.group(0)], re.sub(r"事業$", "", head) or None
            else:
                name, variants, ministry = m.group(0), [inner], None
            records.append(
                programme_record(
                    doc_id,
                    lines,
                    i + 1,
                    i + 1,
                    name=name,
                    variants=variants,
                    ministry=ministry,
                    eligible=_who(text[: m.start()]),
                    period=_timeline_year(text[: m.start()]),
                )
            )
    for i, line in enumerate(lines):
        if "\t" in line:
            continue  # table rows are read as tables
        names = {m["name"] for m in _QUOTED_SCHEME.finditer(line)} | {m["name"] for m in _GRANT.finditer(line)}
        for name in sorted(names):
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=name))
        for m in _CALLED.finditer(line):
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
        for m in _SUPPORTED_BY.finditer(_join(line)):
            what = m["what"].strip()
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], covered_costs=[what]))
    for first, last, text in _bullets(lines):
        joined = _join(text)
        for m in _BULLET_SCHEME.finditer(joined):
            sentence = joined[m.end() :].split("。")[0]
            costs = covered_from_summary(sentence) if "支援" in sentence else []
            purpose = _PURPOSE_BEFORE.search(joined[: m.start()].rstrip())
            if purpose and not costs:
                costs = [purpose["what"].strip()]
            records.append(
                programme_record(
                    doc_id,
                    lines,
                    first + 1,
                    last + 1,
                    name=m["name"],
                    eligible=_prose_who(sentence),
                    covered_costs=costs,
                )
            )
    return records


def _prose_who(sentence: str) -> list[str]:
    """The applicants a sentence about a scheme names: those it strengthens or adds, those it keeps."""
    found = [w["who"].strip() for pattern in _WHO_PROSE for w in pattern.finditer(sentence)]
    for m in _TARGETS_ADDED.finditer(sentence):
        # 「A をはじめ、B」 lists two; 「…である A」 keeps the name, not its description.
        found += [re.sub(r"^.*である", "", part).strip() for part in m["list"].split("をはじめ、")]
    return [w for w in dict.fromkeys(found) if w]
