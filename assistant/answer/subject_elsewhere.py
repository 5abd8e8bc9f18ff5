"""The answer's passage is about another subject than the one the question names.

Two kinds, each a near miss the sentence scorer cannot see (the value's sentence shares every other word):

- another event's block (`event_block.other_event`): 「成果報告会」 asked, the figure under 「シンポジウムの開催」;
- a name written in Latin letters (a member fee asked of co.shiga, 「NEDOと組んだ実証」) that the cited passages,
  their neighbours and headings never write, though the corpus does: the figure is another body's (ナスコンバレー's
  member fees). Such names are distinctive; a paraphrase rarely writes them in other letters. A name the corpus
  never writes is left to the confidence gate (it may be a spelling the documents do not use).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answer.event_block import other_event
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: A Latin-letter word of three letters or more, as the tokeniser gives it (lower case): a name or an acronym.
_LATIN = re.compile(r"^[a-z][a-z\-&]{2,}$")
#: The corpus's rarity (IDF) a Latin word needs to be a name: the common nouns plans write in Latin letters (KPI,
#: NPO, AI, Well-being) fall below it; the bodies' names (JAL, KDDI, NEDO, co.shiga) stand above. Set on the tune
#: split's questions.
MIN_NAME_IDF = 4.0


#: Latin words plans use as common nouns, rare as some are in this corpus: not names of a body or a scheme (a passage
#: may write them in katakana: ウェブサイト for Webサイト).
GENERIC_LATIN = frozenset(
    "web www line gdp sns ict iot maas sdgs society dx gx ai kpi npo pr it ppp pfi dmo ebpm poc ccrc https "
    "well-being win-win app pdf faq".split()
)


def latin_names(question: str, idf: Mapping[str, float]) -> set[str]:
    """The question's Latin-letter names that the corpus writes somewhere (rare enough to be names)."""
    return {
        t for t in tokenize(question) if _LATIN.match(t) and t not in GENERIC_LATIN and idf.get(t, 0.0) >= MIN_NAME_IDF
    }


def name_elsewhere(question: str, sentence: str, written: frozenset[str], idf: Mapping[str, float]) -> bool:
    """A Latin-letter name of the question is none of the ``written`` words (the cited passages' and their
    headings', `SentenceScorer.chunk_tokens`), for an answer read from a ``sentence`` of them (a record's answer is
    found by its name, not by these passages)."""
    names = latin_names(question, idf)
    return bool(names and written and sentence and names - written)


def elsewhere(
    question: str, sentence: str, chunks: Sequence[Chunk], written: frozenset[str], idf: Mapping[str, float]
) -> str:
    """ "event" or "name" when the answer's passage is about another subject than the question's, else ""."""
    if other_event(question, sentence, chunks):
        return "event"
    return "name" if name_elsewhere(question, sentence, written, idf) else ""
