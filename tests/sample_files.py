"""Real PDF, Word and HTML files made for the tests, with what each must give back.

PDFs are drawn with reportlab's built-in Japanese CID fonts (HeiseiMin-W3, HeiseiKakuGo-W5), so
their text goes through pdfminer's Adobe-Japan1 CMaps as a ministry's PDF would. Every generator
returns a `Sample`: the file and the paragraphs / table rows it holds, each with its page (PDF) or
section (Word, HTML), plus the running headers and footers that must not come back.
Import with ``from sample_files import ...`` (tests/ is on the path through tests/conftest.py).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MIN, GOTHIC = "HeiseiMin-W3", "HeiseiKakuGo-W5"

PARAGRAPHS = [
    "地域生活圏とは、人口減少・高齢化が進む中にあっても、暮らしに必要なサービスが持続的に提供され、"
    "住民が安心して暮らし続けることができる生活の圏域をいう。",
    "国土交通省では、小さな拠点の形成や関係人口の創出・拡大に取り組む市町村を支援している。"
    "令和6年度には全国で1,500か所を超える小さな拠点が形成された。",
    "二地域居住の促進に向けて、住まい・なりわい・コミュニティの三つの観点から施策を整理し、"
    "広域的な地域運営組織の設立を後押しする。補助率は２分の１以内、上限は500万円とする。",
    "デジタル技術の活用により、移動・物流・医療・教育といった生活サービスの効率化を図るとともに、"
    "地域の担い手不足に対応するため、官民連携による新たなサービス提供体制を構築する。",
    "地方公共団体は、それぞれの事情に合わせて計画をつくり、指標として地元大学卒業生の県内定着率、"
    "空き家バンク成約件数、病児保育施設数などを定めて毎年度の達成状況を点検する。",
    "今後10年間で、地域生活圏の形成に取り組む地域を少なくとも100地域とすることを目指す。"
    "あわせて、関係人口の規模を約１万人に拡大する。",
]
KPI_HEADER = ["評価指標", "基準値", "実績値", "目標値", "進捗率"]


@dataclass
class Expect:
    """A paragraph or table row the file holds, and where (page or section)."""

    text: str
    page: int | None = None
    section: str | None = None
    row: bool = False


@dataclass
class Sample:
    path: Path
    expected: list[Expect]
    running: list[str] = field(default_factory=list)  # headers/footers that must be removed


# -- drawing helpers -------------------------------------------------------------------------------
def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    for name in (MIN, GOTHIC):
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy character wrap to ``width`` points (Japanese wraps anywhere)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    for ch in text:
        if cur and stringWidth(cur + ch, font, size) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def _canvas(path: Path, pagesize, title: str | None = None, author: str | None = None, **kw):
    from reportlab.pdfgen import canvas

    _fonts()
    c = canvas.Canvas(str(path), pagesize=pagesize, **kw)
    if title:
        c.setTitle(title)
    if author:
        c.setAuthor(author)
    return c


def _table(c, rows: list[list[str]], x: float, top: float, widths: list[float], size: float = 9) -> float:
    """A ruled table drawn with its top at ``top``; returns its bottom y."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    style = ParagraphStyle("cell", fontName=MIN, fontSize=size, leading=size * 1.25, wordWrap="CJK")
    data = [[Paragraph(cell, style) for cell in row] for row in rows]
    t = Table(data, colWidths=widths)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    _, h = t.wrapOn(c, sum(widths), 2000)
    t.drawOn(c, x, top - h)
    return top - h


def _footer(c, width: float, page: int, text: str) -> None:
    c.setFont(MIN, 8)
    c.drawString(40, 20, text)
    c.drawCentredString(width / 2, 20, f"- {page} -")


