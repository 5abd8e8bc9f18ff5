"""A member of an enumerated list asked by its place: 「3つ目は？」「2本目の施策は」「最後の手順は？」.

Documents enumerate a plan's pillars, a programme's steps or a report's cases as lines opened by a number
(「１．」「(2)」「③」), with lines of explanation between them. A turn asking a member by its place shares no word
with that member, so sentence scoring cannot find it; the list's layout can. A list here is a run of lines opened
by one numbering style counting 1, 2, 3… with at most `MAX_GAP` lines between members; the member asked is the one
numbered so (「最後の」: the list's last). The list must be about what the question (with a follow-up's carried
subject) names: most of its words, by IDF, stand in the lines just before the first member or in the passage's
heading. Numbered labels (「第3回」「コラム5」) are `ordinal`'s: a meeting's 「3回目」 is not read here.

Files converted to text often put a bullet before the number (「- ① 共同体形成型」「- 1 協議会の立上げ」) and drop the
number's dot (「2 協議会の開催」). The bullet is read past in every style; a bare number and a space open a member
only in documents without PDF line numbers, where 「12 text」 is the line's number, not a list's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.ordinal import CALL_ROUND, ordinal_of, written_number
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

#: A bullet a converted file may put before a member's number (「- ①」「• 1.」).
_BULLET = r"^\s*(?:[-•・*]\s*)?"
#: Lines opened by a number, by numbering style: 「1.」「１．」, 「(1)」「（１）」 (read after NFKC), 「①」 (read as
#: written: NFKC turns ① into 1).
_STYLES: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("dot", re.compile(_BULLET + r"([0-9]{1,2})[.](?![0-9])\s*(\S.*)$"), True),
    ("paren", re.compile(_BULLET + r"[(]([0-9]{1,2})[)]\s*(\S.*)$"), True),
    ("circled", re.compile(_BULLET + r"([①-⑳])\s*(\S.*)$"), False),
)
#: A number, a space and words (「1 協議会の立上げ」「- 3 計画の策定」): read only where no PDF line numbers stand.
#: Read as written (not NFKC, which turns ① into 1): full-width digits are numbers to `int` as well. Not a quantity
#: (「1 人暮らし」「2 件」) nor a page footer (「- 1 -」): the member starts with a word.
_SPACED = (
    "spaced",
    re.compile(_BULLET + r"([0-9０-９]{1,2})\s+(?![0-9０-９人名件回歳年月日時分円%％])(?=\w)(\S.*)$"),
    False,
)
#: A table of contents' page reference ending a line (read after NFKC, which folds 「･･･」「‥」「……」 into dots): a
#: leader of dots or a tab, and the page number. A numbered row of a table with a figure after a tab reads alike and
#: is left out too: its member would be a label and a number, not a name.
_PAGE_REF = re.compile(r"(?:\t|[.・]{3,})\s*[0-9]{1,3}\s*$")
#: Nouns any list's members are called by (「最後のステップ」「2つ目の項目」「3段階目」): the list need not write them.
MEMBER_NOUNS = frozenset({"ステップ", "段階", "手順", "項目", "パターン", "種類", "分野"})
#: Counters that pick a list member; 「回目」 counts meetings (`ordinal`'s series).
_COUNTERS = frozenset({"つ目", "本目", "番目", "個目", ""})
#: Lines allowed between two members (their explanation) before the list is taken to have ended.
MAX_GAP = 6
#: Non-blank lines before the first member read as the list's lead-in (its title: 「観光振興の４つの重点施策」).
LEAD_LINES = 2
#: IDF share of the asked words the lead-in and heading must hold for the list to be the one asked about.
MIN_SHARE = 0.4
#: Lines within which the lists of one call's rounds stand (a round's list and its sibling's).
MAX_ROUND_SPAN = 120
#: A count written with a list's counter and the noun it counts (「４本柱」「3つの施策」「4項目」「以下の3点」): the
#: size and the name of a list. Not an ordinal (「第1段階」「2つ目」) nor a scale (「5段階評価」).
WRITTEN_COUNT = re.compile(
    r"(?<!第)([0-9]{1,2})\s?(本|つ|項目|点|分野|段階|ステップ|パターン|種類)(?!目|評価)の?([\u4e00-\u9fff\u30a1-\u30ff]{0,3})"
)
#: Characters of a member's line given as the answer.
MAX_TEXT = 80


def _number(style: str, raw: str) -> int:
    return ord(raw) - ord("①") + 1 if style == "circled" else int(raw)


@dataclass(frozen=True)
class ListMember:
    """The member asked: its passage, document line, text (without its number), place and the list's size."""

    chunk: Chunk
    line: int
    text: str
    n: int
    size: int
    lead: str


