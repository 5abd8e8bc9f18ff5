"""The focus words a passage can be judged by (`answer/written_focus.py`), invented examples."""

from __future__ import annotations

from assistant.answer.written_focus import written_focus


def test_a_single_character_the_corpus_never_writes_is_no_focus_word() -> None:
    idf = {"市": 2.1, "町": 2.3, "漁港": 4.0}
    # 「連携協定を結ぶ根室の市町」 cut as 根 / 室 in the question, while the documents write 根室 whole.
    assert written_focus({"室", "市", "町"}, idf) == {"市", "町"}


def test_near_miss_a_longer_unknown_word_or_a_known_single_character_stays() -> None:
    # 「除雪費の補助の上限」 against documents that never speak of 除雪: the question asks what they do not say.
    idf = {"補助": 2.2, "上限": 2.5}
    assert written_focus({"除雪", "補助", "上限"}, idf) == {"除雪", "補助", "上限"}
    assert written_focus({"港", "補助"}, {"港": 3.0, "補助": 2.2}) == {"港", "補助"}
