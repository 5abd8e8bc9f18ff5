"""Numbered entries asked by number or place (`answer.numbered_entry`): an invented report's contents."""

from __future__ import annotations

from assistant.answer.numbered_entry import asked_entry, entries_in, find_entry
from assistant.types import Chunk

CONTENTS = """目次
1. はじめに\t3
～事例1～「港町の朝市の再生」(山田 花子 委員)\t8
2. 現状と課題\t10
～事例2～「空き家を使った学生寮 ～大学と町の協定～」(佐藤 一郎 委員)\t15
～事例3～「山村の移動販売」(鈴木 次郎 委員)\t21"""

BODY = """～事例１～
山田委員の寄稿。朝市は一時、出店者が5店まで減った。"""


def _chunks() -> list[Chunk]:
    first = Chunk("c1", "report.txt", "報告書", "目次", 1, 6, CONTENTS, CONTENTS)
    second = Chunk("c2", "report.txt", "報告書", "事例1", 40, 41, BODY, BODY)
    return [first, second]


def _find(question: str):
    return find_entry(question, entries_in(_chunks()), ["report.txt"])


def test_entries_are_read_with_title_and_writer_from_one_line():
    entries = entries_in(_chunks())
    assert [(e.label, e.n, e.who) for e in entries] == [
        ("事例", 1, "山田 花子"),
        ("事例", 2, "佐藤 一郎"),
        ("事例", 3, "鈴木 次郎"),
    ]
    # A title holding wave dashes of its own is read whole.
    assert entries[1].title == "空き家を使った学生寮 ～大学と町の協定～" and entries[1].line == 5


def test_an_entry_is_asked_by_number_or_by_place():
    assert asked_entry("事例2は誰が書いた？") == ("事例", 2)
    assert asked_entry("最後の事例のテーマは？") == ("事例", None)
    assert asked_entry("3番目の事例のタイトルは？") == ("事例", 3)
    assert _find("報告書の事例2は誰が書いた？").who == "佐藤 一郎"
    assert _find("最後の事例のテーマは？").title == "山村の移動販売"
    assert _find("3番目の事例の執筆者は？").n == 3


def test_anything_else_asked_of_an_entry_or_a_number_not_in_the_series_gives_nothing():
    assert _find("事例1によると出店者は何店まで減った？") is None  # its text answers, not its line
    assert _find("事例4は誰が書いた？") is None
    assert _find("令和7年の事例は誰が書いた？") is None


def test_the_reports_columns_are_answered_from_its_contents(engine) -> None:
    """The real report lists its columns in the contents with title and writer (rules only, nothing fitted)."""
    from assistant.evals.metrics import lead_of

    answer = engine.answer("地域生活圏の報告書で、6番目のコラムを書いたのは誰？")
    assert not answer.abstained and lead_of(answer.answer).startswith("田中 輝美")
    answer = engine.answer("地域生活圏専門委員会の報告書のコラム3のタイトルは？")
    assert not answer.abstained and "ミーツ×コープさっぽろ" in lead_of(answer.answer)


def test_who_is_the_writer_only_when_writing_is_asked():
    """「事例3で誰が主導している？」 asks the text, not the entry's writer (found in review)."""
    assert _find("事例3で移動販売を誰が主導している？") is None
    assert _find("事例2のテーマで紹介された大学は？") is None
    assert _find("事例2を書いている委員は？").who == "佐藤 一郎"
    assert _find("最後の質問ですが、事例1は誰が書いた？").who == "山田 花子"
