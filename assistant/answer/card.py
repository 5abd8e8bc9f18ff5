"""Number cards: a figure on a line of its own, its label on the line above and what it counts on the line below.

「移住相談(対面)」 / 「約3,400件」 / 「…窓口に来て、相談員と話した件数」: a slide's figure
stands alone, so no sentence holds both the figure and the words that say what it counts. A question asking a value
whose words the card's label and description hold (「窓口で直接相談したのは何件？」) is answered by the card's
figure, when one card holds them clearly better than any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.block_answer import block_answer
from assistant.answer.from_records import RecordAnswer
from assistant.answer.values import find_value
from assistant.question.kinds import QueryIntent
from assistant.question.words import content_tokens, frame_tokens
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk, Citation, Hit

#: Share of the question's words (IDF-weighted) a card's label and description must hold.
MIN_SHARE = 0.5
#: A label is a short line without a sentence end; a figure's line holds little besides the figure.
MAX_LABEL = 30
MAX_EXTRA = 2
_SENTENCE_END = re.compile(r"[。！？!?]$")
#: Adverbial nouns that say how a question asks (「実際に来た人」), not what a card counts, and the adverbs a
#: drill-down opens with (「さらにその中で…」, read 更に): they lead to the card, they are not written on it.
_HOW = frozenset("実際 具体 実質 大体 だいたい ざっくり 全部 更に さらに".split())


@dataclass(frozen=True)
class Card:
    """A figure with the lines around it, and where it stands."""

    value: str
    label: str
    description: str
    chunk: Chunk
    line_start: int
    line_end: int


def _near(lines: list[str], i: int, step: int) -> int | None:
    """The index of the nearest non-empty line from ``i`` in direction ``step`` (within two lines)."""
    for j in (i + step, i + 2 * step, i + 3 * step):
        if 0 <= j < len(lines) and lines[j].strip():
            return j
    return None


def cards(chunk: Chunk, intent: QueryIntent) -> list[Card]:
    """The passage's figures of the asked kind standing on lines of their own, with their label and description."""
    lines = [normalize(x).strip() for x in chunk.text.split("\n")]
    out = []
    for i, line in enumerate(lines):
        value = find_value(line, intent) if line else None
        if value is None or len(line) - len(value) > MAX_EXTRA:
            continue
        up, down = _near(lines, i, -1), _near(lines, i, 1)
        label = lines[up] if up is not None else ""
        if len(label) > MAX_LABEL or _SENTENCE_END.search(label) or find_value(label, intent):
            label, up = "", None  # a sentence or another figure above: no label
        below = lines[down] if down is not None else ""
        if find_value(below, intent):
            below, down = "", None  # the next card's figure
        if label or below:
            first, last = (up if up is not None else i), (down if down is not None else i)
            out.append(Card(value, label, below, chunk, chunk.line_start + first, chunk.line_start + last))
    return out


def card_value(question: str, intent: QueryIntent, chunks: Sequence[Chunk], idf: Mapping[str, float]) -> Card | None:
    """The card whose label and description hold most of the question's words, clearly more than any other."""
    words = {t for t in content_tokens(question) if len(t) >= 2 and t in idf} - frame_tokens() - _HOW
    total = sum(idf[t] for t in words)
    if not total:
        return None
    scored: dict[str, tuple[float, Card]] = {}
    for chunk in chunks:
        for card in cards(chunk, intent):
            text = f"{card.label} {card.description}"
            held = set(tokenize(text, nouns_only=True))
            share = sum(idf[t] for t in words if t in held or t in text) / total
            if share > scored.get(card.value, (-1.0, card))[0]:
                scored[card.value] = (share, card)
    ranked = sorted(scored.values(), key=lambda sc: -sc[0])
    if not ranked or ranked[0][0] < MIN_SHARE or (len(ranked) > 1 and ranked[1][0] >= ranked[0][0]):
        return None
    return ranked[0][1]


def card_answer(card: Card, question: str, citation: Callable[[int, Hit, str, int, int], Citation]) -> RecordAnswer:
    """The figure as the lead, with the card's label and description."""
    lines = card.chunk.text.split("\n")[
        card.line_start - card.chunk.line_start : card.line_end - card.chunk.line_start + 1
    ]
    cited = citation(1, Hit(card.chunk, 0.0, 0), "\n".join(lines), card.line_start, card.line_end)
    context = " ".join(p for p in (card.label, card.value, card.description[:120]) if p)
    names = card.label or card.description[:40]
    return block_answer(question, f"{card.value}です [1]。（{context}）", [cited], names, context)
