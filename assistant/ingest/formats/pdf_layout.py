"""One PDF page in reading order: tables found by their ruling lines, text lines, columns, paragraphs.

Order: the page is cut into bands by whatever spans the whole width (a title, a full-width table, the
footnotes); inside a band of a two-column page the left column is read before the right one. Lines
are joined into paragraphs when a line runs to its column's right edge and the next one follows
closely in the same size (Japanese wraps without hyphens, so wrapped lines join without a space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: Share of the page height at the top and the bottom where running headers, footers and page numbers live.
MARGIN = 0.085
_BULLET = re.compile(r"^[・･●○◯◎■□◆◇▲△▼▽★☆※\-‐–—*＊►▶→⇒①-⑳❶-❿【〈《(（]|^[0-9０-９]{1,2}[.．、)）]")


@dataclass
class Para:
    """A paragraph (one or more visual lines joined) in one region of the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    region: str = "full"  # full, left, right


@dataclass
class TableBlock:
    """A ruled table: rows of cell strings (None for a cell covered by a merged one)."""

    rows: list[list[str]]
    x0: float
    x1: float
    top: float
    bottom: float
    region: str = "full"


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    items: list[Para | TableBlock] = field(default_factory=list)
    chars: int = 0
    images: int = 0
    columns: bool = False
    vertical: int = 0  # characters not upright (vertical writing or rotated text)

    def in_margin(self, item: Para | TableBlock) -> bool:
        """True for an item wholly inside the top or bottom margin band."""
        return item.bottom <= self.height * MARGIN or item.top >= self.height * (1 - MARGIN)


def join_wrapped(a: str, b: str) -> str:
    """Join a wrapped line to the next: a space only between two Latin letters or digits.

    Example:
        >>> join_wrapped("地域生活圏の", "形成"), join_wrapped("local", "area")
        ('地域生活圏の形成', 'local area')
    """
    if not a:
        return b
    if not b:
        return a
    if re.match(r"[A-Za-z0-9,.;:)]", a[-1]) and re.match(r"[A-Za-z0-9(]", b[0]):
        return f"{a} {b}"
    return a + b


def _cell(text: str | None) -> str:
    """A table cell's lines joined as wrapped text."""
    out = ""
    for part in (text or "").split("\n"):
        out = join_wrapped(out, part.strip())
    return out


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def _gutter(words: list[dict[str, Any]], width: float) -> float | None:
    """The x of the gap between two text columns, or None for a one-column page.

    Two columns need: a vertical band near the middle that few words cross, several lines on each
    side standing side by side, and left-column lines that mostly run up to the gap (as justified
    text does; a list of short labels with values to their right is not two columns).
    """
    if len(words) < 6:
        return None
    best, best_cross = None, None
    for x in range(int(width * 0.3), int(width * 0.7)):
        cross = sum(1 for w in words if w["x0"] < x < w["x1"])
        if (
            best_cross is None
            or cross < best_cross
            or (cross == best_cross and abs(x - width / 2) < abs(best - width / 2))
        ):
            best, best_cross = x, cross
    assert best is not None and best_cross is not None
    left = [w for w in words if w["x1"] <= best]
    right = [w for w in words if w["x0"] >= best]
    if len(left) < 3 or len(right) < 3 or best_cross > 0.2 * min(len(left), len(right)):
        return None
    overlap = min(max(w["bottom"] for w in left), max(w["bottom"] for w in right)) - max(
        min(w["top"] for w in left), min(w["top"] for w in right)
    )
    if overlap <= 0:
        return None
    edge = max(w["x1"] for w in left)
    full = sum(1 for w in left if w["x1"] >= edge - 0.08 * width)
    return float(best) if full >= 0.5 * len(left) else None


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into visual lines (tops within half a character of each other), top to bottom."""
    rows: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 0.5 * min(rows[-1][0]["size"], w["size"]):
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w["x0"]) for r in rows]


def _line(words: list[dict[str, Any]], region: str) -> Para:
    text = ""
    for prev, w in zip([None, *words[:-1]], words, strict=True):
        if prev is None:
            text = w["text"]
            continue
        gap = w["x0"] - prev["x1"]
        # A visible gap inside a line separates cells of an unruled table or label and value.
        text += ("  " if gap > 2 * w["size"] else " ") + w["text"] if gap > 0.25 * w["size"] else w["text"]
    return Para(
        text.strip(),
        min(w["x0"] for w in words),
        max(w["x1"] for w in words),
        min(w["top"] for w in words),
        max(w["bottom"] for w in words),
        max(w["size"] for w in words),
        region,
    )


def _paragraphs(lines: list[Para]) -> list[Para]:
    """Join wrapped lines of one region into paragraphs.

    A line counts as wrapped when it runs to the region's right margin, that margin is shared by
    other lines (a block of running text, not one long line among short ones), it does not end a
    sentence, and the next line follows closely in the same size and is no bullet or table row.
    """
    if not lines:
        return []
    right = max(ln.x1 for ln in lines)
    at_margin = [ln.x1 >= right - 1.5 * ln.size for ln in lines]
    if sum(at_margin) < 2:
        return list(lines)
    out = [lines[0]]
    wrapped = at_margin[0]
    for ln, full in zip(lines[1:], at_margin[1:], strict=True):
        prev = out[-1]
        follows = 0 <= ln.top - prev.bottom <= 0.7 * prev.size and abs(ln.size - prev.size) < 0.6
        ends = prev.text.endswith(("。", "！", "？", "：", ":")) or "  " in prev.text
        if wrapped and follows and not ends and not _BULLET.match(ln.text) and "  " not in ln.text:
            out[-1] = Para(
                join_wrapped(prev.text, ln.text),
                min(prev.x0, ln.x0),
                ln.x1,
                prev.top,
                ln.bottom,
                prev.size,
                prev.region,
            )
        else:
            out.append(ln)
        wrapped = full
    return out


def _dedupe(page: Any) -> Any:
    """Drop characters drawn twice on the same spot (fake bold); pdfplumber's own dedupe is quadratic on big pages."""
    first: dict[tuple[str, float, float], int] = {}
    for obj in page.chars:
        first.setdefault((obj["text"], round(obj["x0"], 1), round(obj["top"], 1)), id(obj))
    keep = set(first.values())
    if len(keep) == len(page.chars):
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in keep)


