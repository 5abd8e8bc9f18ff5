"""Years as written in plans, and the year a value is given with."""

from assistant.text.years import own_years, years_in


def test_years_read_in_every_form():
    assert years_in("令和7年度 R3 2019年 平成30年") == {"2025", "2021", "2019", "2018"}


def test_own_year_is_the_bracket_right_after_a_value():
    text = "来館者数 3,200人（令和4年度） 4,150人(R6) 目標5,000人"
    assert own_years(text, text.index("3,200人") + len("3,200人")) == {"2022"}
    assert own_years(text, text.index("4,150人") + len("4,150人")) == {"2024"}
    # A target with no bracket after it has no own year, whatever stands further on.
    assert own_years(text, len(text)) == frozenset()


def test_a_bracket_without_a_year_gives_none():
    text = "整備数 12か所（うち新設3か所）"
    assert own_years(text, text.index("12か所") + len("12か所")) == frozenset()
