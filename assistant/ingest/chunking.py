"""Japanese-aware chunking with provenance.

A document is cut into *pieces* (sentences within a line), pieces are grouped into *units* that
must stay together (a sentence wrapped over several PDF lines), and units are packed into chunks
of about ``size`` characters. Cuts fall on sentence ends (。！？), headings and slide titles,
bullets, numbered items and table rows; a sentence is cut only when it alone exceeds ``max_size``.
Each chunk's ``text`` is a verbatim slice of the original file, its lines 1-based.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.text.normalize import content_offset, has_line_numbers, is_noise, normalize
from assistant.types import Chunk, Document

_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[」』）)\]】]*|[^。！？!?]+$")
_SENTENCE_END = re.compile(r"[。！？!?][」』）)\]】]*$|[」』]$")
_BULLET = re.compile(
    r"^(?:[-‐・･○◯●◎■□◆◇▲△▼▽★☆✓✔※＊*►▶→⇒【<＜《〈]|"
    r"[①-⑳⑴-⒇❶-❿➀-➉]|[(（]\s*[0-9０-９一二三四五六七八九十]+\s*[)）]|"
    r"[0-9０-９]{1,2}\s*[.．、)）]\s*\S|第[0-9０-９一二三四五六七八九十]+[章節部回]|"
    r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|[a-zA-Zａ-ｚＡ-Ｚ][.．)）]\s)"
)
_HEADING = re.compile(
    r"^(?:第[0-9０-９一二三四五六七八九十]+[章節部]|[0-9０-９]{1,2}[.．]\s*[^\d\s]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s|"
    r"[(（][0-9０-９]{1,2}[)）]\s*\S|[①-⑳]\s*\S|【[^】]{1,30}】$|■\s*\S|～コラム|<[^>]{1,30}>$|＜[^＞]{1,30}＞$)"
)


@dataclass
class _Piece:
    line: int  # 1-based
    start: int  # offsets into the document text
    end: int
    clean: str


@dataclass
class _Unit:
    pieces: list[_Piece]
    heading: bool = False

    @property
    def clean(self) -> str:
        return "".join(p.clean for p in self.pieces)

    def __len__(self) -> int:
        return sum(len(p.clean) for p in self.pieces)


def _sentence_spans(body: str) -> list[tuple[int, int]]:
    """Sentence spans of one line; 「国土を考える！若手意見交換会」 stays whole: a quote is one name."""
    spans: list[tuple[int, int]] = []
    depth = 0
    for m in _SENTENCE.finditer(body):
        if spans and depth > 0:
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
        raw = m.group(0)
        depth = max(0, depth + raw.count("「") + raw.count("『") - raw.count("」") - raw.count("』"))
    return spans


def _line_pieces(text: str, line_no: int, line_start: int, offset: int) -> list[_Piece]:
    pieces = []
    body = text[offset:]
    for m_start, m_end in _sentence_spans(body):
        raw = body[m_start:m_end]
        if not raw.strip():
            continue
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        start = line_start + offset + m_start + lead
        end = line_start + offset + m_end - trail
        clean = normalize(raw)
        if clean:
            pieces.append(_Piece(line_no, start, end, clean))
    return pieces


def _is_value_line(clean: str) -> bool:
    digits = sum(ch.isdigit() for ch in clean)
    return digits / max(len(clean), 1) > 0.2 or "→" in clean


def _is_heading(clean: str, prev_blank: bool, next_blank: bool) -> bool:
    if len(clean) > 40 or "。" in clean or clean.endswith(("、", ",", "，")) or is_noise(clean):
        return False
    # Value lines ("16,427千人(R5) → 16,920千人(R11)", "52.0% (R5)") are neither headings nor titles.
    if _is_value_line(clean):
        return False
    if _HEADING.match(clean):
        return True
    # Slide titles: a short line standing alone between blank lines (bulleted items are not titles).
    return prev_blank and next_blank and 4 <= len(clean) <= 30 and not _BULLET.match(clean)


def _units(doc: Document) -> list[_Unit]:
    """Group a document's sentence pieces into units that must not be split."""
    return _units_of(doc.lines, has_line_numbers(doc.lines), headings=doc.heading_lines())


