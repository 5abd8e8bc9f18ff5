"""A list member asked by its place (`answer.list_member`): invented plan texts, numbered in the documents' styles."""

from __future__ import annotations

from assistant.answer.list_member import (
    asks_member,
    enumerations,
    find_member,
    inline_enumerations,
    member_answer_text,
)
from assistant.types import Chunk

PLAN = """〇 みなと町観光振興プランの４つの重点施策
１．港の景観を生かした回遊ルートの整備
 案内板と休憩所を増やす
２．地元食材を使った体験型メニューの開発

３．宿泊客向け夜間イベントの定着
 毎月第2土曜に開催
４．外国人旅行者の受入環境整備"""

# Another list in the same passage: the steps of a subsidy's application, also counted 1, 2, 3.
STEPS = """〇 空き店舗改修補助の申請の流れ
(1)事前相談
(2)申請書の提出
(3)審査・交付決定"""


def _chunk(text: str, cid: str = "c1", line_start: int = 10, heading: str = "第2章 重点施策") -> Chunk:
    lines = text.split("\n")
    return Chunk(cid, "plan.txt", "みなと町計画", heading, line_start, line_start + len(lines) - 1, text, text)


def _lines(text: str, start: int = 1) -> dict[int, str]:
    return {start + i: line for i, line in enumerate(text.split("\n"))}


def _none(_: Chunk) -> list[Chunk]:
    return []


def test_a_numbered_list_is_found_across_its_explanation_lines():
    (run,) = enumerations(_lines(PLAN))
    assert [e.number for e in run] == [1, 2, 3, 4]
    assert run[2].text == "宿泊客向け夜間イベントの定着" and run[2].line == 6


def test_circled_and_bracketed_numbers_are_lists_and_a_break_in_the_count_ends_one():
    circled = _lines("主な成果\n①相談窓口の開設\n②移住体験住宅の整備\n③オンライン説明会")
    assert [e.text for e in enumerations(circled)[0]] == ["相談窓口の開設", "移住体験住宅の整備", "オンライン説明会"]
    jumped = _lines("(1)概要\n(2)対象\n(5)予算")  # (5) does not follow (2): the list has two members
    assert [len(r) for r in enumerations(jumped)] == [2]


def test_numbers_far_apart_are_sections_not_a_list():
    far = {1: "1.はじめに", 30: "2.現状と課題", 60: "3.今後の方向性"}
    assert enumerations(far) == []


def test_the_member_at_the_asked_place_of_the_list_about_the_subject():
    chunk = _chunk(PLAN)
    third = find_member("3つ目は？", "みなと町観光振興プランの重点施策 3つ目は？", [chunk], {}, _none)
    assert third is not None and (third.n, third.size) == (3, 4)
    assert third.text == "宿泊客向け夜間イベントの定着" and third.line == 15
    assert member_answer_text(third).startswith("宿泊客向け夜間イベントの定着です [1]")
    last = find_member("最後の施策は？", "みなと町観光振興プラン 最後の施策は？", [chunk], {}, _none)
    assert last is not None and last.text == "外国人旅行者の受入環境整備"


def test_a_list_about_something_else_or_too_short_is_not_read():
    chunk = _chunk(PLAN)
    assert find_member("2つ目は？", "ごみ減量推進計画 2つ目は？", [chunk], {}, _none) is None
    assert find_member("6つ目は？", "みなと町観光振興プランの重点施策 6つ目は？", [chunk], {}, _none) is None


def test_the_list_the_last_question_counted_wins_over_another_about_the_same_town():
    both = _chunk(
        f"{STEPS}\n{PLAN}".replace("〇 空き店舗改修補助の申請の流れ", "〇 みなと町の空き店舗改修補助の申請の流れ")
    )
    last = ("みなと町の重点施策は何本？", "４つの重点施策です")
    found = find_member("3本目は？", "みなと町 3本目は？", [both], {}, _none, last)
    assert found is not None and found.text == "宿泊客向け夜間イベントの定着"
    # Without the count, the steps (first in the passage, as likely by their words) are read.
    steps = find_member("3つ目は？", "みなと町 3つ目は？", [both], {}, _none)
    assert steps is not None and steps.text == "審査・交付決定"


