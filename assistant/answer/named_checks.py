"""Whether a quoted passage gives the kind of answer a question asks: a term explained, an indicator's progress.

「Xとはどういう意味」 is not answered by a passage that only uses X (「Xの醸成を図り」), 「進捗率は」 by a record's
baseline and target (a venue check was retired in session 34: it changed no answer on either split). Each check is backed by tune questions of
both kinds (answerable ones it must let through); a name bound to an asked noun and a counter asked with 何 were tried
too and left out: tune held almost no answerable quoted-passage answers to show they let right answers through.
"""

from __future__ import annotations

import re

from assistant.question.named import meaning_asked
from assistant.text.normalize import normalize

#: How a text says what a term is, right after it: 「Xとは、…」「Xは…」「X(…)」「X:…」「X※」「Xと呼び」「Xという…」.
_DEFINED_AFTER = re.compile(r"^\s?(?:とは|は|が|:|：|[(（]|=|＝|※|・・・|と(?:い|呼|称))")
#: … or right before it: 「…をいう X」「いわゆる X」「…を意味する X」.
_DEFINED_BEFORE = re.compile(r"(?:という|と呼ばれる|と呼ぶ|と称する|いわゆる|を意味する|を指す)\s?$")
#: … or a term set off in brackets, which is how a text introduces one it explains: 「…する「X」」「…の空間(X)」.
_BRACKETED = re.compile(r"[「『(（]$")
_CLOSED = re.compile(r"^[」』)）]")


def term_undefined(question: str, text: str) -> bool:
    """What a term is, is asked (「Xとはどういう意味」) and ``text`` writes X only as a word of other sentences
    (「Xの醸成を図り」「X等の意識変革」): never set off in brackets nor followed by what it is."""
    term = meaning_asked(question)
    if not term:
        return False
    body = normalize(text)
    spots = list(re.finditer(re.escape(term), body))
    if not spots:
        return False  # the term is not written: other checks judge a passage about something else
    return not any(
        _DEFINED_AFTER.match(body[m.end() : m.end() + 4])
        or _DEFINED_BEFORE.search(body[max(0, m.start() - 8) : m.start()])
        or (_BRACKETED.search(body[max(0, m.start() - 1) : m.start()]) and _CLOSED.match(body[m.end() : m.end() + 1]))
        for m in spots
    )


#: 「進捗率は」「どこまで達成」: an indicator's progress, which a record's baseline and target alone do not state.
_PROGRESS_ASKED = re.compile(r"進捗|達成率")
_PROGRESS_SAID = re.compile(r"進捗|達成|%|集計中")
#: A baseline's or a target's own figure (「目標値80%(R11)」) states the plan, not how far it has come.
_PLAN_FIELD = re.compile(r"(?:基準値|目標値|目標)[^、。,\[]*")


def progress_unstated(question: str, text: str) -> bool:
    """An indicator's progress is asked and ``text`` (a record's answer) states no progress, rate nor pending count:
    「基準値1,866万人(R5)、目標値2,200万人(R11)」 for 「進捗率は」 gives the plan, not how far it has come."""
    said = _PLAN_FIELD.sub("", normalize(text))
    return bool(_PROGRESS_ASKED.search(normalize(question))) and not _PROGRESS_SAID.search(said)
