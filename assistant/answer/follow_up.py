"""Corpus evidence for follow-ups: do the documents discuss a turn's own words together with the subject?

A turn that names something of its own (「地域提案型は？」, 「委員長は誰？」) is a follow-up when some
passage retrieved for it, alone or with the subject, holds most of the turn's words and most of the
subject's, weighted by rarity (IDF); otherwise it opens a new subject and is searched alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.answer.confidence import Evidence
from assistant.answer.conversation import Resolution, Subject
from assistant.answer.drill_down import compact, shown_pieces
from assistant.answer.extract import Candidate
from assistant.answer.turn_words import FIELD_WORDS, names_a_thing, new_nouns, points_back
from assistant.answer.value_forms import CLOCK
from assistant.answer.values import DURATION
from assistant.question.kinds import VALUE_PATTERNS, QueryIntent
from assistant.question.rules import asks
from assistant.question.words import CLOCK_WORDS, asks_value, frame_tokens, named_things
from assistant.retrieval.interfaces import Retriever
from assistant.text.tokenizer import tokenize
from assistant.types import Citation, Hit

#: Share of a side's IDF weight a passage must hold for the two to be "discussed together".
MIN_SHARE = 0.5
#: Passages read per query (the turn with the subject, and the turn alone).
K = 5
#: Decisions remembered between requests.
MAX_REMEMBERED = 4096


def _weights(text: str, idf: Mapping[str, float]) -> dict[str, float]:
    default = max(idf.values(), default=1.0)
    return {t: idf.get(t, default) for t in set(tokenize(text, nouns_only=True)) if t not in FIELD_WORDS}


def share(weights: Mapping[str, float], tokens: set[str], text: str = "") -> float:
    """IDF share of ``weights``' words present in ``tokens`` (0 when there are none).

    With ``text``, a word of two characters or more written in it also counts: MeCab may cut a compound
    one way in a question and another in a passage (交通/結/節点 and 交通/結節/点).
    """
    total = sum(weights.values())
    held = sum(w for t, w in weights.items() if t in tokens or (text and len(t) >= 2 and t in text))
    return held / total if total else 0.0


@dataclass
class CorpusCooccurrence:
    """`Cooccurs` over a retriever: retrieve the turn with the subject and alone, and read the passages."""

    retriever: Retriever
    idf: Mapping[str, float]
    docs: Sequence[str] | None = None
    min_share: float = MIN_SHARE
    #: Decisions already made, shared across turns: each turn re-reads the conversation before it.
    seen: dict[tuple[str, str, tuple[str, ...]], bool] = field(default_factory=dict)

    def __call__(self, turn: str, subject: str) -> bool:
        key = (turn, subject, tuple(self.docs or ()))
        if key not in self.seen:
            if len(self.seen) >= MAX_REMEMBERED:
                self.seen.clear()  # bounded: a long-running server sees many conversations
            self.seen[key] = self._together(turn, subject)
        return self.seen[key]

    def _together(self, turn: str, subject: str) -> bool:
        own, about = _weights(turn, self.idf), _weights(subject, self.idf)
        if not own or not about:
            return True  # nothing to tell them apart: keep the conversation's subject
        hits = [
            *self.retriever.retrieve(f"{subject} {turn}", K, self.docs),
            *self.retriever.retrieve(turn, K, self.docs),
        ]
        for hit in hits:
            text = f"{hit.chunk.heading} {hit.chunk.search_text}"
            tokens = set(tokenize(text, nouns_only=True))
            if share(own, tokens, text) >= self.min_share and share(about, tokens, text) >= self.min_share:
                return True
        return False


#: Nouns that say how a turn asks (「…する想定？」「…の予定は？」「…見込み？」), not what it asks about.
MODAL_NOUNS = frozenset("想定 予定 見込み 見込 見通し 計画上 イメージ".split())


def turn_nouns(turn: str, subject: Subject | None, idf: Mapping[str, float]) -> set[str]:
    """The turn's own nouns: two characters or more, known to the corpus, not the subject's, not framing."""
    said = set(tokenize(subject.words(), nouns_only=True)) if subject is not None else set()
    return {
        t
        for t in tokenize(turn, nouns_only=True)
        if len(t) >= 2 and t in idf and t not in said and t not in frame_tokens() and t not in MODAL_NOUNS
    }


def holding_first(
    cands: list[Candidate],
    own: Sequence[str],
    idf: Mapping[str, float],
    shown: str = "",
    value: bool = False,
    turn: str = "",
) -> list[Candidate]:
    """Candidates holding most of the turn's own nouns (IDF-weighted) first, the order kept within each group.

    The carried subject makes the sentence that answered the last turn score best again; the sentence
    naming what this turn asks (「地図」 in 「その取組で学生が描いている地図は？」) is the one to answer from.
    Among those, when the turn asks a ``value``, a sentence of the passage the last answer ``shown`` quoted from
    comes first (the row below the one shown); a name asked may well be given in the passage after.
    """
    weights = {t: idf.get(t, 1.0) for t in own}
    # A turn naming nothing of its own (「いくら出したの？」) drills into what the last answer showed.
    held = [
        not weights or share(weights, set(tokenize(c.sentence.clean, nouns_only=True)), c.sentence.clean) >= MIN_SHARE
        for c in cands
    ]
    if _PLACE_ASKED.search(turn):
        # 「会場は？」 after an event's count: the place is labelled where it is written (「場所:…」), in whichever
        # place word; the sentence the last answer quoted (the count's) holds none.
        placed = [VALUE_PATTERNS["place"].search(c.sentence.clean) is not None for c in cands]
        held = placed if any(placed) else held
    if item := pointed_item(turn):
        # 「その運営団体、法律上の名称は？」: of the sentences holding the turn's words, the one about that item.
        named = [h and item in c.sentence.clean for h, c in zip(held, cands, strict=True)]
        held = named if any(named) else held
    if not any(held):
        return cands
    pieces = shown_pieces(shown) if value else []
    beside = [any(p in compact(c.hit.chunk.search_text) for p in pieces) for c in cands]
    rank = {id(c): (not h, not b) for c, h, b in zip(cands, held, beside, strict=True)}
    return sorted(cands, key=lambda c: rank[id(c)])


#: A turn asking where an event was held, by a place word or 「どこで」 (not 「どこの…」: which one of a kind).
_PLACE_ASKED = re.compile(r"会場|場所|開催地|どこで")


#: 「その運営団体、…」「その学校が…」: a pointer and the item it points at, named again. 「どこの」「あそこの」 end in
#: 「この」 but ask or point at a place, not an item.
_POINTED = re.compile(r"(?:(?<![どあ])その|(?<!ど)(?<!あそ)この|当該)([\u4e00-\u9fff\u30a0-\u30ff]{2,})")
#: What a pointer may be followed by that is an aspect of the last answer or a connective, not an item of the subject
#: (「その結果、…」「その内訳は？」「その後…」): no sentence need name it.
_ASPECTS = ("結果", "内訳", "理由", "目的", "一方", "詳細", "概要", "後", "際")


def pointed_item(turn: str) -> str:
    """The item a turn points at by name (「その運営団体、法律上の名称は？」 -> 運営団体), else "".

    The subject holds its words, so they are not the turn's own; but among the subject's passages, the
    sentence about that item is the one asked about, not one about the subject's other items.
    """
    m = _POINTED.search(turn)
    if m is not None and m.group(1).startswith(_ASPECTS):
        m = None
    if m is None:  # 「どこの大学の学生？」: the kind of thing whose name is asked
        m = _WHICH_OF_KIND.search(turn)
    return m.group(1) if m is not None and len(m.group(1)) >= 2 and m.group(1) not in frame_tokens() else ""


def last_answer(history: Sequence[Mapping[str, str]] | None) -> str:
    """The assistant's last answer in the history ("" when none)."""
    return _last(history, "assistant")


