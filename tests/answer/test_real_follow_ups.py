"""Follow-ups over the real corpus (rules only, nothing fitted): conversations written for these tests."""

from __future__ import annotations

from assistant.evals.metrics import lead_of

from .chat_turns import assistant, user


def _ask(engine, turns: list[str]):
    """Ask every turn with the history before it; the last turn's answer and resolution."""
    history: list[dict[str, str]] = []
    for q in turns[:-1]:
        history += [user(q), assistant(engine.answer(q, history=history or None).answer)]
    return engine.answer(turns[-1], history=history), engine.answerer.resolve(turns[-1], history)


def test_another_body_of_a_committee_list_borrows_the_role_asked(engine) -> None:
    """「広域部会は？」 after the 空家部会's chair asks the 広域部会's chair, not another field of the same body."""
    _answer, r = _ask(engine, ["全国二地域居住官民連携プラットフォームの空家部会の部会長は？", "広域部会は？"])
    assert r.question == "広域部会の部会長は？"


def test_an_ordinal_turn_cites_only_the_documents_asked_about_and_keeps_the_typed_turn(engine) -> None:
    """An ordinal turn after an abstention (no passage quoted) reads its series only in the documents asked about:
    the 第N回 meetings written in another document are not cited. The answer keeps the turn as typed."""
    docs = ["004_49aeb67bc23e3385.txt"]
    history = [user("第1回専門委員会はいつ？"), assistant("資料には該当する記載が見つかりませんでした。")]
    answer = engine.answer("4回目は？", history=history, docs=docs)
    assert {c.doc for c in answer.citations} <= set(docs)
    rows = engine.answerer.answer_with_features("4回目は？", history, docs)
    assert {c.doc for c in rows[0].citations} <= set(docs) and rows[0].question == "4回目は？"
    assert {h.chunk.doc for h in rows[2]} <= set(docs)


def test_a_bare_member_turn_asks_the_question_before_of_that_meeting(engine) -> None:
    """「2回目は？」 after the first fair's date asks the second fair's date: the slide lists both in one field (①②)."""
    answer, r = _ask(engine, ["空知の地元企業合同説明会、1回目の開催日はいつ？", "2回目は？"])
    assert r.stands_alone and r.question == "空知の地元企業合同説明会、2回目の開催日はいつ?"
    assert not answer.abstained and lead_of(answer.answer).startswith("6月28日")


def test_a_meeting_asked_by_number_cites_the_passage_writing_it(engine) -> None:
    """「第5回」 of a committee: its own dated line is cited, not a sibling meeting's."""
    answer = engine.answer("地域生活圏専門委員会の第5回はいつ開催された？")
    assert not answer.abstained and lead_of(answer.answer).startswith("令和7年5月28日")


def test_a_member_asked_by_place_after_a_count_is_the_member_not_the_count_again(engine) -> None:
    """「4番目は？」 after 「…専門部会は何個？」 asks the fourth group, written within one sentence (「①…」「②…」…)."""
    answer, r = _ask(engine, ["全国二地域居住官民連携プラットフォームには専門部会が何個ある？", "4番目は？"])
    assert r.predicate == ""
    assert not answer.abstained and lead_of(answer.answer).startswith("保育部会")


def test_a_labelled_row_of_the_group_a_turn_points_at_answers(engine) -> None:
    """The groups' slides give each a block of rows (部会長, 検討テーマ…): the block titled with the group named."""
    answer, _ = _ask(
        engine, ["全国二地域居住官民連携プラットフォームには専門部会が何個ある？", "4番目は？", "そこの部会長は？"]
    )
    assert not answer.abstained and "キッチンハイク" in lead_of(answer.answer)
    answer, _ = _ask(engine, ["全国二地域居住官民連携プラットフォームの専門部会の数は？", "5つ目の部会長は？"])
    assert not answer.abstained and "光亜興産" in lead_of(answer.answer)


def test_a_column_of_the_flattened_comparison_table_is_carried_between_turns(engine) -> None:
    """The plan's table compares three eras row by row (「出生数：…」 once per column): the column asked is kept."""
    turns = ["地方創生の比較表で、地方創生2.0の年代はいつから？", "その頃の出生数は？", "日本列島改造論だと？"]
    answer, _ = _ask(engine, turns[:2])
    assert not answer.abstained and "68万人" in lead_of(answer.answer)
    answer, _ = _ask(engine, turns)
    assert not answer.abstained and "204万人" in lead_of(answer.answer)


def test_a_bare_label_of_the_block_just_read_asks_that_field_not_the_date_again(engine) -> None:
    """「参加者は？」 after the second fair's date: the slide's 「参加者：」 line is read at the second round, not the
    date asked before."""
    answer, r = _ask(engine, ["空知の地元企業合同説明会、2回目の開催日は？", "参加者は？"])
    assert r.question == "参加者は？"
    assert not answer.abstained and lead_of(answer.answer).startswith("生徒63名")


def test_a_field_asked_after_switching_to_another_indicator_is_that_indicators(engine) -> None:
    """One KPI's baseline, then another KPI named alone, then a year: the query still writes the first KPI's name
    (its clause is carried whole), and the indicator discussed last (the subject's focus) is the one asked about."""
    answer, r = _ask(engine, ["認定こども園設置数（空知）のKPI、基準値を教えて", "移住相談件数は？", "R7は？"])
    assert r.latest() is not None and "移住相談件数" in r.latest()
    assert not answer.abstained and lead_of(answer.answer).startswith("移住相談件数")


def test_a_turn_naming_an_indicator_itself_is_about_that_indicator_not_the_one_discussed(engine) -> None:
    """Back to the first indicator by its name: the turn's own KPI wins over the subject's focus (the second one)."""
    answer, _r = _ask(
        engine,
        ["移住相談件数（空知）、目標値を教えて", "認定こども園設置数だと？", "移住相談件数（空知）の進捗率を教えて"],
    )
    assert lead_of(answer.answer).startswith("移住相談件数の進捗率")
