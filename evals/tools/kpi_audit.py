"""Corpus-wide audit of KPI records: every place that states a plan indicator, covered or not, and complete or not.

    python evals/tools/kpi_audit.py            # places and gaps, by pattern (layout or phrasing) and by kind of gap
    python evals/tools/kpi_audit.py --list     # ... and every gap with its place and the record that covers it

Places are found by layout and phrasing over every corpus/*.txt line, independent of the readers:

- progress_row: a one-line row under a 「評価指標（KPI） 基準値… 目標値… 進捗率」 header (name, baseline (R2), actual,
  target (R7), progress rate);
- progress_table: a summary table the PDF scattered one cell per line under 「評価指標（ＫＰＩ）一覧」 (a name's lines,
  then its figures, pending 「集計中」「（7月頃）」 lines included; a cell group ending プロジェクト is the project);
- kpi_list: 【ＫＰＩ】/【主なＫＰＩ】 over 「○X」 and 「V（R5） → V（R11）」;
- target_bracket: a 【…】 bracket under a ○ policy heading that aims at something (a figure, 目指す, 結論, 創設…);
- prose_goal: a sentence or bullet outside brackets with a figure and an aim (目指す/目標/維持/…倍に/…割に/「…年にV」);
  a bare statistic (a figure with no aim: 「…は11.5万人」「人口：…」, a past or present tense 「…している」) is not one.

For each place: the KPI records whose sources include one of its lines, and the figures the place states (every
number, every (R6)/2030年 year, every 集計中 marker) that no covering record holds. Gap kinds: uncovered (no record),
value (a figure missing), year, horizon (「今後10年間」「３年後」 not held), pending (a 集計中 marker missing), project (no project), unit (no unit while the place
gives one). A gap is a place to read, not a verdict.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.records import KpiRecord, extract_all  # noqa: E402
from assistant.text.normalize import nfkc  # noqa: E402

_NUM = re.compile(r"(?<![0-9R])[0-9][0-9,]*(?:\.[0-9]+)?")
_RYEAR = re.compile(r"[(（]\s*(R[0-9]{1,2})\s*[)）]")
_YEAR4 = re.compile(r"((?:19|20)[0-9]{2})年")
_UNIT = re.compile(r"[0-9](?:千|万|億|兆)?(人|件|円|ha|㏊|km|%|％|カ所|か所|都市|地域|者|社)")
_PROGRESS_HEAD = re.compile(r"評価指標.{0,6}基準値.*目標値")
_TABLE_HEAD = re.compile(r"評価指標[（(](?:KPI|ＫＰＩ)[）)]一覧")
_KPI_LIST = re.compile(r"^【(?:主な)?(?:KPI|ＫＰＩ)】$")
_BRACKET = re.compile(r"【([^】]{4,})】")
# An aim in prose: a goal word, a level to reach (「…を10割に」「…２倍に」), a dated figure (「2060年に１億人程度」).
_AIM = re.compile(
    r"目指|目標|目途|目安|維持|までに|[0-9０-９][割倍](?:程度|以上)?に$|(?:19|20)[0-9]{2}年に[^、。]{0,6}[0-9０-９]|創出$"
)
# What a bracket also aims at: a decision, a body set up, a count reached.
_BRACKET_AIM = re.compile(rf"{_AIM.pattern}|結論|創設|立ち上げ|拡大|創出|実現|整備|提出|開始")
# A bare statistic: a figure reported, not aimed at (「…は11.5万人」「人口：…」「…増加しており」).
_STATISTIC = re.compile(
    r"(?:して|となって|を超えて|増加して|上昇して)(?:いる|いた|おり)|であった|となった|を記録|と推計|時点|^[^：:]{1,8}[：:]|出資|設立"
)
_HORIZON = re.compile(r"([0-9]+)年(?:間|後)")
_NOT_GOAL_LINE = re.compile(r"出典|資料|※|参照|予算額|補正")
_PENDING = "集計中"


@dataclass
class Place:
    """One place stating a plan indicator: its pattern, lines, text, and the gaps the records leave."""

    pattern: str
    doc: str
    first: int  # 1-based
    last: int
    text: str
    gaps: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)


def _lines(corpus: Path) -> dict[str, list[str]]:
    return {p.name: p.read_text(encoding="utf-8").split("\n") for p in sorted(corpus.glob("*.txt"))}


def _progress_rows(lines: list[str]) -> list[tuple[int, int]]:
    out = []
    for i, line in enumerate(lines):
        if _PROGRESS_HEAD.search(nfkc(line)):
            for j in range(i + 1, min(len(lines), i + 12)):
                text = nfkc(lines[j])
                if _RYEAR.search(text) and len(_NUM.findall(text)) >= 2:
                    out.append((j, j))
                elif text.strip() and not _RYEAR.search(text):
                    break
    return out


def _table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """Each indicator's block of a scattered summary table: its name lines and its figure lines."""
    out: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        if not _TABLE_HEAD.search(nfkc(line)):
            continue
        start: int | None = None
        seen_figures = False
        j = i + 1
        blanks = 0
        while j < len(lines) and not lines[j].lstrip().startswith("・") and blanks < 2:
            blanks = blanks + 1 if not lines[j].strip() else 0
            text = nfkc(lines[j]).strip()
            named = text and not re.search(r"[0-9]", text) and text not in (_PENDING, "人") and not text.startswith("(")
            if named and not re.search(r"基準|目標|進捗|プロジェクト|評価指標", text):
                if seen_figures and start is not None:
                    out.append((start, j - 1))
                    start, seen_figures = None, False
                if start is None:
                    start = j
            elif text and start is not None and re.search(r"[0-9]", text):
                seen_figures = True
            if named and text.endswith("プロジェクト") and start is not None and not seen_figures:
                start = None  # a project cell's last line, not an indicator
            j += 1
        if start is not None and seen_figures:
            out.append((start, j - 1))
    trimmed = [(a, max(a, b - next((k for k in range(b - a + 1) if lines[b - k].strip()), 0))) for a, b in out]
    # a block of the table states a baseline or target with its (R2)-style year
    return [(a, b) for a, b in trimmed if _RYEAR.search(nfkc(" ".join(lines[a : b + 1])))]


