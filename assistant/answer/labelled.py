"""A numbered insert of a report asked by its number or place: 「コラム5」「5番目のコラム」「最後のコラム」「参考事例②」.

Reports number their columns, cases and figures (「～コラム5～」「参考事例②：…」), and a question asks one by that
number, by its place (「5番目の」), or as the last one. The number is what retrieval weighs least, and the words of the
asked column's title are not in the question, so the insert is looked up by its label: the passage whose heading or
first line writes 「コラム5」 is the one answered from. 「最後の」 is the highest number any retrieved passage writes
with the noun (a table of contents lists them all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answer.ordinal import ordinal_of
from assistant.text.normalize import nfkc
from assistant.types import Hit

#: The kinds of numbered insert a report labels (longest first, so 「参考事例」 is not read as 「事例」).
LABEL_NOUNS = ("参考事例", "参考資料", "トピックス", "トピック", "コラム", "ケース", "事例", "図表", "別紙", "別添")
_NOUNS = "|".join(LABEL_NOUNS)
#: A label written in a question or a heading: the noun and its number (read after NFKC, which turns ② into 2).
_LABEL = re.compile(rf"(?<![\u30a0-\u30ff\u4e00-\u9fff])({_NOUNS})\s?([0-9]{{1,2}})(?![0-9])")
#: Ordinal counters that pick an insert by its place (「5番目のコラム」「2つ目の事例」); 「回目」 counts meetings.
_PLACE_COUNTERS = frozenset({"番目", "つ目", "個目", ""})
#: How many passages are read for the numbers a noun is written with, to find the last one.
_READ_FOR_LAST = 30

Retrieve = Callable[[str, int, Sequence[str] | None], list[Hit]]


def asked_label(question: str) -> tuple[str, int | None] | None:
    """The insert a question asks: (noun, number), the number None for the last one; None when none is asked."""
    text = nfkc(question)
    labels = {(m.group(1), int(m.group(2))) for m in _LABEL.finditer(text)}
    if len(labels) == 1:
        return next(iter(labels))
    if labels:
        return None  # two inserts named: a comparison, not one to look up
    o = ordinal_of(question)
    if o is None or o.noun not in LABEL_NOUNS or o.counter not in _PLACE_COUNTERS:
        return None
    return o.noun, o.n


def _labelled(hit: Hit, noun: str, n: int) -> bool:
    """Whether the passage is the insert itself: its heading or first line writes the label."""
    chunk = hit.chunk
    head = f"{chunk.heading}\n{chunk.text.lstrip().split(chr(10), 1)[0]}"
    return any(m.group(1) == noun and int(m.group(2)) == n for m in _LABEL.finditer(nfkc(head)))


def labelled_first(hits: list[Hit], question: str, retrieve: Retrieve, docs: Sequence[str] | None) -> list[Hit]:
    """The asked insert's passage alone (see the module), or ``hits`` unchanged when none is asked or found."""
    asked = asked_label(question)
    if asked is None:
        return hits
    noun, n = asked
    if n is None:
        written = [
            int(m.group(2))
            for h in retrieve(noun, _READ_FOR_LAST, docs)
            for m in _LABEL.finditer(nfkc(f"{h.chunk.heading}\n{h.chunk.text}"))
            if m.group(1) == noun
        ]
        if not written:
            return hits
        n = max(written)
    found = next((h for h in (*hits, *retrieve(f"{noun}{n}", 10, docs)) if _labelled(h, noun, n)), None)
    # The insert alone: its title shares no word with the question, so any other passage would outscore it.
    return hits if found is None else [found]
