"""Question analysis (`assistant.question.kinds`) and value extraction (`assistant.question.words`, `assistant.answer.values`).

Inline questions and values written for these tests; the values are copied from how the corpus
writes them (上限3,000万円, 1/2以内, 82.9％, 令和6年10月21日, 約460地点 …).
"""

from __future__ import annotations

import re

import pytest

from assistant.answer.values import find_name, find_value, window
from assistant.question.kinds import VALUE_PATTERNS, analyze, has_value
from assistant.question.words import (
    counter_pattern,
    focus_tokens,
    named_things,
    turn_names,
)
from assistant.text.normalize import normalize


# -- value kinds ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("この取組の経費は総額いくら？", "amount"),
        ("港湾物流効率化支援事業の予算額は？", "amount"),
        ("地域生活圏形成リーディング事業の補助率は？", "rate"),
        ("モデル的な試みへの助成の上限は？", "cap"),
        ("収穫体験会に来たのは何人？", "count"),
        ("空き家バンクへの問い合わせは何件？", "count"),
        ("新規高卒者の就職率は何%ですか？", "percent"),
        ("新規高卒者の就職率は何％ですか？", "percent"),  # full-width, normalised first
        ("港町の朝市まつりはいつ行われた？", "date"),
        ("港町の朝市まつりはどこで行われた？", "place"),
        ("フェアの会場は？", "place"),
        ("サイクル観光の経済波及効果はどのくらい？", "quantity"),
        ("その勉強会の参加費は？", "amount"),  # a charge named by 費 asks an amount
        ("見学ツアーの利用料金は？", "amount"),
        ("体験講座の受講料はかかる？", "amount"),
        ("物産展の会期は？", "date"),  # an event's period
        ("港町の人口は？", "quantity"),  # ends on the thing measured: a number of people
        ("そこの人口って？", "quantity"),
    ],
)
def test_value_kind_of_inline_questions(question: str, kind: str) -> None:
    assert kind in analyze(question).value_kinds


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("円形劇場の改修はいつ終わった？", "amount"),  # 円 of 円卓 is not yen
        ("円形劇場の運営委員は？", "amount"),
        ("港町の朝市まつりはいつ行われた？", "place"),
        ("港町の朝市まつりはどこで行われた？", "date"),
        ("地域生活圏とは何ですか？", "amount"),
        ("地域生活圏とは何ですか？", "count"),
        ("名古屋市にある「日本最大の支援拠点」の名称は？", "cap"),  # 最大 inside a quoted description
        ("補助の対象経費は？", "amount"),  # which costs are covered, not how much
        ("この施設の資料は？", "amount"),
        ("人口減少の背景は？", "quantity"),  # 人口 inside another subject asks no figure
        ("港町の人口はなぜ減った？", "quantity"),
    ],
)
def test_value_kind_not_read_into_questions(question: str, absent: str) -> None:
    assert absent not in analyze(question).value_kinds


def test_question_is_normalised() -> None:
    intent = analyze("補助率は２／３以内ですか？")
    assert intent.text == normalize("補助率は２／３以内ですか？")
    assert "２" not in intent.text and "2/3" in intent.text
    assert intent.wants("rate") and not intent.wants("place")


# -- answer kinds -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "answer_kind"),
    [
        ("空き家バンク登録件数の目標値は？", "kpi"),
        ("地元大学卒業生の県内定着率の進捗率は？", "kpi"),
        ("沿岸部の藻場面積の保全の基準値は？", "kpi"),
        ("この計画で設定された成果指標(KPI)は？", "kpi"),
        ("地域生活圏形成リーディング事業の補助率は？", "eligibility"),
        ("この補助金の対象は？", "eligibility"),
        ("支援対象は誰ですか？", "eligibility"),
        ("防災集落移転支援事業の予算は？", "budget"),
        ("離島航路再生調査費はいくら？", "budget"),
        ("港湾物流効率化支援事業について教えて", "programme"),
        ("二地域居住の促進に向けてどんな施策がありますか", "programme"),
        ("地域生活圏とは何ですか？", "general"),
    ],
)
def test_answer_kind(question: str, answer_kind: str) -> None:
    assert analyze(question).answer_kind == answer_kind


