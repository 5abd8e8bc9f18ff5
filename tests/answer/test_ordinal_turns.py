"""Ordinal follow-ups over a numbered series (`answer/ordinal.py`): 「4回目は？」 after 「第1回」, 「最後の…」."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.ordinal import (
    Series,
    holds_label,
    label_first,
    last_number,
    ordinal_of,
    pick,
    pick_in,
    series_in,
)


def _history(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for q, a in pairs:
        out += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    return out


#: A council's meetings, each headed by its numbered label (invented).
_MEETINGS = _history(
    ("みどり町まちづくり審議会の第1回の開催日は？", "令和5年4月10日です [1]。（〔第1回審議会：令和5年4月10日〕）")
)
#: A report's numbered columns (invented).
_COLUMNS = _history(
    ("報告書のコラムで、観光について書いているのは誰？", "～コラム2～「港町の観光」(青木 一郎 委員) 観光客は… [1]")
)


def test_ordinals_are_read_with_their_number_and_series_noun() -> None:
    o = ordinal_of("4回目は？")
    assert o is not None and o.n == 4 and o.noun == "" and o.counter == "回目"
    o = ordinal_of("四番目のコラムの題名は？")
    assert o is not None and o.n == 4 and o.noun == "コラム"
    o = ordinal_of("最後のコラムの執筆者は誰？")
    assert o is not None and o.n is None and o.noun == "コラム"
    assert ordinal_of("最初は何校で試行するの？") is None  # when it starts, not which member
    assert ordinal_of("補助率は？") is None


def test_a_bare_ordinal_re_asks_the_question_that_named_an_earlier_member() -> None:
    p = pick("4回目は？", _MEETINGS)
    assert p is not None
    assert p.question.startswith("みどり町まちづくり審議会の第4回の開催日は")
    assert p.label == "第4回審議会"  # as the shown label was written: not another body's 第3回


def test_an_ordinal_with_its_own_predicate_names_the_member_by_its_label() -> None:
    p = pick("4番目のコラムの題名は？", _COLUMNS)
    assert p is not None and p.question.startswith("コラム4の題名は") and p.label == "コラム4"
    p = pick("最後のコラムの執筆者は誰？", _COLUMNS, lambda _series, _answer: 6)
    assert p is not None and p.question.startswith("コラム6の執筆者は誰")


def test_no_series_in_the_conversation_leaves_the_turn_alone() -> None:
    """「5番目は？」 after a count of drones: 「ドローン5機」 is a count, not a member's label."""
    assert pick("5番目は？", _history(("何機飛ばした？", "ドローン5機です [1]。"))) is None
    assert pick("4回目は？", _COLUMNS) is None  # 「N回目」 counts meetings, not columns
    assert pick("4回目は？", None) is None
    assert pick("最後のコラムの執筆者は誰？", _COLUMNS) is None  # no documents to read the last one in


def test_labels_are_matched_whole() -> None:
    assert holds_label("〔第3回審議会：令和5年9月1日〕", "第3回審議会")
    assert not holds_label("〔第13回審議会：令和6年9月1日〕", "第3回")
    assert holds_label("～コラム 8～「自治のかたち」", "コラム8")
    assert series_in("～コラム2～", ordinal_of("5番目のコラム") or ordinal_of("")) == Series("コラム{n}", "コラム")
    assert last_number(Series("コラム{n}", "コラム"), ["～コラム1～", "～コラム 8～ …", "コラム12の表"]) == 12


@dataclass(frozen=True)
class _Chunk:
    doc: str
    search_text: str


@dataclass(frozen=True)
class _Sentence:
    clean: str


@dataclass(frozen=True)
class _Hit:
    chunk: _Chunk


@dataclass(frozen=True)
class _Cand:
    sentence: _Sentence
    hit: _Hit


class _Passages:
    def __init__(self, chunks: list[_Chunk]) -> None:
        self.chunks = chunks

    def __len__(self) -> int:
        return len(self.chunks)

    def at(self, i: int) -> _Chunk:
        return self.chunks[i]


def test_the_last_member_is_read_in_the_shown_documents_and_its_passages_found() -> None:
    passages = _Passages(
        [
            _Chunk("a.txt", "～コラム2～「港町の観光」"),
            _Chunk("a.txt", "～コラム5～「山里の学び」(緑川 花子 委員)"),
            _Chunk("b.txt", "～コラム9～ 別の報告書"),
        ]
    )
    picked, written = pick_in("最後のコラムの執筆者は誰？", _COLUMNS, passages, lambda: [passages.at(0)])
    assert picked is not None and picked.label == "コラム5"
    assert [c.search_text for c in written] == ["～コラム5～「山里の学び」(緑川 花子 委員)"]


def test_candidates_writing_the_label_come_first() -> None:
    def cand(sentence: str, passage: str) -> _Cand:
        return _Cand(_Sentence(sentence), _Hit(_Chunk("a.txt", passage)))

    other = cand("〔第1回審議会：令和5年4月10日〕", "〔第1回審議会：令和5年4月10日〕")
    near = cand("会合では…", "〔第3回審議会：令和5年9月1日〕 会合では…")
    right = cand("〔第3回審議会：令和5年9月1日〕", "〔第3回審議会：令和5年9月1日〕")
    assert label_first([other, near, right], "第3回審議会") == [right, near, other]


