"""The admin page's ratings table as officials read it (no Streamlit needed)."""

from __future__ import annotations

from assistant.querylog_outcomes import OutcomeCount, RatedDown
from ui.ratings_view import outcome_of, outcome_rows


def test_rows_in_japanese_with_shares_and_no_share_when_unrated() -> None:
    rows = outcome_rows([OutcomeCount("answered", 3, 2, 1), OutcomeCount("confidence", 1, 0, 0)])
    assert rows[0] == {
        "結果": "回答した",
        "回答数": 3,
        "割合": "75%",
        "👍": 2,
        "👎": 1,
        "👎の割合（評価された回答）": "33%",
    }
    assert rows[1]["結果"] == "控えた：確認できず" and rows[1]["👎の割合（評価された回答）"] == "－"


def test_a_rated_answer_counts_under_its_outcome() -> None:
    def down(abstained, by):
        return RatedDown("a", "2026-12-07T00:00:00.000+00:00", "質問", "回答", abstained, by, None)

    assert outcome_of(down(False, None)) == "answered"
    assert outcome_of(down(True, "constraint")) == "constraint"
    assert outcome_of(down(True, None)) == "unrecorded"
