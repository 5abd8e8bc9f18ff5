"""Footnote definitions: the term's mark in the text, the note with the same mark after it (invented pages)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.footnotes import find_footnote, footnote_answer, marks_after, notes_in
from assistant.evals.metrics import lead_of
from assistant.question.words import defined_term
from assistant.types import Chunk, Citation, Hit


def _chunk(cid: str, line_start: int, text: str, doc: str = "doc.txt") -> Chunk:
    lines = text.split("\n")
    return Chunk(cid, doc, "資料", "", line_start, line_start + len(lines) - 1, text, text)


PAGE = (
    "地域の移動を支えるため、デマンド交通³の導入を進める。\n"
    "また、地域運営組織（※1）の設立を支援する。\n"
    "\n"
    "³ 利用者の予約に応じて運行する乗合型の公共交通。\n"
    "※1 地域住民が主体となって地域課題の解決に取り組む組織をいう。"
)


def _following(pages: Sequence[Chunk]):
    def following(chunk: Chunk, n: int) -> list[Chunk]:
        i = next(k for k, c in enumerate(pages) if c.chunk_id == chunk.chunk_id)
        return [chunk, *(c for c in pages[i + 1 : i + 1 + n] if c.doc == chunk.doc)]

    return following


def test_marks_after_a_term_are_read_in_the_raw_text() -> None:
    assert marks_after(PAGE, "デマンド交通") == [("^3", 0)]
    assert marks_after(PAGE, "地域運営組織") == [("※1", 1)]
    assert marks_after(PAGE, "公共交通") == []  # written, but never marked


def test_notes_are_lines_opening_with_a_mark() -> None:
    notes = notes_in(_chunk("a", 10, PAGE))
    assert [(mark, first) for mark, first, *_ in notes] == [("^3", 13), ("※1", 14)]


def test_the_note_with_the_same_mark_defines_the_term() -> None:
    pages = [_chunk("a", 10, PAGE)]
    note = find_footnote("デマンド交通", pages, _following(pages))
    assert note is not None
    assert note.definition == "利用者の予約に応じて運行する乗合型の公共交通。"
    assert (note.line_start, note.marked_line) == (13, 10)
    numbered = find_footnote("地域運営組織", pages, _following(pages))
    assert numbered is not None and numbered.definition.startswith("地域住民が主体となって")


def test_the_note_may_stand_in_a_later_passage_of_the_same_document_only() -> None:
    body = _chunk("a", 1, "次世代の担い手として、いわゆる地域商社※の育成が必要である。")
    other_doc = _chunk("b", 1, "※ 別の資料の注記。", doc="other.txt")
    foot = _chunk("c", 2, "※ 地域の産品の販路を開拓し、売上を地域に還元する事業体。")
    assert find_footnote("地域商社", [body, other_doc], _following([body, other_doc])) is None
    note = find_footnote("地域商社", [body, foot], _following([body, foot]))
    assert note is not None and note.chunk.chunk_id == "c"


def test_a_note_whose_mark_is_in_brackets_is_the_one_defining_the_term() -> None:
    """「関係人口（※）」 is defined on the line opening with 「（※）」, not on a later bare 「※」 note of another page."""
    page = _chunk(
        "a", 1,
        "・交流の結果として生じた関係人口（※）の把握について検討する。\n"
        "（※）特定の地域に継続的に多様な形で関わる人\n"
        "\n"
        "※令和5年4月1日施行",
    )  # fmt: skip
    note = find_footnote("関係人口", [page], _following([page]))
    assert note is not None and note.definition == "特定の地域に継続的に多様な形で関わる人"


def test_a_note_before_the_mark_is_not_its_definition() -> None:
    page = _chunk("a", 1, "¹ 前のページの注記。\n本文では観光DMO¹が中心となる。")
    assert find_footnote("観光DMO", [page], _following([page])) is None


def test_the_answer_leads_with_the_definition_and_cites_the_note_and_the_text() -> None:
    pages = [_chunk("a", 10, PAGE)]
    note = find_footnote("デマンド交通", pages, _following(pages))
    assert note is not None

    def citation(n: int, hit: Hit, quote: str, start: int, end: int) -> Citation:
        c = hit.chunk
        return Citation(n, c.chunk_id, c.doc, c.title, None, c.text, quote, c.line_start, c.line_end, start, end)

    found = footnote_answer(note, "デマンド交通とは？", citation)
    assert "利用者の予約に応じて運行する乗合型の公共交通" in lead_of(found.answer.answer)
    assert [(c.n, c.quote_line_start) for c in found.answer.citations] == [(1, 13), (2, 10)]
    assert found.answer.citations[0].quote in PAGE and found.answer.citations[1].quote in PAGE


def test_definition_questions_name_their_term() -> None:
    assert defined_term("デマンド交通ってそもそも何？") == "デマンド交通"
    assert defined_term("地域商社の定義") == "地域商社"
    assert defined_term("観光DMO 定義") == "観光DMO"
    assert defined_term("地域商社の予算は？") is None


def test_every_superscript_note_of_the_corpus_answers_what_its_term_is(engine) -> None:
    """Each term marked with a superscript in the real documents is answered from its own note line."""
    import re

    pairs = []
    for i in range(len(engine.passages)):
        chunk = engine.passages.at(i)
        for k, line in enumerate(chunk.text.split("\n")):
            for m in re.finditer(r"([\u30a0-\u30ffA-Za-z\u4e00-\u9fff]{3,12})([¹²³⁴⁵⁶⁷⁸⁹]+)", line):
                notes = [
                    first
                    for j in range(i, min(i + 5, len(engine.passages)))
                    if engine.passages.at(j).doc == chunk.doc
                    for mark, first, *_ in notes_in(engine.passages.at(j))
                    if mark == "^" + m.group(2).translate(str.maketrans("¹²³⁴⁵⁶⁷⁸⁹", "123456789"))
                    and first > chunk.line_start + k
                ]
                if notes:
                    pairs.append((m.group(1), chunk.doc, notes[0]))
    assert len({p[2] for p in pairs}) >= 5, pairs  # the report's notes (002 has ten)
    for term, doc, note_line in pairs:
        answer = engine.answerer.answer(f"{term}とは？")
        cited = {(c.doc, c.quote_line_start) for c in answer.citations}
        assert (doc, note_line) in cited, (term, answer.answer)
