"""Over the whole corpus: every record's source lines hold every value it states, verbatim.

Compared after NFKC and removal of all whitespace (the PDF breaks lines and mixes widths). Years are
read from the row as written ((R2), 令和6年度), except a summary table's actual years, which are its
column header (R3 R4 R5 R6); the indicator of a prose target is composed from its statement
(「官民投資（ＧＸ分野）」), so names are checked for programmes only; a ministry may come from the page
around the programme (the cover, a slide title), so it is not checked.
"""

from __future__ import annotations

import re

import pytest

from assistant.records import KpiRecord, ProgrammeRecord, extract_all
from assistant.records.text import normalise_year
from assistant.text.normalize import compact

from .conftest import DOCS


@pytest.fixture(scope="module")
def records(corpus) -> tuple[list[KpiRecord], list[ProgrammeRecord]]:
    return extract_all((DOCS[key], lines) for key, lines in corpus.items())


def _held(value: str, texts: list[str]) -> bool:
    return any(compact(value) in t for t in texts)


def _year_held(year: str, texts: list[str]) -> bool:
    """A year is held when the sources write it so, or write a year that reads the same (令和６年度 = R6)."""
    if _held(year, texts):
        return True
    written = re.findall(r"令和[0-9０-９元]+年度?|[RＲ][0-9０-９]+", "".join(texts))
    return any(normalise_year(w) == year for w in written)


def test_kpi_values_are_in_their_sources(records, corpus) -> None:
    kpis, _ = records
    assert len(kpis) > 40
    for r in kpis:
        texts = [compact(s.text) for s in r.sources]
        assert texts, r.indicator
        values = [v for x in (r.baseline, *r.actuals, *r.targets) if x for v in (x.value, x.status, x.label) if v]
        values += [v for v in (r.progress, r.unit) if v]
        for v in values:
            assert _held(v, texts), (r.indicator, v)
        for x in (r.baseline, *r.targets):
            if x and x.year:
                assert _year_held(x.year, texts), (r.indicator, x.year)


def test_programme_values_are_in_their_sources(records) -> None:
    _, programmes = records
    assert len(programmes) > 50
    for r in programmes:
        texts = [compact(s.text) for s in r.sources]
        values = [r.name, *r.eligible, *r.covered_costs]  # a variant may be composed: 「P（section）」
        values += [v for b in r.budgets for v in (b.amount, b.note) if v]
        values += [v for t in (*r.rates, *r.caps) for v in (getattr(t, "rate", None) or t.cap, t.condition) if v]
        values += [r.period] if r.period else []
        for v in values:
            assert _held(v, texts), (r.name, v)
        for b in r.budgets:
            if b.fiscal_year:
                assert _year_held(b.fiscal_year, texts), (r.name, b.fiscal_year)


def test_sources_are_the_cited_lines(records, corpus) -> None:
    by_name = {name: corpus[key] for key, name in DOCS.items()}
    kpis, programmes = records
    for r in [*kpis, *programmes]:
        for s in r.sources:
            lines = by_name[s.doc]
            assert s.text == "\n".join(lines[s.line_start - 1 : s.line_end])
        assert r.sources[0].line_start == r.line_start and r.sources[0].doc == r.doc
