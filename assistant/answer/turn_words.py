"""What one turn of a conversation names: its subject, the item it narrows to, the field it asks, its pointers.

Read a turn at a time, without the conversation: `conversation` decides from these what the conversation is
about and what a follow-up carries.
"""

from __future__ import annotations

import re

from assistant.answer import turn_shape as shape
from assistant.text.years import WRITTEN_YEAR

_POINTING = re.compile(
    r"^(?:その|それ|これ|この|あれ|同|当該|そこ|そちら|こちら|上記|前記|では|じゃあ|また|あと|で、)|(?:それ|その|これ|この)"
)
#: A word that points back at what was just said: the turn is a follow-up whatever else it names.
_POINTS_BACK = re.compile(
    # Not 「このまま」「それぞれ」「これまで」「そのため」「その他」: those point at nothing said before.
    r"(?:(?:その|それ|そこ|そちら|この|これ)(?!まま|ぞれ|まで|から|ため|他|ほか)|当該|上記|前記|同じ|同(?=[事制会社団施市町村協組取計]))"
)
QUESTION_TAIL = re.compile(
    # 「など」 holds 「ど」: 「交通DXなどの実行主体」 is no 「どの…」.
    r"(?:について)?(?:は|を|の|が)?(?<!な)(?:何|いつ|どこ|どの|どれ|どんな|いくら|いくつ|誰|なぜ|どう)[^、。]*[？?]?$"
)
_SHORT = 14
#: Words a chat user opens a new subject with: the question stands alone whatever it contains. Chat writes the
#: opener many ways (「話変わるけど、」「全然別の話で、」「別件ですけど、」); it always ends in a conjunction or a
#: comma, so 「話が変わるのは何年？」「別の話し合いの場は？」 open nothing.
_THEN = r"(?:(?:ん(?:だ|です))?(?:けど|けれど|が)[、,]?|[、,])"
SWITCH = re.compile(
    r"^\s*(?:(?:(?:全然|全く|まったく|ちょっと)\s*)?"
    rf"(?:話(?:は|が)?変わ(?:ります|る|って){_THEN}"
    rf"|別の(?:話|件|話題|資料)(?:(?:です|だ|なん(?:です|だ))?{_THEN}|で[、,])"
    rf"|別件(?:(?:です|だ)?{_THEN}|で[、,]))|ところで[、,]?|さて[、,])\s*"
)
#: A turn opening a document by its name with a verb of moving to, looking at or asking about it, or reading in it
#: (「Xの資料に移るけど、」「Xの資料について聞きたいんだけど、」「Xの資料に切り替えて、」「Xの資料だと、」).
_DOC_OPENER = re.compile(
    r"^\s*(?:(?:では|じゃあ|じゃ|次は|今度は|で)[、,]?\s*)?(?P<doc>[^、。？?\s]{2,20}?)の資料(?:の?(?:方|ほう))?"
    r"(?:に(?:移る|移って|移ります|切り替え(?:る|て|ます)|変え(?:る|て))|を(?:見たい|見る|見て|開いて)"
    r"|について(?:聞きたい|知りたい|質問)|で|だと|では)(?:ん(?:だ|です))?(?:けど|けれど|が)?[、,]\s*"
)
#: Pointer, relative and interrogative words name no document (「さっきの資料で、」「どちらの資料で、」「同じ資料」).
_NO_DOCUMENT = re.compile(
    r"その|この|あの|どの|それ|これ|あれ|どちら|どっち|どこ|どれ|いつ|何|さっき|先ほど|先程|前回|最初|同じ|今回|^(?:前|今|次|別|他|ほか)$"
)
#: A record's fields and the question's framing: a follow-up made of these asks another field of the same subject.
FIELD_WORDS = frozenset(
    "目標 目標値 基準 基準値 実績 実績値 進捗 進捗率 上限 上限額 補助 補助率 対象 経費 予算 当初 期間 人数 件数 金額 額 名前 名称 "
    "場所 時期 日程 理由 目的 全国 今 現在 年度 内訳 数 方 何 いつ どこ 誰 いくら いくつ 場合 だと 方法 やり方 特典 期限 頃 "
    # Who runs a programme (「所管は？」「所管省庁は？」「どの部局？」): a field of the programme, not a thing of its own.
    "所管 省庁 部局 "
    "KPI kpi".split()
)
#: The tail of a subject that names the field asked, not the thing: 「…の補助率」「…、上限」「…の目標」.
_FIELD_TAIL = re.compile(
    # A budget's fiscal year goes with it (「…のR9当初予算」「…の2031年度予算」): a year asked of the field, not the thing.
    r"(?:[のでは、,\s]+(?:(?:(?:令和|平成)\s?\d+|R\s?\d+|\d{4})\s?年?度?の?(?=予算|当初|補正))?"
    r"(?:目標値?|基準値?|実績値?|進捗率?|(?:補助)?上限額?|補助率|支援額|予算額?|当初予算|補正予算|対象経費|"
    r"(?:主な)?(?:支援)?対象者?|支援内容|所管(?:省庁|部局)?|年会費|人数|件数|金額|期間))+$"
)


