"""Another subject's passage: a Latin-letter name the question writes and the cited passages do not."""

from __future__ import annotations

from assistant.answer.subject_elsewhere import MIN_NAME_IDF, elsewhere, latin_names, name_elsewhere
from assistant.ingest.analysis import passage_tokens
from assistant.text.normalize import normalize
from assistant.types import Chunk

#: Made up: two case boxes, each a body with its member fees; the question names the other body.
BOX = "参考事例②：あおばラボ（青葉地域）\n- 会員：ゴールド（300万円/年）・ブロンズ（50万円/年）\n- 会員企業約40社"
OTHER = "参考事例③：mirai.kita（北山地域）\n- 一般社団法人mirai.kitaを設立（2022年）\n- 産官学の対話を重ねる"
#: What the corpus writes, as the scorer's IDF: names rare, the common acronyms frequent.
IDF = {"mirai": 5.5, "kita": 5.2, "kpi": MIN_NAME_IDF - 0.5, "npo": MIN_NAME_IDF - 0.6, "abc": 5.0}


def _chunk(text: str, heading: str = "") -> Chunk:
    return Chunk("c", "doc.txt", "資料", heading, 1, 1 + text.count("\n"), text, normalize(text))


def _words(*chunks: Chunk) -> frozenset[str]:
    """The cited passages' words, as the scorer holds them (`SentenceScorer.chunk_tokens`)."""
    return frozenset().union(*(passage_tokens(c) for c in chunks))


def test_a_name_the_cited_passages_never_write_is_another_subjects_answer() -> None:
    question = "mirai.kitaで一番安い会員区分の費用は？"
    sentence = "会員:ゴールド(300万円/年)・ブロンズ(50万円/年)"
    assert latin_names(question, IDF) == {"mirai", "kita"}
    assert name_elsewhere(question, sentence, _words(_chunk(BOX)), IDF)
    assert elsewhere(question, sentence, [_chunk(BOX)], _words(_chunk(BOX)), IDF) == "name"
    # Cited with the passage that writes the name (text or heading), the answer stands.
    assert not name_elsewhere(question, sentence, _words(_chunk(BOX), _chunk(OTHER)), IDF)
    assert not name_elsewhere(question, sentence, _words(_chunk(BOX, heading="mirai.kitaの会員制度")), IDF)


def test_common_acronyms_and_names_the_corpus_never_writes_are_left_to_the_gate() -> None:
    sentence = "会員:ゴールド(300万円/年)・ブロンズ(50万円/年)"
    assert latin_names("あおばラボのKPIは？NPOとの連携は？", IDF) == set()
    assert latin_names("xyzlabの会費は？", IDF) == set()  # unknown to the corpus: perhaps another spelling
    # Common nouns in Latin letters, however rare here: a passage may write ウェブサイト for Webサイト.
    assert latin_names("あおばラボのWebサイトのSNSは？", IDF | {"web": 5.0, "sns": 5.0}) == set()
    assert not name_elsewhere("あおばラボのKPIは？", sentence, _words(_chunk(BOX)), IDF)


def test_a_record_answer_with_no_sentence_is_not_judged_by_its_passages() -> None:
    assert not name_elsewhere("abcの目標値は？", "", _words(_chunk(BOX)), IDF)
    assert name_elsewhere("abcの目標値は？", "会員企業約40社", _words(_chunk(BOX)), IDF)
