"""Corpus-wide audit of programme fields against the labels in each record's own source lines.

    python evals/tools/records_audit.py            # counts of labelled values seen and of gaps, by field and layout
    python evals/tools/records_audit.py --list     # ... and every gap with the label's value and the record's field

For every programme record the extractor builds, its source lines are read for labelled values, independent of the
readers: a table row's cell under a labelled column (支援対象/主な対象者 -> eligible, 補助率 -> rates, 予算 ->
budgets), a 【label】 over its value lines (【支援対象者】, 【支援対象経費】, 【想定される経費】 …), 「(…予算：amount)」,
a heading 「Xの支援対象となる取組」 over what it covers, and a date label 「日時：…」「開催日：…」 (period). A value is
a gap when the record's field is empty ("empty"), holds only part of the label's whole value ("partial": cut at a line
break, a bullet or a bracket) or something else ("other"). A gap is a place to read, not a verdict: a 「-」 cell has
no rate, and a two-column page may set a date beside another card.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.records import ProgrammeRecord, extract_all  # noqa: E402
from assistant.text.normalize import compact  # noqa: E402

_COLUMNS = {
    "eligible": re.compile(r"支援対象(?!経費|となる)|対象者|対象事業者|事業主体|交付対象|実施主体|主な対象"),
    "covered": re.compile(r"対象経費|補助対象経費|対象となる経費|想定される経費|支援対象となる取組"),
    "rates": re.compile(r"補助率"),
    "budgets": re.compile(r"予算"),
}
_BRACKET_LABEL = re.compile(r"^\s*【([^】]{2,12})】\s*(.*)$")
_PAREN_BUDGET = re.compile(r"[（(]([^（）()]*予算[^（）()]*：[^（）()]+)[）)]")
_DATE_LABEL = re.compile(r"(?:開催日|日\s*時|計画期間|実施期間|事業期間)\s*[>＞]?\s*[：:]\s*(?P<v>.*)")
_NEXT_LABEL = re.compile(r"\s+[^\s：:0-9０-９]{1,4}\s*[：:]")
_BULLET = re.compile(r"^[\s\-・•○◯■□※]+")
_AMOUNT = re.compile(r"[0-9０-９][0-9０-９,，.．]*[百千万億]*円")


def _table_values(lines: list[str], i: int) -> list[tuple[str, str, str]]:
    """(field, cell, layout) of row ``i`` (1-based) under the nearest labelled header above it."""
    for h in range(i - 1, max(0, i - 40), -1):
        header = lines[h - 1]
        if "\t" in header and any(r.search(header) for r in _COLUMNS.values()) and not re.search(r"\d{3}", header):
            cells = lines[i - 1].split("\t")
            return [
                (field, cells[k].strip(), "table")
                for k, head in enumerate(header.split("\t"))
                for field, rx in _COLUMNS.items()
                if rx.search(head) and k < len(cells) and cells[k].strip()
            ]
    return []


def _bracket_value(lines: list[str], i: int, first: str) -> str:
    """The value of a 【label】 at line ``i`` (1-based): the rest of its line, else the lines under it."""
    if first:
        return first
    body: list[str] = []
    for j in range(i + 1, min(len(lines), i + 12) + 1):
        text = lines[j - 1].strip()
        if _BRACKET_LABEL.match(lines[j - 1]) or len(body) >= 8:
            break
        if text:
            body.append(text)
        elif body and j > i + 2 and j < len(lines) and not lines[j].strip().startswith(("-", "・")):
            break
    return "\n".join(body)


def labelled(lines: list[str], start: int, end: int) -> list[tuple[str, str, str]]:
    """(field, value, layout) labelled in lines ``start..end`` (1-based)."""
    out: list[tuple[str, str, str]] = []
    for i in range(start, end + 1):
        line = lines[i - 1]
        if "\t" in line:
            out += _table_values(lines, i)
            continue
        if m := _BRACKET_LABEL.match(line):
            out += [
                (f, _bracket_value(lines, i, m[2].strip()), "bracket") for f, rx in _COLUMNS.items() if rx.search(m[1])
            ]
        if d := _DATE_LABEL.search(line):
            out.append(("period", _NEXT_LABEL.split(d["v"], maxsplit=1)[0].strip(), "date"))
        out += [("budgets", m[1], "paren-budget") for m in _PAREN_BUDGET.finditer(line)]
        if line.strip().endswith("の支援対象となる取組"):
            under = [lines[j - 1].strip() for j in range(i + 1, min(len(lines), i + 6)) if lines[j - 1].strip()]
            out.append(("covered", under[0] if under else "", "heading"))
    return out


def _field(r: ProgrammeRecord, field: str) -> list[str]:
    return {
        "eligible": list(r.eligible),
        "covered": list(r.covered_costs),
        "rates": [x.rate for x in r.rates],
        "budgets": [b.amount or "" for b in r.budgets],
        "period": [r.period] if r.period else [],
    }[field]


def _pieces(value: str) -> list[str]:
    return [p for p in (compact(_BULLET.sub("", s)) for s in re.split(r"[、,・/／\n]", value)) if p]


def judge(field: str, value: str, got: list[str]) -> str:
    """ok, empty, partial or other for one labelled value against the record's field."""
    if not got:
        return "empty"
    held = compact("".join(got))
    if field == "budgets":
        return "ok" if all(compact(a) in held for a in _AMOUNT.findall(value)) else "partial"
    if field == "period":
        v, g = compact(value), compact(got[0])
        return "ok" if v in g else ("partial" if g in v else "other")
    inside = all(any(p in compact(e) or compact(e) in p for e in got) for p in _pieces(value))
    return "ok" if inside else "partial"


def audit(corpus: Path) -> tuple[Counter, Counter, list[dict]]:
    """Labelled values seen and gaps, by (field, layout[, kind]), and the gaps themselves."""
    docs = {p.name: p.read_text(encoding="utf-8").split("\n") for p in sorted(corpus.glob("*.txt"))}
    _, programmes = extract_all(docs.items())
    seen: Counter = Counter()
    gaps: Counter = Counter()
    rows: list[dict] = []
    for r in programmes:
        done: set[tuple[str, str]] = set()
        for s in r.sources:
            for field, value, layout in labelled(docs[s.doc], s.line_start, s.line_end):
                if (field, value) in done or not value:
                    continue
                done.add((field, value))
                seen[(field, layout)] += 1
                kind = judge(field, value, _field(r, field))
                if kind != "ok":
                    gaps[(field, layout, kind)] += 1
                    rows.append(
                        {
                            "doc": s.doc[:3],
                            "line": s.line_start,
                            "name": r.name,
                            "field": field,
                            "layout": layout,
                            "kind": kind,
                            "label": value[:80],
                            "got": _field(r, field),
                        }
                    )
    return seen, gaps, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--list", action="store_true", help="list every gap")
    args = ap.parse_args()
    seen, gaps, rows = audit(args.corpus)
    print("labelled values in records' sources:", sum(seen.values()), dict(sorted(seen.items())))
    print("gaps:", sum(gaps.values()), {"/".join(k): v for k, v in sorted(gaps.items())})
    if args.list:
        for g in rows:
            print(
                f"{g['doc']}:{g['line']:<5d} {g['field']:8s} {g['kind']:7s} {g['name'][:30]} | {g['label']} | {g['got']}"
            )


if __name__ == "__main__":
    main()