def test_a_list_running_over_a_passage_end_is_read_with_the_passage_after():
    lines = PLAN.split("\n")
    first, rest = _chunk("\n".join(lines[:4]), "a", 10), _chunk("\n".join(lines[4:]), "b", 14)
    found = find_member("4つ目は？", "みなと町観光振興プラン 4つ目は？", [first], {}, lambda c: [rest])
    assert found is not None and found.chunk is rest and found.text == "外国人旅行者の受入環境整備"


def test_only_a_place_in_a_list_is_asked_not_a_meeting_or_a_rank():
    assert asks_member("2つ目は？") and asks_member("3本目の柱は") and asks_member("最後のステップは？")
    assert not asks_member("3回目は？")  # a meeting of a numbered series (`ordinal`)
    assert not asks_member("2番目に多いのは？")  # ranks by a measure
    assert not asks_member("補助率は？")


# Text converted from slides: a bullet before the number, the number's dot dropped, the steps' notes between them.
FLOW = """申請から交付までの主な流れ
- 1 事前相談
- ・窓口で要件を確認
2 申請書の提出

- 3 審査・交付決定
- ・審査会で採否を決める
4 事業の実施"""

TYPES = """支援の型は、以下の3つに整理できる。
- ① 伴走型：専門家が計画づくりから実施まで継続して助言
- ② 資金型：改修費の一部を補助
- ③ 人材型：地域おこし協力隊を派遣"""


def test_a_bullet_before_the_number_and_a_number_without_its_dot_open_members():
    (steps,) = enumerations(_lines(FLOW))
    assert [e.text for e in steps] == ["事前相談", "申請書の提出", "審査・交付決定", "事業の実施"]
    (types,) = enumerations(_lines(TYPES))
    assert [e.number for e in types] == [1, 2, 3] and types[1].text.startswith("資金型：")


def test_where_lines_carry_pdf_line_numbers_a_bare_number_is_not_a_member():
    numbered = _lines("1 申請から交付までの流れ\n2 事前相談\n3 申請書の提出\n4 審査")
    assert enumerations(numbered, line_numbers=True) == []
    # Read as a document without line numbers, the line numbers 1…4 make a list: why the flag is needed.
    assert [e.text for e in enumerations(numbered)[0]][:2] == ["申請から交付までの流れ", "事前相談"]


def test_a_table_of_contents_is_not_a_list_of_members():
    contents = _lines("目次\n(1) 計画の趣旨\t3\n(2) 現状と課題\t5\n(3) 施策の方向\t9\n1. 総論……………12\n2. 各論……………20")
    assert enumerations(contents) == []


def test_a_step_or_item_asked_by_place_needs_no_list_that_writes_the_word():
    chunk = _chunk(FLOW, heading="補助金の手続")
    last = find_member("最後のステップは？", "補助金の申請から交付までの流れ 最後のステップは？", [chunk], {}, _none)
    assert last is not None and last.text == "事業の実施" and last.size == 4
    # A noun that names what the members are (柱, 型) must stand in the list's lead or first member.
    assert find_member("最後の柱は？", "補助金の申請から交付までの流れ 最後の柱は？", [chunk], {}, _none) is None


def test_a_member_written_as_a_name_and_a_colon_is_answered_by_its_name():
    chunk = _chunk(TYPES, heading="支援の型")
    found = find_member("2番目は？", "支援の型 2番目は？", [chunk], {}, _none)
    assert found is not None
    assert member_answer_text(found).startswith("資金型です [1]。（資金型：改修費の一部を補助。")


def test_a_colon_inside_brackets_or_a_time_names_no_member():
    member = _chunk("育成の取組\n1. 地域の担い手を育成する（期間：3年）\n2. 研修会の開催 10:00～")
    first = find_member("1つ目は？", "育成の取組 1つ目は？", [member], {}, _none)
    assert first is not None and member_answer_text(first).startswith(
        "地域の担い手を育成する(期間:3年)です"
    )  # read after NFKC
    second = find_member("2つ目は？", "育成の取組 2つ目は？", [member], {}, _none)
    assert second is not None and member_answer_text(second).startswith("研修会の開催 10:00~です")


