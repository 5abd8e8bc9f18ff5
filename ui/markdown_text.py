"""Document and answer text as Markdown that shows literally (nothing interpreted)."""

from __future__ import annotations

import re

#: Every ASCII punctuation character that Markdown (CommonMark + Streamlit's extensions:
#: ``:color[...]`` directives, ``$`` math, ``~`` strike-through) could interpret.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def md_escape(text: str) -> str:
    """Escape Markdown so document text shows literally.

    >>> md_escape("1/2*3 [注] $5")
    '1/2\\\\*3 \\\\[注\\\\] \\\\$5'
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_line(text: str) -> str:
    # Leading blanks would turn a line into a code block; tabs and runs of spaces are noise from PDFs.
    return md_escape(re.sub(r"[ \t\u3000]+", " ", text).strip())


def plain_markdown(text: str) -> str:
    """Text (an answer) as Markdown with line breaks kept and nothing interpreted."""
    lines = [_md_line(ln) for ln in (text or "").split("\n")]
    return "  \n".join(ln for ln in lines if ln)
