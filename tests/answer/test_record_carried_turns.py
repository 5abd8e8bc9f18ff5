"""A bare field turn after a record's answer carries that record by its full name.

Every example is invented (programmes that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.conversation import Shown, resolve_turn

from .chat_turns import assistant, together, user

ROW = "みなと町港湾観光拠点整備支援事業: 予算額30百万円(R8当初)、支援対象: 市町村・観光協会 [1]"
OTHER = "みなと町空き店舗改修事業: 予算額12百万円(R8当初) [1]"


def _shown(_answer: str) -> Shown:
    """The last answer's passage lists the port programme beside the shop one."""

    def other(turn: str, record: str) -> str:
        return "みなと町港湾観光拠点整備支援事業" if "港湾" in turn and "港湾" not in record else ""

    return Shown(holds=lambda turn: True, other_record=other)


def _history() -> list[dict[str, str]]:
    return [
        user("みなと町の予算で、空き店舗改修事業はいくら？"),
        assistant(OTHER.replace("[1]", "[1]（空き店舗改修事業: 予算額12百万円）")),
        user("港湾の観光拠点のほうは？予算額で"),
        assistant(ROW),
    ]


def test_a_turn_naming_a_thing_of_its_own_is_not_given_the_record() -> None:
    """「観光協会の会員数は？」 names what it asks about: the record is not added to what it carries."""
    r = resolve_turn("観光協会の会員数は？", _history(), together, _shown)
    assert "観光協会" in r.query and "みなと町港湾観光拠点整備支援事業" not in r.carried
