"""Question rules: what a phrasing asks for."""

from __future__ import annotations


def test_costs_that_become_eligible_ask_for_costs_not_applicants() -> None:
    from assistant.question.rules import asks

    for question in ("対象になる経費は？", "補助の対象となる費用は？"):
        assert asks("programme_terms", question) and asks("programme_costs", question)
        assert not asks("programme_eligible", question)
    assert asks("programme_eligible", "対象になる団体は？")
