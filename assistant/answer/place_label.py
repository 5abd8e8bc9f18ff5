"""The place a case-study block is labelled with, for a "where" question answered by a sentence naming none."""

from __future__ import annotations

import re

from assistant.answer.extract import Candidate
from assistant.question.kinds import MUNICIPALITY, PREFECTURES
from assistant.question.rules import asks_a_site

#: A block's title label: the municipality in brackets (「【島根県松江市】」「自動運転バス(茨城県境町)」), possibly
#: listing several (「【福島県南相馬市・浪江町】」, of which the first is taken).
_LABEL = re.compile(rf"[【(（]\s?((?:{PREFECTURES})[^【】()（）\n]{{1,24}})[】)）]")

#: How far before the sentence its block's title may stand: a slide block holds a title and a few bullet lines.
_REACH = 160


def block_place(c: Candidate, question: str) -> str | None:
    """The municipality labelling the block ``c``'s sentence stands in: the nearest bracketed one before it.

    Case-study slides write each case as a title with its town in brackets, then bullet lines describing it
    (「自動運転バス(茨城県境町) ・…定常運行を実現」): the bullet answers what was done, its title where.
    """
    if not asks_a_site(question):
        return None
    text = c.hit.chunk.text
    at = text.find(c.quote.strip()[:20]) if c.quote.strip() else -1
    if at < 0:
        return None
    labels = list(_LABEL.finditer(text[max(0, at - _REACH) : at]))
    if not labels:
        return None
    town = MUNICIPALITY.search(labels[-1].group(1))
    return re.sub(r"\s", "", town.group(1)) if town else None
