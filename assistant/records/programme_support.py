"""Numbered support sections of one programme: 「1. 先導的な取組への支援」 【支援対象者】【支援対象経費】【支援額】.

Each section is a way the programme supports; its rates and caps apply under the section (and
under a condition the 【支援額】 line states: 「ポイント①及び②を満たす主体：支援対象経費の1/2」).
Every section is read as a reading of the programme named in 「…事業」 above it, so merging
(records/merge.py) gives one record whose rates and caps each carry their condition.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.text.normalize import compact

from .make import programme_record, span
from .models import Cap, ProgrammeRecord, Rate
from .programme_common import CAP_RE, RATE_RE, ministry_above, parse_eligible
from .text import is_blank, strip_bullet

_NUMBERED = re.compile(r"^\s*\d+\.\s*(\S.*)$")
_CONDITION_HEAD = re.compile(r"^(?P<cond>[^：:]{4,60})[：:]")  # 「ポイント①及び②を満たす主体：…」


def section_starts(lines: list[str]) -> list[tuple[int, str]]:
    """(0-based line, title) of numbered sections that hold a 【支援額】 marker."""
    out = []
    for i, line in enumerate(lines):
        if compact(line) != "【支援額】":
            continue
        for j in range(i - 1, max(-1, i - 30), -1):
            m = _NUMBERED.match(lines[j])
            if m:
                out.append((j, m.group(1).strip()))
                break
    return out


def _parts(lines: list[str], sec: int) -> tuple[dict[str, list[str]], int]:
    """Marker -> text lines of a section, and its last 0-based line."""
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
    return parts, end


def _terms(texts: list[str], title: str) -> tuple[list[Rate], list[Cap], list[str]]:
    """Rates and caps of 【支援額】 lines, each with the condition it applies under."""
    rates: list[Rate] = []
    caps: list[Cap] = []
    conditions: list[str] = []
    for t in texts:
        head = _CONDITION_HEAD.match(t)
        condition = head["cond"].strip() if head else title
        line_rates = RATE_RE.findall(t)
        line_caps = [m.group(0) for m in CAP_RE.finditer(t)]
        rates += [Rate(r, condition) for r in line_rates]
        caps += [Cap(c, title if t.startswith("※") else condition) for c in line_caps]
        rest = t
        for x in line_rates + line_caps:
            rest = rest.replace(x, "")
        if len(re.sub(r"[\s（）()・※、。:：]", "", rest)) >= 4:
            conditions.append(t)  # the text says which rate applies when
    return rates, caps, conditions


def extract_support_sections(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """One reading per numbered section with 【支援対象者】【支援対象経費】【支援額】 markers."""
    records = []
    for sec, title in section_starts(lines):
        programme, named_at = None, None
        for j in range(sec, max(-1, sec - 40), -1):
            found = re.findall(r"「([^」]{2,40}事業)」", lines[j].replace("**", ""))
            if found:
                programme, named_at = found[-1], j
                break
        parts, end = _parts(lines, sec)
        eligible: list[str] = []
        covered: list[str] = []
        rates: list[Rate] = []
        caps: list[Cap] = []
        conditions: list[str] = []
        for key, texts in parts.items():
            if "経費" in key:
                covered += texts
            elif "支援対象" in key:
                for t in texts:
                    who, cond = parse_eligible(t)
                    eligible += who
                    conditions += cond
            elif "支援額" in key:
                r, c, cond = _terms(texts, title)
                rates, caps, conditions = rates + r, caps + c, conditions + cond
        notes: list[str] = []
        if any("ポイント" in c for c in conditions):
            end, notes = _points_legend(lines, end)
        record = programme_record(
            doc_id,
            lines,
            sec + 1,
            end + 1,
            name=programme or title,
            variants=[f"{programme}（{title}）"] if programme else [],
            ministry=ministry_above(lines, sec, reach=60),
            rates=rates,
            caps=caps,
            eligible=eligible,
            covered_costs=covered,
            conditions=conditions,
            notes=notes,
        )
        if named_at is not None and named_at < sec:  # the line naming the programme is a source too
            record = replace(record, sources=(*record.sources, span(doc_id, lines, named_at + 1, named_at + 1)))
        records.append(record)
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
            continue
        if not re.match(r"^[-\s]*[①-⑳]", text):
            break
        notes.append("ポイント" + strip_bullet(text).replace("**", ""))
        last = k
    return (last, notes) if notes else (end, [])
