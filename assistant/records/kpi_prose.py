"""Targets stated in prose, by layout: target brackets, summary-box goals, bullets, aims, (KPI) lists, sentences, guidelines (目安).

The sentence shapes themselves are in kpi_shapes.py; this module finds the statements and
what they belong to (the ○ heading above a bracket, the slide title above a summary box).
"""

from __future__ import annotations

import re

from .kpi_shapes import VALUE, Target, statement_target, targets_in_statement
from .make import kpi_record
from .models import KpiRecord, KpiValue
from .text import CIRCLED, QUANTITY, is_blank, normalise_year

_T6 = re.compile(
    rf"\s*(?P<year>[0-9０-９]{{4}}年度?)を目途に\s*(?P<val>{QUANTITY})に拡大\s*(?:することを目指す|を目指す)\s*"
)
_KPI_MARK = re.compile(r"[（(]\s*(?:KPI|ＫＰＩ)\s*[）)]")
_T7_ITEM = re.compile(
    rf"(?P<mark>[{CIRCLED}])\s*(?P<ind>[^:：{CIRCLED}]+?)\s*[:：]\s*"
    rf"(?:(?P<hz>施行後[0-9０-９]+年間|今後[0-9０-９]+年間|[0-9０-９]+年間)で)?\s*(?P<val>{QUANTITY})"
)
_BOX_END = re.compile(r"(?:[割倍％%]|同水準|並み)に$|創出$")
_TITLE = re.compile(r"^「[^」]{2,40}」(?:[（(][^）)]{1,10}[）)])?$")
_PLANNED = re.compile(
    rf"(?P<scope>全国|各地|全都道府県)で(?P<val>{VALUE})の「(?P<ind>[^」]{{2,20}})」を(?:構想|整備|形成|創出|目指)"
)
_TOPIC = re.compile(r"(?:^|、)(?P<topic>[^、]{4,60}?)(?:では|において)[^、]*、$")


def _build(doc_id: str, lines: list[str], t: Target, project: str | None, start: int, end: int) -> KpiRecord:
    return kpi_record(
        doc_id,
        lines,
        start,
        end,
        indicator=t.indicator.strip(),
        project=project,
        baseline=KpiValue(None, t.baseline, None) if t.baseline else None,
        targets=t.targets,
    )


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


# A wrapped line that opens a new labelled item of the same bracket: 「自動運転サービス支援道：…」.
_ITEM_LABEL = re.compile(r"^[^、。：:\s]{2,20}[：:]")


def _brackets(lines: list[str]) -> list[tuple[int, int, int, str]]:
    """(first line, last line, column, content) of each 【…】, following wraps for two lines; a wrapped
    line that opens a labelled item starts a new line of the content."""
    out = []
    for i, line in enumerate(lines):
        for m in re.finditer("【", line):
            text = line[m.end() :]
            last = i
            while "】" not in text and last + 1 < len(lines) and last < i + 2:
                last += 1
                more = lines[last].strip()
                text += ("\n" if _ITEM_LABEL.match(more) else "") + more
            if "】" not in text:
                continue
            out.append((i, last, m.start(), text[: text.index("】")]))
    return out


def _title_above(lines: list[str], index: int, reach: int = 80) -> str | None:
    """The slide title 「…」（概要） a summary box sits under, if one is close above."""
    for j in range(index - 1, max(-1, index - reach), -1):
        if _TITLE.match(lines[j].strip()):
            return lines[j].strip()
    return None


# The decision a target bracket of several sentences ends by committing to: 「…を募集する。…検討し、順次結論を出す」.
_DECISION = re.compile(r"[^、。]{0,12}?(?:結論を(?:出す|得る)|(?:を)?(?:開始|決定|策定|創設)する)$")


def _committed_decision(statement: str, heading: str) -> list[Target]:
    """A bracket of several sentences under a heading: the heading is measured by the decision it ends with."""
    sentences = [s.strip() for s in statement.split("。") if s.strip()]
    if len(sentences) < 2:
        return []
    m = _DECISION.fullmatch(sentences[-1].split("、")[-1].strip())
    return [Target(heading, (KpiValue(None, m.group(0), None),))] if m else []


