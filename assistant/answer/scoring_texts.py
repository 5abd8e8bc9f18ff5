"""Which texts a turn's sentences are scored with, in order, and the first of them that picks a sentence.

The carried query (the subject with the turn) chose the passages. Its words judge their sentences first, the turn as
typed only as the fallback: the subject's words, absent from a drill-down's row, can keep every sentence below the
bounds. A turn naming a thing of its own in a question of its own (「移住体験ツアーはどんな人が参加できる？」 after
a programme's budget) is judged by its own words first instead: the subject's words would bring back the subject's
headline sentence, where the thing is only listed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from assistant.answer.turn_words import elliptical, names_a_thing
from assistant.question.kinds import QueryIntent
from assistant.question.words import asks_value

C = TypeVar("C")
P = TypeVar("P")


def own_words_first(asked: str | None, own: Sequence[str], intent: QueryIntent) -> bool:
    """Whether a follow-up's sentence is chosen by the turn's own words before the carried subject's.

    Not a value asked (its detail must sit beside the value, in the subject's passages: `asked_detail_near_value`),
    nor an elliptical turn (it borrows the turn before's predicate).
    """
    if not asked or not own or asks_value(intent):
        return False
    return not elliptical(asked) and names_a_thing(asked)


def scoring_texts(query: str, asked: str | None, own_first: bool) -> list[str]:
    """The carried ``query`` then the turn as typed (``asked``), or the turn first when ``own_first``; each once."""
    order = (asked, query) if own_first else (query, asked)
    return list(dict.fromkeys(t for t in order if t))


def first_pick(
    texts: Sequence[str], ranked: Callable[[str], list[C]], pick: Callable[[str, list[C]], P | None]
) -> tuple[str, list[C], P | None]:
    """The first text whose ranked candidates ``pick`` a sentence, with them and the pick (the text that picked is
    the one the answer is written for); the last text tried, its candidates and None when none picks."""
    tried: tuple[str, list[C], P | None] = ("", [], None)
    for text in texts:
        cands = ranked(text)
        picked = pick(text, cands)
        if picked is not None:
            return text, cands, picked
        tried = (text, cands, None)
    return tried
