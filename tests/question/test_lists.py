"""Which ones were asked, and a text that only counts them: 「提携している8つの町はどこ」 against 「8町と提携」."""

from __future__ import annotations

import pytest

from assistant.question.lists import counted_not_named


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        # The text counts the towns the question asks to name.
        ("図書館と連携している6つの町はどこ？", "令和5年度までに6町と連携協定を結んだ。", True),
        ("連携している町はどこですか", "令和5年度までに6町と連携協定を結んだ。", True),
        ("モデル地区に選ばれた3か所の地区を教えて", "先行して3か所の地区でモデル事業を始める。", True),
        # The text names them: a list with as many items as the count.
        ("3つの重点分野を教えて", "3つの重点分野(子育て、交通、防災)に取り組む。", False),
        ("連携している町はどこ？", "6町(青葉町・緑町・港町・山手町・本町・旭町)と連携した。", False),
        # A count asked, or no count in the text: not this pattern.
        ("参加者の人数を教えて", "当日参加:843名", False),
        ("連携している町はどこ？", "近隣の町と連携協定を結んだ。", False),
        # A counter alone is what is asked about.
        ("給水所を置いた4か所はどこ？", "市内4か所に給水所を置いた。", True),
        # A number of another noun than the one asked about: a date, an ordinal, a thing the question only mentions.
        ("令和5年4月の料理教室の会場はどこ？", "料理教室 令和5年4月12日 参加者30名", False),
        ("第3回の検討会はどこで開かれた？", "第3回検討会 令和6年2月1日", False),
        ("ボート3隻で救助訓練をした団体はどこ？", "ボート3隻による救助訓練を実施", False),
        ("12の漁協が加盟する連合会の名前は？", "12漁協が連合会を設立した。", False),
        # The members are listed just before the count.
        ("森の会の3つの班はどれ？", "森の会は、植林、間伐及び木工の3班で活動する。", False),
        ("協会に置いた専門委員会を挙げて", "「交通委員会」「福祉委員会」の2つの専門委員会を置いた。", False),
        # An extent or an amount asked, not which ones.
        ("利用者はどこまで伸びた？", "利用者は30人から120人に伸びた。", False),
        ("どのくらいの町が参加した？", "8町が参加した。", False),
        # A sentence's comma or a date before the count is no list written before it.
        ("協定を結んだ大学はどこ", "令和6年度、市内の2大学と協定を結んだ。", True),
        ("対象の4業種を教えて", "本市は、防災、環境、福祉を柱とし、県内の4業種を支援する。", True),
        ("モデル地区はどこ？", "このため、市は、令和7年度から、市内の3地区をモデル地区とする。", True),
        # A sentence's opening word or a place relative to the writer is no member of a list.
        ("協定を結んだ大学はどこ", "なお、近隣の2大学と協定を結んだ。", True),
        ("連携している町はどこ", "今後、県内の2町と連携する。", True),
        ("対象の3分野はどれ？", "観光・農業・漁業の3分野を対象とする。", False),
        ("参加する事業を教えて", "「朝市」「夜市」「灯り祭」の3事業が参加する。", False),
        # A noun of the question found elsewhere is not what the asked phrase names.
        ("8市町が参加する市民会議の名前は？", "8市町で市民会議を設立した。", False),
        # Nouns joined by と/や, or one word the tokeniser reads otherwise alone, are all asked about.
        ("連携している町と村を教えて", "6町と連携した。", True),
        ("連携している町村はどこ？", "6町村と連携した。", True),
        # 箇所 in any spelling; the どの of 「などの」 asks nothing.
        ("5箇所はどこ", "市内5か所で実施", True),
        ("県などの5機関と連携した大学はどこ？", "県など5機関と連携した。", False),
    ],
)
def test_a_list_asked_for_and_only_counted(question: str, text: str, expected: bool) -> None:
    assert counted_not_named(question, text) is expected


def test_long_runs_of_counters_or_digits_are_read_in_linear_time() -> None:
    """A possessive run: a question of repeated counters or digits cannot make the pattern backtrack for long."""
    import time

    start = time.perf_counter()
    for question in ("1カ所" * 40 + "で、どこ？", "1" * 2000 + "で、どこ？"):
        counted_not_named(question, "5町と連携した。")
    # Lists of quoted names or of 及び, a count one more than the members: each member is read one way only.
    counted_not_named("実施する事業を教えて", "「あ」" * 30 + "の31事業")
    counted_not_named("連携している町はどこ？", "あ及び" * 900 + "の150町")
    assert time.perf_counter() - start < 5.0