def _kpi_lists(lines: list[str]) -> list[tuple[int, int]]:
    out = []
    for i, line in enumerate(lines):
        if _KPI_LIST.match(nfkc(line).strip()):
            rows = [j for j in range(i + 1, min(len(lines), i + 6)) if lines[j].strip()][:2]
            if len(rows) == 2 and ("→" in lines[rows[1]] or "->" in lines[rows[1]]):
                out.append((rows[0], rows[1]))
    return out


def _brackets(lines: list[str]) -> list[tuple[int, int]]:
    out = []
    for i, line in enumerate(lines):
        for m in _BRACKET.finditer(nfkc(line)):
            body = m.group(1)
            near = "".join(lines[max(0, i - 2) : i + 1])
            if (
                _BRACKET_AIM.search(body)
                and ("○" in near or "〇" in near or "目指" in body)
                and not _STATISTIC.search(body)
            ):
                end = i + 1 if not line.rstrip().endswith("】") and i + 1 < len(lines) else i
                out.append((i, end))
    return out


def _prose_goals(lines: list[str], taken: set[int]) -> list[tuple[int, int]]:
    out = []
    for i, line in enumerate(lines):
        text = nfkc(line).strip()
        if i in taken or "【" in text or "】" in text or not re.search(r"[0-9]", text) or _NOT_GOAL_LINE.search(text):
            continue
        joined = text + (nfkc(lines[i + 1]).strip() if i + 1 < len(lines) else "")
        if "【" in joined:
            continue  # a target bracket opens on the next line: read as one
        has_figure = _UNIT.search(joined) or re.search(r"[0-9０-９]+[割倍]", joined)
        if has_figure and _AIM.search(joined) and not _STATISTIC.search(joined):
            out.append((i, i + 1 if _UNIT.search(joined) and not _UNIT.search(text) else i))
    return out


