"""The act a date question asks about (就任, 設立, 施行…), by group of words that name the same kind of act.

Words of one group name the same kind of act (設置 and 設立, 始まった and 開始), so a paraphrase still matches.
"""

from __future__ import annotations

import re

#: group -> the words (verbal nouns and verb stems) that name an event of that kind.
EVENT_GROUPS: dict[str, tuple[str, ...]] = {
    "found": ("設立", "設置", "創設", "発足", "開設", "結成", "立ち上", "設け", "開業", "開校", "新設"),
    "start": ("開始", "始ま", "始め", "スタート", "着手", "運行", "稼働", "導入"),
    "decide": ("閣議決定", "決定", "策定", "制定", "成立", "可決", "決ま"),
    "enforce": ("施行",),
    "promulgate": ("公布",),
    "hold": ("開催", "開い", "開か", "開き", "開く", "実施"),
    "appoint": ("就任", "選任", "任命"),
    "designate": ("指定", "選定", "認定", "採択"),
    "revise": ("改正", "改定", "見直"),
    "publish": ("公表", "発表"),
    "complete": ("完成", "竣工", "開通"),
}
_WORD_GROUP = {w: g for g, words in EVENT_GROUPS.items() for w in words}
# Longest first: 「閣議決定」 is one word, not 「決定」 after 「閣議」. An event word inside a longer noun names a
# thing, not an event (「指定管理者」「認定農業者」「実施計画」); one before a word of time still asks its date
# (「開催日」「設立年」「開始時期」).
_WORDS = "|".join(sorted(map(re.escape, _WORD_GROUP), key=len, reverse=True))
_EVENT = re.compile(rf"(?:{_WORDS})(?=[^\u4e00-\u9fff]|$|(?:日時|年度|時期|期間|年|月|日|時))")


#: What may stand between a date and the act written after it: a space, a particle (に, より, から) or a bracket.
_DATE_TO_ACT = r"\s?(?:[)）]\s?)?(?:に|より|から)?\s?"


def act_follows_date(asked_clause: str, sentence: str, value: str) -> bool:
    """Whether ``sentence`` writes, right after the date ``value``, a word of the same kind of act ``asked_clause``
    asks the date of (「いつ公布された」 and 「同年9月30日公布」): the date is that act's, whatever names the thing.

    By group: 「…可決」 does not date 「いつ公布」, though both come with a bylaw's making.
    """
    # The act asked follows the question word (「可決と同じ月の何日に公布」 asks 公布, not 可決).
    asking = re.split(r"いつ|何", asked_clause)[-1]
    groups = {_WORD_GROUP[m.group(0)] for m in _EVENT.finditer(asking)}
    if not groups or not value or value not in sentence:
        return False
    after = sentence[sentence.index(value) + len(value) :]
    m = re.match(_DATE_TO_ACT + rf"({_WORDS})", after)
    return bool(m and _WORD_GROUP[m.group(1)] in groups)
