"""The constraint check (`assistant.answer.constraints`, `assistant.question.qualifiers`), on invented passages."""

from __future__ import annotations

from assistant.answer.constraints import part_asked, part_unmet, unmet, value_years, year_unstated
from assistant.question.qualifiers import members_in, qualifiers


def test_qualifiers_read_from_the_question() -> None:
    assert qualifiers("利用者数、男女別ではどう違う？").breakdown == "男女"
    assert qualifiers("相談件数の区ごとの内訳を教えて").breakdown == "区"
    assert qualifiers("来館者数は何人？").breakdown == ""
    # A dataset described by its breakdown is not a breakdown asked.
    assert qualifiers("市町村別の一覧の出典は？").breakdown == ""
    assert qualifiers("昨年は何位だった？").before
    assert qualifiers("植樹面積はいま何%？").now
    assert not qualifiers("植樹面積の目標はいま何%？").now
    assert members_in("インスタとYouTubeの再生数") == {("platform", "Instagram"), ("platform", "YouTube")}
    assert members_in("X(旧Twitter)の投稿") == {("platform", "X")}
    assert members_in("参加した高校生は何人") == {("role", "生徒")}


def test_a_breakdown_asked_and_one_figure_given() -> None:
    q = "図書館の利用者数、男女別ではどう違う？"
    assert unmet(q, "12,000人です [1]。", "12,000人", "来館者数は12,000人(R5)") == "breakdown"
    assert unmet(q, "…", "5,000人", "男性は7,000人、女性は5,000人") == ""
    assert unmet("相談件数の区ごとの内訳は？", "…", "80件", "区ごとの相談件数は北区80件、南区40件") == ""


def test_another_member_of_the_same_set() -> None:
    s = "再生数:Instagram 3,100回、Facebook 900回"
    assert unmet("紹介動画はYouTubeで何回再生された？", "3,100回です [1]。", "3,100回", s) == "member"
    assert unmet("紹介動画はFacebookで何回再生された？", "900回です [1]。", "900回", s) == ""
    # The question compares members: it singles none out.
    assert unmet("InstagramとFacebookのどちらが多い？", "3,100回です [1]。", "3,100回", s) == ""
    # 保護者 asked, the sentence counts pupils; 高校生 and 生徒 are one.
    s = "見学会 参加者:生徒45名"
    assert unmet("見学会に付き添った保護者は何人？", "…", "45名", s) == "member"
    assert unmet("見学会に来た高校生は何人？", "…", "45名", s) == ""
    # A block named in the question, another block in the sentence.
    s = "2040年の高齢化率は中部圏の38%を筆頭に多くの地域で35%前後となる"
    assert unmet("2040年の北陸圏の高齢化率は？", "…", "35%前後", s) == "member"
    assert unmet("2040年の中部圏の高齢化率は？", "…", "38%", s) == ""
    # Only the whole named (参加者, 公式SNS): the part asked is not what the figure counts.
    assert unmet("付き添いの保護者は何人いた？", "…", "30名", "参加者:30名") == "member"
    assert unmet("Instagramだとフォロワー数はいくつ？", "…", "8,000人", "公式SNSのフォロワー数 8,000人(R6)") == "member"
    # A sentence naming no member and no whole says nothing against the question's.
    assert unmet("保護者は何人来た？", "…", "30名", "見学会には30名が来た") == ""
    # The value stands right after another member, though the asked one is named later in the sentence.
    s = "首都圏は高齢人口が900万人となり、次点の中部圏の倍以上となる"
    assert unmet("中部圏の高齢人口は？", "…", "900万人", s) == "member"
    assert unmet("首都圏の高齢人口は？", "…", "900万人", s) == ""
    # Members joined into one figure: the part asked is inside it, not given.
    assert unmet("オンライン参加者の数は？", "…", "300名", "参加:300名(現地又はオンライン)") == "member"
    assert unmet("現地とオンラインで合わせて何人？", "…", "300名", "参加:300名(現地又はオンライン)") == ""


