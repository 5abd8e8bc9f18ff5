"""Which ones asked, a count given: 「どの都市が加わる」 answered by 「8都市から13都市へ」, 「どこの企業を訪問」 by
「訪問企業数：10社」. The question singles out the thing it wants named (the noun its asking word modifies); the
answer counts that thing and names none of its members, so it states how many, not which.

Read by the constraint check (`constraints.unmet`) after the gate; `count_only` covers a count the question itself
states with a place or body's counter, this one any asked noun the answer counts, with or without a count asked.
"""

from __future__ import annotations

import re

from assistant.text.normalize import normalize, without_quotes

#: A run of nouns (kanji, katakana, letters): the thing asked, taken whole and read by its last characters.
_NOUN = r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z々ー]{1,10}"
#: The noun an asking word picks out: 「どの都市」「どこの企業」「自治体を教えて」「24県ってどこ」「法人の名前」.
_WHICH_OF = (
    re.compile(rf"(?:どの|どこの)\s?({_NOUN})"),
    re.compile(rf"({_NOUN})\s?(?:は|って|が)\s?(?:どこ|どれ)(?!まで)"),
    re.compile(rf"({_NOUN})\s?(?:の)?(?:名前|名称)"),
    re.compile(rf"({_NOUN})\s?を\s?(?:教えて|挙げて|全部)"),
)
#: How many asked (「いくつ」「何社」): then a count is the answer.
_HOW_MANY = re.compile(r"いくつ|何\s?[\u4e00-\u9fff\u30a0-\u30ff]|どのくらい|どれくらい|どれだけ|いくら|数は")
#: The counter a noun is counted with when it is not counted by itself: 10社 counts 企業.
_COUNTERS = {"企業": "社", "会社": "社", "事業者": "社", "大学": "校", "学校": "校", "高校": "校"}
#: Separators of a written list: 「帯広市、音更町、芽室町」「信州大学・名古屋大学」.
_SEPARATORS = re.compile(r"[、,・/]")


def asked_thing(question: str) -> str:
    """The noun whose members the question asks to be named (「どの都市」 -> 都市), or ""."""
    q = without_quotes(normalize(question))
    if _HOW_MANY.search(q):
        return ""
    for pattern in _WHICH_OF:
        if m := pattern.search(q):
            return m.group(1)
    return ""


def _counts(thing: str, text: str) -> list[tuple[int, int, int]]:
    """Where ``text`` counts ``thing``: (the number, the count's start and end) for 「8都市」「10社」 after 「企業数：」."""
    heads = {thing[-k:] for k in (1, 2, 3) if len(thing) >= k and not (k == 1 and len(thing) > 1)}
    found = []
    for head in heads:
        counter = _COUNTERS.get(head)
        forms = [rf"(?<![\d※])(\d{{1,3}})(?!\d)\s?(?:つの|か所の|の)?\s?{re.escape(head)}"]
        if counter:
            forms.append(rf"{re.escape(head)}数?\s?[:：は]?\s?(?:約|計)?\s?(\d{{1,3}})(?!\d)\s?{counter}")
        for form in forms:
            found += [(int(m.group(1)), m.start(), m.end()) for m in re.finditer(form, text)]
    return found


def which_counted(question: str, answer_text: str) -> bool:
    """The question asks which members of a thing, and the answer counts that thing (two or more) without listing them."""
    thing = asked_thing(question)
    if not thing:
        return False
    text = normalize(answer_text)
    counts = _counts(thing, text)
    if not counts or _members_named(thing, text, normalize(question)):
        return False
    return all(n >= 2 and not _listed(text, n, start, end) for n, start, end in counts)


def _members_named(thing: str, text: str, question: str) -> bool:
    """Whether ``text`` names two or more members by their own names ending in the thing's head (「北東国土軸」「日本海国土軸」
    for 国土軸), not counting a name the question writes itself (「拠点都市」)."""
    head = thing[-2:] if len(thing) >= 2 else thing
    runs = re.findall(rf"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z々ー]+{re.escape(head)}", text)
    return len({r for r in runs if r != head and r not in question and r[: -len(head)] not in thing}) >= 2


def _listed(text: str, n: int, start: int, end: int) -> bool:
    """Whether the ``n`` members are written out around their count: after it (「3大学（東京大学、東洋大学、長崎大学）」)
    or before it, up to the sentence's start (「防災、環境、福祉、教育の4部会」)."""
    before = text[max(0, start - 12 * n) : start]
    before = before[before.rfind("。") + 1 :]
    return len(_SEPARATORS.findall(text[end : end + 12 * n])) >= n - 1 or (
        before.rstrip().endswith("の") and len(_SEPARATORS.findall(before)) >= n - 1
    )
