"""Bare decimals as values: a name's version (「地方創生2.0」) is none; a labelled ratio or a figure with its unit is."""

from __future__ import annotations

import pytest

from assistant.question.kinds import has_value
from assistant.text.normalize import normalize


@pytest.mark.parametrize("text", ["みどり創生2.0の頃", "Society5.0推進計画", "ソサエティ5.0推進"])
def test_a_names_version_is_not_a_quantity(text: str) -> None:
    """「地方創生2.0」 names a policy: its 2.0 answers no 「どれくらい」."""
    assert not has_value(normalize(text), "quantity")


@pytest.mark.parametrize("text", ["男女比1.2", "比率は0.86", "倍率 1.0", "平均1.05", "34.0%", "1.0万人", "倍率は2.0"])
def test_decimals_with_a_label_or_unit_stay_quantities(text: str) -> None:
    assert has_value(normalize(text), "quantity") or has_value(normalize(text), "percent")
