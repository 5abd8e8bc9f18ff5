"""An item turn borrows the field asked before (`conversation._borrowed_field`), on invented turns."""

from __future__ import annotations

from assistant.answer.conversation import _borrowed_field


def test_an_item_named_with_a_continuing_opener_or_noho_borrows_the_field() -> None:
    """「じゃあ札幌店のほうは？」 names 札幌店 and asks the field asked before of it."""
    assert _borrowed_field("じゃあ札幌店のほうは？", ["有楽町店の会期は？"]) == "札幌店の会期は？"
    assert _borrowed_field("札幌店の方は？", ["有楽町店の会期は？"]) == "札幌店の会期は？"
    assert _borrowed_field("では札幌店は？", ["有楽町店の会期は？"]) == "札幌店の会期は？"


def test_an_indicator_borrows_an_indicators_field_though_its_name_counts() -> None:
    """「来館者数は？」 after a KPI's target asks the other indicator's target; after a count or a bare 目標 it asks a
    count of its own."""
    assert _borrowed_field("来館者数は？", ["青葉市の入館者数の目標値は？"]) == "来館者数の目標値は？"
    assert _borrowed_field("じゃあ来館者数のほうは？", ["青葉市の入館者数の進捗率は？"]) == "来館者数の進捗率は？"
    assert _borrowed_field("来館者数は？", ["青葉市の計画の目標は？"]) == "来館者数は？"
    assert _borrowed_field("延べ人数だと？", ["青葉市の実人数の目標値は？"]) == "延べ人数だと？"


def test_a_column_of_the_table_is_no_indicator() -> None:
    """「単位は？」「出典は？」 after a KPI's target ask a column of the table, not its target; nor does a KPI field."""
    for turn in ("単位は？", "出典は？", "担当課は？", "進捗率は？"):
        assert _borrowed_field(turn, ["青葉市の入館者数の目標値は？"]) == turn, turn
