"""How many members a list has, asked by what they are (`answer.list_size`): invented plan texts."""

from __future__ import annotations

from assistant.answer.blocks import BlockReaders
from assistant.answer.list_size import counted_noun, find_size, size_answer_text
from assistant.types import Chunk, Citation, Hit

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


def _asked(question: str) -> tuple[str, str] | None:
    found = counted_noun(question)
    return found[:2] if found is not None else None


def test_the_noun_and_counter_a_count_question_asks():
    assert _asked("プランの柱はいくつ？") == ("柱", "つ")
    assert _asked("プランは何本の柱から成る？") == ("柱", "本")
    assert _asked("申請の流れは何段階？") == ("段階", "段階")
    assert _asked("観光振興の重点施策は何本？") == ("重点施策", "本")
    assert _asked("取り組みはいくつ？") == ("取り組み", "つ")


def test_questions_that_count_no_list_ask_no_size():
    assert _asked("補助率は？") is None
    assert _asked("本市の路線バスは1日何本？") is None  # a rate: no noun of the list asked
    assert _asked("具体的な取組をいくつか教えて") is None  # examples asked, not a count
    assert _asked("市民満足度調査の公共交通は何点？") is None  # a score
    assert _asked("全国でいくつの先導的な取組を支援した？") is None  # a figure the text states, not a list's length


def test_the_count_the_lead_in_writes_when_it_is_the_lists_length():
    q = "みなと町観光振興プランの柱はいくつ？"
    found = find_size(q, q, [_chunk(PILLARS)], {}, _none)
    assert found is not None and found.said == "4本柱"
    ((_, first, last),) = found.spans
    assert (first, last) == (10, 14)  # the lead-in that writes the count, through the last member
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


def test_a_list_running_into_the_next_passage_is_cited_in_both():
    lines = PILLARS.split("\n")
    first, rest = _chunk("\n".join(lines[:3]), "a", 10), _chunk("\n".join(lines[3:]), "b", 13)
    q = "みなと町観光振興プランの柱はいくつ？"
    found = find_size(q, q, [first], {}, lambda c: [rest])
    assert found is not None and found.said == "4本柱" and len(found.members) == 4
    assert [(c.chunk_id, a, b) for c, a, b in found.spans] == [("a", 10, 12), ("b", 13, 14)]
    assert size_answer_text(found).startswith("4本柱です [1][2]。")


def test_a_count_the_lead_in_writes_of_another_kind_does_not_refuse_the_list():
    # 「第1段階」 is an ordinal and 「5段階評価」 a scale: neither counts the list's members.
    steps = "申請の流れ（第1段階の手続）\n- 1 事前相談\n2 申請書の提出\n- 3 審査・交付決定"
    q = "申請の流れは何段階？"
    found = find_size(q, q, [_chunk(steps)], {}, _none)
    assert found is not None and found.said == "3段階"


class _One:
    """One passage as the whole corpus: passages, lookup and retriever for the block readers."""

    def __init__(self, chunk: Chunk):
        self.chunk = chunk

    def __len__(self) -> int:
        return 1

    def at(self, i: int) -> Chunk:
        return self.chunk

    def position(self, chunk_id: str) -> int | None:
        return 0 if chunk_id == self.chunk.chunk_id else None

    def retrieve(self, query: str, k: int = 5, docs=None) -> list[Hit]:
        return [Hit(self.chunk, 1.0, 1)]


def _cite(n: int, hit: Hit, quote: str, start: int, end: int) -> Citation:
    return Citation(n, hit.chunk.chunk_id, hit.chunk.doc, "計画", None, "", quote, start, end, start, end)


def test_the_block_readers_answer_a_count_with_its_lines_and_leave_a_place_to_the_member_reader():
    one = _One(_chunk(PILLARS))
    readers = BlockReaders(one, one, one, {}, _cite)
    hits = one.retrieve("")
    q = "みなと町観光振興プランの柱はいくつ？"
    found = readers.from_list_size(q, q, hits)
    assert found is not None and found.answer.answer.startswith("4本柱です [1]")
    (cited,) = found.answer.citations
    assert cited.quote.startswith("〇 みなと町観光振興プランの４本柱") and (cited.line_start, cited.line_end) == (
        10,
        14,
    )
    # A member asked by its place is the member reader's: the size reader stays out of it.
    assert readers.from_list_size("2本目の柱は？", "みなと町観光振興プランの柱 2本目の柱は？", hits) is None


def test_of_two_lists_about_the_plan_the_one_whose_lead_in_counts_itself_answers():
    both = _chunk("みなと町観光振興プランの柱の案\n1. 回遊ルート\n2. 体験メニュー\n3. 夜間イベント\n\n" + PILLARS)
    q = "みなと町観光振興プランの柱はいくつ？"
    found = find_size(q, q, [both], {}, _none)
    assert found is not None and found.said == "4本柱" and len(found.members) == 4
