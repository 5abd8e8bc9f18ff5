"""Another event's figure: 「林業就職説明会には何社参加？」 answered from the block of 「○地元企業合同説明会」.

Slides and reports list events one after another, each under its title line (「○地元企業合同説明会」「■ …フェアの
開催」「シンポジウムの開催」) with fields labelled alike (開催日, 場所, 参加者). When the event the question names has no
such field, sentence scoring still finds another event's field, which shares every word but the event's name. The
value's event is the title it stands under; when that title names an event of another name than the asked one,
the figure answers another question (a near miss).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text.normalize import normalize, without_quotes
from assistant.types import Chunk

#: The head nouns of an event's name (general Japanese): a meeting, a fair, a tour, a course.
_EVENT_NOUN = (
    r"(?:説明会|報告会|相談会|視察会|交流会|勉強会|研修会|講演会|発表会|見学会|懇談会|体験会|商談会|展示会|"
    r"シンポジウム|フォーラム|セミナー|ワークショップ|フェア|フェスタ|フェスティバル|ツアー|キャンプ|講座|"
    r"コンテスト|ミートアップ)"
)
#: An event's name: the noun and the words written before it (「林業就職説明会」「バス運転体験・就職相談会」).
_EVENT = re.compile(rf"([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー]{{0,14}}?)({_EVENT_NOUN})")
#: A title line: a bullet mark, or a short line announcing an event held (「シンポジウムの開催」).
_BULLET = re.compile(r"^\s*[■□○〇◯●◎◆◇▼▽▲△▶►★☆]")
_HELD = re.compile(r"の(?:開催|実施)\s*(?:[［\[【(（][^］\]】)）]{0,10}[］\]】)）])?\s*$")
#: A line long enough to be prose is no title, whatever it ends with.
MAX_TITLE_CHARS = 40


def _events(text: str) -> list[tuple[str, str]]:
    """The events ``text`` names, as (words before the noun, noun)."""
    return [(m.group(1), m.group(2)) for m in _EVENT.finditer(normalize(text))]


def _is_title(line: str) -> bool:
    text = line.strip()
    return bool(text) and (bool(_BULLET.match(text)) or (len(text) <= MAX_TITLE_CHARS and bool(_HELD.search(text))))


def title_above(chunk: Chunk, sentence: str) -> str:
    """The title line the ``sentence`` stands under in ``chunk`` ("" when it is not found or no title is above it)."""
    lines = chunk.text.split("\n")
    probe = re.sub(r"\s+", "", normalize(sentence))[:12]
    if len(probe) < 4:
        return ""
    for i, line in enumerate(lines):
        if probe in re.sub(r"\s+", "", normalize(line)):
            return next((lines[j].strip() for j in range(i, -1, -1) if _is_title(lines[j])), "")
    return ""


def _names(asked: tuple[str, str], title: str) -> bool:
    """Whether ``title`` names an event of the asked kind (the same head noun): the words before the noun are left
    out, as a question describes an event in its own words (「公開シンポジウム」 under 「シンポジウムの開催」)."""
    return asked[1] in title


def other_event(question: str, sentence: str, chunks: Sequence[Chunk]) -> bool:
    """The value's ``sentence`` stands under the title of an event, and that title names none of the events the
    question names (「成果報告会」 asked, 「シンポジウムの開催」 above the figure)."""
    asked = _events(without_quotes(normalize(question)))
    if not asked or not sentence:
        return False
    for chunk in chunks:
        title = title_above(chunk, sentence)
        if title:
            title = normalize(title)
            return bool(_events(title)) and not any(_names(a, title) for a in asked)
    return False
