"""The value a lead says, with the words its sentence binds to it (`answer/lead_value.py`)."""

from __future__ import annotations

import pytest

from assistant.answer.lead_value import lead_sentence, lead_value
from assistant.answer.values import glued_label


@pytest.mark.parametrize(
    ("sentence", "key", "question", "said"),
    [
        # a comparison the value is stated under
        ("県外からの来訪者も3万人を超えている。", "3万人", "", "3万人を超えている"),
        ("利用者は約120名にのぼる。", "約120名", "", "約120名にのぼる"),
        # per what it is paid
        ("会員企業は一律で毎年 20 万円を負担している。", "20 万円", "", "一律で毎年 20 万円"),
        # the thing a bare count counts, or one the question names
        ("協議会の下に4つの作業部会を設置。", "4つ", "", "4つの作業部会"),
        ("2022年には約500人の応募があった。", "約500人", "", "約500人の応募"),
        ("地元企業等18社の出資により設立", "18社", "出資した企業は何社", "18社の出資"),
        # the word a counter was cut from
        ("モデル地区として12圏域が指定された。", "12圏", "", "12圏域"),
        # what a date names, glued after it
        ("【2027年通常国会へ法案の提出を目指す】", "2027年", "", "2027年通常国会"),
        ("窓口の開設(令和8年4月運用開始)", "令和8年4月", "", "令和8年4月運用開始"),
        ("令和6年度補正予算で措置", "令和6年度", "", "令和6年度補正予算"),
        # when and where asked at once: the place or body written after the date
        ("2019年にドイツで提唱された考え方。", "2019年", "いつ、どの国で生まれた考え？", "2019年にドイツ"),
        ("報告書 令和5年4月総務省自治行政局", "令和5年4月", "いつ、どこの局が作成？", "令和5年4月総務省自治行政局"),
        ("2019年にドイツで提唱された考え方。", "2019年", "いつ提唱されたの？", "2019年"),
        # a change from one figure to another
        ("拠点を5都市から9都市へと拡大", "9都市", "", "5都市から9都市"),
        # what a bracketed cap or equivalent notes
        ("【支援額】 定率(上限300万円)", "上限300万円", "", "定率(上限300万円)"),
        ("2名 | 回数券 2枚 (300円相当)", "300円", "", "回数券 2枚 (300円相当)"),
        # a run of one counter qualifying the noun after の together, or a run the question asks each value of
        ("計画には2年、4年、6年の目標を置く。", "6年", "目標は何年分？", "2年、4年、6年"),
        ("加わった28の自治体(9市、19町)で導入。", "19町", "内訳は市と町で何団体ずつ？", "9市、19町"),
        # the level a change reaches, said with the change
        ("移住者数は約3割まで上昇した。", "約3割", "", "約3割まで上昇した"),
        ("利用者を3倍程度に拡大することを目指す。", "3倍程度", "", "3倍程度に拡大する"),
        ("空き店舗率を2割まで低下 させる。", "2割", "", "2割まで低下 させる"),  # PDF text spaces the verb
        # by when asked too: the deadline written right before the value
        (
            "来訪者を2035年度を目途に 2倍程度に増やす。",
            "2倍程度",
            "いつまでにどの程度へ拡大？",
            "2035年度を目途に 2倍程度",
        ),
        ("令和10年度までに 50件とする。", "50件", "いつまでに何件？", "令和10年度までに 50件"),
        # a series figure's own year, bracketed right after it
        ("来場者数 1,240人 (R4) → 1,500人 (R10)", "1,240人", "", "1,240人 (R4)"),
        ("来場者数 1,240人 (R4) → 1,500人 (R10)", "1,500人", "", "1,500人 (R10)"),
        ("設置数 15か所(令和3年度)", "15か所", "", "15か所(令和3年度)"),
        # the span a total is counted over
        ("(KPI) 協定の締結数:施行後3年間で累計120件", "累計120件", "", "施行後3年間で累計120件"),
        # a span as the key, with what is given or reached over it
        ("参加者に3か月間で2万ポイントを付与し、", "3か月間", "", "3か月間で2万ポイント"),
        ("今後2年間で100キロメートルの自転車道を整備する。", "2年間", "", "2年間で100キロメートル"),
        ("今後5年間で30兆円を超える投資を見込む。", "5年間", "", "5年間で30兆円を超える"),
        ("研修は2年間で実施する。", "2年間", "", "2年間"),  # nothing counted over it: the span alone
        ("今後5年間で延べ800人", "延べ800人", "", "今後5年間で延べ800人"),
        # a date's hours, past its weekday
        ("1. 日時:令和4年9月8日(木) 14:00~16:30", "令和4年9月8日(木)", "", "令和4年9月8日(木) 14:00~16:30"),
        ("説明会 令和4年9月8日 午後1時30分から", "令和4年9月8日", "", "令和4年9月8日 午後1時30分"),
    ],
)
def test_widened(sentence: str, key: str, question: str, said: str) -> None:
    assert lead_value(sentence, key, question) == said


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("補助率は1/2とする。", "1/2"),
        ("5社参加した", "5社"),  # 「社参加」 is no word: the counter is whole
        ("2050年の人口は1億人", "2050年"),  # a date's の starts another noun phrase
        ("中部・北陸9県の地図", "9県"),  # a counter naming its noun: の adds another
        ("令和6年5月国土交通省国土政策局", "令和6年5月"),  # a glued run longer than a word: not cut mid-word
        ("2025年度末頃の策定を目指す", "2025年度末頃"),
        ("関係人口は約2,000万人(18歳以上の約2割)と推計", "約2割"),  # a bracket's note is not a cap or equivalent
        ("該当なし", "3万人"),  # not in the sentence: the key as it is
        ("参加する40の団体(15市、25町村)で実施。", "15市"),  # one of a breakdown, each not asked
        ("人口は2万人、4万人と推移", "4万人"),  # a run not qualifying a noun together
        ("来訪者を2035年度を目途に 2倍程度に増やす。", "2倍程度"),  # by when not asked
        ("稼働率は約8割まで上昇しており、", "約8割"),  # a change not in a plain form
        ("利用者は2万人(R5から集計)", "2万人"),  # a bracket starting with a year is a note, not the figure's year
        ("補助率は1/2 (10:1の比率)", "1/2"),  # a clock time follows dates only
        ("申請のあった15件の採択率は6割程度だった", "15件"),  # a rate after の is not what the count counts
        ("寄せられた20件の平均額は3万円", "20件"),  # nor an average
    ],
)
def test_kept(sentence: str, key: str) -> None:
    assert lead_value(sentence, key) == key


