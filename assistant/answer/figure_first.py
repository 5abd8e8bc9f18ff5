"""Which sentence's figure answers, when the first one found is not the figure of what is asked.

Two general cases move a lower-ranked sentence of the candidates first (nothing is dropped):
- a figure restated under a condition the question states: a slide gives a figure and then the same figure under
  a condition in a sentence of its own (「転入者は年間1,200人。外国人住民を含めると1,450人。」); a question stating
  that condition (「外国人住民も含めたら転入者は何人？」) asks the second, though the first shares more of its words;
- a figure written for the thing asked: the first figure counts another thing (「港北地区(高齢者約1,100人)で見守り」 for
  「参加者はどれほどいる」) and a sentence below writes one for the thing asked (「参加者数は延べ約90人」).
"""

from __future__ import annotations

import re

from assistant.answer.bound_value import value_unit
from assistant.answer.extract import Candidate
from assistant.answer.value_choice import CONDITION, CONDITION_DENIED
from assistant.answer.values import own_label, quantified_noun
from assistant.question.quantity import AskedQuantity, asked_quantity, nouns_clash, quantity_clash
from assistant.question.words import content_tokens
from assistant.text.tokenizer import tokenize

#: The question states a condition of its own: 「…まで考えると」「…を含めれば」「…の場合」「…なら」.
_ASKED_CONDITION = re.compile(r"(?:ると|れば|たら|なら|場合)")
#: How many candidates down another figure is looked for (a passage's sentences rank near each other).
REACH = 12


def condition_words(sentence: str, value: str) -> set[str]:
    """The words of the condition ``value`` is stated under in ``sentence``: 「外国人住民を含め(※3)ると1,450人」 →
    外国, 住民."""
    at = sentence.find(value)
    if at < 0:
        return set()
    before = re.split(r"[、。]", sentence[:at])[-1]
    found = next(reversed(list(CONDITION.finditer(before))), None)  # the condition nearest the value binds it
    return set(tokenize(before[: found.start()])) if found is not None else set()


def _first_figure(cands: list[Candidate]) -> int | None:
    """Where the first candidate with a value stands among the first `REACH`."""
    return next((i for i, c in enumerate(cands[:REACH]) if c.value), None)


def _moved(cands: list[Candidate], c: Candidate) -> list[Candidate]:
    return [c, *(d for d in cands if d is not c)]


def conditioned_first(cands: list[Candidate], question: str) -> list[Candidate]:
    """``cands`` with the first figure's restatement under the question's condition (in its passage) first."""
    if not _ASKED_CONDITION.search(question) or CONDITION_DENIED.search(question):
        return cands
    at = _first_figure(cands)
    if at is None:
        return cands
    top = cands[at]
    asked = content_tokens(question)
    plain = set(tokenize(top.sentence.clean))
    unit = value_unit(top.value or "")
    for c in cands[at + 1 : REACH]:
        if not c.value or c.hit.chunk.chunk_id != top.hit.chunk.chunk_id or value_unit(c.value) != unit:
            continue
        # The condition names words the question asks with and the plain figure's sentence does not write.
        if (condition_words(c.sentence.clean, c.value) & asked) - plain:
            return _moved(cands, c)
    return cands


def _written(sentence: str, value: str) -> tuple[str, str]:
    """The noun ``value`` counts as its sentence writes it, and its label with the value (「参加者数は延べ約90人」)."""
    at = sentence.find(value)
    if at < 0:
        return "", value
    end = at + len(value)
    return quantified_noun(sentence, at, end), own_label(sentence, at, 0) + value


def _names_asked(asked: AskedQuantity, written: str) -> bool:
    """Whether a value's label names the thing asked (its noun, or a word of two characters or more of it)."""
    return asked.noun in written or any(len(t) >= 2 and t in written for t in tokenize(asked.noun))


def written_for_first(cands: list[Candidate], question: str) -> list[Candidate]:
    """``cands`` with a figure written for the thing asked first, when the first figure counts another thing."""
    asked = asked_quantity(question)
    at = _first_figure(cands)
    if asked is None or not asked.noun or at is None:
        return cands
    noun, written = _written(cands[at].sentence.clean, cands[at].value or "")
    if not nouns_clash(asked, noun, question, written):
        return cands
    for c in cands[at + 1 : REACH]:
        if not c.value or quantity_clash(asked, c.value):
            continue
        noun, written = _written(c.sentence.clean, c.value)
        if _names_asked(asked, written) and not nouns_clash(asked, noun, question, written):
            return _moved(cands, c)
    return cands


def first(cands: list[Candidate], question: str) -> list[Candidate]:
    """``cands`` with the figure of what is asked first (see the module); else unchanged."""
    return written_for_first(conditioned_first(cands, question), question)
