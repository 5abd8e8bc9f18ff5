"""A passage deep in a slide's list reaches the slide's lead, which names what the list is about."""

from assistant.answer.passage_reach import MAX_SECTION_STEPS, names_held, pairs, section_lead
from assistant.types import Chunk


def _chunk(n: int, heading: str, text: str) -> Chunk:
    return Chunk(f"d-{n}", "d.txt", "資料", heading, n * 10, n * 10 + 9, text, text)


_SLIDE = [
    _chunk(0, "概要", "空き店舗活用モデル事業による実証を支援"),
    _chunk(1, "<第1期>", "①甲市 商店街の空き店舗改修"),
    _chunk(2, "<第1期>", "②乙町 チャレンジショップ"),
    _chunk(3, "<第1期>", "第1期:8件採択 第2期:5件採択"),
]


def _previous(chunk: Chunk) -> Chunk | None:
    at = _SLIDE.index(chunk)
    return _SLIDE[at - 1] if at > 0 else None


def test_the_section_start_and_the_lead_before_it_are_reached():
    assert section_lead(_SLIDE[3], _previous) == [_SLIDE[1], _SLIDE[0]]
    have = set().union(*(pairs(c.text) for c in [_SLIDE[3], *section_lead(_SLIDE[3], _previous)]))
    assert names_held(["空き店舗活用モデル事業"], have)


def test_a_passage_opening_its_section_reaches_nothing_more():
    # Its neighbours are read already: the lead is the passage right before it.
    assert section_lead(_SLIDE[1], _previous) == []


def test_a_section_longer_than_the_walk_reaches_nothing():
    long = [
        _chunk(0, "概要", "事業の概要"),
        *(_chunk(i, "<一覧>", f"項目{i}") for i in range(1, MAX_SECTION_STEPS + 3)),
    ]

    def previous(chunk: Chunk) -> Chunk | None:
        at = long.index(chunk)
        return long[at - 1] if at > 0 else None

    assert section_lead(long[-1], previous) == []
    assert not names_held(["空き店舗活用モデル事業"], set().union(*(pairs(c.text) for c in long[-2:])))


def _chain(chunks: list[Chunk]):
    def previous(chunk: Chunk) -> Chunk | None:
        at = chunks.index(chunk)
        return chunks[at - 1] if at > 0 else None

    return previous


def test_a_section_as_long_as_the_walk_reaches_its_start():
    run = [_chunk(0, "概要", "事業の概要"), *(_chunk(i, "<一覧>", f"項目{i}") for i in range(1, MAX_SECTION_STEPS + 2))]
    assert section_lead(run[-1], _chain(run)) == [run[1], run[0]]


def test_the_end_of_a_sibling_section_is_not_a_lead():
    """「(1)…」 ends naming its own programme; a figure deep in 「(3)…」 is not about it."""
    doc = [
        _chunk(0, "(1)安心して働ける地域", "地方創生移住支援事業を拡充する"),
        _chunk(1, "(3)人や企業の地方分散", "デジタルライフラインの整備"),
        _chunk(2, "(3)人や企業の地方分散", "ドローン航路を1万km整備"),
    ]
    assert section_lead(doc[2], _chain(doc)) == [doc[1]]
    have = set().union(*(pairs(c.text) for c in [doc[2], *section_lead(doc[2], _chain(doc))]))
    assert not names_held(["地方創生移住支援事業"], have)