@dataclass(frozen=True)
class Entry:
    """A list member as read: its document line, its number and its text without the number."""

    line: int
    number: int
    text: str


def enumerations(lines: Mapping[int, str], line_numbers: bool = False) -> list[list[Entry]]:
    """The numbered lists of ``lines`` (document line -> text): runs counting 1, 2, 3… in one style.

    ``line_numbers``: the document's lines start with PDF line numbers (no bare-number style). A table of
    contents' entries (「(1) 地域生活圏の捉え方<TAB>55」: a title, a tab, a page number) are not members."""
    found: list[list[Entry]] = []
    for style, rx, folded in _STYLES if line_numbers else (*_STYLES, _SPACED):
        run: list[Entry] = []
        for no in sorted(lines):
            m = rx.match(nfkc(lines[no]) if folded else lines[no])
            if m is None or _PAGE_REF.search(nfkc(lines[no])):
                continue
            entry = Entry(no, _number(style, m.group(1)), m.group(2).strip())
            if run and entry.number == run[-1].number + 1 and entry.line - run[-1].line <= MAX_GAP:
                run.append(entry)
                continue
            if len(run) >= 2:
                found.append(run)
            run = [entry] if entry.number == 1 else []
        if len(run) >= 2:
            found.append(run)
    return found


#: A member of a list written within one sentence (「「①負担軽減部会」「②登録・地域関与部会」…を設置」「①A、②B、③C」):
#: its circled number (read as written) and its words, up to a bracket, a comma, a full stop or the next member.
_INLINE_MEMBER = re.compile(r"([①-⑳])\s*([^①-⑳「」『』、,，。()（）]{1,40}?)\s*(?=[」』、,，。()（）]|[「『]?[①-⑳]|$)")


#: The count a sentence writes after its last member (「③就業支援の3点」): the list's size, no part of the member.
_COUNT_AFTER = re.compile(r"の?(?<![0-9０-９])[0-9０-９]{1,2}\s?(?:つ|点|項目|本|分野|件)\S*$")
#: What opens no member's name: a particle or an ending (「①から②へ」「①を満たす」), a conjunction (「①及び②」), or a
#: figure (「①約50件」「①48社」): the numbers refer to items written elsewhere, or list values.
_NOT_A_MEMBER = re.compile(r"^(?:[\u3041-\u3093]|及び|並びに|又は|若しくは|[0-9０-９]|約[0-9０-９])")


def inline_enumerations(lines: Mapping[int, str]) -> list[list[Entry]]:
    """The lists written within one line, counting ①, ②, ③… from ①; two members at least, all on the line.

    A field of a slide's parallel fields (「開催日：①6月18日②6月28日」, a label and a colon before ①) lists one event's
    values, not members (`aligned` reads it); nor are figures (「①48社 ②45社」) nor references to items written elsewhere
    (「ポイント①及び②を満たす」, `_NOT_A_MEMBER`)."""
    found: list[list[Entry]] = []
    for no in sorted(lines):
        head = lines[no].split("①", 1)[0]
        if "①" not in lines[no] or re.search(r"[：:]\s*$", head):
            continue
        members = _INLINE_MEMBER.findall(lines[no])
        if any(_NOT_A_MEMBER.match(text.strip()) for _, text in members):
            continue
        numbers = [_number("circled", mark) for mark, _ in members]
        if len(members) >= 2 and numbers == list(range(1, len(members) + 1)):
            # The count a sentence writes after the list (「…③就業支援の3点」) ends only the last member.
            texts = [text.strip() for _, text in members[:-1]] + [_COUNT_AFTER.sub("", members[-1][1]).strip()]
            found.append([Entry(no, k, text) for k, text in zip(numbers, texts, strict=True)])
    return found


def lead_lines(lines: Mapping[int, str], first: int) -> list[int]:
    """The document lines of a list's lead-in: the ``LEAD_LINES`` non-blank lines just before its first member
    (within ``MAX_GAP`` lines), in document order."""
    kept = [no for no in range(first - 1, first - 1 - MAX_GAP, -1) if lines.get(no, "").strip()]
    return sorted(kept[:LEAD_LINES])


def lead_in(lines: Mapping[int, str], first: int) -> str:
    """The text of a list's lead-in (`lead_lines`), its lines joined."""
    return " ".join(lines[no].strip() for no in lead_lines(lines, first))


def share_of(words: Mapping[str, float], text: str) -> float:
    """IDF share of ``words`` (lemmas) in ``text``: among its lemmas, or written in it (MeCab cuts compounds
    either way)."""
    lemmas = set(tokenize(text, nouns_only=True))
    total = sum(words.values())
    held = sum(w for t, w in words.items() if t in lemmas or (len(t) >= 2 and t in text))
    return held / total if total else 0.0


