"""A numbered entry of a document asked by its number: 「コラム7は誰が書いた？」「最後のコラムのテーマは？」.

Reports number their columns, cases or annexes (「～コラム7～」) and list them in the contents with the title and the
writer on one line: 「～コラム7～「地域生活圏におけるデジタル活用」(櫻井 美穂子 委員)」. A question naming an entry
by its label and number, or by its place (「5番目のコラム」「最後のコラム」), shares no word with that line but the
label, so sentence scoring cannot pick it; the numbering can. The entry's title answers what it is about, the name in
brackets who wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer.block_answer import block_answer, lines_of
from assistant.answer.from_records import RecordAnswer
from assistant.answer.ordinal import ordinal_of
from assistant.text.normalize import nfkc
from assistant.types import Chunk, Citation, Hit

#: An entry's line: its label and number between wave dashes, its title in brackets, the writer in parentheses.
_ENTRY = re.compile(
    r"[～~〜]\s*(?P<label>[^\s～~〜0-9０-９]{1,8}?)\s?(?P<n>[0-9０-９]{1,2})\s?[～~〜]"
    r"\s*「(?P<title>.+)」\s*[（(](?P<who>[^（）()]{2,30})[）)]"
)
#: A label and number as a question writes them (「コラム7」「コラム 8」): a katakana or kanji word, then the number.
_NAMED = re.compile(r"([\u30a1-\u30ff]{2,}|[\u4e00-\u9fff]{2,4})\s?([0-9０-９]{1,2})(?![0-9０-９年月日回件人%％])")
#: The writer asked (「誰が書いた」「執筆者は」), or the title (「テーマは」「何について」). A question asking anything
#: else of an entry (「コラム1によると…何位？」) is about its text, which sentence scoring reads.
_WHO = re.compile(
    r"(?:誰|だれ|どなた)[^。？?]{0,4}(?:書|執筆)|(?:書|執筆)[^。？?]{0,6}(?:誰|だれ|どなた)"
    r"|(?:書|執筆)[^。？?]{0,6}(?:委員|人|者)(?:は|って|[？?]|$)|執筆者|筆者|著者|書き手"
)
_TITLE = re.compile(r"(?:テーマ|題名|表題|タイトル)(?:は|って|を|[？?]|$)|何について")


@dataclass(frozen=True)
class Entry:
    """One numbered entry as its line writes it."""

    chunk: Chunk
    line: int
    label: str
    n: int
    title: str
    who: str


def entries_in(chunks: Sequence[Chunk]) -> list[Entry]:
    """Every entry line of ``chunks`` (the first passage writing an entry's line keeps it)."""
    out: list[Entry] = []
    seen: set[tuple[str, str, int]] = set()
    for chunk in chunks:
        for i, text in enumerate(chunk.text.split("\n")):
            m = _ENTRY.search(text)
            if m is None:
                continue
            label, n = nfkc(m.group("label")), int(nfkc(m.group("n")))
            if (chunk.doc, label, n) in seen:
                continue
            seen.add((chunk.doc, label, n))
            who = re.sub(r"\s*(?:委員|氏|様)$", "", m.group("who").strip())
            out.append(Entry(chunk, chunk.line_start + i, label, n, m.group("title").strip(), who))
    return out


def asked_entries(question: str) -> list[tuple[str, int | None]]:
    """The labels and numbers the question may ask (「コラム7」 -> (コラム, 7); 「最後のコラム」 -> (コラム, None)),
    place first: 「最後の質問ですが、コラム7は…」 names 質問 by place and コラム by number, and only one is a series."""
    text = nfkc(question)
    found: list[tuple[str, int | None]] = []
    ordinal = ordinal_of(question)
    if ordinal is not None and ordinal.noun and ordinal.counter in ("番目", "つ目", ""):
        found.append((ordinal.noun, ordinal.n))
    found += [(m.group(1), int(m.group(2))) for m in _NAMED.finditer(text)]
    return found


def asked_entry(question: str) -> tuple[str, int | None] | None:
    """The first label and number the question may ask (`asked_entries`), else None."""
    return next(iter(asked_entries(question)), None)


def find_entry(question: str, entries: Sequence[Entry], docs_by_rank: Sequence[str]) -> Entry | None:
    """The entry asked, in the best-ranked document (``docs_by_rank``) numbering entries with the asked label."""
    if not (_WHO.search(question) or _TITLE.search(question)):
        return None
    for label, n in asked_entries(question):
        for doc in docs_by_rank:
            series = [e for e in entries if e.chunk.doc == doc and (e.label == label or e.label.endswith(label))]
            if len({e.n for e in series}) < 2:
                continue  # one entry is no numbered series
            wanted = max(e.n for e in series) if n is None else n
            return next((e for e in series if e.n == wanted), None)
    return None


def entry_answer(found: Entry, question: str, citation: Callable[[int, Hit, str, int, int], Citation]) -> RecordAnswer:
    """The writer or the title asked as the lead, the entry's line quoted."""
    name = f"{found.label}{found.n}「{found.title}」"
    if _WHO.search(question):
        text = f"{found.who}です [1]。（{name}の執筆者）"
    else:
        text = f"「{found.title}」です [1]。（{found.label}{found.n}、{found.who}）"
    quote = lines_of(found.chunk, found.line, found.line)
    cited = citation(1, Hit(found.chunk, 0.0, 0), quote, found.line, found.line)
    return block_answer(question, text, [cited], name, f"{name}（{found.who}）")
