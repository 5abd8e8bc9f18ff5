"""The series member a single question names (`answer/series_member.py`): 「第二次…計画」「2回目の会議」, or the series'
name alone, leads over its siblings' sentences."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.series_member import (
    Member,
    asked_member,
    labels_in,
    member_first,
    rank,
    same_series,
    series_names,
    with_member_passage,
)


@dataclass(frozen=True)
class _Sentence:
    clean: str


@dataclass(frozen=True)
class _Cand:
    sentence: _Sentence


def _cands(*texts: str) -> list[_Cand]:
    return [_Cand(_Sentence(t)) for t in texts]


def _texts(cands: list[_Cand]) -> list[str]:
    return [c.sentence.clean for c in cands]


#: A prefecture's plans, each edition dated in its own sentence (invented).
_PLANS = (
    "その後、第三次緑山県総合計画（平成30年3月20日議決。）では、交流人口の拡大を掲げた。",
    "第二次緑山県総合計画（平成20年3月18日議決。）は、中山間地域の振興を柱とした。",
    "県の計画は、緑山県総合計画（昭和63年3月22日議決。）に始まる。",
)


def test_labels_are_read_with_kanji_or_arabic_numbers() -> None:
    assert labels_in("第三次緑山県総合計画の推進") == [Member(3, "次", "緑山県総合計画")]
    assert labels_in("第 2 回桜台町審議会") == [Member(2, "回", "桜台町審議会")]
    assert asked_member("第二次緑山県総合計画はいつ議決された？") == Member(2, "次", "緑山県総合計画")
    assert asked_member("桜台町審議会の2回目の会議はいつ？") == Member(2, "回", "", "桜台町審議会")
    assert asked_member("第2回の桜台町審議会はいつ？") == Member(2, "回", "", "桜台町審議会")
    assert asked_member("第二次と第三次の計画の違いは？") is None  # a comparison names two members
    assert asked_member("補助率は？") is None


def test_the_labelled_member_asked_moves_up_to_its_first_siblings_place() -> None:
    question = "第二次緑山県総合計画はいつ議決された？"
    out = _texts(member_first(_cands(*_PLANS), question))
    assert out[0].startswith("第二次緑山県総合計画")
    assert out[1:] == [_PLANS[0], _PLANS[2]]  # the others keep their order


def test_the_series_name_alone_asks_the_edition_written_with_no_label() -> None:
    question = "緑山県総合計画が議決された日は？"
    assert series_names(question, list(_PLANS)) == {"緑山県総合計画"}
    names = {"緑山県総合計画"}
    assert [rank(t, None, names) for t in _PLANS] == [2, 2, 0]
    assert _texts(member_first(_cands(*_PLANS), question))[0] == _PLANS[2]
    # A longer name ending in the asked one (「新緑山県総合計画」) is another plan, not the one asked.
    assert rank("新緑山県総合計画（平成2年議決。）", None, names) == 2


def test_a_meeting_body_named_alone_is_no_member_of_its_numbered_meetings() -> None:
    meetings = _cands(
        "第1回桜台町審議会：令和5年4月10日(月) 10:00~12:00",
        "桜台町審議会の設置は、令和5年2月に町議会で決定された。",
    )
    # The body holds every 第N回: asked by its name alone, nothing moves.
    assert member_first(meetings, "桜台町審議会の設置が決まったのはいつ？") == meetings


def test_an_ordinal_question_leads_with_the_meeting_it_counts() -> None:
    meetings = _cands(
        "第1回桜台町審議会：令和5年4月10日(月)",
        "第3回桜台町審議会：令和5年10月2日(月)",
        "第2回桜台町審議会：令和5年7月3日(月)",
    )
    out = _texts(member_first(meetings, "桜台町審議会の2回目の会議はいつ開かれた？"))
    assert out[0].startswith("第2回")


def test_nothing_moves_without_a_series_or_when_the_member_already_leads() -> None:
    plain = _cands("補助率は2分の1以内。", "上限額は500万円。")
    assert member_first(plain, "補助率は？") == plain
    led = _cands(_PLANS[1], _PLANS[0])
    assert member_first(led, "第二次緑山県総合計画はいつ議決された？") == led
    # A series the question names that no sentence writes as asked: the order stands.
    others = _cands(_PLANS[0], _PLANS[2])
    assert member_first(others, "第五次緑山県総合計画はいつ議決された？") == others


#: Two bodies of one town (invented), each with its own 第3回; the schedule's bare 「第3回:」 stands under its body.
_TWO_BODIES = (
    "第1回川辺町景観委員会：令和5年5月8日(月)",
    "第3回川辺町防災部会：令和5年9月12日(火)",
    "第3回川辺町景観委員会：令和5年11月6日(月)",
)


def test_a_bare_ordinal_counts_only_the_meetings_of_the_body_the_question_names() -> None:
    question = "川辺町景観委員会の3回目の会合はいつ？"
    asked = asked_member(question)
    assert [rank(t, asked, set()) for t in _TWO_BODIES] == [2, 1, 0]  # the 部会's 第3回 is another body's
    out = _texts(member_first(_cands(*_TWO_BODIES), question))
    assert out == [_TWO_BODIES[2], _TWO_BODIES[0], _TWO_BODIES[1]]
    # Asked the other way round, the 部会's 第3回 is the member and the 委員会's are no siblings of it.
    assert [rank(t, asked_member("川辺町防災部会の第3回は？"), set()) for t in _TWO_BODIES] == [1, 0, 1]
    # A bare 「第3回:」 line belongs to the body its passage names.
    assert rank("第3回:令和5年9月12日", asked_member("防災部会の3回目は？"), set(), "川辺町防災部会の日程") == 0
    assert rank("第3回:令和5年9月12日", asked_member("景観委員会の3回目は？"), set(), "川辺町防災部会の日程") == 1


def test_a_bare_ordinal_naming_no_body_moves_nothing() -> None:
    cands = _cands(*_TWO_BODIES)
    assert asked_member("3回目の開催日は？") == Member(3, "回", "", "")
    assert member_first(cands, "3回目の開催日は？") == cands


def test_a_series_name_cut_to_the_question_must_end_as_a_name_ends() -> None:
    plans = ["第2期青葉市児童育成計画（令和2年3月策定）", "第3次青葉市環境基本計画の改定"]
    # The question writes the plan's name, cut where the document's run goes on (「…計画策定」).
    assert series_names("青葉市児童育成計画はいつ策定された？", ["第2期青葉市児童育成計画策定"]) == {
        "青葉市児童育成計画"
    }
    # A prefix ending mid-name (「青葉市児童」) names no plan, nor a run cut short by kana (「青葉市子」 of 「青葉市子ども…」).
    assert series_names("青葉市児童の居場所づくりは？", plans) == set()
    assert series_names("青葉市子ども育成計画はいつ策定？", ["第2期青葉市子ども育成計画を策定"]) == set()
    assert series_names("子ども育成の計画はいつ策定？", ["第2期子ども育成計画（令和2年）を策定"]) == set()


def test_a_series_name_run_into_a_kanji_in_the_question_is_another_name() -> None:
    plans = ["第3次青葉市環境基本計画（令和4年3月策定）"]
    assert series_names("青葉市環境基本計画はいつ策定された？", plans) == {"青葉市環境基本計画"}
    # 「…計画法」「…計画書」 are a law and a document, not the plan written alone.
    assert series_names("青葉市環境基本計画法の施行日は？", plans) == set()
    assert series_names("青葉市環境基本計画書の様式は？", plans) == set()


def test_a_follow_ups_own_ordinal_is_asked_not_the_member_its_subject_carries() -> None:
    # 「3回目は？」 after 「川辺町景観委員会の第1回は？」: the query carries 第1回, the turn asks 第3回 of that body.
    query = "川辺町景観委員会の第1回 3回目は？"
    assert asked_member(query) == Member(1, "回", "", "川辺町景観委員会")
    assert asked_member(query, "3回目は？") == Member(3, "回", "", "川辺町景観委員会")
    # The turn's own body wins over the subject's; a turn naming no member leaves the query's.
    assert asked_member(query, "防災部会の2回目は？") == Member(2, "回", "", "防災部会")
    assert asked_member(query, "議題は？") == Member(1, "回", "", "川辺町景観委員会")


def test_a_bare_ordinal_belongs_to_the_one_body_the_question_names_anywhere() -> None:
    # 「その3回目は？」 after 「川辺町景観委員会は全部で何回開いた？」: no 「Xの3回目」, but one body is named.
    asked = asked_member("川辺町景観委員会、全部で その3回目はいつ？", "その3回目はいつ？")
    assert asked == Member(3, "回", "", "川辺町景観委員会")
    assert [rank(t, asked, set()) for t in _TWO_BODIES] == [2, 1, 0]
    # Two bodies named: neither is known to be the one counted.
    assert asked_member("景観委員会と防災部会、それぞれ3回目はいつ？") == Member(3, "回", "", "")
    # A body's name runs on through its parts, and ends where the name ends: 商工会議所 holds no 会議.
    whole = "国土審議会推進部会地域生活圏専門委員会、その3回目はいつ？"
    assert asked_member(whole, "その3回目はいつ？") == Member(3, "回", "", "国土審議会推進部会地域生活圏専門委員会")
    assert asked_member("商工会議所が主催した3回目の説明会はいつ？") == Member(3, "回", "", "")


@dataclass(frozen=True)
class _Passage:
    chunk_id: str
    heading: str
    search_text: str


@dataclass(frozen=True)
class _Hit:
    chunk: _Passage
    rank: int


#: A council's meetings, each in a passage of its own (invented); retrieval weighs their numbers least.
_MEETINGS = [
    _Hit(_Passage(f"p{i}", "景観審議会の開催経過", text), i)
    for i, text in enumerate(
        (
            "〔第1回景観審議会：令和6年5月9日〕 景観計画の見直しについて議論した。",
            "〔第2回景観審議会：令和6年7月4日〕 重点地区の候補を示した。",
            "景観審議会は学識経験者と市民委員で構成される。",
            "〔第3回景観審議会：令和6年9月12日〕 答申案を審議した。",
        ),
        start=1,
    )
]


def test_a_deeper_passage_writing_the_member_asked_is_moved_up_ahead_of_its_siblings() -> None:
    """None of the top two writes 第3回: the first deeper passage that does is moved up, ahead of 第1回's, and each
    passage is ranked in its new place."""
    top, deeper = _MEETINGS[:2], _MEETINGS
    out = with_member_passage("景観審議会の第3回はいつ？", None, list(top), 2, lambda depth: deeper)
    assert [h.chunk.chunk_id for h in out] == ["p4", "p1", "p2"] and [h.rank for h in out] == [1, 2, 3]
    # A question naming no member changes nothing.
    assert with_member_passage("景観審議会はいつ設置？", None, list(top), 2, lambda depth: deeper) == top
    # A follow-up's own ordinal is the member asked, not the one its carried subject writes.
    out = with_member_passage("景観審議会の第1回 3回目は？", "3回目は？", list(top), 2, lambda depth: deeper)
    assert [h.chunk.chunk_id for h in out] == ["p4", "p1", "p2"]


def test_a_top_passage_writing_the_member_asked_goes_ahead_of_one_writing_only_a_sibling() -> None:
    """第2回 asked: its passage (second) goes ahead of 第1回's; a passage writing no member keeps its place."""
    top = _MEETINGS[:2]
    out = with_member_passage("景観審議会の第2回はいつ？", None, list(top), 2, lambda depth: top)
    assert [h.chunk.chunk_id for h in out] == ["p2", "p1"] and [h.rank for h in out] == [1, 2]
    plain = [_MEETINGS[2], _MEETINGS[1], _MEETINGS[0]]
    out = with_member_passage("景観審議会の第2回はいつ？", None, plain, 3, lambda depth: plain)
    assert [h.chunk.chunk_id for h in out] == ["p3", "p2", "p1"]
    # The member already leads its siblings: nothing moves.
    assert with_member_passage("景観審議会の第1回はいつ？", None, list(top), 2, lambda depth: top) == top


def test_a_meetings_short_name_is_a_member_of_the_series_its_full_name_is_in() -> None:
    """「第1回景観審議会」 (the body's own head noun) is of 「第2回都市景観審議会」's series; another body's is not,
    nor is a plan's edition read by its name's tail."""
    asked = asked_member("第2回都市景観審議会はいつ？")
    assert asked == Member(2, "回", "都市景観審議会")
    assert same_series(Member(1, "回", "景観審議会"), asked)
    assert not same_series(Member(1, "回", "推進委員会"), asked)
    assert not same_series(Member(1, "次", "推進計画"), Member(2, "次", "みどりの推進計画"))


def test_another_bodys_meeting_of_the_same_short_name_is_no_member() -> None:
    """「第1回景観審議会」 is of 「第2回都市景観審議会」's series, unless the passage names another body it is short for."""
    asked = asked_member("第2回都市景観審議会はいつ？")
    assert same_series(Member(1, "回", "景観審議会"), asked, "都市景観審議会の開催経過 第1回景観審議会")
    assert not same_series(Member(1, "回", "景観審議会"), asked, "河川景観審議会の開催経過 第1回景観審議会")
