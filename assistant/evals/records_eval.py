"""Extracted KPI and programme records scored against the records gold (evals/records/).

Every gold record is matched to at most one extracted record and the other way round: the two must
share a document (the gold's ``doc`` and ``other_docs``, the record's sources) and their names must be
alike (character-bigram Dice, or one name inside the other); pairs are taken best first. ``found`` is
the share of gold records matched. Each field of a matched pair is then right or wrong:

* strings are compared after NFKC and removal of all whitespace; years after reading 令和6年度 and R6
  alike; a unit without its magnitude prefix (1万人 is filed under 人 by one writer, 6,000万人 under 万人);
* the actuals as a set of (year, value or pending marker); targets as a set of (value, year); budgets
  as a set of (amount, fiscal year, 当初/補正, 内数 or not); rates and caps as sets, and a gold
  condition must be held by the extracted condition of the same rate or cap (one inside the other);
* lists of words (eligible applicants, covered costs), project, ministry and period: every gold piece
  (split at 、・/) must lie inside an extracted piece or hold it, and every extracted entry must
  overlap the gold, because writers cut 「…に係る取組に対して支援するもの」 at different words.

``field_accuracy`` is the share of right (record, field) pairs over matched records. Figures are
given per split, per kind and per document; items are listed for the tune split only (the test split
is read as aggregates).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.evals.records_names import n, name_similarity
from assistant.records.models import KpiRecord, ProgrammeRecord
from assistant.records.text import normalise_year

KPI_FIELDS = ("project", "unit", "baseline", "actuals", "targets", "progress")
PROGRAMME_FIELDS = ("ministry", "budgets", "rates", "caps", "eligible", "covered_costs", "period")
MATCH_MIN = 0.5  # least name similarity for a pair
_MAGNITUDE = re.compile(r"^(?:百万|千|万|億|兆)")
_PIECES = re.compile(r"[、,・/／]")


def year(text: str | None) -> str:
    """A year in one spelling: 令和6年度, R6 and (R6) read alike; others as written."""
    return n(normalise_year(text)) if text else ""


# -- views: an extracted record in the gold's schema ------------------------------------------------
def kpi_view(r: KpiRecord) -> dict[str, Any]:
    """The comparable fields of an extracted KPI record (gold schema)."""

    def v(x):
        return None if x is None else {"value": x.value, "year": x.year}

    return {
        "docs": sorted({r.doc, *(s.doc for s in r.sources)}),
        "names": [r.indicator, *r.variants],
        "project": r.project,
        "unit": r.unit,
        "baseline": v(r.baseline),
        "actuals": [{"year": a.year, "value": a.value, "status": a.status} for a in r.actuals],
        "targets": [{"value": t.value, "year": t.year, "label": t.label} for t in r.targets],
        "progress": r.progress,
    }


def programme_view(r: ProgrammeRecord) -> dict[str, Any]:
    """The comparable fields of an extracted programme record (gold schema)."""
    return {
        "docs": sorted({r.doc, *(s.doc for s in r.sources)}),
        "names": [r.name, *r.variants],
        "ministry": r.ministry,
        "budgets": [b.to_dict() for b in r.budgets],
        "rates": [x.to_dict() for x in r.rates],
        "caps": [x.to_dict() for x in r.caps],
        "eligible": list(r.eligible),
        "covered_costs": list(r.covered_costs),
        "period": r.period,
    }


def gold_view(kind: str, g: dict[str, Any]) -> dict[str, Any]:
    names = [g["indicator"]] if kind == "kpi" else [g["name"], *g.get("variants", [])]
    fields = {k: v for k, v in g.items() if k != "gold_set"}
    return {**fields, "docs": sorted({g["doc"], *g.get("other_docs", [])}), "names": names}


# -- matching ---------------------------------------------------------------------------------------
def _values(view: dict[str, Any]) -> set[str]:
    out: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k not in ("docs", "names", "note", "evidence", "id", "doc", "other_docs", "label", "condition"):
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and re.search(r"\d", x):
            out.add(n(x))

    walk(view)
    return out


def match(gold: Sequence[dict[str, Any]], extracted: Sequence[dict[str, Any]]) -> dict[int, int]:
    """Gold index -> extracted index, best pairs first (names, then shared figures), one-to-one per document.

    A record merged across documents (merged, not duplicated) answers one gold record in each document it cites.
    """
    pairs = []
    for i, g in enumerate(gold):
        gv = _values(g)
        for j, e in enumerate(extracted):
            shared_docs = set(g["docs"]) & set(e["docs"])
            if not shared_docs:
                continue
            sim = max(name_similarity(a, b) for a in g["names"] for b in e["names"])
            if sim < MATCH_MIN:
                continue
            shared = len(gv & _values(e)) / len(gv) if gv else 0.0
            pairs.append((sim + 0.25 * shared, i, j, frozenset(shared_docs)))
    pairs.sort(key=lambda p: -p[0])
    out: dict[int, int] = {}
    used: set[tuple[int, str]] = set()
    for _, i, j, docs in pairs:
        if i not in out and not any((j, d) in used for d in docs):
            out[i] = j
            used.update((j, d) for d in docs)
    return out


# -- field comparison -------------------------------------------------------------------------------
def _unit(u: str | None) -> str:
    return _MAGNITUDE.sub("", n(u))


def _overlap(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def _pieces(items: Iterable[str | None]) -> list[str]:
    return [p for item in items if item for p in _PIECES.split(n(item)) if p]


def words_equal(gold: Sequence[str | None], got: Sequence[str | None], years: bool = False) -> bool:
    """Every gold piece inside (or holding) an extracted piece, and every extracted entry overlapping the gold."""
    norm = year if years else n
    g = [norm(p) for p in _pieces(gold)] if not years else [norm(x) for x in gold if x]
    e_items = [x for x in got if x]
    if not g and not e_items:
        return True
    if not g or not e_items:
        return False
    e_pieces = [norm(p) for p in _pieces(e_items)] if not years else [norm(x) for x in e_items]
    if not all(any(_overlap(a, b) for b in e_pieces) for a in g):
        return False
    for item in e_items:
        pieces = [norm(p) for p in _PIECES.split(n(item)) if p] if not years else [norm(item)]
        if not any(_overlap(p, a) for p in pieces for a in g):
            return False
    return True


def _terms_equal(gold: list[dict], got: list[dict], key: str) -> bool:
    """Rates (or caps) as a set; each gold condition held by the extracted condition of that rate."""
    if {n(x[key]) for x in gold} != {n(x[key]) for x in got}:
        return False
    for x in gold:
        if not x.get("condition"):
            continue
        conds = [n(y.get("condition")) for y in got if n(y[key]) == n(x[key])]
        if not any(_overlap(n(x["condition"]), c) for c in conds):
            return False
    return True


def _kv(x: dict | None) -> tuple[str, str] | None:
    return None if not x else (n(x.get("value")), year(x.get("year")))


def field_equal(field: str, g: dict[str, Any], e: dict[str, Any]) -> bool:
    """Whether the extracted record has the gold's value of ``field``."""
    gv, ev = g.get(field), e.get(field)
    if field == "baseline":
        return _kv(gv) == _kv(ev)
    if field == "actuals":
        return {(year(a.get("year")), n(a.get("value") or a.get("status"))) for a in gv or []} == {
            (year(a.get("year")), n(a.get("value") or a.get("status"))) for a in ev or []
        }
    if field == "targets":
        return {_kv(t) for t in gv or []} == {_kv(t) for t in ev or []}
    if field == "progress":
        return n(gv) == n(ev)
    if field == "unit":
        return _unit(gv) == _unit(ev)
    if field == "budgets":

        def key(b: dict) -> tuple:
            return (
                n(b.get("amount")),
                year(b.get("fiscal_year")),
                b.get("kind") or "",
                "内数" in (b.get("note") or ""),
            )

        return {key(b) for b in gv or []} == {key(b) for b in ev or []}
    if field == "rates":
        return _terms_equal(gv or [], ev or [], "rate")
    if field == "caps":
        return _terms_equal(gv or [], ev or [], "cap")
    if field == "period":
        return words_equal([gv], [ev], years=True)
    if isinstance(gv, list) or isinstance(ev, list):
        return words_equal(gv or [], ev or [])
    return words_equal([gv], [ev])


