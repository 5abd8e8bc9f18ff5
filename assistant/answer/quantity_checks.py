"""More of the constraint check (`answer/constraints.py`): a value answer that is another quantity of the subject.

Each check reads a key value in its sentence against the question and names what the value's own words state
in place of the asked quantity: an aim for a budget, the present for an aim, a count for a rate, an
enumeration's total for one of its members, or the whole's count for one kind of it, a new-contracts-only share
for the whole.
"""

from __future__ import annotations

import re

from assistant.answer.values import is_target_value
from assistant.question.words import frame_tokens
from assistant.text.normalize import normalize, without_quotes
from assistant.text.tokenizer import tokenize

#: 「予算額はいくら」「補助の上限額」「会費は」: money a programme is given or charges, never an aim.
_MONEY_ASKED = re.compile(r"予算|上限額|補助額|補助金|交付金|助成|費用|会費|料金|事業費")
#: Words by which a question asks an aim, a plan or a projection (「目標」「目指す」「何か所に広げるつもり」).
_AIM_OR_FORECAST_ASKED = re.compile(r"目標|目指|めざ|見込|計画|まで|KPI|予定|つもり|増や|広げ|将来|推計|予測|想定|見通")
#: 「何人まで増やす目標」「目標値は」: an aim asked.
_TARGET_ASKED = re.compile(r"目標|目指|めざ")
#: 「令和6年9月現在、」「3月末時点」: a sentence stating what has been reached.
_AS_OF_WORD = re.compile(r"現在|時点")
_AIM_SAID = re.compile(r"目標|目指|目途|見込|計画|予定|KPI|まで")
#: 「比率は」「割合はどのくらい」「何%」: a rate asked.
_RATE_ASKED = re.compile(r"比率|割合|率(?:は|を|って|が|の値)|何\s?%|何パーセント")
#: A count or amount's unit at the end of a value: 「34歳」「120人」「3,000円」.
_COUNT_UNIT = re.compile(
    r"\d\s?(?:歳|人|名|円|件|回|社|団体|か所|箇所|地点|年|年度|月|日|戸|ha|km)(?:以上|以下|程度|前後)?$"
)
_RATE_WORDS = re.compile(r"%|％|割|倍|:|：|分|半|比|ポイント|pt")
#: 「防災、環境、福祉、教育の4部会約50事業」: members listed, their number, then the value for all of them.
_ENUMERATION = re.compile(
    r"((?:[^、。()（）\s]{1,10}、\s?)+[^、。()（）\s]{1,10})の\s?(\d+)\s?[^\d\s、。約計]{1,3}\s?(?:約|計)?\s?$"
)
#: 「全体」「既存入居を含む」「全部で」: the whole asked, which a new-contracts-only figure is not.
_WHOLE_ASKED = re.compile(r"全体|既存|全部|すべて")
#: A count asked (「達成率が90%を上回っているのは何件」): the rate words then only select what is counted.
_COUNT_ASKED = re.compile(r"何\s?(?:件|人|名|社|か所|カ所|箇所|団体|回|年|歳|日|円)|いつ|いくら")


#: 「5か所の拠点地区」「27自治体」「9法人」: a number of places or bodies the question itself states.
_COUNTED = re.compile(r"(\d+)\s?(か所|カ所|箇所|自治体|圏域|地点|都市|市町村|地域|法人|団体|社)")
#: 「…はどこ」「名前を教えて」「具体的に」「それぞれ」: the members asked by name.
_NAMES_ASKED = re.compile(r"どこ|名前|名称|具体的|それぞれ|どれ|教えて")
_HOW_MANY = re.compile(r"いくつ|何\s?(?:件|人|名|社|か所|自治体|団体|%)|どのくらい|どれくらい|どれだけ|いくら")
#: A place or a body named: 「瀬戸内町」「九州圏」「株式会社X」「X協議会」.
_NAMED = re.compile(
    r"(?<![\d\s])[\u4e00-\u9fff\u30a0-\u30ff]{1,6}?(?:都|道|府|県|市|町|村|区|圏)(?![\u4e00-\u9fff])"
    r"|株式会社[^\s、。()]{1,12}|[^\s、。()]{1,12}(?:株式会社|法人|大学|協議会)"
)


def count_only(question: str, answer_text: str) -> bool:
    """N places or bodies asked by name (「5か所の拠点地区はどこ」) and the answer states the same count
    (「まず5か所の…」) but names fewer than N of them: the passage counts them, it does not list them."""
    q = normalize(question)
    m = _COUNTED.search(without_quotes(q))
    if not m or int(m.group(1)) < 2 or not _NAMES_ASKED.search(q) or _HOW_MANY.search(q):
        return False
    text = normalize(answer_text)
    if f"{m.group(1)}{m.group(2)}" not in text.replace(" ", ""):
        return False
    return len(set(_NAMED.findall(text))) < int(m.group(1))


def money_aim(question: str, key: str, sentence: str) -> bool:
    """A budget, cap or fee asked and the value is an aim in money (「売上高35.5兆円を目指し」 for 予算額)."""
    q = normalize(question)
    k = normalize(key)
    return (
        bool(_MONEY_ASKED.search(q))
        and not _AIM_OR_FORECAST_ASKED.search(q)
        and "円" in k
        and is_target_value(sentence, k)
    )


