"""Numbered support sections 「1. 先導的な取組への支援」 over a 【支援額】 marker: where a programme block starts.

The sections' own reader was removed (session 22, ret24): on the corpus it read one programme only. The block
readers still stop a block at such a section, so its start is kept as an anchor (programme_blocks.py).
"""

from __future__ import annotations

import re

from assistant.text.normalize import compact

_NUMBERED = re.compile(r"^\s*\d+\.\s*(\S.*)$")


def section_starts(lines: list[str]) -> list[tuple[int, str]]:
    """(0-based line, title) of numbered sections that hold a 【支援額】 marker."""
    out = []
    for i, line in enumerate(lines):
        if compact(line) != "【支援額】":
            continue
        for j in range(i - 1, max(-1, i - 30), -1):
            m = _NUMBERED.match(lines[j])
            if m:
                out.append((j, m.group(1).strip()))
                break
    return out
