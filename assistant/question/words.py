"""What a question asks: its content and focus words, the thing it names, the act it counts.

Shared by the sentence scorer (`extract.py`) and the answerer's checks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.question.kinds import NUM, QueryIntent
from assistant.question.rules import asks
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

# Words that frame a question rather than say what it is about.
_FRAME = (
    "何 なに 何か いつ どこ どの どれ どんな どう どういう どのよう どのくらい どれくらい どれだけ いくら いくつ 誰 なぜ "
    "くらい 程度 頃 何時 何時頃 つ 教える 呼ぶ 言う 名前 名称 ます です ください 下さい 知る 思う 挙げる 示す 具体 的 いる ある "
    "された される されて 取り上げる 書く 記載 資料 場合 中 上 点 例 人たち 内容 以下 時点 一緒"
)


# 何年 counts years only as a span or an order (何年前, 何年目, 何年連続, 何年ぶり, 何年続いた, 何年にわたる);
# 「何年に」「何年から」 ask which year.
_COUNTER = re.compile(
    r"何\s?(万|千|百)?\s?(人|名|件|社|カ所|か所|箇所|ヶ所|団体|回|機|言語|地点|地区|km|倍|校|世帯|施設|個|つ"
    r"|年(?=前|後|目|連続|分|ぶり|間|以上|以内|かけ|かか|続|経|たっ|にわた)|歳|位)"
)


_COUNTER_ALIASES = {
    "人": "人|名",
    "名": "人|名",
    "カ所": "カ所|か所|箇所|ヶ所|ヵ所|ケ所",
    "か所": "カ所|か所|箇所|ヶ所|ヵ所|ケ所",
}


VALUE_KINDS = ("amount", "rate", "cap", "count", "percent", "date", "quantity", "place")


# Kinds whose absence means the passages do not answer (a place may be named without 「場所:」).
HARD_VALUE_KINDS = ("amount", "rate", "cap", "count", "percent", "date", "quantity")


_DEFINED = re.compile(
    r"「([^「」]{2,20})」(?:の)?(?:とは|内訳|定義|意味)|^([^、。「」]{2,20}?)とは"
    # 「ウォーターPPPの定義は？」「デジタル公共財 定義」「…ってそもそも何？」
    r"|^([^、。「」\s]{2,20}?)\s?の?(?:定義|意味)|^([^、。「」\s]{2,20}?)って(?:そもそも)?(?:何|なに|どういう|どんな)"
)


@lru_cache(maxsize=1)
def frame_tokens() -> frozenset[str]:
    return frozenset(tokenize(_FRAME))


def content_tokens(question: str) -> set[str]:
    """The question's tokens minus question framing (何, いつ, ください…)."""
    return set(tokenize(question)) - frame_tokens()


_GENERIC_NOUNS = frozenset(
    "数 額 割合 程度 範囲 単位 全国 時点 現在 今 所 総額 規模 最大 上限 年 年度 月 日 人 件".split()
)


_ASKED_PHRASE = re.compile(
    r"([^、。はがを]{2,40}?)(?:は|が)\s?(?:何|いつ|どこ|どの|どれ|いくら|いくつ|誰|どう|どんな|どのくらい|どれくらい)"
)


COUNTED_ACTS = frozenset("応募 申込 申請 参加 来場 登録 採択 採用 就職 相談 利用 回答 視聴 閲覧".split())


#: A count of those an act came through for (「副業が決まった人」「実際に始めた人」「マッチングした企業」): a count
#: of attempts (「約500人の応募」「相談:40件」) does not answer it. Stands in `asked_acts` for the outcome asked.
_ACHIEVED = re.compile(r"決ま|始め|始ま|開始し|マッチング|成立")
#: A population asked (「関係人口は何人」「交流人口はどれくらい」) is a stock of people, not an act's count: 「約3,000人の
#:応募」 is no estimate of it. Only 人口 as the asked thing: 「人口減少に悩む町」「関係人口づくりの事業」 only mention it.
_STOCK = re.compile(r"人口\s?(?:は|が|って|の(?:数|規模))?\s?(?:何|どれ|どの|いく|約何)")
#: A marker, not a word: no token of a document can equal it, so no stated act ever matches the outcome asked.
ACHIEVED = "<achieved>"


def asked_acts(question: str) -> set[str]:
    """The acts a count question asks about (採用, 就職…); 「参加者のうち、…就職が決まった」 asks 就職 only.

    An outcome asked without one of `COUNTED_ACTS` (「副業を始めた人」), or a population (「関係人口は何人」), is `ACHIEVED`,
    which no stated act matches.
    """
    text = normalize(question)
    if "のうち" in text:
        text = text.rsplit("のうち", 1)[1]
    acts = set(tokenize(text)) & COUNTED_ACTS
    if not acts and (_ACHIEVED.search(text) or _STOCK.search(text)):
        acts.add(ACHIEVED)
    return acts


