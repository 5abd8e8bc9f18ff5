"""A meaning asked and a passage that only mentions the term: 「「シビックプライド」とはどういう意味」 answered by
「…地域住民のシビックプライド醸成を図りながら…」, which uses the word and defines nothing.

Japanese plans define a term in a few written forms: 「Xとは…」「Xは、…をいう」, a gloss in brackets after it
(「X（…）」「X《…》」) or the term in brackets after its description (「関係をとりもつ人・組織（関係案内人）」),
「…をXという／と呼ぶ／と位置づける／と定義」, a clause describing it before the quoted term (「…地方で仕事をする
「転職なき移住」」), or a sentence saying what it points to (「…を指す」「…のこと」). A passage answer (no value
extracted) that writes the term but none of these forms is a near miss; one that never writes the term is left to
the confidence gate (the passage may define it under another wording).
"""

from __future__ import annotations

import re

from assistant.question.named import meaning_asked
from assistant.question.words import defined_term
from assistant.text.normalize import normalize

#: A question asking what a term means (not 「…とは違う」 nor a list 「三つの分科会って何」).
_ASKS_MEANING = re.compile(r"定義|意味|どういう|どのような|どんな|とは[?？]?$|とは何|何のこと|何の略|何を指")
#: What a term's name may open with that is not the term: 「青葉町のガイド人材」「県でいうX」.
_FRAME = re.compile(r"^.*(?:の|でいう|にある|に出てくる)")
#: A sentence saying what something points to, whatever it names, or what it is by what it is not
#: (「…でもなく、…でもない、特定の地域に…関わる人」).
_POINTS_TO = re.compile(r"を指す|を指し|のこと[をで。)）]|をいう|を意味|と定義|でもなく[^。]{0,40}でもない")


def _forms(term: str) -> list[re.Pattern[str]]:
    t = re.escape(term)
    return [
        re.compile(rf"{t}」?\s?(?:とは|は、|[:：])"),
        re.compile(rf"[(（《][^()（）《》]{{0,10}}{t}\s?[)）》]"),  # 「…役割(いわゆる人口のダム機能)」
        re.compile(rf"{t}」?\s?[(（《][^)）》]{{4,}}[)）》]"),
        re.compile(rf"{t}」?\s?(?:という|と呼|と位置づ|と位置付|と定義|と称)"),
        re.compile(rf"{t}」?は[^。]{{2,60}}である"),  # 「Xは…である」
        re.compile(rf"[るたいなう]「[^「」]{{0,10}}{t}」"),  # a clause ending in a verb or adjective, then the term
    ]


def asked_term(question: str) -> str:
    """The term whose meaning the question asks, without a frame before it (「炭鉄港の」), or ""."""
    q = normalize(question)
    if not _ASKS_MEANING.search(q):
        return ""
    term = normalize(defined_term(q) or meaning_asked(q) or "").strip("「」")
    tail = _FRAME.sub("", term)
    return tail if len(tail) >= 3 else term


def meaning_unstated(question: str, answer_text: str, key: str | None) -> bool:
    """A meaning is asked, and the passage answer writes the term without defining it in any written form."""
    term = asked_term(question)
    if key or len(term) < 2:
        return False
    text = normalize(answer_text)
    if term not in text or _POINTS_TO.search(text):
        return False
    return not any(p.search(text) for p in _forms(term))