def test_passages_writing_the_label_lead_the_retrieved_ones() -> None:
    """A number is the word retrieval weighs least: the member's own passage, found by its label, comes first."""
    from assistant.answer.ordinal import written_first
    from assistant.types import Chunk, Hit

    def chunk(i: int, text: str) -> Chunk:
        return Chunk(f"c{i}", "a.txt", "審議会", "", i, i, text, text)

    first, third = chunk(1, "〔第1回審議会：令和5年4月10日〕"), chunk(3, "〔第3回審議会：令和5年9月1日〕")
    hits = [Hit(first, 0.9, 1), Hit(third, 0.2, 2)]
    out = written_first([third], hits)
    assert [h.chunk.chunk_id for h in out] == ["c3", "c1"]
    assert [h.rank for h in out] == [1, 2] and out[0].score == 0.9
    assert written_first([], hits) == hits


def test_a_rank_by_a_measure_is_no_pick() -> None:
    """「2番目に多いのは？」 ranks things by a measure; it names no member of the series in the conversation."""
    history = _history(("第3次みどり町総合計画の人口目標は？", "第3次計画では2万人です [1]。"))
    for turn in ("2番目に多いのは？", "2番目に大きな変更点は？", "三番目に高いのはどこ？"):
        assert ordinal_of(turn) is None, turn
        assert pick(turn, history) is None, turn
    assert pick("5番目は？", history) is not None  # a bare ordinal still picks
    assert ordinal_of("4回目には何を話し合った？") is not None


def test_a_katakana_label_a_question_names_before_a_particle_is_a_series() -> None:
    """「コラム3を書いたのは誰？」 names コラム3 as a question writes it; a count (「ドローン5機」「2つ」) does not."""
    history = _history(("報告書のコラム3を書いたのは誰？", "資料には該当する記載が見つかりませんでした。"))
    p = pick("6番目のコラムの執筆者は誰？", history)
    assert p is not None and p.question.startswith("コラム6の執筆者は誰") and p.label == "コラム6"
    for written in ("コラム1は誰？", "コラム2の題は", "コラム4って何"):
        assert series_in(written, ordinal_of("七番目のコラムは？") or ordinal_of("")) == Series("コラム{n}", "コラム")
    assert pick("5番目は？", _history(("ドローン5機で足りる？", "はい [1]。"))) is None
    assert pick("5番目は？", _history(("ポスター2つは？", "はい [1]。"))) is None


def test_words_beginning_with_the_series_noun_are_not_the_series() -> None:
    """「最後の回答は？」「最後の回収日は？」: 回答 and 回収 begin with 回 but are not a meeting (第N回)."""
    for turn in ("最後の回答は？", "最後の回収日は？"):
        assert pick(turn, _MEETINGS, lambda _series, _answer: 9) is None, turn
    assert pick("最後の回はいつ？", _MEETINGS, lambda _series, _answer: 9) is not None


def test_a_label_and_its_number_are_read_on_one_line() -> None:
    """A number on the next line is a table of contents' page or the next item's, not a member's number."""
    series = Series("コラム{n}", "コラム")
    assert last_number(series, ["～コラム 2～ 港町", "コラム\n47", "コラム\t9"]) == 2
    assert series_in("目次 サービス\n9", ordinal_of("最後のサービスは？") or ordinal_of("")) is None
    assert series_in("第\n2回", ordinal_of("4回目は？") or ordinal_of("")) is None


def test_the_series_is_read_only_in_the_documents_asked_about() -> None:
    """With ``docs`` given, a turn whose last answer quoted nothing reads and cites only passages of those documents."""
    passages = _Passages(
        [
            _Chunk("a.txt", "〔第1回審議会：令和5年4月10日〕"),
            _Chunk("b.txt", "〔第4回審議会：令和6年2月1日〕"),
            _Chunk("b.txt", "〔第6回審議会：令和6年8月1日〕"),
        ]
    )
    picked, written = pick_in("4回目は？", _MEETINGS, passages, lambda: [], docs=["a.txt"])
    assert picked is not None and written == []
    picked, written = pick_in("最後の回は？", _MEETINGS, passages, lambda: [], docs=["a.txt"])
    assert picked is not None and picked.label == "第1回審議会"
    _, written = pick_in("4回目は？", _MEETINGS, passages, lambda: [])
    assert [c.doc for c in written] == ["b.txt"]  # no scope: every document


def test_the_series_is_read_in_an_earlier_answer_when_the_last_one_left_its_label_out() -> None:
    """「最後のコラムの筆者は？」 after a turn answered from inside コラム2 without its label: the series is still コラム."""
    history = _history(
        *[(m["content"], n["content"]) for m, n in zip(_COLUMNS[::2], _COLUMNS[1::2], strict=True)],
        ("その中で、観光客の見通しはどう書かれてる？", "観光客は10年で倍になると見込む [1]。"),
    )
    p = pick("最後のコラムの筆者は？", history, lambda _series, _answer: 6)
    assert p is not None and p.question.startswith("コラム6の筆者は") and p.label == "コラム6"
    assert pick("最後のコラムの筆者は？", history[2:], lambda _series, _answer: 6) is None  # no label written


def test_a_bare_list_ordinal_reads_no_series_an_older_answer_wrote() -> None:
    """「2つ目は？」 names no series: a label an answer wrote turns ago (「第2期」) is not the list it asks into."""
    history = _history(
        ("ひばり村の移住施策の方針は？", "第2期ひばり村移住促進計画に基づき進める [1]。"),
        ("具体的な取組は？", "①空き家の改修 ②お試し住宅 ③就業相談 [1]。"),
    )
    assert pick("2つ目は？", history) is None
    assert pick("2番目の取組は？", history) is None  # its noun names no series written anywhere
    p = pick("最後の期は？", history, lambda _series, _answer: 3)  # a noun naming the series reads it
    assert p is not None and p.label == "第3期"
