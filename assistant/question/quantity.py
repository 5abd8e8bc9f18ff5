"""What quantity a question asks, read once: the unit a value answering it carries (money, people, a share, a count
of things, times…), and whether a value as written is of that quantity.

「見学者は何人」 asks people, 「事業費はどのくらい」 money, 「補助割合は」 a share, 「加盟数はいくつ」 people or bodies.
A value of another quantity of the same subject (「3社」 for a budget, 「41歳」 for a ratio, 「12,345回」 for a member
count, 「野球場5面分」 for visitors) does not answer it, however close its words stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.text.normalize import normalize, without_quotes
from assistant.text.tokenizer import tokenize

MONEY, PEOPLE, SHARE, TIMES = "money", "people", "share", "times"
THINGS, AGE, RANK, SIZE = "things", "age", "rank", "size"
#: A body or a person: 「6者」「事業者」「会員」 count either.
EITHER = frozenset({PEOPLE, THINGS})


@dataclass(frozen=True)
class AskedQuantity:
    """The quantities a value answering the question may be (`MONEY`, `PEOPLE`…), how it was asked, and of what."""

    units: frozenset[str]
    #: Asked with a counter of its own (何人, 何件, 何%): a share or a multiple (「約半数」「1.5倍」) does not answer.
    explicit: bool
    #: The thing counted or measured as the question names it (保護者, 利用者, 予算), without 数/額: "" when unnamed.
    noun: str = ""


_NAME = r"[\u4e00-\u9fff\u30a0-\u30ffー]"
#: 何 and its counter (何人, 何万円, 何億円, 何%, 何キロ); the counter decides the quantity.
_COUNTER = re.compile(r"何\s?(?:万|千|百|億|兆)?\s?(%|パーセント|キロ|km|ha|[\u4e00-\u9fff]{1,3})")
#: The noun a question asks the quantity of: 「Xは/が/って … いくら|どのくらい|いくつ|何」, 「どのくらいのX」「いくつのX」.
_ASKING = r"(?:いくら|いくつ|どのくらい|どれくらい|どれぐらい|どのぐらい|どれだけ|どの程度|どれほど|何)"
_HEAD_BEFORE = re.compile(rf"({_NAME}{{1,12}})(?:の数)?(?:は|が|って)、?\s?[^、。?？]{{0,16}}?{_ASKING}")
_HEAD_AFTER = re.compile(rf"(いくつ|どのくらい|どれくらい|どれぐらい|どれだけ|どの程度)の({_NAME}{{1,6}})")
#: The noun right before the asking word: 「賛助会員は会費いくら」 asks the fee, not the member.
_HEAD_RIGHT_BEFORE = re.compile(rf"({_NAME}{{1,12}})(?:の数)?(?:は|が|を|って)?、?\s?{_ASKING}")
#: A noun named by the quantity it is (人数, 予算額, 比率, 距離), not by the thing it is about (企業, 会員).
_QUANTITY_NOUN = re.compile(r"(?:数|額|率|割合|比|費|料|予算|規模|人口|距離|全長|長さ|延長|面積|広さ)$")
#: A field of a figure (「R6の実績はいくつ」「目標値はいくつ」): the figure may be of any unit, not a count of things.
_FIELD = re.compile(r"(?:数|値|実績|目標|基準|見込み|推計|平均|進捗)$")
#: A keyword query (「シルバー会員 社数」): its last word names the quantity.
_LAST_WORD = re.compile(rf"({_NAME}{{1,12}})(?:は|って)?\s*[?？]?$")

#: The quantity a noun names by how it ends (general Japanese usage), most specific first.
_NOUN_UNITS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"(?:率|割合|比率|比|シェア)$"), frozenset({SHARE})),
    # Not 経費: 「対象経費は」 asks which costs, not how much.
    (re.compile(r"(?:予算|予算額|予算規模|金額|額|費用|(?<!経)費|料金|料|会費|寄付金|価格|円)$"), frozenset({MONEY})),
    (re.compile(r"(?:回数|再生数)$"), frozenset({TIMES})),
    (re.compile(r"(?:距離|全長|長さ|延長|面積|広さ|敷地)$"), frozenset({SIZE})),
    (re.compile(r"(?:法人|団体|企業|自治体)$"), frozenset({THINGS})),
    (
        re.compile(
            r"(?:人数|人口|人口規模|人|生徒|学生|住民|社員|職員|従業員|観光客|旅行者|来場者|参加者|利用者|応募者)$"
        ),
        frozenset({PEOPLE}),
    ),
    (re.compile(r"(?:者|者数|会員|会員数|メンバー)$"), EITHER),
    (
        re.compile(r"(?:件数|社数|企業数|団体数|自治体数|施設数|校数|か所数|箇所数|拠点数|地区数|地域数)$"),
        frozenset({THINGS}),
    ),
)

#: A counter after 何 and the quantity it counts; any other counter (件, 社, 団体, か所, 都市…) counts things.
_COUNTER_UNITS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"^(?:%|パーセント|割|倍)"), frozenset({SHARE})),
    (re.compile(r"円"), frozenset({MONEY})),
    (re.compile(r"^(?:人|名)"), frozenset({PEOPLE})),
    (re.compile(r"^者"), EITHER),
    (re.compile(r"^回"), frozenset({TIMES})),
    (re.compile(r"^歳"), frozenset({AGE})),
    (re.compile(r"^位"), frozenset({RANK})),
    (re.compile(r"^(?:キロ|km|ha|メートル)"), frozenset({SIZE})),
)
#: Not a count: which one or which kind (何型, 何番目), a date or a span (何年, 何月, 何日, 何時間), a pronoun (何故).
_NOT_COUNTED = re.compile(
    r"^(?:故|処|時|方|等|卒|事|物|様|分|年|月|日|度|型|式|系|類|種|色|風|番|語|科|派|流|版|曜|週|か月|ヶ月)"
)


def _of_noun(noun: str) -> frozenset[str]:
    """The quantities a noun names by its ending, or none."""
    return next((units for pattern, units in _NOUN_UNITS if pattern.search(noun)), frozenset())


#: What a noun of a quantity ends with beside the thing it counts (利用者数, 予算額, 人数): cut to name the thing.
_MEASURE_END = re.compile(r"(?:の数|総数|人数|件数|回数|数|総額|金額|額|規模|値)$")
#: The noun right before 何 and its counter: 「保護者は何人」「高校生が何人」.
_NOUN_BEFORE_COUNTER = re.compile(rf"({_NAME}{{2,12}})(?:は|が|を|って)?\s?(?:全部で|合計で|全国で|計)?\s?何")


def _thing(noun: str) -> str:
    """The thing a quantity's noun counts: 利用者数 -> 利用者, 予算額 -> 予算; "" when only the measure is left."""
    core = _MEASURE_END.sub("", noun)
    return core if len(core) >= 2 else ""


