"""Another event's figure: 「成果報告会には何人参加？」 answered from the attendance under 「シンポジウムの開催」.

Slides and reports list events one after another, each under its title line (「○地元企業合同説明会」「■ …フェアの
開催」「シンポジウムの開催」) with fields labelled alike (開催日, 場所, 参加者). When the event the question names has no
such field, sentence scoring still finds another event's field, which shares every word but the event's name. The
value's event is the title it stands under; when that title names an event of another kind (another head noun:
報告会, not シンポジウム) and none of the words the question describes the event with, the figure answers another
question (a near miss). Two events of one kind (two 説明会) are left to the other checks: their names differ in
words a question may paraphrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.block_field import TITLE_LINE
from assistant.answer.drill_down import compact
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: The head nouns of an event's name (general Japanese): a meeting, a fair, a tour, a course. Not イベント or 会議:
#: a question says 「イベント」 of a fair, and 会議 ends the names of standing bodies.
_EVENT_NOUN = (
    r"(?:説明会|報告会|相談会|視察会|交流会|勉強会|研修会|講演会|発表会|見学会|懇談会|体験会|商談会|展示会|"
    r"シンポジウム|フォーラム|セミナー|ワークショップ|ミーティング|フェア|フェスタ|フェスティバル|ツアー|トリップ|"
    r"キャンプ|講座|アカデミー|コンテスト|ミートアップ)"
)
#: An event's name: the words written before the noun, and the noun (「林業就職」「説明会」).
_EVENT = re.compile(rf"([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー]{{0,14}}?)({_EVENT_NOUN})")
#: A title line: a bullet mark (`block_field.TITLE_LINE`), or a short line announcing an event held (「シンポジウムの開催」).
_HELD = re.compile(r"の(?:開催|実施)\s*(?:[［\[【(（][^］\]】)）]{0,10}[］\]】)）])?\s*$")
#: A line long enough to be prose is no title, whatever it ends with.
MAX_TITLE_CHARS = 40
#: How much of the sentence finds its line: enough to tell apart fields that open alike (「日時：令和8年3月25日…」).
PROBE_CHARS = 40


def _events(text: str) -> list[tuple[str, str]]:
    """The events ``text`` names, as (words before the noun, noun)."""
    return [(m.group(1), m.group(2)) for m in _EVENT.finditer(normalize(text))]


def _is_title(line: str) -> bool:
    text = line.strip()
    return bool(text) and (bool(TITLE_LINE.match(text)) or (len(text) <= MAX_TITLE_CHARS and bool(_HELD.search(text))))


def title_above(chunk: Chunk, sentence: str) -> tuple[str, str]:
    """The title line the ``sentence`` stands under in ``chunk``, and the block's text from the title down to the
    sentence's line (("", "") when the sentence is not found or no title is above it).

    The sentence is found by its first `PROBE_CHARS` characters across the passage's lines (a sentence may run over
    several), and the title is looked for from the line it starts on up (a title line holds its own event)."""
    probe = compact(sentence)[:PROBE_CHARS]
    if len(probe) < 4:
        return "", ""
    lines = chunk.text.split("\n")
    starts, text = [], ""
    for line in lines:
        starts.append(len(text))
        text += compact(line)
    at = text.find(probe)
    if at < 0:
        return "", ""
    first = max(i for i, s in enumerate(starts) if s <= at)
    top = next((j for j in range(first, -1, -1) if _is_title(lines[j])), None)
    return ("", "") if top is None else (lines[top].strip(), "\n".join(lines[top : first + 1]))


def _names(asked: tuple[str, str], title: str, block: str) -> bool:
    """Whether the block names the asked event: its title the same kind (head noun) or every word the question
    describes it with (「バス運転体験会」 under 「バス運転体験・就職相談会」), or its text the event's whole name
    (「…見学バスツアー」 whose text says 「地元企業見学会を開催」)."""
    before, noun = asked
    words = [w for w in tokenize(before, mode="surface") if len(w) >= 2]
    return noun in title or (bool(words) and all(w in title for w in words)) or f"{before}{noun}" in compact(block)


def other_event(question: str, sentence: str, chunks: Sequence[Chunk]) -> bool:
    """The value's ``sentence`` stands under the title of an event, and that title names none of the events the
    question names (「成果報告会」 asked, 「シンポジウムの開催」 above the figure). Quoted names count (「「成果報告会」の…」)."""
    asked = _events(question)
    if not asked or not sentence:
        return False
    for chunk in chunks:
        title, block = title_above(chunk, sentence)
        if title:
            title = normalize(title)
            return bool(_events(title)) and not any(_names(a, title, block) for a in asked)
    return False
