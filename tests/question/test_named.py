"""The term whose meaning a question asks (`question/named.py`), asked by which things it denotes (invented)."""

from __future__ import annotations

from assistant.question.named import meaning_asked


def test_which_things_a_term_denotes_asks_its_meaning() -> None:
    assert meaning_asked("案内に出てくる「協力店舗」って、どの店のこと？") == "協力店舗"
    assert meaning_asked("「準都市圏」とは、どの範囲を指すのですか。") == "準都市圏"
    assert meaning_asked("報告書でいう広域交流人口って、どの人たちを言うの？") == "広域交流人口"


def test_which_one_of_a_term_asks_no_meaning() -> None:
    # Where or which of the things it names is asked, not what the term means.
    assert meaning_asked("「標準世帯」ってどの地域で多い？") == ""
    assert meaning_asked("標準世帯はどの市のこと？") == ""


def test_another_thing_asked_with_which_is_no_meaning() -> None:
    # 指摘・指定・指名 start like を指す, 「のことを優先」 goes on to a verb, どのくらい asks an amount.
    assert meaning_asked("有識者会議って、どの課題を指摘している？") == ""
    assert meaning_asked("地域振興交付金って、どの事業を指定しているの？") == ""
    assert meaning_asked("防災拠点整備って、どの地域のことを優先してる？") == ""
    assert meaning_asked("オンライン診療って、どのくらいのことまでできる？") == ""


def test_a_sentence_adverb_before_the_question_word_still_asks_the_meaning() -> None:
    # つまり, 要するに, 具体的には colour the asking; what is asked is still what the term means.
    assert meaning_asked("広域連携バスって、つまりどんな乗り物のことを言うの？") == "広域連携バス"
    assert meaning_asked("里山保全協定とは、要するに何？") == "里山保全協定"
    assert meaning_asked("生活交通圏って、具体的にはどんな範囲を指すの？") == "生活交通圏"


def test_near_miss_a_sentence_adverb_before_another_question_is_no_meaning() -> None:
    assert meaning_asked("広域連携バスって、つまりどういう路線が無料？") == ""
    assert meaning_asked("広域連携バスって、結局どこで乗れる？") == ""
