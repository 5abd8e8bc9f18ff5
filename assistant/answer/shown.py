"""What the last answer showed: its passage and the neighbours, read to place a bare follow-up in it.

「佐賀県のは？」 after a list of places and 「ジオパークの方は？」 after one row of a KPI list name an item the user
just read beside the one answered: the turn asks that item, not a new subject and not the answered record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.answer.conversation import Shown
from assistant.answer.drill_down import compact, shown_passages
from assistant.answer.turn_words import FIELD_WORDS
from assistant.records.interfaces import RecordMatcher
from assistant.retrieval.interfaces import Retriever
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: A word of hiragana only (「ほう」 of 「Xのほうは？」) names no item.
_KANA = re.compile(r"[ぁ-ゖー]+")
#: Records read per turn when looking for the one it names.
_MATCHES = 5


def item_words(turn: str) -> list[str]:
    """The turn's nouns of two characters or more that name no field: the item it names (「テレワーク」「拠点」)."""
    return [
        t
        for t in tokenize(turn, "surface", nouns_only=True)
        if len(t) >= 2 and t not in FIELD_WORDS and not _KANA.fullmatch(t)
    ]


def names_record_written(turn: str, name: str, text: str) -> bool:
    """Whether record ``name`` holds every word of the item ``turn`` names and is written in ``text`` (compacted)."""
    words = item_words(turn)
    full = compact(name)
    return bool(words) and all(compact(w) in full for w in words) and full in text


@dataclass
class ShownReader:
    """`Shown` of an answer over a retriever, the passages' neighbours and the records."""

    retriever: Retriever
    neighbours: Callable[[Chunk], list[Chunk]]
    records: RecordMatcher | None
    idf: Mapping[str, float]
    docs: Sequence[str] | None = None
    _texts: dict[str, str] = field(default_factory=dict)

    def __call__(self, answer: str) -> Shown:
        return Shown(
            holds=lambda turn: self._holds(answer, turn),
            other_record=lambda turn, record: self._other_record(answer, turn, record),
        )

    def _text(self, answer: str) -> str:
        if answer not in self._texts:
            if len(self._texts) >= 256:
                self._texts.clear()  # bounded: a server sees many conversations
            chunks = shown_passages(answer, self.retriever, self.neighbours, self.docs)
            self._texts[answer] = "".join(compact(f"{c.heading}{c.search_text}") for c in chunks)
        return self._texts[answer]

    def _holds(self, answer: str, turn: str) -> bool:
        text = self._text(answer)
        words = [compact(w) for w in item_words(turn)]
        return bool(text) and bool(words) and all(w in text for w in words)

    def _other_record(self, answer: str, turn: str, record: str) -> str:
        """The record the turn names, written in the passage beside ``record`` ("" when none).

        Of several, the one worded most like ``record``: rows of one list name alike things alike
        (「Xへの観光入込客数」 after 「Yへの観光入込客数」).
        """
        if self.records is None:
            return ""
        text = self._text(answer)
        if not text:
            return ""
        found = [
            *self.records.match_kpi(turn, self.docs, self.idf)[:_MATCHES],
            *self.records.match_programme(turn, self.docs, self.idf)[:_MATCHES],
        ]
        names = {getattr(m.record, "name", "") or getattr(m.record, "indicator", "") for m in found}
        written = [n for n in sorted(names) if n and n != record and names_record_written(turn, n, text)]
        return max(written, key=lambda n: (alike(n, record), -len(n)), default="")


def alike(a: str, b: str) -> int:
    """How many character bigrams two names share."""
    grams = {a[i : i + 2] for i in range(len(a) - 1)}
    return sum(1 for i in range(len(b) - 1) if b[i : i + 2] in grams)