# -- PDFs ------------------------------------------------------------------------------------------
def slides_pdf(path: Path) -> Sample:
    """Three landscape slides: a title, bullets, a running footer and page numbers."""
    from reportlab.lib.pagesizes import A4, landscape

    w, h = landscape(A4)
    c = _canvas(path, (w, h), title="小さな拠点・関係人口に関する取組について", author="国土交通省国土政策局")
    footer = "国土交通省 国土政策局 地方振興課"
    slides = [
        ("小さな拠点の形成", PARAGRAPHS[1:3]),
        ("関係人口の創出・拡大", ["・" + PARAGRAPHS[3][:40], "・" + PARAGRAPHS[4][:45], "・二地域居住の推進"]),
        ("今後の取組", ["・" + PARAGRAPHS[5][:48], "・地域運営組織の設立支援（補助率１／２）"]),
    ]
    expected = []
    for n, (title, bullets) in enumerate(slides, start=1):
        c.setFont(GOTHIC, 24)
        c.drawString(50, h - 70, title)
        expected.append(Expect(title, page=n))
        y = h - 130
        for b in bullets:
            c.setFont(MIN, 16)
            for line in wrap(b, MIN, 16, w - 100):
                c.drawString(50, y, line)
                y -= 21
            y -= 14
            expected.append(Expect(b, page=n))
        _footer(c, w, n, footer)
        c.showPage()
    c.save()
    return Sample(path, expected, [footer])


def report_pdf(path: Path) -> Sample:
    """Two A4 pages: a full-width title, two justified columns, footnotes, running header and footer."""
    from reportlab.lib.pagesizes import A4

    w, h = A4
    c = _canvas(path, A4, title="地域生活圏の形成に関する報告書")
    header, footer = "地域生活圏専門委員会 とりまとめ報告書（案）", "国土審議会推進部会"
    col_w, gap, size, lead = 240, 35, 10, 15
    cols = (50, 50 + col_w + gap)
    expected: list[Expect] = []
    paragraphs = PARAGRAPHS * 2
    para_i = 0
    for page in (1, 2):
        c.setFont(MIN, 8)
        c.drawString(50, h - 30, header)
        top = h - 60
        if page == 1:
            c.setFont(GOTHIC, 18)
            c.drawString(50, top - 10, "第1章 地域生活圏の考え方")
            expected.append(Expect("第1章 地域生活圏の考え方", page=1))
            c.setFont(MIN, 10)
            c.drawString(50, top - 34, "令和7年5月 国土審議会推進部会 地域生活圏専門委員会")
            expected.append(Expect("令和7年5月 国土審議会推進部会 地域生活圏専門委員会", page=1))
            top -= 60
        for x in cols:
            y = top
            for _ in range(3):
                if para_i >= len(paragraphs):
                    break
                text = "　" + paragraphs[para_i] + f"※{para_i + 1}"
                para_i += 1
                for line in wrap(text, MIN, size, col_w):
                    c.setFont(MIN, size)
                    c.drawString(x, y, line)
                    y -= lead
                y -= lead
                expected.append(Expect(text, page=page))
        c.setFont(MIN, 8)
        notes = [
            f"※{i} 出典：国土交通省「国土形成計画」（令和6年）第{i}章による。" for i in range(para_i - 5, para_i + 1)
        ]
        for k, note in enumerate(notes[-2:]):
            c.drawString(50, 90 - 11 * k, note)
            expected.append(Expect(note, page=page))
        _footer(c, w, page, footer)
        c.showPage()
    c.save()
    return Sample(path, expected, [header, footer])


KPI_ROWS = [
    ["新規高卒者管内企業就職率", "60.9％(R2)", "53.0％(R6)", "63.9％(R6)", "82.9％"],
    ["移住相談件数", "574件(R2)", "集計中(R6)", "687件(R7)", "-％"],
    ["認定こども園設置数", "20カ所(R2)", "20カ所(R6)", "22カ所(R7)", "90.9％"],
    ["空知の耕作面積の維持", "113,600ha(R2)", "113,500ha(R6)", "113,600ha(R7)", "99.9％"],
    ["「そらち・デ・ビュー」公式SNSのフォロワー数", "6,522人(R2)", "28,672人(R6)", "14,500人(R7)", "197.7％"],
] + [
    [f"地域指標{i}の達成件数", f"{i * 10}件(R2)", f"{i * 12}件(R6)", f"{i * 15}件(R7)", f"{i * 8 % 100}.0％"]
    for i in range(1, 31)
]


