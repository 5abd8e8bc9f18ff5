"""Which named programme answers a field question, on invented records of another ministry's plan."""

from __future__ import annotations

from assistant.answer.from_records import answering_programme
from assistant.records.make import programme_record
from assistant.records.models import Cap, Rate, RecordMatch

LINES = [
    "○「買物弱者」の解消に向けた移動販売の全面展開",
    "流通\t商務局\t令和9年度「買物弱者」解消移動販売全面展開事業\t移動販売車の導入を支援するもの。\t市町村\t1 / 2",
]
# A plan's measure (a name, nothing else) and the scheme funding it (a rate), sharing most of their words.
MEASURE = programme_record("x.txt", LINES, 1, 1, name="「買物弱者」の解消に向けた移動販売の全面展開")
SCHEME = programme_record(
    "x.txt", LINES, 2, 2, name="令和9年度「買物弱者」解消移動販売全面展開事業", rates=[Rate("1 / 2")]
)
Q = "買物弱者を解消する移動販売全面展開事業の補助率は？"


def test_the_scheme_answers_a_rate_when_the_measure_is_better_named_but_holds_none() -> None:
    matches = [RecordMatch(MEASURE, 0.93, words=6), RecordMatch(SCHEME, 0.81, words=7)]
    record, text = answering_programme(matches, Q, None, Q)
    assert record is SCHEME
    assert text is not None and "1 / 2" in text


def test_a_record_naming_fewer_of_the_questions_words_does_not_answer() -> None:
    matches = [RecordMatch(MEASURE, 0.93, words=7), RecordMatch(SCHEME, 0.81, words=5)]
    record, text = answering_programme(matches, Q, None, Q)
    assert (record, text) == (MEASURE, None)  # the best-named stays the subject; the answerer reads the text


# A scheme's block mentions the plan its subsidy pays for: the plan is a record (a name, nothing else) read inside it.
BLOCK = [
    "共同配送推進事業",
    "・港湾物流法に基づく共同配送計画の策定のための調査に要する経費を支援",
    "計画策定経費補助 上限300万円",
]
PLAN = programme_record("y.txt", BLOCK, 2, 2, name="共同配送計画")
DELIVERY = programme_record("y.txt", BLOCK, 1, 3, name="共同配送推進事業", caps=[Cap("上限300万円")])
ELSEWHERE = programme_record(
    "y.txt", [*BLOCK, "", "物流効率化事業 上限100万円"], 5, 5, name="物流効率化事業", caps=[Cap("上限100万円")]
)


def test_the_block_a_plan_was_read_in_answers_for_it() -> None:
    q = "共同配送の共同配送計画をつくる調査費の補助は最大いくら？"
    record, text = answering_programme(
        [RecordMatch(PLAN, 1.0, words=4), RecordMatch(DELIVERY, 0.8, words=2)], q, None, q
    )
    assert record is DELIVERY and text is not None and "上限300万円" in text
    # a record outside the plan's lines naming fewer words still does not answer
    record, text = answering_programme(
        [RecordMatch(PLAN, 1.0, words=4), RecordMatch(ELSEWHERE, 0.8, words=2)], q, None, q
    )
    assert (record, text) == (PLAN, None)


def test_a_part_named_by_what_it_supports_selects_its_own_rates_and_caps() -> None:
    """「研修のほうの支援額は？」 names the part 「研修への支援」 by what it supports: its rate and cap only."""
    from assistant.answer.from_records import _programme_answer_text, names_part

    assert names_part("研修への支援", "研修のほうの支援額は？")
    assert names_part("研修への支援", "研修への支援の支援額は？")
    assert not names_part("研修への支援", "改修への支援の支援額は？")
    lines = ["ひばり村空き家再生事業", "改修への支援 上限100万円 補助率1/2", "研修への支援 上限20万円 補助率定額"]
    record = programme_record(
        "x.txt",
        lines,
        1,
        3,
        name="ひばり村空き家再生事業",
        rates=[Rate("1/2", "改修への支援"), Rate("定額", "研修への支援")],
        caps=[Cap("上限100万円", "改修への支援"), Cap("上限20万円", "研修への支援")],
    )
    text = _programme_answer_text(record, "研修のほうの支援額は？")
    assert text is not None and "上限20万円" in text and "上限100万円" not in text and "1/2" not in text
