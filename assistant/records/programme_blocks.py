"""Programmes described in slide blocks rather than tables.

Two shapes here (numbered support sections are in programme_support.py, sub-programme
headings and other prose in programme_prose.py):
  * a name line with a budget line under it (「モーダルシフト等推進事業 / 令和6年度当初予算額
    40.6百万円 …」, 「特定居住支援法人による取組の推進 / (令和7年度予算：10百万円)」);
  * a budget stated in prose for a named subsidy (「累計1,200億円（令和３年度補正及び令和４年度補正）の
    地域脱炭素推進交付金」).
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.text.normalize import compact, repair_ocr

from .make import programme_record, span
from .models import Budget, Cap, ProgrammeRecord, Rate
from .programme_common import (
    AMOUNT,
    BUDGET_ITEM_RE,
    CAP_RE,
    RATE,
    covered_from_summary,
    eligible_from_summary,
    ministry_above,
)
from .programme_fields import labelled_fields
from .programme_support import section_starts
from .text import is_blank, strip_bullet

_GAP = 10  # a blank run this long is an image or page break: the block has ended
_MAX_SPAN = 80  # lines after the budget line that may still belong to the block
# A ministry alone on a line; 001 prints it misread by OCR (国十交诵省), which `repair_ocr` undoes.
_MINISTRY_LINES = {"国土交通省", "国十交诵省"}
_RATE_AFTER_LABEL = re.compile(rf"補助率\s*[:：]?\s*(?P<r>{RATE})")
# A sub-programme heading: 「地域公共交通調査等事業 (持続可能な…計画の策定)」 (read in programme_prose.py).
SUB_PROGRAMME = re.compile(r"[^\s。、・\-○]{2,30}(?:事業|交付金|補助金)\s*[（(][^）)]{2,40}[）)]")
_CONDITION_WORDS = re.compile(r"補助率|上限|補助額|要件")
# 「計画策定経費補助 上限200万円 (補助率:定額)」 / 「X (補助率:2/3以内) 上限総額 1,000万円」: a cap and a rate
# the line itself pairs with the item they are for. Anything less contiguous stays unpaired.
_CAP = r"上限(?:総額|額)?\s*[0-9０-９][0-9０-９,，.．]*\s*(?:百万円|億円|万円|千円|円)"
_PAIRED = re.compile(
    rf"(?P<item>[^\s*（()）:：]{{2,20}})\s+(?:(?P<cap1>{_CAP})\s*[（(]補助率[:：]\s*(?P<rate1>{RATE})[）)]"
    rf"|[（(]補助率[:：]\s*(?P<rate2>{RATE})[）)]\s*(?P<cap2>{_CAP}))"
)


# 「計画策定経費補助」, 「省人化・自動化機器導入」: an item the block pairs with its own rate and cap is a menu of the
# scheme, a programme of its own; a label of the terms line (「補助上限」) or a bare word (「運行」) is not one.
_NOT_ITEM = re.compile(r"補助率|上限|補助上限")
_SUBSIDY_ITEM = re.compile(r".+(?:補助|助成)$|.{6,}")  # a subsidy's name, or a name long enough not to be a bare label
# 「計画策定経費補助の支援対象となる取組」 over 「…に要する費用が対象」: what one item of the block pays for.
_ITEM_SCOPE = re.compile(r"(?P<item>[^\s、。]{2,20}?)の(?:支援|補助)対象となる(?:取組|経費|事業)")


def _text_above(lines: list[str], i: int) -> str:
    """The nearest non-blank line above line ``i`` (0-based), stripped."""
    return next((lines[j].strip() for j in range(i - 1, max(-1, i - 4), -1) if lines[j].strip()), "")


def _paired(text: str) -> tuple[list[Rate], list[Cap]]:
    """Rates and caps a line pairs with an item, each with the item as its condition."""
    rates, caps = [], []
    for m in _PAIRED.finditer(text):
        item = m["item"]
        rates.append(Rate(m["rate1"] or m["rate2"], item))
        caps.append(Cap(m["cap1"] or m["cap2"], item))
    return rates, caps


def _budget_items(line: str) -> list[re.Match[str]]:
    """Budget items of a line that is a budget line (starts with one, short)."""
    text = line.strip()
    if len(text) > 80 or not BUDGET_ITEM_RE.match(text.lstrip("(（ ")):
        return []
    return list(BUDGET_ITEM_RE.finditer(text))


def _name_above(lines: list[str], i: int) -> int | None:
    """0-based line of the programme name just above a budget line, if it looks like a name."""
    for j in range(i - 1, max(-1, i - 5), -1):
        text = lines[j].strip()
        if not text:
            continue
        if (
            len(text) > 40
            or text.endswith("。")
            or text.startswith(("-", "・", "■", "※", "<", "○", "✓", "("))
            or "\t" in lines[j]
            or BUDGET_ITEM_RE.search(text)
        ):
            return None
        return j
    return None


def _anchors(lines: list[str]) -> list[int]:
    """Lines where some programme starts; a block never runs past the next one."""
    starts = {j for j, _ in section_starts(lines)}
    for i, line in enumerate(lines):
        if "\t" in line or SUB_PROGRAMME.fullmatch(line.strip()):
            starts.add(i)
        elif _budget_items(line):
            j = _name_above(lines, i)
            if j is not None:
                starts.add(j)
    return sorted(starts)


def _block_end(lines: list[str], after: int, hard: int) -> tuple[int, bool]:
    """Last non-blank line of the block and whether it was cut by the next programme."""
    blanks, last = 0, after
    for i in range(after + 1, min(hard, len(lines))):
        if is_blank(lines[i]):
            blanks += 1
            if blanks >= _GAP:
                return last, False
            continue
        blanks, last = 0, i
    return last, hard < len(lines) and hard - after < _MAX_SPAN


def _description(lines: list[str], after: int, end: int) -> list[int]:
    """0-based lines of the first paragraph after the budget line (the programme summary)."""
    i = after + 1
    while i <= end and (is_blank(lines[i]) or lines[i].strip() in _MINISTRY_LINES):
        i += 1
    out = []
    while i <= end and not is_blank(lines[i]):
        out.append(i)
        i += 1
    return out


def _budgets(items: list[re.Match[str]], line: str) -> tuple[list[Budget], list[str]]:
    """The budget line's amounts (each with its year and 当初/補正) and its other parenthesised notes."""
    rest = line.strip()
    for m in items:
        rest = rest.replace(m.group(0), "")
    notes = [
        c.strip()
        for c in re.findall(r"[（(]([^）)]*)[）)]", rest)
        if re.search(r"[0-9A-Za-z\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]", c)
    ]
    note = "、".join(notes) or None
    budgets = [
        Budget(m["amt"], re.sub(r"\s+", "", m["year"]), m["kind"] or None, note if i == 0 else None)
        for i, m in enumerate(items)
    ]
    return budgets, notes