def last_question(history: Sequence[Mapping[str, str]] | None) -> str:
    """The user's last question in the history ("" when none)."""
    return _last(history, "user")


def _last(history: Sequence[Mapping[str, str]] | None, role: str) -> str:
    return next((m.get("content", "") for m in reversed(history or []) if m.get("role") == role), "")


#: Nouns that name the kind of value asked rather than a detail of the subject: a value of that kind is itself
#: what they ask (「設立時期は」 -> a date, 「料金は」 -> a sum, 「期間は」 -> a span), so its sentence need not say them.
KIND_NOUNS: dict[str, frozenset[str]] = {
    "date": frozenset("時期 時点 日付 日程 期日 年月 日時 年度".split()),
    "amount": frozenset("料金 金額 費用 価格 値段 額 代金".split()),
    "count": frozenset("人数 件数 数 総数".split()),
    "percent": frozenset("割合 比率 率".split()),
}


def kind_nouns(key: str | None) -> frozenset[str]:
    """The `KIND_NOUNS` a value answers by its kind (「期間」 for a span of years as 「今後2~4年程度」)."""
    if not key:
        return frozenset()
    found = {n for kind, nouns in KIND_NOUNS.items() if VALUE_PATTERNS[kind].search(key) for n in nouns}
    if DURATION.fullmatch(key.removeprefix("今後").removeprefix("約")):
        found.add("期間")
    if re.search(CLOCK, key):
        found |= CLOCK_WORDS  # 「16:00~18:00」 answers 「時間帯は？」 by its kind, as a date answers 「時期は？」
    return frozenset(found)


