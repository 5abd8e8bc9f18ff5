"""A passage answer's text: the sentence that answers first, the window it was quoted from after it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from assistant.answer.values import window
from assistant.text.normalize import compact

#: At least this much of the surrounding window is shown after a long answering sentence; the two together
#: keep to the window's own budget, so the answer still has room for a second passage.
MIN_CONTEXT_CHARS = 24
#: What ends a sentence for a reader: a window whose text before the answering sentence holds none of these
#: is read as one sentence up to the answer's citation marker, so the answering sentence is already in its lead.
SENTENCE_ENDS = ("。",)


def lead_first(support: str, sentence: str, budget: int, marker: str = "[1]") -> str:
    """``support`` (a window of sentences) said with ``sentence``, the one that answers, as its lead.

    A window opens up to a few sentences before the answering one, to show the label or subject above
    it; read in order, the official's first sentence would be that label, not the answer. So when the
    window opens before it, the answering sentence leads and the window's other sentences follow in
    brackets, ``…`` standing where the lead sits among them.
    """
    pos = support.find(sentence) if sentence else -1
    before = support[:pos].strip() if pos > 0 else ""
    if not any(end in before for end in SENTENCE_ENDS):
        # Read in order, the first sentence already runs on into the answering one.
        return f"{window(support, sentence[:20], budget)} {marker}"
    after = support[pos + len(sentence) :].strip()
    lead = window(sentence, None, budget - MIN_CONTEXT_CHARS)
    context = f"{before} …{after}" if after else f"{before} …"
    room = max(MIN_CONTEXT_CHARS, budget - len(lead) - len(marker) - 3)
    return f"{lead} {marker}（{window(context, None, room)}）"


#: A sentence this close (in characters) to one already shown is the same sentence copied with small edits
#: into another section or document (「広域的な地域活性化」 / 「広域的地域活性化」).
NEAR_COPY = 0.9


def repeats(sentence: str, shown: str) -> bool:
    """``sentence`` already stands in ``shown``, word for word or as a copy with small edits."""
    said, new = compact(shown), compact(sentence)
    if new in said:
        return True
    if not new:
        return False
    # Compared with the stretch of the shown text of the same length that matches it best.
    matcher = SequenceMatcher(None, new, said, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda m: m.size)
    start = max(0, block.b - block.a)
    return SequenceMatcher(None, new, said[start : start + len(new) + 4], autojunk=False).ratio() >= NEAR_COPY


def without_repeats(support: str, shown: str, keep: str) -> str:
    """A second passage's window without the sentences the first already showed (overlapping or copied text)."""
    sentences = [x for x in re.split(r"(?<=。)", support) if x.strip()]
    kept = [x for x in sentences if keep[:20] in x or not repeats(x, shown)]
    return " ".join(x.strip() for x in kept) or support
