"""PDF, Word and HTML files made here come back whole: characters in order, table rows, pages and sections.

Run with ``-s`` to see the figures (``pytest tests/ingest/test_formats.py -s -k figures``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import extraction_checks as checks
import pytest
import sample_files as sf

from assistant.ingest.chunking import chunk_document
from assistant.ingest.formats.pdf_layout import join_wrapped
from assistant.ingest.loader import UnreadableFile, load_corpus, load_document

LAYOUTS = {
    "slides.pdf": sf.slides_pdf,
    "report_two_columns.pdf": sf.report_pdf,
    "kpi_table_page_break.pdf": sf.kpi_table_pdf,
    "report.docx": sf.report_docx,
    "page.html": sf.report_html,
    "page_sjis.html": lambda p: sf.report_html(p, encoding="cp932"),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, sf.Sample]:
    folder = tmp_path_factory.mktemp("formats")
    return {name: make(folder / name) for name, make in LAYOUTS.items()}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_file_comes_back_whole(samples, name: str) -> None:
    sample = samples[name]
    doc = load_document(sample.path)
    fig = checks.figures(doc, sample)
    assert fig.char_recall >= 0.99, f"{name}: {fig}\n{doc.text}"
    assert fig.rows_whole == fig.rows, f"{name}: {fig}\n{doc.text}"
    assert fig.places_right == fig.items, f"{name}: {fig}; missing {fig.missing}\n{doc.text}"
    assert checks.running_left(doc, sample) == [], f"{name}: running headers/footers or page numbers left"


def test_figures(samples, capsys) -> None:
    """The extraction figures for the note, one line per layout."""
    out = {}
    for name, sample in samples.items():
        fig = checks.figures(load_document(sample.path), sample)
        out[name] = {
            "char_recall": round(fig.char_recall, 4),
            "rows_whole": f"{fig.rows_whole}/{fig.rows}",
            "pages_or_sections_right": f"{fig.places_right}/{fig.items}",
        }
    with capsys.disabled():
        print("\n" + json.dumps(out, ensure_ascii=False, indent=1))


def test_pdf_pages_and_notes(samples) -> None:
    doc = load_document(samples["report_two_columns.pdf"].path)
    assert doc.format == "pdf"
    assert (doc.locations[0].line, doc.locations[0].page) == (1, 1)
    assert {loc.page for loc in doc.locations} == {1, 2}
    assert any("two-column" in n for n in doc.notes)
    # Pages are three blank lines apart, as in the corpus' text extractions.
    assert "\n\n\n\n" in doc.text
    # Footnotes come after both columns of their page, not between them.
    lines = doc.lines
    first_note = next(i for i, ln in enumerate(lines) if ln.startswith("※5"))
    assert first_note > next(i for i, ln in enumerate(lines) if ln.startswith("地方公共団体"))


def test_table_over_a_page_break_is_one_table(samples) -> None:
    doc = load_document(samples["kpi_table_page_break.pdf"].path)
    rows = [ln for ln in doc.lines if "\t" in ln]
    assert rows[0] == "\t".join(sf.KPI_HEADER)
    assert rows.count("\t".join(sf.KPI_HEADER)) == 1  # the header repeated on page 2 is dropped
    assert len(rows) == 1 + len(sf.KPI_ROWS)
    start = doc.lines.index(rows[0])
    assert doc.lines[start : start + len(rows)] == rows  # no gap where the page breaks
    assert doc.where(start + len(rows)).page == 2


def test_chunks_carry_pages_and_sections(samples) -> None:
    pdf = load_document(samples["slides.pdf"].path)
    chunks = chunk_document(pdf, size=120, max_size=200, overlap=0)
    assert {c.page for c in chunks} == {1, 2, 3}
    assert all(c.section is None for c in chunks)
    for c in chunks:
        assert pdf.where(c.line_start).page == c.page and pdf.where(c.line_end).page == c.page_end
    word = load_document(samples["report.docx"].path)
    chunks = chunk_document(word, size=120, max_size=200, overlap=0)
    assert all(c.page is None for c in chunks)
    assert {c.section for c in chunks} >= {"1. 現状と課題", "2. 主な施策", "3. 評価指標"}
    # The Word headings are the chunks' headings.
    assert any(c.heading == "2. 主な施策" for c in chunks)


def test_metadata_from_the_file_and_the_manifest_wins(samples, tmp_path: Path) -> None:
    pdf = load_document(samples["report_two_columns.pdf"].path)
    assert (pdf.title, pdf.publisher, pdf.date) == (
        "地域生活圏の形成に関する報告書",
        "国土審議会推進部会 地域生活圏専門委員会",
        "2025-05",
    )
    slides = load_document(samples["slides.pdf"].path)
    assert (slides.title, slides.publisher) == ("小さな拠点・関係人口に関する取組について", "国土交通省国土政策局")
    word = load_document(samples["report.docx"].path)
    assert (word.title, word.publisher, word.date) == (
        "地域生活圏の形成に向けた取組（報告）",
        "北海道空知総合振興局",
        "2025-03",
    )
    html = load_document(samples["page.html"].path)
    assert (html.title, html.publisher, html.date) == (
        "二地域居住の促進について｜国土交通省",
        "国土交通省国土政策局",
        "2024-05-20",
    )
    shutil.copy2(samples["report.docx"].path, tmp_path / "report.docx")
    (tmp_path / "manifest.json").write_text(
        json.dumps({"documents": [{"file": "report.docx", "title": "手で付けた題名"}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    doc = load_corpus(tmp_path).documents[0]
    assert (doc.title, doc.publisher, doc.date, doc.title_inferred) == (
        "手で付けた題名",
        "北海道空知総合振興局",
        "2025-03",
        False,
    )


def test_html_drops_navigation_scripts_and_chrome(samples) -> None:
    for name in ("page.html", "page_sjis.html"):
        doc = load_document(samples[name].path)
        for junk in samples[name].running:
            assert junk not in doc.text, (name, junk)
        assert doc.lines[0] == "二地域居住の促進について"


BAD = {
    "locked.pdf": "encrypted PDF",
    "cut.pdf": "truncated PDF",
    "scan.pdf": "scanned PDF without a text layer",
    "renamed_zip.docx": "not a Word document",
    "cut.docx": "not a Word document",
    "empty.html": "empty file",
}


def test_bad_files_are_reported_by_name_and_skipped(samples, tmp_path: Path) -> None:
    sf.encrypted_pdf(tmp_path / "locked.pdf")
    sf.truncated_pdf(tmp_path / "cut.pdf", samples["kpi_table_page_break.pdf"].path)
    sf.image_only_pdf(tmp_path / "scan.pdf")
    sf.zip_as_docx(tmp_path / "renamed_zip.docx")
    (tmp_path / "cut.docx").write_bytes(samples["report.docx"].path.read_bytes()[:3000])
    (tmp_path / "empty.html").write_bytes(b"")
    shutil.copy2(samples["slides.pdf"].path, tmp_path / "good.pdf")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good.pdf"]
    reasons = {p.path: p.reason for p in corpus.problems}
    assert set(reasons) == set(BAD)
    for name, reason in BAD.items():
        assert reason in reasons[name], (name, reasons[name])
        with pytest.raises(UnreadableFile):
            load_document(tmp_path / name)
    assert "needs OCR" in reasons["scan.pdf"]


def test_join_wrapped() -> None:
    assert join_wrapped("関係人口の創出・", "拡大") == "関係人口の創出・拡大"
    assert join_wrapped("KPI", "target") == "KPI target"
    assert join_wrapped("令和6年度", "R6") == "令和6年度R6"


def test_rotated_text_is_reported(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4

    c = sf._canvas(tmp_path / "rotated.pdf", A4)
    c.setFont(sf.MIN, 12)
    c.drawString(50, 780, "表題は横書き")
    c.saveState()
    c.translate(300, 400)
    c.rotate(90)
    c.drawString(0, 0, "縦に置かれた注記の文字列がここにある")
    c.restoreState()
    c.showPage()
    c.save()
    doc = load_document(tmp_path / "rotated.pdf")
    assert "表題は横書き" in doc.text
    assert any("vertical or rotated text" in n and "1" in n for n in doc.notes), doc.notes


def test_text_drawn_twice_is_read_once(tmp_path: Path) -> None:
    """Fake bold (the same characters drawn twice on one spot) comes back once."""
    from reportlab.lib.pagesizes import A4

    c = sf._canvas(tmp_path / "bold.pdf", A4)
    c.setFont(sf.GOTHIC, 14)
    for dx in (0, 0):
        c.drawString(50 + dx, 780, "重点施策")
    c.showPage()
    c.save()
    assert load_document(tmp_path / "bold.pdf").text == "重点施策\n"
