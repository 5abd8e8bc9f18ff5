"""A follow-up asked alone as well: taken when carrying the subject found nothing, or found a less sure answer.

Carrying the subject's words into retrieval is right for most follow-ups (「上限は？」), but a turn naming a thing
of its own (「テレワークの就労型は何人？」) can be pulled by them to the passage already shown. The turn asked alone is
then the better reading, as far as the confidence gate can tell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from assistant.answer import follow_up as fu
from assistant.answer.asked_fields import names_a_field
from assistant.answer.conversation import Resolution
from assistant.answer.event_block import other_event
from assistant.answer.shown import item_words
from assistant.answer.turn_words import names_a_thing, points_back
from assistant.text.normalize import normalize
from assistant.types import Answer, Chunk, Hit

#: How much surer (gate probability) the turn's answer alone must be than the carried one to replace it. Chosen on
#: the tune split's follow-ups (0 to 0.3 tried): a smaller margin swaps in as many wrong answers as right ones.
ALONE_MARGIN = 0.05

Asked = tuple[Answer, list[Hit]]


def own_thing(turn: str) -> bool:
    """Whether the turn names a thing, not only a field: 「テレワークで関わってる人は？」, not 「対象経費は？」「所管省庁は？」
    (field words only) nor 「参加者数は？」 (a field named with one word besides)."""
    turn = normalize(turn)  # half-width kana (「ｼﾙﾊﾞｰ」) as full-width
    items = item_words(turn)
    return names_a_thing(turn) and bool(items) and (len(items) >= 2 or not names_a_field(turn))


def surer_alone(question: str, carried: Answer) -> bool:
    """Whether a carried turn's answer is worth checking against the turn asked alone: it was given, has a gate
    probability, and the turn names a thing of its own without pointing back (「その…」 reads only in context)."""
    return (
        not carried.abstained and carried.confidence is not None and own_thing(question) and not points_back(question)
    )


def with_turn_alone(
    question: str,
    asked: Asked,
    resolution: Resolution,
    ask_alone: Callable[[], Asked],
    retrieve_alone: Callable[[], Sequence[Hit]],
    idf: Mapping[str, float],
    cited: Callable[[Answer], Sequence[Chunk]] = lambda answer: (),
) -> Asked:
    """The carried turn's answer, or the turn's answer alone where that is the better reading. ``cited``: an
    answer's passages; an answer alone read under another event's title than the conversation's is never taken."""
    answer = asked[0]

    def elsewhere(alone: Answer) -> bool:
        quote = alone.citations[0].quote if alone.citations else ""
        return bool(quote) and other_event(resolution.query, quote, cited(alone))

    if not answer.abstained:
        if surer_alone(question, answer):
            alone = ask_alone()
            sure = alone[0].confidence
            if not alone[0].abstained and sure is not None and sure > (answer.confidence or 0.0) + ALONE_MARGIN:
                return asked if elsewhere(alone[0]) else alone
        return asked
    # Carrying the subject found nothing: the turn alone, taken when it names a thing of its own or is answered
    # from passages about the subject (looked for among its passages first: a second answer costs more than a
    # retrieval).
    subject = resolution.subject
    if fu.opens_a_subject(question, resolution):
        alone = ask_alone()
        return asked if elsewhere(alone[0]) else alone
    if subject is not None and fu.any_about_the_subject(retrieve_alone(), subject, idf):
        alone = ask_alone()
        if not alone[0].abstained and fu.about_the_subject(alone[0].citations, subject, idf):
            return asked if elsewhere(alone[0]) else alone
    return asked
