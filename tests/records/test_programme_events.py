"""Initiatives listed on a project page (events, tours, seminars), on another region's invented page."""

from __future__ import annotations

from assistant.records.programme_events import extract_events

PAGE = """これまでの主な取組・成果

■ 若手漁業者向け技術研修会の開催［水産振興課］
■ 中学生を対象とした職場体験ツアーの実施［水産振興課］
■ 移住促進のため、お試し移住体験などの実施［市町村］

■ 港町マルシェの開催［水産振興課］

■ 漁村ガイド付き散策会の実施
［観光協会］

開催日：令和6年5月10日～5月12日
場 所：港町漁港
概 要：漁港の賑わい創出に向け、地元水産物の直売と料理教室を行うマルシェを初開催。

○浜の仕事見学会
開催日：令和6年8月1日、8日
概 要：漁業の担い手確保のため、高校生や
その保護者を対象に漁船や加工場の見学会を開催。
参加者：生徒25名
""".split("\n")


def test_initiatives_of_a_project_page() -> None:
    got = {r.name: r for r in extract_events("x.txt", PAGE)}
    assert set(got) == {
        "若手漁業者向け技術研修会",
        "職場体験ツアー",
        "お試し移住体験",
        "港町マルシェ",
        "漁村ガイド付き散策会",
        "浜の仕事見学会",
    }
    assert got["若手漁業者向け技術研修会"].ministry == "水産振興課"
    assert got["職場体験ツアー"].eligible == ("中学生",)  # who it is for, said in the line
    # the purpose and 「など」 are cut off; the municipalities carry it out, no ministry: the organiser is a note
    assert got["お試し移住体験"].ministry is None and "実施主体: 市町村" in got["お試し移住体験"].notes
    # the organiser wrapped to the next line; a tourism association is no ministry either
    assert got["漁村ガイド付き散策会"].ministry is None and "実施主体: 観光協会" in got["漁村ガイド付き散策会"].notes
    # the card under 散策会 speaks of a マルシェ (a two-column page): it is not read as the 散策会's, but as the
    # マルシェ's, set apart from its line (a second source)
    assert got["漁村ガイド付き散策会"].period is None and got["漁村ガイド付き散策会"].line_end == 10
    marche = got["港町マルシェ"]
    assert marche.period == "令和6年5月10日～5月12日"
    assert [(s.line_start, s.line_end) for s in marche.sources] == [(7, 7), (12, 14)]
    visit = got["浜の仕事見学会"]
    assert visit.eligible == ("高校生やその保護者",)
    assert visit.period == "令和6年8月1日、8日"  # the days listed, as written
    assert (visit.line_start, visit.line_end) == (16, 19)


def test_a_card_right_under_its_line_gives_the_period() -> None:
    lines = [
        "■ 港町マルシェの開催［水産振興課］",
        "開催日：令和6年5月10日～5月12日",
        "概 要：地元水産物の直売を行うマルシェを開催。",
    ]
    (r,) = extract_events("x.txt", lines)
    assert (r.period, r.line_end) == ("令和6年5月10日～5月12日", 3)


def test_a_circled_heading_without_a_card_is_no_initiative() -> None:
    assert extract_events("x.txt", ["○誰もが健康で安心して暮らせるまちづくり", "", "本市は…を進める。"]) == []


def test_any_line_its_organiser_closes_and_a_wrapped_title() -> None:
    lines = [
        "■ 物産展ブースへの出展［観光振興課・町村］",
        "",
        "■ 管内町村紹介動画の制作［観光振興課］",
        "",
        "■ 『「みなと食の大使」と巡る！",
        "秋の漁港めぐりツアー』の開催［観光振興課・町村］開催日：令和6年10月5日",
        "",
        "■ 漁業の未来に向けた「海づくり」",
        "",
        "○港町の魅力",
    ]
    got = {r.name: (r.ministry, r.line_start, r.line_end) for r in extract_events("x.txt", lines)}
    assert got == {
        "物産展ブース": ("観光振興課", 1, 1),  # the verb (への出展) is cut as 「の開催」 is; 町村 run it, no ministry
        "管内町村紹介動画": ("観光振興課", 3, 3),
        "「みなと食の大使」と巡る！秋の漁港めぐりツアー": ("観光振興課", 5, 6),  # the title's 『』 dropped
    }  # a ■ line no organiser closes (a heading) and a ○ line without its card are no initiatives


