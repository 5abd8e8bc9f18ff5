"""Question frames against the sentence that would answer: an outcome against attempts, why against names."""

from __future__ import annotations

from assistant.question.kinds import analyze


def test_a_count_of_attempts_does_not_answer_a_count_of_outcomes() -> None:
    from assistant.answer.values import counts_something_else
    from assistant.question.words import ACHIEVED, asked_acts

    text = "昨年度は約450人の申込があった。"
    assert asked_acts("お試し移住で実際に移住が決まった人は何人？") == {ACHIEVED}
    assert counts_something_else(text, "約450人", asked_acts("お試し移住で実際に移住が決まった人は何人？"))
    assert counts_something_else(text, "約450人", asked_acts("農業体験を始めた人は何人いますか？"))
    # The act itself asked, or no outcome at all: the stated count may answer.
    assert not counts_something_else(text, "約450人", asked_acts("申込は何人ありましたか？"))
    assert not counts_something_else(text, "約450人", asked_acts("どのくらいの人が手を挙げた？"))
    # A named act wins over the outcome word: 「就職が決まった」 asks 就職.
    assert asked_acts("説明会で就職が決まった人は何人？") == {"就職"}


def test_a_why_question_asks_a_reason_only() -> None:
    # The name, target or budget a why question mentions is what it asks to explain.
    assert analyze("その制度に「共済」という名前を付けたのはなぜ？").value_kinds == ("reason",)
    assert analyze("学生を補助の対象に加えたのはどうして？").value_kinds == ("reason",)
    assert analyze("来年度の予算が減ったのはなぜですか").value_kinds == ("reason",)
    # 「理由」 inside a survey's name is not why: the count is asked.
    assert "count" in analyze("転職した理由の調査で、回答件数は何件？").value_kinds
    assert analyze("農地が守られている要因は何？").wants("reason")


def test_a_sentence_giving_a_cause_holds_what_a_why_question_asks() -> None:
    from assistant.question.kinds import REASON_MARK

    assert REASON_MARK.search("担い手が不足していることから、研修を始めた。")
    assert REASON_MARK.search("冬の備えであるため「共済」と名付けた。")
    assert not REASON_MARK.search("令和6年に研修を始めた。")
