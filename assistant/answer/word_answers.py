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

from assistant.answer.values import SOURCE_LINE, defines, find_name, labelled_names
from assistant.question.named import asked_kind, meaning_asked
from assistant.question.words import content_tokens, defined_term
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

if TYPE_CHECKING:
    from assistant.answer.extract import Candidate
    from assistant.answer.policy import AbstainPolicy

#: A bracket right after a quoted name, saying what it is: 「「共創戦略」(基本方針)」.
_GLOSS = re.compile(r"\s?[(（]([^()（）]{1,12})[)）]")
#: A line opening with a mark, an outline number or a label is a heading or a list item, not a name: 「■ …」
#: 「(1) …」「② …」「1. …」「III …」「第3章 …」「【事業名】…」.
NUMBERED = re.compile(
    r"^\s*(?:[①-⑳]|[(（]?(?:\d+|[一二三四五六七八九十]+|[IVXⅠ-Ⅹivx]+)[)）.．、]"
    r"|(?:[IVXⅠ-Ⅹ]+|\d+)\s|第\s?[\d一二三四五六七八九十]+\s?[章節部編]|【)"
)
HEADING = re.compile(rf"^\s*[\-・○●■◆□※•→▼▶◇◎★☆]|{NUMBERED.pattern[1:]}")
#: A line opening with a count or a generic modifier describes things, it names none: 「3つの…」「主な…」.
_GENERIC_OPENING = re.compile(
    r"^(?:[\d一二三四五六七八九十]+つの|主な|重点|今後の|新たな|各|その他|令和\d+年度の|\d+年度の)"
)
#: A slide line standing for a name: no sentence end, not longer than a long name.
_NAME_LINE_MAX = 50
#: Characters of a name written without quotes (no kana particles, no punctuation).
_NAME_CHARS = r"A-Za-z0-9\u4e00-\u9fff\u30a0-\u30ffー"
#: What joins the names of a run: 「A、B及びC」.
_JOIN = r"(?:、|及び|並びに)"
#: 「(いわゆる人口のダム機能)」: what a thing is commonly called, in a bracket after it.
_SO_CALLED = re.compile(r"[(（]いわゆる\s?([^\s、。()（）「」]{2,20})[)）]")


def name_in(c: Candidate, cands: Sequence[Candidate], question_text: str, names_only: bool) -> str | None:
    """`asked_name` for candidate ``c`` of the ranker's ``cands``: a name not quoted is read only from the first,
    and only when none of the next few quotes a name (a quoted name below outranks a line restating the heading)."""
    first = c is cands[0] and not any(_quotes_name(o.sentence.clean, question_text) for o in cands[1:6])
    return asked_name(c.sentence.clean, question_text, names_only, first)


def _quotes_name(text: str, question_text: str) -> bool:
    """Whether ``text`` quotes a name the question may ask (of its kind, or by `values.find_name`)."""
    kind = asked_kind(question_text)
    return bool((kind and name_of_kind(text, question_text, kind, unquoted=False)) or find_name(text, question_text))


def asked_name(text: str, question_text: str, names_only: bool = False, first: bool = True) -> str | None:
    """The name in ``text`` that answers a name question: one of the kind asked first (see the module), then
    `values.find_name`'s, then what the sentence says the thing is commonly called.

    A name not quoted (a name line, a run of names) is read only from the ranker's ``first`` sentence: unquoted,
    only its place among the candidates says it is the one asked, not a neighbouring block's."""
    if WHY.search(normalize(question_text)):
        return None  # 「「広場」という呼び名を選んだのはなぜ」 asks why, not the name
    kind = asked_kind(question_text)
    if kind and not SOURCE_LINE.search(text):
        found = name_of_kind(text, question_text, kind, unquoted=first) or _founded_as(text, question_text, kind)
        if found:
            return found
    found = find_name(text, question_text, names_only=names_only)
    if found:
        return found
    called = _SO_CALLED.search(text)
    return called.group(1) if called and called.group(1) not in question_text else None


#: A body founded as what it is (「官民共創のコンソーシアムとして、伊那市新産業技術推進協議会を設立した」): the name
#: between 「{kind}として」 and the verb founding it names the kind asked.
#: The name follows 「として、」 at once and has no particle in it (not 「庁内にDX推進本部」, not 「令和2年に…」, not the
#: founder 「伊那市が」); 「を」 then the founding verb close it.
_FOUNDED = r"{kind}として[、,]?\s*([^\s、。,「」()（）をがにでは]{{2,40}})を(?:設立|設置|創設|発足|結成|立ち上げ)"


