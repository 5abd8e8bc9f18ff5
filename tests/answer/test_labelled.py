"""A report's numbered insert asked by its number or place (`answer.labelled`): invented report passages."""

from __future__ import annotations

from assistant.answer.labelled import asked_label, labelled_first
from assistant.text.normalize import nfkc
from assistant.types import Chunk, Hit


def _hit(cid: str, heading: str, text: str, rank: int = 0) -> Hit:
    return Hit(Chunk(cid, "report.txt", "みなと町報告書", heading, 1, 2, text, text), 1.0, rank)


TOC = _hit(
    "toc", "目次", "～コラム1～「港のにぎわい」\t5\n～コラム2～「空き家の活用」\t9\n～コラム3～「漁業の担い手」\t14"
)
COLUMN_2 = _hit("c2", "～コラム2～", "「空き家の活用」(委員 山田 花子)\n空き家は地域の資源である。")
COLUMN_3 = _hit("c3", "～コラム3～", "「漁業の担い手」(委員 佐藤 一郎)\n担い手の確保が課題である。")
CASE_2 = _hit("k2", "参考事例②：みなと商会", "地元企業の連携による配送事業。")
OTHER = _hit("x", "第2章 現状", "みなと町の報告書では、空き家と漁業の課題を整理した。")


def _retrieve(query: str, k: int, docs=None) -> list[Hit]:
    """A retriever over the invented passages: those writing the query's text, the table of contents first."""
    return [h for h in (TOC, COLUMN_2, COLUMN_3, CASE_2, OTHER) if query in nfkc(f"{h.chunk.heading}{h.chunk.text}")][
        :k
    ]


def test_an_insert_is_asked_by_its_label_its_place_or_as_the_last() -> None:
    assert asked_label("コラム2の筆者は？") == ("コラム", 2)
    assert asked_label("2番目のコラムのテーマは？") == ("コラム", 2)
    assert asked_label("最後のコラムは誰が書いた？") == ("コラム", None)
    assert asked_label("参考事例②はどこの会社？") == ("参考事例", 2)


def test_no_insert_is_asked_by_other_ordinals_or_two_labels() -> None:
    assert asked_label("2番目の柱は？") is None  # a list's member, not a labelled insert
    assert asked_label("第3回の会議はいつ？") is None
    assert asked_label("コラム2とコラム3の違いは？") is None  # two named: a comparison


def test_the_asked_insert_is_answered_from_alone() -> None:
    assert labelled_first([OTHER, TOC], "2番目のコラムのテーマは？", _retrieve, None) == [COLUMN_2]
    assert labelled_first([OTHER], "参考事例②はどこの会社？", _retrieve, None) == [CASE_2]


def test_the_last_insert_is_the_highest_number_written_with_the_noun() -> None:
    assert labelled_first([OTHER], "最後のコラムは誰が書いた？", _retrieve, None) == [COLUMN_3]


def test_hits_are_kept_when_no_insert_is_asked_or_found() -> None:
    assert labelled_first([OTHER], "空き家の課題は？", _retrieve, None) == [OTHER]
    assert labelled_first([OTHER], "コラム7の筆者は？", _retrieve, None) == [OTHER]  # no such column
