"""A follow-up naming a thing of its own in a question of its own (`follow_up.own_words_first`): the carried subject
chose the passages, the turn's own words choose the sentence (「研修経費補助はどんな経費が対象？」 after a programme's
budget). Invented fixtures."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answer.answerer import Answerer
from assistant.answer.follow_up import own_words_first
from assistant.question.kinds import analyze

#: The carried query and the turn: a menu of a programme asked about after the programme's budget.
_QUERY = "みどり町担い手育成事業 研修経費補助はどんな経費が対象？"
_TURN = "研修経費補助はどんな経費が対象？"
_OWN = ["研修", "経費", "補助"]


def test_a_turn_naming_its_own_thing_and_asking_no_value_is_judged_by_its_words_first() -> None:
    assert own_words_first(_TURN, _OWN, analyze(_TURN))
    q = "そのメンバーのうち、研究機関はどこ？"  # points back, but names what it asks about
    assert own_words_first(q, ["研究", "機関"], analyze(q))


def test_other_turns_keep_the_carried_query_first() -> None:
    value = "研修経費補助の上限はいくら？"  # a value: its detail must sit beside it in the subject's passages
    assert not own_words_first(value, _OWN, analyze(value))
    bare = "研修経費補助は？"  # elliptical: borrows the predicate of the turn before
    assert not own_words_first(bare, _OWN, analyze(bare))
    assert not own_words_first(_TURN, _OWN, analyze(_TURN), label="コラム3")  # a series member: its label decides
    assert not own_words_first(_TURN, [], analyze(_TURN))  # nothing of its own
    assert not own_words_first(None, _OWN, analyze(_TURN))  # the turn stood alone
    short = "何が対象？"  # names no thing
    assert not own_words_first(short, ["対象"], analyze(short))


def _answerer(pick_for: set[str]) -> tuple[Answerer, list[str]]:
    """An answerer whose scorer records the text it scores with, picking a sentence only for ``pick_for``."""
    scored: list[str] = []
    answerer = object.__new__(Answerer)
    answerer.scorer = SimpleNamespace(candidates=lambda q, *a: scored.append(q) or [], idf={})
    answerer._pick = lambda q, *a: None if q not in pick_for else (None, None)
    answerer._abstain = lambda q, *a: SimpleNamespace(question=q, abstained=True)
    return answerer, scored


def test_the_turns_words_score_first_and_the_carried_query_is_the_fallback() -> None:
    intent = analyze(_TURN)
    answerer, scored = _answerer(set())
    answer, _ = answerer._extractive(_QUERY, intent, [], _OWN, asked=_TURN)
    assert scored == [_TURN, _QUERY] and answer.abstained  # neither picked: both were tried, the turn's first
    answerer, scored = _answerer(set())
    answerer._extractive(_QUERY, intent, [], asked=_TURN)  # no words of its own: the carried query first
    assert scored == [_QUERY, _TURN]
    answerer, scored = _answerer(set())
    answerer._extractive(_TURN, intent, [])  # a turn that stands alone is scored once
    assert scored == [_TURN]