def lists_in(
    chunks: Sequence[Chunk],
    following: Callable[[Chunk], Sequence[Chunk]],
    line_numbers: frozenset[str] = frozenset(),
    before: Callable[[Chunk], Chunk | None] | None = None,
    inline: bool = False,
) -> Iterator[tuple[int, list[Entry], dict[int, str], dict[int, Chunk]]]:
    """Each numbered list of ``chunks`` read with the passages ``following`` each: the chunk's rank, the list, and
    the lines read (document line -> text, and -> the passage holding it).

    ``before``: the passage just before a chunk, read for the lead-in of a list the chunk opens with (its title,
    「３．政策の５本柱」, is the previous passage's last line); its own lists are not read. ``inline``: lists written
    within one line are read too (`inline_enumerations`)."""
    for rank, chunk in enumerate(chunks):
        lines: dict[int, str] = {}
        by_line: dict[int, Chunk] = {}
        prior = before(chunk) if before is not None else None
        for part in (chunk, *following(chunk), *([prior] if prior is not None else [])):
            if part.doc != chunk.doc:
                continue
            for i, text in enumerate(part.text.split("\n")):
                lines.setdefault(part.line_start + i, text)
                by_line.setdefault(part.line_start + i, part)
        runs = enumerations(lines, chunk.doc in line_numbers)
        for run in [*runs, *(inline_enumerations(lines) if inline else [])]:
            if run[0].line >= chunk.line_start:
                yield rank, run, lines, by_line


def without_asking(text: str, asking: str) -> str:
    """``text`` normalised, without its ``asking`` words (「3つ目」「いくつ」 are written nowhere in a document)."""
    return nfkc(text).replace(asking, " ")


def asked_words(asked: str, idf: Mapping[str, float]) -> dict[str, float]:
    """The nouns ``asked`` (`without_asking`) asks about, by IDF."""
    return {t: idf.get(t, 1.0) for t in set(tokenize(asked, nouns_only=True))}


def lead_share(
    words: Mapping[str, float], run: Sequence[Entry], lines: Mapping[int, str], by_line: Mapping[int, Chunk]
) -> tuple[str, float]:
    """A list's lead-in, and how much of the asked ``words`` it and its passage's heading hold (`share_of`)."""
    lead = lead_in(lines, run[0].line)
    own = ""
    if len(run) > 1 and run[1].line == run[0].line:
        # A list written within a sentence: the sentence (「…の6つの専門部会を設置」) leads it in too; its members'
        # own words do not say what the list is about.
        own = lines[run[0].line].strip()
        lead = f"{lead} {_INLINE_MEMBER.sub(' ', own)}"
    return (f"{lead_in(lines, run[0].line)} {own}" if own else lead), share_of(
        words, nfkc(f"{by_line[run[0].line].heading} {lead}")
    )


#: A round or a term a list is the list of (「■三次公募」「<2次公募>」「第2期」): the tokeniser keeps only 公募 of
#: 「三次公募」, so lists of every round share the asked words alike (a call's round as `ordinal.CALL_ROUND` reads it).
_ROUND = re.compile(rf"(?:第\s?)?(?:{CALL_ROUND}|([0-9]{{1,2}}|[一二三四五六七八九十])\s?(?:期|弾))")


def rounds_in(text: str) -> frozenset[int]:
    """The rounds ``text`` names (「三次公募」「2次公募」 -> 3, 2), as numbers."""
    return frozenset(written_number(m.group(1) or m.group(2)) for m in _ROUND.finditer(nfkc(text)))


def asks_member(question: str) -> bool:
    """Whether the question asks a list member by its place (「3つ目は？」, not a meeting's 「3回目」)."""
    ordinal = ordinal_of(question)
    return ordinal is not None and ordinal.counter in _COUNTERS


