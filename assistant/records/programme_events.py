"""Initiatives a bureau runs, listed on a project page: events, tours, seminars, guidebooks.

Two layouts of a progress report's project page:
  * a ■ line naming what was held or done and who did it: 「■ 空知ワインアカデミーの開催［振興局］」,
    「■ 高校生を対象とした林業就職説明会の開催［振興局］」 (who it is for, said in the line, is its applicants),
    「■ 新規高卒者の地元就職促進のため、合同企業説明会などの実施［振興局、市町］」 (the purpose is cut off);
  * a ○ line naming an event over its card: 「○空知地域企業見学バスツアー / 開催日：… / 概 要：…ため、高校生、
    保護者や進路指導担当教諭を対象に地元企業見学会を開催。」.
A report's plain heading 「Xの開催」 over its 概要 card (日時：/開催日：) names an event too: 「シンポジウムの開催 / - …を
開催。 / 概要 / 日時：令和8年3月25日…」.
A ■ heading that is itself an event's name, its head noun a meeting or seminar (「■意見交換会「…を考える」」,
「■…若手世代公開座談会」), is one when the bullet under it says it was held (「…座談会を実施」). Under either
heading, a 日時 label that gives one day and its hours 「日時：令和8年3月25日（水）16:00～18:00」 is the period.
A card right under its line (開催日：, 概 要：) is read for who it is for (「…を対象に」) and for its period: the days
it gives as written, one day, a span or a list (「①令和6年9月14日～15日 / ②…」 continued on the next line). A
two-column page puts other cards between a line and its own: a card under a line it does not speak of is set apart,
and goes to the line above it with no card of its own whose name it shares the longest run with.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .make import programme_record, span
from .models import ProgrammeRecord
from .text import is_blank

_ACT = r"(?:開催|実施|作成|発行|整備)"
# 「■ Xの開催［振興局］」: the organiser's bracket may wrap to the next line.
_SQUARE = re.compile(rf"■\s*(?P<body>[^■［］]{{3,60}})(?:の|を){_ACT}\s*(?:［(?P<org>[^］]{{1,20}})］)?")
# 「■ X［振興局］」 with another verb (出展, 制作, 情報発信): the organiser's bracket says it is an initiative.
_SQUARE_ORG = re.compile(r"■\s*(?P<body>[^■［］\s][^■［］]{2,60}?)\s*［(?P<org>[^］]{1,20})］")
_OTHER_ACT = re.compile(r"(?:へ)?の(?:出展|制作|開設|運営|展開|推進|作成|実施|開催)$")
_CIRCLE = re.compile(r"^[○〇]\s*(?P<body>[^\s。、：:【】]{4,40})$")
_ORG_LINE = re.compile(r"^［(?P<org>[^］]{1,20})］$")
# The part of an organiser's bracket that is a ministry or bureau: 「振興局」 of ［振興局・市町］. A council of the
# area's bodies (［炭鉄港推進協議会］), an event's 実行委員会 or the municipalities that run it (［市町］) carry it out; they
# are not its ministry.
_ORGAN = re.compile(r".{0,20}(?:省|庁|局|府|課|事務局)|[国県道都府]")
_CARD_LABEL = re.compile(r"^(?:開催日|日\s*時|期\s*間|場\s*所|概\s*要)\s*[：:]")
_FIELD = re.compile(r"^(?:[^\s：:。]\s?){1,8}[：:]")  # 「概 要：」, 「参加者：」
_PURPOSE = re.compile(r"^.*(?:ため|向けて?|ことから)[、,]")
# In a card's summary the applicants follow the purpose, with or without a comma: 「…を目的に転職や就職希望者を対象とした」.
_BEFORE_WHO = re.compile(r"^.*(?:ため[、,]|向けて?[、,]|目的に[、,]?|ことから[、,])")
_FOR = re.compile(r"(?P<who>[^。]{2,60}?)を対象(?:に|と(?:した|する))")
# The days a card gives, as written, are the event's period: one day, a span, or the days listed 「①…～15日 ②…」.
_DATES = re.compile(r"^[①-⑨]?\s*(?:令和|平成)?[0-9０-９元]+年[^。：:]*[0-9０-９]+日$")
_NEXT_DATE = re.compile(r"^[②-⑨]\s*[^：:。]*[0-9０-９]+日$")


def _name_and_who(body: str) -> tuple[str, list[str]]:
    """The initiative's name, purpose and trailing 「など」 cut; 「X を対象とした Y」 gives Y and X as its applicants."""
    text = re.sub(r"(?:など|等)$", "", _PURPOSE.sub("", body.strip())).strip()
    if re.fullmatch(r"『[^『』]+』", text):
        text = text[1:-1]  # a title in 『』 is named without its quotes
    m = re.fullmatch(r"(?P<who>[^、。]{2,30}?)を対象とした(?P<what>.{3,})", text)
    return (m["what"], [m["who"]]) if m else (text, [])