def _founded_as(text: str, question_text: str, kind: str) -> str | None:
    """The name ``text`` says a body of ``kind`` was founded as (`_FOUNDED`), unless the question writes it."""
    m = re.search(_FOUNDED.format(kind=re.escape(kind)), text)
    return m.group(1) if m is not None and m.group(1) not in question_text else None


def name_of_kind(text: str, question_text: str, kind: str, unquoted: bool = True) -> str | None:
    """A name of ``kind`` in ``text`` (quoted, glossed, and with ``unquoted`` a name line or a run), or None.

    Of several quoted names of the kind, the one whose words before it hold most of the question's (as
    `values.find_name` weighs labels; the first on ties)."""
    asked = set(tokenize(question_text))
    content = content_tokens(question_text)
    found: list[tuple[int, int, str]] = []
    for m, name, label in labelled_names(text):
        if name in question_text or set(tokenize(name)) <= asked:
            continue
        gloss = _GLOSS.match(text, m.end())
        if gloss and kind in gloss.group(1):
            said = text[m.start() : gloss.end()].strip()  # said with its quotes and the bracket naming its kind
        elif name.endswith(kind) or text.startswith(f"という{kind}", m.end()):
            said = name
        else:
            continue
        found.append((-len(set(tokenize(label)) & content), len(found), said))
    if found:
        return min(found)[2]
    if not unquoted or HEADING.match(text):
        return None  # a heading or list item, numbered or marked, is a topic, not a name
    return _name_line(text.strip(), question_text, kind) or _name_run(text.strip(), asked, kind)


def _name_line(line: str, question_text: str, kind: str) -> str | None:
    """``line`` when it is itself a name of ``kind``: short, no sentence, no generic opening, not the question's
    own words restated (at most half its content words the question's)."""
    bare = re.sub(r"\s?[(（][^()（）]{1,8}[)）]$", "", line)  # 「…(仮称)」
    words = [w for w in tokenize(bare) if len(w) > 1 or re.match(r"[\u4e00-\u9fff]", w)]
    shared = sum(w in content_tokens(question_text) for w in words)
    if (
        len(line) <= _NAME_LINE_MAX
        and bare.endswith(kind)
        and len(bare) > len(kind) + 1
        and not re.search(r"[。:：、]", line)
        and not _GENERIC_OPENING.match(bare)
        and words
        and shared * 2 <= len(words)
    ):
        return line
    return None


def _name_run(line: str, asked: set[str], kind: str) -> str | None:
    """A list of names of ``kind`` (「A<kind>、B<kind>及びC<kind>」): the whole line, or counted right after
    (「…の4つの<kind>」); each name must say more than the question's words."""
    k, item = re.escape(kind), rf"[{_NAME_CHARS}]{{1,20}}"
    count = r"\s?の\s?(?:\d+|[一二三四五六七八九十]+)\s?(?:つ|{k})".replace("{k}", k)
    run = re.fullmatch(rf"({item}{k}(?:{_JOIN}{item}{k})+)。?", line) or re.search(
        rf"({item}{k}(?:{_JOIN}{item}{k})+)(?={count})", line
    )
    # Names in the course of a sentence (「財源はA事業とB事業で賄う」) are not a list of them.
    if not run or any(set(tokenize(i)) <= asked for i in re.split(_JOIN, run.group(1))):
        return None
    return run.group(1)


# -- meanings ------------------------------------------------------------------------------------------------
#: 「「X」は、どの範囲を指していますか」「「X」はどういう意味」: a quoted term whose meaning is asked, not 「「X」はどんな
#: お店で使える」, which asks another thing about X.
_QUOTED_TERM = re.compile(
    r"「([^「」]{2,20})」(?:は|って|とは)、?[^。]{0,24}?"
    r"(?:を?指(?:す|し|して)|意味|定義|(?:どういう|どのような|どんな)(?:もの|こと|意味|概念))"
)
#: 「… X 意味」「Xの定義は？」 at the end of a keyword query.
_TERM_TAIL = re.compile(r"([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー]{2,20}?)の?(?:定義|意味)(?:は|を)?[?？]?$")
#: 「Xとは？」「「X」って？」: the term alone, asked with nothing after it.
_BARE_ASK = re.compile(
    r"(?:「([^「」]{2,20})」|([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー]{2,20}))\s?(?:とは|って)\s?[?？]?$"
)
#: The ranker's first sentences read for one that states the meaning.
READ = 8