def _units_of(
    lines: list[str], numbered: bool, first_line: int = 1, headings: frozenset[int] = frozenset()
) -> list[_Unit]:
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1  # the "\n"; a trailing "\r" stays inside the line's slice
    # Each line's cleaned content, once: the loop looks at a line up to four times (itself, and as
    # the next line of the two before it), and normalising was most of the chunking time.
    cleans = [normalize(ln[content_offset(ln, numbered) :]) for ln in lines]
    units: list[_Unit] = []
    open_unit: _Unit | None = None
    blank_before = True
    for i, raw in enumerate(lines):
        offset = content_offset(raw, numbered)
        clean_line = cleans[i]
        next_clean = ""
        for j in range(i + 1, min(i + 3, len(lines))):
            next_clean = cleans[j]
            if next_clean and not is_noise(next_clean):
                break
        next_blank = i + 1 >= len(lines) or not cleans[i + 1]
        if not clean_line or is_noise(clean_line):
            if not clean_line:
                open_unit = None  # a blank line ends any wrapped sentence
            blank_before = not clean_line or blank_before
            continue
        pieces = _line_pieces(raw, first_line + i, starts[i], offset)
        if not pieces:
            continue
        block_start = blank_before or bool(_BULLET.match(clean_line)) or "\t" in raw[offset:]
        # Word and HTML files say which lines are headings; the patterns guess for text and PDF.
        heading = first_line + i in headings or _is_heading(clean_line, blank_before, next_blank)
        if open_unit is not None and not block_start and not heading:
            # Continuation of a sentence wrapped onto this line.
            first, *rest = pieces
            open_unit.pieces.append(first)
            pieces = rest
            if _SENTENCE_END.search(first.clean):
                open_unit = None
        for k, piece in enumerate(pieces):
            unit = _Unit([piece], heading=heading and k == 0 and len(pieces) == 1)
            units.append(unit)
            open_unit = unit
        # The line may end mid-sentence; the next line continues it unless something starts there.
        last = units[-1] if units else None
        ends_sentence = bool(_SENTENCE_END.search(clean_line))
        next_starts_block = bool(_BULLET.match(next_clean)) or next_blank or "\t" in raw[offset:]
        short_line = len(clean_line) < 30
        if last is None or ends_sentence or next_starts_block or short_line or heading:
            open_unit = None
        else:
            open_unit = last
        blank_before = False
    return units


@dataclass(frozen=True)
class Sentence:
    """A sentence (or bullet, row, title) of a passage: original span, lines, cleaned words."""

    line_start: int
    line_end: int
    start: int  # offsets into the text it was split from
    end: int
    clean: str


def split_sentences(text: str, first_line: int = 1, numbered: bool = False) -> list[Sentence]:
    """Split a passage into the same sentence units the chunker uses, wrapped lines joined.

    Example:
        >>> [s.clean for s in split_sentences("補助率は1/2以内。上限は500万円。")]
        ['補助率は1/2以内。', '上限は500万円。']
    """
    from assistant.types import split_lines

    out = []
    for unit in _units_of(split_lines(text), numbered, first_line):
        ps = unit.pieces
        out.append(Sentence(ps[0].line, max(p.line for p in ps), ps[0].start, max(p.end for p in ps), unit.clean))
    return out


def _is_label(unit: _Unit) -> bool:
    """A short line with no sentence end, such as a KPI name above its values."""
    clean = unit.clean
    return (
        len(unit.pieces) == 1
        and len(clean) <= 40
        and not _SENTENCE_END.search(clean)
        and not unit.heading
        and not _is_value_line(clean)
    )


def _chunk_id(doc_id: str, line_start: int, text: str) -> str:
    return hashlib.sha256(f"{doc_id}\n{line_start}\n{text}".encode()).hexdigest()[:16]


