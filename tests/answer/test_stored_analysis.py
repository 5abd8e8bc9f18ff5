"""The passages' analyses a build stores are the ones the answerer would compute, and are read back whole."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.answer.passage_reach import pairs as _pairs
from assistant.backends.local.analysis import StoredAnalyses, write_analyses
from assistant.ingest.analysis import analyse, from_row, to_row
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk


def _chunk(text: str, heading: str = "第2章 移住・定住の促進", n: int = 0) -> Chunk:
    return Chunk(f"t.txt#{n}", "t.txt", "テスト", heading, 10, 10 + text.count("\n"), text, text)


TEXTS = (
    "【補助対象】移住者の住宅取得。補助率は1/2以内、上限は令和6年度 100万円。\n出典：県の資料",
    "空家バンクの登録件数は120件（R5）。\n目標値：200件（R8）",
    "",
)


def test_a_row_round_trips_to_the_same_analysis() -> None:
    for n, text in enumerate(TEXTS):
        a = analyse(_chunk(text, n=n), numbered=False)
        assert from_row(to_row(a)) == a
    a = analyse(_chunk(TEXTS[0]), numbered=False)
    assert [s.clean for s in a.sentences][:2] == [
        "【補助対象】移住者の住宅取得。",
        "補助率は1/2以内、上限は令和6年度 100万円。",
    ]
    assert "R6" in a.tokens[1] and "補助" in a.tokens[1]
    assert {"移住", "定住"} <= a.heading_tokens <= a.chunk_tokens
    assert " " not in a.pairs_text and "の" not in a.pairs_text
    assert a.nouns == tuple(tuple(tokenize(s.clean, nouns_only=True)) for s in a.sentences)
    assert "住宅" in a.nouns[0] and "R6" not in a.nouns[1]  # nouns only: no years, rates or numbers


def test_reading_a_stored_passage_remembers_its_sentences_nouns(tmp_path: Path) -> None:
    """A follow-up's checks tokenise the retrieved sentences' nouns: a stored passage gives them, not MeCab."""
    text = "ひまわり町の見守り隊は、毎週水曜日に通学路を巡回する。"
    a = analyse(_chunk(text, n=7), numbered=False)
    marked = replace(a, nouns=(("目印の語",),))  # not what MeCab gives: seen only if the stored tokens are used
    path = tmp_path / "analysis.jsonl"
    write_analyses(path, [marked])
    stored = StoredAnalyses.open(path, 1)
    assert stored is not None and stored.at(0) == marked
    assert tokenize(a.sentences[0].clean, nouns_only=True) == ["目印の語"]
    assert "目印の語" not in tokenize(a.sentences[0].clean)  # the other modes are MeCab's, as before


def test_a_row_written_before_the_nouns_were_stored_still_reads() -> None:
    row = to_row(analyse(_chunk(TEXTS[1]), numbered=False))
    del row["n"]
    old = from_row(row)
    assert old.nouns == () and old.sentences and old.tokens


def test_the_stored_file_is_read_line_by_line_and_refused_when_it_does_not_fit(tmp_path: Path) -> None:
    chunks = [_chunk(t, n=n) for n, t in enumerate(TEXTS)]
    analyses = [analyse(c, numbered=False) for c in chunks]
    path = tmp_path / "analysis.jsonl"
    write_analyses(path, analyses)
    stored = StoredAnalyses.open(path, len(chunks))
    assert stored is not None and len(stored) == 3
    assert [stored.at(i) for i in (2, 0, 1)] == [analyses[2], analyses[0], analyses[1]]
    assert stored.at(0) is stored.at(0)  # parsed once
    assert stored.at(3) is None and stored.at(-1) is None
    assert StoredAnalyses.open(path, 4) is None  # another build's passages: computed instead
    assert StoredAnalyses.open(tmp_path / "missing.jsonl", 3) is None


def test_the_builds_analyses_equal_the_computed_ones_on_the_real_corpus(engine) -> None:
    scorer = engine.answerer.scorer
    assert scorer.stored_analysis is not None, "the build stores no analysis.jsonl (rebuild the index)"
    for i in range(len(engine.passages)):
        c = engine.passages.at(i)
        computed = analyse(c, scorer.doc_numbered.get(c.doc, False))
        stored = scorer.stored_analysis(c.chunk_id)
        assert stored == computed, c.chunk_id
        # What the scorer reads is the same too (its sentences, their words, the passage's words).
        info = scorer.analysis(c)
        assert info.sentences == list(computed.sentences) and info.tokens == list(computed.tokens)
        assert (info.chunk_tokens, info.heading_tokens) == (computed.chunk_tokens, computed.heading_tokens)
        assert scorer.chunk_pairs(c) == frozenset(_pairs(computed.pairs_text))
    assert scorer.stored_analysis("no-such-passage") is None
