"""The sentence scorer's per-sentence word features, computed as arrays.

An answer scores every sentence of its five passages (about 50). Intersecting Python sets per
sentence cost about half the answer's time; here each passage keeps, once, its sentences' tokens as
postings (token -> sentences) for the three windows the features read (the sentence; with the two
before it; and the one after), with the question-independent text of each window. A question's
weighted overlaps are then one array addition per question word and passage. Each sum adds the
words in the question set's order, so sentences with the same words get the same value (ties stay
ties); the per-sentence sets summed in their own order differ from it only in the last bit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.values import BRACKET_LABEL, FIELD_LABEL, SOURCE_LINE
from assistant.ingest.analysis import PassageAnalysis
from assistant.ingest.chunking import Sentence
from assistant.question.words import frame_tokens
from assistant.text.tokenizer import tokenize

Postings = dict[str, "list[int] | np.ndarray"]
AnalysisAt = Callable[[int], "PassageAnalysis | None"]  # position -> the build's analysis of that passage
_NOW = re.compile(r"現在|現時点")


def _postings(sets: Sequence[frozenset[str]]) -> Postings:
    """token -> the (ascending) indices of the sets holding it (a list until `_lookup` first reads it)."""
    lists: Postings = {}
    for k, tokens in enumerate(sets):
        for t in tokens:
            lists.setdefault(t, []).append(k)  # type: ignore[union-attr]
    return lists


def _lookup(postings: Postings, token: str) -> np.ndarray | None:
    """The sentences holding ``token``, as an array (made once: most of a passage's words are never asked)."""
    got = postings.get(token)
    if got is None or isinstance(got, np.ndarray):
        return got
    arr = postings[token] = np.array(got, dtype=np.intp)  # two threads may both convert: the same array
    return arr


def _label_tokens(text: str) -> frozenset[str]:
    """The words of a field label the sentence opens with (「事業者:…」「【対象経費】…」), frame words dropped."""
    label = FIELD_LABEL.match(text) or BRACKET_LABEL.match(text)
    return frozenset(set(tokenize(label.group(1))) - frame_tokens()) if label else frozenset()


@dataclass(frozen=True)
class SentenceTable:
    """What the scorer reads of a passage's sentences whatever the question, built once per passage."""

    n: int
    own: Postings  # words of the sentence
    local: Postings  # … of it and the two sentences before it
    wide: Postings  # … of those and the one after it
    joined: tuple[str, ...]  # the sentence and the two before it, concatenated (words cut differently)
    joined_next: tuple[str, ...]  # … and the one after it (a name asked: what it is follows)
    spaced: tuple[str, ...]  # the sentence and the two before it, joined by spaces (quotes, years)
    labels: tuple[frozenset[str], ...]  # `_label_tokens` of each sentence
    labelled: tuple[int, ...]  # the sentences with a label
    source_line: np.ndarray  # 「出典:…」: names sources (bool)
    short: np.ndarray  # fewer than six characters (bool)
    says_now: tuple[bool, ...]  # 現在 / 現時点 written in the sentence

    @classmethod
    def build(cls, sentences: Sequence[Sentence], tokens: Sequence[frozenset[str]]) -> SentenceTable:
        n = len(sentences)
        clean = [s.clean for s in sentences]
        local = [tokens[k].union(*tokens[max(0, k - 2) : k]) for k in range(n)]
        wide = [local[k] | tokens[k + 1] if k + 1 < n else local[k] for k in range(n)]
        labels = tuple(_label_tokens(c) for c in clean)
        return cls(
            n=n,
            own=_postings(tokens),
            local=_postings(local),
            wide=_postings(wide),
            joined=tuple("".join(clean[max(0, k - 2) : k + 1]) for k in range(n)),
            joined_next=tuple("".join(clean[max(0, k - 2) : min(n, k + 2)]) for k in range(n)),
            spaced=tuple(" ".join(clean[max(0, k - 2) : k + 1]) for k in range(n)),
            labels=labels,
            labelled=tuple(k for k, label in enumerate(labels) if label),
            source_line=np.array([bool(SOURCE_LINE.search(c)) for c in clean], dtype=bool),
            short=np.array([len(c) < 6 for c in clean], dtype=bool),
            says_now=tuple(bool(_NOW.search(c)) for c in clean),
        )


class Columns:
    """Per-sentence sums over the passages of one question, each passage a slice at its offset."""

    def __init__(self, tables: Sequence[SentenceTable]):
        self.tables = tables
        self.offsets = np.cumsum([0, *(t.n for t in tables)])
        self.n = int(self.offsets[-1])

    def weight(self, field: str, words: Iterable[tuple[str, float]], everywhere: Sequence[frozenset[str]] = ()):
        """Per sentence, the sum of the weights of ``words`` (in their order) that its ``field`` window
        holds, or that the passage's set in ``everywhere`` holds (one set per passage)."""
        out = np.zeros(self.n)
        words = list(words)
        for p, table in enumerate(self.tables):
            seg = out[self.offsets[p] : self.offsets[p + 1]]
            postings: Postings = getattr(table, field)
            extra = everywhere[p] if everywhere else frozenset()
            for t, w in words:
                if t in extra:
                    seg += w
                elif (idx := _lookup(postings, t)) is not None:
                    seg[idx] += w
        return out

    def focus(self, words: Sequence[tuple[str, float]], next_too: bool) -> np.ndarray:
        """Per sentence, the weight of the focus ``words`` written near it: in its window's words, or
        (two characters or more) in its window's text, cut another way."""
        out = np.zeros(self.n)
        field = "wide" if next_too else "local"
        for p, table in enumerate(self.tables):
            seg = out[self.offsets[p] : self.offsets[p + 1]]
            postings: Postings = getattr(table, field)
            texts = table.joined_next if next_too else table.joined
            for t, w in words:
                seen = np.zeros(table.n, dtype=bool)
                if (idx := _lookup(postings, t)) is not None:
                    seen[idx] = True
                if len(t) >= 2:
                    seen |= np.fromiter((t in s for s in texts), dtype=bool, count=table.n)
                seg[seen] += w
        return out

    def any_of(self, field: str, words: Iterable[str]) -> np.ndarray:
        """Per sentence, whether its ``field`` window holds any of ``words``."""
        out = np.zeros(self.n, dtype=bool)
        words = list(words)
        for p, table in enumerate(self.tables):
            seg = out[self.offsets[p] : self.offsets[p + 1]]
            postings: Postings = getattr(table, field)
            for t in words:
                if (idx := _lookup(postings, t)) is not None:
                    seg[idx] = True
        return out

    def flag(self, name: str) -> np.ndarray:
        """A per-sentence bool array of the tables, over all passages."""
        return np.concatenate([getattr(t, name) for t in self.tables]) if self.tables else np.zeros(0, dtype=bool)

    def per_passage(self, values: Sequence[float]) -> np.ndarray:
        """One value per passage, repeated for each of its sentences."""
        return np.repeat(np.asarray(values, dtype=np.float64), [t.n for t in self.tables])


class StoredVectors:
    """The retriever's vectors of a passage's sentences, which the scorer would otherwise embed again.

    The retriever's sentence feature embeds the same units (`split_sentences`, with the passage's
    heading) with the same model, at build time or start-up; a passage whose row count differs, or
    a retriever without them (another model, a large corpus), is embedded by the scorer as before.
    """

    def __init__(
        self, vectors: Callable[[], tuple[np.ndarray, np.ndarray] | None], position: Callable[[str], int | None]
    ):
        self.vectors = vectors
        self.position = position

    def __call__(self, chunk_id: str, n: int) -> np.ndarray | None:
        got, i = self.vectors(), self.position(chunk_id)
        if got is None or i is None or not 0 <= i < len(got[1]):
            return None
        vectors, starts = got
        end = int(starts[i + 1]) if i + 1 < len(starts) else len(vectors)
        rows = vectors[int(starts[i]) : end]
        return rows if len(rows) == n else None


class StoredAnalysis:
    """The build's analysis of a passage (`ingest.analysis`), which the scorer would otherwise compute.

    Made at build time by the same function the scorer calls; a passage the build does not hold
    (another backend, an older build) is analysed by the scorer as before.
    """

    def __init__(self, at: AnalysisAt, position: Callable[[str], int | None]):
        self.at = at
        self.position = position

    def __call__(self, chunk_id: str) -> PassageAnalysis | None:
        i = self.position(chunk_id)
        return self.at(i) if i is not None else None