_ASKS_CALLED = re.compile(r"何と(?:呼|言|い)|何という")


_NAMED_OBJECT = re.compile(r"([^、。はがを]{2,40}?)(?:のこと)?を、?(?:[^、。を]{0,20}?(?:では|で|には))?何と(?:呼|言)")


INTERROGATIVE = re.compile(r"何|いつ|どこ|どの|どれ|いくら|いくつ|誰|どう|どんな")


#: The words a question asking a time of day asks it with (「時間は？」「時間帯は」): a timetable writes the time
#: under 日時 or alone, never with them, so they are asked as いつ is, not looked for; a clock time answers them by
#: its kind (`answer.follow_up.kind_nouns`).
CLOCK_WORDS = frozenset({"時間", "時間帯", "時刻"})


def focus_tokens(question: str) -> set[str]:
    """The words of the clause that asks (「…、月間の貸出件数はどれくらい」 -> 月間, 貸し出し, 件数).

    A value answers only if these words stand near it: a count of visitors is not a count of
    participants.
    """
    tokens = _asking_clause_tokens(question)
    return tokens - CLOCK_WORDS if asks("clock", normalize(question)) else tokens


def _asking_clause_tokens(question: str) -> set[str]:
    """`focus_tokens` before the words of a time of day asked are taken out."""
    clauses = [c for c in re.split(r"[、,]", normalize(question).rstrip("?？。")) if c.strip()]
    if not clauses:
        return set()
    idx = max((i for i, c in enumerate(clauses) if INTERROGATIVE.search(c)), default=len(clauses) - 1)
    named = _NAMED_OBJECT.search(clauses[idx])
    if named is None and idx > 0 and _ASKS_CALLED.search(clauses[idx]) and clauses[idx - 1].endswith("を"):
        # 「…場所のことを、移住支援の分野で何と呼ぶのか」: the thing named is the object.
        named = _NAMED_OBJECT.search(clauses[idx - 1] + clauses[idx])
    if named is not None:
        phrase = set(tokenize(named.group(1), nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
        if phrase:
            return phrase
    # The phrase the question is about, when it says so directly: 「…の月間の貸出件数はどれくらい」.
    m = _ASKED_PHRASE.search(clauses[idx])
    if m:
        # Its head: the last two 「の」-linked parts (年間 / 利用回数), not the whole modifier chain.
        head = "の".join(m.group(1).split("の")[-2:])
        phrase = set(tokenize(head, nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
        if phrase:
            return phrase
    # Nouns only: verbs are paraphrased too freely (訪れる / 来場) to be required.
    tokens = set(tokenize(clauses[idx], nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
    if not tokens and idx > 0:
        tokens = set(tokenize(clauses[idx - 1], nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
    return tokens


def bare_asking_clause(question: str) -> str:
    """The asking clause when it names no noun of its own (「Xは、いつ公布された」 -> 「いつ公布された」), else "".

    Its focus words are then the clause before it (`focus_tokens`): the thing asked about, not the detail asked.
    """
    clauses = [c for c in re.split(r"[、,]", normalize(question).rstrip("?？。")) if c.strip()]
    idx = max((i for i, c in enumerate(clauses) if INTERROGATIVE.search(c)), default=len(clauses) - 1)
    if idx <= 0 or _NAMED_OBJECT.search(clauses[idx]) or _ASKED_PHRASE.search(clauses[idx]):
        return ""
    own = set(tokenize(clauses[idx], nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
    return "" if own else clauses[idx]


_TOPIC = re.compile(r"^(.{2,40}?)(?:には|では|は|で)、")


def topic_tokens(question: str) -> set[str]:
    """What the question is about when it opens with it: 「子育て応援パスポート事業には、…」."""
    text = normalize(question)
    tokens: set[str] = set()
    m = _TOPIC.search(text)
    if m:
        tokens |= set(tokenize(m.group(1), nouns_only=True))
    for quoted in re.findall(r"「([^「」]{2,30})」", text):
        tokens |= set(tokenize(quoted, nouns_only=True))
    return tokens - frame_tokens() - _GENERIC_NOUNS


# A named programme, event or body in a question (「北港地区観光動線整備推進事業」).
_NAME_CHAR = r"[\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9・ー]"


_NAMED_THING = re.compile(
    rf"(?:(?:^|(?<=[、。「」\s]))[ぁ-ゖ]{{2,6}}(?={_NAME_CHAR}))?"  # 「ふるさと住民登録制度」
    rf"{_NAME_CHAR}(?:{_NAME_CHAR}|[との](?={_NAME_CHAR})){{2,40}}?"
    r"(?:推進事業|事業|制度|交付金|補助金|プロジェクト|プログラム|フェア|フォーラム|講座|ツアー|相談会|説明会|協議会|大会)"
    r"(?:20\d\d)?"
)


def named_things(question: str, min_len: int = 8) -> list[str]:
    """Names of specific programmes or events in a question, long enough to be specific."""
    text = re.sub(r"\s+", "", normalize(question))
    out = []
    for m in _NAMED_THING.finditer(text):
        name = m.group(0).lstrip("0123456789,.")
        head = name.rsplit("の", 1)[-1]
        if len(head) >= 6:
            name = head  # 「振興局の…事業」: the part after the last の is the name
        if len(name) >= min_len:
            out.append(name.replace("の", ""))  # 「林業の就職説明会」 is written 「林業就職説明会」
    return out


def turn_names(names: list[str], asked: str | None) -> list[str]:
    """The named things a passage must name: those a follow-up turn writes itself, else all ``names``.

    「そこで開いた職場体験フェア、来た大学は何校？」 after a project's area drills down to an event of
    the project: the event's passage is the one to answer from, though it does not restate the project's name.
    """
    if not asked:
        return names
    turn = re.sub(r"\s+", "", normalize(asked)).replace("の", "")
    return [n for n in names if n in turn] or names


def asks_value(intent: QueryIntent) -> bool:
    """Whether the answer must hold a value; a question asking why or what kind asks for words."""
    if intent.wants("reason"):
        return False
    return any(intent.wants(k) for k in HARD_VALUE_KINDS) or counter_pattern(intent.text) is not None


#: 「何」 and a noun used as a counter (何地域, 何都市, 何自治体, 何店舗): Japanese counts with any noun. Not the
#: pronoun compounds (何故, 何処, 何時, 何者, 何事…), the date and share words the other kinds read, nor the
#: words asking which kind or which one (何型, 何式, 何系, 何番目, 何モデル: a name is asked).
OPEN_COUNTER = re.compile(
    r"何\s?(?:万|千|百)?\s?(?![故処時方等卒事物者様分年月日割度型式系類種色風番語科派流版])([\u4e00-\u9fff]{1,3})"
)


def counter_pattern(question_text: str) -> re.Pattern[str] | None:
    """For 「何人」「何回」「何都市」…, a pattern matching a number with that counter."""
    m = _COUNTER.search(question_text)
    if m:
        unit = m.group(2)
    elif o := OPEN_COUNTER.search(question_text):
        unit = o.group(1)
    else:
        return None
    alt = _COUNTER_ALIASES.get(unit, re.escape(unit))
    # A counter of two characters or more may follow の: 「1,287の団体」「12の施設」 (not 「3の人」).
    joint = r"の?\s?" if len(unit) >= 2 else ""
    return re.compile(rf"(?:約|およそ|計|合計|全国)?\s?{NUM}\s?(?:万|千|百)?\s?{joint}(?:{alt})")


#: 「町はいくつ」「組合は、県内でいくつあるか」「市町の数は」: the thing counted, named before は/が and the
#: question word (a noun the documents write after the number: 12町, 540の組合).
_COUNTED_NOUN = re.compile(
    r"([\u4e00-\u9fff\u30a0-\u30ff]{1,8})(?:の数)?(?:は|が)、?\s?(?:[^、。はが]{0,8}?で)?\s?(?:いくつ|何[つか])"
)
# 「いくつの団体が…」: the thing counted follows the question word.
_COUNTED_NOUN_AFTER = re.compile(r"いくつの([\u4e00-\u9fff\u30a0-\u30ff]{1,8})")


def _counted_compound(phrase: str) -> str | None:
    """The noun compound ending ``phrase`` that names the thing counted (専門部会 of 協議会の専門部会), or None."""
    tokens = tokenize(phrase)
    if not tokens or not phrase.endswith(tokens[-1]):
        return None
    # At most the last three words (「地域生活圏専門委員会」 -> 専門委員会), without framing or generic words.
    words = tokens[-3:]
    while words and (words[0] in frame_tokens() or words[0] in _GENERIC_NOUNS):
        words = words[1:]
    compound = "".join(words)
    if not compound or compound in _GENERIC_NOUNS or not phrase.endswith(compound):
        return None
    # 「フォロワー数は何人」 counts フォロワー; 「目標値は何件」 names a field of a figure, not a thing counted.
    compound = _FIGURE_WORDS.sub("", compound)
    # 「何人の登録を目指す」 counts people by an act (登録), not a thing named 登録.
    return compound if compound and compound not in _FIELD_NOUNS and compound not in COUNTED_ACTS else None


_FIGURE_WORDS = re.compile(r"(?:の?(?:人数|件数|総数|数)|値)$")
_FIELD_NOUNS = frozenset("目標 基準 実績 推計 見込み 平均 全国平均 合計 累計 割合 比率".split())


#: 「AのうちBは」「Aのうち、Bだけで」: the part B asked of a whole A.
_PART = re.compile(r"のうち、?\s?([\u4e00-\u9fff\u30a0-\u30ffA-Za-z]{1,12})(?:は|が|で|だけ|のみ)(?!は)")
#: 「そのうち民間企業は？」「うち小売店は？」: a follow-up asks a part of the whole the last answer gave.
_LEAD_PART = re.compile(
    r"^(?:その|この)?うち、?\s?([\u4e00-\u9fff\u30a0-\u30ffA-Za-z]{2,12})(?:は|が|で|だけ|のみ)(?!は)"
)


@lru_cache(maxsize=1024)  # asked again for every candidate sentence of one question
def asked_part(question_text: str) -> str | None:
    """The part of a whole the question asks about: 「加盟者のうち、企業は何社」 -> 企業; None otherwise."""
    lead = _LEAD_PART.match(question_text.strip())
    if lead is not None:
        # The whole is the last answer's: the part is named as written (「地方公共団体」, not cut to its head).
        return lead.group(1) if lead.group(1) not in _FIELD_NOUNS else None
    m = _PART.search(question_text)
    if m is None:
        return None
    part = _counted_compound(m.group(1))
    return part if part and part not in _FIELD_NOUNS else None


#: A bound between a count and the thing counted: 「50以上のステーション」「100超の団体」.
COUNT_BOUND = r"(?:以上|超|余り|近く|程度)"


def counted_noun(question_text: str) -> str | None:
    """The thing 「Xはいくつ」 or 「いくつのX」 counts (県 of 「…を超えてる県はいくつ」), or None."""
    m = _COUNTED_NOUN.search(question_text) or _COUNTED_NOUN_AFTER.search(question_text)
    return _counted_compound(m.group(1)) if m else None


@lru_cache(maxsize=1024)  # asked again for every candidate sentence of one question
def counted_noun_pattern(question_text: str) -> re.Pattern[str] | None:
    """For 「Xはいくつ」 or 「いくつのX」, a pattern matching a number written with X (「24県」「1,287の団体」)."""
    compound = counted_noun(question_text)
    if compound is None:
        return None
    # The compound the phrase ends with (専門部会) or its head alone (部会): 「6つの専門部会」「17部会」.
    last = tokenize(compound)[-1]
    head = last if compound.endswith(last) and last not in _GENERIC_NOUNS else compound
    names = "|".join(re.escape(n) for n in dict.fromkeys((compound, head)))
    # 「50以上のステーション」「100超の団体」: a bound may stand between the number and the thing counted.
    # 「地方 20 の中小都市」: a number spaced before の is a footnote mark, not a count (hence no space before の);
    # 「1/3の団体」「03-1234-5678の窓口」 are a share and a phone number.
    return re.compile(
        rf"(?:約|およそ|計|合計|全国)?\s?(?<![/\-]){NUM}\s?(?:万|千|百)?\s?(?:つ|個)?\s?{COUNT_BOUND}?(?:(?<!\s)の)?\s?(?:{names})"
    )


#: 「件数」「回数」「参加者数」「企業数」: a count named by what it counts and 数; the number is written with that
#: thing's counter (者 and 人 with 人 or 名, 企業 with 社 or 者 as Japanese counts them).
# 法人 before 人: 「法人数」 counts bodies (法人, 社), not people.
_COUNTER_WORD = re.compile(r"(件|回|社|戸|校|台|店舗|施設|団体|法人|人|名|者|機|か所|カ所|箇所|企業|会社)数")
_NOUN_COUNTERS = {"者": "人|名|者", "企業": "社|者|企業", "会社": "社", "法人": "法人|社"}


@lru_cache(maxsize=1024)
def count_pattern(question_text: str) -> re.Pattern[str] | None:
    """For a count question (何人, いくつの団体, 回数は…), a pattern matching a number written with what it counts."""
    found = counter_pattern(question_text) or counted_noun_pattern(question_text)
    if found is not None:
        return found
    m = _COUNTER_WORD.search(question_text)
    if m is None:
        return None
    if m.group(1) not in _NOUN_COUNTERS:
        return counter_pattern(f"何{m.group(1)}")
    alt = _NOUN_COUNTERS[m.group(1)]
    return re.compile(rf"(?:約|およそ|計|合計|全国)?\s?{NUM}\s?(?:万|千|百)?\s?(?:{alt})")


def defined_term(question: str) -> str | None:
    """The term a question asks to define: 「基礎支出」の内訳は -> 基礎支出; 関係人口とは / 関係人口の定義 -> 関係人口."""
    m = _DEFINED.search(normalize(question))
    return next((g for g in m.groups() if g), None) if m else None
