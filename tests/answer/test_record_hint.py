"""The KPI record a question names, and the retriever's hint to its lines (real corpus)."""

from __future__ import annotations

from assistant.records.lookup import kpi_lines, named_kpi


def test_year_picks_the_summary_table_record_and_search_ranks_it_first(engine) -> None:
    question = "移住相談件数のR4の実績値は？"
    record = named_kpi(engine.records, question, None, engine.hybrid._idf)
    assert record is not None and "移住相談件数" in record.indicator
    assert "R4" in {a.year for a in record.actuals}  # the table with yearly columns, not the R6 row
    doc, start, end = kpi_lines(engine.records, question, None, engine.hybrid._idf)
    top = engine.search(question, 3)[0].chunk
    assert top.doc == doc and max(top.line_start, start) <= min(top.line_end, end)  # it holds the record


def test_no_hint_without_kpi_words(engine) -> None:
    assert kpi_lines(engine.records, "移住相談件数はどうやって数える？", None, engine.hybrid._idf) is None
