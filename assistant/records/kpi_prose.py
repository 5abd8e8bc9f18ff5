"""Numeric targets stated in prose: 【…目指す】 brackets, summary-box goals and (KPI) lists.

Only a closed set of sentence shapes is accepted, each matched against a whole
clause, so that figures which are not targets (「１か所で複数提供する拠点」,
「新規輸出１万者」) are left alone: a missing record is cheaper than a false one.

Accepted shapes (X = the thing measured, V = a quantity such as 50％, 約１万人):
  T1  [年までに] X を V [に|と|で] [増加させる|認定|創出|実現…] [ことを目指す]
  T2  YYYY年[までに] X V [・X V]          (a year or horizon lead is required)
  T3  X を V から V へと拡大
  T4  [X を] K V、K V [創出|を目指す]       (X（K） per figure)
  T5  [D において|では] [期間] V [を超える][の] X [を目指す]
  T6  YYYY年度を目途に V に拡大することを目指す, with X and the baseline on the label lines above
  T7  (KPI) ①X:施行後5年間で累計600件 ②…
  T8  X の V の増加|拡大 を目指す             (indicator "Xの増加")
  T9  X 実質4%/年（…）以上を目指す            (rate targets written with a space)
  T10 X(…額|数|率|高|量) V を目指す           (bullet prose: 「• …売上高35.5兆円を目指し、…」)
A relative horizon ("今後10年間", "３年後", "早期", "施行後5年間") goes into the
target's ``status`` because it is not a calendar year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import KpiRecord, KpiValue
from .text import CIRCLED, QUANTITY, is_blank, normalise_year, record_id, source_text


def _lead(p: str) -> str:
    """A year or horizon phrase opening a clause; groups are prefixed with ``p``."""
    return (
        rf"(?:(?P<{p}year>[0-9０-９]{{4}}年度?)(?:までに|までの[^、。]*?(?:で|に)|を目途に|に)?"
        rf"|(?P<{p}hz>今後[0-9０-９]+年間|[0-9０-９]+年後|早期|施行後[0-9０-９]+年間)(?:で|に))\s*"
    )


_LEAD = re.compile(_lead("l"))
_CUE = re.compile(r"目指す|までに|を目途に|創出|認定|実現|拡大|[割倍％%]に$")
_VERB = r"(?:増加させる|増加|拡大|認定|創出|実現)?(?:し|する|すること)?(?:ことを目指す|を目指す)?"

_T1 = re.compile(rf"(?P<ind>[^、。]{{2,}}?)を(?:(?P<hz2>[0-9０-９]+年)で)?(?P<val>{QUANTITY})(?:に|と|で)?{_VERB}")
_T2_PART = re.compile(rf"(?P<ind>[^、。を0-9０-９]{{2,}}?)(?P<val>{QUANTITY})")
_T3 = re.compile(
    rf"(?P<ind>[^、。]{{2,}}?)を(?P<base>{QUANTITY})から(?P<val>{QUANTITY})へと?拡大(?:する)?"
    r"(?:ことを目指す|を目指す)?"
)
_T4 = re.compile(
    rf"(?:^|(?<=、))(?:{_lead('t4')})?(?:(?P<subj>[^、。を0-9０-９]{{2,}}?)を)?"
    rf"(?P<k1>[^、。を0-9０-９]{{2,}}?)(?P<v1>{QUANTITY})、\s*"
    rf"(?P<k2>[^、。を0-9０-９]{{2,}}?)(?P<v2>{QUANTITY})(?:を?創出|を目指す)$"
)
_T5 = re.compile(
    rf"(?:(?P<dom>[^、。]+?)(?P<sep>において|では|で))?(?:{_lead('t5')})?"
    rf"(?P<val>{QUANTITY}(?:を超える)?)の?(?P<ind>[^、。をにで0-9０-９]{{2,}}?)(?:の展開)?(?:を目指す)?"
)
_T8 = re.compile(rf"(?P<ind>[^、。]{{2,}}?)の(?P<val>{QUANTITY})の(?P<verb>増加|拡大)(?:を目指す)?")
_T9 = re.compile(
    r"(?P<ind>[^、。\s]{2,}?)\s+(?P<val>(?:実質)?[0-9０-９][0-9０-９.．]*[％%]/年(?:（[^）]*）)?以上)を目指す"
)
_T10 = re.compile(rf"(?P<ind>[^、。0-9０-９]{{2,}}?(?:額|数|率|高|量))(?P<val>{QUANTITY})を目指す")
_CUE_TAIL = re.compile(r"を目指す$")
_SUBJECT = re.compile(r"(?P<subj>[^、。を]{2,}?)を")
_T6 = re.compile(
    rf"\s*(?P<year>[0-9０-９]{{4}}年度?)を目途に\s*(?P<val>{QUANTITY})に拡大\s*(?:することを目指す|を目指す)\s*"
)
_KPI_MARK = re.compile(r"[（(]\s*(?:KPI|ＫＰＩ)\s*[）)]")
_T7_ITEM = re.compile(
    rf"(?P<mark>[{CIRCLED}])\s*(?P<ind>[^:：{CIRCLED}]+?)\s*[:：]\s*"
    rf"(?:(?P<hz>施行後[0-9０-９]+年間|今後[0-9０-９]+年間|[0-9０-９]+年間)で)?\s*(?P<val>{QUANTITY})"
)


@dataclass(frozen=True)
class _Target:
    indicator: str
    value: str
    year: str | None
    horizon: str | None
    baseline: str | None = None


def _horizon(m: re.Match[str], p: str) -> tuple[str | None, str | None]:
    year = m.groupdict().get(f"{p}year")
    hz = m.groupdict().get(f"{p}hz")
    return (normalise_year(year) if year else None, hz)


def _clause_targets(clause: str, year: str | None, hz: str | None) -> list[_Target]:
    """Targets in one comma-separated clause (lead phrase already removed)."""
    m = _T3.fullmatch(clause)
    if m:
        return [_Target(m["ind"], m["val"], year, hz, m["base"])]
    m = _T8.fullmatch(clause)
    if m:
        return [_Target(f"{m['ind']}の{m['verb']}", m["val"], year, hz)]
    m = _T9.fullmatch(clause)
    if m:
        return [_Target(m["ind"], m["val"], year, hz)]
    m = _T10.fullmatch(clause)
    if m:
        return [_Target(m["ind"], m["val"], year, hz)]
    m = _T1.fullmatch(clause)
    if m:
        return [_Target(m["ind"], m["val"], year, hz or m["hz2"])]
    m = _T5.fullmatch(clause)
    if m:
        y2, h2 = _horizon(m, "t5")
        ind = m["ind"]
        if m["dom"] and m["sep"] in ("において", "では"):
            ind = f"{ind}（{m['dom']}）"  # the field the figure belongs to
        return [_Target(ind, m["val"], y2 or year, h2 or (None if y2 else hz))]
    if year or hz:
        clause = _CUE_TAIL.sub("", clause)
        whole = _T2_PART.fullmatch(clause)
        parts = [whole] if whole else [_T2_PART.fullmatch(p) for p in clause.split("・")]
        if parts and all(parts):
            return [_Target(p["ind"], p["val"], year, hz) for p in parts if p]
    return []


def targets_in_statement(statement: str) -> list[_Target]:
    """All targets of the accepted shapes in a bracket or box statement."""
    found: list[_Target] = []
    carried: str | None = None  # subject of the previous sentence (「関係人口を可視化。…」)
    for sentence in re.split(r"。", statement):
        s = sentence.strip()
        previous, subj = carried, _SUBJECT.match(s)
        carried = subj["subj"] if subj else None
        if not s or not (_CUE.search(s) or _LEAD.match(s)):
            continue
        m = _T4.search(s)
        if m:
            y, h = _horizon(m, "t4")
            owner = m["subj"] or previous
            for k, v in ((m["k1"], m["v1"]), (m["k2"], m["v2"])):
                found.append(_Target(f"{owner}（{k}）" if owner else k, v, y, h))
            continue
        year: str | None = None
        hz: str | None = None
        for clause in s.split("、"):
            c = clause.strip()
            lead = _LEAD.match(c)
            if lead and lead.end() > 0:
                y, h = _horizon(lead, "l")
                year, hz = (y, None) if y else (None, h)
                c = c[lead.end() :]
            if c:
                found.extend(_clause_targets(c, year, hz))
    return found


def _heading_of(lines: list[str], index: int, col: int) -> tuple[str | None, int]:
    """The ○ heading a bracket belongs to and the 0-based line it is on."""
    before = lines[index][:col].strip()
    if before.startswith(("○", "〇")):
        return before.lstrip("○〇 　").strip() or None, index
    if before:
        return None, index
    for j in range(index - 1, max(-1, index - 3), -1):
        if is_blank(lines[j]):
            continue
        text = lines[j].strip()
        if text.startswith(("○", "〇")) and "【" not in text:
            return text.lstrip("○〇 　").strip(), j
        break
    return None, index


def _brackets(lines: list[str]) -> list[tuple[int, int, int, str]]:
    """(first line, last line, column, content) of each 【…】, following wraps for two lines."""
    out = []
    for i, line in enumerate(lines):
        for m in re.finditer("【", line):
            text = line[m.end() :]
            last = i
            while "】" not in text and last + 1 < len(lines) and last < i + 2:
                last += 1
                text += lines[last].strip()
            if "】" not in text:
                continue
            out.append((i, last, m.start(), text[: text.index("】")]))
    return out


def _build(doc_id: str, lines: list[str], t: _Target, project: str | None, start: int, end: int) -> KpiRecord:
    indicator = t.indicator.strip()
    return KpiRecord(
        record_id=record_id(doc_id, indicator, start),
        doc=doc_id,
        project=project,
        indicator=indicator,
        baseline=KpiValue(None, t.baseline, None) if t.baseline else None,
        actuals=(),
        target=KpiValue(t.year, t.value, t.horizon),
        progress=None,
        status=None,
        line_start=start,
        line_end=end,
        source_text=source_text(lines, start, end),
    )


def extract_bracket_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Targets in 【…】 statements (地方創生2.0 政策パッケージ style)."""
    records = []
    for first, last, col, content in _brackets(lines):
        targets = targets_in_statement(content)
        if not targets:
            continue
        project, head = _heading_of(lines, first, col)
        for t in targets:
            records.append(_build(doc_id, lines, t, project, head + 1, last + 1))
    return records


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """0-based inclusive spans of runs of non-blank lines."""
    spans, start = [], None
    for i, line in enumerate([*lines, ""]):
        if is_blank(line):
            if start is not None:
                spans.append((start, i - 1))
            start = None
        elif start is None:
            start = i
    return spans


