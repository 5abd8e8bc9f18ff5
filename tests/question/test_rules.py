"""Question rules: what a phrasing asks for."""

from __future__ import annotations


def test_costs_that_become_eligible_ask_for_costs_not_applicants() -> None:
    from assistant.question.rules import asks

    for question in ("対象になる経費は？", "補助の対象となる費用は？"):
        assert asks("programme_terms", question) and asks("programme_costs", question)
        assert not asks("programme_eligible", question)
    assert asks("programme_eligible", "対象になる団体は？")


def test_the_role_whose_holder_is_asked() -> None:
    from assistant.question.rules import asked_role

    assert asked_role("商店街振興組合の理事長は誰ですか?") == "理事長"
    assert asked_role("観光協会の会長を務めているのは誰?") == "会長"
    assert asked_role("実行委員会の委員長はどなた?") == "委員長"
    assert asked_role("協議会の構成員は誰?") is None  # members, not a role
    assert asked_role("理事長の任期は何年?") is None  # the role is named, its holder is not asked