def test_a_quantity_or_a_page_footer_after_a_bare_number_opens_no_member():
    assert enumerations(_lines("世帯の内訳\n1 人暮らし\n2 人以上の世帯")) == []
    assert enumerations(_lines("- 1 -\n本文\n- 2 -\n本文")) == []
    # Leaders written 「･･･」「‥」 are a table of contents too, once folded.
    assert enumerations(_lines("目次\n1. 総論･･･････3\n2. 各論‥‥‥‥9")) == []


# The rounds of one call, one after another: only the first round's lead-in names the programme.
ROUNDS = """〇 みなと町空き家活用モデル事業の採択事業
みなと町の空き家を活かす先導的な取組を支援
■一次公募
① 北浜地区
② 南浜地区
■二次公募
① 東浜地区
② 西浜地区
③ 中浜地区"""


def test_a_round_asked_picks_its_own_list_not_the_first_rounds():
    chunk = _chunk(ROUNDS)
    second = find_member("二次公募の2番目は？", "みなと町空き家活用モデル事業の二次公募の2番目は？", [chunk], {}, _none)
    assert second is not None and second.text == "西浜地区"
    first = find_member("一次公募の2番目は？", "みなと町空き家活用モデル事業の一次公募の2番目は？", [chunk], {}, _none)
    assert first is not None and first.text == "南浜地区"


def test_a_round_named_by_a_circled_number_turn_is_read_in_its_list():
    chunk = _chunk(ROUNDS)
    third = find_member(
        "その二次公募の③はどこ？", "みなと町空き家活用モデル事業 その二次公募の③はどこ？", [chunk], {}, _none
    )
    assert third is not None and third.text == "中浜地区"


def test_rounds_are_read_from_calls_not_from_other_words_with_ji():
    from assistant.answer.list_member import rounds_in

    assert rounds_in("■三次公募") == {3} and rounds_in("<2次公募>") == {2} and rounds_in("第2期計画") == {2}
    assert rounds_in("二次交通の確保") == frozenset()  # secondary transport, not a round


# A report's pillars under a title counting them; the title is the last line of the passage before the list.
PILLARS_TITLE = "県の取組は次のとおりである。\n３．施策の４本柱"
PILLARS = """(1)子育て世帯の住宅の確保
(2)地域公共交通の再編
(3)中心市街地のにぎわい創出
(4)デジタル人材の育成"""
# Another four-member list, nearer the asked words, whose lead counts no pillars.
OTHER = """緑山県総合戦略の推進体制は次のとおり。
(1)庁内推進本部
(2)有識者会議
(3)市町村連絡会議
(4)県民意見の募集"""


def test_a_list_titled_with_the_count_the_conversation_gave_is_the_one_asked() -> None:
    title = _chunk(PILLARS_TITLE, "t", 40)
    pillars = _chunk(PILLARS, "p", 42, heading="(1)子育て世帯の住宅の確保")
    other = _chunk(OTHER, "o", 80, heading="推進体制")
    last = ("緑山県総合戦略の施策は何本柱？", "４本柱です [1]。（３．施策の４本柱）")
    query = "緑山県総合戦略の施策 3本目は？"

    def before(c: Chunk) -> Chunk | None:
        return title if c is pillars else None

    found = find_member("3本目は？", query, [other, pillars], {}, _none, last, before=before)
    assert found is not None and found.text == "中心市街地のにぎわい創出" and found.lead.endswith("３．施策の４本柱")
    # Without the passage before, the pillars' title is unread and the list nearer the asked words is taken.
    unread = find_member("3本目は？", query, [other, pillars], {}, _none, last)
    assert unread is not None and unread.text == "市町村連絡会議"
    # A count of another noun (4つの会議) names no list: the words decide as before.
    counted = find_member("3本目は？", query, [other, pillars], {}, _none, (last[0], "４つの会議です"), before=before)
    assert counted is not None and counted.text == "市町村連絡会議"


def test_the_passage_before_only_gives_a_lead_in_never_a_list_of_its_own() -> None:
    earlier = _chunk(PLAN, "e", 10)
    after = _chunk("以上のとおり。", "a", 30)
    found = find_member(
        "2つ目は？", "みなと町観光振興プランの重点施策 2つ目は？", [after], {}, _none, before=lambda c: earlier
    )
    assert found is None