def extract_bracket_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Targets in 【…】 statements; under a ○ heading every dated or numbered statement is a target."""
    records = []
    for first, last, col, content in _brackets(lines):
        project, head = _heading_of(lines, first, col)
        for item in content.split("\n"):  # labelled items of one bracket are targets of their own
            targets = targets_in_statement(item, bare=project is not None)
            if not targets and project is not None:
                targets = statement_target(item) or _committed_decision(item, project)
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
        if not _BOX_END.search(text):
            continue
        for t in targets_in_statement(text):
            records.append(_build(doc_id, lines, t, _title_above(lines, start), start + 1, end + 1))
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
        target = KpiValue(normalise_year(m["year"]), m["val"], None)
        t = Target(indicator, (target,), baseline[1] if baseline else None)
        records.append(_build(doc_id, lines, t, _slide_title_above(lines, first), first + 1, i + 1))
    return records


# A ministry deck's slide header: the title, then (after blanks) the ministry's name on a line of its own.
_MINISTRY_ONLY = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:省|庁)$")


def _slide_title_above(lines: list[str], index: int, reach: int = 40) -> str | None:
    """The title of the slide a statement sits on: the line over the nearest ministry-name line above."""
    for j in range(index - 1, max(-1, index - reach), -1):
        if not _MINISTRY_ONLY.match(lines[j].strip()):
            continue
        for k in range(j - 1, max(-1, j - 5), -1):
            title = lines[k].strip()
            if title:
                return title if len(title) >= 8 and not title.startswith(("・", "•", "-", "■", "※")) else None
        return None
    return None


# A slide title with its subtitle between wave dashes: 「持続可能な生活圏の再構築 ～二地域居住の促進～」
# (not a numbered section 「(2)…～…～」, not a row of years 「1972年～ 2015年～」).
_SUBTITLED = re.compile(r"^[^\s・•\-○〇(（0-9０-９][^～~〜]{2,40}?\s*[～~〜][^～~〜0-9０-９]{2,30}[～~〜]$")


def _subtitled_title_above(lines: list[str], index: int, reach: int = 80) -> str | None:
    """The slide title (with its ～subtitle～) a (KPI) list sits under, if one is close above."""
    for j in range(index - 1, max(-1, index - reach), -1):
        if _SUBTITLED.match(lines[j].strip()):
            return lines[j].strip()
    return None


def extract_kpi_lists(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """「(KPI) ①特定居住促進計画の作成数:施行後5年間で累計600件 ②…」, items possibly on later lines;
    the project is the slide title above when it has a ～subtitle～."""
    records = []
    for i, line in enumerate(lines):
        marker = _KPI_MARK.search(line)
        if not marker:
            continue
        project = _subtitled_title_above(lines, i)
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
                t = Target(m["ind"].strip(), (KpiValue(None, m["val"], m["hz"]),))
                records.append(_build(doc_id, lines, t, project, i + 1, k + 1))
    return records


def extract_planned_counts(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """「…計画では…、全国で200～300の「定住圏」を構想し」: a planned count, the plan as its project."""
    records = []
    for i, line in enumerate(lines):
        for m in _PLANNED.finditer(line):
            topic = _TOPIC.search(line[: m.start()])
            t = Target(m["ind"], (KpiValue(None, m["val"], None, m["scope"]),))
            records.append(_build(doc_id, lines, t, topic["topic"].strip() if topic else None, i + 1, i + 1))
    return records


# 「2025年中に総合戦略を策定。」: a sentence that is only a date and a plan to be made by then.
_DATED_PLAN = re.compile(
    r"(?P<year>[0-9０-９]{4}年度?)(?:中|末|内|まで)に(?P<ind>[^、。を\s]{2,20})を"
    r"(?:策定|創設|開始|決定|取りまとめ|とりまとめ)(?:する)?"
)


def extract_dated_plans(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """A dated plan stated as a sentence of its own in prose; the sentence as written is the target."""
    records = []
    for i, line in enumerate(lines):
        for sentence in line.split("。"):
            m = _DATED_PLAN.fullmatch(sentence.strip())
            if m:
                value = KpiValue(normalise_year(m["year"]), sentence.strip(), None)
                records.append(_build(doc_id, lines, Target(m["ind"], (value,)), None, i + 1, i + 1))
    return records


# 「生活圏人口10万人程度以上を一つの目安として」 / 「※一つの目安として、生活圏人口10万人 程度以上」: a size a plan
# sets as its guideline; the indicator is the noun the figure follows.
_GUIDE_VALUE = (
    r"[0-9０-９][0-9０-９,，.．]*[千万億]?(?:人|件|地域|か所|箇所|km|ha|㏊|市町村)\s*(?:程度)?(?:以上|以下|超)?"
)
_GUIDELINE = (
    re.compile(rf"(?P<ind>[\u4e00-\u9fff\u30a0-\u30ffー]{{2,20}}?)(?P<val>{_GUIDE_VALUE})を(?:一つの)?目安"),
    re.compile(rf"目安として、\s*(?P<ind>[\u4e00-\u9fff\u30a0-\u30ffー]{{2,20}}?)(?P<val>{_GUIDE_VALUE})"),
)
_NOT_HEADING = re.compile(r"^[\-・•✓※○〇◯■□]")


def _heading_above(lines: list[str], index: int, reach: int = 5) -> str | None:
    """The line a bulleted list hangs from: the nearest line above that is not itself an item."""
    for j in range(index - 1, max(-1, index - reach), -1):
        text = lines[j].strip()
        if text and not _NOT_HEADING.match(text):
            return text if len(text) <= 40 else None
    return None


def extract_guideline_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """A size a plan takes as its guideline (目安): 「生活圏人口10万人程度以上を一つの目安として…」."""
    records = []
    for i, line in enumerate(lines):
        for shape in _GUIDELINE:
            for m in shape.finditer(line):
                value = re.sub(r"\s+", "", m["val"])
                t = Target(m["ind"], (KpiValue(None, value, None),))
                records.append(_build(doc_id, lines, t, _heading_above(lines, i), i + 1, i + 1))
    return records


def extract_prose_targets(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """All prose targets in line order; a target restated elsewhere is merged later (records/merge.py)."""
    out: list[KpiRecord] = []
    for reader in (
        extract_bracket_targets,
        extract_box_targets,
        extract_bullet_targets,
        extract_aim_targets,
        extract_kpi_lists,
        extract_planned_counts,
        extract_dated_plans,
        extract_guideline_targets,
    ):
        out.extend(reader(doc_id, lines))
    return sorted(out, key=lambda r: r.line_start)