def kpi_table_pdf(path: Path) -> Sample:
    """A KPI table of 35 rows that runs over a page break, its header repeated on page 2."""
    from reportlab.lib.pagesizes import A4

    w, h = A4
    c = _canvas(path, A4)
    widths = [230, 75, 75, 75, 50]
    expected = [Expect("評価指標（ＫＰＩ）の進捗状況", page=1)]
    c.setFont(GOTHIC, 16)
    c.drawString(50, h - 60, "評価指標（ＫＰＩ）の進捗状況")
    split = 24
    for page, rows, top in ((1, KPI_ROWS[:split], h - 90), (2, KPI_ROWS[split:], h - 50)):
        _table(c, [KPI_HEADER, *rows], 50, top, widths)
        if page == 1:
            expected.append(Expect("\t".join(KPI_HEADER), page=1, row=True))
        expected.extend(Expect("\t".join(r), page=page, row=True) for r in rows)
        _footer(c, w, page, "道央広域連携地域政策展開方針")
        c.showPage()
    c.save()
    return Sample(path, expected, ["道央広域連携地域政策展開方針"])


# -- Word and HTML ---------------------------------------------------------------------------------
PROGRAMME_HEADER = ["事業名", "予算額（百万円）", "補助率", "上限", "補助対象"]
PROGRAMME_ROWS = [
    ["地域生活圏形成推進事業", "1,200", "1/2以内", "500万円", "市町村、地域運営組織"],
    ["関係人口創出・拡大事業", "350", "定額", "200万円", "都道府県、市町村"],
]


def report_docx(path: Path) -> Sample:
    """A Word report: headings (sections), paragraphs, a KPI table and a programme table."""
    import docx

    d = docx.Document()
    d.core_properties.title = "地域生活圏の形成に向けた取組（報告）"
    d.core_properties.author = "担当者"
    expected: list[Expect] = []
    d.add_heading("地域生活圏の形成に向けた取組（報告）", level=0)
    expected.append(Expect("地域生活圏の形成に向けた取組（報告）", section="地域生活圏の形成に向けた取組（報告）"))
    p = d.add_paragraph("令和7年3月 北海道空知総合振興局")
    expected.append(Expect(p.text, section="地域生活圏の形成に向けた取組（報告）"))
    for title, paras in (("1. 現状と課題", PARAGRAPHS[:3]), ("2. 主な施策", PARAGRAPHS[3:])):
        d.add_heading(title, level=1)
        expected.append(Expect(title, section=title))
        for text in paras:
            d.add_paragraph(text)
            expected.append(Expect(text, section=title))
    for header, rows, title in (
        (KPI_HEADER, KPI_ROWS[:5], "3. 評価指標"),
        (PROGRAMME_HEADER, PROGRAMME_ROWS, "4. 支援制度"),
    ):
        d.add_heading(title, level=1)
        expected.append(Expect(title, section=title))
        t = d.add_table(rows=len(rows) + 1, cols=len(header))
        t.style = "Table Grid"
        for i, row in enumerate([header, *rows]):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
            expected.append(Expect("\t".join(row), section=title, row=True))
    d.save(str(path))
    return Sample(path, expected)


def report_html(path: Path, encoding: str = "utf-8") -> Sample:
    """An HTML page with navigation, scripts, styles and page chrome around the article."""
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in PROGRAMME_ROWS)
    kpi = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in KPI_ROWS[:3])
    charset = {"utf-8": "utf-8", "cp932": "Shift_JIS"}[encoding]
    html = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="{charset}"><title>二地域居住の促進について｜国土交通省</title>
