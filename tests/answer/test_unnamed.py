"""A name asked that the cited passages speak of and never give (`answer.unnamed`), on invented passages."""

from __future__ import annotations

from assistant.answer.unnamed import Asked, asked_name, name_unstated, unnamed
from assistant.text.normalize import normalize
from assistant.types import Chunk


def _chunk(text: str) -> Chunk:
    return Chunk("c", "doc.txt", "資料", "", 1, 1 + text.count("\n"), text, normalize(text))


def test_the_thing_or_role_whose_name_is_asked() -> None:
    assert asked_name("青葉町の高校生がつくったサークル、名前は何？") == Asked("サークル", False)
    assert asked_name("その協議会の正式名称を教えて") == Asked("協議会", False)
    assert asked_name("何というアプリで申し込む？") == Asked("アプリ", False)
    assert asked_name("まちづくり会社の社長は誰ですか") == Asked("社長", True)
    assert asked_name("審査会の座長はどなた？") == Asked("座長", True)
    assert asked_name("サークルは何人で始めた？") is None


def test_a_thing_written_only_bare_has_no_name_stated() -> None:
    """The group is spoken of (「…がサークルを結成」), never named: not stated."""
    passage = [_chunk("青葉町では高校生がサークルを結成し、空き店舗の活用に取り組んでいる。")]
    assert name_unstated("高校生がつくったサークル、名前は何？", passage)
    assert unnamed("高校生がつくったサークル、名前は何？", "sentences", passage, None, "") == "unnamed"
    # A record's answer is found by its name, not by these passages.
    assert unnamed("高校生がつくったサークル、名前は何？", "records", passage, None, "") == ""


def test_a_name_bound_to_the_thing_anywhere_leaves_the_answer() -> None:
    """「サークル『あおば座』」, 「『あおば座』というサークル」 and a compound name (あおば座サークル) each name it."""
    for text in (
        "高校生がサークル「あおば座」を結成した。",
        "高校生が「あおば座」というサークルを結成した。",
        "高校生がアオバザサークルを結成した。",
    ):
        assert not name_unstated("高校生のサークルの名前は？", [_chunk("サークルの活動は週1回。"), _chunk(text)]), text


def test_a_thing_never_written_is_left_to_the_gate() -> None:
    """The passages do not write the thing at all (a paraphrase may name it otherwise): no decision."""
    assert not name_unstated("高校生のサークルの名前は？", [_chunk("高校生の団体が空き店舗を改修した。")])


def test_a_word_inside_a_longer_word_is_no_writing_of_it() -> None:
    """「大学生団体」 writes no 学生団体: only the bare 「学生団体を設立」 counts, and it names none."""
    passage = [_chunk("都市部の大学生団体と連携した。東京の大学生が学生団体を設立した。")]
    assert name_unstated("その学生団体の正式名称は？", passage)
    assert not name_unstated("その学生団体の正式名称は？", [_chunk("都市部の大学生団体と連携した。")])


def test_a_quoted_name_answering_the_question_is_given() -> None:
    """「取組の名前」 answered by the quoted 「青葉で週末農業」: the name is given wherever 取組 stands."""
    sentence = normalize("県は2020年から「青葉で週末農業」を開始した。この取組への参加者は多い。")
    passage = [_chunk(sentence)]
    assert not name_unstated("県の取組の名前は？", passage, "青葉で週末農業", sentence)
    assert name_unstated("県の取組の名前は？", passage, None, sentence)


def test_a_role_needs_a_person_or_a_holder_bound_to_it() -> None:
    passage = [_chunk("運営は協議会長に一任し、事業の進捗を管理している。")]
    assert name_unstated("協議会の会長は誰？", passage)
    assert not name_unstated("協議会の会長は誰？", [_chunk("協議会の会長・山田太郎氏が挨拶した。")])
    assert not name_unstated("協議会の代表は誰？", [_chunk("(代表:青葉鉄道株式会社)が運営する。")])
    # The role is not written: left to the gate.
    assert not name_unstated("協議会の会長は誰？", [_chunk("協議会は10団体で構成される。")])


def test_a_name_written_after_the_thing_as_its_topic_is_given() -> None:
    """「システムの名称はX」「イベント名はX」: the thing's name is the topic; a bare 「Xは」 says something else of it."""
    assert name_unstated("協議会の名称は？", [_chunk("協議会は10団体で構成される。")])
    for question, text in (
        ("システムの名称は？", "市は新たなシステムを導入した。システムの名称はまちかどリザーブ。"),
        ("イベントの名前は？", "イベント名はみなとフェスタ2024。"),
    ):
        assert not name_unstated(question, [_chunk(text)]), question


def test_questions_not_asking_the_name_itself_ask_none() -> None:
    """A change of name, its origin, who chose it, or who appoints a chair asks no name the passage must give."""
    for question in (
        "協議会の名称変更はいつ？",
        "センターの名前の由来は？",
        "アプリの名称を決めたのは誰？",
        "会長は誰が任命する？",
    ):
        assert asked_name(question) is None, question
    assert asked_name("協議会の会長の名前は？") == Asked("会長", True)


def test_the_holder_asked_with_a_verb_of_holding_is_asked() -> None:
    """「誰がやってる」「どなたが担当」 ask the holder, as 「お名前は」 and a name 「なんだっけ」 do."""
    assert asked_name("ひばり町商工会の理事長って誰がやってる？") == Asked("理事長", True)
    assert asked_name("ひばり町広報誌の編集長はどなたが担当？") == Asked("編集長", True)
    assert asked_name("ひばり町商工会の理事長ってお名前は？") == Asked("理事長", True)
    assert asked_name("ひばり町の乗合タクシー、名前なんだっけ") == Asked("乗合タクシー", False)
    assert asked_name("加盟している団体の名前を全部教えて") == Asked("団体", False)


def test_a_person_near_the_role_in_its_sentence_holds_it() -> None:
    """A person right by the role holds it; one in the next sentence, or far along a list, does not."""
    assert not name_unstated("協議会の会長は誰？", [_chunk("本協議会の会長には田中一郎医師が就任した。")])
    assert name_unstated("協議会の会長は誰？", [_chunk("協議会の会長は当面空席とする。田中一郎氏が挨拶した。")])
    far = "協議会の会長職は設けず、事務局が運営にあたり、来賓として商工会議所の田中一郎氏らが出席した。"
    assert name_unstated("協議会の会長は誰？", [_chunk(far)])
