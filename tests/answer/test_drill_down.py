"""A drill-down into what the user just read: the last answer's passage, its lead, a part of its whole.

Every example is invented (bodies, towns and figures that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.drill_down import compact, lead_of, shown_passages, shown_pieces, with_shown_passages
from assistant.answer.extract import Candidate
from assistant.answer.follow_up import kind_nouns
from assistant.answer.values import find_value
from assistant.ingest.chunking import Sentence
from assistant.question.kinds import VALUE_PATTERNS, QueryIntent, analyze
from assistant.question.words import asked_part
from assistant.types import Hit

from .listed_passages import ListedPassages, passage

LIST = "○市町村（40） ○民間企業、大学等（48）"
WHOLE = "県内88の団体が会員として名を連ねている。"


def test_the_lead_is_the_answers_first_passage() -> None:
    two = "みどり会は駅前通りに約2億円を寄付した。 [1] 会員は毎年10万円を納める。 [2]"
    assert lead_of(two) == "みどり会は駅前通りに約2億円を寄付した。 [1]"
    one = "88団体です [1]。（県内88の団体が会員として名を連ねている。）"
    assert lead_of(one) == one


def test_the_passage_the_last_answer_quoted_is_found_again_with_its_neighbours() -> None:
    shown, other, after = passage("a", WHOLE), passage("b", "ひかり市の人口は約3万人。"), passage("c", LIST)
    neighbours = {"a": [after], "b": [], "c": []}
    answer = f"88の団体です [1]。（{WHOLE}）"
    found = shown_passages(answer, ListedPassages([other, shown]), lambda c: neighbours[c.chunk_id])
    assert [c.chunk_id for c in found] == ["a", "c"]
    assert shown_passages("資料には該当する記載が見つかりませんでした。", ListedPassages([shown]), lambda c: []) == []
    assert all(len(p) >= 10 for p in shown_pieces(answer)) and compact(WHOLE) in shown_pieces(answer)


def test_the_shown_passages_follow_the_hits_once() -> None:
    first = Hit(passage("a", WHOLE), 0.8, 1)
    pool = with_shown_passages([first], [passage("a", WHOLE), passage("c", LIST)])
    assert [h.chunk.chunk_id for h in pool] == ["a", "c"]
    assert pool[1].rank == 2 and pool[1].score == 0.8


def _cand(text: str, score: float) -> Candidate:
    sentence = Sentence(1, 1, 0, len(text), text)
    hit = Hit(passage("c0", text), score, rank=1)
    return Candidate(hit, sentence, score, 0.5, 0.5, None, 0.5, 0.5, True, True, 1, 1, text)


def test_a_part_of_the_last_answers_whole_is_read_from_its_breakdown() -> None:
    """「そのうち市町村は？」 after 88 member bodies: the bracketed number written after the part."""
    intent = QueryIntent(analyze("そのうち市町村は？").text, ("count",), "general")
    assert asked_part(intent.text) == "市町村"
    assert find_value(LIST, intent) == "40"
    assert find_value(WHOLE, intent) is None  # the whole's sentence never names the part
    # A word written two ways is one part: 「自治体」 asked, 「地方公共団体」 written.
    other = QueryIntent(analyze("うち自治体は？").text, ("count",), "general")
    assert find_value("○地方公共団体（40） ○企業（12）", other) == "40"
    assert asked_part(analyze("うち目標は？").text) is None  # a field, not a part


def test_a_noun_naming_the_kind_asked_is_answered_by_the_value_itself() -> None:
    assert {"時期", "時点"} <= kind_nouns("2019年4月")
    assert "料金" in kind_nouns("500円")
    assert "期間" in kind_nouns("今後2~3年程度")
    assert "料金" not in kind_nouns("2019年4月") and kind_nouns(None) == frozenset()


def test_a_span_of_years_is_a_quantity_and_a_calendar_year_is_not() -> None:
    pattern = VALUE_PATTERNS["quantity"]
    assert pattern.search("今後2~3年程度で成果をまとめる").group(0) == "今後2~3年程度"
    assert pattern.search("3年以内に整備する").group(0) == "3年以内"
    assert pattern.search("令和5年程度") is None and pattern.search("2024年に開始") is None


def test_a_period_asked_as_when_may_be_answered_by_its_length() -> None:
    """「期間はいつまで？」 where the goal is set 「開始後3年間で」: the length is the period."""
    intent = analyze("期間はいつまで？")
    assert (find_value("目標:開始後3年間で累計200件", intent) or "").endswith("3年間")
    assert find_value("令和8年3月末まで受け付ける", intent) == "令和8年3月末まで"  # a date still comes first
    assert find_value("開始後3年間で累計200件", analyze("いつまで？")) is None  # no period asked
