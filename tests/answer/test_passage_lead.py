"""A passage answer leads with the sentence that answers, not the window's first one (invented text)."""

from __future__ import annotations

from assistant.answer.passage_lead import lead_first
from assistant.evals.metrics import lead_of


def test_the_answering_sentence_leads_when_the_window_opens_before_it() -> None:
    support = "（注）県の調査により作成。 回答者は県内の高校生に限る。 有効回答数は1,234件。 次頁に続く。"
    text = lead_first(support, "有効回答数は1,234件。", 180)
    assert lead_of(text) == "有効回答数は1,234件"
    # The window's other sentences follow in brackets, in their order, … where the lead stood.
    assert text.endswith("（（注）県の調査により作成。 回答者は県内の高校生に限る。 …次頁に続く。）")


def test_a_window_opening_with_the_answering_sentence_is_said_as_written() -> None:
    support = "みどり町では空き家バンクを運営。 登録物件は52件。"
    assert lead_first(support, "みどり町では空き家バンクを運営。", 180) == f"{support} [1]"


def test_a_label_without_a_sentence_end_runs_on_into_the_answer() -> None:
    # 「【対象者】」 ends no sentence: read in order, the lead already reaches the answer.
    support = "【対象者】 町内在住の65歳以上の方"
    assert lead_first(support, "町内在住の65歳以上の方", 180) == f"{support} [1]"


def test_a_long_answering_sentence_leaves_room_for_its_context() -> None:
    sentence = "まちの拠点施設では" + "交流" * 100 + "を行う。"
    text = lead_first("はじめに。 " + sentence, sentence, 180)
    assert len(text) <= 190 and text.endswith("（はじめに。 …）")
