"""Corpus-wide recall sweep of the records: every candidate KPI statement and scheme name, covered or not.

    python evals/tools/records_sweep.py                  # figures per kind and document
    python evals/tools/records_sweep.py --uncovered      # ... and every uncovered candidate with its line
    python evals/tools/records_sweep.py --json OUT       # everything as JSON

Candidates are found by surface patterns over every corpus/*.txt line, independent of the readers:

- KPI statements: a 【…】 box holding a number; a line with 目標/目指す/目途/目安/までに/KPI and a quantity;
  a progress-table row (a figure with its (R6)-style year and a second figure). Covered when a KPI
  record's source lines include the line.
- Scheme names: a name ending in 事業/制度/交付金/補助金/支援金/税制/プログラム/経費補助 (generic heads such as
  本事業 or 公共事業 left out), and a quoted 「…」 name on a line that speaks of support or a scheme.
  Covered when a programme record of the same document has the name (or a variant) alike: one inside
  the other, or character-bigram Dice >= 0.5 (the records eval's matching).
- Body names: a council, network, platform, consortium, lab or union by its head noun (…協議会, …ネットワーク, …ラボ),
  or a non-profit by its legal form (一般社団法人…, 特定非営利活動法人…), wherever it stands (a case heading, a
  founding sentence, a table's implementer column). Covered as scheme names are.
- Fields: a programme record whose source lines say 対象者/補助対象/交付対象 or 「X が…行う／X による…を支援」
  (eligible), or 対象経費/支援内容/「…を支援する」 (covered costs), while the field is empty.

A candidate is not a gold record: the sweep lists what to read; whether it is a KPI or a programme is
decided by reading the document against the schema (evals/records/README.md). Records come from the same
extraction `assistant index build` runs (`assistant.records.extract_all`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.evals.records_eval import name_similarity  # noqa: E402
from assistant.records import KpiRecord, ProgrammeRecord, extract_all  # noqa: E402
from assistant.text.normalize import compact, nfkc  # noqa: E402

_NUM = r"[0-9０-９][0-9０-９,，.．]*"
_QTY = re.compile(
    _NUM
    + r"\s*(?:[千万億兆]?(?:人|円|ha|㏊|ｈａ|km|ｋｍ|％|%|割|倍|か所|カ所|箇所|地域|件|都市|法人|者|回|社|団体|市町村))"
)
_YEAR = re.compile(r"[RＲ]\s*[0-9０-９]{1,2}|令和\s*[0-9０-９元]{1,2}\s*年|20[0-9０-９]{2}\s*年|[0-9０-９]{4}\s*年度")
_GOAL = re.compile(r"目標|目指|目途|目安|までに|ＫＰＩ|KPI")
_BOX = re.compile(r"【[^】]*[0-9０-９][^】]*】")
_ROW_YEAR = re.compile(r"[（(]\s*[RＲ]\s*[0-9０-９]{1,2}\s*[）)]")
_SUFFIX = r"(?:事業|制度|交付金|補助金|支援金|税制|プログラム|経費補助)"
_NAME = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffーＡ-Ｚａ-ｚA-Za-z0-9０-９・＋+]{2,40}?" + _SUFFIX)
# Heads that make a common noun, not a scheme's name: 本事業, 公共事業, 税制 alone.
_GENERIC = re.compile(
    r"^(?:本|同|当該|各|既存|新規|公共|民間|関連|主な|主要|個別|補助|交付|支援|対象|一部|全体|その他|実施|"
    r"[0-9０-９]+|[0-9０-９]+年度?|令和[0-9０-９]+年度)?" + _SUFFIX + "$"
)
_NOUN_GOES_ON = re.compile(r"[者体所主計収性化費運展者]|・")
_QUOTED = re.compile(r"「([^「」]{3,40})」")
_SCHEME_CONTEXT = re.compile(r"事業|制度|支援|補助|交付|創設|サービス|プロジェクト|モデル|認定|登録")
# Bodies a case study or a plan names: a council, network, platform, lab or union by its head noun, or a non-profit by
# its legal form (a firm's name is left out: it is a company, not an initiative).
_BODY_NAME = re.compile(
    r"(?:(?:一般社団法人|一般財団法人|公益社団法人|公益財団法人|特定非営利活動法人|NPO法人)\s*[^\s、。「」（）()]{2,25}"
    r"|[\u4e00-\u9fff\u30a0-\u30ffーA-Za-z0-9・]{2,25}(?:協議会|ネットワーク|コンソーシアム|プラットフォーム|ラボ|機構|"
    r"広域連合|推進本部|研究所))"
)
_ELIGIBLE = re.compile(
    r"対象者|補助対象(?!経費)|交付対象(?!経費)|支援対象(?!経費)|が[^、。]{0,20}?行う[^。]{2,40}を支援|による[^、。]{2,40}を支援"
)
_COSTS = re.compile(r"対象経費|支援内容|を支援(?:する|し、)")


@dataclass(frozen=True)
class Candidate:
    """One candidate statement or name at a line of a document, and whether a record covers it."""

    kind: str  # kpi_box | kpi_goal | kpi_row | scheme | quoted | body | eligible_empty | costs_empty
    doc: str
    line: int
    text: str
    covered: bool


def _lines(corpus: Path) -> dict[str, list[str]]:
    return {p.name: p.read_text(encoding="utf-8").split("\n") for p in sorted(corpus.glob("*.txt"))}


def _kpi_kinds(line: str) -> list[str]:
    kinds = []
    if _BOX.search(line) and _QTY.search(line):
        kinds.append("kpi_box")
    if _GOAL.search(line) and _QTY.search(line):
        kinds.append("kpi_goal")
    if _ROW_YEAR.search(line) and len(re.findall(_NUM, line)) >= 3 and _QTY.search(line):
        kinds.append("kpi_row")
    return kinds[:1]


def _kpi_lines(kpis: list[KpiRecord]) -> set[tuple[str, int]]:
    return {(s.doc, n) for r in kpis for s in r.sources for n in range(s.line_start, s.line_end + 1)}


def _names(programmes: list[ProgrammeRecord]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in programmes:
        for doc in r.docs:
            out.setdefault(doc, []).extend(compact(n) for n in (r.name, *r.variants))
    return out


def _named(name: str, names: list[str]) -> bool:
    c = compact(name)
    return any(c in n or n in c or name_similarity(c, n) >= 0.5 for n in names)


def scheme_names(line: str) -> list[str]:
    """Scheme-like names on a line (generic heads left out), longest form first."""
    text = nfkc(line)
    # 事業者, 事業体, 事業計画, 制度化: the scheme word is part of a longer common noun, not a name's end
    found = [m.group(0) for m in _NAME.finditer(text) if not _NOUN_GOES_ON.match(text, m.end())]
    return [n for n in dict.fromkeys(found) if not _GENERIC.match(n) and len(n) >= 4 and not n.startswith("・")]


def sweep(corpus: Path) -> list[Candidate]:
    """Every candidate over the corpus, each marked covered or not by the extracted records."""
    docs = _lines(corpus)
    kpis, programmes = extract_all(docs.items())
    kpi_lines, names = _kpi_lines(kpis), _names(programmes)
    out: list[Candidate] = []
    for doc, lines in docs.items():
        seen: set[str] = set()
        for i, line in enumerate(lines, 1):
            for kind in _kpi_kinds(line):
                out.append(Candidate(kind, doc, i, line.strip()[:120], (doc, i) in kpi_lines))
            for name in scheme_names(line):
                if name not in seen:
                    seen.add(name)
                    out.append(Candidate("scheme", doc, i, name, _named(name, names.get(doc, []))))
            for m in _BODY_NAME.finditer(nfkc(line)):
                if (b := m.group(0)) not in seen:
                    seen.add(b)
                    out.append(Candidate("body", doc, i, b, _named(b, names.get(doc, []))))
            if _SCHEME_CONTEXT.search(line):
                for m in _QUOTED.finditer(nfkc(line)):
                    q = m.group(1)
                    if q not in seen and not re.search(_SUFFIX + "$", q):
                        seen.add(q)
                        out.append(Candidate("quoted", doc, i, q, _named(q, names.get(doc, []))))
    for r in programmes:
        for kind, pattern, field in (
            ("eligible_empty", _ELIGIBLE, r.eligible),
            ("costs_empty", _COSTS, r.covered_costs),
        ):
            if pattern.search(r.source_text):
                out.append(Candidate(kind, r.doc, r.line_start, r.name, bool(field)))
    return out


def figures(cands: list[Candidate]) -> dict[str, dict[str, int]]:
    """Candidates and covered ones per kind."""
    total, covered = Counter(c.kind for c in cands), Counter(c.kind for c in cands if c.covered)
    return {k: {"candidates": total[k], "covered": covered[k]} for k in sorted(total)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--uncovered", action="store_true", help="list every uncovered candidate")
    ap.add_argument("--kind", default=None, help="only this kind in the listing")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    cands = sweep(args.corpus)
    for kind, f in figures(cands).items():
        print(f"{kind:15s} {f['covered']:4d} / {f['candidates']:4d} covered")
    if args.uncovered:
        for c in cands:
            if not c.covered and (args.kind is None or c.kind == args.kind):
                print(f"{c.kind:15s} {c.doc[:3]}:{c.line:<5d} {c.text}")
    if args.json:
        data = {"figures": figures(cands), "candidates": [asdict(c) for c in cands]}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
