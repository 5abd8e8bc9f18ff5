"""A citation's passage as Markdown with its quoted sentence highlighted (whole or an excerpt)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from ui.markdown_text import md_escape


def _squeezed(text: str) -> tuple[str, list[int]]:
    """NFKC-normalised text without whitespace, and for each of its characters the index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for n in unicodedata.normalize("NFKC", ch):
            if not n.isspace():
                chars.append(n)
                index.append(i)
    return "".join(chars), index


def _find(text: str, quote: str) -> tuple[int, int] | None:
    quote = quote.strip()
    if not quote:
        return None
    pos = text.find(quote)
    if pos >= 0:
        return pos, pos + len(quote)
    s, index = _squeezed(text)
    q, _ = _squeezed(quote)
    if len(q) < 2:
        return None
    pos = s.find(q)
    if pos < 0:
        return None
    return index[pos], index[pos + len(q) - 1] + 1


def quote_spans(
    text: str,
    quote: str | None,
    *,
    line_start: int | None = None,
    quote_line_start: int | None = None,
    quote_line_end: int | None = None,
) -> list[tuple[int, int]]:
    """Character spans of ``text`` to highlight for ``quote``.

    Tries the quote verbatim, then ignoring whitespace and width (NFKC), then its pieces (a quote may
    join sentences with ``…``), and finally the quote's line numbers within the passage.
    """
    if quote:
        found = _find(text, quote)
        if found:
            return [found]
        pieces = [p for p in re.split(r"[…\n]+|\.\.\.", quote) if len(p.strip()) >= 4]
        spans = [s for s in (_find(text, p) for p in pieces) if s]
        if spans:
            return sorted(spans)
    if line_start and quote_line_start and quote_line_end and quote_line_end >= quote_line_start:
        lines = text.split("\n")
        first = quote_line_start - line_start
        last = quote_line_end - line_start
        if 0 <= first < len(lines):
            offsets = [0]
            for ln in lines:
                offsets.append(offsets[-1] + len(ln) + 1)
            last = min(last, len(lines) - 1)
            return [(offsets[first], offsets[last] + len(lines[last]))]
    return []


def highlight_markdown(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The passage as Markdown, line breaks kept, document text escaped, ``spans`` marked.

    Highlighted parts are bold on an orange background (``:orange-background[**…**]``).
    """
    marked = [False] * len(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(text))):
            marked[i] = True
    out_lines: list[str] = []
    pos = 0
    blank = False
    for line in text.split("\n"):
        segs: list[tuple[bool, str]] = []
        for i, ch in enumerate(line):
            flag = marked[pos + i] if pos + i < len(marked) else False
            if segs and segs[-1][0] == flag:
                segs[-1] = (flag, segs[-1][1] + ch)
            else:
                segs.append((flag, ch))
        pos += len(line) + 1
        rendered = ""
        for k, (flag, seg) in enumerate(segs):
            seg = re.sub(r"[ \t\u3000]+", " ", seg)
            if k == 0:
                seg = seg.lstrip()
            if k == len(segs) - 1:
                seg = seg.rstrip()
            if not seg:
                continue
            if flag and seg.strip():
                lead = " " if seg[0] == " " and rendered else ""
                trail = " " if seg[-1] == " " else ""
                rendered += f"{lead}:orange-background[**{md_escape(seg.strip())}**]{trail}"
            else:
                rendered += md_escape(seg)
        if not rendered.strip():
            blank = bool(out_lines)
            continue
        if blank:
            out_lines.append("")
            blank = False
        out_lines.append(rendered)
    # Two trailing spaces make a hard line break; an empty line makes a paragraph.
    md = ""
    for i, ln in enumerate(out_lines):
        if i:
            md += "\n" if ln == "" or out_lines[i - 1] == "" else "  \n"
        md += ln
    return md


def _citation_spans(c: dict[str, Any]) -> list[tuple[int, int]]:
    return quote_spans(
        c.get("text") or "",
        c.get("quote"),
        line_start=c.get("line_start"),
        quote_line_start=c.get("quote_line_start"),
        quote_line_end=c.get("quote_line_end"),
    )


def passage_markdown(c: dict[str, Any]) -> str:
    """A citation's whole passage with its quoted sentence highlighted."""
    return highlight_markdown(c.get("text") or "", _citation_spans(c))


def passage_excerpt(c: dict[str, Any], *, context: int = 3, max_lines: int = 14) -> tuple[str, int, int] | None:
    """For a long passage: the quote and ``context`` lines around it, highlighted, with its line range.

    None when the passage is short enough to show whole, or the quote cannot be located.
    """
    text = c.get("text") or ""
    lines = text.split("\n")
    if sum(1 for ln in lines if ln.strip()) <= max_lines:
        return None
    spans = _citation_spans(c)
    if not spans:
        return None
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)

    def line_of(pos: int) -> int:
        return max(i for i in range(len(lines)) if offsets[i] <= pos)

    first = line_of(min(a for a, _ in spans))
    last = line_of(max(b for _, b in spans) - 1)
    # `context` non-empty lines either side (blank lines do not count).
    lo, seen = first, 0
    while lo > 0 and seen < context:
        lo -= 1
        seen += bool(lines[lo].strip())
    hi, seen = last, 0
    while hi < len(lines) - 1 and seen < context:
        hi += 1
        seen += bool(lines[hi].strip())
    if lo == 0 and hi == len(lines) - 1:
        return None
    a, b = offsets[lo], offsets[hi] + len(lines[hi])
    shifted = [(max(x, a) - a, min(y, b) - a) for x, y in spans if y > a and x < b]
    start = (c.get("line_start") or 1) + lo
    return highlight_markdown(text[a:b], shifted), start, start + (hi - lo)
