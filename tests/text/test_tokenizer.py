"""The shared tokeniser: what is dropped, kept and canonicalised, and that one function serves all."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import bm25s
import pytest

import assistant.text.tokenizer as tokenizer_module
from assistant.backends.local.assemble import local_hybrid
from assistant.backends.local.lexical import BM25Retriever
from assistant.ingest.chunking import chunk_document
from assistant.text.tokenizer import char_bigrams, tokenize, tokenize_many


def test_particles_auxiliaries_and_symbols_dropped() -> None:
    tokens = tokenize("地域の「交通」を、住民が守ります！（令和）・・・。")
    assert "地域" in tokens and "交通" in tokens and "住民" in tokens and "守る" in tokens
    for dropped in ("の", "を", "が", "ます", "「", "」", "、", "！", "!", "（", "(", "・", "。"):
        assert dropped not in tokens, dropped


def test_stop_words_dropped() -> None:
    tokens = tokenize("事業を実施することなど、これを支援するものである")
    assert tokens == ["事業", "実施", "支援"]


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("調査を行った", "行う"),
        ("取組を進めた", "進める"),
        ("関心が高まっている", "高まる"),
        ("支援を行います", "行う"),
    ],
)
def test_lemma_forms(text: str, lemma: str) -> None:
    assert lemma in tokenize(text)
    assert lemma not in tokenize(text, mode="surface")  # the surface mode keeps the written form


def test_numbers_rates_percent() -> None:
    assert tokenize("上限1,000万円") == ["上限", "1000", "万", "円"]
    assert tokenize("上限１，０００万円") == tokenize("上限1,000万円")
    assert "13000000" in tokenize("人口は13,000,000人")
    assert tokenize("補助率は2/3以内") == ["補助", "率", "2/3", "以内"]
    assert tokenize("補助率は２／３以内") == ["補助", "率", "2/3", "以内"]
    assert tokenize("就職率は52.0％") == ["就職", "率", "52.0", "%"]
    assert "1234.5" in tokenize("1,234.5億円")


@pytest.mark.parametrize("text", ["R6", "Ｒ６", "令和6年度", "令和６年", "2024年度", "令和 6 年度", "R6年度", "2024年"])
def test_fiscal_years_meet(text: str) -> None:
    tokens = tokenize(f"{text}の目標値")
    assert "R6" in tokens
    assert "2024年" in tokens
    assert tokens[-2:] == ["目標", "値"]


def test_other_eras() -> None:
    assert tokenize("平成31年") == ["H31", "2019年"]
    assert tokenize("令和元年度") == ["R1", "2019年"]
    assert tokenize("H30年度")[:2] == ["H30", "2018年"]


def test_letters_before_digits_are_not_eras() -> None:
    assert "R6" not in tokenize("GR6型")  # a model code, not 令和6年
    assert "S1" not in tokenize("PS1")


def test_ocr_misspelling_tokenises_like_the_correct_word() -> None:
    assert tokenize("国十交诵省") == tokenize("国土交通省")
    assert tokenize("国十交诵省の補助事業") == tokenize("国土交通省の補助事業")
    assert tokenize("十勝地域") != tokenize("国土地域")  # other 十 untouched


def test_tokenize_many_is_tokenize() -> None:
    texts = ["令和6年度の補助率は2/3以内", "国十交诵省", ""]
    assert tokenize_many(texts) == [tokenize(t) for t in texts]
    assert tokenize("") == []


def test_deterministic_and_thread_safe(real_corpus) -> None:
    lines = [ln for d in real_corpus.documents for ln in d.lines if ln.strip()]
    assert len(lines) > 4000
    sequential = [tokenize(ln) for ln in lines]
    assert [tokenize(ln) for ln in lines[:500]] == sequential[:500]

    def work(part: int) -> list[list[str]]:
        return [tokenize(ln) for ln in lines[part::8]]

    with ThreadPoolExecutor(max_workers=8) as pool:
        parts = list(pool.map(work, range(8)))
    threaded: list[list[str] | None] = [None] * len(lines)
    for part, results in enumerate(parts):
        threaded[part::8] = results
    assert threaded == sequential


def test_retrievers_use_the_shared_tokenize() -> None:
    from assistant.backends.local import lexical as bm25_module
    from assistant.retrieval import hybrid as hybrid_module

    assert bm25_module.tokenize is tokenizer_module.tokenize
    assert bm25_module.char_bigrams is tokenizer_module.char_bigrams
    assert hybrid_module.tokenize is tokenizer_module.tokenize
    assert BM25Retriever.scores.__globals__["tokenize"] is tokenizer_module.tokenize
    assert BM25Retriever.build.__globals__["tokenize"] is tokenizer_module.tokenize


def test_char_bigrams_share_the_cleaning() -> None:
    assert char_bigrams("補助率、2/3") == ["補助", "助率", "率2", "23"]
    assert char_bigrams("補助率、２／３") == char_bigrams("補助率、2/3")
    assert char_bigrams("国十交诵省") == char_bigrams("国土交通省") == ["国土", "土交", "交通", "通省"]
    assert char_bigrams("。") == [] and char_bigrams("") == []


def test_bm25_full_width_query_finds_half_width_passage(jp_docs) -> None:
    doc = jp_docs(
        "■補助率\n補助率は2/3以内、上限は1,000万円とする。\n\n"
        "■対象\n対象は市町村とする。\n\n"
        "■期間\n事業期間は令和6年度から3年間とする。\n"
    )
    chunks = chunk_document(doc, size=20, max_size=80, overlap=0)
    assert [c.heading for c in chunks] == ["■補助率", "■対象", "■期間"]
    model = bm25s.BM25()
    model.index([tokenize(f"{c.heading} {c.search_text}") for c in chunks], show_progress=False)
    for retriever in (BM25Retriever(model, chunks), BM25Retriever.build(chunks)):
        _check_full_width_queries(retriever)


def _check_full_width_queries(retriever: BM25Retriever) -> None:
    hits = retriever.retrieve("２／３", k=3)
    assert [h.chunk.heading for h in hits] == ["■補助率"]
    hits = retriever.retrieve("１，０００万円", k=3)
    assert hits[0].chunk.heading == "■補助率"
    hits = retriever.retrieve("Ｒ６", k=3)
    assert [h.chunk.heading for h in hits] == ["■期間"]
    # The hybrid retriever re-ranks with the same tokens.
    assert local_hybrid(retriever, None).retrieve("２／３", k=1)[0].chunk.heading == "■補助率"


@pytest.mark.parametrize(
    ("variant", "usual"),
    [
        ("地方公共団体", "自治体"),
        ("国交省", "国土交通省"),
        ("新規高卒者", "新規高校卒業者"),
        ("空家対策", "空き家対策"),
    ],
)
def test_words_written_two_ways_tokenise_the_same(variant: str, usual: str) -> None:
    assert tokenize(f"{variant}の取組") == tokenize(f"{usual}の取組")


def test_a_verbal_noun_used_as_the_verb_is_not_a_noun_of_the_question() -> None:
    """「計上された」「設立した」 say what happened; 「設立の経緯」 names a thing."""
    nouns = tokenize("この事業は補正で何円計上された？運営会社を設立した年は？", nouns_only=True)
    assert "計上" not in nouns and "設立" not in nouns
    assert {"事業", "補正"} <= set(nouns)
    assert "設立" in tokenize("協議会の設立の経緯", nouns_only=True)
    assert "計上" in tokenize("予算を計上された", mode="lemma")  # all words keep it


def test_adverbial_nouns_of_time_are_told_apart() -> None:
    """「毎年」「当日」 say when, not what a question is about; 「1社あたり」 says per what, and stays a word."""
    from assistant.text.tokenizer import adverbial_nouns

    assert adverbial_nouns("ひばり村では毎年どのくらいの観光客が来る？") == {"毎年"}
    assert adverbial_nouns("説明会の当日、参加者は何人？") == {"当日"}
    assert adverbial_nouns("1戸あたりの助成の上限額は？") == frozenset()
    # Before の or another noun a time word says which thing, not when: 当初予算 is not 補正予算.
    assert adverbial_nouns("当初予算はいくら？") == frozenset()
    assert adverbial_nouns("今後の予定は？") == frozenset()


def test_remembered_tokens_are_given_for_that_text_and_mode_only() -> None:
    """A build's stored tokens stand in for MeCab's on exactly the text, mode and nouns flag they were stored for."""
    from assistant.text.tokenizer import remember

    text = "こもれび公園の清掃ボランティアは月に二回集まる。"
    before = tokenize(text, nouns_only=True)
    remember(text, ["こもれび公園", "清掃"], nouns_only=True)
    assert tokenize(text, nouns_only=True) == ["こもれび公園", "清掃"]
    assert tokenize(text, nouns_only=False) != ["こもれび公園", "清掃"]
    assert tokenize(text + "　", nouns_only=True) == before  # another text: MeCab's tokens


@pytest.mark.parametrize(
    ("colloquial", "written"),
    [("説明会の第2回っていつ？", "説明会の第2回はいつ？"), ("3通って多い？", "3通は多い？")],
)
def test_a_counter_before_colloquial_tte_stays_the_counter(colloquial: str, written: str) -> None:
    # MeCab reads 「2回って」 as the verb 回る: the question would then miss 「第2回」 in every passage.
    assert tokenize(colloquial) == tokenize(written)
    assert "回る" not in tokenize("第2回って")
    assert "上回る" in tokenize("目標を上回って")  # a verb after a particle is still the verb
