"""An event's round asked by its number (`answer/round_value.py`): 「2回目はいつ」 over a slide's ①②③ fields (invented
slides)."""

from __future__ import annotations

from assistant.answer.aligned import aligned_answer
from assistant.answer.round_value import LAST, asked_position, ordinal_value, round_asked
from assistant.evals.metrics import lead_of
from assistant.question.kinds import analyze
from assistant.types import Chunk, Citation, Hit


def _chunk(text: str, line_start: int = 1) -> Chunk:
    return Chunk("c", "doc.txt", "資料", "", line_start, line_start + text.count("\n"), text, text)


SERIES = (
    "■ 星空観察会の開催［町］\n"
    "\n"
    "開催日：①令和6年7月6日\n"
    "②令和6年8月3日③9月7日\n"
    "場 所：①北山公園 ②南浜緑地 ③オンライン\n"
    "概 要：天文台と連携した観察会を開催。"
)
SERIES_IDF = {t: 4.0 for t in ("ホシゾラ", "観察", "スイゾク")}


def test_a_member_asked_by_its_number_is_the_item_at_that_position() -> None:
    """「2回目はいつ」 names no item: the number is the position in the field of the asked kind."""
    chunk = _chunk(SERIES)
    for q, value in (
        ("星空観察会の1回目はいつ？", "令和6年7月6日"),
        ("星空観察会の第2回はいつ開かれた？", "令和6年8月3日"),
        ("星空観察会の3回目の会場は？", "オンライン"),
        ("星空観察会の2つ目の場所はどこ？", "南浜緑地"),
        ("星空観察会の初回はいつ？", "令和6年7月6日"),
        ("星空観察会の最後の回の会場は？", "オンライン"),
        ("星空観察会の最終回はいつ？", "9月7日"),
    ):
        found = ordinal_value(q, analyze(q), [chunk], SERIES_IDF)
        assert found is not None and found.value == value, q


def test_no_item_by_number_for_another_subject_a_missing_place_or_field() -> None:
    chunk = _chunk(SERIES)
    q = "水族館ツアーの2回目はいつ？"  # the lines above the field are about another event
    assert ordinal_value(q, analyze(q), [chunk], SERIES_IDF) is None
    q = "星空観察会の4回目はいつ？"  # three were held
    assert ordinal_value(q, analyze(q), [chunk], SERIES_IDF) is None
    q = "星空観察会の2回目の参加費はいくら？"  # no field holds an amount
    assert ordinal_value(q, analyze(q), [chunk], SERIES_IDF) is None
    q = "星空観察会はいつ？"  # no number asked
    assert ordinal_value(q, analyze(q), [chunk], SERIES_IDF) is None


def test_an_answer_by_number_quotes_the_field_once() -> None:
    q = "星空観察会の2回目の会場は？"
    found = ordinal_value(q, analyze(q), [_chunk(SERIES)], SERIES_IDF)
    assert found is not None

    def citation(n: int, hit: Hit, quote: str, start: int, end: int) -> Citation:
        c = hit.chunk
        return Citation(n, c.chunk_id, c.doc, c.title, None, c.text, quote, c.line_start, c.line_end, start, end)

    answer = aligned_answer(found, q, citation).answer
    assert lead_of(answer.answer) == "南浜緑地です " and answer.answer.count("場所:") == 1
    assert answer.citations[0].quote_line_start == 5  # the place field's own line


def test_a_follow_ups_subject_is_read_above_the_field_and_the_last_is_no_list_member() -> None:
    """「最後の回の会場は？」 names no event: the carried query does. 「最後の柱」 asks a list's member, not a round."""
    chunk = _chunk(SERIES)
    q = "最後の回の会場は？"
    assert ordinal_value(q, analyze(q), [chunk], SERIES_IDF) is None
    found = ordinal_value(q, analyze(q), [chunk], SERIES_IDF, about="星空観察会の初回 最後の回の会場は？")
    assert found is not None and found.value == "オンライン" and found.position == 2
    assert asked_position("最後の柱は？") is None and asked_position("最後の回は？") == LAST


def test_two_rounds_or_a_word_holding_a_round_word_ask_no_position() -> None:
    for q in (
        "初回と3回目の日付は？",
        "1回目、3回目の会場は？",
        "2回目と最終回の会場は？",
        "最終回答期限はいつ？",
        "最後の回答者数は？",
        "相談窓口は初回無料？",
        "最後の柱は？",
    ):
        assert asked_position(q) is None, q
    assert asked_position("第2回目の会場は？") == 1 and asked_position("最後の会合はいつ？") == LAST


