"""List ordinals (`answer/list_member.py`): 「2つ目は？」「最後の施策は？」 after a question about a numbered list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answer.list_member import numbered_lists, pick_member
from assistant.answer.series_turn import series_turn
from assistant.types import Chunk, Hit


def _chunk(i: int, text: str, doc: str = "plan.txt") -> Chunk:
    return Chunk(f"c{i}", doc, "みどり市総合計画", "", i * 10, i * 10 + 9, text, text)


#: A plan's numbered measures, the list running on into the next passage (invented).
_HEAD = _chunk(
    0, "みどり市の取組\n\n２．重点施策の４本柱\n\n(1)子育て世帯の住まい支援～空き家の活用～\n(2)商店街のにぎわい再生"
)
_TAIL = _chunk(1, "(3)公共交通の再編\n 路線バスの見直し\n(4)防災拠点の整備")
#: Another numbered list in the same documents, under a heading about something else (invented).
_OTHER = _chunk(5, "事業の進め方\n① 住民説明会の開催\n② 事業者の公募\n③ 審査と選定")


@dataclass
class _Retriever:
    chunks: Sequence[Chunk]
    queries: list[str] = field(default_factory=list)

    def retrieve(self, query: str, k: int, docs: Sequence[str] | None = None) -> list[Hit]:
        self.queries.append(query)
        return [Hit(c, 1.0 - i / 10, i + 1) for i, c in enumerate(self.chunks[:k])]


def _following(chunk: Chunk) -> list[Chunk]:
    return [_TAIL] if chunk is _HEAD else []


def _history(question: str, answer: str = "4本柱です [1]。") -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


_ASKED = _history("みどり市の計画の重点施策の柱はいくつ？")
_IDF: dict[str, float] = {}


def _pick(turn: str, history: list[dict[str, str]] = _ASKED, chunks: Sequence[Chunk] = (_OTHER, _HEAD)):
    return pick_member(turn, history, None, _Retriever(chunks), _following, lambda: [], _IDF)


def test_numbered_runs_are_read_in_each_marker_style_with_their_heading() -> None:
    runs = numbered_lists(_HEAD.text + "\n" + _TAIL.text)
    assert [m.name for m in runs[0].members] == [
        "子育て世帯の住まい支援",
        "商店街のにぎわい再生",
        "公共交通の再編",
        "防災拠点の整備",
    ]
    assert runs[0].heading.endswith("２．重点施策の４本柱")  # the lines written before the first member
    circled = numbered_lists(_OTHER.text)[0]
    assert [m.number for m in circled.members] == [1, 2, 3] and circled.members[1].name == "事業者の公募"
    roman = numbered_lists("事例\n(i) みなと商会\n説明の段落\n(ii) さくら運輸株式会社")[0]
    assert roman.members[1].name == "さくら運輸株式会社"
    # A lone item, or numbers that do not run on from 1, are no list.
    assert numbered_lists("(2)商店街のにぎわい再生\n(4)防災拠点の整備") == []
    assert numbered_lists("1.5倍に増加した") == []


def test_a_counted_ordinal_asks_the_member_of_the_list_the_question_was_about() -> None:
    picked = _pick("2つ目は？")
    assert picked is not None
    assert picked.question == "商店街のにぎわい再生は？" and picked.label == "商店街のにぎわい再生"
    assert [c.chunk_id for c in picked.written] == ["c0"]  # the passage writing it leads retrieval


def test_the_last_member_is_read_past_the_passage_holding_the_heading() -> None:
    picked = _pick("最後の柱は？")
    assert picked is not None and picked.label == "防災拠点の整備"
    assert [c.chunk_id for c in picked.written] == ["c1"]


def test_an_ordinal_with_its_own_predicate_keeps_it() -> None:
    picked = _pick("3番目の施策の予算は？")
    assert picked is not None and picked.question == "公共交通の再編の予算は?"  # NFKC, as `answer.ordinal` asks


def test_a_list_under_a_heading_about_something_else_is_not_taken() -> None:
    """Only 「事業の進め方」's ①②③ is retrieved: the question asked about the plan's measures, not that list."""
    assert _pick("2つ目は？", chunks=(_OTHER,)) is None


def test_turns_that_pick_no_list_member_are_left_alone() -> None:
    assert _pick("2番目に多いのは？") is None  # ranks by a measure
    assert _pick("3回目は？") is None  # counts meetings: a labelled series (`answer.ordinal`)
    assert _pick("2つ目は？", history=[]) is None
    # The only question asked picked a member itself: the list it picked from is not known.
    assert _pick("2つ目は？", history=_history("重点施策の最初の柱は？")) is None


def test_a_later_ordinal_reads_the_list_of_the_question_before_the_ordinals() -> None:
    history = [*_ASKED, *_history("2つ目は？", "商店街のにぎわい再生 [1]")]
    picked = _pick("最後の柱は？", history=history)
    assert picked is not None and picked.label == "防災拠点の整備"


@dataclass
class _Passages:
    chunks: Sequence[Chunk]

    def __len__(self) -> int:
        return len(self.chunks)

    def at(self, i: int) -> Chunk:
        return self.chunks[i]


def test_the_series_turn_asks_the_member_alone_when_no_labelled_series_fits() -> None:
    chunks = (_OTHER, _HEAD, _TAIL)
    retriever = _Retriever(chunks)

    def neighbours(chunk: Chunk) -> list[Chunk]:
        i = chunks.index(chunk)
        return [c for c in chunks[max(0, i - 1) : i + 2] if c is not chunk]

    turn = series_turn("3つ目は？", _ASKED, None, _Passages(chunks), retriever, neighbours, _IDF)
    assert turn.question == "公共交通の再編は？" and turn.history is None and turn.label == "公共交通の再編"
    assert retriever.queries[-1] == "みどり市の計画の重点施策の柱はいくつ？"
    alone = series_turn("公共交通は？", _ASKED, None, _Passages(chunks), retriever, neighbours, _IDF)
    assert alone.question == "公共交通は？" and alone.history == _ASKED and alone.label == ""
