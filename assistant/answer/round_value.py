"""An event's round asked by its number: 「空知ワインアカデミーの2回目はいつ？」 over 「開催日：①…②…③…」.

An event held several times is listed field by field on a slide (`aligned`): the n-th item of each field is the n-th
round. A question asking a round by its number (「2回目」「第2回」「2つ目」「初回」「最後の回」「最終回」) names no item, so
the number is the position. The field must hold the asked kind (a date, a count, a place…), and the block it stands
in must be about what the question names: the nearest title line above it (「■ 空知ワインアカデミーの開催」「○地元企業
合同説明会」), past the block's other fields and their continuation lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answer.aligned import AlignedValue, Field, fields_in, label_fits, label_written
from assistant.answer.ordinal import ordinal_of
from assistant.answer.series_member import labels_in
from assistant.answer.turn_words import names_a_thing
from assistant.answer.values import find_value
from assistant.question.kinds import QueryIntent
from assistant.text.normalize import nfkc, normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: The position `asked_position` gives for the last round (「最後の回」「最終回」): where it stands depends on the field.
LAST = -1
#: Not run into a longer word: 「初回無料」「最終回答」「最後の回答者」 ask no round.
_ALONE = r"(?![\u4e00-\u9fff\u30a1-\u30ff])"
_FIRST = re.compile(rf"初回{_ALONE}")
_FINAL = re.compile(rf"(?:最終回|最後の(?:回|開催|会合)){_ALONE}")
#: A round's number as a question writes it (after NFKC): a label or an ordinal.
_NUMBERED = re.compile(
    r"第\s*[0-9一二三四五六七八九十]+\s*回|[0-9一二三四五六七八九十]+\s*(?:回目|つ目|番目|本目|個目)"
)
#: A field of places (「場所：①芦別市 ②岩見沢市」).
_PLACE_LABEL = re.compile(r"場所|会場|開催地")
#: Characters a place field's item may have to be read as one place.
MAX_PLACE = 20
#: A line opening a block (its title): a mark (■○●◆◇□・) or a bracket (【〔).
_TITLE = re.compile(r"^\s*[■□○●◆◇・【〔]")
#: Lines read upwards from a field for its block's title.
TITLE_REACH = 12
#: IDF share of the question's own words the title must hold.
MIN_ABOUT = 0.5


def asked_position(question: str) -> int | None:
    """The position a question asks a round by (「1回目」「第2回」「2つ目」「②」「初回」 -> 0-based), `LAST` for 「最後の
    回」「最終回」, else None (none, or two: 「初回と3回目」)."""
    text = nfkc(question)
    if len(_NUMBERED.findall(text)) + len(_FIRST.findall(text)) + len(_FINAL.findall(text)) > 1:
        return None  # two rounds asked: no one position
    labelled = [m for m in labels_in(text) if m.unit == "回"]
    if labelled:
        return labelled[0].n - 1 if labelled[0].n else None
    if _FINAL.search(text):
        return LAST
    if _FIRST.search(text):
        return 0
    o = ordinal_of(question)
    return o.n - 1 if o is not None and o.n else None


#: A turn asking every round or their total (「毎回の会場」「全部で何社」): no one round, whatever the subject carries.
_EVERY = re.compile(r"毎回|各回|全回|全部|合計|総数|全体|それぞれ|両方|全て|すべて|トータル")


def round_asked(question: str, query: str = "") -> str | None:
    """The text whose round is asked: ``question`` when it writes one; for a follow-up naming nothing of its own
    and not asking every round, the round its carried ``query`` writes with the turn (「場所は？」 after 「…アカデミー、
    初回の開催日は？」 -> 「初回 場所は？」: the turn's words alone choose the field); else None."""
    if asked_position(question) is not None:
        return question
    if not query or query == question or _EVERY.search(question) or names_a_thing(question):
        return None
    text = nfkc(query)
    if asked_position(text) is None:
        return None
    found = [m for pattern in (_NUMBERED, _FIRST, _FINAL) if (m := pattern.search(text))]
    return f"{min(found, key=lambda m: m.start()).group(0)} {question}" if found else None


def _holds_kind(label: str, intent: QueryIntent) -> bool:
    """The field's label says it holds the asked kind (`aligned.label_fits`), places too."""
    return label_fits(label, intent) or (intent.wants("place") and _PLACE_LABEL.search(label) is not None)


def _label_asked(label: str, asked: str) -> bool:
    """The question writes the field's whole label (「参加者」 in 「2回目 参加者は？」)."""
    return re.sub(r"\s+", "", label) in re.sub(r"\s+", "", asked)


def _title_above(chunk: Chunk, field: Field) -> str:
    """The nearest title line above ``field`` in its passage, past the block's other fields and their continuation
    lines; the passage's heading when none stands within `TITLE_REACH` lines."""
    lines = chunk.text.split("\n")
    at = field.line_start - chunk.line_start
    for line in reversed(lines[max(0, at - TITLE_REACH) : at]):
        if _TITLE.match(line):
            return line
    return chunk.heading


def ordinal_value(
    question: str, intent: QueryIntent, chunks: Sequence[Chunk], idf: Mapping[str, float], about: str = ""
) -> AlignedValue | None:
    """The item at the round the question asks (see the module docstring), or None. ``about``: a follow-up's query
    with its carried subject, whose words the block's title must hold.

    With several fields of the asked kind in a block (「申込締切日」 and 「開催日」), the one the question names by its
    label is read, else the one of the event itself (「開催…」); with neither, none is."""
    pos = asked_position(question)
    if pos is None:
        return None
    # The subject's words: not the number's (「第」「回」「目」 stand above no field).
    subject = _NUMBERED.sub(" ", nfkc(about or question))
    words = {t: idf[t] for t in tokenize(subject) if len(t) >= 2 and idf.get(t, 0.0) >= 2.0}
    asked = normalize(question)
    # A field asked by its label alone (「参加者は？」, no kind of value asked): the round's item of that label, whole.
    by_label = not intent.value_kinds and not intent.wants("place")
    for chunk in chunks:
        found: list[tuple[tuple[int, bool], AlignedValue]] = []
        for field in fields_in(chunk):
            if not field.label or len(field.items) <= pos:
                continue
            if not (_label_asked(field.label, asked) if by_label else _holds_kind(field.label, intent)):
                continue
            at = pos if pos >= 0 else len(field.items) - 1
            item = field.items[at]
            # A place field's item is the place itself (「オンライン」 too), when written short as a name is.
            place = intent.wants("place") and _PLACE_LABEL.search(field.label) and 0 < len(item) <= MAX_PLACE
            value = item if place or by_label else find_value(item, intent, set(words))
            # The subject's words, not the field's: 「開催日」 asked is in the field's own label.
            own = {t: w for t, w in words.items() if t not in field.label}
            title = set(tokenize(normalize(_title_above(chunk, field))))
            if value and own and sum(w for t, w in own.items() if t in title) / sum(own.values()) >= MIN_ABOUT:
                key = (label_written(field.label, asked)[0], "開催" in field.label)
                found.append((key, AlignedValue(value, field, field, chunk, at)))
        if found:
            found.sort(key=lambda f: f[0], reverse=True)
            (written, held), best = found[0]
            if len(found) > 1 and not written and not held:
                return None  # two fields of the asked kind, neither named nor the event's own
            return best
    return None