@lru_cache(maxsize=4096)
def asked_quantity(question: str) -> AskedQuantity | None:
    """What quantity ``question`` asks, or None (no quantity, or one this reading cannot tell)."""
    text = without_quotes(normalize(question))
    if m := _COUNTER.search(text):
        counter = m.group(1)
        if not _NOT_COUNTED.match(counter):
            units = next((u for p, u in _COUNTER_UNITS if p.search(counter)), frozenset({THINGS}))
            named = _NOUN_BEFORE_COUNTER.search(text[: m.end()])
            return AskedQuantity(units, True, _thing(named.group(1)) if named else "")
    if m := _HEAD_AFTER.search(text):
        # 「いくつの道県」 counts things whatever its noun; 「どのくらいの位置」 names no quantity this reading knows.
        units = _of_noun(m.group(2)) or (frozenset({THINGS}) if m.group(1) == "いくつ" else frozenset())
        return AskedQuantity(units, False, _thing(m.group(2))) if units else None
    heads = list(_HEAD_RIGHT_BEFORE.finditer(text))
    if heads and (units := _of_noun(heads[-1].group(1))):
        return AskedQuantity(units, False, _thing(heads[-1].group(1)))
    if heads and heads[-1].group(0).endswith("いくつ") and not _FIELD.search(heads[-1].group(1)):
        return AskedQuantity(frozenset({THINGS}), False, _thing(heads[-1].group(1)))  # 「県はいくつ」 counts things
    if heads and heads[-1].group(1).endswith("数"):
        return None  # 「出生数はいくら」: a count of something this reading cannot tell, though asked with いくら
    if "いくら" in text:
        return AskedQuantity(frozenset({MONEY}), False)
    # A topic further back (「Xは、…どのくらい」) names the quantity only when the noun is one (予算, 人数, 比率):
    # 「出展している団体は、毎年いくら」 asks money, not bodies.
    topics = [m.group(1) for m in _HEAD_BEFORE.finditer(text) if _QUANTITY_NOUN.search(m.group(1))]
    if topics and (units := _of_noun(topics[-1])):
        return AskedQuantity(units, False, _thing(topics[-1]))
    # 「予算規模は？」 asks a quantity; 「対象者は？」「ブロンズ会員は？」 ask who, or whatever field was asked before.
    last = _LAST_WORD.search(text.rstrip("?？ "))
    if (
        not re.search(_ASKING, text)
        and last
        and _QUANTITY_NOUN.search(last.group(1))
        and (units := _of_noun(last.group(1)))
    ):
        return AskedQuantity(units, False, _thing(last.group(1)))
    return None


