"""How many members a list has, asked by what they are (`answer.list_size`): invented plan texts."""

from __future__ import annotations

from assistant.answer.list_size import counted_noun, find_size, size_answer_text
from assistant.types import Chunk

PILLARS = """〇 みなと町観光振興プランの４本柱
１．港の景観を生かした回遊ルートの整備
２．地元食材を使った体験型メニューの開発
３．宿泊客向け夜間イベントの定着
４．外国人旅行者の受入環境整備"""

FLOW = """空き店舗改修補助の申請の流れ
- 1 事前相談
2 申請書の提出
- 3 審査・交付決定"""


def _chunk(text: str, cid: str = "c1", line_start: int = 10, heading: str = "第2章 施策") -> Chunk:
    lines = text.split("\n")
    return Chunk(cid, "plan.txt", "みなと町計画", heading, line_start, line_start + len(lines) - 1, text, text)


def _none(_: Chunk) -> list[Chunk]:
    return []


def test_the_noun_and_counter_a_count_question_asks():
    assert counted_noun("プランの柱はいくつ？")[:2] == ("柱", "つ")
    assert counted_noun("プランは何本の柱から成る？")[:2] == ("柱", "本")
    assert counted_noun("申請の流れは何段階？")[:2] == ("段階", "段階")
    assert counted_noun("補助率は？") is None


def test_the_count_the_lead_in_writes_when_it_is_the_lists_length():
    q = "みなと町観光振興プランの柱はいくつ？"
    found = find_size(q, q, [_chunk(PILLARS)], {}, _none)
    assert found is not None and found.said == "4本柱" and (found.first, found.last) == (11, 14)
    assert size_answer_text(found).startswith("4本柱です [1]。（〇 みなと町観光振興プランの４本柱：港の景観")


def test_the_number_of_members_with_the_asked_counter_when_the_lead_in_writes_none():
    q = "空き店舗改修補助の申請の流れは何段階？"
    found = find_size(q, q, [_chunk(FLOW)], {}, _none)
    assert (
        found is not None and found.said == "3段階" and found.members == ("事前相談", "申請書の提出", "審査・交付決定")
    )


def test_a_list_not_titled_with_the_noun_about_something_else_or_counted_otherwise_is_not_read():
    # 柱 is not a word any list's members go by: the steps are not the plan's pillars.
    assert (
        find_size(
            "空き店舗改修補助の申請の流れの柱はいくつ？",
            "空き店舗改修補助の申請の流れの柱はいくつ？",
            [_chunk(FLOW)],
            {},
            _none,
        )
        is None
    )
    assert (
        find_size("ごみ減量推進計画の柱はいくつ？", "ごみ減量推進計画の柱はいくつ？", [_chunk(PILLARS)], {}, _none)
        is None
    )
    # The lead-in counts five pillars and four are read: the list is cut short, so no count is given.
    cut = PILLARS.replace("４本柱", "５本柱")
    q = "みなと町観光振興プランの柱はいくつ？"
    assert find_size(q, q, [_chunk(cut)], {}, _none) is None
