"""What restricts the value a question asks, read once: a breakdown (「男女別に」「市町ごとの内訳」), one member of
a set of siblings (YouTube among the platforms, 九州圏 among the blocks, 女性, 道外, 当初予算), a time before the
document's (「前年は」), the present state rather than an aim (「いま何%」), and the counted noun with its modifier.

`answer/constraints.py` checks an answer's own words against these: a value counts only when what it is written
with states the qualifier, or at least states no sibling of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.text.normalize import normalize, without_quotes

#: 「男女別に見ると」「年代別に分けると」「市町ごとの内訳」「都道府県別にはどう」: a breakdown is asked, not one figure.
_BREAKDOWN = re.compile(
    r"([\u4e00-\u9fff\u30a0-\u30ff]{1,6})(?:別|ごと)(?:に|の|には|では)?\s?"
    r"(?:見|分け|分か|どう|人数|数|件数|内訳|割合|金額|教え|一覧(?:を|は))"
)
#: Sets whose members a question singles out and a passage may name in its place (general Japanese usage).
SIBLINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "platform",
        re.compile(
            r"YouTube|ユーチューブ|Instagram|インスタグラム|インスタ|Facebook|フェイスブック|TikTok|LINE|Twitter|(?<![A-Za-z])X(?![A-Za-z])"
        ),
    ),
    ("block", re.compile(r"東北圏|首都圏|北陸圏|中部圏|近畿圏|中国圏|四国圏|九州圏")),
    ("gender", re.compile(r"男性|女性|男子|女子")),
    ("inside", re.compile(r"道外|道内|県外|県内|市外|市内|町外|町内|国外|国内|海外")),
    ("budget", re.compile(r"当初予算|補正予算|当初|補正")),
    ("age", re.compile(r"(?<![\d~～〜])[1-9]0代")),
    # Who took part: 高校生 and 生徒 are one member, 保護者 and 教員 others (「参加者:生徒109名」 counts no parent).
    ("role", re.compile(r"保護者|教員|教諭|教職員|生徒|高校生|中学生|児童")),
    ("channel", re.compile(r"オンライン|ウェブ参加|現地|会場参加|対面")),
)
#: The word a passage names a whole set by, counted without its members (「公式SNSのフォロワー数」「参加者:20名」).
WHOLES = {"platform": re.compile(r"SNS"), "role": re.compile(r"参加者"), "block": re.compile(r"全国")}
#: Spellings of one member (the same platform, the same sex).
_SAME = {
    "ユーチューブ": "YouTube",
    "インスタグラム": "Instagram",
    "インスタ": "Instagram",
    "フェイスブック": "Facebook",
    "男子": "男性",
    "女子": "女性",
    "当初予算": "当初",
    "補正予算": "補正",
    "Twitter": "X",
    "教諭": "教員",
    "教職員": "教員",
    "高校生": "生徒",
    "中学生": "生徒",
    "児童": "生徒",
}
#: 「前年は何位」「前回は」: a time before the one the document states.
BEFORE = re.compile(r"前年|昨年|前年度|昨年度|前回|去年")
#: 「いま何%」「現在は」「これまでに」: the state reached, which an aim (「…を目指す」) does not answer.
_NOW = re.compile(r"いま(?:何|の|は|、|どれ|どの|いくつ)|今は|現在|現時点|これまで(?:に|の)|実績")
#: More words asking the state reached: 「すでに」「今の」「これまでの」, 「今何人」「今いくつ」 (not 「今後」「今回」).
_REACHED = re.compile(r"すでに|既に|今の|今まで(?:に|の)|現状|(?<![昨今])今(?:は|、)?(?=何|いくつ|どれ|どの)")
#: An aim asked in the same question (「現在の目標は」「今の方針では何haにする」「…することになっている」): then an aim
#: is the answer. 計画 only as where the aim is written (「計画では」「計画上」): 「特定居住促進計画の作成数」 names a thing.
_AIM = re.compile(r"目標|目指|めざ|見込|計画(?:では|上|で|によると|によれば|値)|方針|予定|掲げ|ことになって")


@dataclass(frozen=True)
class Qualifiers:
    """The restrictions a question puts on the value it asks."""

    #: What the breakdown is by (男女, 市町, 都道府県), "" when none is asked.
    breakdown: str = ""
    #: The members of sibling sets the question names: (set, member) pairs.
    members: frozenset[tuple[str, str]] = frozenset()
    #: A time before the document's is asked (前年, 前回).
    before: bool = False
    #: The state reached is asked (現在, すでに, 実績で) and not an aim.
    now: bool = False


def member_of(kind: str, word: str) -> str:
    """The one spelling of a member: 「インスタ」 -> Instagram, 「女子」 -> 女性."""
    return _SAME.get(word, word)


def members_in(text: str) -> frozenset[tuple[str, str]]:
    """The (set, member) pairs ``text`` names."""
    return frozenset((kind, member_of(kind, m.group(0))) for kind, pattern in SIBLINGS for m in pattern.finditer(text))


@lru_cache(maxsize=4096)
def qualifiers(question: str) -> Qualifiers:
    """The qualifiers ``question`` puts on its value (quoted names are left out: they name, they do not restrict)."""
    text = without_quotes(normalize(question))
    m = _BREAKDOWN.search(text)
    return Qualifiers(
        breakdown=m.group(1) if m else "",
        members=members_in(text),
        before=bool(BEFORE.search(text)),
        now=bool(_NOW.search(text) or _REACHED.search(text)) and not _AIM.search(text),
    )
