"""Follow-up questions: decide whether a turn stands alone, and carry the conversation's subject into retrieval.

「その目標値は？」 after 「新規高卒者管内企業就職率の進捗率は？」 is searched as
「新規高卒者管内企業就職率 その目標値は？」: the subject without the field asked before.

Whether a turn stands alone is decided with evidence when the answerer gives it (`Cooccurs`, a check
against the corpus in `answer.follow_up`): a turn naming something of its own is a follow-up when the
documents discuss that thing together with the subject (「シルバーは？」 after a programme's gold
membership fee), and a new subject when they do not (「委員長は誰？」 after a platform's membership).
Without evidence the older rule decides (pointing words, short or nameless questions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

_POINTING = re.compile(
    r"^(?:その|それ|これ|この|あれ|同|当該|そこ|そちら|こちら|上記|前記|では|じゃあ|また|あと|で、)|(?:それ|その|これ|この)"
)
#: A word that points back at what was just said: the turn is a follow-up whatever else it names.
_POINTS_BACK = re.compile(
    # Not 「このまま」「それぞれ」「これまで」「そのため」「その他」: those point at nothing said before.
    r"(?:(?:その|それ|そこ|そちら|この|これ)(?!まま|ぞれ|まで|から|ため|他|ほか)|当該|上記|前記|同じ|同(?=[事制会社団施市町村協組取計]))"
)
_QUESTION_TAIL = re.compile(
    # 「など」 holds 「ど」: 「交通DXなどの実行主体」 is no 「どの…」.
    r"(?:について)?(?:は|を|の|が)?(?<!な)(?:何|いつ|どこ|どの|どれ|どんな|いくら|いくつ|誰|なぜ|どう)[^、。]*[？?]?$"
)
_SHORT = 14
#: Words a chat user opens a new subject with: the question stands alone whatever it contains.
_SWITCH = re.compile(
    r"^\s*(?:話は変わ(?:ります|る)けど|話は変わ(?:ります|る)が|別件(?:です|だ)?が|別件で|ところで|さて)[、,]?\s*"
)
#: A record's fields and the question's framing: a follow-up made of these asks another field of the same subject.
FIELD_WORDS = frozenset(
    "目標 目標値 基準 基準値 実績 実績値 進捗 進捗率 上限 上限額 補助 補助率 対象 経費 予算 当初 期間 人数 件数 金額 額 名前 名称 "
    "場所 時期 日程 理由 目的 全国 今 現在 年度 内訳 数 方 何 いつ どこ 誰 いくら いくつ 場合 だと 方法 やり方 特典 期限 頃 "
    "KPI kpi".split()
)
#: The tail of a subject that names the field asked, not the thing: 「…の補助率」「…、上限」「…の目標」.
_FIELD_TAIL = re.compile(
    r"(?:[のでは、,\s]+(?:目標値?|基準値?|実績値?|進捗率?|上限額?|補助率|支援額|予算額?|当初予算|対象経費|対象|"
    r"年会費|人数|件数|金額|期間))+$"
)

#: How an abstention begins: it names nothing.
ABSTAINED = "資料には該当する記載が"

#: Do the documents discuss the turn's own words together with the subject? (turn, subject) -> bool.
Cooccurs = Callable[[str, str], bool]


def switches_topic(question: str) -> bool:
    """「話は変わりますが、…」「ところで…」: the user opens a new subject."""
    return bool(_SWITCH.search(question))


def points_back(question: str) -> bool:
    """「その事業で…」「それってどこ？」: the turn refers to what was just said."""
    return bool(_POINTS_BACK.search(question))


def _new_nouns(question: str, subject: str) -> set[str]:
    """Nouns of a follow-up that its subject does not hold and that name no field (「シルバーは？」 -> シルバー)."""
    from assistant.text.tokenizer import tokenize

    said = set(tokenize(subject))
    return {t for t in tokenize(question, nouns_only=True) if len(t) >= 2 and t not in said and t not in FIELD_WORDS}


def frame_of(subject: str) -> str:
    """The subject without its focus, for a follow-up that names another item of the same kind.

    「ナスコンバレー協議会のゴールド会員の年会費」 -> 「ナスコンバレー協議会 年会費」 (then 「シルバーは？」);
    「関係人口のうち訪問系」 -> 「関係人口」 (then 「直接寄与型は？」); a clause before 「、」 is kept whole.
    """
    head, _, last = subject.rpartition("、")
    if "のうち" in last:
        parts = [last.split("のうち", 1)[0]]
    else:
        segments = [x for x in last.split("の") if x]
        parts = [segments[0], segments[-1]] if len(segments) >= 3 else segments
    return " ".join(p for p in [head, *parts] if p)


#: A run of kanji, katakana and Latin letters: how Japanese writes a name (制度名, 事業名, 地名).
#: Hiragana of two or three letters may sit inside a name (「地域おこし協力隊」), particles and endings may not.
_NAME_CHARS = r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9ー・.]"
_NAME_RUN = re.compile(
    # A verb's dictionary form (「積み上げる」「満たす」) ends in an u-row kana: it joins no name.
    rf"{_NAME_CHARS}+(?:(?!から|まで|など|ため|こと|もの|です|ます|での|には|では|への|との|より|する|した|して|って|[ぁ-ゖ]{{1,2}}る|[ぁ-ゖ]{{1,2}}[すくうむつぬぶ](?![ぁ-ゖ]))"
    rf"[ぁ-ゖ]{{2,3}}{_NAME_CHARS}+)*"
)
_PLACE = re.compile(r"[\u3400-\u9fff]{1,4}[都道府県市町村区]|(?:^|[、。\s「])[ぁ-ゖ]{2,5}[市町村]")
#: A run this long names a subject of its own (「帯広圏デジタル化推進構想」, 「地域生活圏専門委員会」).
_NAME_MIN = 5


def names_nothing(question: str) -> bool:
    """No name of its own: no run of kanji/katakana as long as a name, and no place (「三豊市」)."""
    runs = _NAME_RUN.findall(question)
    return max((len(r) for r in runs), default=0) < _NAME_MIN and not _PLACE.search(question)


#: With corpus evidence to check it against, a shorter run may name a subject (「関係人口」「実施主体」).
_EVIDENCE_NAME_MIN = 4


def names_a_thing(question: str) -> bool:
    """A run of kanji/katakana of four characters or more, or a place: something the corpus can be asked about."""
    runs = _NAME_RUN.findall(question)
    return max((len(r) for r in runs), default=0) >= _EVIDENCE_NAME_MIN or bool(_PLACE.search(question))


def is_follow_up(question: str) -> bool:
    """A question that points back (その, それ…), is too short to stand alone, or names nothing of its own."""
    q = question.strip()
    return bool(_POINTING.search(q)) or len(q) <= _SHORT or names_nothing(q)


def subject_of(question: str) -> str:
    """The previous question without its interrogative tail: what it was about."""
    q = question.strip().rstrip("？?。")
    subject = re.sub(r"(?:について|とは|って|は|を|が|だと|なら|の場合)$", "", _QUESTION_TAIL.sub("", q).strip())
    return subject or q


def strip_field(subject: str) -> str:
    """The subject without the field it asked: 「…事業の計画策定経費補助、上限」 -> 「…事業の計画策定経費補助」."""
    entity = _FIELD_TAIL.sub("", subject).strip("、, ")
    return entity or subject


def own_words(question: str, subject: str) -> set[str]:
    """The turn's nouns that neither its subject holds nor a field names: what the turn brings of its own."""
    return _new_nouns(_SWITCH.sub("", question, count=1), subject)


