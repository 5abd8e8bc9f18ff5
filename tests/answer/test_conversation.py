"""Follow-up questions: `is_follow_up` and `resolve` carry the previous question's subject."""

from __future__ import annotations

import pytest

from assistant.answer.conversation import resolve
from assistant.answer.turn_words import is_follow_up, subject_of

from .chat_turns import assistant, user

KPI_Q = "ひばり町の空き家バンク成約件数の達成率は？"
PROGRAMME_Q = "さくら市の商店街空き店舗活用事業の補助率は？"
STANDALONE = "みなと市の観光案内所利用者数の令和9年度の目標値はどの水準に置かれていますか？"


@pytest.mark.parametrize("question", ["その目標値は？", "それはいつまで？", "対象は誰？"])
def test_follow_ups_are_recognised(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question", [STANDALONE, "港湾物流効率化支援事業のモデル的な取組に対する助成の上限額を教えてください"]
)
def test_long_standalone_question_is_not_a_follow_up(question: str) -> None:
    assert not is_follow_up(question)


@pytest.mark.parametrize("previous", [KPI_Q, PROGRAMME_Q])
@pytest.mark.parametrize("question", ["その目標値は？", "それはいつまで？", "対象は誰？"])
def test_follow_up_carries_previous_subject(previous: str, question: str) -> None:
    subject = previous.removesuffix("は？")  # 「…の達成率」「…の補助率」
    history = [user(previous), assistant("（回答）")]
    resolved = resolve(question, history)
    assert resolved != question
    assert question in resolved  # the follow-up's own words stay
    assert subject in resolved
    assert resolved.startswith(subject)
    assert "？" not in resolved.removesuffix(question)  # the previous question's tail is dropped


def test_docstring_example() -> None:
    assert resolve("その目標値は？", [user(KPI_Q)]) == "ひばり町の空き家バンク成約件数の達成率 その目標値は？"


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        (KPI_Q, "ひばり町の空き家バンク成約件数の達成率"),
        (
            "川辺地区の防災公園整備事業について教えてください。",
            "川辺地区の防災公園整備事業",
        ),  # the request tail asks like 「…は？」
        ("みなと市の藻場面積の保全の目標値はいつまでに達成する見込みですか?", "みなと市の藻場面積の保全の目標値"),
    ],
)
def test_subject_of(question: str, subject: str) -> None:
    assert subject_of(question) == subject


def test_standalone_question_is_unchanged() -> None:
    assert resolve(STANDALONE, [user(KPI_Q), assistant("82.9％です")]) == STANDALONE


def test_uses_the_last_user_question() -> None:
    history = [user(PROGRAMME_Q), assistant("…"), user(KPI_Q), assistant("…")]
    resolved = resolve("その目標値は？", history)
    assert "空き家バンク成約件数" in resolved
    assert "空き店舗" not in resolved


def test_two_follow_ups_in_a_row_keep_the_original_subject() -> None:
    first = "その対象は誰？"
    history = [user(PROGRAMME_Q), assistant("…"), user(first), assistant("…")]
    assert resolve(first, history[:2]).startswith("さくら市の商店街空き店舗活用事業の補助率")
    resolved = resolve("それはいつまで？", history)
    assert "商店街空き店舗活用事業" in resolved
    assert resolved.endswith("それはいつまで？")


def test_history_with_only_assistant_turns_leaves_question_unchanged() -> None:
    history = [assistant("こんにちは。資料について質問してください。"), assistant(KPI_Q)]
    assert resolve("その目標値は？", history) == "その目標値は？"


@pytest.mark.parametrize("history", [None, [], [user("   ")], [{"role": "user"}]])
def test_no_usable_history_leaves_question_unchanged(history) -> None:
    assert resolve("その目標値は？", history) == "その目標値は？"


def test_three_follow_ups_in_a_row_keep_the_original_subject() -> None:
    history = [user(PROGRAMME_Q), user("その対象は誰？"), user("それはいつまで？")]
    assert "商店街空き店舗活用事業" in resolve("上限は？", history)


