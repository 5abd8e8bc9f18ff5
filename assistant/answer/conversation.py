"""Follow-up questions: decide whether a turn stands alone, and carry the conversation's subject into retrieval.

「その基準値は？」 after 「空き家バンク登録件数の達成率は？」 is searched as
「空き家バンク登録件数 その基準値は？」: the subject without the field asked before.

Whether a turn stands alone is decided with evidence when the answerer gives it (`Cooccurs`, a check
against the corpus in `answer.follow_up`): a turn naming something of its own is a follow-up when the
documents discuss that thing together with the subject (「シルバーは？」 after a programme's gold
membership fee), and a new subject when they do not (「委員長は誰？」 after a platform's membership).
Without evidence the older rule decides (pointing words, short or nameless questions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer import turn_shape as shape
from assistant.answer.asked_fields import item_of, names_a_field, without_fields
from assistant.answer.member_turn import member_question, renumbered_before
from assistant.answer.ordinal import ordinal_of
from assistant.answer.rule_turns import resolve_by_rule
from assistant.answer.turn_words import (
    FIELD_WORDS,
    NAME_RUN,
    QUESTION_TAIL,
    elliptical,
    focus_of,
    frame_of,
    is_follow_up,
    names_a_thing,
    names_nothing_at_length,
    own_words,
    points_back,
    strip_field,
    subject_of,
    switches_topic,
    without_opener,
)
from assistant.question.kinds import QueryIntent, analyze
from assistant.question.words import counted_noun
from assistant.text.normalize import normalize

#: Do the documents discuss the turn's own words together with the subject? (turn, subject) -> bool.
Cooccurs = Callable[[str, str], bool]


@dataclass(frozen=True)
class Shown:
    """What the last answer showed the user, as the answerer can check it (its passage and the neighbours)."""

    holds: Callable[[str], bool]  # turn -> every word naming its item is written in that passage
    labels: Callable[[str], bool] = lambda _turn: False  # turn -> its item is a field label there (「参加者：」)


#: The `Shown` of one answer of the history ("" before the first answer).
ShownOf = Callable[[str], Shown]


@dataclass(frozen=True)
class Subject:
    """What the conversation is about: the last standalone question's subject and the item of it discussed last."""

    frame: str
    focus: str = ""
    sibling: bool = False  # the focus replaced the frame's item (「シルバーは？」) rather than narrowing it

    def words(self) -> str:
        """Everything the subject says, for the corpus check."""
        return " ".join(p for p in (self.frame, self.focus) if p)

    def carried(self, turn: str = "") -> str:
        """What a turn asking another field carries: the thing and its item, without the fields asked before.

        A ``turn`` naming a field or a thing of its own (「開催期間は？」) carries none of the fields asked before, however
        many were stacked (「…の実人数」 then 「延べ人数なら？」), so that its own words choose the sentence."""
        own = names_a_field(turn) or bool(turn and names_a_thing(turn) and own_words(turn, self.words()))
        focus = item_of(self.focus) if own else self.focus
        frame = frame_of(self.frame) if focus and self.sibling else self.frame
        frame = without_fields(strip_field(frame)) if own else strip_field(frame)
        return f"{frame} {focus}" if focus else frame


@dataclass(frozen=True)
class Resolution:
    """A turn resolved against its history: the query to retrieve with, and whether the turn stood alone.

    ``question`` is what the turn asks: without its opener (「ところで、」), the item named for a sibling's field.
    """

    query: str
    stands_alone: bool
    subject: Subject | None
    question: str = ""
    predicate: str = ""  # an elliptical turn's borrowed question word (「交通結節点は？」 after 「…は何地区？」)
    carried: str = ""  # what the query carries besides the turn: the conversation's subject ("" when it stands alone)

    def latest(self) -> str | None:
        """A follow-up's own words with the item discussed last (the subject's focus), which name what it asks about
        before the rest of what the query carries; None for a turn standing alone or with no item discussed."""
        if self.stands_alone or self.subject is None or not self.subject.focus:
            return None
        return f"{self.subject.focus} {self.question}"