<meta name="author" content="国土交通省国土政策局"><meta name="date" content="2024-05-20">
<style>body {{ font-family: sans-serif; }} .x {{ color: red; }}</style>
<script>var tracking = "アクセス解析スクリプト";</script></head>
<body><header><p>サイト共通ヘッダー</p></header>
<nav><ul><li>ホーム<li>政策<li>報道発表</ul></nav>
<main><h1>二地域居住の促進について</h1>
<p>{PARAGRAPHS[2]}</p>
<h2>施策の概要</h2><p>{PARAGRAPHS[0]}<br>{PARAGRAPHS[1]}</p>
<ul><li>{PARAGRAPHS[3]}</li><li>{PARAGRAPHS[4]}</li></ul>
<h2>支援制度</h2>
<table><tr>{"".join(f"<th>{c}</th>" for c in PROGRAMME_HEADER)}</tr>{rows}</table>
<h2>評価指標</h2>
<table><thead><tr>{"".join(f"<th>{c}</th>" for c in KPI_HEADER)}</tr></thead><tbody>{kpi}</tbody></table>
</main><aside>関連リンク一覧</aside><footer><p>Copyright 国土交通省</p></footer></body></html>"""
    path.write_bytes(html.encode(encoding))
    h1, s1, s2, s3 = "二地域居住の促進について", "施策の概要", "支援制度", "評価指標"
    expected = [
        Expect(h1, section=h1),
        Expect(PARAGRAPHS[2], section=h1),
        Expect(s1, section=s1),
        *(Expect(PARAGRAPHS[i], section=s1) for i in (0, 1, 3, 4)),
        Expect(s2, section=s2),
        *(Expect("\t".join(r), section=s2, row=True) for r in [PROGRAMME_HEADER, *PROGRAMME_ROWS]),
        Expect(s3, section=s3),
        *(Expect("\t".join(r), section=s3, row=True) for r in [KPI_HEADER, *KPI_ROWS[:3]]),
    ]
    return Sample(
        path, expected, ["サイト共通ヘッダー", "ホーム", "アクセス解析", "関連リンク", "Copyright", "font-family"]
    )


# -- bad files -------------------------------------------------------------------------------------
def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4

    c = _canvas(path, A4, encrypt="user-password")
    c.setFont(MIN, 12)
    c.drawString(50, 700, PARAGRAPHS[0][:30])
    c.showPage()
    c.save()
    return path


def truncated_pdf(path: Path, source: Path) -> Path:
    raw = source.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return path


def image_only_pdf(path: Path) -> Path:
    """A "scan": two pages that are pictures of text, with no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader

    c = _canvas(path, A4)
    for _ in range(2):
        img = Image.new("L", (400, 560), 255)
        draw = ImageDraw.Draw(img)
        for y in range(40, 520, 24):
            draw.rectangle((30, y, 370, y + 10), fill=0)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        c.drawImage(ImageReader(buf), 50, 100, width=400, height=560)
        c.showPage()
    c.save()
    return path


def zip_as_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "これはWord文書ではありません。")
    return path


# -- a PDF version of a corpus document -------------------------------------------------------------
@dataclass
class TableSpec:
    """A ruled table drawn in place of some text lines: rows, column widths, merged first-column runs."""

    rows: list[list[str]]
    widths: list[float]
    spans: list[tuple[int, int]] = field(default_factory=list)  # (first row, last row) merged in column 0


def pdf_from_text(path: Path, pages: list[list[str | TableSpec]], *, size: float = 8, title: str | None = None) -> Path:
    """Each page's lines drawn one per line (blank lines as space), tables as ruled tables."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    w, h = 1190, 1800  # tall pages, so that no page of the text has to be split
    c = _canvas(path, (w, h), title=title)
    style = ParagraphStyle("cell", fontName=MIN, fontSize=size, leading=size * 1.25, wordWrap="CJK")
    for page in pages:
        y = h - 40
        for item in page:
            if isinstance(item, TableSpec):
                t = Table([[Paragraph(x, style) for x in r] for r in item.rows], colWidths=item.widths)
                commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
                commands += [("SPAN", (0, a), (0, b)) for a, b in item.spans]
                t.setStyle(TableStyle(commands))
                _, th = t.wrapOn(c, sum(item.widths), h)
                y -= size
                t.drawOn(c, 40, y - th)
                y -= th + 2 * size
                continue
            if item.strip():
                c.setFont(MIN, size)
                c.drawString(40, y, item.strip())
            y -= size * 1.25
        c.showPage()
    c.save()
    return path


def text_pages(text: str) -> list[list[str | TableSpec]]:
    """A text extraction's pages (runs of three or more blank lines apart), as lists of lines."""
    pages = re.split(r"\n(?:[ \t\u3000]*\n){3,}", text.strip("\n"))
    return [p.split("\n") for p in pages]
