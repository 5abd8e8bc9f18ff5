"""A bare value line is read with the label line above it when the question asks a part only the label writes."""

from assistant.answer.label_above import bare_value, value_text

_LINES = ["来訪者の内訳", "来訪者(日帰り客)", "約3,400人", "来訪者(宿泊客)", "約1,250人"]


def test_a_bare_value_line_is_one_figure():
    assert bare_value("約3,400人")
    assert bare_value("(約1,250人)")
    assert not bare_value("宿泊客は約1,250人で前年より増えた")
    assert not bare_value("来訪者(宿泊客)")


def test_the_label_above_names_the_part_asked():
    question = "そのうち宿泊客は何人？"
    assert value_text(_LINES, 4, question) == "来訪者(宿泊客) 約1,250人"
    # The label above names another part: the value line is read alone, so it does not answer.
    assert value_text(_LINES, 2, question) == "約3,400人"


def test_without_a_part_asked_the_line_is_read_alone():
    assert value_text(_LINES, 4, "来訪者は何人？") == "約1,250人"


def test_a_long_line_above_is_no_label():
    lines = ["宿泊客については、県外からの来訪が多く、平日にも一定の需要がある", "約1,250人"]
    assert value_text(lines, 1, "そのうち宿泊客は何人？") == "約1,250人"


def test_a_label_naming_the_part_only_in_another_sense_is_no_label():
    """Its negation, all but it, a part of it, a total or a list of parts: the value is not the part's."""
    question = "そのうち宿泊客は何人？"
    for label in (
        "非宿泊客",
        "宿泊客以外",
        "宿泊客のうち県外客",
        "合計(宿泊客・日帰り客)",
        "宿泊客 日帰り客",
        "宿泊客計",
    ):
        assert value_text([label, "約1,250人"], 1, question) == "約1,250人", label
    assert value_text(["来訪者 (宿泊客)", "約1,250人"], 1, question) == "来訪者 (宿泊客) 約1,250人"