def reached_for_aim(question: str, key: str, sentence: str) -> bool:
    """An aim asked and the value is what has been reached as of a date, with no aim in its sentence."""
    k = normalize(key)
    at = sentence.find(k)
    return (
        at >= 0
        and bool(_TARGET_ASKED.search(normalize(question)))
        and bool(_AS_OF_WORD.search(sentence[:at]))
        and not _AIM_SAID.search(sentence)
        and not is_target_value(sentence, k)
    )


def count_for_rate(question: str, key: str) -> bool:
    """A rate asked and the value is a count, an age or an amount (「34歳」 for 男女間賃金比率)."""
    k = normalize(key)
    q = normalize(question)
    rate = bool(_RATE_ASKED.search(q)) and not _COUNT_ASKED.search(q)
    return rate and bool(_COUNT_UNIT.search(k)) and not _RATE_WORDS.search(k)


def enumeration_total(question: str, key: str, sentence: str) -> bool:
    """The value counts a listed set and the question names one member of it, not all (福祉部会 of 「…の4部会約50事業」)."""
    k = normalize(key)
    at = sentence.find(k)
    m = _ENUMERATION.search(sentence[max(0, at - 60) : at]) if at >= 0 else None
    if not m:
        return False
    q = normalize(question)
    # The last N listed are the N members counted (the first piece may be the clause before the list).
    items = [i.strip() for i in m.group(1).split("、")][-int(m.group(2)) :]
    items = [i for i in items if len(i) >= 2]
    named = [i for i in items if i in q]
    return bool(named) and len(named) < len(items)


def new_only_for_whole(question: str, key: str, sentence: str) -> bool:
    """The whole asked (全体, 既存を含む) and the value's own clause counts new contracts only (「新規契約における…約26%」)."""
    q = normalize(question)
    k = normalize(key)
    at = sentence.find(k)
    if at < 0 or "新規" in q or not _WHOLE_ASKED.search(q):
        return False
    clause = re.split(r"[、。】•]", sentence[:at])[-1]
    return "新規" in clause


#: 「正会員は何社」「賛助会員になっている団体は何団体」「連携中枢都市圏はいくつ」: the thing counted, a compound.
_COUNTED_KIND = re.compile(
    r"([\u4e00-\u9fff\u30a0-\u30ffA-Za-z]{2,16})(?:に(?:なって|なってる|なっている)[^、。]{0,6}?)?"
    r"(?:は|が|って)、?\s?(?:[^、。はが]{0,8}?で)?\s?(?:何\s?(?:社|人|名|件|団体|か所|つ)|いくつ)"
)


#: A word naming a kind by itself: 「シルバー」「ゴールド」「NPO」.
_KIND_WORD = re.compile(r"[\u30a0-\u30ffA-Za-z]+")


def whole_for_kind(question: str, key: str, sentence: str, context: str = "") -> bool:
    """One kind of a thing counted asked (「シルバー会員は何社」), a kind ``context`` names (「シルバー会員(300万円/年)」),
    and the value counts the thing by its head word alone, the kind nowhere in its sentence (「会員企業約80社」)."""
    m = _COUNTED_KIND.search(without_quotes(normalize(question)))
    if not m:
        return False
    words = [w for w in tokenize(m.group(1), mode="surface") if w not in frame_tokens()]
    # A head of one character (「高校生」's 生, 「…圏」) is too loose a sign that the value counts the same thing.
    if len(words) < 2 or len(words[-1]) < 2:
        return False
    k = normalize(key)
    at = sentence.find(k)
    # The tokeniser lower-cases Latin (「NPO」 -> npo): the words are looked up in lower case.
    said, around = sentence.lower(), normalize(context).lower()
    # The head word right before the value says it counts that thing; a kind's name missing (a katakana or Latin
    # word: シルバー, ゴールド, NPO), that it counts all. A kanji modifier is too often an act (参加企業 for 企業数).
    # The passage must name the kind with the head (「シルバー会員」): a name before the head that it never joins
    # (「ナスコンバレー会員は何社」) is the subject's, and the value counts the asked thing.
    kinds = [w for w in words[:-1] if len(w) >= 2 and _KIND_WORD.fullmatch(w) and f"{w}{words[-1]}" in around]
    return at >= 0 and words[-1] in sentence[max(0, at - 15) : at] and any(w not in said for w in kinds)


def quantity_unmet(question: str, key: str | None, sentence: str, context: str = "") -> str:
    """The check that ``key`` in ``sentence`` (of the answer ``context``) fails ("aim", "kind", "member", "scope")."""
    if not key:
        return ""
    s = normalize(sentence)
    if money_aim(question, key, s) or reached_for_aim(question, key, s):
        return "aim"
    if count_for_rate(question, key):
        return "kind"
    if enumeration_total(question, key, s) or whole_for_kind(question, key, s, context):
        return "member"
    if new_only_for_whole(question, key, s):
        return "scope"
    return ""
