"""A turn naming only another member of a numbered series (`answer/member_turn.py`): the question before, renumbered."""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn
from assistant.answer.member_turn import bare_member, member_question


def _history(*questions: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for q in questions:
        out += [{"role": "user", "content": q}, {"role": "assistant", "content": "回答です [1]。"}]
    return out


def _alone(*questions: str) -> list[tuple[str, bool]]:
    """Earlier questions that each stood alone."""
    return [(q, True) for q in questions]


def test_a_bare_member_is_read_with_its_number_and_kind() -> None:
    cases = (
        ("3回目は？", (3, "回")),
        ("第2回は？", (2, "回")),
        ("第2回目は？", (2, "回")),
        ("その2つ目は？", (2, "item")),
        ("じゃあ四番目は", (4, "item")),
        ("第１０回って？", (10, "回")),
        ("第3期は？", (3, "期")),
    )
    for turn, member in cases:
        assert bare_member(turn) == member, turn


def test_a_turn_with_words_of_its_own_is_no_bare_member() -> None:
    for turn in (
        "3回目の会場は？",
        "第2回の議題は何？",
        "2番目に多いのは？",
        "最後は？",
        "補助率は？",
        "3つの柱は？",
        "",
        "？",
    ):
        assert bare_member(turn) is None, turn


def test_the_question_before_is_asked_of_the_member_in_its_own_writing() -> None:
    assert (
        member_question("4回目は？", _alone("景観審議会の第1回はいつ開かれた？")) == "景観審議会の第4回はいつ開かれた?"
    )
    assert member_question("第3回は？", _alone("海の日フェアの1回目の会場は？")) == "海の日フェアの3回目の会場は?"
    assert member_question("2つ目は？", _alone("重点施策の最初のものは？")) == "重点施策の2つ目のものは?"
    assert member_question("2回目は？", _alone("研修会の初回の参加者数は？")) == "研修会の第2回の参加者数は?"
    assert member_question("第3期は？", _alone("第2期総合戦略の期間は？")) == "第3期総合戦略の期間は?"


def test_bare_members_between_are_walked_past_to_the_full_question() -> None:
    asked = _alone("景観審議会の第1回はいつ開かれた？", "2回目は？")
    assert member_question("第5回は？", asked) == "景観審議会の第5回はいつ開かれた?"


def test_only_a_member_of_the_same_kind_is_renumbered() -> None:
    """「3つ目は？」 after a plan's edition asks its third goal; 「第3期は？」 after a meeting asks no meeting."""
    assert member_question("3つ目は？", _alone("第2期総合戦略の基本目標は何？")) is None
    assert member_question("2つ目は？", _alone("第1回景観審議会の議題は何？")) is None
    assert member_question("第3期は？", _alone("景観審議会の第1回はいつ？")) is None
    assert member_question("第2回は？", _alone("景観計画が最初に策定されたのはいつ？")) is None


def test_a_number_run_into_a_word_or_a_longer_number_is_no_member() -> None:
    assert member_question("2回目は？", _alone("年1回目標を見直す？")) is None
    assert member_question("3回目は？", _alone("記念すべき100回目の大会はいつ？")) is None


def test_an_earlier_question_that_borrowed_its_subject_is_not_renumbered_alone() -> None:
    """「1回目はいつ開かれた？」 after 「景観審議会は何回開かれた？」 names no council by itself: renumbered, it would
    lose it."""
    asked = [("景観審議会は何回開かれた？", True), ("1回目はいつ開かれた？", False)]
    assert member_question("3回目は？", asked) is None


def test_no_rewrite_without_exactly_one_member_before_or_for_the_same_member() -> None:
    assert member_question("3回目は？", _alone("景観審議会は何回開かれた？")) is None  # no member to renumber
    assert member_question("3回目は？", _alone("第1回と第2回の会場は？")) is None  # two members: a comparison
    assert member_question("第1回は？", _alone("景観審議会の1回目はいつ？")) is None  # the same member again
    assert member_question("会場は？", _alone("景観審議会の第1回はいつ？")) is None  # no member in the turn


def test_the_resolved_turn_is_the_renumbered_question_standing_alone() -> None:
    history = _history("景観審議会の第1回はいつ開かれた？")
    resolution = resolve_turn("3回目は？", history, cooccurs=lambda turn, subject: True, shown_of=None)
    assert resolution.stands_alone and resolution.query == "景観審議会の第3回はいつ開かれた?"
    assert resolution.question == resolution.query


def test_an_item_written_alone_after_a_question_that_borrowed_its_subject_keeps_its_field() -> None:
    """「最後のは？」「4つ目は？」 after 「その3つ目の座長は？」 ask that field of another item (the subject stays carried)."""
    from assistant.answer.member_turn import renumbered_before

    asked = [("みなと市の分科会はいくつある？", True), ("その3つ目の座長は？", False)]
    assert renumbered_before("最後のは？", asked) == "その最後の座長は?"
    assert renumbered_before("じゃあ2つ目は？", asked) == "その2つ目の座長は?"
    # Bare turns between are walked past to the full question.
    assert renumbered_before("4つ目は？", [*asked, ("最後のは？", False)]) == "その4つ目の座長は?"
    # A question that stood alone is renumbered by `member_question`; a meeting's round is not an item.
    assert renumbered_before("最後のは？", [("分科会の3つ目の座長は？", True)]) is None
    assert renumbered_before("3回目は？", [("景観審議会は何回？", True), ("その1回目はいつ？", False)]) is None


def test_a_renumbered_turn_is_the_subject_the_next_field_is_asked_of() -> None:
    """「会場は？」 after 「2回目は？」 (asked as 「…の2回目の開催日は？」) asks the second round's venue, not the first's."""

    def answered(*questions: str) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for q in questions:
            out += [{"role": "user", "content": q}, {"role": "assistant", "content": "7月6日です [1]。"}]
        return out

    agree = lambda turn, subject: True  # noqa: E731
    r = resolve_turn("その会場は？", answered("星空観察会の1回目の開催日は？", "2回目は？"), agree, None)
    assert not r.stands_alone and "2回目" in r.query and "1回目" not in r.query
    r = resolve_turn("会場は？", answered("星空観察会の1回目の開催日は？", "2回目は？", "3回目は？"), agree, None)
    assert "3回目" in r.query and "2回目" not in r.query
    # A turn asking a field of its own in between is no member: the subject stays the first question's.
    r = resolve_turn("会場は？", answered("星空観察会の1回目の開催日は？", "参加費は？"), agree, None)
    assert "1回目" in r.query