@pytest.mark.parametrize("opening", ["ところで、", "話は変わりますが、", "別件ですが、", "さて、"])
def test_topic_switch_words_make_a_question_stand_alone(opening: str) -> None:
    history = [user("みどり市の図書館の開館時間は？"), assistant("…")]
    assert resolve(f"{opening}あおば町の空き家バンクの登録件数は？", history) == "あおば町の空き家バンクの登録件数は？"
    # Even a short one, that would otherwise borrow the last subject.
    assert resolve(f"{opening}上限は？", history) == "上限は？"


def test_a_follow_up_naming_another_item_keeps_the_frame_not_the_focus() -> None:
    history = [user("みどり市の図書館の開館時間は？"), assistant("…")]
    resolved = resolve("体育館は？", history)
    assert resolved == "みどり市 開館時間 体育館は？"
    assert "図書館" not in resolved


def test_a_field_switch_keeps_the_whole_subject() -> None:
    """「目標値は？」 after a KPI question names no new item: the subject is carried whole."""
    history = [user("あおば町の空き家バンク登録件数の基準値は？"), assistant("…")]
    assert resolve("目標値は？", history) == "あおば町の空き家バンク登録件数の基準値 目標値は？"


@pytest.mark.parametrize(
    ("subject", "frame"),
    [
        ("みどり市の図書館の開館時間", "みどり市 開館時間"),
        ("あおば町の補助制度で、住宅改修の補助率", "あおば町の補助制度で 住宅改修 補助率"),
        ("空き家バンク", "空き家バンク"),
    ],
)
def test_frame_of(subject: str, frame: str) -> None:
    from assistant.answer.turn_words import frame_of

    assert frame_of(subject) == frame


@pytest.mark.parametrize(
    "question",
    ["何年目の事業費まで対象になりますか？", "今の登録者数は全国でどのくらい？", "申請はどうやってするんですか？"],
)
def test_a_question_that_names_nothing_is_a_follow_up(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "さくら市の人口はいまどのくらい？",
        "地域おこし協力隊の任期は何年までですか？",
        "ふるさと住民登録制度の手続きの流れは？",
    ],
)
def test_a_question_naming_its_subject_stands_alone(question: str) -> None:
    assert not is_follow_up(question)


def test_a_turn_opening_with_its_question_word_does_not_narrow_the_subject() -> None:
    """「いつから始まった？」 names no item: the next turn still carries the programme, not 「いつから始まった」."""
    from assistant.answer.conversation import resolve_turn

    history = [
        {"role": "user", "content": "ひばり村の乗合タクシー事業の運営主体は？"},
        {"role": "assistant", "content": "…"},
        {"role": "user", "content": "いつから走ってる？"},
        {"role": "assistant", "content": "…"},
    ]
    r = resolve_turn("運賃はいくら？", history, lambda _turn, _subject: True)
    assert not r.stands_alone
    assert "いつから" not in r.query and r.query.startswith("ひばり村の乗合タクシー事業")


@pytest.mark.parametrize(
    "question",
    [
        "同じ事業の研修への支援だと補助率は？",  # 「同じ…」 points back like 「同事業」
        "条件を全部満たす場合は？",  # 「満たす場合」 is a verb and a noun, not a name of its own
    ],
)
def test_pointing_back_and_verb_phrases_continue_the_subject(question: str) -> None:
    from assistant.answer.conversation import resolve_turn

    history = [
        {"role": "user", "content": "ひばり村の空き家再生支援事業で、改修への支援額は？"},
        {"role": "assistant", "content": "…"},
    ]
    r = resolve_turn(question, history, lambda _turn, _subject: False)
    assert not r.stands_alone
    assert r.query.startswith("ひばり村の空き家再生支援事業")


def test_a_sibling_item_borrows_the_field_asked_of_the_item_before() -> None:
    """「本町店は？」 after 「駅前店の会期は？」 asks the same field of the other item: 「本町店の会期は？」."""
    from assistant.answer.conversation import resolve_turn

    history = [
        {"role": "user", "content": "ひばり市の物産展はどこで開いた？"},
        {"role": "assistant", "content": "…"},
        {"role": "user", "content": "駅前店の会期は？"},
        {"role": "assistant", "content": "…"},
    ]
    r = resolve_turn("本町店は？", history, lambda _turn, _subject: True)
    assert not r.stands_alone
    assert r.question == "本町店の会期は？"
    assert r.query.endswith("本町店の会期は？")


