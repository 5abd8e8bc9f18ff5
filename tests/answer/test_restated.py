"""A follow-up answered with the sentence the last answer quoted, though the turn asks anew (`answer.restated`).

Invented fixtures: a town's festival association and its 会員 scheme.
"""

from __future__ import annotations

from assistant.answer.conversation import Resolution, Subject
from assistant.answer.restated import asks_anew, keeps_alone, restates_last, retry_alone
from assistant.text.tokenizer import tokenize
from assistant.types import Answer, Citation

SENTENCE = "ほたる祭り実行委員会は、平成20年に町内の商店会と自治会が共同で設立した任意団体である。"
OTHER = "会員には、祭りの企画会議への参加資格と、年2回の会報の送付が特典として用意されている。"
LAST = f"平成20年です [1]。（{SENTENCE}）"
HISTORY = [{"role": "user", "content": "ほたる祭り実行委員会はいつ設立？"}, {"role": "assistant", "content": LAST}]
IDF = {t: 3.0 for t in tokenize(f"{SENTENCE} {OTHER} 会員 特典 用意 参加 資格 会報 大半 内訳", nouns_only=True)}
CARRIED = Resolution(
    "ほたる祭り実行委員会 q", False, Subject("ほたる祭り実行委員会"), "q", carried="ほたる祭り実行委員会"
)


def _answer(quote: str, abstained: bool = False) -> Answer:
    cite = Citation(1, "c1", "d.txt", "町の計画", None, quote, quote, 1, 2)
    return Answer("a", "q", "" if abstained else f"{quote} [1]", abstained, "general", [] if abstained else [cite])


def test_the_sentence_the_last_answer_quoted_is_restated() -> None:
    assert restates_last(_answer(SENTENCE), HISTORY)


def test_another_sentence_or_a_short_cell_is_no_restatement() -> None:
    assert not restates_last(_answer(OTHER), HISTORY)
    assert not restates_last(_answer("平成20年"), HISTORY)  # a cell: written in many answers
    assert not restates_last(_answer(SENTENCE, abstained=True), HISTORY)
    assert not restates_last(_answer(SENTENCE), [])


def test_a_turn_naming_what_it_asks_in_nouns_of_its_own_asks_anew() -> None:
    assert asks_anew("会員にはどんな特典が用意されてる？", CARRIED, IDF)


def test_a_bare_item_or_one_noun_reads_on_in_the_sentence_shown() -> None:
    assert not asks_anew("会員は？", CARRIED, IDF)  # elliptical: the row just shown may hold it
    assert not asks_anew("その内訳は？", CARRIED, IDF)
    alone = Resolution("会員の特典は？", True, None, "会員の特典は？")
    assert not asks_anew("会員にはどんな特典が用意されてる？", alone, IDF)  # not carried: nothing pulled back


def test_retried_alone_only_for_a_restatement_asking_anew_or_no_candidate() -> None:
    turn = "会員にはどんな特典が用意されてる？"
    assert retry_alone(turn, _answer(SENTENCE), HISTORY, CARRIED, True, IDF)
    assert not retry_alone(turn, _answer(OTHER), HISTORY, CARRIED, True, IDF)
    assert not retry_alone("会員は？", _answer(SENTENCE), HISTORY, CARRIED, True, IDF)
    assert retry_alone(turn, _answer("", abstained=True), HISTORY, CARRIED, False, IDF)
    assert not retry_alone(turn, _answer("", abstained=True), HISTORY, CARRIED, True, IDF)  # a deliberate abstention


def test_the_answer_asked_alone_replaces_a_restatement_when_new_and_about_the_subject() -> None:
    turn = "会員にはどんな特典が用意されてる？"
    quoted = f"ほたる祭り実行委員会 {OTHER}"
    assert keeps_alone(turn, _answer(SENTENCE), _answer(OTHER), HISTORY, CARRIED.carried, quoted, IDF)
    # The same sentence again asked alone, no answer, or passages about another body: the carried answer stands.
    assert not keeps_alone(turn, _answer(SENTENCE), _answer(SENTENCE), HISTORY, CARRIED.carried, quoted, IDF)
    assert not keeps_alone(turn, _answer(SENTENCE), _answer("", True), HISTORY, CARRIED.carried, quoted, IDF)
    assert not keeps_alone(turn, _answer(SENTENCE), _answer(OTHER), HISTORY, CARRIED.carried, OTHER, IDF)
