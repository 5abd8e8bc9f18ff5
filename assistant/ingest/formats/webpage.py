"""HTML loader (the standard library's html.parser): headings, paragraphs, list items and tables.

Navigation, scripts, styles, forms and page chrome (``nav``, ``header``, ``footer``, ``aside``) are dropped.
Each block element is one line (a ``<br>`` starts a new one), each table row one line with its cells
tab-separated (the first row is the header); ``h1``-``h6`` start sections. Title, publisher and date come
from ``<title>`` and ``<meta>`` (author, publisher, dates), else from the first heading and lines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from assistant.ingest.formats.base import Extracted, LineWriter, UnreadableFile, date_in, title_block, usable_title
from assistant.ingest.formats.text import decode

_DROP = {
    "script",
    "style",
    "nav",
    "noscript",
    "template",
    "svg",
    "form",
    "header",
    "footer",
    "aside",
    "button",
    "select",
    "iframe",
}
_BLOCK = {
    "p", "div", "li", "dt", "dd", "blockquote", "pre", "section", "article", "main", "ul", "ol", "dl",
    "figure", "figcaption", "caption", "address", "body", "hr",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "col", "area", "base", "embed", "param", "track"}
_META_PUBLISHER = ("publisher", "author", "dc.publisher", "dcterms.publisher", "dc.creator")
_META_DATE = ("date", "dc.date", "dcterms.date", "dcterms.issued", "dcterms.modified", "article:published_time")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = LineWriter()
        self.buf = ""
        self.drop = 0  # depth inside a dropped element, counting only its own tag (end tags of <li>, <p> are optional)
        self.drop_tag = ""
        self.title: str | None = None
        self.in_title = False
        self.heading: str | None = None  # tag of the open heading
        self.first_heading: str | None = None
        self.meta: dict[str, str] = {}
        self.table: list[list[str]] | None = None
        self.tables: list[list[list[str]]] = []  # outer tables while a nested one is open
        self.cell: str | None = None

    # -- text ------------------------------------------------------------------------------
    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\f]+", " ", self.buf).strip()
        self.buf = ""
        if not text:
            return
        if self.heading:
            self.first_heading = self.first_heading or text
            self.out.blank()
            self.out.at(section=text, heading=True)
        self.out.write(text)

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.in_title:
            self.title = (self.title or "") + data
        elif self.cell is not None:
            self.cell += data
        else:
            self.buf += data

    # -- tags ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"].strip())
            return
        if tag in _VOID and tag != "br":
            return
        if self.drop:
            self.drop += tag == self.drop_tag
            return
        if tag in _DROP or a.get("hidden") is not None or a.get("role") == "navigation":
            self.drop, self.drop_tag = 1, tag
            return
        if tag == "title":
            self.in_title = True
        elif tag == "br":
            if self.cell is not None:
                self.cell += " "
            else:
                self.flush()
        elif tag == "table":
            self.flush()
            if self.table is not None:
                self.tables.append(self.table)
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            if not self.table:
                self.table.append([])
            self.cell = ""
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        elif tag in _HEADINGS or tag in _BLOCK:
            if self.cell is None:
                self.flush()
            if tag in _HEADINGS:
                self.heading = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.drop:
            self.drop -= tag == self.drop_tag
            return
        if tag == "title":
            self.in_title = False
        elif tag in ("td", "th") and self.table is not None and self.cell is not None:
            self.table[-1].append(re.sub(r"\s+", " ", self.cell).strip())
            self.cell = None
        elif tag == "table" and self.table is not None:
            rows = [r for r in self.table if any(r)]
            if self.tables:  # a nested table's text joins the outer cell
                self.table = self.tables.pop()
                self.cell = (self.cell or "") + " ".join(" ".join(r) for r in rows)
                return
            self.table = None
            self.out.blank()
            self.out.table(rows)
            self.out.blank()
        elif tag in _HEADINGS or tag in _BLOCK:
            if self.cell is None:
                self.flush()
            if tag in _HEADINGS:
                self.heading = None
                self.out.blank()


def load_html(path: Path) -> Extracted:
    """Text, section map and metadata of one HTML page; raises `UnreadableFile` with the reason."""
    raw = path.read_bytes()
    text = _decode(raw)
    if "<" not in text:
        raise UnreadableFile("not HTML (no tags)")
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.flush()
    m = reader.meta
    block = title_block(reader.out.lines)
    meta = {
        "title": usable_title(re.sub(r"\s+", " ", reader.title or "")) or reader.first_heading or "",
        "publisher": next((m[k] for k in _META_PUBLISHER if m.get(k)), "") or block.get("publisher", ""),
        "date": next((d for k in (*_META_DATE, "time") if m.get(k) and (d := date_in(m[k]))), None)
        or block.get("date", ""),
    }
    return reader.out.result("html", meta, [])


def _decode(raw: bytes) -> str:
    """Bytes to text: the charset the page declares, else detected like a text file."""
    head = raw[:4096].decode("ascii", "replace")
    m = re.search(r"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", head, re.IGNORECASE)
    if m:
        try:
            return raw.decode(m.group(1).lower().replace("shift_jis", "cp932").replace("x-sjis", "cp932"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(raw)[0]
