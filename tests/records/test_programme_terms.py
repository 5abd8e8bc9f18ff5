"""Named policies recognised over a corpus (no scheme word, no quotes), invented prose."""

from __future__ import annotations

from assistant.records.make import programme_record
from assistant.records.programme_terms import extract_policy_terms

_A = [
    "はじめに",
    "・ブルーカーボンの推進や藻場の保全を通じて、沿岸の環境を守る。",  # acted on, a coined loanword
    "・人材育成の推進と地域資源の活用を図る。",  # all-kanji activities and fields: descriptions, not names
    "・デジタル技術の活用を進める。",  # a generic head
]
_B = [
    "沿岸の町では、ブルーカーボンに関する調査を行った。",
    "また、人材育成の推進に取り組む。",
    "ソーラーシェアリングの導入を検討した。",  # acted on, but in one document only
]


def _names(records) -> list[tuple[str, str, int]]:
    return [(r.doc, r.name, r.line_start) for r in records]


def test_a_coined_term_acted_on_and_recurring_is_a_programme_in_each_document() -> None:
    got = _names(extract_policy_terms([("a.txt", _A), ("b.txt", _B)], []))
    # read where a document acts on it, else at its first mention
    assert got == [("a.txt", "ブルーカーボン", 2), ("b.txt", "ブルーカーボン", 1)]


def test_a_term_copied_in_one_sentence_does_not_recur() -> None:
    line = "・ソーラーシェアリングやバイオ炭の創出等を推進する。"
    # two documents carry the same sentence: one use, not two
    assert extract_policy_terms([("a.txt", [line]), ("b.txt", [line])], []) == []
    other = "ソーラーシェアリングの事例を紹介する。"
    got = _names(extract_policy_terms([("a.txt", [line]), ("b.txt", [other])], []))
    assert got == [("a.txt", "ソーラーシェアリング", 1), ("b.txt", "ソーラーシェアリング", 1)]


def test_an_adjectival_word_is_part_of_a_name() -> None:
    a = ["小さなまちの推進に取り組む。", "企業版まちづくり減税を活用した。"]
    b = ["小さなまちを核とした地域。"]
    got = _names(extract_policy_terms([("a.txt", a), ("b.txt", b)], []))
    assert ("a.txt", "小さなまち", 1) in got and ("b.txt", "小さなまち", 1) in got


def test_a_term_already_a_record_of_the_document_is_not_read_again() -> None:
    known = programme_record("a.txt", _A, 2, 2, name="ブルーカーボン推進")
    got = _names(extract_policy_terms([("a.txt", _A), ("b.txt", _B)], [known]))
    assert got == [("b.txt", "ブルーカーボン", 1)]


def test_a_loanword_tagged_adjectival_opens_the_compound() -> None:
    # unidic tags クリーン and ユニバーサル as 形状詞: the term is 「クリーン物流」, not 「物流」
    a = ["・クリーン物流の導入を進める。", "ユニバーサルツーリズムの普及に取り組む。"]
    b = ["港湾ではクリーン物流に関する実証を行った。", "ユニバーサルツーリズムの事例を紹介する。"]
    got = _names(extract_policy_terms([("a.txt", a), ("b.txt", b)], []))
    assert ("a.txt", "クリーン物流", 1) in got and ("b.txt", "クリーン物流", 1) in got
    assert ("a.txt", "ユニバーサルツーリズム", 2) in got


def test_a_loanword_adjective_written_with_na_is_no_part_of_a_name() -> None:
    # 「クリーンな物流」: an adjective of the sentence; 物流 alone is an all-kanji field, not a name
    a = ["・クリーンな物流の導入を進める。"]
    b = ["港湾ではクリーンな物流に関する実証を行った。"]
    assert extract_policy_terms([("a.txt", a), ("b.txt", b)], []) == []