def _split_long(unit: _Unit, max_size: int) -> list[_Unit]:
    """Cut a unit longer than ``max_size`` at piece ends, and a single long piece by characters."""
    out: list[_Unit] = []
    current: list[_Piece] = []
    for piece in unit.pieces:
        if len(piece.clean) > max_size:
            if current:
                out.append(_Unit(current))
                current = []
            # Raw and clean lengths differ; cut the raw span proportionally at character positions.
            raw_len = piece.end - piece.start
            n = -(-len(piece.clean) // max_size)
            for k in range(n):
                s = piece.start + raw_len * k // n
                e = piece.start + raw_len * (k + 1) // n
                c0, c1 = len(piece.clean) * k // n, len(piece.clean) * (k + 1) // n
                out.append(_Unit([_Piece(piece.line, s, e, piece.clean[c0:c1])]))
            continue
        if current and sum(len(p.clean) for p in current) + len(piece.clean) > max_size:
            out.append(_Unit(current))
            current = []
        current.append(piece)
    if current:
        out.append(_Unit(current))
    return out


def chunk_document(doc: Document, size: int = 400, max_size: int = 600, overlap: int = 80) -> list[Chunk]:
    """Cut one document into chunks of about ``size`` normalised characters.

    Example:
        >>> from assistant.types import Document
        >>> d = Document("x.txt", "x", None, None, "■補助率\\n補助率は1/2以内。上限は500万円。", "utf-8", "")
        >>> [c.heading for c in chunk_document(d)]
        ['■補助率']
    """
    max_size = max(max_size, size)
    units: list[_Unit] = []
    for unit in _units(doc):
        units.extend(_split_long(unit, max_size) if len(unit) > max_size else [unit])
    headings: list[str] = []  # nearest heading above each unit
    current_heading = ""
    for unit in units:
        if unit.heading:
            current_heading = unit.clean
        headings.append(current_heading)

    groups: list[tuple[int, int]] = []  # [start, end) unit indexes
    start, length = 0, 0
    for i, unit in enumerate(units):
        n = len(unit)
        if i > start:
            before_heading = unit.heading and length >= size * 0.3
            too_long = length + n > size and (length >= size * 0.5 or length + n > max_size)
            if before_heading or too_long:
                cut = i
                if not unit.heading:
                    # A short label line ("○新規高卒者管内企業就職率") belongs with the values below it.
                    while cut > max(start + 1, i - 2) and _is_label(units[cut - 1]):
                        cut -= 1
                groups.append((start, cut))
                # Overlap: carry trailing units of the previous chunk, never across a heading.
                back, carried = cut, 0
                while (
                    not units[cut].heading
                    and back - 1 > start
                    and carried + len(units[back - 1]) <= overlap
                    and carried + len(units[back - 1]) + n <= max_size
                ):
                    back -= 1
                    carried += len(units[back])
                start, length = back, carried + sum(len(u) for u in units[cut:i])
        length += n
    if start < len(units):
        groups.append((start, len(units)))

    chunks = []
    for s, e in groups:
        pieces = [p for u in units[s:e] for p in u.pieces]
        char_start, char_end = pieces[0].start, max(p.end for p in pieces)
        text = doc.text[char_start:char_end]
        line_start, line_end = pieces[0].line, max(p.line for p in pieces)
        search_text = " ".join(u.clean for u in units[s:e])  # units are clean; keep their boundaries
        heading = units[s].clean if units[s].heading else headings[s]
        first, last = doc.where(line_start), doc.where(line_end)
        chunks.append(
            Chunk(
                chunk_id=_chunk_id(doc.doc_id, line_start, text),
                doc=doc.doc_id,
                title=doc.title,
                heading=heading,
                line_start=line_start,
                line_end=line_end,
                text=text,
                search_text=search_text,
                char_start=char_start,
                char_end=char_end,
                page=first.page if first else None,
                page_end=last.page if last else None,
                section=first.section if first else None,
            )
        )
    return chunks
