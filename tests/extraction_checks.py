"""How well a loaded file matches the `sample_files.Sample` it was made from: characters, rows, pages, sections."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from sample_files import Sample


# -- checks ----------------------------------------------------------------------------------------
def squash(text: str) -> str:
    """Width-folded text without whitespace; the wave dash the CID CMap gives back for ～ folded too."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("〜", "~")


@dataclass
class Figures:
    """How well a file came back: characters in order, table rows whole, pages or sections right."""

    char_recall: float
    rows_whole: int
    rows: int
    places_right: int
    items: int
    missing: list[str]

    def __str__(self) -> str:
        return (
            f"char recall {self.char_recall:.4f}, rows whole {self.rows_whole}/{self.rows}, "
            f"pages/sections right {self.places_right}/{self.items}"
        )


def running_left(doc, sample: Sample) -> list[str]:
    """Running headers and footers (and page numbers) that came back as lines of their own."""
    lines = {ln.strip() for ln in doc.lines}
    left = [r for r in sample.running if r in lines]
    return left + [ln for ln in lines if re.fullmatch(r"[-‐–—\s]*\d{1,3}[-‐–—\s]*", ln)]


def figures(doc, sample: Sample) -> Figures:
    """Compare a loaded `Document` with what its sample file holds."""
    want = "".join(squash(e.text) for e in sample.expected)
    got = squash(doc.text)
    matcher = SequenceMatcher(None, want, got, autojunk=False)
    recall = sum(b.size for b in matcher.get_matching_blocks()) / max(len(want), 1)
    lines = doc.lines
    folded = [squash(ln) for ln in lines]
    rows = [e for e in sample.expected if e.row]
    whole = sum(1 for e in rows if "\t".join(c.strip() for c in e.text.split("\t")) in lines)
    right, missing, pos = 0, [], 0
    for e in sample.expected:
        key = squash(e.text)[:24]
        hit = next((i for i in range(pos, len(lines)) if key in folded[i]), None)
        if hit is None:
            missing.append(e.text[:30])
            continue
        pos = hit
        where = doc.where(hit + 1)
        place = (where.page if e.page is not None else where.section) if where else None
        right += place == (e.page if e.page is not None else e.section)
    return Figures(recall, whole, len(rows), right, len(sample.expected), missing)