def find_member(
    question: str,
    query: str,
    chunks: Sequence[Chunk],
    idf: Mapping[str, float],
    following: Callable[[Chunk], Sequence[Chunk]],
    last: tuple[str, str] = ("", ""),
    line_numbers: frozenset[str] = frozenset(),
    before: Callable[[Chunk], Chunk | None] | None = None,
) -> ListMember | None:
    """The member of the list the question asks about at the place it asks, or None.

    ``chunks`` are the passages retrieved for ``query`` (the question with a follow-up's subject), best first;
    each is read with the passages ``following`` it, as a list runs on over a passage's end. ``last`` is the
    conversation's last question and answer: the question that asked about the list names it best (「重点施策は
    何本？」 before 「2つ目は？」), and a count either writes (「４本の施策」) tells the list's length.
    ``line_numbers``: the documents whose lines start with PDF line numbers.
    """
    ordinal = ordinal_of(question)
    if ordinal is None or ordinal.counter not in _COUNTERS:
        return None
    # The asked words: the subject's and the question's own, not the ordinal.
    asking = nfkc(question)[ordinal.start : ordinal.end]
    asked = without_asking(f"{query} {last[0]}", asking)
    words = asked_words(asked, idf)
    if not words:
        return None
    written = list(WRITTEN_COUNT.finditer(f"{asked} {nfkc(last[1])[:MAX_TEXT]}"))
    counts = {int(m.group(1)) for m in written}
    nouns = {m.group(2) for m in written if m.group(2)}
    titles = _titles(written)
    # The subject's own words, not the count's (「5本柱」's 本 and 柱 stand in every such list's title).
    counted_words = {t for m in written for t in tokenize(m.group(0), nouns_only=True)}
    subject = {t: w for t, w in words.items() if t not in counted_words}
    # The round the turn names, else the one its subject names: its list, not another round's.
    rounds = rounds_in(question.replace(asking, " ")) or rounds_in(asked)
    found = []
    for rank, run, lines, by_line in lists_in(chunks, following, line_numbers, before, inline=True):
        lead, share = lead_share(words, run, lines, by_line)
        found.append((rank, run, by_line, lead, share, rounds_in(lead)))
    # The rounds of one call are listed one after another under the programme's title, and only the first round's
    # lead-in runs on into it: a later round's list (「■三次公募」) is about what the question names when a sibling
    # round's list of the same document, close by, is.
    siblings = [
        (run[0], by_line[run[0].line].doc) for _, run, by_line, _, share, own in found if own and share >= MIN_SHARE
    ]
    best: tuple[tuple[bool, bool, bool, float, int, int], ListMember] | None = None
    for rank, run, by_line, lead, share, own in found:
        n = len(run) if ordinal.n is None else ordinal.n
        if n > len(run):
            continue
        named = not ordinal.noun or ordinal.noun in MEMBER_NOUNS or ordinal.noun in nfkc(lead + run[0].text)
        sibling = bool(rounds & own) and any(
            doc == by_line[run[0].line].doc and abs(first.line - run[0].line) <= MAX_ROUND_SPAN
            for first, doc in siblings
        )
        # A list whose lead-in writes the size and the noun the conversation counted (「政策の５本柱」 after 「５本柱です」,
        # 「５つの柱」 alike) is the list asked about when its lead-in or heading holds any of the subject's own words.
        counted = bool(titles) and (len(run), _noun_of(lead)) in titles
        about = counted and share_of(subject, nfkc(f"{by_line[run[0].line].heading} {lead}")) > 0
        if (share < MIN_SHARE and not sibling and not about) or not named:
            continue
        if rounds and own and not rounds & own:
            continue  # 「■一次公募」's list, asked about the third round
        entry = run[n - 1]
        member = ListMember(by_line[entry.line], entry.line, entry.text[:MAX_TEXT], n, len(run), lead.strip())
        # A list as long as a count the question carries (「４本柱」 asked before 「3本目は？」), and titled with the
        # noun counted (柱), is that list.
        titled = any(noun in nfkc(lead) for noun in nouns)
        key = (len(run) in counts, counted, titled, share, -rank, -run[0].line)  # then the first list read
        if best is None or key > best[0]:
            best = (key, member)
    return best[1] if best is not None else None


def _titles(written: Sequence[re.Match[str]]) -> set[tuple[int, str]]:
    """The counts written with what they count (「５本柱」「５つの柱」 -> (5, 柱)); a bare 「3つ」 names no list."""
    return {(int(m.group(1)), m.group(3)) for m in written if m.group(3)}


def _noun_of(lead: str) -> str:
    """The noun of the last count a lead-in writes with its noun, else ""."""
    found = [m for m in WRITTEN_COUNT.finditer(nfkc(lead)) if m.group(3)]
    return found[-1].group(3) if found else ""


#: A member written as a short name, a colon and its explanation (「地場企業牽引型：地場企業が…を志向」).
_NAMED_MEMBER = re.compile(r"^([^：:（(）)0-9０-９]{2,20})[：:]\s*\S")


def member_answer_text(member: ListMember) -> str:
    """The member as the lead (its name alone when it is written before a colon), with the list and its place."""
    lead = member.lead or member.chunk.heading
    named = _NAMED_MEMBER.match(member.text)
    if named is not None:
        return f"{named.group(1).strip()}です [1]。（{member.text}。{lead}：{member.size}項目の{member.n}番目）"
    return f"{member.text}です [1]。（{lead}：{member.size}項目の{member.n}番目）"
