"""The series member a single question names (`answer/series_member.py`): 「第二次…計画」「2回目の会議」, or the series'
name alone, leads over its siblings' sentences."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.series_member import Member, asked_member, labels_in, member_first, rank, series_names


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
    assert asked_member("桜台町審議会の2回目の会議はいつ？") == Member(2, "回", "")
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
