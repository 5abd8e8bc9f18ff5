"""A case listed under a numbered heading, asked by its place: 「その型で最初に紹介されている事例は？」「2つ目は？」.

Reports sort their cases under numbered headings standing alone on a line (「②地場企業牽引型」) and number the cases
under each with roman numerals, each on a line of its own (「(i) ローカルエナジー株式会社」), pages of text apart. A
question asks the heading's n-th case by its place, naming the heading in words (「地場企業が引っ張るタイプ」) or by
the answer before it (「その型」 after 「地場企業牽引型です」); the case's line shares no word with it, so sentence
scoring cannot pick it; the layout can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.answer.answered import answer_lead
from assistant.answer.block_answer import block_answer, lines_of
from assistant.answer.from_records import RecordAnswer
from assistant.answer.list_member import share_of
from assistant.answer.ordinal import ordinal_of
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk, Citation, Hit

#: A heading: a circled number and a short name, nothing else on the line (read before NFKC turns ② into 2). A
#: contents line (a tab and its page) or a list line describing the heading (「- ② …型：…を志向」) is none.
_HEADING = re.compile(r"^[#\s]*([①-⑳])\s*([^\s：:。、，,\t…‥・]{2,30}?)\s*$")
#: Other headings (「第5章」「3.」「(2)」「■」) end the cases of the one before: a numbered condition under them is none.
_OTHER_HEADING = re.compile(
    r"^[#\s]*(?:第[0-9０-９一二三四五六七八九十]+[章節部]|[0-9０-９]+[.．]\s|[(（][0-9０-９]+[)）]|[■□◆◇])"
)
#: A case: a roman numeral in brackets, then its name, alone on the line (NFKC: 「（ⅱ）」 -> 「(ii)」).
_CASE = re.compile(r"^[#\s]*\(\s*(i{1,3}|iv|vi{0,3}|ix|x)\s*\)\s*([^\sのはがをにでとも][^。]{0,40})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
#: The thing asked: a case, an example, or the firm or body a case is about.
_CASE_NOUN = r"(?:事例|実例|例|ケース|取組|取り組み|企業|会社|団体)"
#: 「最初に紹介されている事例」「最後に挙げられている例」: the place given by where the report shows it.
_SHOWN = re.compile(
    r"(最初|最後|(?:[0-9]+|[一二三四五六七八九])(?:番目|つ目|個目))に(?:紹介|挙げ|掲載|登場|出て|取り上げ|載)"
    rf"[^。？?]{{0,10}}?(?:{_CASE_NOUN}|の)(?=(?:は|って)?\s*(?:どこ|何|なに|誰|どれ)?(?:ですか)?\s*[？?。]?\s*$|を教え)"
)
#: What may follow the case asked: a topic particle or the end; 「…の事例の所在地は」 asks a detail of it.
_ASKED_END = re.compile(r"\s*(?:(?:は|って)?\s*(?:どこ|何|なに|誰|どれ)?(?:ですか)?\s*[？?。]?\s*$|を教え)")
#: The case noun an ordinal names (「1つ目の事例」「最初の例」).
_NOUN = re.compile(rf"^{_CASE_NOUN}$")
#: A turn pointing back at what was answered before (「その型」「この類型」).
_BACK = re.compile(r"その|この|同じ|そっち|そちら")
#: The least IDF share of a heading's words a question must write to name it in other words.
MIN_SHARE = 0.5
#: A bare ordinal turn (「2つ目は？」) is at most this long.
MAX_BARE = 10


@dataclass(frozen=True)
class Case:
    """One case line under a heading: its number and name, where it stands."""

    chunk: Chunk
    line: int
    n: int
    name: str


@dataclass
class Group:
    """A numbered heading and the cases numbered under it."""

    doc: str
    mark: str
    name: str
    cases: list[Case] = field(default_factory=list)


def groups_in(chunks: Sequence[Chunk]) -> list[Group]:
    """Every heading of ``chunks`` (in document order) with cases numbered (i), (ii), … after it, in sequence."""
    out: list[Group] = []
    seen: set[tuple[str, int]] = set()
    current: Group | None = None
    for chunk in sorted(chunks, key=lambda c: (c.doc, c.line_start)):
        if current is not None and current.doc != chunk.doc:
            current = None
        for i, raw in enumerate(chunk.text.split("\n")):
            line = chunk.line_start + i
            if (chunk.doc, line) in seen:
                continue  # passages overlap: a line is read once
            seen.add((chunk.doc, line))
            heading = _HEADING.match(raw)
            if heading is not None:
                name = nfkc(heading.group(2))
                if current is None or (current.mark, current.name) != (heading.group(1), name):
                    current = Group(chunk.doc, heading.group(1), name)  # a running header repeats the one read
                    out.append(current)
                continue
            if _OTHER_HEADING.match(raw):
                current = None
                continue
            case = _CASE.match(nfkc(raw).strip())
            if current is not None and case is not None and _ROMAN[case.group(1)] == len(current.cases) + 1:
                current.cases.append(Case(chunk, line, _ROMAN[case.group(1)], case.group(2).strip()))
    return [g for g in out if g.cases]


def in_documents(groups: Sequence[Group], ranked: Sequence[str], docs: Sequence[str] | None) -> list[Group]:
    """The groups of ``docs`` (every document when None), those of the best-ranked document first (``ranked``: the
    retrieved passages' documents in order); of a heading several documents write, the best-ranked one's only."""
    order = {d: i for i, d in enumerate(dict.fromkeys(ranked))}
    kept = sorted((g for g in groups if docs is None or g.doc in docs), key=lambda g: order.get(g.doc, len(order)))
    seen: set[tuple[str, str]] = set()
    out = []
    for g in kept:
        if (g.mark, g.name) not in seen:
            seen.add((g.mark, g.name))
            out.append(g)
    return out


def asked_place(turn: str) -> int | None:
    """The place of the case asked (1 for the first, 0 for the last), or None when no case is asked by its place."""
    text = nfkc(turn)
    shown = _SHOWN.search(text)
    if shown is not None:
        word = shown.group(1)
        if word in ("最初", "最後"):
            return 1 if word == "最初" else 0
        numbered = ordinal_of(f"{word}は")
        return numbered.n if numbered is not None else None
    ordinal = ordinal_of(turn)
    if ordinal is None or not _NOUN.match(ordinal.noun) or not _ASKED_END.match(text, ordinal.end):
        return None
    return 0 if ordinal.n is None else ordinal.n


def _bare_place(turn: str) -> int | None:
    """The place a bare ordinal turn asks (「2つ目は？」 -> 2, 「最後のは？」 -> 0)."""
    ordinal = ordinal_of(turn)
    if ordinal is None or ordinal.noun or len(nfkc(turn).strip()) > MAX_BARE:
        return None
    return 0 if ordinal.n is None else ordinal.n


def _lead(answer: str) -> str:
    """What an answer named before its first citation mark (「地場企業牽引型です [1]」), or "" for a quoted passage:
    a passage listing the headings names no one of them."""
    lead = nfkc(answer_lead(answer)).strip()
    return lead if lead.endswith("です") else ""


def _named(groups: Sequence[Group], text: str) -> list[Group]:
    """The groups whose name the text writes, less those whose name is part of another one written (企業牽引型 of
    地場企業牽引型)."""
    found = [g for g in groups if g.name in text]
    return [g for g in found if not any(g.name != o.name and g.name in o.name for o in found)]


def _by_words(groups: Sequence[Group], text: str, idf: Mapping[str, float]) -> Group | None:
    """The heading whose words the text writes most, at least `MIN_SHARE` of them by IDF, and alone at the top."""
    scored = []
    for g in groups:
        words = {t: idf.get(t, 1.0) for t in set(tokenize(g.name, nouns_only=True))}
        scored.append((share_of(words, text), g))
    scored.sort(key=lambda s: -s[0])
    if not scored or scored[0][0] < MIN_SHARE or (len(scored) > 1 and scored[1][0] >= scored[0][0]):
        return None
    return scored[0][1]


def _of_case_answered(groups: Sequence[Group], answer: str) -> list[Group]:
    """The groups holding the case an answer named (「ローカルエナジー株式会社です」)."""
    lead = _lead(answer)
    return [g for g in groups if lead and any(c.name in lead for c in g.cases)]


def group_asked(
    turn: str, groups: Sequence[Group], idf: Mapping[str, float], last: tuple[str, str] = ("", "")
) -> Group | None:
    """The heading a turn asks a case of: written whole, answered just before (「その型」), or named in other words."""
    text = nfkc(turn)
    written = _named(groups, text)
    if len(written) == 1:
        return written[0]
    if written:
        return None
    if _BACK.search(text):
        answered = _named(groups, _lead(last[1]))
        # The answer before may be one of the cases (「ローカルエナジー株式会社です」): its heading is meant.
        answered = answered or _of_case_answered(groups, last[1])
        # Nothing answered before names a heading: the pointer's words (その型) name none either.
        return answered[0] if len(answered) == 1 else None
    return _by_words(groups, text, idf)


def find_case(
    turn: str, groups: Sequence[Group], idf: Mapping[str, float], last: tuple[str, str] = ("", "")
) -> tuple[Group, Case] | None:
    """The case asked by its place under the heading asked; a bare 「2つ目は？」 after a case asked so."""
    place = asked_place(turn)
    asked = turn
    if place is None and last[0] and asked_place(last[0]) is not None:
        place = _bare_place(turn)
        asked = last[0]  # the heading the question before asked (and the answer before that, kept in last[1])
        answered = _of_case_answered(groups, last[1])
        if place is not None and len(answered) == 1:
            return _pick(answered[0], place)
    if place is None:
        return None
    group = group_asked(asked, groups, idf, last)
    return _pick(group, place) if group is not None else None


def _pick(group: Group, place: int) -> tuple[Group, Case] | None:
    """The case at ``place`` (0: the last one), or None past the last."""
    if place > len(group.cases):
        return None
    return group, group.cases[place - 1]


def case_answer(
    found: tuple[Group, Case], question: str, citation: Callable[[int, Hit, str, int, int], Citation]
) -> RecordAnswer:
    """The case's name as the lead, its heading and place said after it, its line quoted."""
    group, case = found
    heading = f"{group.mark}{group.name}"
    text = f"{case.name}です [1]。（{heading}の{case.n}つ目の事例）"
    quote = lines_of(case.chunk, case.line, case.line)
    cited = citation(1, Hit(case.chunk, 0.0, 0), quote, case.line, case.line)
    return block_answer(question, text, [cited], case.name, f"{heading} ({case.n}) {case.name}")
