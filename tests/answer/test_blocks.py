"""The block readers' footnote answer for a term asked in everyday words (`answer/blocks.py`; invented pages)."""

from __future__ import annotations

from assistant.answer.blocks import BlockReaders
from assistant.evals.metrics import lead_of
from assistant.types import Chunk, Citation, Hit

PAGES = [
    Chunk(
        "p1", "doc.txt", "資料", "", 1, 4,
        "地域内の消費を促すため、地域ポイント（※1）の導入を支援する。\n加盟店の拡大も進める。\n\n"
        "※1 地域内の加盟店でのみ使える電子的な決済手段をいう。",
        "",
    ),
]  # fmt: skip


class _Passages:
    def __len__(self) -> int:
        return len(PAGES)

    def at(self, i: int) -> Chunk:
        return PAGES[i]


class _Lookup:
    def position(self, chunk_id: str) -> int | None:
        return next((i for i, c in enumerate(PAGES) if c.chunk_id == chunk_id), None)


class _Retriever:
    def retrieve(self, query: str, k: int = 5, docs=None) -> list[Hit]:
        return [Hit(c, 1.0, i + 1) for i, c in enumerate(PAGES[:k])]


def _cite(n: int, hit: Hit, quote: str, start: int, end: int) -> Citation:
    return Citation(n, hit.chunk.chunk_id, hit.chunk.doc, "資料", None, "", quote, start, end, start, end)


def _readers() -> BlockReaders:
    return BlockReaders(_Retriever(), _Passages(), _Lookup(), {}, _cite)


def _lead(question: str) -> str:
    found = _readers().from_footnote(question, _Retriever().retrieve(question), None)
    assert found is not None
    return lead_of(found.answer.answer)


def test_a_term_asked_how_it_is_used_is_defined_by_its_note() -> None:
    """「…って、どんな意味」 asks what the term means: the note leads."""
    assert "電子的な決済手段" in _lead("「地域ポイント」って、どんな意味？")


def test_a_term_asked_by_which_things_it_denotes_is_defined_by_its_note() -> None:
    assert "電子的な決済手段" in _lead("資料に出てくる「地域ポイント」って、どの決済手段のこと？")


def test_a_question_asking_another_thing_about_the_term_reads_no_note() -> None:
    assert _readers().from_footnote("「地域ポイント」はどの店で使える？", _Retriever().retrieve(""), None) is None


def test_a_question_about_what_the_term_did_reads_no_note() -> None:
    """「Xって、どの課題を指摘している」 asks what X said, not what X is."""
    assert (
        _readers().from_footnote("「地域ポイント」って、どの課題を指摘している？", _Retriever().retrieve(""), None)
        is None
    )
