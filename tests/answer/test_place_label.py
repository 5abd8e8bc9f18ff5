"""A "where" question answered by a case's bullet line reads the town off the case's bracketed title (invented)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer.extract import Candidate
from assistant.answer.passage_lead import support_window
from assistant.answer.place_label import block_place
from assistant.answer.values import find_value
from assistant.ingest.chunking import Sentence, split_sentences
from assistant.question.kinds import MUNICIPALITY, analyze
from assistant.question.rules import asks_a_site
from assistant.types import Chunk, Hit

SLIDE = (
    "空き家再生拠点(長野県あおば町)\n・町と地元工務店が空き家を改修\n・移住者向けのお試し住宅として貸出\n\n"
    "【高知県みなと市】 港のにぎわい\n・漁協の直売所を観光案内所と一体化"
)


def _at(text: str, sentence: str, nth: int = 0) -> Candidate:
    """The candidate of the ``nth`` copy of ``sentence`` as it stands in the passage ``text``."""
    start = text.find(sentence)
    for _ in range(nth):
        start = text.find(sentence, start + 1)
    chunk = Chunk("c0", "doc.txt", "事例集", "", 1, 8, text, text)
    return Candidate(
        Hit(chunk, 1.0, rank=1), Sentence(1, 1, start, start + len(sentence), sentence),
        1.0, 0.5, 0.5, None, 0.5, 0.5, True, True, 1, 1, sentence,
    )  # fmt: skip


def test_a_municipality_is_read_with_its_prefecture() -> None:
    assert MUNICIPALITY.search("【高知県みなと市】").group(1) == "高知県みなと市"
    assert MUNICIPALITY.search("(北海道ひがし町・にし村)").group(1) == "北海道ひがし町"
    # A word ending in 町 with no prefecture is not a place value (「城下町」「門前町」).
    assert MUNICIPALITY.search("城下町の景観を守る") is None
    # A town in a district is read whole with its 郡.
    assert MUNICIPALITY.search("長野県北佐久郡軽井沢町で実施").group(1) == "長野県北佐久郡軽井沢町"


@pytest.mark.parametrize(
    "phrase",
    ["東京都市町村", "北海道の町村", "北海道内の市町村", "東京都内の市町村と連携", "福島県全域の市町村", "北海道町村会",
     "千葉県の各市", "神奈川県の都市部", "静岡県の町並み", "大分県の朝市"],
)  # fmt: skip
def test_an_ordinary_phrase_after_a_prefecture_is_not_a_municipality(phrase: str) -> None:
    assert MUNICIPALITY.search(phrase) is None


def test_a_where_question_finds_a_town_named_in_a_sentence() -> None:
    intent = analyze("お試し住宅の取組はどこの町？")
    assert find_value("事例: 長野県あおば町の空き家再生", intent, set()) == "長野県あおば町"
    # Which company invested asks a body: the town beside it is not the answer.
    body = analyze("あおば町の空き家再生に出資した地元企業はどこ？")
    assert find_value("事例: 長野県あおば町の空き家再生", body, set()) is None
    # The town the question already names is not where it is (「あおば町の…はどこで」).
    named = analyze("あおば町のお試し住宅はどこで貸し出している？")
    assert find_value("長野県あおば町では空き家をお試し住宅として貸し出す", named, set()) is None


def test_the_bullet_line_answers_where_with_its_cases_title() -> None:
    question = analyze("空き家をお試し住宅に活用した例があるのはどこの町？").text
    assert block_place(_at(SLIDE, "・移住者向けのお試し住宅として貸出"), question) == "長野県あおば町"
    # The next case's bullet is read with its own title, not the one before it.
    assert block_place(_at(SLIDE, "・漁協の直売所を観光案内所と一体化"), question) == "高知県みなと市"


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # A case titled with no town after one titled with a town: its bullets are not the first case's.
        ("【長野県あおば町】 空き家再生\n・お試し住宅を貸出\n\n地域交通の再編(令和6年)\n・デマンド交通を導入",
         "・デマンド交通を導入"),
        ("【長野県あおば町】 空き家再生\n・お試し住宅を貸出\n\n商店街の再生(駅前地区)\n・デマンド交通を導入",
         "・デマンド交通を導入"),
        # A heading and prose after a case are not the case.
        ("【長野県あおば町】 空き家再生\n・お試し住宅を貸出\n\n■ 全国の動向\n各地でデマンド交通を導入している。",
         "各地でデマンド交通を導入している。"),
        # The passage begins inside a block: its title is not in it.
        ("・お試し住宅を貸出(長野県あおば町)\n・デマンド交通を導入", "・デマンド交通を導入"),
    ],
)  # fmt: skip
def test_a_block_with_no_town_in_its_title_gives_nothing(text: str, sentence: str) -> None:
    assert block_place(_at(text, sentence), "デマンド交通を導入したのはどこの町？") is None


def test_a_cases_bullets_go_on_after_a_blank_line_and_a_title_without_bullets_heads_its_lines() -> None:
    text = "バス事業(長野県あおば町)\n・町が住民と議論\n\n・全国で初めて\n定常運行を実現\n\n【高知県みなと市】\n港の拠点\n観光案内所を整備"
    assert block_place(_at(text, "・全国で初めて"), "定常運行に移行した町はどこ？") == "長野県あおば町"
    assert block_place(_at(text, "観光案内所を整備"), "観光案内所を整備したのはどこの市？") == "高知県みなと市"


def test_of_two_identical_bullets_the_one_chosen_is_read_with_its_own_title() -> None:
    text = "【高知県みなと市】 港\n・地域おこし協力隊を活用\n\n【長野県あおば町】 山\n・地域おこし協力隊を活用"
    second = _at(text, "・地域おこし協力隊を活用", nth=1)
    assert block_place(second, "地域おこし協力隊を活用したのはどこの町？") == "長野県あおば町"


def test_a_venue_asked_or_a_town_the_question_names_is_not_answered_with_the_title() -> None:
    text = "【島根県たたら市】 技術交流フェア\n・市民体育館で企業展示会を開催\n・町内の病院と商業施設を結ぶ"
    bullet = _at(text, "・市民体育館で企業展示会を開催")
    assert block_place(bullet, "企業展示会を開催したのはどこの市？") == "島根県たたら市"
    assert block_place(bullet, "企業展示会の会場はどこ？") is None
    assert block_place(bullet, "企業展示会はどこで行われた？") is None
    assert block_place(bullet, "たたら市で企業展示会を開催したのはどこの市？") is None
    assert block_place(_at(text, "・町内の病院と商業施設を結ぶ"), "このバスはどこを結んでいる？") is None


def test_of_a_title_listing_two_towns_the_one_the_bullet_names_answers() -> None:
    text = "【福島県ひがし市・にし町】 ロボット産業\n・にし町に滑走路を整備\n・実証施設を整備"
    question = "整備したのはどこの町？"
    assert block_place(_at(text, "・にし町に滑走路を整備"), question) == "福島県にし町"
    assert block_place(_at(text, "・実証施設を整備"), question) == "福島県ひがし市・にし町"


def test_no_title_above_gives_nothing() -> None:
    text = "町の取組\n・移住者向けのお試し住宅として貸出"
    question = analyze("お試し住宅があるのはどこ？").text
    assert block_place(_at(text, "・移住者向けのお試し住宅として貸出"), question) is None


def test_who_did_it_asks_a_body_not_a_town() -> None:
    assert not asks_a_site(analyze("この改修はどこが実施した？").text)
    assert not asks_a_site(analyze("どこの会社が改修した？").text)
    assert asks_a_site(analyze("この事例はどこの町？").text)
    assert asks_a_site(analyze("どこが会場？").text)
    assert asks_a_site(analyze("どこが開催地に選ばれた？").text)
    question = analyze("空き家の改修はどこが行った？").text
    assert block_place(_at(SLIDE, "・町と地元工務店が空き家を改修"), question) is None


class _Info:
    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.tokens = [frozenset[str]() for _ in sentences]


class _Scorer:
    """The scorer's two calls a window makes: the passage's sentences, and a weight (none shared here)."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.info = _Info(sentences)

    def analysis(self, chunk: Chunk) -> _Info:
        return self.info

    def weight(self, tokens: set[str]) -> float:
        return float(len(tokens))


def test_the_quote_reaches_up_to_the_title_the_key_was_read_from() -> None:
    """The key read off a case's title above the answering bullet stands in the quoted window."""
    sentences = split_sentences(SLIDE)
    bullet = next(s for s in sentences if "お試し住宅" in s.clean)
    best = replace(_at(SLIDE, "・移住者向けのお試し住宅として貸出"), sentence=bullet)
    question = analyze("お試し住宅に活用した例があるのはどこの町？").text
    key = block_place(best, question)
    text, quote, _, _ = support_window(_Scorer(sentences), best, question, 120, key)  # type: ignore[arg-type]
    assert key == "長野県あおば町" and "長野県あおば町" in text and "お試し住宅" in quote
    # Without a key, the window need not reach the title: it prefers the sentences after the answering one.
    plain, _, _, _ = support_window(_Scorer(sentences), best, question, 120)  # type: ignore[arg-type]
    assert "お試し住宅" in plain and "長野県あおば町" not in plain
