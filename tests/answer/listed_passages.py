"""A fake retriever for the follow-up tests: it returns the passages it holds, in order, whatever is asked."""

from __future__ import annotations

from assistant.types import Chunk, Hit


def passage(cid: str, text: str) -> Chunk:
    """A one-line passage of a test document."""
    return Chunk(cid, "doc.txt", "資料", "", 0, 0, text, text)


class ListedPassages:
    """Returns every passage it holds, in order, whatever is asked."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = chunks

    def retrieve(self, query: str, k: int, docs=None) -> list[Hit]:
        return [Hit(c, 1.0 / (i + 1), i + 1) for i, c in enumerate(self.chunks[:k])]