def term_asked(question: str) -> str:
    """The term whose meaning ``question`` asks, or "" (「DXってどういう意味」 -> DX, so `meaning_asked` first)."""
    text = normalize(question)
    found = meaning_asked(question) or re.sub(r"(?:って|とは).*$", "", defined_term(question) or "")
    if not found and (m := _QUOTED_TERM.search(text) or _TERM_TAIL.search(text)):
        found = m.group(1)
    return found or ""


def states_meaning(sentence: str, term: str) -> bool:
    """Whether ``sentence`` says what ``term`` means (see the module), or has it as its subject and says what it is
    (「Xは、…を変革することです」「Xは…の略である」)."""
    t = re.escape(term)
    said_is = rf"^[\s・○●]*「?{t}」?(?:は|って)、?[^。]*(?:の略|もの|こと|指標|概念|仕組み|制度)(?:です|である|だ)?。?$"
    if defines(sentence, term) or re.match(said_is, sentence):
        return True
    if NUMBERED.match(sentence):
        return False  # 「第3章 重点的な施策(DX)」: a heading tags its topic, it says nothing of what it is
    # What it is, then the term as its bracketed name; no number in it (「令和5年度予算(DX)」 tags a budget).
    apposition = re.search(rf"([^\s、。()（）「」]{{4,}})[(（]{t}[)）]", sentence)
    if apposition and not re.search(r"\d", apposition.group(1)):
        return True
    # The term, then its meaning; not an index base 「(2020年=100)」.
    return bool(re.search(rf"{t}」?\s?[(（][^()（）]*[=＝](?![\d.\s]+[)）])[^()（）]+[)）]", sentence))


def meaning_term(question: str) -> str:
    """The term whose meaning ``question`` asks in so many words (`meaning_asked`, `_QUOTED_TERM`, `_TERM_TAIL`,
    `_BARE_ASK`), or "": unlike `term_asked`, not a term the question only opens with (「Xってどんな年齢層の…」
    「「X」とは、…はどの年代？」 ask another thing about X)."""
    text = normalize(question)
    if found := meaning_asked(question):
        return found
    m = _QUOTED_TERM.search(text) or _TERM_TAIL.search(text) or _BARE_ASK.search(text)
    return next((g for g in m.groups() if g), "") if m else ""


def defines_asked_term(sentence: str, question: str) -> bool:
    """Whether ``sentence`` states the meaning of the term ``question`` asks the meaning of (`meaning_term`)."""
    term = meaning_term(question)
    return bool(term) and states_meaning(sentence, term)


def answering_sentence(cands: Sequence[Candidate], question: str, policy: AbstainPolicy) -> Candidate | None:
    """The first of the ranker's first sentences stating the meaning asked (or listing the things asked, `lists`;
    for a reason asked, the reason the first one refers back to, `reason_before`), when the first one does not
    (else None); it must be as close to the question as the policy asks of any
    answering sentence, and of a value's sentence about the question's subject."""
    if cands and (reason := reason_before(cands, question, policy)) is not None:
        return reason
    term = term_asked(question)
    noun = "" if term else listed_noun(question)
    count = listed_count(question)
    if term:
        holds = partial(states_meaning, term=term)
    elif noun:
        holds = partial(lists, noun=noun, count=count)
    else:
        return None
    if not cands or holds(cands[0].sentence.clean) or (noun and names_of(cands[0].sentence.clean, noun, count)):
        return None
    for c in cands[:READ]:
        # The word-share bound stays a cut here, where a sentence below the first replaces it (the gate weighs the
        # first sentence's share, `AbstainPolicy.overlap_ok`, not a replacement's: measured alike either way).
        # The passage-share bound as the policy holds it: the gate's to weigh when one is loaded, else a cut. A term's
        # definition often shares only the term with the question (see the module): stating it is closeness enough,
        # but only when the question asks the meaning in so many words, not when it only opens with the term.
        close = c.overlap >= policy.min_overlap or defines_asked_term(c.sentence.clean, question)
        near = close and policy.context_ok(c)
        # Ranked below the first, it must still be about the question's subject (its rarest word, its topic).
        if near and c.anchored and c.topic >= policy.min_topic and holds(c.sentence.clean):
            return c
    return None