def test_the_block_asked_about_is_the_one_titled_above_the_field() -> None:
    """The nearest title above the field names the event whose rounds it lists, not a title further up."""
    slide = "■ 星空観察会\n天文台と連携し年3回開催。\n■ 水族館ツアー\n開催日：①5月1日②6月1日③7月1日"
    q = "星空観察会の2回目はいつ？"
    assert ordinal_value(q, analyze(q), [_chunk(slide)], SERIES_IDF) is None
    both = (
        "■ 星空観察会・水族館ツアーの実施\n・水族館ツアー\n開催日：①5月1日②6月1日\n・星空観察会\n開催日：①8月1日②9月1日"
    )
    found = ordinal_value(q, analyze(q), [_chunk(both)], SERIES_IDF)
    assert found is not None and found.value == "9月1日"


def test_a_field_the_question_names_or_the_events_own_date_is_read() -> None:
    slide = "■ 星空観察会の開催\n申込締切日：①6月28日②7月26日③8月30日\n開催日：①7月6日②8月3日③9月7日"
    for q, value in (
        ("星空観察会の2回目の開催日は？", "8月3日"),
        ("星空観察会の最終回はいつ？", "9月7日"),
        ("星空観察会の2回目の申込締切日はいつ？", "7月26日"),
    ):
        found = ordinal_value(q, analyze(q), [_chunk(slide)], SERIES_IDF)
        assert found is not None and found.value == value, q
    deadlines = "■ 星空観察会の開催\n申込締切日：①6月28日②7月26日\n支払期日：①7月1日②7月29日"
    q = "星空観察会の2回目はいつ？"  # two dates, neither named nor the event's: no one answer
    assert ordinal_value(q, analyze(q), [_chunk(deadlines)], SERIES_IDF) is None


def test_a_place_name_in_the_title_is_read_as_the_tokeniser_reads_it() -> None:
    slide = "■ 岩見沢市創業相談会\n開催日：①5月8日②6月12日③7月10日"
    q = "岩見沢市の創業相談会の3回目はいつ？"
    idf = {"イワミザワ": 6.0, "創業": 2.5, "相談": 2.2}
    found = ordinal_value(q, analyze(q), [_chunk(slide)], idf)
    assert found is not None and found.value == "7月10日"


def test_a_follow_up_asks_the_round_its_carried_subject_names() -> None:
    """「場所は？」 after 「星空観察会、初回の開催日は？」: the turn names no round, the subject it carries does; the turn's
    own words then choose the field (the carried 開催日 does not)."""
    query = "星空観察会、初回の開催日 場所は？"
    assert round_asked("場所は？", query) == "初回 場所は？"
    assert round_asked("星空観察会の2回目はいつ？", "星空観察会の2回目はいつ？") == "星空観察会の2回目はいつ？"
    assert round_asked("場所は？", "星空観察会 場所は？") is None  # no round carried
    assert round_asked("場所は？") is None
    found = ordinal_value(
        round_asked("場所は？", query) or "", analyze("場所は？"), [_chunk(SERIES)], SERIES_IDF, query
    )
    assert found is not None and found.value == "北山公園"
    query = "星空観察会の2回目 その会場は？"
    asking = round_asked("その会場は？", query) or ""
    found = ordinal_value(asking, analyze("その会場は？"), [_chunk(SERIES)], SERIES_IDF, query)
    assert found is not None and found.value == "南浜緑地"


def test_no_round_carried_into_a_turn_asking_every_round_or_naming_its_own_thing() -> None:
    """「毎回の会場は？」「全部で何社？」 ask all rounds; 「水族館ツアーの会場は？」 names another event."""
    query = "星空観察会、初回の開催日 {}"
    for turn in ("毎回の会場は？", "全部で何か所？", "それぞれの会場は？", "水族館ツアーの会場は？"):
        assert round_asked(turn, query.format(turn)) is None, turn


FAIR = (
    "○みどり町合同企業説明会\n"
    "開催日：①令和6年6月3日②6月17日\n"
    "場 所：①中央会館②北部支所\n"
    "企業数：①22社 ②18社\n"
    "参加者：①学生61名、教員5名②学生40名、教員3名"
)
FAIR_IDF = {t: 4.0 for t in ("ミドリ", "合同", "企業", "説明")}


def test_a_field_asked_by_its_label_alone_is_read_at_the_carried_round() -> None:
    """「参加者は？」 with the second round carried: the label names the field, whatever kind of value it holds."""
    q = "2回目 参加者は？"
    found = ordinal_value(q, analyze("参加者は？"), [_chunk(FAIR)], FAIR_IDF, "みどり町合同企業説明会 2回目 参加者は？")
    assert found is not None and found.value == "学生40名、教員3名"
    # No label of the block written: no field is read.
    q = "2回目 感想は？"
    assert (
        ordinal_value(q, analyze("感想は？"), [_chunk(FAIR)], FAIR_IDF, "みどり町合同企業説明会 2回目 感想は？") is None
    )
