"""Whole tables from the PDF, Word and HTML loaders feed the KPI and programme records directly."""

from __future__ import annotations

from pathlib import Path

import sample_files as sf

from assistant.ingest.loader import load_document
from assistant.records import Cap, Rate, extract_records
from assistant.records.kpi_tab_table import extract_kpi_tab_tables, tab_tables

LINES = [
    "評価指標の状況",
    "プロジェクト名\t評価指標（KPI）\t基準値(基準年)\tR5\tR6\t目標値(目標年)\t進捗率",
    "若者定着プロジェクト\t新規高卒者管内企業就職率\t60.9％（R2）\t52.0％\t53.0％\t63.9％（R6）\t82.9％",
    "\t移住相談件数\t574件(R2)\t781件\t集計中（8月頃）\t687件(R7)\t-％",
    "プロジェクト名\t評価指標（KPI）\t基準値(基準年)\tR5\tR6\t目標値(目標年)\t進捗率",
    "",
    "地域名\t人口\t面積",
    "空知\t28万人\t6,558km2",
]


def test_tab_tables_are_found_with_their_header() -> None:
    tables = tab_tables(LINES)
    assert [(t.header_line, len(t.rows)) for t in tables] == [(1, 3), (6, 1)]


def test_kpi_rows_from_a_real_table() -> None:
    records = extract_kpi_tab_tables("t.pdf", LINES)
    assert [r.indicator for r in records] == ["新規高卒者管内企業就職率", "移住相談件数"]  # repeated header skipped
    first, second = records
    assert first.project == second.project == "若者定着プロジェクト"  # a merged (blank) cell continues
    assert (first.baseline.value, first.baseline.year) == ("60.9％", "R2")
    assert [(a.year, a.value) for a in first.actuals] == [("R5", "52.0％"), ("R6", "53.0％")]
    assert (first.target.value, first.target.year, first.progress) == ("63.9％", "R6", "82.9％")
    assert (second.actuals[-1].value, second.actuals[-1].status, second.status) == (
        None,
        "集計中（8月頃）",
        "集計中（8月頃）",
    )
    assert (first.line_start, first.line_end, first.source_text) == (3, 3, LINES[2])


def test_a_single_actual_column_with_years_in_its_cells() -> None:
    lines = [
        "評価指標\t基準値\t実績値\t目標値\t進捗率",
        "認定こども園設置数\t20カ所(R2)\t20カ所（R6）\t22カ所(R7)\t90.9％",
    ]
    (r,) = extract_kpi_tab_tables("t.docx", lines)
    assert (r.project, r.indicator) == (None, "認定こども園設置数")
    assert [(a.year, a.value) for a in r.actuals] == [("R6", "20カ所")]
    assert (r.baseline.year, r.target.year, r.progress) == ("R2", "R7", "90.9％")


def test_word_and_html_tables_give_kpi_and_programme_records(tmp_path: Path) -> None:
    for sample in (sf.report_docx(tmp_path / "r.docx"), sf.report_html(tmp_path / "p.html")):
        doc = load_document(sample.path)
        kpis, programmes = extract_records(doc.doc_id, doc.lines)
        by_name = {k.indicator: k for k in kpis}
        assert by_name["新規高卒者管内企業就職率"].progress == "82.9％"
        assert by_name["移住相談件数"].actuals[0].status == "集計中"
        p = {r.name: r for r in programmes}
        first = p["地域生活圏形成推進事業"]
        assert first.budgets[0].amount == "1,200"
        assert (first.rates, first.caps) == ((Rate("1/2以内"),), (Cap("500万円"),))
        assert first.eligible == ("市町村", "地域運営組織")
        assert "予算額の単位: 百万円" in first.notes
        assert p["関係人口創出・拡大事業"].rates == (Rate("定額"),)
        # Provenance: the row is the record's source line, on the section the loader mapped.
        assert doc.where(first.line_start).section in ("支援制度", "4. 支援制度")


def test_actual_columns_headed_year_first() -> None:
    """Another prefecture's progress table: 「R4実績」「R5実績」 columns, a pending year, 達成率."""
    lines = [
        "指標名\t基準値\tR4実績\tR5実績\tR6実績\t目標値\t達成率",
        "移住相談件数\t1,200件（R3）\t1,350件\t1,420件\t集計中（9月頃）\t2,000件（R8）\t71.0%",
    ]
    (r,) = extract_kpi_tab_tables("x.txt", lines)
    assert [(a.year, a.value, a.status) for a in r.actuals] == [
        ("R4", "1,350件", None),
        ("R5", "1,420件", None),
        ("R6", None, "集計中（9月頃）"),
    ]
    assert (r.baseline.value, r.baseline.year, r.progress) == ("1,200件", "R3", "71.0%")
