"""The outlook word a question's predicate holds its value by (「何トンに減る見込み」): no word of what is asked about.

A question may close on how the asked value is held, an outlook, a plan or an estimate; the documents word it freely
(見通し for 見込み), so the word names nothing a passage must hold. Used by `extract.SentenceScorer.candidates` to
keep it out of the anchor.
"""

from __future__ import annotations

from assistant.question.words import INTERROGATIVE
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

#: The nouns a closing predicate says how the asked value is held with: an outlook, a plan, an estimate.
OUTLOOK_NOUNS = frozenset({"見通し", "見込み", "見込", "予定", "予測", "予想", "推計", "想定", "目途", "目処"})


def predicate_nouns(question: str) -> set[str]:
    """The outlook nouns (`OUTLOOK_NOUNS`) only the question's predicate writes, after its last question word.

    One written before the question word too says what is asked about (「給食費の見込み額は何円」) and stays.
    """
    text = normalize(question)
    found = list(INTERROGATIVE.finditer(text))
    if not found:
        return set()
    tail = set(tokenize(text[found[-1].end() :], nouns_only=True)) & OUTLOOK_NOUNS
    return tail - set(tokenize(text[: found[-1].start()], nouns_only=True))
