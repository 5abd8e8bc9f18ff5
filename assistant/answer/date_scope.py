"""Whose date a sentence gives: the event its own words name, not the one a question asks when of.

A when question is answered by a sentence's date, but a date belongs to what its scope names: a bracketed goal
(「【2026年までにスポーツツーリズム関連消費額3,800億円】」) in a sentence that goes on to create something else, a
long prose sentence naming none of the question's words (「令和5年には、…拠点を開設」, the year anywhere in it) while
its passage names them, unless it points back to them (同町, 本事業), or an act of another kind written right after it
(「…を令和6年10月に設立」 for 「いつ施行」).
A table row, a labelled line (「開催日:…」「第1回…委員会:…」), a list item or a short line names its event in a
header, label or heading instead, so only a missing word in long prose counts; a named act of another kind counts
anywhere.
"""

from __future__ import annotations

import re

from assistant.question.words import frame_tokens
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tokenize
from assistant.text.years import WRITTEN_YEAR

#: Kinds of act a date is written for; a question asking one is not answered by the date of another.
#: 策定, 閣議決定 and 公表 are one kind: a plan is drafted and decided on one date as the documents write it.
ACTS: dict[str, tuple[str, ...]] = {
    "found": ("設立", "創設", "設置", "発足", "開設", "新設", "立ち上げ", "立ち上が", "結成"),
    "hold": ("開催", "開かれ", "開く", "開い", "行われ"),
    "decide": ("策定", "閣議決定", "取りまとめ", "とりまとめ", "公表", "決定", "決ま"),
    "enact": ("成立", "可決", "公布", "制定"),
    "enforce": ("施行",),
    "start": ("開始", "始ま", "始め", "スタート", "運用開始"),
    "revise": ("改正", "改定", "改訂", "見直"),
    "end": ("廃止", "解散", "終了"),
}
#: A beginning is asked of whatever begins: a founding, a first holding, a law coming into force (「いつ始まった」 for
#: 「平成19年に…として立ち上がった」); a bare 決定 of what is decided by enactment too (「条例はいつ決まった」 for 可決).
_WIDER: dict[str, tuple[str, ...]] = {"start": ("found", "hold", "enforce"), "decide": ("enact",)}
#: Only the bare words widen: 閣議決定 and 策定 name a cabinet's or a drafter's act, which an enactment is not.
_BARE_DECIDE = re.compile(r"(?<!閣議)決定|決ま")
#: A date written as where something runs from or to dates its beginning or its end whatever the act.
_FROM = re.compile(r"\s*(から|より|以降|[~〜～])")
_TO = re.compile(r"\s*まで")
#: An act word naming a thing, not the act asked: 「改正法はいつ施行」 asks the 施行 of a revised law.
_ACT_AS_NOUN = re.compile(r"(改正|改定|策定|設立|開催)(?=法|案|後|前|時)")
#: How far after a date its act may be written (「令和6年10月に設立」「令和6年9月に…委員会の設置が決定された」).
_ACT_REACH = 40
#: A clause break: a date's act is written before the next one.
_BREAK = re.compile(r"[。、,，;；]")
#: A bracket holding a statement of its own (a goal, a note) and not the date alone.
_BRACKETS = (("【", "】"), ("(", ")"), ("[", "]"))
#: A line whose event a header, label or heading names: a table row, a labelled field, a list item.
_STRUCTURED = re.compile(r"\t|^\s*[-・■□○●◆◇※〔【①-⑳]|^[^:：。、]{1,30}[:：]")
#: Dates and their joints, which state nothing of their own in a bracket (「(2025年度~2027年度)」).
_DATE_WORDS = re.compile(r"(令和|平成|昭和|R|H)?\s*[\d元]+\s*(年度|年|月|日|代)|までに|まで|から|頃|[~〜～\-－・、\s]")
#: Prose shorter than this is a caption or a title, whose event sits around it.
MIN_PROSE = 40
#: A name a bare year labels, right before it in brackets (「…リーディング事業(R7)」) or right after it (「R7リーディング
#: 事業」): kanji, katakana or letters, `NAME_TAIL` of them next to the year written in the question too.
_NAME_BEFORE = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9々・]+$")
_NAME_AFTER = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z々・]+")
NAME_TAIL = 4
#: The names a year labels an edition of: a programme, a plan, a strategy, a subsidy (an event named with its year,
#: 「第5回全国大会(2024年)」「令和6年能登半島地震」, is dated by it).
_EDITION_OF = re.compile(r"(?:事業|計画|戦略|プラン|補助金|交付金|制度|プログラム|方針|構想)$")
#: The question asks which year's the name is (「何年度の事業」「いつの計画」): the year answers it.
_YEAR_OF_NAME = re.compile(r"何年度|何年の|いつの")
#: How far before a bracket its name is read (a long kanji run is cut, not searched whole).
_NAME_REACH = 40
#: A word pointing back to what the passage named (「同町は令和3年10月より…」): the sentence is about it, unnamed.
_ANAPHORA = re.compile(
    r"同(町|市|村|県|区|社|法人|協議会|事業|施設|機構|団体|制度)|本(事業|取組|施設|制度|計画|プロジェクト)|当該"
)


