"""PDF loader (pdfplumber / pdfminer.six, MIT): text in reading order with page numbers, tables as rows.

- Japanese CID fonts are decoded through pdfminer's CMaps (Adobe-Japan1: HeiseiMin, HeiseiKakuGo, MS Mincho, ...).
- Tables with ruling lines come out as one line per row, cells tab-separated, the header row first; a table
  that runs over a page break is one table (a header row repeated on the next page is dropped).
- Running headers and footers (the same line in the margin of most pages) and bare page numbers are removed.
- Two-column pages are read column by column; vertical text is reported in the document's notes.
- Pages are separated by three blank lines (as in the corpus' text extractions).
- A PDF without any text layer is refused as needing OCR; an encrypted or damaged one is refused by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.ingest.formats.base import Extracted, LineWriter, UnreadableFile, date_in, title_block, usable_title
from assistant.ingest.formats.pdf_layout import PageLayout, Para, TableBlock, read_page

_PAGE_NUMBER = re.compile(
    r"^[-‐–—−\s]*(?:p\.?|P\.?|ページ|頁)?\s*[0-9０-９]{1,4}\s*(?:[/／]\s*[0-9０-９]{1,4})?\s*[-‐–—−]?\s*(?:ページ|頁)?\s*$"
)
_PAGE_GAP = 3  # blank lines between pages


def load_pdf(path: Path) -> Extracted:
    """Text, page map, metadata and notes of one PDF; raises `UnreadableFile` with the reason."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    raw = path.read_bytes()
    if not raw.strip():
        raise UnreadableFile("empty file")
    if b"%PDF-" not in raw[:1024]:
        raise UnreadableFile("not a PDF (no %PDF header)")
    if b"%%EOF" not in raw[-2048:]:
        raise UnreadableFile("truncated PDF (no end-of-file marker): download it again")
    try:
        with pdfplumber.open(path) as pdf:
            meta = dict(pdf.metadata or {})
            pages = [read_page(page, i) for i, page in enumerate(pdf.pages, start=1)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableFile(f"encrypted PDF (password needed): {type(exc).__name__}") from exc
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableFile(f"encrypted PDF (password needed): {type(cause).__name__}") from exc
        raise UnreadableFile(f"damaged PDF: {cause}") from exc
    except (PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise UnreadableFile(f"damaged PDF: {type(exc).__name__}: {exc}") from exc
    if not pages:
        raise UnreadableFile("PDF has no pages")
    if sum(p.chars for p in pages) == 0:
        scanned = sum(1 for p in pages if p.images)
        raise UnreadableFile(
            f"scanned PDF without a text layer ({len(pages)} pages, {scanned} with images): needs OCR before indexing"
        )
    notes = _notes(pages)
    _drop_running_lines(pages)
    writer = LineWriter()
    _write_pages(writer, pages)
    return writer.result("pdf", _metadata(meta, pages), notes)


def _notes(pages: list[PageLayout]) -> list[str]:
    notes = []
    ocr = [p.number for p in pages if p.chars == 0]
    if ocr:
        notes.append(f"pages without a text layer (need OCR): {_ranges(ocr)}")
    two = [p.number for p in pages if p.columns]
    if two:
        notes.append(f"two-column pages, read column by column: {_ranges(two)}")
    vertical = [p.number for p in pages if p.vertical > 0.2 * max(p.chars, 1)]
    if vertical:
        notes.append(f"vertical or rotated text, read as horizontal lines (check the order): pages {_ranges(vertical)}")
    return notes


def _ranges(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _key(text: str) -> str:
    """A running line's identity across pages: width-folded; in short lines, digits (page numbers) masked.

    Long lines keep their digits, so footnotes that differ only in their numbers are not taken as repeats.
    """
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"[0-9]+", "#", folded) if len(folded) <= 30 else folded


def _drop_running_lines(pages: list[PageLayout]) -> None:
    """Remove bare page numbers in the margins and lines repeated in the margins of most pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(i.text) for i in page.items if isinstance(i, Para) and page.in_margin(i)})
    need = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in counts.items() if n >= need}
    for page in pages:
        page.items = [
            i
            for i in page.items
            if not (
                isinstance(i, Para) and page.in_margin(i) and (_key(i.text) in running or _PAGE_NUMBER.match(i.text))
            )
        ]


def _same_row(a: list[str], b: list[str]) -> bool:
    return [_key(c) for c in a] == [_key(c) for c in b]


def _write_pages(writer: LineWriter, pages: list[PageLayout]) -> None:
    header: list[str] | None = None  # header row of a table that ended the previous page
    for page in pages:
        items = list(page.items)
        first = items[0] if items else None
        previous: Para | TableBlock | None = None
        if header is not None and isinstance(first, TableBlock) and first.rows and len(first.rows[0]) == len(header):
            rows = first.rows[1:] if _same_row(first.rows[0], header) else first.rows
            writer.at(page=page.number)
            writer.table(rows)  # the rows go on under the table of the previous page, without a gap
            items, previous = items[1:], first
            if not items:
                continue  # the table may go on over the next page too
        else:
            writer.blank(_PAGE_GAP)
            writer.at(page=page.number)
        for item in items:
            if previous is not None and _gap(previous, item):
                writer.blank()
            if isinstance(item, TableBlock):
                writer.table(item.rows)
            else:
                writer.write(item.text)
            previous = item
        last = items[-1] if items else None
        header = last.rows[0] if isinstance(last, TableBlock) and last.rows else None


def _gap(a: Para | TableBlock, b: Para | TableBlock) -> bool:
    """A blank line between two items: around tables, between regions, and where the page leaves space."""
    if isinstance(a, TableBlock) or isinstance(b, TableBlock) or a.region != b.region:
        return True
    return b.top - a.bottom > 0.8 * a.size or b.top < a.top


def _metadata(meta: dict[str, Any], pages: list[PageLayout]) -> dict[str, str]:
    """Title, publisher and date: the PDF's metadata, else the first page's title block."""
    first = [i for i in (pages[0].items if pages else []) if isinstance(i, Para)]
    out: dict[str, str] = {}
    title = usable_title(_text(meta.get("Title")))
    if title is None and first:
        big = max(p.size for p in first)
        title = " ".join(p.text for p in first if p.size >= big - 0.5 and len(p.text) <= 120)[:200] or None
    if title:
        out["title"] = title
    block = title_block([p.text for p in first])
    author = _text(meta.get("Author"))
    if block.get("publisher"):
        out["publisher"] = block["publisher"]
    elif author and re.search(r"(省|庁|府|局|県|市|町|村|委員会|機構)$", author):
        out["publisher"] = author
    created = _text(meta.get("CreationDate"))
    date = block.get("date") or (date_in(f"{created[2:6]}年{created[6:8]}月") if created.startswith("D:") else None)
    if date:
        out["date"] = date
    return out


def _text(value: Any) -> str:
    """A metadata value as text (pdfminer gives bytes for some producers)."""
    if isinstance(value, bytes):
        for enc in ("utf-16", "utf-8", "cp932", "latin-1"):
            try:
                return value.decode(enc).strip()
            except UnicodeDecodeError:
                continue
    return str(value).strip() if value is not None else ""