#: 「シルバーは？」「地域会員だと？」「地方創生1.0の頃は？」: a noun phrase and a topic particle, no predicate.
_ELLIPTICAL = re.compile(r"[^、。？?]{1,30}?(?:は|だと|では|なら|の場合は|の場合)[？?]?")


def elliptical(question: str) -> bool:
    """A turn made of a noun phrase and 「は？」: it borrows the predicate of the turn before (the field asked)."""
    q = _SWITCH.sub("", question.strip(), count=1)
    return bool(_ELLIPTICAL.fullmatch(q)) and not _QUESTION_TAIL.search(q)


_KEY = re.compile(r"^(?P<key>[^\s。、（(]{2,30}?)です \[1\]")
_DIGIT = re.compile(r"\d")


#: An era year written without digits (「令和元」「平成元年」): a date, not a thing a later turn can point at.
_ERA_YEAR = re.compile(r"^(?:令和|平成|昭和)(?:元|[一二三四五六七八九十]+)年?度?$")


def answered_name(answer: str) -> str | None:
    """The name an answer leads with (「KADOです [1]。…」 -> KADO); None for a figure, a date or a passage."""
    m = _KEY.match(answer.strip())
    if m is None or _DIGIT.search(m["key"]) or _ERA_YEAR.match(m["key"]):
        return None
    return m["key"]


