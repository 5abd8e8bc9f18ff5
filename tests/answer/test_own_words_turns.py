"""A follow-up naming a thing of its own in a question of its own (`scoring_texts.own_words_first`): the carried
subject chose the passages, the turn's own words choose the sentence (「移住体験ツアーはどんな人が参加できる？」 after
a programme's budget). Invented fixtures."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer import answerer as answerer_module
from assistant.answer.answerer import Answerer
from assistant.answer.confidence import Evidence
from assistant.answer.policy import AbstainPolicy
from assistant.answer.scoring_texts import first_pick, own_words_first, scoring_texts
from assistant.question.kinds import analyze

#: The carried query and the turn: a menu of a programme asked about after the programme's budget.
_QUERY = "ひばり村移住促進事業 移住体験ツアーはどんな人が参加できる？"
_TURN = "移住体験ツアーはどんな人が参加できる？"
_OWN = ["移住", "体験", "ツアー"]


def test_a_turn_naming_its_own_thing_and_asking_no_value_is_judged_by_its_words_first() -> None:
    assert own_words_first(_TURN, _OWN, analyze(_TURN))
    q = "その協力団体のうち、地元の高校はどう関わってる？"  # points back, but names what it asks about
    assert own_words_first(q, ["地元", "高校"], analyze(q))


def test_other_turns_keep_the_carried_query_first() -> None:
    value = "移住体験ツアーは一人いくらかかる？"  # a value: its detail must sit beside it in the subject's passages
    assert not own_words_first(value, _OWN, analyze(value))
    bare = "移住体験ツアーは？"  # elliptical: borrows the predicate of the turn before
    assert not own_words_first(bare, _OWN, analyze(bare))
    assert not own_words_first(_TURN, [], analyze(_TURN))  # nothing of its own
    assert not own_words_first(None, _OWN, analyze(_TURN))  # the turn stood alone
    short = "何が対象？"  # names no thing
    assert not own_words_first(short, ["対象"], analyze(short))


def test_scoring_texts_and_the_first_that_picks() -> None:
    assert scoring_texts(_QUERY, _TURN, own_first=True) == [_TURN, _QUERY]
    assert scoring_texts(_QUERY, _TURN, own_first=False) == [_QUERY, _TURN]
    assert scoring_texts(_TURN, _TURN, own_first=True) == [_TURN]  # the same text is scored once
    assert scoring_texts(_TURN, None, own_first=True) == [_TURN]
    ranked = {_TURN: ["t"], _QUERY: ["q"]}.__getitem__
    assert first_pick([_TURN, _QUERY], ranked, lambda t, c: c[0] if t == _QUERY else None) == (_QUERY, ["q"], "q")
    assert first_pick([_TURN, _QUERY], ranked, lambda t, c: None) == (_QUERY, ["q"], None)  # the last one tried
    assert first_pick([], ranked, lambda t, c: None) == ("", [], None)


def _answerer(pick_for: set[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Answerer, list[str]]:
    """An answerer whose scorer records the text it scores with, picking a sentence only for ``pick_for``; an answer
    picked is written as 「answered: <the text that picked>」."""
    scored: list[str] = []
    answerer = object.__new__(Answerer)
    answerer.scorer = SimpleNamespace(candidates=lambda q, *a: scored.append(q) or [], idf={}, ranker=None)
    answerer._pick = lambda q, *a: None if q not in pick_for else (SimpleNamespace(), None)
    answerer._abstain = lambda q, *a: SimpleNamespace(question=q, abstained=True)
    answerer.policy = AbstainPolicy()
    answerer._passages_answer = lambda best, q, cands: (f"answered: {q}", [])
    monkeypatch.setattr(answerer_module, "sentence_evidence", lambda *a, **k: Evidence())
    return answerer, scored


def test_the_turns_words_score_first_and_the_carried_query_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    intent = analyze(_TURN)
    answerer, scored = _answerer(set(), monkeypatch)
    answer, _ = answerer._extractive(_QUERY, intent, [], _OWN, asked=_TURN)
    assert scored == [_TURN, _QUERY] and answer.abstained  # neither picked: both were tried, the turn's first
    answerer, scored = _answerer(set(), monkeypatch)
    answerer._extractive(_QUERY, intent, [], asked=_TURN)  # no words of its own: the carried query first
    assert scored == [_QUERY, _TURN]
    answerer, scored = _answerer(set(), monkeypatch)
    answerer._extractive(_TURN, intent, [])  # a turn that stands alone is scored once
    assert scored == [_TURN]


def test_the_first_text_that_picks_ends_the_search_and_is_the_one_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    intent = analyze(_TURN)
    answerer, scored = _answerer({_TURN}, monkeypatch)
    answer, _ = answerer._extractive(_QUERY, intent, [], _OWN, asked=_TURN)
    assert scored == [_TURN] and answer.answer == f"answered: {_TURN}"  # the carried query is never scored
    answerer, scored = _answerer({_QUERY}, monkeypatch)
    answer, _ = answerer._extractive(_QUERY, intent, [], _OWN, asked=_TURN)
    assert scored == [_TURN, _QUERY] and answer.answer == f"answered: {_QUERY}"  # the fallback picked
    answerer, scored = _answerer({_QUERY, _TURN}, monkeypatch)
    answer, _ = answerer._extractive(_QUERY, intent, [], asked=_TURN)  # no words of its own: the query picks first
    assert scored == [_QUERY] and answer.answer == f"answered: {_QUERY}"