def switches_topic(question: str) -> bool:
    """「話は変わりますが、…」「ところで…」: the user opens a new subject, whatever was discussed."""
    return bool(SWITCH.search(question))


def without_opener(question: str) -> str:
    """The turn without its switch opener or the document opener naming a document (what is asked)."""
    q = SWITCH.sub("", question, count=1)
    m = _DOC_OPENER.search(q)
    return q[m.end() :] if m is not None and _named_document(m) else q


def _named_document(m: re.Match[str] | None) -> str:
    """The document name an opener match gives, "" for a pointer or question word."""
    if m is None:
        return ""
    doc = m.group("doc")
    # Checked with the prefix and the 「の」 after it too: 「ではその資料」 may be read as 「で」 + 「はそ」.
    said = m.string[m.start() : m.end("doc") + 1]
    return "" if _NO_DOCUMENT.search(doc) or _NO_DOCUMENT.search(said) else doc


def points_back(question: str) -> bool:
    """「その事業で…」「それってどこ？」: the turn refers to what was just said."""
    return bool(_POINTS_BACK.search(question))


def new_nouns(question: str, subject: str) -> set[str]:
    """Nouns of a follow-up that its subject does not hold and that name no field (「シルバーは？」 -> シルバー)."""
    from assistant.text.tokenizer import tokenize

    said = set(tokenize(subject))
    return {t for t in tokenize(question, nouns_only=True) if len(t) >= 2 and t not in said and t not in FIELD_WORDS}


def frame_of(subject: str) -> str:
    """The subject without its focus, for a follow-up that names another item of the same kind.

    「みなと産業振興会議の正会員の年会費」 -> 「みなと産業振興会議 年会費」 (then 「賛助は？」);
    a clause before 「、」 is kept whole.
    """
    head, _, last = subject.rpartition("、")
    segments = [x for x in last.split("の") if x]
    parts = [segments[0], segments[-1]] if len(segments) >= 3 else segments
    return " ".join(p for p in [head, *parts] if p)


#: A run of kanji, katakana and Latin letters: how Japanese writes a name (制度名, 事業名, 地名).
#: Hiragana of two or three letters may sit inside a name (「地域おこし協力隊」), particles and endings may not.
_NAME_CHARS = r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9ー・.]"
NAME_RUN = re.compile(
    # A verb's dictionary form (「積み上げる」「満たす」) ends in an u-row kana, an adjective's (「新しい」「大きい」)
    # in い: neither joins a name.
    # Nor does a conditional particle (「計画だとR9」「市なら」): it ends the noun phrase before it.
    rf"{_NAME_CHARS}+(?:(?!から|まで|など|ため|こと|もの|です|ます|での|には|では|への|との|より|だと|なら|する|した|して|って|[ぁ-ゖ]{{1,2}}る|[ぁ-ゖ]{{1,2}}[すくうむつぬぶ](?![ぁ-ゖ])|[ぁ-ゖ]{{1,2}}い(?![ぁ-ゖ]))"
    rf"[ぁ-ゖ]{{2,3}}{_NAME_CHARS}+)*"
)
_PLACE = re.compile(r"[\u3400-\u9fff]{1,4}[都道府県市町村区]|(?:^|[、。\s「])[ぁ-ゖ]{2,5}[市町村]")
#: A run this long names a subject of its own (「帯広圏デジタル化推進構想」, 「地域生活圏専門委員会」).
_NAME_MIN = 5


def names_nothing(question: str) -> bool:
    """No name of its own: no run of kanji/katakana as long as a name, and no place (「三豊市」)."""
    runs = NAME_RUN.findall(question)
    return max((len(r) for r in runs), default=0) < _NAME_MIN and not _PLACE.search(question)