# -- lists ---------------------------------------------------------------------------------------------------
_KANJI_COUNT = {k: i + 1 for i, k in enumerate("一二三四五六七八九十")}
_COUNT = r"(\d+|[一二三四五六七八九十])"
#: 「4つの部会」「3つの柱」: the things a question asks, counted.
_COUNTED_NOUN = re.compile(rf"{_COUNT}つの([\u4e00-\u9fff\u30a0-\u30ffー]{{1,8}})")
#: 「どこの大学」「どの部会」: the things a question asks, by which; a list only with a plural cue (`_SEVERAL`).
_WHICH_NOUN = re.compile(r"(?:どこ|どの|何)の?([\u4e00-\u9fff\u30a0-\u30ffー]{1,6})(?=[のがをはにでと])")
_SEVERAL = re.compile(r"何と何|すべて|全て|それぞれ|複数|いくつ|ら[がはをの]|たち")


def listed_noun(question: str) -> str:
    """The noun of the things a question asks to list (「4つの部会は何と何」 -> 部会), or "": 「どの大学と結んだ」
    asks one, a list only with a plural cue (「どの大学とそれぞれ」)."""
    text = normalize(question)
    if m := _COUNTED_NOUN.search(text):
        return m.group(2)
    m = _WHICH_NOUN.search(text)
    return m.group(1) if m and _SEVERAL.search(text) else ""


def listed_count(question: str) -> int:
    """How many things a question asks to list (「3つの部会」 -> 3), or 0."""
    m = _COUNTED_NOUN.search(normalize(question))
    return _number(m.group(1)) if m else 0


def _number(text: str) -> int:
    """「3」 or 「三」 as a number."""
    return int(text) if text.isdigit() else _KANJI_COUNT.get(text, 0)


def lists(sentence: str, noun: str, count: int = 0) -> bool:
    """Whether ``sentence`` lists several ``noun`` and counts them (as many as ``count``, when asked):
    「防災、福祉、教育の3部会」「3大学(A、B、C)」."""
    n = re.escape(noun)
    item = r"[^、。()（）「」\s]{1,20}"
    m = re.search(rf"{item}(?:、|・|及び){item}.{{0,20}}?の\s?{_COUNT}\s?(?:つの)?\s?{n}", sentence) or re.search(
        rf"{_COUNT}\s?(?:つの)?\s?{n}\s?[(（][^()（）]*、[^()（）]*[)）]", sentence
    )
    return bool(m) and (not count or _number(m.group(1)) == count)


def names_of(sentence: str, noun: str, count: int = 0) -> bool:
    """Whether ``sentence`` already names as many things of ``noun`` as asked (「防災部会、福祉部会…」, one for
    a which question): a right answer that does not count them."""
    found = re.findall(rf"[{_NAME_CHARS}]+{re.escape(noun)}", sentence)
    return len(found) >= max(count, 1)


# -- reasons -------------------------------------------------------------------------------------------------
#: A question asking why: 「なぜ」「どうして」「何のため」「…の理由は」; not 「退職理由の内訳」「理由となった条例」.
WHY = re.compile(r"なぜ|何故|どうして|何のため|理由(?:は|を|って|として|[?？]|$)")
#: A sentence opening by referring back to its reason: 「そのため、…」「このため…」「そこで、」 (not 「そこで出た」).
_THEREFORE = re.compile(r"^[\s\-・•○◆■]*(?:そのため|このため|こうしたことから|このことから|そこで、|したがって|従って)")


def reason_before(cands: Sequence[Candidate], question: str, policy: AbstainPolicy) -> Candidate | None:
    """For a reason asked, the sentence before the ranker's first when that one opens with 「そのため」: what it
    refers back to is the reason (else None; and when it is too far from the question's words to answer).

    Notes (※) between are passed over; a heading, table row or source line before it is no reason."""
    best = cands[0]
    if not WHY.search(normalize(question)) or not _THEREFORE.match(best.sentence.clean):
        return None
    chunk = best.hit.chunk.chunk_id
    before = [c for c in cands if c.hit.chunk.chunk_id == chunk and c.sentence.end <= best.sentence.start]
    before = [c for c in before if not c.sentence.clean.lstrip().startswith("※")]
    reason = max(before, key=lambda c: c.sentence.start, default=None)
    if reason is None or not _is_sentence(reason.sentence.clean):
        return None
    return reason if reason.overlap >= policy.min_overlap else None


def _is_sentence(text: str) -> bool:
    """Whether ``text`` is a sentence, not a heading, table row or source line."""
    t = text.strip()
    if "|" in t or SOURCE_LINE.search(t) or NUMBERED.match(t) or re.match(r"[■□◆◇▼▶【]", t):
        return False
    return t.endswith("。") or len(t) >= 20