def test_round_table_is_not_a_budget_question() -> None:
    assert analyze("円形劇場の改修はいつ終わった？").answer_kind != "budget"


# -- VALUE_PATTERNS ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("cap", "※官民連携は必須、双方ともに上限3,000万円", "上限3,000万円"),
        ("cap", "定額（500万円を上限）", "500万円を上限"),
        ("amount", "※官民連携は必須、双方ともに上限3,000万円", "3,000万円"),
        ("amount", "令和6年度当初予算額 40.6百万円", "40.6百万円"),
        ("rate", "運行経費補助 上限500万円 (補助率:1/2以内)", "1/2以内"),
        ("rate", "ポイント①～③の全てを満たす主体：支援対象経費の2/3", "2/3"),
        ("rate", "計画策定経費補助 上限200万円 (補助率:定額)", "定額"),
        ("rate", "補助率は２／３以内", "2/3以内"),
        ("percent", "新規高卒者管内企業就職率 60.9％（R2） 53.0%（R6） 63.9％（R6） 82.9％", "60.9%"),
        ("percent", "進捗率 82.9％", "82.9%"),
        ("date", "開催日：令和6年10月21日（月）", "令和6年10月21日(月)"),
        ("date", "【広域地方計画：全国８つの広域圏で2025年度末頃の策定を目指す】", "2025年度末頃"),
        ("count", "全国の約460地点で実施", "460地点"),
        ("quantity", "全国の約460地点で実施", "約460地点"),
        ("quantity", "合計特殊出生率は0.86であり", "0.86"),
        ("count", "移住相談件数 574件 (R2) 集計中(R6)", "574件"),
    ],
)
def test_value_patterns_match_values_as_written(kind: str, text: str, value: str) -> None:
    m = VALUE_PATTERNS[kind].search(normalize(text))
    assert m is not None
    assert m.group(0).strip() == value


@pytest.mark.parametrize(
    "value",
    ["上限3,000万円", "1/2以内", "2/3", "定額", "82.9%", "令和6年10月21日", "2025年度末頃", "約460地点", "0.86"],
)
def test_every_corpus_value_is_some_kind(value: str) -> None:
    kinds = [k for k in VALUE_PATTERNS if has_value(normalize(value), k)]
    assert kinds, value


@pytest.mark.parametrize("text", ["R2", "(R2)", "H17", "1.5.2", "R2年度"])
@pytest.mark.parametrize("kind", ["amount", "count", "percent", "quantity"])
def test_codes_are_not_numbers(text: str, kind: str) -> None:
    """The 2 of R2 (a Reiwa year) or the parts of a section number are not quantities."""
    assert not has_value(normalize(text), kind)


def test_year_code_is_a_date_and_neighbouring_value_still_found() -> None:
    assert has_value("R2", "date")
    found = VALUE_PATTERNS["count"].findall(normalize("移住相談件数 574件 (R2) 777件(R3)"))
    assert [f.strip() for f in found] == ["574件", "777件"]
    found = VALUE_PATTERNS["quantity"].findall(normalize("基準値 60.9％（R2）"))
    assert [f.strip() for f in found] == ["60.9%"]


def test_has_value_unknown_kind_is_false() -> None:
    assert not has_value("上限3,000万円", "colour")


# -- find_value -------------------------------------------------------------------------------------
def test_find_value_skips_a_value_the_question_states() -> None:
    intent = analyze("地方創生2.0の目標は何件？")
    assert find_value(normalize("地方創生2.0の目標は2030年度に100件"), intent) == "100件"


def test_find_value_prefers_value_after_the_asked_words() -> None:
    text = normalize("基準値 574件、目標値 687件")
    intent = analyze("目標値は何件？")
    assert find_value(text, intent, near={"目標"}) == "687件"
    assert find_value(text, intent, near={"基準"}) == "574件"


