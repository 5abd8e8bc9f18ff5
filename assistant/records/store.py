"""The KPI and programme records of an index build: loading, filtering, matching a question."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from assistant.errors import REBUILD_HINT, IndexMismatch
from assistant.records.models import (
    Budget,
    Cap,
    KpiRecord,
    KpiValue,
    ProgrammeRecord,
    Rate,
    RecordMatch,
    SourceSpan,
)
from assistant.records.text import normalise_year
from assistant.text.normalize import compact
from assistant.text.tokenizer import tokenize

_KPI_FIELDS = {f.name for f in fields(KpiRecord)}
_PROGRAMME_FIELDS = {f.name for f in fields(ProgrammeRecord)}


def _value(data: dict[str, Any] | None) -> KpiValue | None:
    return KpiValue(**data) if data else None


def _spans(items: list[dict[str, Any]] | None) -> tuple[SourceSpan, ...]:
    return tuple(SourceSpan(**s) for s in items or ())


def _check(data: dict[str, Any], known: set[str], kind: str) -> None:
    """Records written by another version of the extractor are refused, with the command that rebuilds them."""
    missing = {f for f in known if f not in data} - {"sources", "variants", "notes"}
    extra = set(data) - known - {"status"}
    if missing or extra:
        raise IndexMismatch(
            f"the index's {kind} records are of another format (missing {sorted(missing)}, unknown {sorted(extra)}); "
            f"{REBUILD_HINT}"
        )


def kpi_from_dict(data: dict[str, Any]) -> KpiRecord:
    """A KpiRecord from its JSON form (``to_dict`` output; the derived ``status`` is ignored)."""
    _check(data, _KPI_FIELDS, "KPI")
    data = {k: v for k, v in data.items() if k != "status"}
    return KpiRecord(
        **{
            **data,
            "baseline": _value(data.get("baseline")),
            "actuals": tuple(KpiValue(**a) for a in data.get("actuals") or ()),
            "targets": tuple(KpiValue(**t) for t in data.get("targets") or ()),
            "sources": _spans(data.get("sources")),
            "variants": tuple(data.get("variants") or ()),
        }
    )


def programme_from_dict(data: dict[str, Any]) -> ProgrammeRecord:
    """A ProgrammeRecord from its JSON form (``to_dict`` output)."""
    _check(data, _PROGRAMME_FIELDS, "programme")
    plain = ("variants", "eligible", "covered_costs", "conditions", "notes")
    return ProgrammeRecord(
        **{
            **data,
            **{f: tuple(data.get(f) or ()) for f in plain},
            "budgets": tuple(Budget(**b) for b in data.get("budgets") or ()),
            "rates": tuple(Rate(**r) for r in data.get("rates") or ()),
            "caps": tuple(Cap(**c) for c in data.get("caps") or ()),
            "sources": _spans(data.get("sources")),
        }
    )


def _contains(haystack: str | None, needle: str) -> bool:
    return bool(haystack) and compact(needle).lower() in compact(haystack).lower()


def _any(texts, needle: str) -> bool:
    return any(_contains(t, needle) for t in texts)


def _year(text: str | None) -> str:
    return compact(normalise_year(text) or "") if text else ""


def kpi_years(r: KpiRecord) -> set[str]:
    """Every year a KPI states a figure for (baseline, actuals, targets), in one spelling (R6, 2030年)."""
    values = [r.baseline, *r.actuals, *r.targets]
    return {_year(v.year) for v in values if v is not None and v.year}


def _compact_name(name: str) -> str:
    """A record's name as a question would contain it: compacted, without the 「（再掲）」 (repeated) mark."""
    return compact(name.replace("（再掲）", "").replace("(再掲)", ""))


