"""Does a follow-up's answer only restate what the last answer already showed, though the turn asks anew?

A turn carrying the conversation's subject retrieves the subject's passages again, and the sentence that
answered the last turn often scores best once more (「交流拠点の運営主体はどこ？」 after 「協議会はいつ設立？」 is answered with the
設立 sentence's date). When the answer's quoted sentence was already quoted by the last
answer and the turn says what it asks in words of its own, the turn asked alone is given a look
(`answerer.Answerer.answer_with_hits`). A bare 「消費額は？」 or 「札幌店は？」 reads on in the row just shown: its
answer is often in that very sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.answer.conversation import Resolution
from assistant.answer.drill_down import compact
from assistant.answer.follow_up import about_the_subject, last_answer, turn_nouns
from assistant.answer.turn_words import elliptical
from assistant.types import Answer

#: The start of a quote this long, found in the last answer, shows the same sentence again.
_QUOTE_HEAD = 16
#: Nouns of its own (besides the subject's, frames and fields) a turn names when it asks something new.
_OWN_MIN = 2


def restates_last(answer: Answer, history: Sequence[Mapping[str, str]] | None) -> bool:
    """Whether the answer's first quoted sentence is one the last answer of ``history`` already quoted."""
    if answer.abstained or not answer.citations:
        return False
    shown = compact(last_answer(history))
    quote = compact(answer.citations[0].quote)
    # A short quote (a table cell, a label) may well be written in many answers: only a sentence tells.
    return len(quote) >= _QUOTE_HEAD and bool(shown) and quote[:_QUOTE_HEAD] in shown


def asks_anew(turn: str, resolution: Resolution, idf: Mapping[str, float]) -> bool:
    """Whether a carried turn says what it asks in nouns of its own (「推進機関にはどんな組織が選ばれる？」), not
    by a bare item (「消費額は？」) or one noun (「その内訳は？」 asks on about the sentence just read)."""
    if resolution.stands_alone or elliptical(turn):
        return False
    return len(turn_nouns(turn, resolution.subject, idf)) >= _OWN_MIN


def retry_alone(
    turn: str,
    answer: Answer,
    history: Sequence[Mapping[str, str]] | None,
    resolution: Resolution,
    candidate: bool,
    idf: Mapping[str, float],
) -> bool:
    """Whether a carried turn is worth asking alone: no candidate found at all, or the last answer's sentence again."""
    if not history or not resolution.carried:
        return False
    if answer.abstained:
        return not candidate  # a near miss, an unmet qualifier or the gate abstained on purpose
    return restates_last(answer, history) and asks_anew(turn, resolution, idf)


def keeps_alone(
    turn: str,
    answer: Answer,
    alone: Answer,
    history: Sequence[Mapping[str, str]] | None,
    carried: str,
    quoted: str,
    idf: Mapping[str, float],
) -> bool:
    """Whether the turn's answer asked ``alone`` (its passages ``quoted``) replaces the carried ``answer``: it answers,
    says something new (not the last answer's sentence once more) and is about the ``carried`` subject."""
    if alone.abstained or (not answer.abstained and restates_last(alone, history)):
        return False
    return about_the_subject(carried, quoted, idf, turn)