#: How a records answer opens: 「<programme>: 補助率…」 or 「<KPI>の目標値は…です」.
_RECORD_LEAD = (
    re.compile(r"^(?P<name>[^\s:：【（(「」\[]{3,60}): "),
    re.compile(r"^(?P<name>[^\s【（(「\[]{3,60}?)の(?:進捗率|目標値|基準値|実績値)(?:は|の記載)"),
)


def answered_record(answer: str) -> str | None:
    """The KPI or programme a records answer is about (its full name), or None for another answer."""
    return next((m["name"] for p in _RECORD_LEAD if (m := p.match(answer.strip()))), None)


#: A municipality as written, with its prefecture when given (「鳥取県智頭町」「三豊市」).
_MUNICIPALITY = re.compile(r"(?:[\u3400-\u9fff]{2,3}[都道府県])?[\u3400-\u9fff]{1,4}[市町村区](?![\u3400-\u9fff])")


def answered_thing(question: str, answer: str) -> str | None:
    """What an answer named: its lead name, or for a 「どこ？」 question the first municipality it gives."""
    name = answered_name(answer)
    if name is not None or answer.startswith(ABSTAINED):
        return name
    from assistant.question.kinds import analyze

    if analyze(question).wants("place") and (m := _MUNICIPALITY.search(answer)):
        return m.group(0)
    return None


@dataclass(frozen=True)
class Subject:
    """What the conversation is about: the last standalone question's subject, the item of it discussed last,
    and the name the last answer gave (for a turn pointing back at it)."""

    frame: str
    focus: str = ""
    named: str = ""
    sibling: bool = False  # the focus replaced the frame's item (「シルバーは？」) rather than narrowing it
    record: str = ""  # the KPI or programme the last records answer was about, by its full name

    def words(self) -> str:
        """Everything the subject says, for the corpus check."""
        return " ".join(p for p in (self.frame, self.focus) if p)

    def carried(self) -> str:
        """What a turn asking another field carries: the thing and its item, without the fields asked before."""
        if not self.focus:
            return strip_field(self.frame)
        frame = frame_of(self.frame) if self.sibling else self.frame
        return f"{strip_field(frame)} {self.focus}"

    def sibling_frame(self) -> str:
        """What a turn naming another item of the same kind carries: the frame without its item (keeps the field)."""
        return frame_of(self.frame)


@dataclass(frozen=True)
class Resolution:
    """A turn resolved against its history: the query to retrieve with, and whether the turn stood alone.

    ``question`` is the turn with a year said relative to the subject's made absolute (「前年度」 -> 「令和5年度」).
    """

    query: str
    stands_alone: bool
    subject: Subject | None
    question: str = ""


