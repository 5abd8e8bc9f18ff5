"""Whether an answer names the thing a question asks by name, bound to the asked noun in its own words.

「学生団体の名前は」 is answered by 「学生団体「○○」」「○○という学生団体」「○○学生団体」, not by a passage that says
「学生団体を設立」 and names other things elsewhere (a village, a web site): a name must stand next to the noun.
"""

from __future__ import annotations

import re

from assistant.question.named import asked_heads, meaning_asked
from assistant.question.words import counter_pattern
from assistant.text.names import names_in, new_of_kind, places_in
from assistant.text.normalize import normalize

#: A bracketed name or a labelled one right after the noun: 「団体「○○」」「作品『○○』」「法人(○○、△△)」「路線:○○」.
_AFTER = r"\s?(?:[「『]([^」』]{2,40})[」』]|[(（]([^)）]{2,80})[)）]|[:：]\s?([^、。\s]{2,30})|は、?\s?[「『]([^」』]{2,40})[」』])"
#: A name written right before the noun: 「「○○」という団体」「○○と呼ばれる作品」.
_BEFORE = r"[「『]([^」』]{2,40})[」』]\s?(?:という|と呼ばれる|と称する|の)?\s?$"


def _tail(head: str) -> str:
    """The head's last two characters: 「学生団体」 is named as 〜団体, 「特定居住支援法人」 as 〜法人."""
    return head[-2:] if len(head) > 2 else head


def _names_something(span: str, question: str) -> bool:
    """Whether a bracketed or labelled ``span`` names something the question does not write (not a count, not a date)."""
    span = span.strip()
    if not span or re.fullmatch(r"[\d,.\s%~～年月日度件名人社団体か所市町村県、・]+", span):
        return False
    if re.match(r"^\d", span):
        return False  # 「(24県、44市町村)」 counts them, it names none
    return bool(new_of_kind(frozenset({span}), question)) and not span.startswith(("※", "注"))


def names_bound(head: str, text: str, question: str) -> bool:
    """Whether ``text`` writes a name bound to the noun ``head``: a name ending in it, or one bracketed beside it."""
    body = normalize(text)
    tail = _tail(head)
    if any(len(n) > len(tail) and tail in n and n != head for n in new_of_kind(names_in(body), question)):
        return True
    # A long compound ending in the noun (地域おこし協力隊活動応援事業) or a quoted name leading one
    # (「空知人」！協力隊応援事業) names it; 「大学生団体」 only describes one.
    compound = rf"(?:[\u4e00-\u9fff\u30a0-\u30ffー・]{{6,}}|[「『][^」』]{{2,30}}[」』][^、。\s「『]{{0,24}}?){re.escape(tail)}"
    if any(new_of_kind(frozenset({m.group(0)}), question) for m in re.finditer(compound, body)):
        return True
    # A quoted name anywhere: documents set names off in brackets, often apart from the noun
    # (「取組の名前は」 answered 「「○○で週1副社長」を開始し…」).
    if any(_names_something(m.group(1), question) for m in re.finditer(r"[「『]([^」』]{2,40})[」』]", body)):
        return True
    for noun in {head, tail}:
        for m in re.finditer(re.escape(noun), body):
            after = re.match(_AFTER, body[m.end() : m.end() + 90])
            if after and _names_something(next(g for g in after.groups() if g), question):
                return True
            before = re.search(_BEFORE, body[max(0, m.start() - 50) : m.start()])
            if before and _names_something(before.group(1), question):
                return True
    return False


def name_unbound(question: str, text: str) -> bool:
    """A name is asked (of a body, a work, a route…) and ``text`` writes none bound to any asked noun."""
    heads = asked_heads(question)
    return bool(heads) and not any(names_bound(h, text, question) for h in heads)


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


#: Measures asked with 何 that the count reader leaves out: minutes (not 「何分の1」), lengths, areas, weights.
_MEASURE = re.compile(r"何\s?(分(?!の)|秒|キロ(?:メートル)?|メートル|km|ヘクタール|ha|トン)")
_MEASURE_UNITS = {
    "キロ": "km|キロ",
    "キロメートル": "km|キロ",
    "メートル": "m|メートル",
    "km": "km|キロ",
    "ha": "ha|ヘクタール",
}


def number_unwritten(question: str, text: str) -> bool:
    """A count or a measure is asked (何人, 何件, 何分, 何キロ) and ``text`` writes no number with its counter:
    a quoted passage about the survey (「延べ回答件数は3,056件」 for 何人) or the trail (no km) does not answer."""
    q = normalize(question)
    # 「何人」「何件」 only: 「部会はいくつ」 may be answered 「部会を6つ設置」, which no noun-first pattern reads.
    counted = counter_pattern(q)
    if counted is None and (m := _MEASURE.search(q)):
        unit = _MEASURE_UNITS.get(m.group(1), re.escape(m.group(1)))
        counted = re.compile(rf"\d\s?(?:{unit})")
    return counted is not None and not counted.search(normalize(text))


#: 「どこで開かれた」「会場はどこ」「開催場所は」: where an event was held.
_VENUE_ASKED = re.compile(r"どこで(?:開か|開催|行わ|実施|やっ)|会場(?:は|を|って|名)|開催場所|開催地(?:は|を|って)")
#: A place written as a field of the event: 「場所:砂川自動車学校」「会場:○○ホール」.
_VENUE_LABEL = re.compile(r"(?:場所|会場|開催地|所在地)\s?[:：]")


def venue_unwritten(question: str, text: str) -> bool:
    """Where an event was held is asked and ``text`` names no place, site or body the question does not write, nor
    labels one (「場所:」): the passage gives the event's date and aim only."""
    if not _VENUE_ASKED.search(normalize(question)):
        return False
    body = normalize(text)
    return not _VENUE_LABEL.search(body) and not new_of_kind(names_in(body) | places_in(body), question)


#: 「進捗率は」「どこまで達成」: an indicator's progress, which a record's baseline and target alone do not state.
_PROGRESS_ASKED = re.compile(r"進捗|達成率")
_PROGRESS_SAID = re.compile(r"進捗|達成|%|集計中")


def progress_unstated(question: str, text: str) -> bool:
    """An indicator's progress is asked and ``text`` (a record's answer) states no progress, rate nor pending count:
    「基準値1,866万人(R5)、目標値2,200万人(R11)」 for 「進捗率は」 gives the plan, not how far it has come."""
    return bool(_PROGRESS_ASKED.search(normalize(question))) and not _PROGRESS_SAID.search(normalize(text))
