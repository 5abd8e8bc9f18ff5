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
_HOW_MANY = re.compile(r"いくつ|何\s?[\u4e00-\u9fff\u30a0-\u30ff]|どのくらい|どれくらい|どれだけ|どの程度|いくら|数は")
#: Units of time and measure an asking word picks out (「どの年度」「どの月」「どの段階」): a date or a level answers
#: them, not a list of members.
_NOT_COUNTED = re.compile(r"(?:年度|年|月|日|時|時期|時点|期間|回|段階|程度|くらい|位|割)$")
#: The counter a noun is counted with when it is not counted by itself: 10社 counts 企業.
_COUNTERS = {"企業": "社", "会社": "社", "事業者": "社", "大学": "校", "学校": "校", "高校": "校"}
#: Separators of a written list: 「帯広市、音更町、芽室町」「信州大学・名古屋大学」「A、B、C及びDの4市」.
_SEPARATORS = re.compile(r"[、,・/]|及び|並びに")
#: Heads of a compound noun for places of several kinds: 「市町村」 members end in 市, 町 or 村.
_MIXED_HEADS = {"市町村": "市町村区", "市区町村": "市町村区", "市町": "市町", "町村": "町村"}


def asked_thing(question: str) -> str:
    """The noun whose members the question asks to be named (「どの都市」 -> 都市), or ""."""
    q = without_quotes(normalize(question))
    if _HOW_MANY.search(q):
        return ""
    for pattern in _WHICH_OF:
        if m := pattern.search(q):
            return "" if _NOT_COUNTED.search(m.group(1)) else m.group(1)
    return ""


def _counts(thing: str, text: str) -> list[tuple[int, int, int]]:
    """Every place ``text`` counts ``thing`` (「8都市」, 「企業数：10社」), as (the number, its start, its end)."""
    heads = {thing[-k:] for k in (1, 2, 3) if len(thing) >= k and not (k == 1 and len(thing) > 1)}
    found: list[tuple[int, int, int]] = []
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
    # 「全18町村」 names the whole of an area the text names, not an unnamed subset.
    return all(
        n >= 2 and text[start - 1 : start] != "全" and not _listed(text, n, start, end) for n, start, end in counts
    )


def _members_named(thing: str, text: str, question: str) -> bool:
    """Whether ``text`` names two or more members by own names ending in the thing's head (北東国土軸 for 国土軸)."""
    mixed = next((v for k, v in _MIXED_HEADS.items() if thing.endswith(k)), "")
    head = f"[{mixed}]" if mixed else re.escape(thing[-2:] if len(thing) >= 2 else thing)
    runs = re.findall(rf"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z々ー]+?{head}", text)
    # A name the question writes itself (「拠点都市」) or the bare head is no member.
    return (
        len({r for r in runs if len(r) > (1 if mixed else len(thing[-2:])) and r not in question and r not in thing})
        >= 2
    )


def _listed(text: str, n: int, start: int, end: int) -> bool:
    """Whether the ``n`` members are written out around their count, within its sentence (after or before it)."""
    before = text[max(0, start - 12 * n) : start]
    before = before[before.rfind("。") + 1 :]
    after = text[end : end + 12 * n].split("。")[0]  # 「3大学（東京大学、…）」, not the next sentence's commas
    return len(_SEPARATORS.findall(after)) >= n - 1 or (
        before.rstrip().endswith("の") and len(_SEPARATORS.findall(before)) >= n - 1
    )