#: A year said relative to the one being discussed, and how many years it moves.
_RELATIVE_YEAR = {"前年度": -1, "昨年度": -1, "前年": -1, "昨年": -1, "翌年度": 1, "来年度": 1, "翌年": 1, "次年度": 1}
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_YEAR, key=len, reverse=True)))
#: What follows a relative year used as the base of a comparison: 「前年度と比べて」「前年比」「前年度より」.
_COMPARED = re.compile(r"\s*(?:と比べ|と比較|に比べ|比|より|から(?:の)?(?:伸び|増減|増加|減少))")
_REIWA = re.compile(r"(?:令和\s?(\d{1,2}|元)|R\s?(\d{1,2}))\s?年?(度)?")


def absolute_years(question: str, subject: str) -> str:
    """「前年度の当初予算は？」 about 「令和6年度当初予算」 -> 「令和5年度の当初予算は？」; else the question unchanged."""
    m = _RELATIVE.search(question)
    if m is not None and _COMPARED.match(question, m.end()):
        return question  # 「前年度と比べて」「前年度比」: the base of a comparison, not the year asked
    years = {(int(y) if (y := a or b) != "元" else 1) for a, b, _ in _REIWA.findall(subject)}
    if m is None or len(years) != 1:
        return question  # no relative year, or no single year in the subject to count from
    year = years.pop() + _RELATIVE_YEAR[m.group(0)]
    if year < 1:
        return question
    suffix = "年度" if m.group(0).endswith("年度") else "年"
    return question[: m.start()] + f"令和{year}{suffix}" + question[m.end() :]


def _step(subject: Subject | None, question: str, answer: str, cooccurs: Cooccurs | None) -> tuple[Subject, bool]:
    """The subject after ``question`` (answered with ``answer``) and whether the question stood alone."""
    named = answered_thing(question, answer) or ""
    record = answered_record(answer) or ""
    if subject is None or switches_topic(question) or _stands_alone(question, subject, cooccurs):
        return Subject(subject_of(_SWITCH.sub("", question, count=1)), named=named, record=record), True
    if own_words(question, subject.words()):
        # The turn names another item of the same kind (「シルバーは？」) or narrows the subject to a detail
        # (「その会が寄付した通りは？」): what it names is discussed now.
        if _opens_with_interrogative(question):
            # 「いつから運行してる？」: the turn's words are the predicate it asks with, not an item of the subject.
            return replace(subject, named=named or subject.named, record=record or subject.record), False
        sibling = _names_sibling(question, subject, cooccurs)
        return Subject(subject.frame, strip_field(subject_of(question)), named, sibling, record), False
    return replace(subject, named=named or subject.named, record=record or subject.record), False


def _opens_with_interrogative(question: str) -> bool:
    """「いつから運行してる？」「何機を飛ばしてるの？」: nothing before the question word names an item."""
    q = _SWITCH.sub("", question.strip(), count=1).rstrip("？?。")
    return bool(q) and _QUESTION_TAIL.sub("", q).strip() == ""


def _stands_alone(question: str, subject: Subject, cooccurs: Cooccurs | None) -> bool:
    """A new subject: it names a thing of its own that the documents do not discuss with the subject.

    Without evidence the older rule decides. A turn pointing back (「その事業で…」), bringing no words of
    its own (「上限は？」) or naming nothing (「実施主体は？」, 「参加費はいくら？」) continues the subject.
    """
    if cooccurs is None:
        return not is_follow_up(question)
    if points_back(question):
        return False
    own = own_words(question, subject.words())
    turn = _SWITCH.sub("", question, count=1)
    # 「…は？」 borrows the conversation's predicate: it stands alone only naming a thing at full length.
    if not own or (names_nothing(turn) if elliptical(turn) else not names_a_thing(turn)):
        return False
    if _restates(question, subject.frame):
        return True
    return not cooccurs(" ".join(sorted(own)), subject.words())


