"""The focus words a passage can be judged by: not a single character the corpus never writes alone.

The tokeniser may cut a place name in a question where the documents keep it whole (「連携協定を結ぶ根室の市町」
gives 根 and 室, the documents' 根室 one word): the piece stands beside no value, yet weighs as the rarest word, and
every sentence fails the focus bound. Used by `extract.SentenceScorer.candidates`.
"""

from __future__ import annotations

from collections.abc import Mapping


def written_focus(focus: set[str], idf: Mapping[str, float]) -> set[str]:
    """The focus words less a single character the corpus never writes alone: a piece of a split compound.

    A longer unknown word (a thing the documents never name, 「除雪」 asked of documents that never speak of it) stays:
    the question asks what they do not say.
    """
    return {t for t in focus if len(t) > 1 or t in idf}