def extract_box_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Short stand-alone goals such as 「地方への\\n若者の流れを２倍に」 or 「関係人口を実人数…創出」."""
    records = []
    for start, end in _paragraphs(lines):
        if end - start > 1:
            continue  # goals in the summary box are one or two short lines
        text = "".join(lines[i].strip() for i in range(start, end + 1))
        if len(text) > 60 or "。" in text or "【" in text or text.startswith(("・", "-", "•")):
            continue
        if not (re.search(r"[割倍％%]に$", text) or text.endswith("創出")):
            continue
        for t in targets_in_statement(text):
            records.append(_build(doc_id, lines, t, None, start + 1, end + 1))
    return records


def extract_bullet_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Targets opening a bullet: 「• 中堅・中小企業等の輸出額・現地法人売上高35.5兆円を目指し、…」."""
    records = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not text.startswith(("•", "・")):
            continue
        clause = text.lstrip("•・ 　").split("、", 1)[0]
        if not clause.endswith(("を目指し", "を目指す")):
            continue
        project, start = None, i
        for j in range(i - 1, max(-1, i - 3), -1):
            above = lines[j].strip()
            if above:
                if above.startswith(("○", "〇")):  # the policy heading the bullet explains
                    project, start = above.split("【", 1)[0].lstrip("○〇 　").strip() or None, j
                break
        for t in targets_in_statement(clause[:-1] + "す"):
            records.append(_build(doc_id, lines, t, project, start + 1, i + 1))
    return records