def read_page(page: Any, number: int) -> PageLayout:
    """Tables and paragraphs of one pdfplumber page, in reading order."""
    page = _dedupe(page)
    layout = PageLayout(number, float(page.width), float(page.height), chars=len(page.chars), images=len(page.images))
    layout.vertical = sum(1 for c in page.chars if not c.get("upright", True))
    tables = [t for t in page.find_tables() if len(t.rows) >= 1 and len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    words = text_page.extract_words(keep_blank_chars=True, use_text_flow=False, extra_attrs=["size"])
    words = [w for w in words if w["text"].strip()]
    body = [w for w in words if layout.height * MARGIN < w["top"] < layout.height * (1 - MARGIN)]
    gutter = _gutter(body, layout.width)
    layout.columns = gutter is not None

    def region(x0: float, x1: float) -> str:
        if gutter is None or (x0 < gutter < x1):
            return "full"
        return "left" if x1 <= gutter else "right"

    # Visual lines, split at the gutter; a line with a word across the gutter spans the page.
    items: list[Para | TableBlock] = []
    for row in _rows(words):
        if gutter is not None and not any(w["x0"] < gutter < w["x1"] for w in row):
            for side in ("left", "right"):
                part = [w for w in row if region(w["x0"], w["x1"]) == side]
                if part:
                    items.append(_line(part, side))
        else:
            items.append(_line(row, "full"))
    _footnotes_span(items)
    for t in tables:
        x0, top, x1, bottom = t.bbox
        rows = [[_cell(c) for c in r] for r in t.extract()]
        items.append(TableBlock(rows, x0, x1, top, bottom, region(x0, x1)))
    layout.items = _reading_order(items)
    return layout


def _footnotes_span(items: list[Para | TableBlock]) -> None:
    """Small print under both columns (footnotes) spans the page, though it may not cross the gutter."""
    sides = [i for i in items if isinstance(i, Para) and i.region != "full"]
    if not sides:
        return
    sizes = sorted(i.size for i in sides)
    body = sizes[len(sizes) // 2]
    for item in sides:
        other = [o.bottom for o in sides if o.region != item.region and o.size >= 0.9 * body]
        if item.size < 0.9 * body and other and item.top > max(other):
            item.region = "full"


def _reading_order(items: list[Para | TableBlock]) -> list[Para | TableBlock]:
    """Bands between full-width items; in each band, the left column, then the right; lines joined."""
    out: list[Para | TableBlock] = []
    band: dict[str, list[Para | TableBlock]] = {"left": [], "right": []}

    def flush_region(seq: list[Para | TableBlock]) -> None:
        run: list[Para] = []
        for item in seq:
            if isinstance(item, Para):
                run.append(item)
                continue
            out.extend(_paragraphs(run))
            run = []
            out.append(item)
        out.extend(_paragraphs(run))

    pending_full: list[Para | TableBlock] = []
    for item in sorted(items, key=lambda i: (i.top, i.x0)):
        if item.region == "full":
            if band["left"] or band["right"]:
                flush_region(pending_full)
                pending_full = []
                flush_region(band["left"])
                flush_region(band["right"])
                band = {"left": [], "right": []}
            pending_full.append(item)
        else:
            band[item.region].append(item)
    flush_region(pending_full)
    flush_region(band["left"])
    flush_region(band["right"])
    return out