#: With corpus evidence to check it against, a shorter run may name a subject (「関係人口」「実施主体」).
_EVIDENCE_NAME_MIN = 4


#: Two names of four characters or more joined by の (「森林整備の担い手確保」「観光振興の広域連携」): a thing named at
#: full length, though neither run alone is as long as a name of its own.
_JOINED_NAMES = re.compile(rf"({_NAME_CHARS}{{4,}})の({_NAME_CHARS}{{4,}})")


def _own_name(run: str, subject: str) -> bool:
    """A side of 「AのB」 naming a thing: not a year (「R8年度の事業規模」) and not the subject's (「支援法人の指定状況」)."""
    rest = WRITTEN_YEAR.sub("", run)
    return len(rest) >= _EVIDENCE_NAME_MIN and rest not in re.sub(r"\s+", "", subject)


def names_joined_things(question: str, subject: str = "") -> bool:
    """「森林整備の担い手確保の目標は？」: two four-character names joined by の, neither the subject's, a thing of its own."""
    return any(_own_name(a, subject) and _own_name(b, subject) for a, b in _JOINED_NAMES.findall(question))


def names_nothing_at_length(question: str, subject: str = "") -> bool:
    """`names_nothing`, unless two names joined by の name a thing at full length (「森林整備の担い手確保の目標は？」)."""
    return names_nothing(question) and not names_joined_things(question, subject)


def names_a_thing(question: str) -> bool:
    """A run of kanji/katakana of four characters or more, or a place: something the corpus can be asked about."""
    runs = NAME_RUN.findall(question)
    return max((len(r) for r in runs), default=0) >= _EVIDENCE_NAME_MIN or bool(_PLACE.search(question))


def is_follow_up(question: str) -> bool:
    """A question that points back (その, それ…), is too short to stand alone, or names nothing of its own."""
    q = question.strip()
    return bool(_POINTING.search(q)) or len(q) <= _SHORT or names_nothing(q)


#: A request worded as a wish (「…の補助率を教えて」「…の上限が知りたい」「…について教えてください」): it asks like 「…は？」.
_REQUEST_TAIL = re.compile(
    r"(?:を|が|について|に関して)?(?:教えて(?:ください|下さい|ほしい(?:です|んだけど)?|もらえる|もらえますか|くれる|くれますか)?|知りたい(?:です|んだけど)?)$"
)


def subject_of(question: str) -> str:
    """The previous question without its interrogative tail: what it was about."""
    q = _REQUEST_TAIL.sub("", question.strip().rstrip("？?。")) or question.strip().rstrip("？?。")
    subject = re.sub(r"(?:について|とは|って|は|を|が|だと|なら|の場合)$", "", QUESTION_TAIL.sub("", q).strip())
    return subject or q


#: The words a drill-down opens with to point back (「そのうち」「さらにその中で」「そこには」「それって」): they name nothing.
_POINTER_LEAD = re.compile(
    r"^(?:さらに|また)?(?:その|この|それ|これ|そこ|こちら|そちら)(?!まま|ぞれ|まで|から|ため|他|ほか)(?:うち|中|なか)?"
    r"(?:って|で|に|は|の)*[、,\s]*"
)
#: A chat opener that moves on without naming anything (「じゃあR5補正は？」「で、参加者は？」「ちなみに…」).
_CASUAL_LEAD = re.compile(r"^(?:じゃあ|じゃ|では|それなら|なら|で、|あと|ちなみに|次に|他に|ほかに)[、,\s]*")


def focus_of(question: str) -> str:
    """What a follow-up narrows to: its subject without the field asked or the pointer it opens with."""
    if QUESTION_TAIL.match(question.strip()):
        return ""  # 「どこの店と提携してる？」: all of it asks, nothing of it is narrowed to
    # 「事業一覧だと上限額は？」 narrows to nothing: the view is where to read, the field is asked.
    rest = _POINTER_LEAD.sub("", _CASUAL_LEAD.sub("", subject_of(shape.without_view(question))))
    return strip_field(rest) if rest else ""  # 「そこには何団体…」: the pointer was all it named