class RecordStore:
    """KPI and programme records with their source lines."""

    def __init__(self, kpis: list[KpiRecord], programmes: list[ProgrammeRecord]):
        self._kpis = kpis
        self._programmes = programmes
        self._kpi_tokens = [frozenset(tokenize(r.indicator)) for r in kpis]
        self._programme_tokens = [frozenset(tokenize(r.name)) for r in programmes]
        # The names as `_match` compares them with a question, made once (compact() per record per
        # question was most of a match's cost: 2.8 ms a question over 60 KPIs and 260 programmes).
        self._kpi_names = [_compact_name(r.indicator) for r in kpis]
        self._programme_names = [_compact_name(r.name) for r in programmes]

    @classmethod
    def load(cls, path: Path) -> RecordStore:
        """The records in ``path/kpis.json`` and ``path/programmes.json`` (absent files give none)."""

        def read(name: str) -> list[dict[str, Any]]:
            file = path / name
            return json.loads(file.read_text(encoding="utf-8")) if file.exists() else []

        return cls(
            [kpi_from_dict(d) for d in read("kpis.json")],
            [programme_from_dict(d) for d in read("programmes.json")],
        )

    def kpis(
        self, doc: str | None = None, project: str | None = None, q: str | None = None, year: str | None = None
    ) -> list[KpiRecord]:
        """KPI records, optionally only those read from ``doc``, of a ``project`` (substring), mentioning ``q``
        (indicator, its other names, project or source lines) or with a figure for ``year`` (R6, 令和6年度, 2030年)."""
        out = []
        for r in self._kpis:
            if doc and doc not in r.docs:
                continue
            if project and not _contains(r.project, project):
                continue
            if q and not _any([r.indicator, *r.variants, r.project, *(s.text for s in r.sources), r.source_text], q):
                continue
            if year and _year(year) not in kpi_years(r):
                continue
            out.append(r)
        return out

    def programmes(
        self,
        doc: str | None = None,
        q: str | None = None,
        rate: str | None = None,
        eligible: str | None = None,
        budget_year: str | None = None,
    ) -> list[ProgrammeRecord]:
        """Programme records, optionally only those read from ``doc``, mentioning ``q``, with a rate containing
        ``rate`` (1/2, 定額), an eligible applicant containing ``eligible`` or a budget for ``budget_year``."""
        out = []
        for r in self._programmes:
            if doc and doc not in r.docs:
                continue
            if q and not _any([r.name, *r.variants, r.summary, *(s.text for s in r.sources), r.source_text], q):
                continue
            if rate and not _any([x.rate for x in r.rates], rate):
                continue
            if eligible and not _any(r.eligible, eligible):
                continue
            if budget_year and _year(budget_year) not in {_year(b.fiscal_year) for b in r.budgets}:
                continue
            out.append(r)
        return out

    def match_kpi(
        self, question: str, docs: list[str] | None = None, idf: dict[str, float] | None = None
    ) -> list[RecordMatch]:
        """KPI records whose indicator the question names, best first."""
        return self._match(question, self._kpis, self._kpi_tokens, self._kpi_names, docs, idf)

    def match_programme(
        self, question: str, docs: list[str] | None = None, idf: dict[str, float] | None = None
    ) -> list[RecordMatch]:
        """Programme records whose name the question names, best first."""
        return self._match(question, self._programmes, self._programme_tokens, self._programme_names, docs, idf)

    @staticmethod
    def _match(question, records, token_sets, names, docs, idf=None) -> list[RecordMatch]:
        """Score = share of the record name's words in the question, plain or weighted by ``idf``.

        Weighting lets 「モデル事業の試行的な取組」 name 「地域交通再編モデル事業（試行的な
        取組への支援）」: the words it leaves out (地域, 交通, 再編) are common ones. ``names`` are the
        records' `_compact_name`.
        """
        q = set(tokenize(question))
        q_compact = compact(question)
        wanted = set(docs) if docs else None

        def weight(tokens) -> float:
            return sum(idf.get(t, 1.0) for t in tokens) if idf else float(len(tokens))

        out = []
        for record, tokens, name in zip(records, token_sets, names, strict=True):
            if not tokens or (wanted and wanted.isdisjoint(record.docs)):
                continue
            shared = q & tokens
            if name in q_compact:
                score = 1.0
            elif not shared:  # neither named whole nor sharing a word: scores 0
                continue
            else:
                plain = len(shared) / len(tokens)
                score = max(plain, weight(shared) / (weight(tokens) or 1.0))
            if score > 0:
                out.append(RecordMatch(record, score, len(shared)))
        # The most fully named record first; among those, the one naming the most of the question.
        out.sort(key=lambda m: (-m.score, -m.words, getattr(m.record, "is_repeat", False), m.record.line_start))
        return out
