"""The built-in embedding model (chiVe adapted on the corpus) and the embedder around it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import Embedder, build_static_model, load_embedder
from assistant.embedding.static import MANIFEST_NAME, UNK_TOKEN, AdaptConfig, model_input
from assistant.errors import ModelUnavailable
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.types import Chunk

_DOCS = {
    "a.txt": [
        (
            "■補助率",
            "本事業の補助率は補助対象経費の2/3以内とし、上限は1,000万円とする。"
            "中小企業が実施する場合は補助率を3/4以内に引き上げる。"
            "補助対象経費には設備費、外注費及び人件費を含む。",
        ),
        (
            "■申請方法",
            "申請書は令和6年度の公募期間内に電子申請システムで提出する。"
            "申請にあたっては事業計画書と見積書を添付すること。"
            "審査は外部有識者による書面審査と面接審査の二段階で行う。",
        ),
        (
            "■KPI",
            "重要業績評価指標(KPI)として、移住者数を年間500人とすることを目標とする。"
            "KPIの進捗は毎年度検証し、結果を公表する。"
            "目標に届かない場合は施策を見直す。",
        ),
        (
            "■観光振興",
            "観光入込客数は令和5年に1,274万人となり、コロナ禍前の水準まで回復した。"
            "外国人観光客の宿泊者数も増加しており、体験型観光の充実を図る。"
            "観光地の受入環境を整備し、滞在時間の延長を目指す。",
        ),
    ],
    "b.txt": [
        (
            "1.人口の動向",
            "大都市圏へ転出する人の多くは二十代である。"
            "進学や就職を機に地方から若者が流出し、地域の担い手が不足している。"
            "出生数の減少により人口減少が加速している。",
        ),
        (
            "2.交通ネットワーク",
            "地域公共交通の維持が困難となっており、路線バスの減便が続いている。"
            "デマンド交通や自動運転の実証により、住民の移動手段を確保する。"
            "鉄道とバスの乗継ぎを改善する。",
        ),
        (
            "3.農業",
            "農業の担い手の高齢化が進み、耕作放棄地が増加している。"
            "スマート農業の導入により省力化を進め、新規就農者を支援する。"
            "地元産品のブランド化で所得の向上を図る。",
        ),
        (
            "4.防災",
            "大規模災害に備え、避難所の耐震化と備蓄の充実を進める。"
            "自主防災組織の結成を促し、地域の防災訓練を毎年実施する。"
            "ハザードマップを全戸に配布する。",
        ),
    ],
}


def _chunks() -> list[Chunk]:
    out = []
    for doc, sections in _DOCS.items():
        line = 1
        pos = 0
        for k, (heading, body) in enumerate(sections):
            text = f"{heading}\n{body}"
            out.append(
                Chunk(
                    chunk_id=f"{doc}-{k}",
                    doc=doc,
                    title=f"計画{doc}",
                    heading=heading,
                    line_start=line,
                    line_end=line + 1,
                    text=text,
                    search_text=body,
                    char_start=pos,
                    char_end=pos + len(text),
                )
            )
            line += 3
            pos += len(text) + 2
    return out


CHUNKS = _chunks()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("builtin") / "model"
    manifest = build_static_model(CHUNKS, out, seed=13, epochs=6, progress=False)
    return out, manifest


@pytest.fixture(scope="module")
def embedder(built) -> Embedder:
    return load_embedder(Settings(model=BUILTIN_MODEL), built[0])


def _weights(model_dir: Path) -> np.ndarray:
    from safetensors.numpy import load_file

    return load_file(str(model_dir / "model.safetensors"))["embedding.weight"]


def test_manifest_describes_the_build(built):
    out, manifest = built
    assert json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8")) == manifest
    assert manifest["name"] == BUILTIN_MODEL
    assert manifest["source"]["package"] == "ja_ginza"
    assert manifest["source"]["dimension"] == manifest["dimension"] == 300
    assert manifest["seed"] == 13 and manifest["epochs"] == 6
    assert manifest["pairs"] > 0 and manifest["train_seconds"] >= 0
    assert manifest["epoch_losses"][-1] < manifest["epoch_losses"][0]
    assert manifest["final_loss"] == pytest.approx(manifest["epoch_losses"][-1])
    # Most of the fixture's words are found in chiVe.
    init = manifest["init"]
    assert init["exact"] > 0.7 * (manifest["vocab_size"] - 1)
    assert sum(init.values()) == manifest["vocab_size"] - 1


def test_reloads_offline_as_a_plain_sentence_transformer(built):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(built[0]), device="cpu", local_files_only=True)
    texts = [model_input(c.search_text) for c in CHUNKS[:3]]
    vecs = model.encode(texts, convert_to_numpy=True)
    assert vecs.shape == (3, 300)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    vocab = model[0].tokenizer.get_vocab()
    assert vocab[UNK_TOKEN] == 0
    assert {"補助", "率", "観光", "入込", "kpi"} <= set(vocab)  # corpus tokens, headings included


def test_embedder_outputs_are_normalised_float32(embedder):
    assert embedder.name == BUILTIN_MODEL and embedder.dimension == 300
    q = embedder.embed_queries(["補助率は？", "観光入込客数の推移"])
    p = embedder.embed_passages([c.search_text for c in CHUNKS])
    assert q.dtype == np.float32 and q.shape == (2, 300)
    assert p.dtype == np.float32 and p.shape == (len(CHUNKS), 300)
    np.testing.assert_allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_queries([]).shape == (0, 300)
    assert embedder.embed_passages([]).shape == (0, 300)
    # Only unknown words: a zero vector (similar to nothing), never NaN.
    unknown = embedder.embed_queries(["ゼゼゼゼゼゼゼ"])
    assert np.isfinite(unknown).all()


def test_fast_query_path_equals_model_encode(embedder):
    texts = ["助成の割合はどれほどか", "KPIの目標値", "二十代の転出", "避難所 耐震化", "未知語ばかりのくぇりー"]
    fast = embedder.embed_queries(texts)
    ref = embedder.model.encode(
        [model_input(t) for t in texts], convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
    )
    np.testing.assert_allclose(fast, ref, atol=1e-5)
    np.testing.assert_allclose(embedder.embed_passages(texts), ref, atol=1e-5)


def test_query_finds_its_passage_after_adaptation(embedder):
    passages = embedder.embed_passages([f"{c.heading}\n{c.search_text}" for c in CHUNKS])
    cases = {
        "中小企業への補助の割合と上限額": 0,
        "移住者数の目標はどう検証されますか": 2,
        "観光客はコロナ前の水準に戻った？": 3,
        "若者が進学や就職で東京へ流出している": 4,
        "バスの減便で住民の移動手段はどう確保する": 5,
        "災害に備えた避難所の整備": 7,
    }
    queries = embedder.embed_queries(list(cases))
    scores = queries @ passages.T
    for row, (query, want) in zip(scores, cases.items(), strict=True):
        assert int(np.argmax(row)) == want, (query, row.round(3).tolist())


def test_adaptation_widens_the_margin_over_the_plain_average(tmp_path, embedder):
    build_static_model(CHUNKS, tmp_path / "raw", seed=13, epochs=0, progress=False)
    raw = load_embedder(Settings(), tmp_path / "raw")
    queries = [
        "中小企業への補助の割合と上限額",
        "観光客はコロナ前の水準に戻った？",
        "バスの減便で住民の移動手段はどう確保する",
    ]
    wanted = [0, 3, 5]
    passages = [f"{c.heading}\n{c.search_text}" for c in CHUNKS]

    def margins(emb: Embedder) -> np.ndarray:
        scores = emb.embed_queries(queries) @ emb.embed_passages(passages).T
        right = scores[np.arange(len(wanted)), wanted]
        scores[np.arange(len(wanted)), wanted] = -np.inf
        return right - scores.max(axis=1)

    assert (margins(embedder) > margins(raw)).all()


def test_same_seed_gives_identical_weights(tmp_path, built):
    out = tmp_path / "again"
    manifest = build_static_model(CHUNKS, out, seed=13, epochs=6, progress=False)
    assert manifest["final_loss"] == built[1]["final_loss"]
    np.testing.assert_allclose(_weights(out), _weights(built[0]), rtol=0, atol=1e-6)
    assert json.loads((out / "tokenizer.json").read_text()) == json.loads((built[0] / "tokenizer.json").read_text())


def test_another_seed_gives_other_weights(tmp_path, built):
    build_static_model(CHUNKS, tmp_path / "other", seed=14, epochs=6, progress=False)
    assert not np.allclose(_weights(tmp_path / "other"), _weights(built[0]), atol=1e-6)


def test_zero_epochs_is_the_plain_chive_average(tmp_path):
    manifest = build_static_model(CHUNKS, tmp_path / "raw", seed=13, epochs=0, progress=False)
    assert manifest["pairs"] == 0 and manifest["final_loss"] is None
    emb = load_embedder(Settings(), tmp_path / "raw")
    assert emb.embed_queries(["補助率"]).shape == (1, 300)


def test_training_options_are_recorded(tmp_path):
    cfg = AdaptConfig(weighting="idf", lr=0.02)
    manifest = build_static_model(CHUNKS[:4], tmp_path / "idf", seed=1, epochs=1, progress=False, config=cfg)
    assert manifest["adapt"]["weighting"] == "idf" and manifest["adapt"]["lr"] == 0.02


def test_other_models_get_prompts_and_raw_text(built):
    # Any sentence-transformers directory is an "external" model: text as is, prompts prepended.
    settings = Settings(model=str(built[0]), query_prompt="検索クエリ: ", passage_prompt="検索文書: ")
    emb = load_embedder(settings, None)
    assert emb.name == str(built[0]) and emb.dimension == 300
    assert emb.prepare(["補助率"], "query") == ["検索クエリ: 補助率"]
    assert emb.prepare(["補助率"], "passage") == ["検索文書: 補助率"]
    ref = emb.model.encode(["検索クエリ: 補助率"], convert_to_numpy=True, normalize_embeddings=True)
    np.testing.assert_allclose(emb.embed_queries(["補助率"]), ref, atol=1e-6)


def test_missing_local_model_raises_model_unavailable(tmp_path):
    settings = Settings(model=str(tmp_path / "no-such-model"))
    with pytest.raises(ModelUnavailable) as err:
        load_embedder(settings, None)
    assert "ASSISTANT_MODEL" in str(err.value)
    assert "no-such-model" in str(err.value)


def test_uncached_hub_model_raises_model_unavailable(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-cache"))
    with pytest.raises(ModelUnavailable, match="ASSISTANT_MODEL"):
        load_embedder(Settings(model="example-org/not-a-cached-model"), None)


def test_builtin_without_model_dir_raises_model_unavailable(tmp_path):
    with pytest.raises(ModelUnavailable, match="rebuild"):
        load_embedder(Settings(), None)
    with pytest.raises(ModelUnavailable, match="rebuild"):
        load_embedder(Settings(), tmp_path)


def test_light_load_equals_the_full_model_without_torch(built, embedder):
    """Serving loads the built-in model from its files alone; queries embed exactly as before."""
    model_dir, _ = built
    light = load_embedder(Settings(), model_dir, light=True)
    assert light.model is None and light.dimension == embedder.dimension
    queries = ["補助率は2/3以内", "観光入込客数の目標", "ZZZ 未知語"]
    np.testing.assert_allclose(light.embed_queries(queries), embedder.embed_queries(queries), atol=1e-6)
    # Passages (index builds) load the full model on first use and agree with it.
    np.testing.assert_allclose(
        light.embed_passages(["上限500万円"]), embedder.embed_passages(["上限500万円"]), atol=1e-6
    )


def test_vocabulary_under_the_cap_is_every_word_sorted():
    from collections import Counter

    from assistant.embedding.static import capped_vocabulary

    counts = Counter({"補助": 3, "率": 3, "上限": 1, "2024年": 2})
    assert capped_vocabulary(counts, 4) == sorted(counts)
    # Over the cap: the most frequent, ties broken by the word, then sorted.
    assert capped_vocabulary(counts, 3) == sorted(["補助", "率", "2024年"])
    assert capped_vocabulary(counts, 2) == sorted(["補助", "率"])


def test_capped_model_reads_left_out_words_as_unknown(tmp_path, built):
    out = tmp_path / "capped"
    manifest = build_static_model(CHUNKS, out, seed=13, epochs=2, progress=False, max_vocab=25)
    assert manifest["vocab_size"] == 26 and manifest["max_vocab"] == 25
    assert manifest["corpus_words"] == built[1]["corpus_words"] > 25 and manifest["pairs"] > 0
    vocab = json.loads((out / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    assert len(vocab) == 26 and vocab[UNK_TOKEN] == 0
    emb = load_embedder(Settings(), out)
    vecs = emb.embed_passages([f"{c.heading}\n{c.search_text}" for c in CHUNKS])
    assert vecs.shape == (len(CHUNKS), 300) and np.isfinite(vecs).all()
    # The default cap leaves a corpus of ordinary size whole.
    assert built[1]["vocab_size"] == built[1]["corpus_words"] + 1