def test_a_list_counted_alike_in_another_plan_is_not_the_one_asked() -> None:
    """「青葉市総合計画の5本柱の2本目」: a list titled 「緑川町…の５本柱」 counts alike but names none of the subject."""
    ours = _chunk(
        "青葉市総合計画の５つの柱\n(1)子育て\n(2)仕事\n(3)交通\n(4)防災\n(5)観光", "a", 10, heading="計画の柱"
    )
    theirs = _chunk("緑川町まちづくりの５本柱\n(1)農業\n(2)交通\n(3)医療\n(4)教育\n(5)環境", "b", 40, heading="町の柱")
    q = "青葉市総合計画の5本柱の2本目は？"
    found = find_member(q, q, [theirs, ours], {}, _none)
    assert found is not None and found.text == "仕事"  # 「５つの柱」 counts 柱 as 「5本柱」 does
    assert find_member(q, q, [theirs], {}, _none) is None


def test_a_list_written_within_one_sentence_is_read_member_by_member():
    """「「①A」「②B」…を設置」 and 「①A、②B、③C」 list their members inside a sentence."""
    quoted = _lines("- 推進会議に「①住宅分科会」「②仕事分科会」「③子育て分科会」の3つの分科会を設置。")
    (run,) = inline_enumerations(quoted)
    assert [(e.number, e.text) for e in run] == [(1, "住宅分科会"), (2, "仕事分科会"), (3, "子育て分科会")]
    commas = _lines("重点は①空き家の活用、②移住相談の強化、③就業支援の3点。")
    assert [e.text for e in inline_enumerations(commas)[0]] == ["空き家の活用", "移住相談の強化", "就業支援"]
    # Numbers not counting from ① are no list (a footnote's ③ alone, or ② before ①).
    assert inline_enumerations(_lines("詳細は③を参照。②と①を比較。")) == []


def test_a_member_of_a_list_within_a_sentence_is_found_by_its_place():
    text = "みなと市移住推進会議\n- 推進会議に「①住宅分科会」「②仕事分科会」「③子育て分科会」の3つの分科会を設置。"
    found = find_member("2つ目は？", "みなと市移住推進会議の分科会 2つ目は？", [_chunk(text)], {}, _none)
    assert found is not None and (found.text, found.n, found.size) == ("仕事分科会", 2, 3)
    # The sentence is quoted whole beside the member, its circled numbers as written.
    assert "「②仕事分科会」" in found.lead


def test_a_slide_field_listing_one_value_per_event_is_no_list():
    """「参加者：①…②…」 gives each event's value (`aligned` reads it); 「①48社 ②45社」 are figures, not members."""
    assert inline_enumerations(_lines("参加者：①生徒106名、教員8名②生徒63名、教員8名")) == []
    assert inline_enumerations(_lines("企業数は①48社 ②45社")) == []


def test_references_to_numbered_items_in_prose_are_no_list():
    """「ポイント①及び②を満たす」「①から②へ進む」 point at items written elsewhere; 「①約50件、②約40件」 are figures."""
    assert inline_enumerations(_lines("ポイント①及び②を満たす主体を支援する。")) == []
    assert inline_enumerations(_lines("手続きは①から②へ進む。")) == []
    assert inline_enumerations(_lines("相談は①約50件、②約40件だった。")) == []
    shops = inline_enumerations(_lines("会場（①有楽町店 ②札幌店）"))
    assert [e.text for e in shops[0]] == ["有楽町店", "札幌店"]
    # A figure inside a member is kept whole: only a count after the last member is cut.
    kpis = inline_enumerations(_lines("KPIは①計画の作成数:累計600件、②法人の指定数:累計600法人"))
    assert kpis[0][0].text == "計画の作成数:累計600件"


def test_a_member_ends_before_its_bracketed_note():
    run = inline_enumerations(_lines("視点は①官民連携②デジタル活用③縦割りの打破(分野を越える横串)の3つ"))[0]
    assert [e.text for e in run] == ["官民連携", "デジタル活用", "縦割りの打破"]
