"""Follow-ups over the real corpus (rules only, nothing fitted): conversations written for these tests."""

from __future__ import annotations

from .chat_turns import assistant, user


def _ask(engine, turns: list[str]):
    """Ask every turn with the history before it; the last turn's answer and resolution."""
    history: list[dict[str, str]] = []
    for q in turns[:-1]:
        history += [user(q), assistant(engine.answer(q, history=history or None).answer)]
    return engine.answer(turns[-1], history=history), engine.answerer.resolve(turns[-1], history)


def test_another_body_of_a_committee_list_is_asked_for_its_chair(engine) -> None:
    """「広域部会は？」 after the 空家部会's chair asks the 広域部会's chair (the table names ミテモ)."""
    answer, r = _ask(engine, ["全国二地域居住官民連携プラットフォームの空家部会の部会長は？", "広域部会は？"])
    assert r.question == "広域部会の部会長は？"
    assert not answer.abstained and "ミテモ" in answer.answer.split("[1]")[0]
