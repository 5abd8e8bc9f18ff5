"""More of the constraint check (`answer/constraints.py`): a value answer that is another quantity of the subject.

Each check reads a key value in its sentence against the question and names what the value's own words state
in place of the asked quantity: the present for an aim, or the whole's count for one kind of it.
"""

from __future__ import annotations

import re

from assistant.answer.values import is_target_value
from assistant.question.words import frame_tokens
from assistant.text.normalize import normalize, without_quotes
from assistant.text.tokenizer import tokenize

#: 「何人まで増やす目標」「目標値は」: an aim asked.
_TARGET_ASKED = re.compile(r"目標|目指|めざ")
#: 「令和6年9月現在、」「3月末時点」: a sentence stating what has been reached.
_AS_OF_WORD = re.compile(r"現在|時点")
_AIM_SAID = re.compile(r"目標|目指|目途|見込|計画|予定|KPI|まで")


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
    """The check that ``key`` in ``sentence`` (of the answer ``context``) fails ("aim", "member"), else ""."""
    if not key:
        return ""
    s = normalize(sentence)
    if reached_for_aim(question, key, s):
        return "aim"
    if whole_for_kind(question, key, s, context):
        return "member"
    return ""
