"""What a words question's answer is read from: the name of the kind asked, the sentence stating a meaning.

Names. `values.find_name` reads quoted and bracketed names and picks one by the words of its label. A question naming the
kind of thing it asks the name of (`question.named.asked_kind`) says more: a Japanese name ends in what it names
(「一次産業の未来を広げる産業振興プロジェクト」「…の一部を改正する法律案」), or a bracket right after a quoted
name says what it is (「「共創戦略」(基本方針)」). Such a name is preferred; a slide line that is itself a name of
that kind, or a run of them (「北東国土軸、日本海国土軸…及び西日本国土軸」), is one too, though not quoted.

Meanings. The ranker scores sentences by the question's words, and a term's definition often shares only the term with it,
while a neighbouring sentence that uses the term (「中央世帯の平均は5位」) shares more. When the ranker's first
sentence does not state what the term means and one of the next few does, that one answers: the term defined
(`values.defines`: 「Xとは…」「X=…」「X:…」), written after what it is as its bracketed name (「電力と通信の効果的な
連携(ワット・ビット連携)」), or glossed in a bracket with its meaning (「「シンギュラリティ」(技術的特異点=…)」).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from assistant.answer.values import NAME_SPAN, SOURCE_LINE, defines, find_name
from assistant.question.named import asked_kind, meaning_asked
from assistant.question.words import defined_term
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

if TYPE_CHECKING:
    from assistant.answer.extract import Candidate
    from assistant.answer.policy import AbstainPolicy

#: A bracket right after a quoted name, saying what it is: 「「共創戦略」(基本方針)」.
_GLOSS = re.compile(r"\s?[(（]([^()（）]{1,12})[)）]")
#: Marks opening a slide line: bullets, boxes, dashes.
_LINE_MARKS = re.compile(r"^[\s\-・○●■◆□※•→]*")
#: A slide line standing for a name: no sentence end, not longer than a long name.
_NAME_LINE_MAX = 50
#: Characters of a name written without quotes (no kana particles, no punctuation).
_NAME_CHARS = r"A-Za-z0-9\u4e00-\u9fff\u30a0-\u30ffー"
#: What joins the names of a run: 「A、B及びC」.
_JOIN = r"(?:、|・|及び|並びに|と|や)"
#: 「(いわゆる人口のダム機能)」: what a thing is commonly called, in a bracket after it.
_SO_CALLED = re.compile(r"[(（]いわゆる\s?([^\s、。()（）「」]{2,20})[)）]")


def asked_name(text: str, question_text: str, names_only: bool = False, first: bool = True) -> str | None:
    """The name in ``text`` that answers a name question: one of the kind asked first (see the module), then
    `values.find_name`'s, then what the sentence says the thing is commonly called.

    A name not quoted (a name line, a run of names) is read only from the ranker's ``first`` sentence: unquoted,
    only its place among the candidates says it is the one asked, not a neighbouring block's."""
    if _WHY.search(normalize(question_text)):
        return None  # 「「保険」という名前を使っているのはなぜ」 asks why, not the name
    kind = asked_kind(question_text)
    if kind and not SOURCE_LINE.search(text):
        found = name_of_kind(text, question_text, kind, unquoted=first)
        if found:
            return found
    found = find_name(text, question_text, names_only=names_only)
    if found:
        return found
    called = _SO_CALLED.search(text)
    return called.group(1) if called and called.group(1) not in question_text else None


def name_of_kind(text: str, question_text: str, kind: str, unquoted: bool = True) -> str | None:
    """A name of ``kind`` in ``text`` (quoted, glossed, and with ``unquoted`` a name line or a run), or None."""
    asked = set(tokenize(question_text))
    for m in NAME_SPAN.finditer(text):
        name = next(g for g in m.groups() if g)
        if name in question_text or set(tokenize(name)) <= asked:
            continue
        gloss = _GLOSS.match(text, m.end())
        if gloss and kind in gloss.group(1):
            return text[m.start() : gloss.end()].strip()  # said with its quotes and the bracket naming its kind
        if name.endswith(kind) or text.startswith(f"という{kind}", m.end()):
            return name
    if not unquoted:
        return None
    line = _LINE_MARKS.sub("", text).strip()
    bare = re.sub(r"\s?[(（][^()（）]{1,8}[)）]$", "", line)  # 「…(仮称)」
    if (
        len(line) <= _NAME_LINE_MAX
        and bare.endswith(kind)
        and len(bare) > len(kind) + 1
        and not re.search(r"[。:：]", line)
        and not set(tokenize(bare)) <= asked
    ):
        return line
    run = re.search(rf"[{_NAME_CHARS}]{{1,20}}{kind}(?:{_JOIN}[{_NAME_CHARS}]{{1,20}}{kind})+", text)
    return run.group(0) if run else None