def _step(
    subject: Subject | None, question: str, cooccurs: Cooccurs | None, shown: Shown | None = None
) -> tuple[Subject, bool]:
    """The subject after ``question`` (``shown``: the answer before it) and whether it stood alone."""
    if subject is None or switches_topic(question) or _stands_alone(question, subject, cooccurs, shown):
        return Subject(subject_of(without_opener(question))), True
    if own_words(question, subject.words()):
        # The turn names another item of the same kind (「シルバーは？」) or narrows the subject to a detail
        # (「その会が寄付した通りは？」): what it names is discussed now.
        sibling = _names_sibling(question, subject, cooccurs)
        return Subject(subject.frame, focus_of(question), sibling), False
    return subject, False


#: A question word asking a quantity (「何地区」「何万人」「いくら」): what a bare item turn asks again.
_QUANTITY_ASKED = re.compile(
    r"^(?:何[万億千百]?[かヶカ]?[\u4e00-\u9fff\u30a0-\u30ff%％]|いくら|いくつ|どの[くぐ]らい|どれ[くぐ]らい|どれだけ)"
)


def _borrowed_predicate(question: str, asked_before: Sequence[str]) -> str:
    """The quantity an elliptical turn asks again (「交通結節点は？」 after 「…は何地区？」 or 「…地区数は？」), else "".

    Only a quantity (「会費は？」 after 「いつ設立？」 asks a field of its own); a turn pointing back names a
    field of its own, and so does one asking a role (「…の部会長は？」 asks who holds it). A turn asking a member
    by its place (「2つ目は？」 after 「専門部会はいくつ？」) asks the member, not the list's size again.
    """
    if not elliptical(question) or not asked_before or shape.asks_role(question) or ordinal_of(question):
        return ""
    q = without_opener(asked_before[-1].strip()).rstrip("。")
    m = QUESTION_TAIL.search(q)
    tail = m.group(0).lstrip("はをのが") if m is not None else ""
    if m is None and shape.COUNT_FIELD.search(q) and not points_back(question):
        return "数は？"
    if not _QUANTITY_ASKED.match(tail):
        return ""
    # 「1.3超は？」 after 「…県はいくつ？」: a turn naming a figure of its own (a threshold, a year) counts the same
    # thing, borrowed with the question word (「県はいくつ？」); a turn naming a part (「そのうち県は？」) counts that.
    noun = counted_noun(normalize(q)) if re.search(r"\d", normalize(question)) else None
    return f"{noun}は{tail}" if noun and noun not in question else tail


def with_predicate(intent: QueryIntent, asked: str, predicate: str) -> QueryIntent:
    """The intent of an elliptical turn asking the borrowed ``predicate`` (「交通結節点は？」 + 「何地点？」). A count
    borrowed with the thing counted (「1.3超は？」 + 「県はいくつ？」) is read with it too: the number written with 県."""
    borrowed = analyze(f"{asked.rstrip('？?')}{predicate}")
    counts_a_thing = predicate != "数は？" and not _QUANTITY_ASKED.match(predicate)
    return QueryIntent(borrowed.text if counts_a_thing else intent.text, borrowed.value_kinds, intent.answer_kind)


#: An opener that goes on with the conversation (「じゃあ」「では」), unlike a switch (`turn_words.SWITCH`).
_CONTINUING = re.compile(r"^(?:それじゃあ?|じゃあ?|それでは|では|それなら|なら)[、,\s]?")
#: An indicator's fields (評価指標: 基準値, 実績値, 目標値, 進捗率), asked of each indicator of a table alike.
_KPI_FIELD = re.compile(r"(?:基準|実績|目標)値|進捗率|達成率")
#: An indicator's name: what it measures, ending as a count, a sum or a rate does (「移住相談件数」「就職率」), not a
#: column of the table (「単位」「出典」「担当課」).
_INDICATOR = re.compile(r"..(?:数|額|率|量|人口|面積)$")