def test_a_plain_heading_over_its_dated_card() -> None:
    lines = [
        "フォーラムの開催",
        "",
        "- 移住施策の認知拡大を目的として、市民向けの公開フォーラムを開催。",
        "概要",
        "日時：令和7年2月1日（土）13:00～16:00",
        "",
        "推進体制の実施",
        "- 各課の連携を進める。",
    ]
    got = [(r.name, r.line_start, r.line_end) for r in extract_events("x.txt", lines)]
    assert got == [("フォーラム", 1, 5)]  # a heading with no dated card under it is no event


# another ministry's report: ■ headings that are gatherings' names, with the bullet saying they were held, one with
# its 日時 label; a ■ measure heading (not a gathering) and a gathering never said to be held are not read
GATHERINGS = """■意見交換会「若者と地方の暮らしを考える」

- ・ 令和5年2月、港湾局の若手職員と高校生が意見交換を実施

■「九州圏の将来像」を語る若手経営者座談会

- ・ 九州圏広域地方計画の検討のため、若手経営者の座談会を開催

<日 時> 令和5年11月2日(木) 10:00～12:00
 <場 所> 福岡市内

■交流拠点の形成促進

■港まちづくり懇談会
- 参加者の一覧は別紙のとおり
""".split("\n")


def test_gathering_headings_held_with_their_day() -> None:
    got = {r.name: (r.line_start, r.line_end, r.period) for r in extract_events("x.txt", GATHERINGS)}
    assert got == {
        "意見交換会「若者と地方の暮らしを考える」": (1, 3, None),
        "「九州圏の将来像」を語る若手経営者座談会": (5, 9, "令和5年11月2日(木) 10:00～12:00"),
    }


def test_a_dated_heading_reads_its_day_as_the_period() -> None:
    page = [
        "フォーラムの開催",
        "",
        "- 地域の事業者を対象としたフォーラムを開催。",
        "",
        "日時：令和7年2月4日（火）13:00～15:00（共催） 場所：県庁",
    ]
    (record,) = extract_events("x.txt", page)
    # the label's whole value, its note in brackets too, up to the next label on the line
    assert (record.name, record.period) == ("フォーラム", "令和7年2月4日（火）13:00～15:00（共催）")


# a two-column page: two lines, then their cards in the other order; a card of the days listed over two lines
COLUMNS = """■ 漁港朝市の開催［水産振興課］

■ 漁村ガイド付きウォークの実施［観光協会］

開催日：令和6年6月1日～2日
概 要：港の歴史を巡るガイド付きウォークを実施。

開催日：①令和6年7月6日～7日
②令和6年8月3日～4日
概 要：地元の鮮魚を販売する漁港朝市を開催。
""".split("\n")


def test_cards_set_apart_go_to_the_line_they_speak_of() -> None:
    got = {r.name: r.period for r in extract_events("x.txt", COLUMNS)}
    assert got == {
        "漁港朝市": "①令和6年7月6日～7日 ②令和6年8月3日～4日",
        "漁村ガイド付きウォーク": "令和6年6月1日～2日",
    }


def test_the_ministry_is_the_organisers_government_part() -> None:
    lines = [
        "■ 棚田オーナー制度の運営［棚田保全推進協議会］",
        "■ 里山ウォークの開催［農村振興課・市町村］",
        "■ 移住相談会の開催［県、市町村］",
        "■ 地域おこし研修の実施［総務省・NPO法人まち育て］",
        "■ 港まつりの開催［港まつり実行委員会］",
    ]
    got = {r.name: r.ministry for r in extract_events("x.txt", lines)}
    assert got == {
        "棚田オーナー制度": None,
        "里山ウォーク": "農村振興課",
        "移住相談会": "県",
        "地域おこし研修": "総務省",
        "港まつり": None,  # an event's executive committee runs it; it is no ministry
    }