def places(docs: dict[str, list[str]]) -> list[Place]:
    """Every place stating a plan indicator, by pattern."""
    out: list[Place] = []
    for doc, lines in docs.items():
        found = {
            "progress_row": _progress_rows(lines),
            "progress_table": _table_blocks(lines),
            "kpi_list": _kpi_lists(lines),
            "target_bracket": _brackets(lines),
        }
        taken = {k for spans in found.values() for a, b in spans for k in range(a, b + 1)}
        found["prose_goal"] = _prose_goals(lines, taken)
        for pattern, spans in found.items():
            for a, b in spans:
                text = " ".join(x.strip() for x in lines[a : b + 1] if x.strip())
                out.append(Place(pattern, doc, a + 1, b + 1, text))
    return out


def _held(records: list[KpiRecord]) -> tuple[set[str], set[str], bool]:
    """(numbers, years, pending marker) the records hold."""
    nums, years, pending = set(), set(), False
    for r in records:
        values = [v for v in (r.baseline, *r.actuals, *r.targets) if v]
        for v in values:
            for x in (v.value, v.status, v.label):
                nums.update(_NUM.findall(nfkc(x or "")))
                pending |= _PENDING in (x or "")
            years.add(nfkc(v.year or "").replace("年", "").replace("度", ""))
            nums.update(_NUM.findall(nfkc(v.year or "")))
        nums.update(_NUM.findall(nfkc(r.progress or "")))
        nums.update(_NUM.findall(nfkc(r.indicator)))
    return nums, years, pending


def audit(docs: dict[str, list[str]], kpis: list[KpiRecord]) -> list[Place]:
    """Every place with the gaps its covering records leave."""
    cited: dict[tuple[str, int], list[KpiRecord]] = {}
    for r in kpis:
        for s in r.sources:
            for n in range(s.line_start, s.line_end + 1):
                cited.setdefault((s.doc, n), []).append(r)
    out = places(docs)
    for p in out:
        recs = list({id(r): r for n in range(p.first, p.last + 1) for r in cited.get((p.doc, n), [])}.values())
        p.records = [r.indicator for r in recs]
        if not recs:
            p.gaps.append("uncovered")
            continue
        text = nfkc(p.text)
        nums, years, pending = _held(recs)
        stated_years = {y for y in _RYEAR.findall(text)} | set(_YEAR4.findall(text))
        horizons = set(_HORIZON.findall(text))
        clean = _HORIZON.sub(" ", _RYEAR.sub(" ", _YEAR4.sub(" ", text)))
        if any(x not in nums for x in _NUM.findall(clean)):
            p.gaps.append("value")
        if any(h not in nums for h in horizons):
            p.gaps.append("horizon")
        if any(y not in years for y in stated_years):
            p.gaps.append("year")
        if _PENDING in text and not pending:
            p.gaps.append("pending")
        if not any(r.project for r in recs):
            p.gaps.append("project")
        named = text  # a figure inside the indicator's name (「…を１か所で複数提供する拠点」) is no unit of its value
        for r in recs:
            named = named.replace(nfkc(r.indicator), " ")
        if _UNIT.search(named) and not any(r.unit for r in recs):
            p.gaps.append("unit")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--list", action="store_true", help="list every place with a gap")
    args = ap.parse_args()
    docs = _lines(args.corpus)
    kpis, _ = extract_all(docs.items())
    found = audit(docs, kpis)
    print(f"KPI records: {len(kpis)}; places: {len(found)}; places with a gap: {sum(bool(p.gaps) for p in found)}")
    by_pattern = Counter(p.pattern for p in found)
    gaps = Counter((p.pattern, g) for p in found for g in p.gaps)
    for pattern, n in sorted(by_pattern.items()):
        kinds = ", ".join(f"{g} {c}" for (pt, g), c in sorted(gaps.items()) if pt == pattern) or "none"
        print(f"{pattern:15s} places {n:4d}  gaps: {kinds}")
    if args.list:
        for p in found:
            if p.gaps:
                print(f"{p.pattern:15s} {p.doc[:3]}:{p.first}-{p.last} {','.join(p.gaps):20s} {p.text[:90]}")
                print(f"{'':15s} records: {p.records[:3]}")


if __name__ == "__main__":
    main()