# A block's prose naming what it supports: 「…において、「X に要する経費」や「Y」に対して支援を行うとともに、
# Z に対して支援を行う。」 -> X, Y, Z (quoted items as written; else the clause after the last comma).
_SUPPORTS = re.compile(r"(?P<what>[^。]*?)に対し(?:て)?[、,]?支援を行う")


def supported_in(text: str) -> list[str]:
    """What a sentence says the programme supports, in its own words."""
    out: list[str] = []
    for m in _SUPPORTS.finditer(text):
        what = re.sub(r"^.*とともに[、,]", "", m["what"])
        quoted = re.findall(r"「([^「」]{4,80})」", what)
        out += quoted or [re.split(r"[、,]", what)[-1].strip()]
    return [w for w in out if len(w) >= 4]


def extract_budget_blocks(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Programmes introduced by a name line and a budget line."""
    anchors = _anchors(lines)
    records = []
    for b, line in enumerate(lines):
        items = _budget_items(line)
        if not items:
            continue
        start = _name_above(lines, b)
        if start is None:
            continue  # a budget with no recognisable name is not attributed to anything
        name = lines[start].strip()
        following = [a for a in anchors if a > b]
        hard = min(following[0] if following else len(lines), b + _MAX_SPAN)
        end, cut = _block_end(lines, b, hard)
        desc = _description(lines, b, end)

        rates: list[Rate] = []
        caps: list[Cap] = []
        covered: list[str] = []
        conditions: list[str] = []
        ministry = None
        attribute_lines = [b, *desc]
        item_costs: dict[str, list[tuple[int, str]]] = {}  # (line, cost): what the block says each item pays for
        labelled = labelled_fields(lines, b + 1, end)  # 【補助対象者】, 「補助率：1/2以内（上限300万円）」
        for i in range(b + 1, end + 1):
            text = lines[i].strip()
            if i in labelled.used:
                attribute_lines.append(i)
                continue  # read by its label, with the condition the line names
            if text in _MINISTRY_LINES:
                ministry = repair_ocr(text)
                continue
            found = False
            paired_rates, paired_caps = _paired(text)
            if "補助率" in text:
                paired = {r.rate for r in paired_rates}
                rates += paired_rates + [Rate(m["r"]) for m in _RATE_AFTER_LABEL.finditer(text) if m["r"] not in paired]
                found = True
            line_caps = paired_caps + [
                Cap(m.group(0)) for m in CAP_RE.finditer(text) if m.group(0) not in {c.cap for c in paired_caps}
            ]
            if line_caps:
                caps += line_caps
                found = True
            if supported := supported_in(text):
                covered += supported
                found = True
            if i not in desc and text.endswith("が対象"):
                covered.append(strip_bullet(text).removesuffix("が対象"))
                found = True
                if own := _ITEM_SCOPE.fullmatch(_text_above(lines, i)):  # 「計画策定経費補助の支援対象となる取組」
                    item_costs.setdefault(own["item"], []).append((i, covered[-1]))
            elif i not in desc and text.endswith("。") and _CONDITION_WORDS.search(text):
                conditions.append(strip_bullet(text))
                found = True
            if found:
                attribute_lines.append(i)
        if not cut:
            end = max(attribute_lines)  # drop trailing page text that says nothing about the programme
        summary = "".join(strip_bullet(lines[i]) for i in desc) or None
        budgets, notes = _budgets(items, line)
        # Items the block pairs with their own rate and cap are programmes too (the menus of the scheme).
        ministry = ministry or ministry_above(lines, start)
        for item in dict.fromkeys(
            r.condition
            for r in rates
            if r.condition and _SUBSIDY_ITEM.fullmatch(r.condition) and not _NOT_ITEM.search(r.condition)
        ):
            # the line that pairs the item with its terms, not a flow chart's label of it: the terms must be cited
            terms = [r.rate for r in rates if r.condition == item] + [c.cap for c in caps if c.condition == item]
            named = [i for i in range(b, end + 1) if item in lines[i]]
            at = next((i for i in named if all(compact(t) in compact(lines[i]) for t in terms)), named[0])
            costs = item_costs.get(item, [])
            records.append(
                programme_record(
                    doc_id,
                    lines,
                    at + 1,
                    at + 1,
                    name=item,
                    variants=[f"{name}（{item}）"],
                    ministry=ministry,
                    rates=[Rate(r.rate) for r in rates if r.condition == item],
                    caps=[Cap(c.cap) for c in caps if c.condition == item],
                    covered_costs=[c for _, c in costs],
                )
            )
            # the line saying what the item pays for is a source too
            records[-1] = replace(
                records[-1], sources=(*records[-1].sources, *(span(doc_id, lines, k + 1, k + 1) for k, _ in costs))
            )
        records.append(
            programme_record(
                doc_id,
                lines,
                start + 1,
                end + 1,
                name=name,
                ministry=ministry,
                budgets=budgets,
                rates=[*rates, *labelled.rates],
                caps=[*caps, *labelled.caps],
                # a label says who and what outright; the summary's wording is the fallback
                eligible=labelled.eligible or eligible_from_summary(summary or ""),
                covered_costs=[*(labelled.covered or covered_from_summary(summary or "")), *covered],
                conditions=[*conditions, *labelled.conditions],
                period=labelled.period,
                summary=summary,
                notes=notes,
            )
        )
    return records


_PROSE_BUDGET = re.compile(
    rf"(?P<amt>(?:累計)?{AMOUNT})[（(](?P<yrs>[^）)]*(?:予算|補正)[^）)]*)[）)]の"
    r"(?P<name>[^、。\s]{2,30}?(?:補助金|交付金))"
)


# What the grant pays for, said right after it: 「…補助金など、設備投資や海外展開、Ｍ＆Ａ等に対する措置を通じて」.
_MEASURES_FOR = re.compile(r"^(?:など|等)?[、,](?P<what>[^。]{2,50}?)に対する(?:措置|支援|補助)")


def extract_prose_budgets(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「累計1,200億円（令和３年度補正及び令和４年度補正）の地域脱炭素推進交付金」, name may wrap; what it pays
    for when the sentence goes on 「など、X に対する措置」."""
    records = []
    for i, line in enumerate(lines):
        head = line.rstrip()
        joined = head + (lines[i + 1].strip() if i + 1 < len(lines) else "")
        for m in _PROSE_BUDGET.finditer(joined):
            if m.start() >= len(head):
                continue  # starts on the next line; found when that line is scanned
            for_what = _MEASURES_FOR.match(joined[m.end() :])
            end = m.end() + for_what.end() if for_what else m.end()
            last = i if end <= len(head) else i + 1
            years = m["yrs"]
            kinds = set(re.findall(r"当初|補正", years))
            kind = kinds.pop() if len(kinds) == 1 else None
            records.append(
                programme_record(
                    doc_id,
                    lines,
                    i + 1,
                    last + 1,
                    name=m["name"],
                    budgets=[Budget(m["amt"], years, kind)],
                    covered_costs=[for_what["what"].strip()] if for_what else [],
                )
            )
    return records
