"""Word (.docx) loader (python-docx): paragraphs, headings (the sections) and tables, in document order.

Each paragraph is one line, each table row one line with its cells tab-separated (the first row is the
header); a heading starts a section, and every line below it maps to that section until the next one.
Title, publisher and date come from the core properties (and the company in ``docProps/app.xml``),
else from the first heading and the first lines.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from assistant.ingest.formats.base import Extracted, LineWriter, UnreadableFile, title_block, usable_title

_HEADING_STYLE = re.compile(r"^(?:heading|見出し)\s*([0-9]+)$|^(?:title|表題)$", re.IGNORECASE)


def load_docx(path: Path) -> Extracted:
    """Text, section map and metadata of one .docx; raises `UnreadableFile` with the reason."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        raise UnreadableFile(
            "not a Word document, or a truncated one (a .docx is a zip package; this file is not a whole one)"
        )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableFile(f"not a Word document (no word/document.xml in the package): {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx raises lxml and zip errors of many kinds on damaged files
        raise UnreadableFile(f"damaged Word document: {type(exc).__name__}: {exc}") from exc
    writer = LineWriter()
    first_heading: str | None = None
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            writer.blank()
            writer.table(_rows(block))
            writer.blank()
            continue
        text = block.text.strip()
        if not text:
            continue
        if _is_heading(block):
            first_heading = first_heading or text
            writer.blank()
            writer.at(section=text, heading=True)
            writer.write(text)
            continue
        for line in text.split("\n"):  # a manual line break (Shift+Enter) starts a new line
            if line.strip():
                writer.write(line.strip())
    return writer.result("docx", _metadata(document, path, first_heading, writer.lines), [])


def _is_heading(paragraph: Any) -> bool:
    name = paragraph.style.name if paragraph.style is not None else ""
    if _HEADING_STYLE.match(name or ""):
        return True
    level = paragraph.paragraph_format.element.pPr
    outline = (
        level.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")
        if level is not None
        else None
    )
    return outline is not None


def _rows(table: Any) -> list[list[str]]:
    """Cells of each row; a horizontally merged cell counts once, a vertically merged one repeats its text."""
    rows = []
    for row in table.rows:
        cells, seen = [], []
        for cell in row.cells:
            if any(cell._tc is s for s in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell.text)
        rows.append(cells)
    return rows


def _company(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as z:
            app = z.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    m = re.search(r"<(?:\w+:)?Company>([^<]+)</", app)
    return m.group(1).strip() if m else None


def _metadata(document: Any, path: Path, heading: str | None, lines: list[str]) -> dict[str, str]:
    props = document.core_properties
    block = title_block(lines)
    out = {
        "title": usable_title(props.title) or heading or "",
        "publisher": _company(path) or block.get("publisher", ""),
        "date": block.get("date", ""),
    }
    if not out["date"] and props.created is not None:
        out["date"] = props.created.strftime("%Y-%m-%d")
    return out