#: Words a value is said with after its unit (「4,000人以上」「50万円/年」「24個分」): cut before reading the unit.
_TAIL = re.compile(r"(?:以上|以下|以内|程度|前後|超|未満|強|弱|余り|近く|増加|減少|ぶり|から|まで|/\S{1,2}|\s)+$")
_RELATIVE = re.compile(r"%|割|分の\d|\d\s?[:/対]\s?\d|半数|過半数|半分|倍")
_SIZE = re.compile(r"\d\s?(?:万|千)?\s?(?:km|m|ha|キロ|メートル|平方|個分)")
_TIME = re.compile(r"\d\s?(?:年|か月|ヶ月|カ月|月|日|週|時間|分)(?:度|間|後|前|目)?$|[RH令平昭]")
#: The counter written after the number (「44圏域」「1,287の団体」「約50事業」).
_VALUE_COUNTER = re.compile(rf"\d\s?(?:万|千|百|億|兆)?\s?の?\s?({_NAME}{{1,4}})$")


@lru_cache(maxsize=16384)
def value_quantity(value: str) -> frozenset[str]:
    """The quantities ``value`` (a figure as written) can be; empty for a bare number, a date or a span."""
    text = normalize(value)
    if not re.search(r"\d|半数|半分", text):
        return frozenset()
    if "円" in text:
        return frozenset({MONEY})
    if _RELATIVE.search(text):
        return frozenset({SHARE})
    if _SIZE.search(text):
        return frozenset({SIZE})
    core = _TAIL.sub("", text)
    if _TIME.search(core):
        return frozenset()
    m = _VALUE_COUNTER.search(core)
    if m is None:
        return frozenset()
    return next((u for p, u in _COUNTER_UNITS if p.search(m.group(1))), frozenset({THINGS}))


def quantity_clash(asked: AskedQuantity | None, value: str) -> bool:
    """Whether ``value`` is another quantity than the one asked (「2社」 for a budget, 「34歳」 for a ratio).

    A share or a multiple (「約半数」「1.5倍」) answers 「人口はどのくらい」 too; it clashes only with a counter the
    question asks by (何人, 何件).
    """
    if asked is None:
        return False
    units = value_quantity(value)
    if not units:
        return False
    if units == {SHARE} and SHARE not in asked.units:
        return asked.explicit
    return not units & asked.units


#: Quantities counted or summed (a share's subject is named by the share: 「東北圏の43.8%」 answers 高齢化率).
_ABSOLUTE = frozenset({MONEY, PEOPLE, THINGS, TIMES})
#: Words naming a measure, not a thing (上限額 -> 上限, 合計人数 -> 合計): what a value is written beside may be anything.
_MEASURE_WORD = re.compile(
    r"^(?:上限|下限|最大|最低|合計|総計|全体|年間|平均|目標|実績|基準|推計|見込み"
    # Words of time or kind that stand where a thing would (「当日は何人」「そのタイプは何人」).
    r"|当日|毎回|毎年|今回|前回|現在|全部|タイプ|種類)$|率$"
)


def nouns_clash(asked: AskedQuantity | None, noun: str, question: str, written: str = "") -> bool:
    """Whether a value written with ``noun`` (「人口約4千人」 -> 人口) counts another thing than the one asked.

    Neither may hold a word of the other (二字 or longer: 「者」「額」 say nothing), the question must not name the
    value's noun anywhere else (「利用者のうち、市外から通う人」 names the whole the part is asked of), and the
    value as ``written`` with its label must not name the asked thing (「参加者:生徒21名」「…の4地域」).
    """
    if asked is None or not asked.noun or not noun or not asked.units & _ABSOLUTE or _MEASURE_WORD.search(asked.noun):
        return False
    if asked.noun in noun or noun in asked.noun or noun in normalize(question) or asked.noun in written:
        return False
    asked_words = {t for t in tokenize(asked.noun) if len(t) >= 2}
    said_words = {t for t in tokenize(noun) if len(t) >= 2}
    return bool(asked_words and said_words) and not asked_words & said_words