@pytest.mark.parametrize(
    ("previous", "question"),
    [
        ("駅前店の来場者数は？", "出店者は？"),  # a count may count the item itself: not borrowed
        ("駅前店の会期は？", "協力した商店は？"),  # a verb phrase, not an item of the same kind
        ("駅前店の会期は？", "延べ日数だと？"),  # the turn asks a value of its own
    ],
)
def test_a_field_is_not_borrowed_where_it_would_change_what_is_asked(previous: str, question: str) -> None:
    from assistant.answer.conversation import resolve_turn

    history = [{"role": "user", "content": previous}, {"role": "assistant", "content": "…"}]
    r = resolve_turn(question, history, lambda _turn, _subject: True)
    assert r.question == question


def test_gurai_asks_a_quantity_like_kurai() -> None:
    from assistant.question.kinds import analyze

    assert analyze("会員はどれぐらいいる？").value_kinds == analyze("会員はどれくらいいる？").value_kinds


def test_a_turn_pointing_back_carries_what_the_last_answer_named() -> None:
    """「その柱の予算は？」 after 「3つ目は？」 answered 「港湾の再生です」 asks about 港湾の再生, not any pillar."""
    from assistant.answer.conversation import resolve_turn

    history = [
        {"role": "user", "content": "みなと町総合計画の4本柱の3つ目は？"},
        {"role": "assistant", "content": "港湾の再生です [1]。（4本柱：4項目の3番目）"},
    ]
    r = resolve_turn("その柱の予算は？", history, lambda _turn, _subject: True)
    assert "港湾の再生" in r.query and not r.stands_alone


def test_a_figure_or_a_date_answered_is_no_thing_to_point_at() -> None:
    from assistant.answer.conversation import resolve_turn

    for said in ("14件です [1]。", "令和6年10月です [1]。"):
        history = [
            {"role": "user", "content": "みなと町の空き家バンクの登録件数は？"},
            {"role": "assistant", "content": said},
        ]
        r = resolve_turn("その内訳は？", history, lambda _turn, _subject: True)
        assert said.split("です")[0] not in r.query


#: A first turn whose answer names a body (invented).
_NAMED_BODY = ("みどり市が立ち上げた官民連携の協議会の名前は？", "みどり市スマート農業推進協議会です [1]。（…）")


def _chat(*turns: tuple[str, str]) -> list[dict[str, str]]:
    """A history of (question, answer) turns as chat messages."""
    return [{"role": r, "content": c} for q, a in turns for r, c in (("user", q), ("assistant", a))]


def test_pointing_back_reaches_the_thing_an_earlier_answer_named_past_a_date() -> None:
    """「そこの会長は？」 after 「いつ設置？」 (answered with a date) points at the body the first answer named."""
    from assistant.answer.conversation import resolve_turn

    history = _chat(_NAMED_BODY, ("それはいつ設置？", "令和2年4月1日です [1]。（…）"))
    r = resolve_turn("そこの会長は？", history, lambda _turn, _subject: True)
    assert not r.stands_alone and "みどり市スマート農業推進協議会" in r.query
    # A turn pointing nowhere (no その/そこ) carries no answered name.
    r = resolve_turn("会長は？", history, lambda _turn, _subject: True)
    assert "みどり市スマート農業推進協議会" not in r.query


def test_pointing_back_never_reaches_past_the_topics_start() -> None:
    """After a topic switch, 「そこの担当課は？」 points within the new topic, not at the body named before it."""
    from assistant.answer.conversation import resolve_turn

    history = _chat(_NAMED_BODY, ("ところで、青葉町の空き家バンクの登録件数は？", "120件です [1]。（…）"))
    r = resolve_turn("そこの担当課は？", history, lambda _turn, _subject: True)
    assert "みどり市スマート農業推進協議会" not in r.query and "青葉町の空き家バンク" in r.query
