"""The KPI and programme records of an index build: loading, filtering, matching a question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.records.models import KpiRecord, KpiValue, ProgrammeRecord, RecordMatch
from assistant.text.normalize import compact
from assistant.text.tokenizer import tokenize


def _value(data: dict[str, Any] | None) -> KpiValue | None:
    return KpiValue(**data) if data else None


def kpi_from_dict(data: dict[str, Any]) -> KpiRecord:
    return KpiRecord(
        **{
            **data,
            "baseline": _value(data.get("baseline")),
            "target": _value(data.get("target")),
            "actuals": tuple(KpiValue(**a) for a in data.get("actuals", [])),
        }
    )


def programme_from_dict(data: dict[str, Any]) -> ProgrammeRecord:
    fields = ("rates", "caps", "eligible", "coverage", "conditions", "notes")
    return ProgrammeRecord(**{**data, **{f: tuple(data.get(f) or ()) for f in fields}})


def _contains(haystack: str | None, needle: str) -> bool:
    return bool(haystack) and compact(needle).lower() in compact(haystack).lower()


class RecordStore:
    """KPI and programme records with their source lines."""

    def __init__(self, kpis: list[KpiRecord], programmes: list[ProgrammeRecord]):
        self._kpis = kpis
        self._programmes = programmes
        self._kpi_tokens = [frozenset(tokenize(r.indicator)) for r in kpis]
        self._programme_tokens = [frozenset(tokenize(r.name)) for r in programmes]

    @classmethod
    def load(cls, path: Path) -> RecordStore:
        def read(name: str) -> list[dict[str, Any]]:
            file = path / name
            return json.loads(file.read_text(encoding="utf-8")) if file.exists() else []

        return cls(
            [kpi_from_dict(d) for d in read("kpis.json")],
            [programme_from_dict(d) for d in read("programmes.json")],
        )

    def kpis(self, doc: str | None = None, project: str | None = None, q: str | None = None) -> list[KpiRecord]:
        """KPI records, optionally only of ``doc``, of a ``project`` (substring) or mentioning ``q``."""
        out = []
        for r in self._kpis:
            if doc and r.doc != doc:
                continue
            if project and not _contains(r.project, project):
                continue
            if q and not (_contains(r.indicator, q) or _contains(r.project, q) or _contains(r.source_text, q)):
                continue
            out.append(r)
        return out

    def programmes(self, doc: str | None = None, q: str | None = None) -> list[ProgrammeRecord]:
        """Programme records, optionally only of ``doc`` or mentioning ``q``."""
        return [
            r
            for r in self._programmes
            if (not doc or r.doc == doc) and (not q or _contains(r.name, q) or _contains(r.source_text, q))
        ]

    def match_kpi(
        self, question: str, docs: list[str] | None = None, idf: dict[str, float] | None = None
    ) -> list[RecordMatch]:
        """KPI records whose indicator the question names, best first."""
        return self._match(question, self._kpis, self._kpi_tokens, docs, idf)

    def match_programme(
        self, question: str, docs: list[str] | None = None, idf: dict[str, float] | None = None
    ) -> list[RecordMatch]:
        """Programme records whose name the question names, best first."""
        return self._match(question, self._programmes, self._programme_tokens, docs, idf)

    @staticmethod
    def _match(question, records, token_sets, docs, idf=None) -> list[RecordMatch]:
        """Score = share of the record name's words in the question, plain or weighted by ``idf``.

        Weighting lets 「リーディング事業の先導的な取組」 name 「地域生活圏形成リーディング事業（先導的な
        取組への支援）」: the words it leaves out (地域, 生活, 形成) are common ones.
        """
        q = set(tokenize(question))
        q_compact = compact(question)

        def weight(tokens) -> float:
            return sum(idf.get(t, 1.0) for t in tokens) if idf else float(len(tokens))

        out = []
        for record, tokens in zip(records, token_sets, strict=True):
            if (docs and record.doc not in docs) or not tokens:
                continue
            name = record.indicator if isinstance(record, KpiRecord) else record.name
            name = name.replace("（再掲）", "").replace("(再掲)", "")
            if compact(name) in q_compact:
                score = 1.0
            else:
                plain = len(q & tokens) / len(tokens)
                score = max(plain, weight(q & tokens) / (weight(tokens) or 1.0))
            if score > 0:
                out.append(RecordMatch(record, score, len(q & tokens)))
        # The most fully named record first; among those, the one naming the most of the question.
        out.sort(key=lambda m: (-m.score, -m.words, getattr(m.record, "is_repeat", False), m.record.line_start))
        return out
