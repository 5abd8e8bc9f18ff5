"""A programme one document's readers found, cited where another document names it in full (invented prose)."""

from __future__ import annotations

from assistant.records.make import programme_record
from assistant.records.programme_elsewhere import cite_named_elsewhere

_PLAN = ["○国土の将来像：「みなと回廊ネットワーク」の形成", "・運河の町みなと協議会を設立"]
_DECK = [
    "県の取組",
    "・北みなと回廊ネットワーク推進事業を実施",  # a longer compound: another programme
    "・「みなと回廊ネットワーク」の形成に向け、港湾間の連携を強化する。",  # named in full
]


def _record(doc: str, lines: list[str], n: int, name: str):
    return programme_record(doc, lines, n, n, name=name)


def test_a_programme_named_in_full_in_another_document_cites_it() -> None:
    corridor = _record("plan.txt", _PLAN, 1, "みなと回廊ネットワーク")
    (got,) = cite_named_elsewhere([("plan.txt", _PLAN), ("deck.txt", _DECK)], [corridor])
    # the first reading still leads; the other document's line is added, not the longer compound's
    assert got.doc == "plan.txt" and got.line_start == 1
    assert [(s.doc, s.line_start) for s in got.sources] == [("plan.txt", 1), ("deck.txt", 3)]


def test_a_name_inside_a_longer_name_or_already_a_record_there_is_not_cited() -> None:
    corridor = _record("plan.txt", _PLAN, 1, "みなと回廊ネットワーク")
    longer = _record("deck.txt", _DECK, 2, "北みなと回廊ネットワーク推進事業")
    only_inside = ["・北みなと回廊ネットワーク推進事業を実施"]
    got = cite_named_elsewhere([("plan.txt", _PLAN), ("deck.txt", only_inside)], [corridor, longer])
    assert [s.doc for s in got[0].sources] == ["plan.txt"]
    # a document whose records already go by that name keeps its own record
    own = _record("deck.txt", _DECK, 3, "みなと回廊ネットワーク")
    got = cite_named_elsewhere([("plan.txt", _PLAN), ("deck.txt", _DECK)], [corridor, own])
    assert [s.doc for s in got[0].sources] == ["plan.txt"]


def test_a_short_name_or_one_written_with_a_space_is_not_looked_for() -> None:
    short = _record("plan.txt", ["・海業の推進"], 1, "海業")
    spaced = _record("plan.txt", ["・みなと 協議会"], 1, "みなと 協議会")
    other = ["海業とみなと 協議会の紹介"]
    got = cite_named_elsewhere([("plan.txt", ["・海業の推進"]), ("deck.txt", other)], [short, spaced])
    assert all([s.doc for s in r.sources] == ["plan.txt"] for r in got)


def test_a_name_the_other_document_wraps_over_two_lines_cites_both_lines() -> None:
    corridor = _record("plan.txt", _PLAN, 1, "みなと回廊ネットワーク")
    wrapped = ["県の取組", "・港湾間の連携を強化し、みなと回廊ネット", "ワークの形成を進める。"]
    (got,) = cite_named_elsewhere([("plan.txt", _PLAN), ("deck.txt", wrapped)], [corridor])
    assert [(s.doc, s.line_start, s.line_end) for s in got.sources] == [("plan.txt", 1, 1), ("deck.txt", 2, 3)]
    # a wrapped longer compound is still another programme
    longer = ["・北みなと回廊ネット", "ワーク推進事業を実施"]
    (got,) = cite_named_elsewhere([("plan.txt", _PLAN), ("deck.txt", longer)], [corridor])
    assert [s.doc for s in got.sources] == ["plan.txt"]


def test_a_name_closed_by_tou_or_after_a_legal_form_is_cited() -> None:
    corridor = _record("plan.txt", _PLAN, 1, "みなと回廊ネットワーク")
    council = _record("plan.txt", _PLAN, 2, "運河の町みなと協議会")
    deck = [
        "県の取組",
        "（みなと回廊ネットワーク等12百万円の内数）",  # 「等」 closes the name, a figure follows
        "代表：一般社団法人運河の町みなと協議会",  # a legal form is no longer compound
    ]
    got = cite_named_elsewhere([("plan.txt", _PLAN), ("deck.txt", deck)], [corridor, council])
    assert [(s.doc, s.line_start) for s in got[0].sources] == [("plan.txt", 1), ("deck.txt", 2)]
    assert [(s.doc, s.line_start) for s in got[1].sources] == [("plan.txt", 2), ("deck.txt", 3)]
    # 「等級」 goes on as a compound: not the name closed
    (got,) = cite_named_elsewhere([("plan.txt", _PLAN), ("deck.txt", ["みなと回廊ネットワーク等級の評価"])], [corridor])
    assert [s.doc for s in got.sources] == ["plan.txt"]


def test_a_firm_another_document_writes_with_its_legal_form_abbreviated_is_cited() -> None:
    firm = _record("plan.txt", ["・みなと電力株式会社が発電所を運営"], 1, "みなと電力株式会社")
    slide = ["取組", "○電力小売事業等を行う「**みなと電力(株)**」を設立(2015年)。"]
    (got,) = cite_named_elsewhere([("plan.txt", ["・みなと電力株式会社が発電所を運営"]), ("deck.txt", slide)], [firm])
    assert [(s.doc, s.line_start) for s in got.sources] == [("plan.txt", 1), ("deck.txt", 2)]


def test_a_provisional_name_is_not_cited_where_the_words_are_generic() -> None:
    plan = ["○「港町連携プラットフォーム（仮称）」を設立する"]
    deck = ["・港町連携プラットフォーム等を通じた交流を進める。"]
    platform = programme_record(
        "plan.txt", plan, 1, 1, name="港町連携プラットフォーム", variants=["港町連携プラットフォーム（仮称）"]
    )
    (got,) = cite_named_elsewhere([("plan.txt", plan), ("deck.txt", deck)], [platform])
    assert [s.doc for s in got.sources] == ["plan.txt"]