def test_lead_sentence() -> None:
    assert lead_sentence("3万人を超えている") == "3万人を超えている"
    assert lead_sentence("約120名にのぼる") == "約120名にのぼる"
    assert lead_sentence("4つの作業部会") == "4つの作業部会です"


def test_each_asked_of_a_trend_in_one_counter_keeps_the_key() -> None:
    """「それぞれ」 widens a run counting different things (「15市、25町村」), not a trend of one counter."""
    assert lead_value("来場者は3万人、5万人と増えた", "5万人", "各年の来場者はそれぞれ何人？") == "5万人"


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("補助期間は3年間で4月1日から開始する。", "3年間"),  # a date after the span is when, not what is given
        ("計画期間は5年間で2026年度から始まる。", "5年間"),
        ("研修期間は2週間で1日6時間の講義を行う。", "2週間"),  # a figure of 1: a rate per day
    ],
)
def test_a_span_key_takes_no_date_or_rate_after_it(sentence: str, key: str) -> None:
    assert lead_value(sentence, key) == key


def test_a_span_key_takes_the_whole_counter_after_it() -> None:
    assert lead_value("整備は5年間で3,000ヘクタールを目標とする。", "5年間") == "5年間で3,000ヘクタール"
    assert lead_value("3年間で10都道府県に展開する。", "3年間") == "3年間で10都道府県"
    assert lead_value("この3年間で5回開催した。", "3年間") == "3年間で5回"  # not the verb noun after the counter


@pytest.mark.parametrize(
    ("sentence", "key", "said"),
    [
        ("町が購入したポイントを2か月間で3往復相当分付与する。", "3往復", "2か月間で3往復相当分"),
        ("参加者には5千円相当の地域通貨を配る。", "5千円", "5千円相当"),
        ("2名 | 回数券 2枚 (300円相当)", "300円", "回数券 2枚 (300円相当)"),  # a bracketed one notes its owner
        ("応募は100件相当数にのぼった。", "100件", "100件"),  # 相当数 is a quantity of its own
        ("参加者に商品券(3,000円相当分)を配る。", "3,000円", "3,000円"),  # not cut back to 「相当」 inside the bracket
    ],
)
def test_an_equivalent_glued_after_the_figure_is_said(sentence: str, key: str, said: str) -> None:
    assert lead_value(sentence, key) == said


def test_a_label_coordinated_with_the_keys_own_label_is_said() -> None:
    """「純資産又は資本金」: either qualifies the figure, so the lead names both, not only the one next to it."""
    sentence = "対象は法人(純資産又は資本金3億円以上)に限る。"
    assert lead_value(sentence, "資本金3億円以上") == "純資産又は資本金3億円以上"
    assert lead_value(sentence, "3億円以上") == "3億円以上"  # a bare figure has no label to coordinate
    # The label glued before a bare figure is said with the label coordinated with it, too.
    assert glued_label(sentence, "3億円以上") == "純資産又は資本金"
    assert glued_label("対象は資本金3億円以上に限る。", "3億円以上") == "資本金"


def test_a_noun_joined_by_or_after_a_verb_is_not_a_second_label() -> None:
    """「策定する計画又は事業費…」: 又は there joins whole phrases, so 「計画」 is not said with the figure's label."""
    sentence = "対象は町が策定する計画又は事業費2億円以上の事業とする。"
    assert lead_value(sentence, "事業費2億円以上") == "事業費2億円以上"
    assert glued_label(sentence, "2億円以上") == "事業費"
    assert lead_value("純資産又は資本金3億円以上の法人", "資本金3億円以上") == "純資産又は資本金3億円以上"


def test_a_count_opened_by_nobe_is_said_with_it() -> None:
    """「延べ」 is written in kana inside a count's name: the label is 「延べ人数」, not 「人数」."""
    sentence = "今後5年間で実人数2万人、延べ人数10万人の参加を目指す。"
    assert glued_label(sentence, "10万人") == "延べ人数"
    assert glued_label(sentence, "2万人") == "実人数"
    assert glued_label("のべ来場者数3,200人を記録した。", "3,200人") == "のべ来場者数"
