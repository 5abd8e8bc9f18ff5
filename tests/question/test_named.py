"""The term whose meaning a question asks (`question/named.py`), asked by which things it denotes (invented)."""

from __future__ import annotations

from assistant.question.named import meaning_asked


def test_which_things_a_term_denotes_asks_its_meaning() -> None:
    assert meaning_asked("調査で使っている「標準世帯」って、どの世帯のこと？") == "標準世帯"
    assert meaning_asked("「準都市圏」とは、どの範囲を指すのですか。") == "準都市圏"
    assert meaning_asked("報告書でいう広域交流人口って、どの人たちを言うの？") == "広域交流人口"


def test_which_one_of_a_term_asks_no_meaning() -> None:
    # Where or which of the things it names is asked, not what the term means.
    assert meaning_asked("「標準世帯」ってどの地域で多い？") == ""
    assert meaning_asked("標準世帯はどの市のこと？") == ""