def _card(lines: list[str], start: int, reach: int = 4) -> tuple[int, str, str] | None:
    """(last line, date, summary) of the card that opens within ``reach`` lines of ``start``, or None."""
    i = start
    while i < len(lines) and i < start + reach and (is_blank(lines[i]) or _ORG_LINE.match(lines[i].strip())):
        i += 1
    if i >= len(lines) or not _CARD_LABEL.match(lines[i].strip()):
        return None
    date, summary, last, in_summary, in_date, blanks = "", "", i, False, False, 0
    for k in range(i, min(len(lines), i + 25)):
        text = lines[k].strip()
        if not text:
            blanks += 1
            if blanks >= 3:
                break
            continue
        blanks = 0
        if text.startswith(("■", "○", "〇")):
            break
        label = _FIELD.match(text)
        if label:
            in_summary = re.sub(r"\s+", "", label.group(0)).startswith("概要")
            in_date = re.sub(r"\s+", "", label.group(0)).startswith("開催日") and not date
            if in_date:
                date = text[label.end() :].strip()
            if in_summary:
                summary += text[label.end() :].strip()
        elif in_summary:
            summary += text
        elif in_date and _NEXT_DATE.match(text):
            date += " " + text  # 「開催日：①令和6年9月14日～15日 / ②令和6年9月26日～29日」
        else:
            continue
        last = k
        if in_summary and summary.endswith("。"):
            break
    return last, date, summary


def _card_start(lines: list[str], start: int, reach: int = 4) -> int | None:
    """The first line of the card that opens within ``reach`` lines of ``start`` (as ``_card`` finds it)."""
    i = start
    while i < len(lines) and i < start + reach and (is_blank(lines[i]) or _ORG_LINE.match(lines[i].strip())):
        i += 1
    return i if i < len(lines) and _CARD_LABEL.match(lines[i].strip()) else None


def _who_in(summary: str) -> list[str]:
    m = _FOR.search(summary)
    if m is None:
        return []
    who = _BEFORE_WHO.sub("", m["who"]).strip("、, ")
    return [who] if len(who) >= 2 else []


def _speaks_of(summary: str, name: str) -> bool:
    """Whether a card's summary is about the named initiative: it uses the name's head noun (its last three
    characters, a Latin tail such as 「inそらち」 aside) or four characters of the name in a row."""
    core = re.sub(r"[A-Za-z]+[^A-Za-z]*$", "", name) or name
    return core[-3:] in summary or any(core[k : k + 4] in summary for k in range(len(core) - 3))


# A heading line that is only 「Xの開催」, and the card's date label that must follow it within a few lines.
_HEADING = re.compile(r"\s*(?P<body>[^\s■○〇・\-－。、：:]{4,40})の(?:開催|実施)\s*")
_DATE_LABEL = re.compile(r"\s*(?:日\s*時|開催日)\s*[：:]")


