"""Questions asking a name in other words than the sentence naming it (`policy.admits_name`, `values.find_name`)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from assistant.answer.policy import AbstainPolicy
from assistant.answer.values import find_name


def _cand(overlap: float, context: float, focus: float, topic: float) -> Any:
    return SimpleNamespace(overlap=overlap, context=context, focus=focus, topic=topic)


def test_a_name_sentence_near_the_subject_but_not_the_asking_words_is_read() -> None:
    # 「ひばり村が独自に考えた、移住前に暮らしを試す制度の呼び名」 against 「ひばり村の「おためし住宅」という制度」:
    # the asking clause is paraphrased (focus 0), the subject ひばり村 is there (topic 1).
    policy = AbstainPolicy()
    assert policy.admits_name(_cand(overlap=0.5, context=0.5, focus=0.0, topic=1.0))
    assert policy.admits_name(_cand(overlap=0.5, context=0.5, focus=1.0, topic=0.0))


def test_a_name_sentence_near_neither_or_sharing_too_few_words_is_not() -> None:
    policy = AbstainPolicy()
    assert not policy.admits_name(_cand(overlap=0.5, context=0.5, focus=0.0, topic=0.0))
    assert not policy.admits_name(_cand(overlap=0.05, context=0.5, focus=1.0, topic=1.0))
    thin = _cand(overlap=0.5, context=0.1, focus=1.0, topic=1.0)  # a passage sharing few words: the gate weighs it
    assert policy.admits_name(thin) and not AbstainPolicy(context_to_gate=False).admits_name(thin)


def test_a_bracketed_name_going_on_in_kana_is_read() -> None:
    question = "鷹山町で新しく開かれた学校は何という学校？"
    assert find_name("(たかやままち)", question) is None  # all kana: a reading, not a name
    assert find_name("(鷹山まるごと学園)", question) == "鷹山まるごと学園"
    assert find_name("新設された学校 (森のこども学園)", question) == "森のこども学園"
    # A bracketed word with its okurigana is a note, not a name: it ends in kana.
    assert find_name("開校は(見込み)です", question) is None
    assert find_name("開校(予定あり)", question) is None


def test_names_only_leaves_out_an_aim_or_a_saying() -> None:
    question = "ひばり村の拠点になっている旧小学校は何という名前？"
    aim = "○「森の学び」に向け、「ひばりラボ」を発足。"
    assert find_name(aim, question, names_only=True) == "ひばりラボ"
    saying = "住民の半数が「村には、昔ながらの考えが残る」と回答。"
    assert find_name(saying, question) == "村には、昔ながらの考えが残る"
    assert find_name(saying, question, names_only=True) is None
