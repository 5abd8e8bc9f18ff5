"""Programmes described in slide blocks rather than tables.

Three shapes:
  * a name line with a budget line under it (001 「モーダルシフト等推進事業 / 令和6年度当初予算額
    40.6百万円 …」, 000 「特定居住支援法人による取組の推進 / (令和7年度予算：10百万円)」);
  * numbered support sections with 【支援対象者】【支援対象経費】【支援額】 (000 地域生活圏形成
    リーディング事業);
  * a budget stated in prose for a named subsidy (「累計6,000億円（令和５年度補正及び令和６年度補正）の
    大規模成長投資補助金」).
"""

from __future__ import annotations

import re

from assistant.text.normalize import compact, repair_ocr

from .models import ProgrammeRecord
from .programme_common import (
    AMOUNT,
    BUDGET_ITEM_RE,
    CAP_RE,
    RATE,
    RATE_RE,
    budget_year,
    parse_eligible,
)
from .text import dedupe, is_blank, normalise_budget_years, record_id, source_text, strip_bullet

_GAP = 10  # a blank run this long is an image or page break: the block has ended
_MAX_SPAN = 80  # lines after the budget line that may still belong to the block
# A ministry alone on a line; 001 prints it misread by OCR (国十交诵省), which `repair_ocr` undoes.
_MINISTRY_LINES = {"国土交通省", "国十交诵省"}
_RATE_AFTER_LABEL = re.compile(rf"補助率\s*[:：]?\s*(?P<r>{RATE})")
_SUB_PROGRAMME = re.compile(r"[^\s。、]{2,30}事業\s*[（(][^）)]*[）)]")
_CONDITION_WORDS = re.compile(r"補助率|上限|補助額|要件")


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


def _section_starts(lines: list[str]) -> list[tuple[int, str]]:
    """(0-based line, title) of numbered sections that hold a 【支援額】 marker."""
    out = []
    for i, line in enumerate(lines):
        if compact(line) != "【支援額】":
            continue
        for j in range(i - 1, max(-1, i - 30), -1):
            m = re.match(r"^\s*\d+\.\s*(\S.*)$", lines[j])
            if m:
                out.append((j, m.group(1).strip()))
                break
    return out


def _anchors(lines: list[str]) -> list[int]:
    """Lines where some programme starts; a block never runs past the next one."""
    starts = {j for j, _ in _section_starts(lines)}
    for i, line in enumerate(lines):
        if "\t" in line:
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

        rates: list[str] = []
        caps: list[str] = []
        coverage = [strip_bullet(lines[i]) for i in desc]
        conditions: list[str] = []
        ministry = None
        attribute_lines = [b, *desc]
        for i in range(b + 1, end + 1):
            text = lines[i].strip()
            if text in _MINISTRY_LINES:
                ministry = repair_ocr(text)
                continue
            found = False
            if "補助率" in text:
                rates += [m["r"] for m in _RATE_AFTER_LABEL.finditer(text)]
                found = True
            line_caps = [m.group(0) for m in CAP_RE.finditer(text)]
            if line_caps:
                caps += line_caps
                found = True
            # ○ items and sub-programme headings are trusted only inside a block whose end is
            # known (cut by the next programme); otherwise they may come from a later figure.
            listed = cut and (_SUB_PROGRAMME.fullmatch(text) or text.startswith(("○", "- ○")))
            if i not in desc and (listed or text.endswith("が対象")):
                coverage.append(strip_bullet(text))
                found = True
            elif i not in desc and text.endswith("。") and _CONDITION_WORDS.search(text):
                conditions.append(strip_bullet(text))
                found = True
            if found:
                attribute_lines.append(i)
        if not cut:
            end = max(attribute_lines)  # drop trailing page text that says nothing about the programme

        primary = next((m for m in items if m["kind"] != "補正"), items[0])
        notes = [m.group(0) for m in items if m is not primary]
        rest = line.strip()
        for m in items:
            rest = rest.replace(m.group(0), "")
        notes += [
            c.strip()
            for c in re.findall(r"[（(]([^）)]*)[）)]", rest)
            if re.search(r"[0-9A-Za-z\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]", c)
        ]
        records.append(
            ProgrammeRecord(
                record_id=record_id(doc_id, name, start + 1),
                doc=doc_id,
                name=name,
                budget=primary["amt"],
                budget_year=budget_year(primary["year"], primary["kind"]),
                rates=dedupe(rates),
                caps=dedupe(caps),
                eligible=(),
                coverage=dedupe(coverage),
                conditions=dedupe(conditions),
                ministry=ministry,
                line_start=start + 1,
                line_end=end + 1,
                source_text=source_text(lines, start + 1, end + 1),
                notes=dedupe(notes),
            )
        )
    return records