# -- meanings ------------------------------------------------------------------------------------------------
#: 「「X」は、どの範囲を指していますか」「「X」ってどういう世帯」: a quoted term whose meaning is asked.
_QUOTED_TERM = re.compile(
    r"「([^「」]{2,20})」(?:は|って|とは)、?[^。]{0,24}?(?:指|意味|どういう|どのような|どんな|定義)"
)
#: 「… X 意味」「Xの定義は？」 at the end of a keyword query.
_TERM_TAIL = re.compile(r"([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー]{2,20}?)の?(?:定義|意味)(?:は|を)?[?？]?$")
#: The ranker's first sentences read for one that states the meaning.
READ = 8


def term_asked(question: str) -> str:
    """The term whose meaning ``question`` asks, or ""."""
    text = normalize(question)
    found = defined_term(question) or meaning_asked(question)
    if not found and (m := _QUOTED_TERM.search(text) or _TERM_TAIL.search(text)):
        found = m.group(1)
    return found or ""


def states_meaning(sentence: str, term: str) -> bool:
    """Whether ``sentence`` says what ``term`` means (see the module)."""
    if defines(sentence, term):
        return True
    t = re.escape(term)
    if re.search(rf"[^\s、。()（）「」]{{4}}[(（]{t}[)）]", sentence):
        return True  # what it is, then the term as its bracketed name
    return bool(re.search(rf"{t}」?\s?[(（][^()（）]*[=＝][^()（）]+[)）]", sentence))  # the term, then its meaning


def answering_sentence(cands: Sequence[Candidate], question: str, policy: AbstainPolicy) -> Candidate | None:
    """The first of the ranker's first sentences stating the meaning asked (or listing the things asked, `lists`;
    for a reason asked, the reason the first one refers back to, `reason_before`), when the first one does not
    (else None); it must be as close to the question as the policy asks of any
    answering sentence, and of a value's sentence about the question's subject."""
    if cands and (reason := reason_before(cands, question, policy)) is not None:
        return reason
    term = term_asked(question)
    noun = "" if term else listed_noun(question)
    if term:
        holds = partial(states_meaning, term=term)
    elif noun:
        holds = partial(lists, noun=noun)
    else:
        return None
    if not cands or holds(cands[0].sentence.clean):
        return None
    for c in cands[:READ]:
        near = c.overlap >= policy.min_overlap and c.context >= policy.min_context
        # Ranked below the first, it must still be about the question's subject (its rarest word, its topic).
        if near and c.anchored and c.topic >= policy.min_topic and holds(c.sentence.clean):
            return c
    return None


# -- lists ---------------------------------------------------------------------------------------------------
#: 「4つの部会」「3つの柱」: the things a question asks, counted.
_COUNTED_NOUN = re.compile(r"(?:\d+|[一二三四五六七八九十]+)つの([\u4e00-\u9fff\u30a0-\u30ffー]{1,8})")
#: 「どこの大学」「どの部会」: the things a question asks, by which.
_WHICH_NOUN = re.compile(r"(?:どこ|どの|何)の?([\u4e00-\u9fff\u30a0-\u30ffー]{1,6})(?=[のがをはにでと])")


def listed_noun(question: str) -> str:
    """The noun of the things a question asks to list or pick (「4つの部会は何と何」 -> 部会), or ""."""
    text = normalize(question)
    m = _COUNTED_NOUN.search(text) or _WHICH_NOUN.search(text)
    return m.group(1) if m else ""


def lists(sentence: str, noun: str) -> bool:
    """Whether ``sentence`` lists several ``noun`` and counts them: 「防災、福祉、教育の3部会」「3大学(A、B、C)」."""
    n = re.escape(noun)
    item = r"[^、。()（）「」\s]{1,20}"
    if re.search(rf"{item}(?:、|・|及び){item}.{{0,20}}?の\s?\d+\s?(?:つの)?\s?{n}", sentence):
        return True
    return bool(re.search(rf"\d+\s?(?:つの)?\s?{n}\s?[(（][^()（）]*、[^()（）]*[)）]", sentence))


# -- reasons -------------------------------------------------------------------------------------------------
#: A question asking why: 「なぜ」「どうして」「何のため」「理由は」.
_WHY = re.compile(r"なぜ|何故|どうして|理由|何のため")
#: A sentence opening by referring back to its reason: 「そのため、…」「このため…」「こうしたことから…」.
_THEREFORE = re.compile(r"^[\s\-・•○◆■]*(?:そのため|このため|こうしたことから|このことから|そこで|したがって|従って)")


def reason_before(cands: Sequence[Candidate], question: str, policy: AbstainPolicy) -> Candidate | None:
    """For a reason asked, the sentence before the ranker's first when that one opens with 「そのため」: what it
    refers back to is the reason (else None; and when it is too far from the question's words to answer)."""
    best = cands[0]
    if not _WHY.search(normalize(question)) or not _THEREFORE.match(best.sentence.clean):
        return None
    chunk = best.hit.chunk.chunk_id
    before = [c for c in cands if c.hit.chunk.chunk_id == chunk and c.sentence.end <= best.sentence.start]
    reason = max(before, key=lambda c: c.sentence.start, default=None)
    return reason if reason is not None and reason.overlap >= policy.min_overlap else None