# -- the report -------------------------------------------------------------------------------------
def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _summary(rows: list[dict[str, Any]], fields: Sequence[str]) -> dict[str, Any]:
    matched = [r for r in rows if r["matched"]]
    right = sum(sum(r["fields"].values()) for r in matched)
    out: dict[str, Any] = {
        "n": len(rows),
        "found": _rate(len(matched), len(rows)),
        "field_accuracy": _rate(right, len(matched) * len(fields)),
        "fields": {f: _rate(sum(r["fields"][f] for r in matched), len(matched)) for f in fields},
    }
    return out


def _match_by_set(
    order: list[tuple[str, dict[str, Any]]], views: list[dict[str, Any]], extracted: Sequence[dict[str, Any]]
) -> dict[int, int]:
    """Gold index -> extracted index; each gold set (a writing round) is matched on its own, because two
    rounds may write the same KPI and one extracted record is then right for both."""
    by_set: dict[str, list[int]] = defaultdict(list)
    for i, (_, g) in enumerate(order):
        by_set[g.get("gold_set", "v1")].append(i)
    pairs: dict[int, int] = {}
    for members in by_set.values():
        local = match([views[i] for i in members], extracted)
        pairs.update({members[i]: j for i, j in local.items()})
    return pairs


def score_kind(
    kind: str, gold: dict[str, list[dict[str, Any]]], extracted: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """Per-split figures for one kind, the tune split's wrong fields, and how many extracted records matched none."""
    fields = KPI_FIELDS if kind == "kpi" else PROGRAMME_FIELDS
    order = [(split, g) for split, records in gold.items() for g in records]
    views = [gold_view(kind, g) for _, g in order]
    pairs = _match_by_set(order, views, extracted)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    wrong = []
    for i, ((split, g), gv) in enumerate(zip(order, views, strict=True)):
        e = extracted[pairs[i]] if i in pairs else None
        result = {f: field_equal(f, gv, e) for f in fields} if e is not None else {}
        gold_set = g.get("gold_set", "v1")
        rows[split].append({"doc": g["doc"], "set": gold_set, "matched": e is not None, "fields": result})
        if split == "tune" and (e is None or not all(result.values())):
            name = gv["names"][0]
            got = None if e is None else e["names"][0]
            bad = {f: {"gold": gv.get(f), "got": e.get(f)} for f, ok in result.items() if not ok} if e else {}
            wrong.append({"id": g["id"], "set": gold_set, "doc": g["doc"], "name": name, "matched": got, "fields": bad})
    out = {}
    for split, split_rows in rows.items():
        docs, sets = defaultdict(list), defaultdict(list)
        for r in split_rows:
            docs[r["doc"]].append(r)
            sets[r["set"]].append(r)
        out[split] = {
            **_summary(split_rows, fields),
            "by_doc": {d: _summary(rs, fields) for d, rs in sorted(docs.items())},
            "by_set": {k: _summary(rs, fields) for k, rs in sorted(sets.items())},
        }
    return out, wrong, len(extracted) - len(set(pairs.values()))


def evaluate_views(
    gold: dict[str, dict[str, list[dict[str, Any]]]],
    kpis: Sequence[dict[str, Any]],
    programmes: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The records section of the eval report from gold and extracted records in the gold's schema."""
    report: dict[str, Any] = {}
    wrong: dict[str, list] = {}
    unmatched: dict[str, int] = {}
    for kind, plural, extracted in (("kpi", "kpis", kpis), ("programme", "programmes", programmes)):
        per_split = {split: kinds.get(plural, []) for split, kinds in gold.items()}
        figures, wrong[kind], unmatched[kind] = score_kind(kind, per_split, extracted)
        for split, fig in figures.items():
            report.setdefault(split, {})[kind] = fig
    report["extracted"] = {
        "kpi": {"n": len(kpis), "matching_no_gold": unmatched["kpi"]},
        "programme": {"n": len(programmes), "matching_no_gold": unmatched["programme"]},
    }
    report["tune_wrong"] = wrong
    return report


def evaluate_records(
    gold: dict[str, dict[str, list[dict[str, Any]]]], kpis: Sequence[KpiRecord], programmes: Sequence[ProgrammeRecord]
) -> dict[str, Any]:
    """The records section of the eval report for extracted records."""
    return evaluate_views(gold, [kpi_view(r) for r in kpis], [programme_view(r) for r in programmes])


def terminal_lines(records: dict[str, Any]) -> list[str]:
    """The records figures as text: per split and kind, found and field accuracy, then per field."""
    out = ["Records (found = share of gold records matched; fields over matched records)"]
    for split in ("tune", "test"):
        for kind, fields in (("kpi", KPI_FIELDS), ("programme", PROGRAMME_FIELDS)):
            fig = records.get(split, {}).get(kind)
            if not fig:
                continue
            per_field = " ".join(f"{f}={_fmt(fig['fields'][f])}" for f in fields)
            out.append(
                f"  {split:<5} {kind:<10} n={fig['n']:<3} found={_fmt(fig['found'])} "
                f"fields={_fmt(fig['field_accuracy'])}  {per_field}"
            )
            by_set = fig.get("by_set", {})
            for name, sub in by_set.items() if len(by_set) > 1 else ():
                out.append(
                    f"    set {name:<4} n={sub['n']:<3} found={_fmt(sub['found'])} fields={_fmt(sub['field_accuracy'])}"
                )
    ex = records.get("extracted", {})
    if ex:
        out.append(
            "  extracted: "
            + ", ".join(f"{k} {v['n']} ({v['matching_no_gold']} matching no gold record)" for k, v in ex.items())
        )
    return out


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def wrong_markdown(records: dict[str, Any]) -> list[str]:
    """The tune split's records that were not found or have a wrong field (never the test split's)."""
    out = []
    for kind, rows in records.get("tune_wrong", {}).items():
        out += [f"### Records, tune split: {kind} records not found or with a wrong field ({len(rows)})", ""]
        if not rows:
            out += ["None.", ""]
            continue
        out += ["| id | set | gold name | matched | wrong fields |", "| --- | --- | --- | --- | --- |"]
        for r in rows:
            wrong = "; ".join(f"{f}: {_short(v['got'])} (gold {_short(v['gold'])})" for f, v in r["fields"].items())
            row = f"| {r['id']} | {r.get('set', 'v1')} | {r['name']} | {r['matched'] or '—'} | {wrong or 'not found'} |"
            out.append(row.replace("\n", " "))
        out.append("")
    return out


def _short(x: Any, n: int = 60) -> str:
    text = str(x).replace("|", "\\|")
    return text if len(text) <= n else text[: n - 1] + "…"
