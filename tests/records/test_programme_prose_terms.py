"""Terms prose states around a programme (who it designates, the date a note says it runs from), on invented layouts."""

from __future__ import annotations

from assistant.records.make import programme_record
from assistant.records.programme import extract_programmes
from assistant.records.programme_prose_terms import designated, read_prose_terms, started

# another ministry's bill outline: a designation scheme as a numbered 【heading】, its terms in bullets below it
OUTLINE = """3【人材の確保】地域の担い手を育成する団体(地域担い手育成法人※1)の指定制度の創設

※1法律上は「担い手育成支援法人」

- 知事は林業の担い手育成に関する活動を行う一般社団法人、森林組合等を地域担い手育成法人として指定可
- 知事は研修情報を提供
- 4【関係者の連携】 担い手確保のための協議会制度の創設
- 市町村は協議会を組織可能""".split("\n")


def _outline_record():
    return programme_record("y.txt", OUTLINE, 1, 1, name="地域担い手育成法人の指定制度")


def test_a_designation_reads_the_parties_it_may_go_to() -> None:
    (got,) = read_prose_terms("y.txt", OUTLINE, [_outline_record()])
    assert got.eligible == ("一般社団法人、森林組合等",)  # the clause 「…活動を行う」 describes them; 知事 designates
    assert any(s.line_start == 5 for s in got.sources)  # the bullet read is a source


def test_a_designation_under_another_heading_is_not_read() -> None:
    other = programme_record("y.txt", OUTLINE, 6, 6, name="担い手確保のための協議会制度")
    assert read_prose_terms("y.txt", OUTLINE, [other])[0].eligible == ()


def test_designated_needs_the_scheme_as_the_role() -> None:
    sentence = "県は、空き店舗の活用に取り組むまちづくり会社、商工会等を商店街再生推進法人として認定する"
    assert designated(sentence, ["商店街再生推進法人"]) == ["まちづくり会社、商工会等"]
    assert designated(sentence, ["空き店舗活用補助金"]) == []  # another scheme's designation says nothing of this one
    assert designated("**NPO法人等**を地域交流拠点として登録", ["地域交流拠点"]) == ["NPO法人等"]  # bold marks dropped


# another prefecture's council page: a working group, and a note below saying since when it runs
COUNCIL = """- 「県移住定住推進協議会」内に「①住まい部会」「②しごと部会」の2つのワーキンググループを設置。
- 部会ごとに課題を整理し、次年度予算への提言を行う。 ※本ワーキンググループ体制は令和7年4月～""".split("\n")


def test_a_note_says_since_when_a_body_runs() -> None:
    group = programme_record("z.txt", COUNCIL, 1, 1, name="ワーキンググループ")
    (got,) = read_prose_terms("z.txt", COUNCIL, [group])
    assert got.period == "令和7年4月～"


def test_started_reads_only_a_note_about_the_scheme() -> None:
    assert started("※本相談窓口は令和6年10月～", ["相談窓口"]) == "令和6年10月～"
    assert started("※本相談窓口は令和6年10月～", ["移住支援金"]) is None
    # a narrative start date is the scheme's history, not its period
    assert started("令和5年4月より「まちバス」の運行を開始した。", ["まちバス"]) is None


def test_a_field_the_record_has_is_kept() -> None:
    held = programme_record("y.txt", OUTLINE, 1, 1, name="地域担い手育成法人の指定制度", eligible=["知事が認める団体"])
    assert read_prose_terms("y.txt", OUTLINE, [held])[0].eligible == ("知事が認める団体",)


def test_a_table_row_is_left_as_read() -> None:
    table = ["分野\t事業名\t概要\t支援対象", "林業\t担い手育成事業\t研修を支援するもの。\t森林組合等"]
    row = programme_record("t.txt", table, 2, 2, name="担い手育成事業")
    assert read_prose_terms("t.txt", table, [row]) == [row]


def test_the_corpus_designation_reads_its_parties(corpus) -> None:
    records = extract_programmes("001_66b98a4b6793b39c.txt", corpus["001"])
    (got,) = [r for r in records if "二地域居住等支援法人" in r.name and "指定制度" in r.name]
    assert got.eligible == ("NPO法人、民間企業(例:不動産会社)等",)