def test_find_value_cap_and_rate() -> None:
    text = normalize("補助率は1/2以内、上限3,000万円")
    assert find_value(text, analyze("上限はいくら？")) == "上限3,000万円"
    assert find_value(text, analyze("補助率は？")) == "1/2以内"


def test_find_value_date_place_and_none() -> None:
    text = normalize("開催日：令和6年10月21日 場所：北海道どさんこプラザ")
    assert find_value(text, analyze("開催日はいつ？")) == "令和6年10月21日"
    assert find_value(text, analyze("会場はどこですか？")) == "北海道どさんこプラザ"
    assert find_value(normalize("場 所：JR岩見沢駅、自由通路"), analyze("会場はどこですか？")) == "JR岩見沢駅"
    assert find_value(normalize("勉強会を開催した"), analyze("参加者は何人？")) is None


@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        # What is written around a value belongs to it: 「全12名」 is all of them; a verb after it does not.
        ("参加者は何人？", "研修には全12名が参加した。", "全12名"),
        ("何か所で展開する？", "5年後に、全国で80か所の拠点展開を目指す", "全国で80か所"),
        ("何人いる？", "県外出身者は3万人を超えている。", "3万人"),
        ("何年ぶり？", "およそ15年ぶりの開校となった。", "およそ15年ぶり"),
        ("何人？", "安全5人", "5人"),  # 「全」 ending a word is not the qualifier
        # A range is one value; a Western year with its era in brackets is one date.
        ("対象は何歳？", "募集は18歳から65歳までの住民が対象。", "18歳から65歳まで"),
        ("いつ認定された？", "この遺産は2020(令和2)年6月に認定された。", "2020(令和2)年6月"),
    ],
)
def test_find_value_keeps_qualifiers_ranges_and_bracketed_eras(question: str, text: str, value: str) -> None:
    assert find_value(normalize(text), analyze(question)) == value


def test_place_followed_by_next_label_on_the_same_line() -> None:
    text = normalize("場所：札幌市 概要：勉強会")
    assert find_value(text, analyze("会場はどこですか？")) == "札幌市"


def test_counter_pattern_aliases_and_absence() -> None:
    pattern = counter_pattern(analyze("参加者は何人ですか？").text)
    assert pattern is not None
    assert [m.strip() for m in pattern.findall(normalize("参加者：約1,200名、スタッフ30人、5社"))] == [
        "約1,200名",
        "30人",
    ]
    assert counter_pattern(analyze("どのくらいですか？").text) is None


def test_focus_tokens_are_the_asking_clause() -> None:
    assert focus_tokens("みなとバスについて、月間の乗車回数はどれくらい？") == {"月間", "乗車", "回数"}


def test_focus_of_a_naming_question_is_what_is_named() -> None:
    question = "住民同士が気軽に集まり語り合う空間のことを、この計画で何と呼ぶ？"
    assert focus_tokens(question) == {"空間"}
    # 「…配達網を使って…サービスは何と呼ばれる」: the object of 使う is not what is named.
    assert "配達" not in focus_tokens("郵便局の配達網を使って日用品が届くサービスは何と呼ばれる？")


def test_figure_numbers_are_not_values() -> None:
    intent = analyze("空き家率、全国平均でいくつ？")
    assert find_value("4.2図は、3図の空き家率の推移を示したもの。", intent) is None
    assert find_value("全国平均:0.86", intent) == "0.86"


def test_named_things_in_questions() -> None:
    assert named_things("港北地域交通結節・乗継改善事業の令和9年度の予算額は？") == ["港北地域交通結節・乗継改善事業"]
    assert named_things("北海道空知ワインと食のフェアの参加者数は？") == ["北海道空知ワインと食フェア"]
    # The part after the last の is the name when it is long enough; short generic names are not names.
    assert named_things("県の釣り教室事業は？") == []
    assert named_things("みなと工務店のレンタサイクル事業の利用者は？") == ["レンタサイクル事業"]
    assert named_things("その事業の補助率は？") == []


