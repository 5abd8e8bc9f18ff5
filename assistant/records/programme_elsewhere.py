"""A programme one document's readers found, read again where another document names it in full.

Plans and summaries repeat one another: the national 地方創生2.0 summary is copied into a prefecture's plan, a
case study of one report is a slide of another, a corridor of the national plan is named in a bureau's deck. The
readers see the programme where its own layout (a card, a table row, a footnote) gives it; the other document
often names it in a sentence no reader is built for. A record's name is read in another document when it stands
there whole, as a name of its own, not as the tail or head of a longer compound (「空知地域公共交通計画」 is not
「地域公共交通計画」, nor 「第二次国土形成計画」 「国土形成計画」), and no record of that document goes by that name;
the line is added to the record's sources (its first reading still leads), so the programme cites every document
that names it. A name closed by 等 (「…改善事業等20,560百万円の内数」), written after a body's legal form, or with a
firm's legal form abbreviated (「X(株)」「(株)X」) stands there whole too; a provisional name (…（仮称）) is not looked for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from assistant.text.normalize import compact

from .make import span
from .merge import programme_key
from .models import ProgrammeRecord

# A character that would make the name part of a longer compound on that side (kanji, katakana, Latin, digits).
_NAME_CHAR = r"[\u4e00-\u9fff\u30a0-\u30ffー々A-Za-zＡ-Ｚａ-ｚ0-9０-９]"
# A body's legal form written before its name is no part of a longer compound: 「(代表：一般社団法人co.shiga)」.
_LEGAL_FORMS = (
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "特定非営利活動法人",
    "NPO法人",
    "株式会社",
)
_BEFORE = "(?:" + "|".join(f"(?<={f})" for f in _LEGAL_FORMS) + rf"|(?<!{_NAME_CHAR}))"
# 「等」 closes a name as 「など」 does (「X事業等を通じて」), unless a compound goes on after it (「等級」「等々」).
_AFTER = rf"(?:(?=等(?![\u4e00-\u9fff\u30a0-\u30ffー々]))|(?!{_NAME_CHAR}))"
MIN_NAME = 4  # a shorter name (「海業」) is too often part of common wording to be read alone


#: A provisional name: 「…（仮称）」.
_PROVISIONAL = re.compile(r"[(（]仮称[)）]")


def _reads(name: str) -> re.Pattern[str] | None:
    """The name standing alone in a line, or None for a name too short or too loose to look for."""
    key = name.strip()
    if len(compact(key)) < MIN_NAME or re.search(r"\s", key):
        return None  # a name broken by a space is not written so elsewhere
    # kanji, katakana or letters on either side extend the compound (「企業版ふるさと納税」), whatever the name's ends;
    # a body's legal form before it and 「等」 after it do not (「一般社団法人co.shiga」「…改善事業等20,560百万円の内数」)
    return re.compile(rf"{_BEFORE}{re.escape(key)}{_AFTER}")


# A firm's legal form another document abbreviates: 「ローカルエナジー株式会社」 is 「ローカルエナジー(株)」 on a slide.
_ABBREVIATED = {
    "株式会社": ("(株)", "（株）", "㈱"),
    "一般社団法人": ("(一社)", "（一社）"),
    "一般財団法人": ("(一財)", "（一財）"),
}


def _spellings(name: str) -> list[str]:
    """The name as read, then as another document may write it with its legal form abbreviated, before or after."""
    out = [name]
    for form, shorts in _ABBREVIATED.items():
        core = name.removeprefix(form) if name.startswith(form) else name.removesuffix(form)
        if core != name and len(compact(core)) >= 2:
            prefix = name.startswith(form)
            out += [short + core if prefix else core + short for short in shorts]
    return out


def _names_it(pattern: re.Pattern[str], line: str, longer: list[str]) -> bool:
    """The line names the programme on its own: outside every longer name that holds it, not in a contents line."""
    if re.search(r"\.{4,}|…{2,}", line):
        return False
    for name in longer:
        line = line.replace(name, "\u3000")
    return pattern.search(line) is not None


def _wrapped_at(pattern: re.Pattern[str], lines: list[str], longer: list[str]) -> int | None:
    """The 1-based line where the name starts when the PDF wrapped it onto the next line 「…都市\n国家構想」."""
    for i in range(len(lines) - 1):
        head, tail = lines[i].rstrip(), lines[i + 1].lstrip()
        if not head or not tail:
            continue
        joined = head + tail
        m = pattern.search(joined)
        # only a match across the break: one within either line was looked for already
        if m is not None and m.start() < len(head) < m.end() and _names_it(pattern, joined, longer):
            return i + 1
    return None


def cite_named_elsewhere(
    documents: Sequence[tuple[str, list[str]]], records: Sequence[ProgrammeRecord]
) -> list[ProgrammeRecord]:
    """``records``, each also citing the first line of every other document that names it in full."""
    names: dict[str, set[str]] = defaultdict(set)  # a document -> the names its records go by
    for r in records:
        for d in r.docs:
            names[d] |= {programme_key(n) for n in (r.name, *r.variants)}
    every = {n for r in records for n in (r.name, *r.variants) if not re.search(r"\s", n)}
    # one substring test skips a document not naming it; the wrap-free text also holds a name a line break splits
    whole = {doc: "\n".join(lines) + "\n" + "".join(x.strip() for x in lines) for doc, lines in documents}
    out = []
    for r in records:
        key = programme_key(r.name)
        extra = []
        if any(_PROVISIONAL.search(n) for n in (r.name, *r.variants)):
            # A name its own document gives only provisionally (「官民プラットフォーム（仮称）」) is a generic phrase
            # elsewhere (「官民プラットフォーム等を通じた…」): not a citation of the planned one.
            out.append(r)
            continue
        # a longer programme name holding this one (「みどり農福連携…事業」 for 「農福連携」) is another programme
        longer = [o for o in every if r.name in o and o != r.name]
        for doc, lines in documents:
            if doc in r.docs or key in names[doc]:
                continue
            for spelling in _spellings(r.name.strip()):
                pattern = _reads(spelling)
                if pattern is None or spelling not in whole[doc]:
                    continue
                n = next((i for i, line in enumerate(lines, 1) if _names_it(pattern, line, longer)), None)
                if n is not None:
                    extra.append(span(doc, lines, n, n))
                elif (wrapped := _wrapped_at(pattern, lines, longer)) is not None:
                    extra.append(span(doc, lines, wrapped, wrapped + 1))
                else:
                    continue
                break  # one line of that document is cited
        out.append(replace(r, sources=(*r.sources, *extra)) if extra else r)
    return out
