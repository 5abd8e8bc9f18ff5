"""The place a case-study block is labelled with, for a "which town" question answered by a line naming none."""

from __future__ import annotations

import re

from assistant.answer.extract import Candidate
from assistant.question.kinds import MUNICIPALITY, PREFECTURES, town_named
from assistant.question.rules import asks_a_town

#: A block's title label: the municipality in brackets (「【島根県松江市】」「自動運転バス(茨城県境町)」), possibly
#: listing several (「【福島県南相馬市・浪江町】」).
_LABEL = re.compile(rf"[【(（]\s?((?:{PREFECTURES})[^【】()（）\n]{{1,24}})[】)）]")
#: A bullet line of a block's body (「・」「●」「-」「①」「1.」); a 「■」 line is a heading, not a bullet.
_BULLET = re.compile(r"^\s*(?:[・●○◯•\-－*＊]|[①-⑳]|\d{1,2}[.)．）]\s)")
#: Further towns of a label listing several (「…南相馬市・浪江町」).
_MORE = re.compile(r"[・、]\s?([一-龥ぁ-んァ-ヶー]{1,6}?(?:市|町|村|区))(?=[・、\s]|$)")


def _title(text: str, at: int) -> str | None:
    """The title line of the block the offset ``at`` stands in the body of, or None.

    A case-study block is a paragraph: a title, then either bullet lines (the title is the line right above the
    first bullet) or, with no bullets, the lines of its description (the title is the paragraph's first line).
    A case's bullets may go on after a blank line, so a paragraph opening with a bullet continues the one above;
    a paragraph opening with any other line (a new title, a heading, prose) is a block of its own.
    """
    lines = text.split("\n")
    i = text.count("\n", 0, at)
    while True:
        start = i
        while start > 0 and lines[start - 1].strip():
            start -= 1
        if not _BULLET.match(lines[start]):
            break
        i = start - 1
        while i >= 0 and not lines[i].strip():
            i -= 1
        if i < 0:
            return None  # the passage begins inside a block: its title is not in it
    first = next((j for j in range(start, i + 1) if _BULLET.match(lines[j])), None)
    title = start if first is None else first - 1
    return lines[title] if start <= title < text.count("\n", 0, at) else None


def _label(title: str) -> str | None:
    """The bracketed municipality a title line opens or ends with (「【茨城県境町】 自動運転バス」「…(茨城県境町)」)."""
    for m in _LABEL.finditer(title):
        if not title[: m.start()].strip() or not title[m.end() :].strip():
            return m.group(1)
    return None


def _town(label: str, sentence: str) -> str | None:
    """The town of a label; of several, the one the sentence names, else all of them (「福島県南相馬市・浪江町」)."""
    m = MUNICIPALITY.search(label)
    if m is None:
        return None
    first = re.sub(r"\s", "", m.group(1))
    more = _MORE.findall(label[m.end() :])
    if not more:
        return first
    prefecture = re.match(rf"(?:{PREFECTURES})", first).group(0)  # type: ignore[union-attr]
    named = [t for t in (first[len(prefecture) :], *more) if t in sentence]
    return prefecture + named[0] if len(named) == 1 else first + "".join(f"・{t}" for t in more)


def block_place(c: Candidate, question: str) -> str | None:
    """The municipality in the title of the case-study block ``c``'s sentence stands in, when a town is asked.

    Case-study slides write each case as a title with its town in brackets, then bullet lines describing it
    (「自動運転バス(茨城県境町) ・…定常運行を実現」): the bullet answers what was done, its title where. Only the
    title above the sentence is read (a label on a line after it belongs to the next case).
    """
    if not asks_a_town(question):
        return None
    title = _title(c.hit.chunk.text, c.sentence.start)
    label = _label(title) if title else None
    town = _town(label, c.sentence.clean) if label else None
    return None if town is None or town_named(town, question) else town
