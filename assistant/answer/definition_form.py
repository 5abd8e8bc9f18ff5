"""Whether an answer explains the term a question asks about: a feature of the confidence gate.

A near miss of 「Xとはどういう意味」 quotes a passage that only uses X (「Xの醸成を図り」「X等の意識変革」「Xの開催」):
the documents name X without saying what it is. A text explains a term in a few general forms of written Japanese:
「Xとは…」「Xは…」「X:…」「X(…)」「X※」「X・・・」, 「…をXという」「いわゆるX」, or X set off in brackets after the words
that describe it (「…を提供する事業「X」」「…の役割(いわゆるX)」). Session 34 retired this check as a rule cutting answers
before the gate (it cut about as many right answers as near misses); here it is one signal the fitted gate weighs.
"""

from __future__ import annotations

import re

from assistant.question.named import definition_asked
from assistant.text.normalize import normalize

#: How a text says what a term is, right after it: 「Xとは、…」 (not 「Xとは別に」「Xとは限らない」), 「X:…」「X(…)」「X※」
#: 「X・・・」, a glossary's row (「X | …」「【X】…」「X―…」; NFKC writes 「－」 as 「-」), 「…を「X」と呼ぶ/と言う/と称する」.
#: (After the closing quote 「「X」は…」 and a restatement 「XというY」 were tried too: out of round on the tune rows the gate
#: then abstained less on unanswerable questions, 0.838 -> 0.831.)
_DEFINED_AFTER = re.compile(
    r"^\s?(?:とは(?!別|言|い|異|違|限|逆)|は|:|：|[(（《]|=|＝|※|・・・|\s?\|\s|[-―—–]|】"
    r"|[」』]?(?:という[。、」)]|といい|と(?:呼|称|定義|言)))"
)
#: … or right before it: 「…をいう X」「いわゆる X」「…を意味する X」.
_DEFINED_BEFORE = re.compile(r"(?:という|と呼ばれる|と呼ぶ|と称する|いわゆる|を意味する|を指す|通称)\s?$")
#: … or set off in brackets right after the words describing it (「…推進事業「X」」「…仕事をする「X」」): a noun or a verb's
#: attributive ending before the bracket, not a particle joining X to another item (「市の「X」」「Yと「X」」) nor a number.
_OPENED = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffるたいなう][「『(（]$")
_CLOSED = re.compile(r"^[」』)）]")
#: Spellings of one term that differ only in a middle dot or a space (「アンコンシャス・バイアス」).
_JOINERS = re.compile(r"[・\s]")


def term_unexplained(question: str, text: str) -> bool:
    """The question asks what a term is and ``text`` writes it, but never in a form that explains it.

    A text not writing the term at all is left to the other features (a passage about something else)."""
    term = definition_asked(question)
    if not term:
        return False
    body, key = normalize(text), _JOINERS.sub("", normalize(term))
    # Read the text with the joiners out too, mapping each kept character back to where it stands.
    kept = [(i, ch) for i, ch in enumerate(body) if not _JOINERS.match(ch)]
    flat = "".join(ch for _, ch in kept)
    spots = [(kept[m.start()][0], kept[m.end() - 1][0] + 1) for m in re.finditer(re.escape(key), flat)] if key else []
    if not spots:
        return False
    return not any(
        _DEFINED_AFTER.match(body[end : end + 4])
        or _DEFINED_BEFORE.search(body[max(0, start - 8) : start])
        or (_OPENED.search(body[max(0, start - 2) : start]) and _CLOSED.match(body[end : end + 1]))
        for start, end in spots
    )