def test_a_follow_up_turn_naming_a_thing_of_its_own_is_what_a_passage_must_name() -> None:
    """「そこでやった…体験会、…」 drills down to an event of the programme carried: the event must be named."""
    query = "あおば町の移住促進プロジェクトの推進体制 そこでやった農業体験バスツアー、参加者は何名？"
    names = named_things(query)
    assert names == ["移住促進プロジェクト", "農業体験バスツアー"]
    assert turn_names(names, "そこでやった農業体験バスツアー、参加者は何名？") == ["農業体験バスツアー"]
    # A turn naming nothing keeps the carried names; a turn standing alone has no turn of its own.
    assert turn_names(names, "参加者は何名？") == names
    assert turn_names(names, None) == names


def test_find_name_prefers_what_was_founded_over_its_aim() -> None:
    text = "「学びの循環」に向け、人材育成事業を行う「みらい塾ネット」を発足(2022年)。"
    assert find_name(text, "人材育成を担う組織の名称は？") == "みらい塾ネット"


def test_find_name_takes_the_name_whose_own_label_the_question_names() -> None:
    # Each name is bound by the words since the name before it: the question's words pick one of several.
    text = normalize(
        "事業を展開し、AI自動配車サービス(「まちなかタクシー」)の普及拡大、ドローン配送サービス(「そらの便」)の導入などを進める。"
    )
    assert find_name(text, "町のドローン配送サービスの呼び名は？") == "そらの便"
    assert find_name(text, "町のAI自動配車サービスの名前は？") == "まちなかタクシー"
    # A describing clause before 、 still belongs to the name it leads to.
    text = "町内で使える地域通貨「まちコイン」による経済循環や、住民が先生として放課後に学びの場を提供する学習サービス「まなびば」など"
    assert find_name(text, "放課後に住民が教える学習サービスの名前は？") == "まなびば"
    assert find_name(text, "町内で使える地域通貨の名前は？") == "まちコイン"


def test_source_lines_and_slide_tags_are_not_names() -> None:
    question = "高校生が立ち上げたサークルの名前は？"
    assert find_name("出典:村提供資料、情報交流サイト「きなりと」より作成", question) is None
    assert find_name("(事例)都市部の大学生団体と連携した地域づくり", question) is None
    assert find_name("出会いの空間(関係案内所)", "その空間を何と呼ぶ？") == "関係案内所"


def test_half_and_fractions_are_quantities() -> None:
    intent = analyze("転居した若者のうち、そう考える人はどのくらい？")
    assert find_value("地方へ移った若者の約半数が回答。", intent) == "約半数"
    assert find_value("回答者の3分の1以上が賛成", intent) == "3分の1以上"


def test_find_name() -> None:
    text = "国土構造の基本構想として「シームレスな拠点連結型国土」を掲げる"
    assert find_name(text, "国土構造の基本構想の名称は？") == "シームレスな拠点連結型国土"
    # A name the question already says is not an answer.
    assert find_name("「地域生活圏」の形成", "「地域生活圏」とは何という？") is None


def test_window() -> None:
    short = "目標値63.9%"
    assert window(short, "63.9", 30) == short
    long = "あ" * 50 + "目標値63.9%" + "い" * 50
    w = window(long, "63.9", 30)
    assert "63.9" in w and len(w) <= 30 and w.startswith("…") and w.endswith("…")
    w = window(long, "見つからない", 30)
    assert len(w) == 30 and w.endswith("…") and long.startswith(w[:-1])
    assert re.fullmatch(r"あ+…", w)


def test_named_things_with_a_kana_start() -> None:
    assert named_things("ふるさと住民登録制度の現在の登録者数は？") == ["ふるさと住民登録制度"]


