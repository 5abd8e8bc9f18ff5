"""A field of the slide block the last answer was read from (`answer/block_field.py`), on an invented slide."""

from __future__ import annotations

from assistant.answer.block_field import asked_label, find_block_field, other_blocks_field
from assistant.types import Chunk

SLIDE = (
    "■ みどり町移住フェアの開催［町］\n"
    " 開催日：令和6年5月12日\n"
    "場 所：みどり町公民館\n"
    "概 要：移住希望者を対象に、\n"
    "\n"
    "空き家見学と先輩移住者との\n"
    "交流会を実施。\n"
    "\n"
    "参加者：35名（定員）\n"
    "\n"
    "○みどり町就職説明会\n"
    "開催日：①令和6年6月3日②6月17日\n"
    "場 所：①中央会館②北部支所\n"
    "企業数：①22社 ②18社\n"
    "参加者：①学生61名②学生40名\n"
    "\n"
    "○みどり町農業体験ツアー\n"
    "開催日：令和6年8月1日\n"
    "訪問農家数：6戸"
)


def _chunk() -> Chunk:
    return Chunk("c1", "doc.txt", "資料", "", 10, 10 + SLIDE.count("\n"), SLIDE, SLIDE)


#: The last answer as the answerer writes it: the lead, then a quote holding the block's field lines (normalised).
AFTER_FAIR_DATE = "令和6年5月12日です [1]。（開催日:令和6年5月12日 場所:みどり町公民館）"
AFTER_COMPANIES = "22社です [1]。（開催日:1令和6年6月3日2 6月17日 場所:1中央会館2北部支所 企業数:1 22社 2 18社）"


def test_a_label_asked_is_read_in_the_block_the_last_answer_quoted() -> None:
    found = find_block_field("参加者は？", AFTER_COMPANIES, [_chunk()])
    assert found is not None and found.value == "①学生61名②学生40名" and found.line == 24
    found = find_block_field("参加者は？", AFTER_FAIR_DATE, [_chunk()])
    assert found is not None and found.value == "35名（定員）"
    # 会場 is the slide's 場所; a value cut at 「、」 runs on over the lines after it to the sentence's end.
    found = find_block_field("会場は？", AFTER_COMPANIES, [_chunk()])
    assert found is not None and found.value == "①中央会館②北部支所"
    found = find_block_field("概要は？", AFTER_FAIR_DATE, [_chunk()])
    assert found is not None and found.value == "移住希望者を対象に、空き家見学と先輩移住者との交流会を実施。"
    assert (found.line, found.line_end) == (13, 16)


def test_no_block_field_without_one_quoted_block_a_label_of_it_or_a_short_turn() -> None:
    assert find_block_field("参加者は？", "35名です [1]。", [_chunk()]) is None  # no field line quoted
    both = "（開催日:令和6年5月12日 場所:みどり町公民館 企業数:1 22社 2 18社）"
    assert find_block_field("参加者は？", both, [_chunk()]) is None  # two blocks quoted: which event is unknown
    assert find_block_field("訪問農家数は？", AFTER_COMPANIES, [_chunk()]) is None  # another block's label
    long_turn = "その説明会に参加した学生の出身大学の内訳と参加者は？"
    assert find_block_field(long_turn, AFTER_COMPANIES, [_chunk()]) is None
    assert find_block_field("開催日は？", AFTER_FAIR_DATE, [_chunk()]) is None  # the field just answered


def test_the_label_a_short_turn_asks() -> None:
    labels = {"開催日", "場所", "参加者", "企業数"}
    assert asked_label("参加者は？", labels) == "参加者"
    assert asked_label("その会場はどこ？", labels) == "場所"
    assert asked_label("日程は？", labels) == "開催日"
    assert asked_label("予算は？", labels) == ""
    assert asked_label("場所と参加者は？", labels) == ""  # two labels asked: no one field
    assert asked_label("参加者数は何人？", labels) == "参加者"
    # A turn naming an item of the field (「中央会館の参加者」) or another thing asks no field whole.
    assert asked_label("中央会館の参加者は？", labels) == ""
    assert asked_label("北部支所の場所は？", labels) == ""
    for turn in (
        "R5の参加者は？",
        "2023年の参加者は？",
        "①の参加者は？",
        "さいたま市の参加者は？",
        "参加者を増やすには？",
    ):
        assert asked_label(turn, labels) == "", turn
    assert asked_label("企業数は何社？", labels) == "企業数"


def test_a_bracketed_sub_heading_stays_in_its_events_block() -> None:
    """「【当日の様子】」 heads a part of the same event: its 参加者 is that event's, no near miss; 〇 opens a block."""
    slide = "■ あおば市防災フェアの開催\n開催日：令和6年9月1日\n場 所：市民広場\n【当日の様子】\n参加者：420名\n"
    slide += "〇あおば市防災講演会\n開催日：令和6年9月8日\n参加者：80名"
    chunk = Chunk("c2", "doc.txt", "資料", "", 1, 1 + slide.count("\n"), slide, slide)
    after = "令和6年9月1日です [1]。（開催日:令和6年9月1日 場所:市民広場）"
    found = find_block_field("参加者は？", after, [chunk])
    assert found is not None and found.value == "420名"
    assert not other_blocks_field("参加者は？", after, [chunk], "参加者:420名")
    after = "令和6年9月8日です [1]。（開催日:令和6年9月8日 参加者:80名）"
    assert find_block_field("場所は？", after, [chunk]) is None  # the lecture's block has no 場所


def test_another_blocks_field_is_a_near_miss_of_the_block_read() -> None:
    """「参加者は？」 after the farm tour's date: its block lists no participants, another event's 参加者 is no answer."""
    after_tour = "令和6年8月1日です [1]。（開催日:令和6年8月1日 訪問農家数:6戸）"
    assert other_blocks_field("参加者は何人？", after_tour, [_chunk()], "参加者:1学生61名2学生40名")
    # The block read has the field, or the answer is no field line of that label, or no block was quoted: no miss.
    assert not other_blocks_field("参加者は何人？", AFTER_COMPANIES, [_chunk()], "参加者:1学生61名2学生40名")
    assert not other_blocks_field("参加者は何人？", after_tour, [_chunk()], "ツアーには学生12名が参加した。")
    assert not other_blocks_field("参加者は何人？", "6戸です [1]。", [_chunk()], "参加者:35名(定員)")