def _names_sibling(question: str, subject: Subject, cooccurs: Cooccurs | None) -> bool:
    """「シルバーは？」 after the gold members' fee: another item of the same kind, found where the subject is.

    A turn of the same shape naming a detail the subject's passages do not hold (「実施主体は？」) keeps the
    whole subject instead.
    """
    own = own_words(question, subject.words())
    if not own or not elliptical(question) or points_back(question):
        return False
    return cooccurs is None or cooccurs(" ".join(sorted(own)), subject.words())


def _restates(question: str, frame: str) -> bool:
    """The turn names its subject again in full (a complete question about the same thing)."""
    from assistant.text.tokenizer import tokenize

    said = {t for t in tokenize(frame, nouns_only=True) if t not in FIELD_WORDS}
    return bool(said) and said <= set(tokenize(question, nouns_only=True))


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
    question: str, history: Sequence[dict[str, str]] | None, cooccurs: Cooccurs | None = None
) -> Resolution:
    """The turn resolved against the history (see module docstring)."""
    if switches_topic(question):
        return Resolution(_SWITCH.sub("", question, count=1), True, None, question)
    if not history:
        return Resolution(question, True, None, question)
    if cooccurs is None:
        query = _resolve_by_rule(question, history)
        return Resolution(query, query == question, None, question)
    subject: Subject | None = None
    for q, a in _turns(history)[-MAX_TURNS:]:
        subject, _ = _step(subject, q, a, cooccurs)
    if subject is None or _stands_alone(question, subject, cooccurs):
        return Resolution(question, True, subject, question)
    sibling = _names_sibling(question, subject, cooccurs)
    carried = subject.sibling_frame() if sibling else subject.carried()
    if subject.record and subject.record not in carried and not own_words(question, subject.words()):
        # Another field of the record the last answer came from: name it in full (「リーディング事業」 ->
        # 「地域生活圏形成リーディング事業」) so the records lookup finds the same one.
        carried = f"{subject.record} {carried}"
    if subject.named and points_back(question) and subject.named not in carried:
        carried = subject.named  # 「その事業で…」 after 「KADOです」: the name just given is what is pointed at
    asked = absolute_years(question, subject.words())
    if asked != question:
        carried = _REIWA.sub("", carried).strip("の ")  # the subject's own year is not the one asked now
    return Resolution(f"{carried} {asked}", False, subject, asked)


def resolve(question: str, history: Sequence[dict[str, str]] | None, cooccurs: Cooccurs | None = None) -> str:
    """The query to retrieve with: the question, plus the conversation's subject for follow-ups.

    Example:
        >>> resolve("その目標値は？", [{"role": "user", "content": "新規高卒者管内企業就職率の進捗率は？"}])
        '新規高卒者管内企業就職率の進捗率 その目標値は？'
    """
    return resolve_turn(question, history, cooccurs).query


def _resolve_by_rule(question: str, history: Sequence[dict[str, str]]) -> str:
    """The older rule without corpus evidence: pointing words, short or nameless questions are follow-ups."""
    if not is_follow_up(question):
        return question
    previous = [m.get("content", "") for m in history if m.get("role") == "user" and m.get("content", "").strip()]
    if not previous:
        return question
    # If the last questions were follow-ups themselves, the subject comes from the last one that
    # stood alone (「…事業の補助率は？」「その対象は誰？」「それはいつまで？」「上限は？」).
    standalone = next(
        (i for i in range(len(previous) - 1, -1, -1) if switches_topic(previous[i]) or not is_follow_up(previous[i])),
        None,
    )
    if standalone is None or standalone == len(previous) - 1:
        subject = subject_of(_SWITCH.sub("", previous[-1], count=1))
        # A follow-up naming another item of the same kind keeps the subject's frame, not its focus.
        return f"{frame_of(subject) if _new_nouns(question, subject) else subject} {question}"
    # The latest follow-up says what is being discussed now, the standalone one what it is about.
    subject = subject_of(_SWITCH.sub("", previous[standalone], count=1))
    if _new_nouns(question, subject):
        return f"{frame_of(subject)} {question}"
    return f"{subject} {subject_of(previous[-1])} {question}"
