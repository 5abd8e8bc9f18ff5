"""What the last answer showed: its passage and the neighbours, read to place a bare follow-up in it.

「佐賀県のは？」 after a list of places names an item the user just read beside the one answered: the turn asks that
item, not a new subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.answer.conversation import Shown
from assistant.answer.drill_down import compact, shown_passages
from assistant.answer.turn_shape import TOPIC_TAIL
from assistant.answer.turn_words import FIELD_WORDS, without_opener
from assistant.answer.values import FIELD_LABEL
from assistant.retrieval.interfaces import Retriever
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: A word of hiragana only (「ほう」 of 「Xのほうは？」) names no item.
_KANA = re.compile(r"[ぁ-ゖー]+")


def item_words(turn: str) -> list[str]:
    """The turn's nouns of two characters or more that name no field: the item it names (「テレワーク」「拠点」)."""
    return [
        t
        for t in tokenize(turn, "surface", nouns_only=True)
        if len(t) >= 2 and t not in FIELD_WORDS and not _KANA.fullmatch(t)
    ]


@dataclass
class ShownReader:
    """`Shown` of an answer over a retriever and the passages' neighbours."""

    retriever: Retriever
    neighbours: Callable[[Chunk], list[Chunk]]
    docs: Sequence[str] | None = None
    _texts: dict[str, str] = field(default_factory=dict)

    _labels: dict[str, frozenset[str]] = field(default_factory=dict)

    def __call__(self, answer: str) -> Shown:
        return Shown(holds=lambda turn: self._holds(answer, turn), labels=lambda turn: self._labelled(answer, turn))

    def _text(self, answer: str) -> str:
        if answer not in self._texts:
            if len(self._texts) >= 256:
                self._texts.clear()  # bounded: a server sees many conversations
                self._labels.clear()
            chunks = shown_passages(answer, self.retriever, self.neighbours, self.docs)
            self._texts[answer] = "".join(compact(f"{c.heading}{c.search_text}") for c in chunks)
            self._labels[answer] = frozenset(
                compact(m.group(1)) for c in chunks for line in c.text.split("\n") if (m := FIELD_LABEL.match(line))
            )
        return self._texts[answer]

    def _labelled(self, answer: str, turn: str) -> bool:
        """Whether the bare turn (「参加者は？」) names a field label written in the passage the answer quoted."""
        item = TOPIC_TAIL.sub("", without_opener(turn.strip()))
        return bool(self._text(answer)) and compact(item) in self._labels.get(answer, frozenset())

    def _holds(self, answer: str, turn: str) -> bool:
        text = self._text(answer)
        words = [compact(w) for w in item_words(turn)]
        return bool(text) and bool(words) and all(w in text for w in words)
