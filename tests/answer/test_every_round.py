"""Every round's value when a question about an event held several times names none (`answer.every_round`)."""

from __future__ import annotations

from assistant.answer.every_round import every_round, said_value
from assistant.text.normalize import normalize
from assistant.types import Chunk

#: Made up: a fair held twice, its fields enumerated ①②.
SLIDE = "○青葉しごとフェア\n開催日：①令和6年5月10日②6月7日\n出展数：①31社 ②27社\n参加者：①学生80名、教員5名②学生64名、教員5名"


def _chunk(text: str) -> Chunk:
    return Chunk("c", "doc.txt", "資料", "", 1, 1 + text.count("\n"), text, normalize(text))


def test_a_value_of_one_round_is_said_with_every_rounds_when_none_is_asked() -> None:
    chunk = _chunk(SLIDE)
    assert every_round(chunk, "27社", "青葉しごとフェアには何社出展した？") == "①31社 ②27社"
    assert every_round(chunk, "令和6年5月10日", "いつ開催？") == "①令和6年5月10日 ②6月7日"
    said = said_value(chunk, normalize("出展数:1 31社 2 27社"), "27社", "何社出展？", "青葉しごとフェア 何社出展？")
    assert said == "①31社 ②27社"


def test_a_round_asked_or_a_value_every_round_shares_keeps_the_one_value() -> None:
    chunk = _chunk(SLIDE)
    for question in ("2回目は何社出展した？", "第2回の出展数は？", "2回目に来た学生は何人？", "初回の出展数は？"):
        assert every_round(chunk, "27社", question) is None, question
    assert every_round(chunk, "教員5名", "教員は何人？") is None  # 5名 in each round
    assert every_round(chunk, "12社", "何社？") is None  # not one of the rounds' values
    assert every_round(_chunk("出展数：31社"), "31社", "何社？") is None  # held once


def test_a_question_naming_one_item_keeps_its_value() -> None:
    """A word one item writes and the others do not (a place, a day, a category) names that item."""
    chunk = _chunk("開催日：①令和6年5月10日②6月7日\n場所：①青葉市②緑川町\n出展数：①31社 ②27社")
    assert every_round(chunk, "31社", "青葉市の会場では何社？") is None
    assert every_round(chunk, "31社", "5月10日は何社出展した？") is None
    rates = _chunk("補助率：①中小企業 2/3 ②小規模事業者 3/4")
    assert every_round(rates, "3/4", "小規模事業者の補助率は？") is None
