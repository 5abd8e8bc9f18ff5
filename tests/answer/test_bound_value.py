"""A member the question names binds the value written with it in a parallel list (`answer/bound_value.py`)."""

from __future__ import annotations

from assistant.answer.bound_value import MemberQuery, bound_member, bound_words, member_words, value_unit
from assistant.answer.value_choice import VALUE_FEATURES, ValueChooser, value_candidates
from assistant.answer.value_words import value_words
from assistant.answer.values import find_value
from assistant.question.kinds import analyze
from assistant.text.normalize import normalize


def _weight(tokens: set[str]) -> float:
    return float(len(tokens))


#: A chooser trusting its prior alone, as a fitted model dominated by the prior does.
_PRIOR_HEAVY = ValueChooser(tuple(3.0 if f == "prior" else 0.0 for f in VALUE_FEATURES))


def _choose(sentence: str, question: str) -> str | None:
    intent = analyze(question)
    text = normalize(sentence)
    return _PRIOR_HEAVY.choose(text, intent, value_words(question, intent), _weight)


def _prior(sentence: str, question: str) -> str | None:
    intent = analyze(question)
    return find_value(normalize(sentence), intent, value_words(question, intent))


def _values(sentence: str, question: str) -> tuple[str, list[tuple[str, int]], MemberQuery]:
    intent = analyze(question)
    text = normalize(sentence)
    near = value_words(question, intent)
    found = value_candidates(text, intent, near, _weight, find_value(text, intent, near))
    return text, [(c.value, c.start) for c in found], MemberQuery(question, frozenset(near), _weight)


def _bound(sentence: str, question: str, chosen_starts: str) -> str | None:
    """`bound_member` for the value starting with ``chosen_starts``, every value of the sentence eligible."""
    text, values, query = _values(sentence, question)
    chosen = next(v for v, _ in values if v.startswith(chosen_starts))
    return bound_member(text, values, chosen, {v for v, _ in values}, query)


def test_the_member_named_binds_the_value_right_after_its_label() -> None:
    # The member's word stands in the fixed window before the next value too: the prior takes that one.
    sentence = "出展料は、屋内ブース(3万円/日)・屋外テント(1万円/日)・キッチンカー(5千円/日)とする。"
    question = "屋内ブースの出展料は1日いくら？"
    assert _prior(sentence, question) == "1万円/日"
    assert _choose(sentence, question) == "3万円/日"
    # A member named with its own value already: the choice stands.
    assert _choose(sentence, "屋外テントの出展料は1日いくら？") == "1万円/日"


def test_the_words_a_value_qualifies_bind_it_when_no_other_value_follows() -> None:
    sentence = "登録した農家60戸のうち、休業中(8戸)を除いた52戸が出荷を続けている。"
    question = "登録農家のうち出荷を続けているのは何戸？"
    assert _prior(sentence, question) == "8戸"
    assert _choose(sentence, question) == "52戸"


def test_words_running_into_the_next_value_are_its_label_not_the_tail_of_the_one_before() -> None:
    sentence = "【整備:既存公園約12か所及び新設広場約3か所を改修】"
    question = "公園のうち、新設広場は何か所？"
    text, values, query = _values(sentence, question)
    bounds = sorted((s, s + len(v)) for v, s in values)
    first = next(i for i, (s, _) in enumerate(bounds) if "12" in text[s : s + 8])
    assert "新設" not in bound_words(text, bounds, first, query.near)
    assert "既存" in bound_words(text, bounds, first, {"既存", "新設"})
    assert _choose(sentence, question) in {"新設広場約3か所", "約3か所"}


def test_the_choice_stands_when_its_own_words_name_a_member() -> None:
    assert _bound("参加した30の団体(12社、18団体)で実証", "参加した団体のうち社はいくつ？", "12社") is None


def test_no_member_stands_out_the_choice_stands() -> None:
    # Both values are written with question words of their own, as much as each other: nothing binds one.
    assert _bound("北地区の人口は3,000人、南地区の人口は2,000人。", "地区の人口は何人？", "3,000") is None


def test_a_figure_asked_by_its_role_is_left_to_the_role_rules() -> None:
    # The aim is written after the baseline's label: the member words (参加店舗) stand only by the baseline, which a
    # question asking the aim does not ask.
    sentence = "当初の参加店舗は20店、令和8年度には市内全域で50店を目指す。"
    assert _choose(sentence, "参加店舗の目標は何店？") == "50店"
    # Asked by no role, the same list binds the value to the member words written with it.
    assert _bound(sentence, "参加店舗は何店？", "50店") == "20店"


def test_a_table_row_names_no_members_its_values_share_the_row_name() -> None:
    # 「name v1 (year) v2 (year)」: the row's name labels every figure, the years only date them.
    assert _bound("観光客数 120万人(R2) 150万人(R6) 180万人(R8)", "観光客数はR6で何万人？", "150") is None


def test_of_x_no_uchi_y_only_the_parts_words_name_a_member() -> None:
    assert member_words("参加校のうち満足度が高いのは何校？", {"参加", "校", "満足", "高い"}) == {"校", "満足", "高い"}
    assert member_words("満足度が高いのは何校？", {"満足", "高い", "2024"}) == {"満足", "高い"}


def test_a_value_of_another_unit_is_no_rival() -> None:
    assert value_unit("12位") == "位" and value_unit("約64%") == "%" and value_unit("150~250") == ""
    sentence = "登録した農家60戸のうち、休業中(8戸)を除いた9割の農家が出荷を続けている。"
    question = "登録農家のうち出荷を続けているのは何戸？"
    assert _choose(sentence, question) != "9割"
    assert _bound(sentence, question, "8戸") is None  # 9割 is written with the member words, in another unit
    assert _bound(sentence.replace("9割の農家", "52戸"), question, "8戸") == "52戸"


def test_a_row_dating_its_figures_names_no_members_even_with_a_status_between() -> None:
    # A status (休館) between the figures gives the later one a label of its own, as a list member has.
    assert _bound("来館者数 8.2万人 (R3) 休館(R4) 9.6万人 (R6)", "そのうち県外からの来館者は何人？", "9.6") is None
    # A list of named members, the same figures, binds one.
    assert _bound("来館者数 8.2万人、休館明け 9.6万人", "来館者数は何人？", "9.6") == "8.2万人"
