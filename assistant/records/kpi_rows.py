"""KPI rows that sit on one line: per-project KPI rows and "X（R5） → Y（R11）" plan targets."""

from __future__ import annotations

import re

from assistant.text.normalize import compact

from .make import kpi_record
from .models import KpiRecord, KpiValue
from .text import ANY_UNIT, CIRCLED, NUM, is_blank, normalise_year

_VALUE = rf"{NUM}\s*{ANY_UNIT}?"
_YEAR = r"[（(]\s*[RＲ]\s*[0-9０-９]+\s*[）)]"
_PROGRESS = r"[-－‐−]?\s*(?:[0-9０-９][0-9０-９.．]*)?\s*[％%]"
_PENDING = "集計中"

# 「空知の耕作面積の維持 113,600㏊ (R2) 113,500㏊ (R6) 113,600㏊ (R7) 99.9％」
# The indicator is everything before the first "value (year)" group.
_ROW = re.compile(
    rf"^\s*(?P<ind>\S.*?)\s+(?P<bv>{_VALUE})\s*(?P<by>{_YEAR})\s*"
    rf"(?P<av>{_VALUE}|{_PENDING})\s*(?P<ay>{_YEAR})\s*"
    rf"(?P<tv>{_VALUE})\s*(?P<ty>{_YEAR})\s*(?P<pg>{_PROGRESS})\s*$"
)

# 「16,427千人(R5) → 16,920千人(R11)」: baseline → target, indicator on the ○ line above.
_ARROW = re.compile(rf"^\s*(?P<bv>{_VALUE})\s*(?P<by>{_YEAR})\s*[→⇒]\s*(?P<tv>{_VALUE})\s*(?P<ty>{_YEAR})\s*$")

# 「・観光入込客数 3,450万人（R5）→ 3,800万人（R10）」: a list item with its indicator on the same line.
_ARROW_INLINE = re.compile(
    rf"^[\s\-・•○〇◯■]*(?P<ind>[^\s0-9０-９・•○〇◯■\-][^0-9０-９→⇒]{{1,40}}?)\s*"
    rf"(?P<bv>(?:年間)?{_VALUE})\s*(?P<by>{_YEAR})\s*[→⇒]\s*(?P<tv>(?:年間)?{_VALUE})\s*(?P<ty>{_YEAR})\s*$"
)

# Blank runs at least this long separate pages/slides in the extractions.
_PAGE_GAP = 3


def _is_kpi_header(line: str) -> bool:
    s = compact(line)
    return "評価指標(KPI)" in s and "基準値" in s and "進捗率" in s


def _project_for(lines: list[str], index: int) -> str | None:
    """Project title of the page holding ``index`` (0-based): the line just above 【推進エリア】."""
    for i in range(index, max(-1, index - 250), -1):
        if lines[i].strip().startswith("【推進エリア】"):
            for j in range(i - 1, max(-1, i - 4), -1):
                if not is_blank(lines[j]):
                    return lines[j].strip()
            return None
    return None