def extract_support_sections(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Numbered sections with 【支援対象者】【支援対象経費】【支援額】 markers."""
    records = []
    for sec, title in _section_starts(lines):
        programme = None
        for j in range(sec, max(-1, sec - 40), -1):
            found = re.findall(r"「([^」]{2,40}事業)」", lines[j].replace("**", ""))
            if found:
                programme = found[-1]
                break
        name = f"{programme}（{title}）" if programme else title
        end, marker = sec, None
        parts: dict[str, list[str]] = {}
        blanks = 0
        for i in range(sec + 1, min(len(lines), sec + 40)):
            text = lines[i].strip()
            if not text:
                blanks += 1
                if blanks >= 2 and marker and "支援額" in marker:
                    break
                continue
            blanks = 0
            if marker and "支援額" in marker and (text.startswith(("<", "【")) or re.match(r"\d+\.\s", text)):
                break
            if re.match(r"\d+\.\s", text):
                break  # the next numbered section
            m = re.fullmatch(r"【(?P<k>[^】]+)】\s*(?P<rest>.*)", text)
            if m:
                marker = m["k"]
                text = m["rest"]
            end = i
            if marker and text:
                parts.setdefault(marker, []).append(strip_bullet(text))
        eligible: list[str] = []
        coverage: list[str] = []
        rates: list[str] = []
        caps: list[str] = []
        conditions: list[str] = []
        for key, texts in parts.items():
            if "経費" in key:
                coverage += texts
            elif "支援対象" in key:
                for t in texts:
                    who, cond = parse_eligible(t)
                    eligible += who
                    conditions += cond
            elif "支援額" in key:
                for t in texts:
                    line_rates = RATE_RE.findall(t)
                    line_caps = [m.group(0) for m in CAP_RE.finditer(t)]
                    rates += line_rates
                    caps += line_caps
                    rest = t
                    for x in line_rates + line_caps:
                        rest = rest.replace(x, "")
                    if len(re.sub(r"[\s（）()・※、。:：]", "", rest)) >= 4:
                        conditions.append(t)  # the text says which rate applies when
        notes: list[str] = []
        if any("ポイント" in c for c in conditions):
            end, notes = _points_legend(lines, end)
        records.append(
            ProgrammeRecord(
                record_id=record_id(doc_id, name, sec + 1),
                doc=doc_id,
                name=name,
                budget=None,
                budget_year=None,
                rates=dedupe(rates),
                caps=dedupe(caps),
                eligible=dedupe(eligible),
                coverage=dedupe(coverage),
                conditions=dedupe(conditions),
                ministry=None,
                line_start=sec + 1,
                line_end=end + 1,
                source_text=source_text(lines, sec + 1, end + 1),
                notes=dedupe(notes),
            )
        )
    return records


def _points_legend(lines: list[str], end: int) -> tuple[int, list[str]]:
    """Extend a section over the 「<…ポイント>」 legend its conditions refer to."""
    i = end + 1
    while i < len(lines) and is_blank(lines[i]) and i <= end + 3:
        i += 1
    if i >= len(lines) or not re.fullmatch(r"<[^>]*ポイント[^>]*>.*", lines[i].strip()):
        return end, []
    notes, last = [], i
    for k in range(i + 1, min(len(lines), i + 10)):
        text = lines[k].strip()
        if not text:
            if notes:
                continue
            continue
        if not re.match(r"^[-\s]*[①-⑳]", text):
            break
        notes.append("ポイント" + strip_bullet(text).replace("**", ""))
        last = k
    return (last, notes) if notes else (end, [])


_PROSE_BUDGET = re.compile(
    rf"(?P<amt>(?:累計)?{AMOUNT})[（(](?P<yrs>[^）)]*(?:予算|補正)[^）)]*)[）)]の"
    r"(?P<name>[^、。\s]{2,30}?(?:補助金|交付金))"
)


def extract_prose_budgets(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「累計6,000億円（令和５年度補正及び令和６年度補正）の大規模成長投資補助金」, name may wrap."""
    records = []
    for i, line in enumerate(lines):
        head = line.rstrip()
        joined = head + (lines[i + 1].strip() if i + 1 < len(lines) else "")
        for m in _PROSE_BUDGET.finditer(joined):
            if m.start() >= len(head):
                continue  # starts on the next line; found when that line is scanned
            last = i if m.end() <= len(head) else i + 1
            name = m["name"]
            records.append(
                ProgrammeRecord(
                    record_id=record_id(doc_id, name, i + 1),
                    doc=doc_id,
                    name=name,
                    budget=m["amt"],
                    budget_year=normalise_budget_years(m["yrs"]),
                    rates=(),
                    caps=(),
                    eligible=(),
                    coverage=(),
                    conditions=(),
                    ministry=None,
                    line_start=i + 1,
                    line_end=last + 1,
                    source_text=source_text(lines, i + 1, last + 1),
                )
            )
    return records