def extract_aim_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """「2032年度を目途に 1.5倍程度に拡大 することを目指す」 with its label and baseline above."""
    records = []
    for i, line in enumerate(lines):
        m = _T6.fullmatch(line)
        if not m:
            continue
        labels: list[tuple[int, str]] = []
        baseline: tuple[int, str] | None = None
        for j in range(i - 1, max(-1, i - 12), -1):
            text = lines[j].strip()
            if not text:
                continue
            if re.fullmatch(QUANTITY, text):
                baseline = (j, text)
                break
            if len(text) > 12 or len(labels) >= 3:
                break
            labels.append((j, text))
        if not labels:
            continue  # no label: the measured thing is unknown, so no record
        first = baseline[0] if baseline else labels[-1][0]
        for j in range(first - 1, max(-1, first - 5), -1):
            if lines[j].strip():
                if lines[j].strip().startswith("■"):
                    first = j  # the ■ heading names what the baseline is
                break
        indicator = "".join(t for _, t in reversed(labels))
        target = _Target(indicator, m["val"], normalise_year(m["year"]), None, baseline[1] if baseline else None)
        records.append(_build(doc_id, lines, target, None, first + 1, i + 1))
    return records


def extract_kpi_lists(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """「(KPI) ①特定居住促進計画の作成数:施行後5年間で累計600件 ②…」, items possibly on later lines."""
    records = []
    for i, line in enumerate(lines):
        marker = _KPI_MARK.search(line)
        if not marker:
            continue
        items: list[tuple[int, str]] = [(i, line[marker.start() :])]
        j, seen = i + 1, 0
        while j < len(lines) and seen < 2:
            text = lines[j].strip()
            if text:
                seen += 1
                if text[0] not in CIRCLED:
                    break
                items.append((j, text))
            j += 1
        for k, text in items:
            for m in _T7_ITEM.finditer(text):
                t = _Target(m["ind"].strip(), m["val"], None, m["hz"])
                records.append(_build(doc_id, lines, t, None, i + 1, k + 1))
    return records


def extract_prose_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """All prose targets; a target restated later in the same document is kept once (first place)."""
    seen: set[tuple[str, str | None, str | None, str | None]] = set()
    out = []
    for reader in (
        extract_bracket_targets,
        extract_box_targets,
        extract_bullet_targets,
        extract_aim_targets,
        extract_kpi_lists,
    ):
        for r in sorted(reader(doc_id, lines), key=lambda r: r.line_start):
            t = r.target
            key = (r.indicator, t.value if t else None, t.year if t else None, t.status if t else None)
            if key not in seen:
                seen.add(key)
                out.append(r)
    return out