def test_defined_term_and_defining_sentences() -> None:
    from assistant.answer.values import defines
    from assistant.question.words import defined_term

    assert defined_term("この分析でいう「基礎支出」の内訳は？") == "基礎支出"
    assert defined_term("関係案内所とは何ですか？") == "関係案内所"
    assert defined_term("補助率はいくら？") is None
    assert defines("※3基礎支出=「食料費」+「光熱水道費」。", "基礎支出")
    assert defines("関係案内所とは、地域との関わりを仲介する場。", "関係案内所")
    assert defines("関係案内所は、地域と人をつなぐ場所のことをいう。", "関係案内所")
    assert defines("関係案内所は、地域と人をつなぐ場所のこと。", "関係案内所")
    assert not defines("中央世帯の基礎支出は最も高い。", "基礎支出")


def test_bracket_label_is_a_field() -> None:
    from assistant.answer.values import BRACKET_LABEL

    m = BRACKET_LABEL.match("【想定される経費】 高速道路料金(割増分)")
    assert m and m.group(1) == "想定される経費"
    assert BRACKET_LABEL.match("【KPI】") is None  # a heading alone holds no field


def test_a_count_of_one_act_does_not_answer_another() -> None:
    from assistant.answer.values import counts_something_else
    from assistant.question.words import asked_acts

    text = "2021年には約3,000人の応募となった。"
    assert counts_something_else(text, "約3,000人", asked_acts("地元の会社に就職できたのは何人？"))
    # A paraphrase of 応募 names no act: the value may answer it.
    assert not counts_something_else(text, "約3,000人", asked_acts("何人ぐらいが名乗り出ましたか？"))
    assert not counts_something_else(text, "約3,000人", asked_acts("応募は何人ありましたか？"))
    # 「来た人のうち、…就職につながった」 asks for hires among the participants, not for the participants.
    assert asked_acts("面談会に来た人のうち、就職につながったのは何人？") == {"就職"}
    assert counts_something_else(
        "来場者:20名(定員)", "20名", asked_acts("面談会に来た人のうち、就職につながったのは何人？")
    )
    assert not counts_something_else("来場者:20名(定員)", "20名", asked_acts("面談会の来場者は何人でしたか？"))


@pytest.mark.parametrize(
    ("text", "question", "value"),
    [
        ("参加者は約120人であった。", "参加者は何人？", "約120人"),
        ("相談件数は4,000件以上に達した。", "相談件数は何件？", "4,000件以上"),
        ("人口は5万人程度の見込み。", "人口は何人？", "5万人程度"),
        ("2010年代から増えている。", "いつから増えている？", "2010年代から"),  # 「から」 says since when
        ("充足率は90%まで上昇した。", "充足率はどれほど？", "90%"),
    ],
)
def test_a_value_keeps_its_qualifiers(text: str, question: str, value: str) -> None:
    """「約」「以上」「程度」「代」 change what a figure says; 「まで上昇」 is the verb's, not the value's."""
    assert find_value(text, analyze(question), None) == value


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("連携協定を結んだのは何自治体？", "全国で42自治体と協定"),
        ("モデル地区は現在何地域ですか", "モデル地区は15地域"),
        ("加盟店は何店舗ある？", "加盟店は約120店舗"),
    ],
)
def test_any_noun_after_nan_counts(question: str, number: str) -> None:
    """「何」 with a noun names that noun as the counter (何自治体 → 42自治体)."""
    intent = analyze(question)
    pattern = counter_pattern(intent.text)
    assert pattern is not None and pattern.search(normalize(number))


@pytest.mark.parametrize(
    "question", ["これは何型の組織ですか？", "何故始めたのか", "何方式で運営？", "全国で何番目？", "何の事業？"]
)
def test_kind_words_and_pronouns_after_nan_are_not_counts(question: str) -> None:
    """何型 / 何式 / 何番目 ask which one, 何故 why, 何の what: no counter."""
    assert counter_pattern(analyze(question).text) is None


def test_dokomade_asks_how_far_not_where() -> None:
    """「目標はどこまで？」 asks a level or a target; 「会場はどこ？」 asks a place."""
    assert not analyze("新しい計画では令和11年度にどこまで伸ばす？").wants("place")
    assert analyze("研修会の開催場所はどこ？").wants("place")