def _borrowed_field(question: str, asked_before: Sequence[str]) -> str:
    """「札幌店は？」 after 「有楽町店の会期は？」 asks 「札幌店の会期は？」 (not 「延べ人数だと？」: a count of its own)."""
    turn = without_opener(question.strip())
    # 「じゃあ札幌店のほうは？」 names 札幌店: a continuing opener and 「のほう」 are no part of the item.
    item = _CONTINUING.sub("", re.sub(r"の(?:ほう|方)$", "", shape.TOPIC_TAIL.sub("", turn)))
    # The item alone, as a name is written (「札幌店」「シルバー」): not 「協力した事業者」 nor 「2021年の応募」.
    if not elliptical(turn) or not asked_before or not NAME_RUN.fullmatch(item):
        return question
    m = shape.FIELD_OF.search(subject_of(without_opener(asked_before[-1])))
    if m is None or m.group(1) in turn:
        return question
    asked = f"{item}の{m.group(1)}は？"
    if _KPI_FIELD.fullmatch(m.group(1)) and _INDICATOR.search(item) and not _KPI_FIELD.search(item):
        # Each indicator has its own baseline, actual, target and progress, though its name counts (設置数).
        return asked
    if analyze(turn).value_kinds:
        return question  # 「延べ人数だと？」 asks a count of its own
    # A date or a sum of money belongs to each item alike; a count may count the item itself (「登録者の利用者数」).
    if set(analyze(asked).value_kinds) & shape.BORROWED_KINDS:
        return asked
    # A role only for a sibling body (「環境委員会は？」 after 「観光委員会の委員長は？」): each body of a list has
    # its own holder, but 「事務局は？」 or 「メンバーは？」 asks another field of the same body.
    body = subject_of(without_opener(asked_before[-1]))[: m.start()]
    sibling = item not in FIELD_WORDS and shape.sibling_body(item, body)
    return asked if shape.asks_role(asked) and sibling else question


def _in_shown_passage(question: str, subject: Subject, shown: Shown | None) -> bool:
    """「佐賀県のは？」 after a list of places: a bare item the passage the user just read names is read against it."""
    if shown is None or points_back(question) or not elliptical(question):
        return False
    return bool(own_words(question, subject.words())) and shown.holds(question)


def _stands_alone(question: str, subject: Subject, cooccurs: Cooccurs | None, shown: Shown | None = None) -> bool:
    """A new subject: it names a thing of its own that the documents do not discuss with the subject.

    Without evidence the older rule decides. A turn pointing back (「その事業で…」), bringing no words of
    its own (「上限は？」) or naming nothing (「実施主体は？」, 「参加費はいくら？」) continues the subject.
    """
    if cooccurs is None:
        return not is_follow_up(question)
    if points_back(question):
        return False
    turn = shape.without_view(without_opener(question))
    own = own_words(turn, subject.words())
    # 「…は？」 borrows the conversation's predicate: it stands alone only naming a thing at full length.
    if not own or (names_nothing_at_length(turn, subject.words()) if elliptical(turn) else not names_a_thing(turn)):
        return False
    return not cooccurs(" ".join(sorted(own)), subject.words()) and not _in_shown_passage(turn, subject, shown)


def _names_sibling(question: str, subject: Subject, cooccurs: Cooccurs | None, shown: Shown | None = None) -> bool:
    """「シルバーは？」 after the gold members' fee: another item of the same kind, found where the subject is.

    A turn of the same shape naming a detail the subject's passages do not hold (「実施主体は？」) keeps the
    whole subject instead.
    """
    own = own_words(question, subject.words())
    if not own or not elliptical(question) or points_back(question):
        return False
    if shape.names_an_event(shape.TOPIC_TAIL.sub("", without_opener(question.strip()))):
        return False  # 「開業は？」 after a room's rate: when the inn opened, not another kind of room
    words = " ".join(sorted(own))
    return cooccurs is None or cooccurs(words, subject.words()) or _in_shown_passage(question, subject, shown)


def _turns(history: Sequence[dict[str, str]]) -> list[tuple[str, str]]:
    """(question, answer) pairs of the history, in order."""
    out: list[tuple[str, str]] = []
    for m in history:
        content = m.get("content", "")
        if m.get("role") == "user" and content.strip():
            out.append((content, ""))
        elif m.get("role") == "assistant" and out and not out[-1][1]:
            out[-1] = (out[-1][0], content)
    return out


#: How many earlier turns are read: a subject older than this is not carried.
MAX_TURNS = 8