def _headed_event(lines: list[str], i: int) -> int | None:
    """The line of the date label under a plain 「Xの開催」 heading at ``i``, or None."""
    if not _HEADING.fullmatch(lines[i]):
        return None
    for k in range(i + 1, min(len(lines), i + 9)):
        if _DATE_LABEL.match(lines[k]):
            return k
        if _HEADING.fullmatch(lines[k]) or lines[k].lstrip().startswith(("■", "○", "〇")):
            return None
    return None


# 「■X座談会」「■意見交換会「…」」: a heading whose head noun is a gathering, with no verb nor organiser.
_GATHERING = r"(?:会|シンポジウム|セミナー|フォーラム|ワークショップ|講座)"
_SQUARE_EVENT = re.compile(rf"■\s*(?P<name>[^■［］\s][^■［］]{{2,60}}?{_GATHERING}(?:「[^「」]{{2,40}}」)?)")
_HELD = re.compile(r"(?:実施|開催)(?:した|する)?。?$")
_DAY_LABEL = re.compile(r"(?:日\s*時|開催日)\s*[>＞]?\s*[：:]?\s*")
_ONE_DAY = re.compile(
    r"(?:令和|平成)?[0-9０-９]+年[0-9０-９]+月[0-9０-９]+日\s*[（(][^）)]{1,3}[）)]\s*"
    r"(?:[0-9０-９]{1,2}[:：][0-9０-９]{2}\s*[～~〜]\s*[0-9０-９]{1,2}[:：][0-9０-９]{2})?"
)


def _held_gathering(lines: list[str], i: int, reach: int = 12) -> tuple[int, str | None] | None:
    """(last line, period) of a ■ gathering heading at ``i`` whose next bullet says it was held, or None."""
    nearby = [k for k in range(i + 1, min(len(lines), i + 4)) if lines[k].strip()]
    if not _SQUARE_EVENT.fullmatch(lines[i].strip()) or not nearby or not _HELD.search(lines[nearby[0]].strip()):
        return None
    last, period = nearby[0], None
    for k in range(nearby[0] + 1, min(len(lines), i + reach)):
        text = lines[k].strip().lstrip("<＜")
        if text.startswith("■"):
            break
        label = _DAY_LABEL.match(text)
        if label and _ONE_DAY.match(text[label.end() :]):
            last, period = k, _label_value(text[label.end() :])
            break
    return last, period


_NEXT_LABEL = re.compile(r"\s+[^\s：:0-9０-９]{1,4}\s*[：:]")  # 「… 場所：…」: the next label on the same line


def _label_value(text: str) -> str:
    """A date label's whole value, up to the next label on its line: the day, its hours and the note in brackets
    after them 「令和8年3月25日（水）10:15～14:30（関係者限りで開催）」 (not cut at the bracket)."""
    return _NEXT_LABEL.split(text, maxsplit=1)[0].strip()


def _square_items(line: str) -> list[tuple[str, str | None]]:
    """(name as written, organiser) of each ■ item on a line."""
    found: list[tuple[str, str | None]] = []
    for part in re.split(r"(?=■)", line):
        m = _SQUARE.match(part.strip())
        if m is None and (other := _SQUARE_ORG.match(part.strip())):
            found.append((_OTHER_ACT.sub("", other["body"].strip()), other["org"]))
        elif m is not None:
            found.append((m["body"], m["org"]))
    return found


def _wrapped_title(lines: list[str], i: int) -> tuple[str, int] | None:
    """A ■ title with no verb nor organiser, joined with the next line that closes it with ［…］, and that line."""
    line = lines[i].strip()
    if not line.startswith("■") or "［" in line or _SQUARE.match(line):
        return None
    k = i + 1
    while k < len(lines) and is_blank(lines[k]):
        k += 1
    if k >= len(lines) or k > i + 2 or lines[k].lstrip().startswith(("■", "○", "〇", "［")):
        return None
    nxt = lines[k].strip()
    if "［" not in nxt:
        return None
    return line + re.sub(r"［([^］]{1,20})］.*$", r"［\1］", nxt), k


