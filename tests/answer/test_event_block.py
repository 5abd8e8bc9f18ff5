"""Another event's figure (`answer/event_block.py`), on an invented slide and report page."""

from __future__ import annotations

from assistant.answer.event_block import other_event, title_above
from assistant.types import Chunk

SLIDE = (
    "■ かわせ市移住相談会の開催［市］\n"
    "\n"
    "■ かわせ市農業体験ツアーの開催［市］\n"
    " 開催日：令和6年9月8日\n"
    "場 所：かわせ市北部農園\n"
    "参加者：24名（定員）\n"
    "\n"
    "○かわせ市合同企業説明会\n"
    "開催日：令和6年7月2日\n"
    "企業数：31社"
)
REPORT = (
    "成果発表会の開催\n"
    "- 令和7年度、モデル事業を実施した9団体から成果を発表していただいた。\n"
    "\n"
    "フォーラムの開催\n"
    "- 事業の認知拡大を目的として、公開フォーラムを開催。\n"
    "日時：令和8年2月10日（火） 場所：みなと会館\n"
    "当日参加：410名（現地又はオンライン）"
)


def _chunk(text: str) -> Chunk:
    return Chunk("c1", "doc.txt", "資料", "", 1, 1 + text.count("\n"), text, text)


def test_the_title_a_field_stands_under_is_the_nearest_above_it() -> None:
    chunk = _chunk(SLIDE)
    assert title_above(chunk, "場 所：かわせ市北部農園")[0] == "■ かわせ市農業体験ツアーの開催［市］"
    assert title_above(chunk, "企業数：31社")[0] == "○かわせ市合同企業説明会"
    assert title_above(chunk, "存在しない行の文章です")[0] == ""


def test_a_line_announcing_an_event_held_is_a_title() -> None:
    chunk = _chunk(REPORT)
    assert title_above(chunk, "当日参加：410名（現地又はオンライン）")[0] == "フォーラムの開催"
    assert title_above(chunk, "- 令和7年度、モデル事業を実施した9団体")[0] == "成果発表会の開催"


def test_a_figure_under_another_kind_of_event_answers_another_question() -> None:
    # The consultation meeting's title has no fields: the venue under it is the farm tour's.
    assert other_event("かわせ市の移住相談会はどこで開かれた？", "場 所：かわせ市北部農園", [_chunk(SLIDE)])
    # The report meeting is asked; the attendance is the forum's.
    assert other_event("成果発表会には何人参加した？", "当日参加：410名（現地又はオンライン）", [_chunk(REPORT)])


def test_the_asked_kind_of_event_in_other_words_is_the_same_event() -> None:
    # 「公開フォーラム」 asked, 「フォーラムの開催」 above: the words before the noun describe, they do not rename.
    assert not other_event("公開フォーラムの参加者数は？", "当日参加：410名（現地又はオンライン）", [_chunk(REPORT)])
    assert not other_event("農業体験ツアーの会場は？", "場 所：かわせ市北部農園", [_chunk(SLIDE)])
    assert not other_event("企業説明会に来た企業は何社？", "企業数：31社", [_chunk(SLIDE)])


def test_no_event_asked_or_no_event_above_leaves_the_figure_alone() -> None:
    assert not other_event("北部農園の場所は？", "場 所：かわせ市北部農園", [_chunk(SLIDE)])
    plain = _chunk("空き家バンク\n登録件数：120件（R5）")
    assert not other_event("移住相談会の登録件数は？", "登録件数：120件（R5）", [plain])


TWO_MEETINGS = (
    "報告会の開催\n"
    "日時：令和8年3月25日（水）10:00～12:00 場所：みなと会館\n"
    "\n"
    "シンポジウムの開催\n"
    "日時：令和8年3月25日（水）16:00～18:00 場所：さくらホール\n"
    "当日参加：520名"
)


def test_fields_opening_alike_are_told_apart_by_more_of_the_sentence() -> None:
    chunk = _chunk(TWO_MEETINGS)
    assert title_above(chunk, "日時：令和8年3月25日（水）16:00～18:00 場所：さくらホール")[0] == "シンポジウムの開催"
    assert not other_event("シンポジウムの日時は？", "日時：令和8年3月25日（水）16:00～18:00", [chunk])
    assert other_event("報告会には何人参加した？", "当日参加：520名", [chunk])


def test_a_quoted_event_name_is_still_the_event_asked() -> None:
    assert other_event("「成果発表会」の参加者数は？", "当日参加：410名（現地又はオンライン）", [_chunk(REPORT)])


def test_a_title_naming_a_word_the_question_describes_the_event_with_is_that_event() -> None:
    # 「農業体験会」 asked, 「…農業体験ツアー」 above: another noun, the same event in other words.
    assert not other_event("かわせ市の農業体験会の参加者は？", "参加者：24名（定員）", [_chunk(SLIDE)])
    # The block's text names the asked event whole: 「○…バスツアー」 whose text says it held 「企業見学会」.
    tour = _chunk("○みどり町企業見学バスツアー\n概 要：高校生を対象に地元企業見学会を開催。\n訪問企業数：8社")
    assert not other_event("地元企業見学会の訪問企業数は？", "訪問企業数：8社", [tour])
    # Only some of the words: another event.
    assert other_event("かわせ市移住相談会の参加者は？", "参加者：24名（定員）", [_chunk(SLIDE)])


def test_a_value_on_the_title_line_is_the_titled_events() -> None:
    chunk = _chunk(SLIDE)
    assert title_above(chunk, "○かわせ市合同企業説明会")[0] == "○かわせ市合同企業説明会"
    assert not other_event("合同企業説明会はどこの主催？", "○かわせ市合同企業説明会", [chunk])
