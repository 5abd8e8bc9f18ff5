"""A PDF version of corpus/004 (its text, and its KPI table as a real ruled table) gives the same KPI
records and the same answers to the KPI questions as the .txt extraction.

The PDF is drawn with reportlab's Japanese CID font. Values are compared width-folded (NFKC), with the
two glyphs that font's CMap gives back differently folded too: ``－`` returns as U+2212 and ``～`` as
U+301C; ``㏊``, which the font cannot draw, is written ``ha`` (its NFKC form).
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import sample_files as sf

from assistant.evals.metrics import lead_of
from assistant.indexing.build import build_index
from assistant.ingest.loader import load_document
from assistant.records import extract_records
from assistant.service import Assistant
from assistant.settings import PROJECT_ROOT, Settings
from assistant.text.normalize import compact as squash

pytestmark = pytest.mark.slow

TXT = "004_49aeb67bc23e3385.txt"
PDF = "004_49aeb67bc23e3385.pdf"
HEADER = ["プロジェクト名", "評価指標（KPI）", "基準値(基準年)", "R3", "R4", "R5", "R6", "目標値(目標年)", "進捗率"]
P1 = "日本遺産「炭鉄港」を活用した交流人口拡大プロジェクト"
P2 = "未来技術の導入などによる産業振興・担い手確保プロジェクト"
P3 = "地域の歴史や資源を活かした空知の魅力発信プロジェクト"
P4 = "空知と多様な形で関わりを持つ人材創出プロジェクト"
# The 「評価指標（ＫＰＩ）一覧」 table of the document (its .txt has it one cell per line), merged project cells blank.
KPI_TABLE = [
    [P1, "炭鉄港推進協議会構成市町の観光入込客数", "7,250千人(R2)", "7,487千人", "10,530千人", "16,215千人", "集計中（7月頃）", "7,468千人(R7)", "-％"],
    [P2, "空知の耕作面積の維持", "113,600ha(R2)", "113,600ha", "113,500ha", "113,500ha", "113,500ha", "113,600ha(R7)", "99.9％"],
    ["", "新規高卒者管内企業就職率", "60.9％（R2）", "59.5％", "60.3％", "52.0％", "53.0％", "63.9％（R6）", "82.9％"],
    [P3, "「そらち・デ・ビュー」公式SNSのフォロワー数", "6,522人(R2)", "10,101人", "14,221人", "20,120人", "28,672", "14,500人(R7)", "197.7％"],
    ["", "管内への観光入込客数", "1,232万人(R1)", "852万人", "1,159.6万人", "1,274.46万人", "集計中（7月頃）", "1,278万人(R6)", "-％"],
    ["", "移住相談件数", "574件(R2)", "777件", "821件", "781件", "集計中（8月頃）", "687件(R7)", "-％"],
    [P4, "新規高卒者管内企業就職率（再掲）", "60.9％（R2）", "59.5％", "60.3％", "52.0％", "53.0％", "63.9％（R6）", "82.9％"],
    ["", "移住相談件数（再掲）", "574件(R2)", "777件", "821件", "781件", "集計中（8月頃）", "687件(R7)", "-％"],
    ["", "認定こども園設置数", "20カ所(R2)", "20カ所", "20カ所", "20カ所", "20カ所", "22カ所(R7)", "90.9％"],
]  # fmt: skip


def fold(value) -> str:
    return unicodedata.normalize("NFKC", str(value)).replace("−", "-").replace("〜", "~")


def make_pdf(path: Path) -> Path:
    text = (PROJECT_ROOT / "corpus" / TXT).read_text(encoding="utf-8").replace("㏊", "ha")
    pages = sf.text_pages(text)
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if squash(line) == "評価指標(KPI)一覧" and any(squash(x) == "進捗率" for x in lines[i : i + 15]):
                widths = [150, 150, 70, 60, 60, 60, 70, 75, 50]
                table = sf.TableSpec([HEADER, *KPI_TABLE], widths, spans=[(2, 3), (4, 6), (7, 9)])
                pages[p] = [*lines[: i + 1], table]  # the table runs to the end of its page
                break
    return sf.pdf_from_text(path, pages)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf004") / PDF)


def _key(record) -> tuple:
    d = record.to_dict()
    return tuple(fold(d[k]) for k in ("project", "indicator", "baseline", "actuals", "targets", "progress", "status"))


def test_same_kpi_records_as_the_text(pdf: Path) -> None:
    doc = load_document(pdf)
    assert doc.format == "pdf" and len({loc.page for loc in doc.locations}) >= 10
    txt_kpis, _ = extract_records(TXT, (PROJECT_ROOT / "corpus" / TXT).read_text(encoding="utf-8").split("\n"))
    pdf_kpis, _ = extract_records(PDF, doc.lines)
    assert sorted(map(_key, pdf_kpis)) == sorted(map(_key, txt_kpis))
    # The table's rows were read as a table: a reading of each (a source with its cells) is in its record.
    table = {s for r in pdf_kpis for s in r.sources if "\t" in s.text}  # a row repeated (再掲) joins its KPI
    assert len(table) == len(KPI_TABLE)
    page = {doc.where(s.line_start).page for s in table}
    assert len(page) == 1 and page != {None}


def _kpi_questions() -> list[str]:
    out = []
    # The tune split only: the frozen test split is read as aggregate figures, never question by question.
    for path in sorted((PROJECT_ROOT / "evals" / "tune").glob("*.jsonl")):
        if path.name.startswith("conversations"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("doc") == TXT and item.get("type") == "kpi":
                out.append(item["question"])
    return list(dict.fromkeys(out))


def _engine(root: Path, corpus_files: dict[str, Path]) -> Assistant:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    manifest = json.loads((PROJECT_ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["documents"] if e["file"] == TXT)
    for name, src in corpus_files.items():
        shutil.copy2(src, corpus / name)
    entries = [{**entry, "file": name} for name in corpus_files]
    (corpus / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", adapt_epochs=1, chat_model=None)
    build_index(settings, progress=False)
    return Assistant.load(settings)


def _values(answer: str) -> str:
    """A records answer without the quote that follows its values."""
    return fold(answer).split(" 「", 1)[0]


def _lead(answer: str) -> str:
    return fold(re.sub(r"\s+", "", lead_of(re.sub(r"\s*\[\d+\]", " [1]", answer))))


def test_same_answers_to_the_kpi_questions(pdf: Path, tmp_path: Path, capsys) -> None:
    questions = _kpi_questions()
    assert len(questions) >= 10
    txt = _engine(tmp_path / "txt", {TXT: PROJECT_ROOT / "corpus" / TXT})
    from_pdf = _engine(tmp_path / "pdf", {PDF: pdf})
    same = records = 0
    for q in questions:
        a, b = txt.answer(q), from_pdf.answer(q)
        if a.source == "records":
            # A records answer states the record's values: the same record gives the same values. What it
            # quotes after them (「…」) is the source holding most of them, which the PDF's layout may change
            # (its table row whole, where the text has a shorter line).
            assert b.source == "records", q
            assert _values(b.answer) == _values(a.answer), q
            # A figure the table leaves blank is an abstention with its row beside it, not a citation.
            shown = b.citations or b.related
            assert shown and shown[0].page is not None, q
            same += 1
            records += 1
        else:
            # An extractive answer is its lead (the value, or the passage's first sentence); the context quoted
            # after it follows the layout (a PDF table row whole, with its cells, where the text has a line).
            same += _lead(a.answer) == _lead(b.answer)
    with capsys.disabled():
        print(
            f"\n004 KPI questions: {same}/{len(questions)} answered the same from the PDF ({records} records answers)"
        )
    assert same >= 0.9 * len(questions), f"{same}/{len(questions)} answers the same"
