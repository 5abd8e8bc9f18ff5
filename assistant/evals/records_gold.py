"""The records gold (evals/records/*.jsonl): loading and the verbatim check against the corpus.

Schema in evals/records/README.md. Values are compared after NFKC and removal of all whitespace.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from assistant.text.normalize import compact

KPI_FIELDS = {"id", "doc", "indicator", "project", "unit", "baseline", "actuals", "targets", "progress", "evidence"}
PROGRAMME_FIELDS = {
    "id", "doc", "name", "variants", "ministry", "budgets", "rates", "caps", "eligible", "covered_costs",
    "period", "evidence",
}  # fmt: skip
OPTIONAL_FIELDS = {"note", "other_docs"}
SPLITS = ("tune", "test")
KINDS = ("kpis", "programmes")


@cache
def _doc_text(corpus: Path, doc: str) -> str | None:
    path = corpus / doc
    return compact(path.read_text(encoding="utf-8")) if path.is_file() else None


def kpi_values(r: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, value) of every figure a KPI record quotes from its evidence."""
    yield "indicator", r["indicator"]
    for key in ("unit", "progress"):
        if r.get(key):
            yield key, r[key]
    if r.get("baseline"):
        for k in ("value", "year"):
            if r["baseline"].get(k):
                yield f"baseline.{k}", r["baseline"][k]
    for a in r.get("actuals") or []:
        for k in ("year", "value", "status"):
            if a.get(k):
                yield f"actuals.{k}", a[k]
    for t in r.get("targets") or []:
        for k in ("value", "year"):
            if t.get(k):
                yield f"targets.{k}", t[k]


def programme_values(r: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, value) of every term a programme record quotes from its evidence."""
    yield "name", r["name"]
    for key in ("ministry", "period"):
        if r.get(key):
            yield key, r[key]
    for b in r.get("budgets") or []:
        for k in ("amount", "fiscal_year", "kind"):
            if b.get(k):
                yield f"budgets.{k}", b[k]
    for x in r.get("rates") or []:
        yield "rates.rate", x["rate"]
    for x in r.get("caps") or []:
        yield "caps.cap", x["cap"]
    for key in ("eligible", "covered_costs"):
        for x in r.get(key) or []:
            yield key, x


def gold_problems(kind: str, r: dict[str, Any], corpus: Path) -> list[str]:
    """Why a gold record fails the schema or the verbatim check (empty when it passes).

    Evidence must be in the record's document (or one of ``other_docs``); every quoted value in one
    of its evidence passages; the project and variants somewhere in the corpus (the writer may
    take them from a page heading or the other document). Conditions and labels are the writer's
    words for which figure is which, so they are not checked.
    """
    fields = KPI_FIELDS if kind == "kpis" else PROGRAMME_FIELDS
    problems = []
    missing, extra = fields - set(r), set(r) - fields - OPTIONAL_FIELDS
    if missing or extra:
        return [f"fields: missing {sorted(missing)}, extra {sorted(extra)}"]
    docs = [r["doc"], *(r.get("other_docs") or [])]
    texts = [_doc_text(corpus, d) for d in docs]
    if any(t is None for t in texts):
        return [f"unknown document in {docs}"]
    evidence = [compact(e) for e in r["evidence"]]
    if not evidence:
        problems.append("no evidence")
    for e in evidence:
        if not e or not any(e in t for t in texts if t):
            problems.append(f"evidence not in its documents: {e[:40]}")
    for field, value in kpi_values(r) if kind == "kpis" else programme_values(r):
        if not any(compact(value) in e for e in evidence):
            problems.append(f"{field} not in its evidence: {value}")
    corpus_text = [_doc_text(corpus, p.name) or "" for p in sorted(corpus.glob("*.txt"))]
    loose = [r.get("project")] if kind == "kpis" else list(r.get("variants") or [])
    for value in loose:
        if value and not any(compact(value) in t for t in corpus_text):
            problems.append(f"not in the corpus: {value}")
    return problems


def gold_files(folder: Path, kind: str, split: str) -> list[tuple[str, Path]]:
    """(set, path) of every gold file of a kind and split: ``<kind>_<split>.jsonl`` is set v1, a later
    writing round adds ``<kind>_<split>_<set>.jsonl`` (made with its own salt, never merged into v1)."""
    out = []
    for path in sorted(folder.glob(f"{kind}_{split}*.jsonl")):
        rest = path.stem.removeprefix(f"{kind}_{split}")
        if rest == "" or rest.startswith("_"):
            out.append((rest.removeprefix("_") or "v1", path))
    return out


def load_gold(folder: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """``{split: {kind: records}}`` from every gold file of the split (see ``gold_files``); each record
    carries its set as ``gold_set``. Absent files give no split."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for split in SPLITS:
        for kind in KINDS:
            for gold_set, path in gold_files(folder, kind, split):
                rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
                out.setdefault(split, {}).setdefault(kind, []).extend({**r, "gold_set": gold_set} for r in rows)
    return out