def strip_field(subject: str) -> str:
    """The subject without the field it asked: 「…事業の設備導入経費補助、補助率」 -> 「…事業の設備導入経費補助」."""
    entity = _FIELD_TAIL.sub("", subject).strip("、, ")
    head, last = _last_clause(entity)
    if last and names_a_thing(head) and _asks_not_names(last):
        # 「…活動発表会、発表したの」「…移住者って県内で」: the clause asked before is not the thing; a round it
        # names (「…アカデミー、初回の開催日」) says which occurrence the turns are about, and stays.
        held = _ROUND.search(last)
        entity = f"{head}、{held.group(0)}" if held else head
    return entity or subject


#: Where a question's thing may end and a clause of its own begin: 「X、Y」「XってY」 (a って is checked by `_verb_goes_on`).
_CLAUSE_MARK = re.compile(r"、|,|って")


def _last_clause(entity: str) -> tuple[str, str]:
    """``entity`` split at its last clause boundary (「X、Y」, a topic 「XってY」), else whole and ""."""
    for m in reversed(list(_CLAUSE_MARK.finditer(entity))):
        if m.group() != "って" or not _verb_goes_on(entity, m.start()):
            return entity[: m.start()], entity[m.end() :]
    return entity, ""


def _verb_goes_on(text: str, at: int) -> bool:
    """Whether the って at ``at`` is a verb's te-form going on in an auxiliary (「担ってる」「使っていた」「担ってきた」
    「作っていく」「使ってもらう」「持ってない」): that clause describes the thing, it does not end it. A topic って
    (「関係人口ってたくさんいる」「窓口ってないの」) is the tokeniser's particle. MeCab also reads a body's name ending
    in a kanji as a verb (「協議会って」 as 協議 + 会って, 「補助率って」): a one-kanji verb right after a noun, with no
    particle between, is taken as that noun's end."""
    from assistant.text.tokenizer import tagged

    words, spans, pos = tagged(text), [], 0
    for surface, *_ in words:
        start = text.find(surface, pos)
        spans.append(start)
        pos = start + len(surface) if start >= 0 else pos
    k = next((i for i, s in enumerate(spans) if s >= 0 and s + len(words[i][0]) == at + 1), None)
    if k is None or words[k][1] != "動詞" or not words[k][0].endswith("っ") or k + 1 >= len(words):
        return False  # the tokeniser reads no verb ending at っ: a particle
    if len(words[k][0]) == 2 and k > 0 and words[k - 1][1] in ("名詞", "接尾辞"):
        return False  # 「協議会って」: a noun's last kanji read as a verb
    te, after = words[k + 1], words[k + 2] if k + 2 < len(words) else None
    if te[1] == "助動詞":
        return True  # 「担ってる」「持ってない」「買ってた」: the contracted ている
    if te[0] != "て" or after is None:
        return False
    return after[1] == "助動詞" or (after[1] in ("動詞", "形容詞") and after[2] == "非自立可能")


#: A round of an event held several times (「初回」「2回目」「第3回」「最終回」): which occurrence, not a field asked.
_ROUND = re.compile(
    r"(?:初回|最終回|最後の回|第\s*[0-9０-９一二三四五六七八九十]+\s*回|[0-9０-９一二三四五六七八九十]+\s*回目)"
    r"(?![\u4e00-\u9fff\u30a1-\u30ff])"  # not run into a longer word: 「初回無料」「最終回答」「年3回目指す」
)


def _asks_not_names(clause: str) -> bool:
    """A clause that asks (a predicate), names only fields (「全国で」), or a bare attribute (「開催時間」「設立」)."""
    from assistant.text.tokenizer import tokenize

    nouns = {t for t in tokenize(clause, nouns_only=True) if len(t) >= 2}
    bare = len(clause) <= 6 and not re.search(r"\d|[でにとをがは]$", clause)
    return shape.ends_in_predicate(clause) or nouns <= FIELD_WORDS or bare


def own_words(question: str, subject: str) -> set[str]:
    """The turn's nouns that neither its subject holds nor a field names: what the turn brings of its own."""
    return new_nouns(without_opener(question), subject)


#: 「シルバーは？」「地域会員だと？」「地方創生1.0の頃は？」: a noun phrase and a topic particle, no predicate.
_ELLIPTICAL = re.compile(r"[^、。？?]{1,30}?(?:は|だと|では|なら|の場合は|の場合)[？?]?")


def elliptical(question: str) -> bool:
    """A turn made of a noun phrase and 「は？」: it borrows the predicate of the turn before (the field asked)."""
    q = without_opener(question.strip())
    return bool(_ELLIPTICAL.fullmatch(q)) and not QUESTION_TAIL.search(q)
