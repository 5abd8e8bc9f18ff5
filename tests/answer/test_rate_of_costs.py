"""A rate said with the costs it is a share of (`programme_text.rate_of_costs`)."""

from __future__ import annotations

import pytest

from assistant.answer.programme_text import rate_of_costs
from assistant.records.models import SourceSpan


def _span(text: str) -> SourceSpan:
    return SourceSpan("doc.txt", 1, 2, text)


@pytest.mark.parametrize(
    ("rate", "text", "said"),
    [
        ("2/3", "・要件AとBを満たす団体:補助対象経費の2 / 3", "補助対象経費の2/3"),
        ("1/2以内", "市町村が行う改修事業費の1/2以内を補助", "改修事業費の1/2以内"),
        ("1/3", "交付額は対象となる費用の1/3とする", "費用の1/3"),
    ],
)
def test_costs_named(rate: str, text: str, said: str) -> None:
    assert rate_of_costs(rate, [_span("見出し"), _span(text)]) == said


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        ("定額", "人材育成:定額(上限300万円)"),  # a fixed sum is no share of costs
        ("1/2", "補助率1/2、上限1,000万円"),  # no costs written before it
    ],
)
def test_rate_alone(rate: str, text: str) -> None:
    assert rate_of_costs(rate, [_span(text)]) == rate


def test_rates_said() -> None:
    from assistant.answer.programme_text import rates_text as _rates_text

    assert _rates_text(["補助対象経費の1/2（A型）", "補助対象経費の2/3（B型）"]).startswith("補助率は補助対象経費の1/2")
    assert _rates_text(["1/2以内"]) == "補助率1/2以内"
    assert _rates_text(["定額（研修）"]) == "補助率定額（研修）"
