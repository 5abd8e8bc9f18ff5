"""A date written for another event than the one a when question asks does not answer it (`answer/date_scope.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.date_scope import belongs_elsewhere
from assistant.answer.event_dates import dated_first

#: A town's mobility page (invented): the trial is named in one sentence, the next opens with a year and its own act.
_TRIAL = "港北町では、乗合タクシーの運行や小型モビリティの走行試験、高齢者の見守り実証などを展開している。"
_HUB = "令和4年には、町内の企業と大学の知見を結集し、若者が集う交流拠点「みなとベース」を駅前に開設した。"


_PAGE = f"{_TRIAL}\n{_HUB}"


def test_a_year_opening_a_sentence_on_another_act_is_not_the_trial_s_date() -> None:
    assert belongs_elsewhere(_HUB, "令和4年", "港北町の小型モビリティの走行試験はいつ始まった？", _PAGE)
    # The act the sentence states is asked: its year answers.
    assert not belongs_elsewhere(_HUB, "令和4年", "港北町の交流拠点はいつできた？", _PAGE)
    # A follow-up's bare turn names nothing the passage writes: left to the conversation's checks.
    assert not belongs_elsewhere(_HUB, "令和4年", "期限はいつまで？", _PAGE)
    assert not belongs_elsewhere(_HUB, "令和4年", "それ、開始は何年？", _PAGE)


def test_a_goal_in_brackets_dates_its_goal_not_what_the_sentence_creates() -> None:
    goal = "○観光の強化 【2028年までに宿泊者数50万人】• 地域の魅力を発信するため、みなと音楽祭(仮称)を創設し、"
    assert belongs_elsewhere(goal, "2028年まで", "みなと音楽祭はいつ創設される？")
    assert not belongs_elsewhere(goal, "2028年まで", "宿泊者数50万人の目標はいつまで？")
    # A bracket of dates alone (「(2025年度~2027年度)」) is the period of what stands before it.
    period = "取組方針に基づき、重点期間(2025年度~2027年度)で、乗合交通の普及を進める。"
    assert not belongs_elsewhere(period, "2027年度", "乗合交通の重点期間はいつまで？", period)
    # A bracket holding the date alone captions what stands outside it.
    assert not belongs_elsewhere("音楽祭の会場の様子(令和5年8月)", "令和5年8月", "みなと音楽祭はいつ開催された？")


def test_an_act_of_another_kind_written_after_the_date_does_not_answer() -> None:
    law = "※令和5年6月2日成立。 同年10月1日施行"
    assert belongs_elsewhere(law, "令和5年6月2日", "改正条例はいつ施行された？")
    assert not belongs_elsewhere(law, "令和5年6月2日", "改正条例はいつ成立した？")
    # 「設置が決定された」: the act closing the clause is the one asked, though 設置 comes first.
    decided = "検討会で、令和5年9月に作業部会の設置が決定された。"
    assert not belongs_elsewhere(decided, "令和5年9月", "作業部会を置くことが決まった時期は？")
    # A revision's year for an enactment, a founding for a dissolution; 「改正法」 names the law, not the act asked.
    revised = "港北町の景観条例は、昭和60年に制定された旧条例を平成24年に全面改正したものである。"
    assert belongs_elsewhere(revised, "平成24年", "港北町の景観条例はいつ制定された？")
    assert not belongs_elsewhere(revised, "平成24年", "景観条例が全面改正されたのはいつ？")
    assert belongs_elsewhere("協議会を令和5年4月に設立した。", "令和5年4月", "協議会はいつ解散する？")
    assert belongs_elsewhere(law, "令和5年6月2日", "改正条例はいつ施行された？")
    assert not belongs_elsewhere("改正法は令和5年10月1日に施行された。", "令和5年10月1日", "改正法の施行日は？")
    # A question naming no act is answered by whatever act the date dates.
    assert not belongs_elsewhere("協議会を令和5年4月に設立した。", "令和5年4月", "協議会はいつから？")


def test_rows_labels_and_list_items_name_their_event_elsewhere() -> None:
    q = "港北町の音楽祭はいつ開催された？"
    assert not belongs_elsewhere(
        "開催日:令和5年8月20日(日) 10:00~16:00 会場は港北町中央公園の野外ステージ", "令和5年8月20日(日)", q
    )
    assert not belongs_elsewhere(
        "第2回\t令和5年8月20日\t中央公園野外ステージ\t来場者約3,000人\t出演12組", "令和5年8月20日", q
    )
    assert not belongs_elsewhere(
        "・令和5年8月20日に中央公園野外ステージで、地元の高校生バンドを含む12組が出演", "令和5年8月20日", q
    )
    assert not belongs_elsewhere("令和5年8月20日", "令和5年8月20日", q)  # a short line under a heading


@dataclass(frozen=True)
class _Sentence:
    clean: str


@dataclass(frozen=True)
class _Chunk:
    heading: str
    text: str


@dataclass(frozen=True)
class _Hit:
    chunk: _Chunk


@dataclass(frozen=True)
class _Cand:
    sentence: _Sentence
    value: str | None
    hit: _Hit | None = None


def test_a_when_question_drops_dates_of_other_events_but_keeps_a_budget_year() -> None:
    asked = "港北町の小型モビリティの走行試験はいつ始まった？"
    hub = _Cand(_Sentence(_HUB), "令和4年", _Hit(_Chunk("港北町の取組", _PAGE)))
    budget = _Cand(_Sentence("(令和4年度補正予算:80百万円)"), "令和4年度", _Hit(_Chunk("港北町の取組", _PAGE)))
    assert dated_first([hub], asked) == []
    assert dated_first([hub, budget], asked) == [budget]
    assert dated_first([hub], "港北町の走行試験の参加者は何人？") == [hub]  # not a when question


def test_a_beginning_or_a_bare_decision_is_answered_by_the_act_that_makes_it() -> None:
    # 「いつ始まった」 of a body: the year it was set up answers.
    body = "ひばり振興会は、住民の声を集めて行政に届けるため、平成22年に任意団体として立ち上がった。"
    assert not belongs_elsewhere(body, "平成22年", "ひばり振興会はいつ始まったの？", body)
    assert not belongs_elsewhere("交流拠点を令和4年5月に開設した。", "令和4年5月", "交流拠点はいつスタートした？")
    assert not belongs_elsewhere("改正条例は令和6年4月1日に施行された。", "令和6年4月1日", "改正条例はいつ始まった？")
    # A bare 決まった of a law: its enactment answers; a cabinet's decision is another act.
    passed = "景観条例は令和5年3月に可決された。"
    assert not belongs_elsewhere(passed, "令和5年3月", "景観条例はいつ決まった？")
    assert belongs_elsewhere(passed, "令和5年3月", "景観条例の案はいつ閣議決定された？")
    # A revision still does not date a beginning, nor an enactment a coming into force.
    assert belongs_elsewhere("景観条例は平成24年に全面改正された。", "平成24年", "景観条例はいつ始まった？")
    assert belongs_elsewhere("※令和5年6月2日成立。 同年10月1日施行", "令和5年6月2日", "改正条例はいつ施行された？")


def test_a_date_written_as_from_or_until_dates_a_beginning_or_an_end() -> None:
    assert not belongs_elsewhere("音楽祭は令和8年3月まで開催する。", "令和8年3月", "音楽祭はいつ終了する？")
    assert not belongs_elsewhere("実証は令和7年10月から開催している。", "令和7年10月", "実証はいつ開始した？")
    assert belongs_elsewhere("音楽祭は令和8年3月に開催する。", "令和8年3月", "音楽祭はいつ終了する？")


def test_a_sentence_pointing_back_to_the_passage_s_thing_is_about_it() -> None:
    intro = "港北町は、高齢者の移動手段の確保を長く課題としてきた。"
    q = "港北町の乗合サービスの運行はいつ始まったの？"
    # 同町 points back to the thing the passage named, though the sentence names it in no word of the question.
    back = "令和3年10月より、同町では住民との対話を重ねて自家用有償旅客運送の第1号「のりあい号」の運行を開始した。"
    assert not belongs_elsewhere(back, "令和3年10月", q, f"{intro}\n{back}")
    # Naming nothing asked and pointing nowhere back, a prose sentence's date is another event's, wherever it stands.
    own = "町内の企業と大学の知見を結集し、令和4年に若者が集う交流拠点「みなとベース」を駅前に開設した。"
    assert belongs_elsewhere(own, "令和4年", q, f"{intro}\n{own}")


def test_a_year_labelling_a_programme_s_edition_is_not_when_its_event_happened() -> None:
    """「…支援事業(R6)」「R6…支援事業」 name which year's programme; asked when its call closes, that year is no answer."""
    q = "中心市街地再生事業の公募の締切はいつ？"
    assert belongs_elsewhere("これまでの取組 中心市街地再生事業(R6) 概要 空き店舗を改修する", "R6", q)
    assert belongs_elsewhere("R6中心市街地再生事業の採択団体", "R6", q)
    # A full date, or a year dating the act written before it (「会社設立(2015年)」), still answers.
    assert not belongs_elsewhere("公募期間は令和6年4月1日から5月10日まで", "令和6年4月1日", q)
    assert not belongs_elsewhere("みなと交通会社設立(2015年)を機に路線を再編", "2015年", "みなと交通会社設立はいつ？")
    # A name the question does not write: the bracket is read as before.
    assert not belongs_elsewhere("山里観光協会(R6)", "R6", q)
    # An event named or dated with its year is no edition; asked which year's programme it is, the year answers.
    assert not belongs_elsewhere(
        "第5回全国棚田サミット(2024年)では約500人が集まった", "2024年", "全国棚田サミットはいつ開催？"
    )
    assert not belongs_elsewhere("令和6年港北町豪雨では多くの住宅が浸水した", "令和6年", "港北町豪雨はいつ発生した？")
    assert not belongs_elsewhere(
        "中心市街地再生事業(R6) 概要 空き店舗を改修する", "R6", "中心市街地再生事業は何年度の事業？"
    )
