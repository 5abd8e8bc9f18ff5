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


def _sentences(text: str):
    from assistant.ingest.chunking import split_sentences

    return split_sentences(text)


def test_the_year_under_a_bare_figure_is_read_as_its_own():
    """A KPI table flattened cell by cell writes 「(R2)」 on the line under its figure (invented table)."""
    from assistant.answer.label_above import year_below

    sents = _sentences("放課後児童クラブ数\n12か所\n(R2)\n\n14か所\n(令和7年度)\n達成率85.7%")
    by_text = {s.clean: s for s in sents}
    assert year_below(sents, by_text["12か所"]) == "(R2)"
    assert year_below(sents, by_text["14か所"]) == "(令和7年度)"
    # A line under it that is no bracketed year alone, or a chosen line that is no bare figure, gives none.
    assert year_below(sents, by_text["(令和7年度)"]) == ""
    sents = _sentences("12か所\n(うち新設2か所)\nクラブ数は12か所(R2)")
    by_text = {s.clean: s for s in sents}
    assert year_below(sents, by_text["12か所"]) == ""
    assert year_below(sents, by_text["クラブ数は12か所(R2)"]) == ""
    # Not a year of its own: a base year, a range, a note.
    for note in ("(2015年比)", "(R2→R7)", "(H27~R2平均)", "(うち2023年新設)"):
        sents = _sentences(f"12か所\n{note}")
        assert year_below(sents, sents[0]) == "", note
    # Figures in a row, then their years: the line under the second figure is the first one's year.
    sents = _sentences("12か所\n14か所\n(R2)\n(R7)")
    assert year_below(sents, sents[1]) == ""


def test_a_figure_of_another_year_than_asked_is_unmet():
    """With its year read from the line under it, the R2 figure does not answer a question asking R1's."""
    from assistant.answer.constraints import unmet

    answer = "12か所です [1]。（放課後児童クラブ数 12か所 (R2)）"
    assert unmet("放課後児童クラブ数はR1時点で何か所？", answer, "12か所", "12か所 (R2)") == "year"
    assert unmet("放課後児童クラブ数はR2時点で何か所？", answer, "12か所", "12か所 (R2)") == ""
    assert unmet("放課後児童クラブ数はR1時点で何か所？", answer, "12か所", "12か所") == ""  # no year known