def asked_detail_near_value(turn: str, subject: Subject | None, evidence: Evidence, idf: Mapping[str, float]) -> bool:
    """Whether the sentence giving a follow-up's value names what the turn asks (「交付額は？」 -> 交付).

    The carried subject brings retrieval to the subject's passage, and that passage usually holds some
    amount or count; a near-miss follow-up (「参加費は？」 where no fee is given) must not take it. Most of
    the turn's own nouns (two characters or more, known to the corpus, not the subject's; IDF-weighted)
    must be in the sentence; a turn with none (「いくら出したの？」) is not checked.
    """
    own = turn_nouns(turn, subject, idf)
    # A thing the turn names (「農業体験キャンプ」) is checked on its passage (`Candidate.named`): its row of
    # figures (「参加中学:…計4校」) sits under the name's line, and must name the detail asked (中学) only.
    detail = own - {t for name in named_things(turn) for t in tokenize(name, nouns_only=True)}
    own = detail or own
    own -= kind_nouns(evidence.key)  # 「設立時期は」 answered with 2019年4月: the value itself is the 時期
    if not own or not evidence.sentence:
        return True
    weights = {t: idf[t] for t in own}
    return share(weights, set(tokenize(evidence.sentence, nouns_only=True))) >= MIN_SHARE


_KANJI_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


#: 「どこの大学」「どの会社」: which one of a kind of thing is asked, by the kind's word.
_WHICH_OF_KIND = re.compile(
    r"(?:どこ|どちら|どの)の?([\u4e00-\u9fff\u30a0-\u30ff]{1,4}?)(?:の|が|と|は|に|を|で|[？?]|$)"
)


def passage_for_a_named_detail(
    turn: str, intent: QueryIntent, subject: Subject | None, evidence: Evidence, quoted: str, idf: Mapping[str, float]
) -> bool:
    """A follow-up asking which place or what name (「それってどこ？」「その団体の名前は？」) answered with a bare passage.

    The carried subject brings back the passage the last turn was answered from; when no place or name is cut
    from it and the passage does not hold what the turn names of its own (「どこが出資して…」 -> 出資), the
    passage only restates the subject: the detail asked is not given (a near miss).
    """
    if evidence.key or not (intent.wants("place") or asks("name", intent.text)):
        return False
    if intent.wants("place") and VALUE_PATTERNS["place"].search(quoted):
        return False  # the passage labels a place (「場所:…」), though the sentence chosen was another
    # A verbal noun used as the verb (「どこが出資して…」) is what such a turn asks about, though no noun.
    said = subject.words() if subject is not None else ""
    runs = {r for r in _KANJI_RUN.findall(turn) if r not in said and r not in frame_tokens() and r not in FIELD_WORDS}
    own = turn_nouns(turn, subject, idf) | runs
    weights = {t: idf.get(t, max(idf.values(), default=1.0)) for t in own}
    return not own or share(weights, set(tokenize(quoted, nouns_only=True)), quoted) < MIN_SHARE


def follow_up_near_miss(
    turn: str,
    intent: QueryIntent,
    subject: Subject | None,
    evidence: Evidence,
    quoted: str,
    idf: Mapping[str, float],
) -> bool:
    """A follow-up's answer that gives the subject's passage but not the detail the turn asks (see those above)."""
    if passage_for_a_named_detail(turn, intent, subject, evidence, quoted, idf):
        return True
    return asks_value(intent) and not asked_detail_near_value(turn, subject, evidence, idf)


def opens_a_subject(turn: str, resolution: Resolution) -> bool:
    """A carried turn naming a thing of its own by two words or more (「みなと商会のブロンズ会員は？」): askable alone.

    Asked when carrying the subject found nothing: a field with a year (「前の年の補正予算は？」) or one
    common noun (「次に加わる町は？」) is a near miss of the subject, not a new one.
    """
    if resolution.stands_alone or points_back(turn) or not names_a_thing(turn):
        return False
    said = resolution.subject.words() if resolution.subject is not None else ""
    return len(new_nouns(turn, said) - frame_tokens() - MODAL_NOUNS) >= 2


def about_the_subject(citations: Sequence[Citation], subject: Subject | None, idf: Mapping[str, float]) -> bool:
    """Whether the passages an answer to a turn asked alone cites are about the conversation's subject.

    Asked when carrying the subject found nothing. The subject's words can hold retrieval to the passage already
    shown, while the one answering the turn names both (「同じ日のシンポジウムには何人参加した？」 after a report
    meeting's date). The cited passages must hold `MIN_SHARE` of the subject's words by IDF; a turn alone landing
    on another subject's passage is a near miss of this one, and is not taken.
    """
    if subject is None or not citations:
        return False
    return _holds_subject(" ".join(c.text for c in citations), subject, idf)


def any_about_the_subject(hits: Sequence[Hit], subject: Subject | None, idf: Mapping[str, float]) -> bool:
    """Whether any of the passages retrieved for a turn alone holds the subject (as `about_the_subject` reads)."""
    return subject is not None and any(_holds_subject(hit.chunk.text, subject, idf) for hit in hits)


def _holds_subject(text: str, subject: Subject, idf: Mapping[str, float]) -> bool:
    """Whether ``text`` holds `MIN_SHARE` of the subject's words by IDF."""
    weights = _weights(subject.words(), idf)
    return bool(weights) and share(weights, set(tokenize(text, nouns_only=True)), text) >= MIN_SHARE
