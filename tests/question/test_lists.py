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
        ("試行を始める4か所はどこ？", "まず4か所で試行を始める。", True),
        # A number of another noun than the one asked about: a date, an ordinal, a thing the question only mentions.
        ("令和5年4月に開いた講座の会場はどこ？", "講座 令和5年4月12日 参加者30名", False),
        ("第3回の審議会はどこで開かれた？", "第3回審議会:令和6年2月1日", False),
        ("ボート3隻で救助訓練をした団体はどこ？", "ボート3隻による救助訓練を実施", False),
        ("12の町と県で作る協議会の名前は？", "12町と県で協議会を設立した。", False),
        # The members are listed just before the count.
        ("森の会の3つの班はどれ？", "森の会は、植林、間伐及び木工の3班で活動する。", False),
        ("協会に置いた専門委員会を挙げて", "「交通委員会」「福祉委員会」の2つの専門委員会を置いた。", False),
        # An extent or an amount asked, not which ones.
        ("事業はどこまで減らしたの？", "30事業から12事業に減らした。", False),
        ("どのくらいの町が参加した？", "8町が参加した。", False),
    ],
)
def test_a_list_asked_for_and_only_counted(question: str, text: str, expected: bool) -> None:
    assert counted_not_named(question, text) is expected
