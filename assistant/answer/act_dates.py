"""A date written with the act a bare asking clause asks: it meets the focus the question borrows from its topic.

「ひばり市景観条例は、いつ公布された」 asks only an act in its last clause, so its focus words are the topic's
(`bare_asking_clause`), which a title or a later line of the passage holds rather than the date's note
(「同年9月30日公布」). The act written right after the date ties the date to the question; the passage must also share
most of the question's words (`ACT_DATED_CONTEXT`). A date of another act, or with no act after it, is judged by the
topic's words as before. Used by `extract.SentenceScorer.candidates`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from assistant.question.events import act_follows_date
from assistant.question.words import bare_asking_clause

#: The share of the question's words a passage must hold for an act's date to meet a borrowed focus (`act_dated`).
ACT_DATED_CONTEXT = 0.5


def act_dated(focus_share: np.ndarray, asking: str, rows: Iterable[tuple[float, str, str | None]]) -> np.ndarray:
    """The focus shares, met (1.0) by a date the act asked in ``asking`` follows, when its asking clause is bare.

    ``asking`` is the clause-bearing text (a follow-up turn as typed, else the question); ``rows`` are each
    sentence's passage context, text and value, in the shares' order. With no bare asking clause the shares stay.
    """
    bare = bare_asking_clause(asking)
    if not bare:
        return focus_share
    out = focus_share.copy()
    for i, (context, text, value) in enumerate(rows):
        if value and context >= ACT_DATED_CONTEXT and act_follows_date(bare, text, value):
            out[i] = 1.0
    return out