def resolve_turn(
    question: str,
    history: Sequence[dict[str, str]] | None,
    cooccurs: Cooccurs | None = None,
    shown_of: ShownOf | None = None,
) -> Resolution:
    """The turn resolved against the history (see module docstring); ``shown_of`` reads what an answer showed."""
    if switches_topic(question):
        # 「ところで、Xとは？」 is asked as 「Xとは？」: the opener is no part of what is asked.
        alone = without_opener(question)
        return Resolution(alone, True, None, alone)
    if not history:
        return Resolution(question, True, None, question)
    if cooccurs is None:
        query = resolve_by_rule(question, history)
        before = query[: -len(question)].strip() if query != question and query.endswith(question) else ""
        return Resolution(query, query == question, None, question, carried=before)
    subject: Subject | None = None
    turns = _turns(history)[-MAX_TURNS:]
    before = ""  # the answer the turn read (an elliptical item the turn names is read against the passage it showed)
    start = 0  # the turn the current subject began with (one standing alone)
    stood: list[tuple[str, bool]] = []  # each earlier question with whether it stood alone
    for i, (q, a) in enumerate(turns):
        rewritten = member_question(q, stood)
        if rewritten is not None:
            # 「2回目は？」 was asked as the question before of that member: its subject is that member's.
            subject, alone = Subject(subject_of(without_opener(rewritten))), True
        else:
            subject, alone = _step(subject, q, cooccurs, shown_of(before) if shown_of and before else None)
        start = i if alone else start
        before = a
        stood.append((q, alone))
    shown = shown_of(before) if shown_of and before else None
    member = member_question(question, stood)
    if member is not None:
        # 「3回目は？」 after 「…の第1回はいつ？」: the question before, asked of that member (`member_turn`).
        return Resolution(member, True, subject, member)
    if (renumbered := renumbered_before(question, stood)) is not None:
        # 「最後のは？」 after 「その3つ目の部会長は？」: that question of another item, its subject still carried.
        question = renumbered
    if subject is None or _stands_alone(question, subject, cooccurs, shown):
        return Resolution(question, True, subject, question)
    sibling = _names_sibling(question, subject, cooccurs, shown)
    carried = subject.frame if sibling else subject.carried(question)
    if sibling and names_a_field(question):
        # 「Yの補助率は？」「第2期の方の交付額は？」 name the field they ask: the frame's fields are not carried
        carried = without_fields(strip_field(carried))
    turns_asked = [q for q, _ in turns]
    # A bare label of the slide the user just read (「参加者は？」 beside its 「参加者：…」) asks that field, not the field
    # asked before of another item (「参加者の開催日」).
    labelled = shown is not None and shown.labels(question)
    asked = _borrowed_field(question, turns_asked) if sibling and not labelled else question
    predicate = _borrowed_predicate(question, turns_asked)
    # The thing the subject's latest named answer named: 「そこの会長は？」 after 「それはいつ設置？」 still points at
    # the body the first answer named (a date or a figure names nothing to point at); never past a topic's start.
    named = (
        next((n for _, a in reversed(turns[start:]) if (n := _answered_name(a))), "") if points_back(question) else ""
    )
    if named and named not in carried:
        # 「その柱では…」 after 「5つ目は？」 answered 「広域リージョン連携です」: the turn points at what the answer named.
        carried = f"{carried} {named}"
    return Resolution(f"{carried} {asked}", False, subject, asked, predicate, carried.strip())


#: An answer that names a thing first: 「広域リージョン連携です [1]。…」.
_NAMED_ANSWER = re.compile(r"^\s*(\S.{1,39}?)です \[1\]")


def _answered_name(answer: str) -> str:
    """What an answer named (「広域リージョン連携」 of 「広域リージョン連携です [1]」), or "" for a figure or a date."""
    m = _NAMED_ANSWER.match(answer or "")
    if m is None or re.search(r"[0-9０-９]", m.group(1)):
        return ""  # 「14件です」「令和6年です」 name no thing a turn can point at
    return m.group(1)


def resolve(question: str, history: Sequence[dict[str, str]] | None, cooccurs: Cooccurs | None = None) -> str:
    """The query to retrieve with: the question, plus the conversation's subject for follow-ups.

    Example:
        >>> resolve("その目標値は？", [{"role": "user", "content": "空き家バンク登録件数の達成率は？"}])
        '空き家バンク登録件数の達成率 その目標値は？'
    """
    return resolve_turn(question, history, cooccurs).query