def _acts_in(text: str) -> set[str]:
    """The kinds of act ``text`` names."""
    return {kind for kind, words in ACTS.items() if any(w in text for w in words)}


def _bracketed(text: str, at: int, end: int) -> str | None:
    """The words of the bracket holding ``text[at:end]`` when it states more than the date; else None."""
    for open_, close in _BRACKETS:
        start = text.rfind(open_, 0, at)
        if start < 0 or text.rfind(close, start, at) >= 0:
            continue
        stop = text.find(close, end)
        if stop < 0:
            continue
        inside = text[start + 1 : stop]
        rest = _DATE_WORDS.sub("", inside[: at - start - 1] + inside[end - start - 1 :])
        if len(rest) >= 6:  # 「(令和6年10月)」 captions what is outside; 「【…までに…億円】」 states its own goal
            return inside
    return None


def _own_act(text: str, end: int) -> set[str]:
    """The kinds of act written after a date up to the clause's end (「…に設立」「…の設置が決定された」)."""
    tail = text[end : end + _ACT_REACH]
    cut = _BREAK.search(tail)
    own = _acts_in(tail[: cut.start()] if cut else tail)
    if _FROM.match(tail):
        own.add("start")
    if _TO.match(tail):
        own.add("end")
    return own


def _edition(text: str, at: int, end: int, question: str) -> bool:
    """Whether the year ``text[at:end]`` labels a name the question writes: the year's edition of a programme or
    a plan (「…事業(R7)」「R7…事業」), not when what is asked happened."""
    if not WRITTEN_YEAR.fullmatch(text[at:end]) or _YEAR_OF_NAME.search(question):
        return False
    if at > 0 and text[at - 1] == "(" and text[end : end + 1] == ")":
        name, near = _NAME_BEFORE.search(text[max(0, at - 1 - _NAME_REACH) : at - 1]), slice(-NAME_TAIL, None)
    else:
        name, near = _NAME_AFTER.match(text, end), slice(NAME_TAIL)
    if name is None or len(name.group(0)) < NAME_TAIL or not _EDITION_OF.search(name.group(0)):
        return False
    part = name.group(0)[near]  # the name's characters next to the year
    return part in question and not _acts_in(part)  # 「会社設立(2015年)」 dates the act it names


def _asked_acts(question: str) -> set[str]:
    """The kinds of act a question asks the date of, with those whose date answers it too."""
    asked = _acts_in(_ACT_AS_NOUN.sub("", question))
    wide = set(asked)
    for kind in asked:
        if kind != "decide" or _BARE_DECIDE.search(question):
            wide.update(_WIDER.get(kind, ()))
    return wide


def _asked_words(question: str) -> set[str]:
    """The question's words naming its thing (two characters or more), less framing and the act asked."""
    words = {t for t in tokenize(question) if len(t) >= 2} - frame_tokens()
    return {w for w in words if not any(a in w or w in a for acts in ACTS.values() for a in acts)}


def belongs_elsewhere(sentence: str, value: str | None, question: str, passage: str = "") -> bool:
    """Whether the date ``value`` in ``sentence`` is written for another event than the one ``question`` asks."""
    # A missing word counts only when ``passage`` (passage and heading) names the thing asked outside the date's
    # scope: a follow-up's bare turn (「期限はいつまで？」) names nothing a passage need repeat.
    if not value:
        return False
    text, value, q = nfkc(sentence), nfkc(value), nfkc(question)
    at = text.find(value)
    if at < 0:
        return False
    end = at + len(value)
    if _edition(text, at, end, q):
        return True  # 「…事業(R7)」 says which year's programme it is, not when what is asked happened
    asked = _asked_acts(q)
    own = _own_act(text, end)
    if asked and own and not asked & own:
        return True  # 「いつ施行」 answered by 「…に成立」
    inside = _bracketed(text, at, end)
    if inside is None and (len(text) < MIN_PROSE or _STRUCTURED.search(text)):
        return False  # a row, a label or a list item: its event is named by what heads it
    if inside is None and _ANAPHORA.search(text):
        return False
    words = _asked_words(q)
    scope = set(tokenize(inside if inside is not None else text))  # 「令和5年には、…」: the whole sentence is its act
    if not words or words & scope:
        return False
    around = set(tokenize(nfkc(passage))) | (set(tokenize(text)) if inside is not None else set())
    return bool(words & around)
