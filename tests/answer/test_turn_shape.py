"""How a follow-up rewrites what it carries: openers dropped, items swapped, quantities borrowed.

Every example is invented (towns, plans and KPIs that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn
from assistant.answer.extract import Candidate
from assistant.answer.follow_up import holding_first, last_answer
from assistant.answer.turn_shape import asks_role, ends_in_predicate
from assistant.answer.turn_words import names_a_thing
from assistant.ingest.chunking import Sentence
from assistant.types import Chunk, Hit

from .chat_turns import apart, assistant, together, user


def test_a_topic_switch_opener_is_no_part_of_the_question_asked() -> None:
    """「ところで、Xとは？」 is analysed as 「Xとは？」 (a definition), with history or without."""
    history = [user("みどり市の図書館の開館時間は？"), assistant("9時から19時です [1]。")]
    for h in (history, None):
        r = resolve_turn("ところで、まちなかラボとはどういう施設のこと？", h, apart)
        assert r.stands_alone
        assert r.question == r.query == "まちなかラボとはどういう施設のこと？"


def test_a_field_of_the_same_kpi_keeps_it() -> None:
    history = [
        user("空き家バンク登録件数の目標は？"),
        assistant("空き家バンク登録件数の目標値は200件(R8)です [1]"),
    ]
    for turn in ("基準はR2でいくつ？", "その実績は？"):
        assert "空き家バンク登録件数" in resolve_turn(turn, history, together).query


def test_an_adjective_joins_no_name() -> None:
    """「新しい計画では…」 names nothing: 「新しい」 ends in い like 「満たす」 ends in す."""
    assert not names_a_thing("新しい計画ではR10に何件を目指す？")
    history = [user("空き家バンク登録件数のR8の目標は？"), assistant("200件(R8)です [1]。")]
    assert not resolve_turn("新しい計画ではR10に何件を目指す？", history, apart).stands_alone


def test_an_elliptical_item_borrows_the_quantity_asked_before() -> None:
    history = [user("みどり市の防災計画で、指定避難所は全国で何か所？"), assistant("約40か所です [1]。")]
    assert resolve_turn("福祉避難所の方は？", history, together).predicate == "何か所？"
    # Not a date or a place: 「会費は？」 after 「いつ設立？」 asks a field of its own.
    history = [user("みどり観光ラボはいつ設立された？"), assistant("2019年です [1]。")]
    assert resolve_turn("会員の年会費は？", history, together).predicate == ""
    # Not from a question that is all predicate (「どこが出資…」), nor for a turn with a predicate of its own.
    history = [user("みどり新電力にはどこが出資したの？"), assistant("…")]
    assert resolve_turn("途中で増えた出資企業は？", history, together).predicate == ""
    history = [user("指定避難所は何か所？"), assistant("約40か所です [1]。")]
    assert resolve_turn("福祉避難所はいつ指定される？", history, together).predicate == ""


def test_an_elliptical_item_borrows_a_count_asked_by_its_field() -> None:
    """「福祉避難所は？」 after 「…避難所数は？」: the count was asked by its field, the sibling is counted too."""
    history = [user("みどり市の防災計画で、指定避難所数は？"), assistant("約40か所です [1]。")]
    assert resolve_turn("福祉避難所は？", history, together).predicate == "数は？"
    # A turn pointing back names a field of its own (「そこの職員は？」 asks who, not how many).
    assert resolve_turn("そこの職員は？", history, together).predicate == ""


def test_an_elliptical_role_asks_who_holds_it_not_the_count_asked_before() -> None:
    """「交流部会の部会長は？」 after 「…に部会はいくつある？」: the holder of a role, never a quantity."""
    history = [user("みどり県の移住促進協議会に部会はいくつある？"), assistant("4つの部会です [1]。")]
    assert resolve_turn("交流部会の部会長は？", history, together).predicate == ""
    assert resolve_turn("委員長って？", history, together).predicate == ""
    assert asks_role("交流部会の部会長は？") and asks_role("協議会の代表者だと？")
    # The same roles a question may ask the holder of (`rules.ROLE`): a town's mayor too.
    assert asks_role("となり町の町長は？") and asks_role("事務局は？")
    # A bare item still borrows the count: 「交流部会は？」 asks how many again.
    history = [user("みどり県の移住促進協議会に部会員は何人いる？"), assistant("42人です [1]。")]
    assert resolve_turn("交流部会は？", history, together).predicate == "何人いる？"
    assert not asks_role("交流部会は？") and not asks_role("会長の任期は何年？")


def _cand(chunk_text: str, sentence: str, score: float) -> Candidate:
    chunk = Chunk("c", "doc.txt", "資料", "", 1, 1, chunk_text, chunk_text)
    s = Sentence(1, 1, 0, len(sentence), sentence)
    return Candidate(Hit(chunk, score, rank=1), s, score, 0.5, 0.5, None, 0.5, 0.5, True, True, 1, 1, sentence)


def test_a_value_drill_down_prefers_the_passage_the_last_answer_quoted() -> None:
    """「生徒は何人？」 after a fair's company count: the row below the one shown, not a similar event's."""
    fair = "開催日:6月1日 場所:①あおば市 ②みどり市 企業数:①31社 ②28社 参加者:①生徒88名②生徒40名"
    elsewhere = _cand("見学バスツアー 参加者:生徒計72名", "参加者:生徒計72名", 0.9)
    beside = _cand(fair, "参加者:①生徒88名②生徒40名", 0.7)
    shown = last_answer(
        [user("あおば市の説明会は何社？"), assistant("31社です [1]。（企業数:①31社 ②28社 / 場所:①あおば市 ②みどり市）")]
    )
    idf = {"生徒": 4.0}
    assert holding_first([elsewhere, beside], ["生徒"], idf, shown, value=True) == [beside, elsewhere]
    # A name asked may be given in the passage after: the order stays.
    assert holding_first([elsewhere, beside], ["生徒"], idf, shown) == [elsewhere, beside]


def test_a_drill_down_narrows_to_what_it_names_not_to_its_pointer() -> None:
    """「そのうち女性は？」 narrows to 女性; 「そこには何人…」 names nothing but the pointer; 「その他」 is no pointer."""
    from assistant.answer.turn_words import focus_of

    assert focus_of("そのうち市外から来た人は？") == "市外から来た人"
    assert focus_of("さらにその中で、20代の人は何人？") == "20代の人"
    assert focus_of("その補助金の上限額は？") == "補助金"
    assert focus_of("そこには何人が登録してる？") == ""
    assert focus_of("その他の経費は？") == "その他の経費"
    # A turn that is all question (「どこの農園と組んでる？」) narrows to nothing.
    assert focus_of("どこの農園と組んでる？") == ""
    assert focus_of("いつから営業してるの？") == ""
    history = [
        user("ひばり村の移住相談会の参加者は何人？"),
        assistant("120人です [1]。"),
        user("そこには何組の家族が来た？"),
        assistant("資料には該当する記載が見つかりませんでした。"),
    ]
    r = resolve_turn("そのうち子育て世帯は？", history, together)
    assert "そこに" not in r.query and r.query.startswith("ひばり村の移住相談会の参加者")


def test_a_clause_ends_in_a_predicate_only_when_no_noun_follows_its_verb() -> None:
    """「…案内したの」 asks; 「…に取り組んでる団体」 names a thing (the verb modifies 団体)."""
    assert ends_in_predicate("案内したの")
    assert ends_in_predicate("どこの農園と組んでる")
    assert not ends_in_predicate("古民家再生に取り組んでる団体")
    assert not ends_in_predicate("開催時間")


def test_the_carried_subject_leaves_out_the_clause_the_turn_before_asked_with() -> None:
    """「…報告会、発表したのは何団体？」 then 「講評は誰？」: the report meeting is carried, not 「発表したの」."""
    history = [user("みどり市の移住フェアの報告会、発表したのは何団体？"), assistant("12団体です [1]。")]
    r = resolve_turn("講評は誰がしたの", history, together)
    assert not r.stands_alone
    assert r.carried == "みどり市の移住フェアの報告会"


def test_a_conditional_particle_ends_a_name_run() -> None:
    """「新しい計画だとR9の目標は？」 names no thing: 「計画だとR9」 is no name; 「…協議会だと？」 still names one."""
    from assistant.answer.turn_words import NAME_RUN

    assert all("だと" not in run for run in NAME_RUN.findall("新しい計画だとR9の目標値は？"))
    assert all("なら" not in run for run in NAME_RUN.findall("隣の市ならR7の実績は？"))
    assert not names_a_thing("新しい計画だとR9の目標値は？")
    assert names_a_thing("みどり台地区協議会だと？")