def test_another_year_than_asked() -> None:
    assert value_years("出生数(2023年約75万人)", "約75万人") == {"2023"}
    assert value_years("来場者3,000人(R5)", "3,000人") == {"2023"}
    s = "来場者3,000人(R5)、4,200人(R6)"
    assert unmet("令和6年度の来場者は？", "…", "3,000人", s) == "year"
    assert unmet("令和6年度の来場者は？", "…", "4,200人", s) == ""
    assert unmet("2024年度の来場者は？", "…", "4,200人", s) == ""  # the western form of the same year
    # A value with no key: the lead's value is read in the answer's own text.
    text = "約75万人です [1]。（出生数: ①約90万人 ②(2023年約75万人)）"
    assert unmet("出生数、2024年は？", text, None, "", "出生数") == "year"
    assert unmet("2023年の出生数は？", text, None, "", "出生数") == ""
    # The date the sentence states its figures at.
    s = "令和5年3月現在、会員数は約120名となっている"
    assert unmet("令和4年の会員数は？", "…", "約120名", s) == "year"
    assert unmet("令和5年の会員数は？", "…", "約120名", s) == ""
    # A table row with no year of its own, under a heading of another year.
    row = "道路 | 橋梁修繕事業 | 市町村 | 120百万円"
    assert (
        unmet("令和6年度に橋梁修繕事業へ付いた予算は？", "…", "120百万円", row, "", ["主な予算(R7年度当初)"]) == "year"
    )
    assert unmet("令和7年度に橋梁修繕事業へ付いた予算は？", "…", "120百万円", row, "", ["主な予算(R7年度当初)"]) == ""
    # The sentence states the asked year somewhere: the heading is not read.
    assert unmet("令和6年度に橋梁修繕事業へ付いた予算は？", "…", "120百万円", f"{row} R6", "", ["(R7年度)"]) == ""


def test_an_aim_for_the_present_and_a_time_before() -> None:
    s = "2030年までに植樹面積を40%にすることを目指す"
    assert unmet("植樹面積はいま何%？", "…", "40%", s) == "aim"
    assert unmet("植樹面積は2030年までに何%を目指す？", "…", "40%", s) == ""
    assert unmet("住みよさランキングで前年は何位？", "…", "12位", "住みよさランキングでは12位となった") == "before"
    assert unmet("住みよさランキングで前年は何位？", "…", "15位", "前年の15位から12位に上がった") == ""


def test_a_part_of_a_whole() -> None:
    assert part_asked("農地面積のうち、果樹園の面積は？") == "果樹園"
    assert part_asked("会員のうちどれが多い？") == ""
    assert part_unmet("果樹園", "農地面積 5,200ha (R6)")
    assert not part_unmet("果樹園", "うち果樹園 800ha")
    assert not part_unmet("今集計中", "現在集計中(2件)")  # named by each word of it
    assert part_asked("道路維持事業だけの予算額は？") == "道路維持事業"
    assert unmet("道路維持事業だけの予算額は？", "…", "900百万円", "交通関係予算額 900百万円") == "part"
    q = "来場者約9,000名のうち、町外から来た人数は？"
    assert unmet("農地面積のうち、果樹園の面積は？", "…", "5,200ha", "農地面積 5,200ha") == "part"
    assert unmet(q, "…", "約9,000名", "来場者約9,000名") == ""  # 「町外から来た」 is not a run of nouns


def test_a_value_stated_for_a_year_with_a_particle_is_that_years() -> None:
    # 「Y年には N」: the value is Y's, though the sentence also names the year the scheme began.
    s = "2018年から移住体験ツアーを始め、2022年には約450人が参加した。"
    assert value_years(s, "約450人") == {"2022"}
    assert unmet("移住体験ツアーを始めた2018年の参加者は何人？", "…", "約450人", s) == "year"
    assert unmet("移住体験ツアーの2022年の参加者は？", "…", "約450人", s) == ""
    assert value_years("相談件数はR5年度は12件、R6年度は18件", "18件") == {"2024"}
    # A year the value is counted from is not the value's year (「2018年から」 begins a span).
    assert value_years("2018年から約450人が参加", "約450人") == frozenset()


