"""A fake engine for the evaluation tests: retrievers with known ranks, answers with known faults, the fixture set."""

from __future__ import annotations

from pathlib import Path

from assistant.types import Answer, Chunk, Citation, Hit

FIX = Path(__file__).parent / "fixtures"
CORPUS = FIX / "mini_corpus"
MINI = FIX / "mini_set.jsonl"
BAD = FIX / "bad_set.jsonl"


# -- a fake engine -----------------------------------------------------------------------------------
def chunk(text: str, doc: str = "a.txt", start: int = 1, end: int = 1, cid: str | None = None) -> Chunk:
    return Chunk(cid or f"{doc}:{start}:{text[:4]}", doc, doc, "", start, end, text, text)


NOISE = [chunk(f"無関係な記載{i}", start=90 + i) for i in range(12)]
REL = {
    "補助率は？": chunk("補助率は２／３\n以内とする。", start=2, end=2),  # full-width and a line break: still relevant
    "いくらまで出ますか": chunk("上限は3,000万円。", start=3, end=3),
    "関係人口 定義": chunk("関係人口とは、地域と多様に関わる人々のことである。", start=4, end=4),
}
# rank of the relevant chunk per retriever and question (None: not returned; 11: beyond the depth of 10)
RANKS = {
    "bm25": {"補助率は？": 1, "いくらまで出ますか": 2, "関係人口 定義": None},
    "dense": {"補助率は？": 11, "いくらまで出ますか": 1, "関係人口 定義": 4},
    "hybrid": {"補助率は？": 1, "いくらまで出ますか": 1, "関係人口 定義": 1},
}


class FakeRetriever:
    def __init__(self, name: str):
        self.name = name

    def retrieve(self, query, k=5, docs=None):
        hits = list(NOISE)
        rank = RANKS[self.name].get(query)
        if rank is not None:
            hits.insert(rank - 1, REL[query])
        return [Hit(c, 1.0 / (i + 1), i + 1) for i, c in enumerate(hits[:k])]


def cite(n, quote, doc="a.txt", lines=(1, 4), qlines=(0, 0)) -> Citation:
    return Citation(n, f"{doc}:{n}", doc, "t", None, "", quote, lines[0], lines[1], qlines[0], qlines[1])


ANSWERS = {
    # correct: markers inside the text are removed before comparing, full-width digits normalised
    "補助率は？": ("補助率は２／３[1]以内です。", False, [cite(1, "補助率は２／３以内とする。", qlines=(2, 2))]),
    # false abstention
    "いくらまで出ますか": ("該当する記載が見つかりませんでした", True, []),
    # wrong answer; citation 1 valid via the chunk lines (quote lines 0), citation 2 quotes nothing in the file
    "関係人口 定義": (
        "上限は3,000万円です[1][2]",
        False,
        [cite(1, "上限は3,000万円。", lines=(3, 3)), cite(2, "存在しない文です。", lines=(1, 4))],
    ),
    # correct abstention
    "登録料はいくら？": ("該当する記載が見つかりませんでした", True, []),
    # answered an unanswerable question; the quote is real but on other lines -> invalid
    "参加者数は？": ("関係人口です[1]", False, [cite(1, "関係人口とは", qlines=(1, 1))]),
}


#: Why the fake abstains: the false abstention found an answer the gate doubted; the right one found no passage.
WITHHELD_BY = {"いくらまで出ますか": "confidence", "登録料はいくら？": "evidence"}


class FakeEngine:
    build_id = "fake"

    def __init__(self, dense: bool = True):
        self.has_dense = dense
        self.calls = 0

    def retriever(self, name):
        if name == "dense" and not self.has_dense:
            raise ValueError("this index has no dense side")
        return FakeRetriever(name)

    def answer(self, question):
        self.calls += 1
        text, abstained, cites = ANSWERS[question]
        by = WITHHELD_BY.get(question) if abstained else None
        return Answer("x", question, text, abstained, "general", cites, abstained_by=by)