def _common(a: str, b: str) -> int:
    """Length of the longest run of characters ``a`` and ``b`` share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def _assign_apart(lines: list[str], items: list[dict], reach: int = 60) -> None:
    """A two-column page sets a line's card apart, under other lines. A card that opens a line with 開催日 and is
    not its heading's own goes to the line above it (within ``reach``) that has no card and whose name it speaks
    of most (the longest shared run; the nearest on a tie)."""
    owned = {it["card_first"] for it in items if it.get("card_first") is not None}
    for k, line in enumerate(lines):
        if k in owned or not re.match(r"\s*開催日\s*[：:]", line) or (card := _card(lines, k, reach=1)) is None:
            continue
        free = [it for it in items if it["card"] is None and it["last"] < k <= it["last"] + reach]
        scored = [(_common(it["name"], card[2]), it["last"], it) for it in free if _speaks_of(card[2], it["name"])]
        if scored:
            it = max(scored, key=lambda x: (x[0], x[1]))[2]
            it["card"], it["card_first"], it["apart"] = card, k, True


def extract_events(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Events and initiatives a project page lists under ■ or ○, with who they are for and their period."""
    records: list[ProgrammeRecord] = []
    items: list[dict] = []  # ■ and ○ lines, read into records once every card has found its line
    for i, line in enumerate(lines):
        wrapped = _wrapped_title(lines, i)
        found = _square_items(wrapped[0] if wrapped else line)
        if not found and (held := _held_gathering(lines, i)) is not None:
            name = _SQUARE_EVENT.fullmatch(line.strip())["name"]  # type: ignore[index]
            records.append(programme_record(doc_id, lines, i + 1, held[0] + 1, name=name, period=held[1]))
            continue
        if not found and (dated := _headed_event(lines, i)) is not None:
            name = _HEADING.fullmatch(line)["body"]  # type: ignore[index]
            text = lines[dated].strip()
            value = text[_DAY_LABEL.match(text).end() :]  # type: ignore[union-attr]
            period = _label_value(value) if _ONE_DAY.match(value) else None
            records.append(programme_record(doc_id, lines, i + 1, dated + 1, name=name, period=period))
            continue
        circle = _CIRCLE.match(line.strip()) if not found else None
        if circle:
            found = [(circle["body"], None)]
        for body, org in found:
            last = wrapped[1] if wrapped else i
            if org is None and i + 1 < len(lines) and (own := _ORG_LINE.match(lines[i + 1].strip())):
                org, last = own["org"], i + 1
            name, eligible = _name_and_who(body)
            first = _card_start(lines, last + 1) if len(found) == 1 else None
            card = _card(lines, last + 1) if first is not None else None
            if card and not _speaks_of(card[2], name):
                card = first = None  # a two-column page: the card under the line is another initiative's
            if circle and card is None:
                continue  # a ○ line is an initiative only over its own card (else a heading or an indicator)
            items.append(
                {"start": i, "last": last, "name": name, "org": org, "eligible": eligible, "card": card}
                | {"card_first": first, "apart": False}
            )
    _assign_apart(lines, items)
    for it in items:
        card, last, eligible, period = it["card"], it["last"], it["eligible"], None
        if card:
            date, summary = card[1], card[2]
            eligible = eligible or _who_in(summary)
            period = date if _DATES.match(date) else None
            last = last if it["apart"] else card[0]
        organs = [p for p in re.split(r"[・、,，]", it["org"] or "") if _ORGAN.fullmatch(p.strip())]
        record = programme_record(
            doc_id,
            lines,
            it["start"] + 1,
            last + 1,
            name=it["name"],
            ministry="・".join(organs) or None,
            eligible=eligible,
            period=period,
            notes=[f"実施主体: {it['org']}"] if it["org"] else [],
        )
        if it["apart"]:  # the card read apart from its line is a second source
            record = replace(record, sources=(*record.sources, span(doc_id, lines, it["card_first"] + 1, card[0] + 1)))
        records.append(record)
    return records
