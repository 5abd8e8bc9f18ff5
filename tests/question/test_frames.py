"""Question frames against the sentence that would answer: a count of an outcome against a count of attempts."""

from __future__ import annotations


def test_a_count_of_attempts_does_not_answer_a_count_of_outcomes() -> None:
    from assistant.answer.values import counts_something_else
    from assistant.question.words import ACHIEVED, asked_acts
    from assistant.text.tokenizer import tokenize

    text = "昨年度は約450人の申込があった。"
    assert asked_acts("体験住宅を使って転入が決まった世帯の人数は？") == {ACHIEVED}
    assert counts_something_else(text, "約450人", asked_acts("体験住宅を使って転入が決まった世帯の人数は？"))
    assert counts_something_else(text, "約450人", asked_acts("家庭菜園を始めた住民は何人？"))
    # The act itself asked, or no outcome at all: the stated count may answer.
    assert not counts_something_else(text, "約450人", asked_acts("申込は何人ありましたか？"))
    assert not counts_something_else(text, "約450人", asked_acts("何人ぐらいが名乗り出た？"))
    # A named act wins over the outcome word: 「就職が決まった」 asks 就職.
    assert asked_acts("面接会を経て就職した人は何人？") == {"就職"}
    # The outcome asked is a marker, not a word: a document's 「成立」 is never read as it.
    assert ACHIEVED not in tokenize("マッチング成立件数：40件。商談が成立した。")


def test_a_count_of_attempts_does_not_answer_a_population() -> None:
    """「交流人口は何人」 asks a stock of people: 「約1,200人の参加」 counts those who joined one event."""
    from assistant.answer.values import counts_something_else
    from assistant.question.words import ACHIEVED, asked_acts

    text = "令和6年度には交流イベントに約1,200人の参加があった。"
    assert asked_acts("ひばり村の交流人口は約何人？") == {ACHIEVED}
    assert counts_something_else(text, "約1,200人", asked_acts("ひばり村の交流人口は約何人？"))
    # A population's count as such (no act after it) still answers, and an act asked beside it is read as asked.
    assert not counts_something_else("交流人口は約8万人と推計。", "約8万人", asked_acts("交流人口は何人？"))
    assert not counts_something_else(text, "約1,200人", asked_acts("人口3千人の村で祭りに参加した人の数は？"))
    # 人口 only mentioned (「人口減少に悩む」「関係人口づくりの」) does not make the count an outcome asked.
    applied = "副社長の公募には約500人の応募があった。"
    assert not counts_something_else(applied, "約500人", asked_acts("人口減少に悩む町の副社長公募には何人が集まった？"))
    assert not counts_something_else(applied, "約500人", asked_acts("関係人口づくりの公募に手を挙げた人は何人？"))


def test_together_with_frames_a_question() -> None:
    """「Xと一緒にやった催し」: 一緒 is phrasing, not what the question is about."""
    from assistant.question.words import content_tokens

    assert "一緒" not in content_tokens("ひばり村が大学と一緒に開いた講座の参加者は何人？")
    assert "講座" in content_tokens("ひばり村が大学と一緒に開いた講座の参加者は何人？")