def extract_kpi_rows(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Rows under 「評価指標（KPI） 基準値(基準年) 実績値(実績年) 目標値(目標年) 進捗率」."""
    records: list[KpiRecord] = []
    for h, header in enumerate(lines):
        if not _is_kpi_header(header):
            continue
        project = _project_for(lines, h)
        blanks = 0
        for i in range(h + 1, len(lines)):
            line = lines[i]
            if is_blank(line):
                blanks += 1
                if blanks >= _PAGE_GAP:
                    break
                continue
            blanks = 0
            m = _ROW.match(line)
            if not m:
                break  # the KPI block ended; anything else is page text
            pending = m.group("av") == _PENDING
            actual = KpiValue(
                year=normalise_year(m.group("ay")),
                value=None if pending else m.group("av"),
                status=_PENDING if pending else None,
            )
            n = i + 1
            records.append(
                kpi_record(
                    doc_id,
                    lines,
                    n,
                    n,
                    indicator=m.group("ind").strip(),
                    project=project,
                    baseline=KpiValue(normalise_year(m.group("by")), m.group("bv"), None),
                    actuals=(actual,),
                    targets=(KpiValue(normalise_year(m.group("ty")), m.group("tv"), None),),
                    progress=m.group("pg").strip(),
                )
            )
    return records


def _page_of(lines: list[str], index: int) -> tuple[int, int]:
    """0-based inclusive bounds of the page (text between long blank runs) holding ``index``."""
    start = index
    run = 0
    i = index - 1
    while i >= 0:
        run = run + 1 if is_blank(lines[i]) else 0
        if run >= _PAGE_GAP:
            start = i + _PAGE_GAP
            break
        start = i
        i -= 1
    end = index
    run = 0
    i = index + 1
    while i < len(lines):
        run = run + 1 if is_blank(lines[i]) else 0
        if run >= _PAGE_GAP:
            end = i - _PAGE_GAP
            break
        end = i
        i += 1
    return start, end


def _project_titles(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """Project titles on a page: lines ending in プロジェクト, joined with a wrapped first half."""
    titles: list[tuple[int, str]] = []
    for i in range(start, end + 1):
        text = lines[i].strip()
        if not text.endswith("プロジェクト") or len(text) > 40:
            continue
        if any(c in text for c in CIRCLED) or text.startswith(("【", "■", "○", "※")):
            continue  # legends (① …プロジェクト) and bullets are not titles
        prev = lines[i - 1].strip() if i > start else ""
        if (
            prev
            and len(prev) <= 20
            and not prev.endswith(("。", "】", "プロジェクト"))
            and not prev.startswith(("【", "■", "○", "※"))
            and not any(c in prev for c in CIRCLED)
        ):
            text = prev + text
        titles.append((i, text))
    return titles


def extract_arrow_kpis(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Plan KPIs written 「○指標 \\n 52.0％ (R5) → 63.9％ (R11)」 or 「・指標 52.0％（R5）→ 63.9％（R11）」 (baseline → target)."""
    found: list[tuple[int, int, str, re.Match[str]]] = []  # (indicator line, arrow line, indicator, match)
    for i, line in enumerate(lines):
        m = _ARROW.match(line)
        if not m:
            inline = _ARROW_INLINE.match(line)
            if inline:
                found.append((i, i, inline["ind"].strip(), inline))
            continue
        seen = 0
        for j in range(i - 1, max(-1, i - 6), -1):
            if is_blank(lines[j]):
                continue
            seen += 1
            text = lines[j].strip()
            if text.startswith(("○", "〇", "◯")):
                found.append((j, i, text.lstrip("○〇◯ 　"), m))
                break
            if seen >= 2:
                break  # no ○ label close above: the indicator is unknown, skip
    # Projects: on the plan-summary page the titles and the KPIs come in the same
    # column order, so pair them by position, but only when the counts agree.
    projects: dict[int, str] = {}
    pages: dict[tuple[int, int], list[int]] = {}
    for _, arrow_line, _, _ in found:
        pages.setdefault(_page_of(lines, arrow_line), []).append(arrow_line)
    for (start, end), arrows in pages.items():
        titles = _project_titles(lines, start, end)
        if len(titles) == len(arrows) and all(t[0] < a for t, a in zip(titles, arrows, strict=True)):
            projects.update({a: t[1] for t, a in zip(titles, arrows, strict=True)})
    records = []
    for ind_line, arrow_line, indicator, m in found:
        records.append(
            kpi_record(
                doc_id,
                lines,
                ind_line + 1,
                arrow_line + 1,
                indicator=indicator,
                project=projects.get(arrow_line),
                baseline=KpiValue(normalise_year(m.group("by")), m.group("bv").strip(), None),
                targets=(KpiValue(normalise_year(m.group("ty")), m.group("tv").strip(), None),),
            )
        )
    return records