def test_a_records_lead_with_its_field_gives_its_own_year() -> None:
    lead = "駅前広場の利用者数の基準値は3,200人(R4)です [1]（基準値3,200人(R4)、目標値4,000人(R9)）"
    assert unmet("駅前広場の利用者数、R1の基準値はいくつ？", lead, None, "", "駅前広場の利用者数") == "year"
    assert unmet("駅前広場の利用者数、令和4年の基準値はいくつ？", lead, None, "", "駅前広場の利用者数") == ""
    assert unmet("駅前広場の利用者数の基準値はいくつ？", lead, None, "", "駅前広場の利用者数") == ""


def test_a_part_asked_by_where_it_lies() -> None:
    text = "全国約300か所です [1]。（全国約300か所の無人駅を対象に、見守りを進める。）"
    assert (
        unmet(
            "無人駅約300か所のうち、長野県にあるのはいくつ？",
            text,
            "全国約300か所",
            "全国約300か所の無人駅を対象に、見守りを進める。",
        )
        == "part"
    )
    assert (
        unmet(
            "無人駅約300か所のうち、長野県にあるのはいくつ？",
            "12か所です [1]。",
            "12か所",
            "長野県にある12か所で試行する。",
        )
        == ""
    )


def test_a_short_record_lead_is_year_checked_by_its_own_year() -> None:
    assert unmet("令和5年の人口の基準値は？", "人口の基準値は100人(R2)です。 [1]") == "year"


def test_a_year_that_dates_the_report_is_not_the_values_year() -> None:
    answer = "新規就職率の基準値は60.9%(R2)です。 [1]"
    assert unmet("令和6年度の推進状況における新規就職率の基準値は？", answer) != "year"
    assert unmet("令和4年の新規就職率の基準値は？", answer) == "year"


def test_a_part_named_with_kana_inside_or_a_suffix_is_read_whole() -> None:
    """「企業版ふるさと納税」 keeps its kana; 「地方部」「若年層」 are not named by 「地方」「若年」 alone."""
    assert part_asked("そのうち企業版ふるさと納税で集めた額は？") == "企業版ふるさと納税"
    assert part_asked("そのうち駅前にある店舗は？") == "駅前"  # the verb after it is no part of the name
    assert part_unmet("地方部", "消費額15兆円を目指し、インバウンドの地方誘客を促進")
    assert not part_unmet("地方部", "うち地方部での消費額 5兆円")
    assert part_unmet("若年層", "若年の就業者 1,200人")


def test_a_particle_phrase_between_nouns_is_no_part_of_the_name() -> None:
    assert part_asked("事業のうちデジタルによる取組は？") == ""  # as before the kana rule: no part read
    assert part_asked("施設のうち地域における拠点は？") == ""


def test_a_year_asked_of_a_record_is_read_in_the_records_own_answer() -> None:
    """A record's answer stating other years (令和6年's dates for 2019年度) is not the year's; one stating the year is;
    a sentence answer follows the cited passages alone; a year only an earlier turn asked is not this turn's."""
    dates = "青葉まつり: 期間: 令和6年7月31日～8月6日 [1]"
    assert year_unstated("2019年度の青葉まつりの開催日は？", dates, "records", 1.0)
    assert not year_unstated("令和6年の青葉まつりの開催日は？", dates, "records", 1.0)
    assert not year_unstated("新しい計画での目標は？", dates, "records", 1.0)
    assert year_unstated("2019年度の青葉まつりの開催日は？", "7月31日です [1]", "extractive", 1.0)
    assert not year_unstated("2019年度の青葉まつりの開催日は？", dates, "records", 0.0)


def test_a_check_reason_is_said_as_not_stated_or_as_another_condition() -> None:
    from assistant.answer.constraints import abstained_by

    for why in ("count", "progress", "form", "unnamed"):  # the passages do not state what was asked
        assert abstained_by(why) == "evidence", why
    for why in ("year", "member", "part", "breakdown", "numbered", "aim", "before", "role", "event", "name"):
        assert abstained_by(why) == "constraint", why
