"""The built-in embedding model: chiVe word vectors adapted on the corpus, as a sentence-transformers model.

Nothing is downloaded. The word vectors are chiVe (Sudachi word2vec, 300-d) as shipped inside the
``ja_ginza`` package on PyPI (pruned to 20,000 distinct rows behind ~480k keys). At index time:

1. the vocabulary is every token the shared fugashi tokeniser (`assistant.text.tokenizer.tokenize`)
   produces on the corpus (chunk text and headings). Each token is looked up in chiVe: as is,
   then its surface / written forms seen in the corpus (unidic lemmas such as ``オビヒロ`` are
   ``帯広`` in chiVe), case and kana variants, then as the mean of its pieces; what is still unknown
   starts as a small seeded random vector. chiVe's own vector norms act as word weights in the
   mean (IDF / SIF re-weighting was measured and did not help; see `AdaptConfig.weighting`);
2. the vectors are adapted on the corpus itself with inverse-cloze pairs (`assistant.embedding.pairs`:
   a sentence or a short token span of a chunk -> the rest of that chunk with its heading; a
   heading -> its chunk; at most `AdaptConfig.max_pairs` an epoch), in-batch negatives and a scaled
   cross-entropy over cosine similarities (MultipleNegativesRankingLoss). Training is seeded and
   deterministic on CPU;
3. the result is a `StaticEmbedding` (an embedding bag whose tokenizer is a ``tokenizers``
   WordLevel model over the vocabulary, split on whitespace) followed by `Normalize`, saved as a
   normal sentence-transformers directory with ``builtin_manifest.json`` beside it.

Text given to the model is the fugashi tokens joined by single spaces (see `model_input`).
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embedding.adapt import AdaptConfig, ChunkTokens, adapt, chunk_segments, conflict_keys, training_sample
from assistant.settings import BUILTIN_MODEL, DEFAULT_MODEL_MAX_VOCAB
from assistant.text.normalize import normalize
from assistant.text.tokenizer import TOKENIZER_VERSION, tokenize
from assistant.types import Chunk

log = logging.getLogger(__name__)

MANIFEST_NAME = "builtin_manifest.json"
UNK_TOKEN = "[UNK]"
FORMAT_VERSION = 1


def model_input(text: str) -> str:
    """What the built-in model reads: the shared tokeniser's tokens joined by single spaces.

    Example:
        >>> model_input("補助率は2/3以内")
        '補助 率 2/3 以内'
    """
    return " ".join(tokenize(text))


# --------------------------------------------------------------------------------------------------
# chiVe vectors from ja_ginza


@dataclass(frozen=True)
class ChiveVectors:
    data: np.ndarray  # (rows, dim) float32
    key2row: dict[int, int]  # spaCy string hash -> row
    package: str
    version: str
    path: str

    @property
    def dimension(self) -> int:
        return int(self.data.shape[1])

    def row(self, word: str) -> int | None:
        from spacy.strings import hash_string

        return self.key2row.get(hash_string(word))


@lru_cache(maxsize=1)
def load_chive() -> ChiveVectors:
    """The chiVe vectors inside the installed ``ja_ginza`` package (no spaCy pipeline is loaded)."""
    import importlib.metadata

    try:
        import ja_ginza
        from spacy.vectors import Vectors
    except ImportError as exc:  # pragma: no cover - both are dependencies
        raise RuntimeError("the built-in embedding model needs the ja_ginza package (pip install ja-ginza)") from exc
    version = importlib.metadata.version("ja_ginza")
    base = Path(ja_ginza.__file__).resolve().parent
    candidates = [base / f"ja_ginza-{version}" / "vocab", *sorted(base.glob("ja_ginza-*/vocab"))]
    path = next((p for p in candidates if (p / "vectors").exists()), None)
    if path is None:
        raise RuntimeError(f"no word vectors found in the ja_ginza package at {base}")
    vectors = Vectors().from_disk(path)
    data = np.ascontiguousarray(np.asarray(vectors.data, dtype=np.float32))
    key2row = {int(k): int(r) for k, r in vectors.key2row.items()}
    return ChiveVectors(data=data, key2row=key2row, package="ja_ginza", version=version, path=str(path))


# --------------------------------------------------------------------------------------------------
# Vocabulary and initial vectors

_KATA = "".join(chr(c) for c in range(0x30A1, 0x30F7))
_HIRA = "".join(chr(c) for c in range(0x3041, 0x3097))
_TO_HIRA = str.maketrans(_KATA, _HIRA)
_TO_KATA = str.maketrans(_HIRA, _KATA)
_PIECES = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+|[^\dA-Za-z\s]+")


def _word_forms(texts: Iterable[str]) -> dict[str, Counter[str]]:
    """For each token form the tokeniser emits (unidic lemma, lower-cased), the written forms seen.

    Unidic lemmas of names are readings (帯広 -> オビヒロ) and verbs have canonical kanji
    (つながる -> 繋がる); chiVe knows the written forms, so lookups try them too.
    """
    import fugashi

    tagger = fugashi.Tagger()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for word in tagger(normalize(text)):
            feat = word.feature
            lemma = getattr(feat, "lemma", None)
            if not lemma or lemma == "*":
                continue
            form = lemma.split("-", 1)[0].lower()
            seen = forms.setdefault(form, Counter())
            seen[word.surface] += 1
            orth = getattr(feat, "orthBase", None)
            if orth and orth != "*":
                seen[orth] += 1
    return forms


def _variants(word: str) -> list[str]:
    nf = unicodedata.normalize("NFKC", word)
    out = [word, nf, nf.upper(), nf.capitalize(), nf.translate(_TO_HIRA), nf.translate(_TO_KATA)]
    return list(dict.fromkeys(v for v in out if v))


def _lookup(
    token: str, forms: dict[str, Counter[str]], chive: ChiveVectors, tagger: Any
) -> tuple[np.ndarray | None, str]:
    """chiVe vector for one token and how it was found: exact, variant, form, pieces, or none."""
    row = chive.row(token)
    if row is not None:
        return chive.data[row], "exact"
    for v in _variants(token)[1:]:
        row = chive.row(v)
        if row is not None:
            return chive.data[row], "variant"
    for surface, _ in sorted(forms.get(token, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))[:5]:
        for v in _variants(surface):
            row = chive.row(v)
            if row is not None:
                return chive.data[row], "form"
    # Compose: numbers, latin and Japanese pieces ("2025年" = 2025 + 年; "観光入込客数" = its words).
    rows: list[int] = []
    for piece in _PIECES.findall(unicodedata.normalize("NFKC", token)):
        found = next((r for r in (chive.row(v) for v in _variants(piece)) if r is not None), None)
        if found is not None:
            rows.append(found)
            continue
        for word in tagger(piece):
            feat = word.feature
            for v in (word.surface, getattr(feat, "orthBase", None), getattr(feat, "lemma", None)):
                if v and v != "*":
                    r = chive.row(v)
                    if r is not None:
                        rows.append(r)
                        break
    if rows:
        return chive.data[rows].mean(axis=0), "pieces"
    return None, "none"


# --------------------------------------------------------------------------------------------------
# Build


def capped_vocabulary(counts: Counter[str], max_vocab: int) -> list[str]:
    """The vocabulary, sorted: every word when there are at most ``max_vocab``, else the most frequent
    ``max_vocab`` (ties by the word itself, so the choice is deterministic)."""
    if len(counts) <= max_vocab:
        return sorted(counts)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_vocab]
    return sorted(word for word, _ in ranked)


def _known(ct: ChunkTokens, index: dict[str, int]) -> ChunkTokens:
    """``ct`` without the words the capped vocabulary left out."""
    return ChunkTokens(
        heading=[t for t in ct.heading if t in index],
        segments=[[t for t in seg if t in index] for seg in ct.segments],
        keys=ct.keys,
    )


def _initial_vectors(
    vocab: list[str],
    forms: dict[str, Counter[str]],
    counts: Counter[str],
    df: Counter[str],
    n_chunks: int,
    cfg: AdaptConfig,
    seed: int,
) -> tuple[np.ndarray, Counter[str]]:
    """Row per vocabulary entry from chiVe (row 0, [UNK], stays zero) and how each was found."""
    import fugashi

    chive = load_chive()
    dim = chive.dimension
    tagger = fugashi.Tagger()
    rng = np.random.default_rng(seed)
    ref_norm = 1.0 if cfg.unit_init else float(np.linalg.norm(chive.data, axis=1).mean())
    weights = np.zeros((len(vocab), dim), dtype=np.float32)
    found: Counter[str] = Counter()
    for i, token in enumerate(vocab[1:], start=1):
        vec, how = _lookup(token, forms, chive, tagger)
        found[how] += 1
        if vec is None:
            direction = rng.normal(0.0, 1.0, size=dim)
            vec = direction / np.linalg.norm(direction) * cfg.oov_std * ref_norm
        elif cfg.unit_init:
            vec = vec / max(float(np.linalg.norm(vec)), 1e-9)
        weights[i] = vec
    if cfg.weighting != "none":
        total = max(sum(counts.values()), 1)
        scale = np.ones(len(vocab), dtype=np.float32)
        for i, token in enumerate(vocab[1:], start=1):
            if cfg.weighting == "idf":
                scale[i] = math.log(1.0 + (n_chunks - df[token] + 0.5) / (df[token] + 0.5))
            elif cfg.weighting == "sif":
                scale[i] = cfg.sif_a / (cfg.sif_a + counts[token] / total)
            else:
                raise ValueError(f"unknown weighting {cfg.weighting!r}")
        weights *= scale[:, None]
    return weights, found


def build_static_model(
    chunks: list[Chunk],
    out_dir: Path,
    *,
    seed: int,
    epochs: int,
    progress: bool = True,
    config: AdaptConfig | None = None,
    max_vocab: int = DEFAULT_MODEL_MAX_VOCAB,
) -> dict:
    """Build the built-in sentence-transformers model for ``chunks`` into ``out_dir``.

    Returns the manifest also written to ``out_dir/builtin_manifest.json`` (source vectors,
    vocabulary, seed, epochs, pairs, timings, final loss). Same chunks and seed give the same
    weights. ``epochs=0`` saves the plain chiVe average model (no adaptation). The vocabulary is
    the ``max_vocab`` most frequent words (`capped_vocabulary`).
    """
    import torch

    cfg = config or AdaptConfig()
    t_start = time.perf_counter()
    out_dir = Path(out_dir)
    chive = load_chive()

    # Tokens of every chunk, by segment, and of every heading.
    headings = sorted({c.heading for c in chunks if c.heading})
    heading_tokens = {h: tokenize(h) for h in headings}
    chunk_tokens = [
        ChunkTokens(
            heading=heading_tokens.get(c.heading, []),
            segments=[tokenize(seg) for seg in chunk_segments(c.search_text)],
            keys=key,
        )
        for c, key in zip(chunks, conflict_keys(chunks), strict=True)
    ]
    counts: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for ct in chunk_tokens:
        toks = ct.heading + ct.body
        counts.update(toks)
        df.update(set(toks))
    vocab = [UNK_TOKEN, *capped_vocabulary(counts, max_vocab)]
    index = {t: i for i, t in enumerate(vocab)}
    if len(vocab) - 1 < len(counts):
        # Words left out read as [UNK] (a zero row, nothing to a mean's direction): train without them too.
        chunk_tokens = [_known(ct, index) for ct in chunk_tokens]

    sample = training_sample(chunk_tokens, cfg, seed)
    # Written forms come from the sampled chunks only past the cap: tagging a huge corpus once more
    # cost as much as the rest of the model; a word outside the sample is then found by its pieces.
    texts = (
        [chunks[i].search_text for i in sample.picked] if sample.picked is not None else [c.search_text for c in chunks]
    )
    forms = _word_forms(texts + headings)
    weights, found = _initial_vectors(vocab, forms, counts, df, len(chunks), cfg, seed)

    t_train = time.perf_counter()
    n_pairs, losses = 0, []
    if epochs > 0 and len(chunks) >= 2:
        weights, n_pairs, losses = adapt(
            weights, index, sample.chunks, seed=seed, epochs=epochs, cfg=cfg, progress=progress, rows=sample.rows(index)
        )
    train_seconds = time.perf_counter() - t_train
    final_loss = losses[-1] if losses else None

    # Save as a sentence-transformers model.
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding
    except ImportError:  # older sentence-transformers
        from sentence_transformers.models import Normalize, StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers

    tokenizer = Tokenizer(models.WordLevel(vocab=index, unk_token=UNK_TOKEN))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    static = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(weights))
    model = SentenceTransformer(modules=[static, Normalize()], device="cpu")
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))

    manifest: dict[str, Any] = {
        "name": BUILTIN_MODEL,
        "format": FORMAT_VERSION,
        "source": {
            "vectors": "chiVe (SudachiDict word2vec) via ja_ginza",
            "package": chive.package,
            "version": chive.version,
            "rows": int(chive.data.shape[0]),
            "keys": len(chive.key2row),
            "dimension": chive.dimension,
        },
        "tokenizer": TOKENIZER_VERSION,
        "dimension": chive.dimension,
        "vocab_size": len(vocab),
        "corpus_words": len(counts),  # distinct tokens in the corpus; more than vocab_size - 1 when capped
        "max_vocab": max_vocab,
        "init": {how: found.get(how, 0) for how in ("exact", "variant", "form", "pieces", "none")},
        "seed": seed,
        "epochs": epochs,
        "pairs": n_pairs,
        "train_seconds": round(train_seconds, 3),
        "build_seconds": round(time.perf_counter() - t_start, 3),
        "final_loss": None if final_loss is None else round(final_loss, 6),
        "epoch_losses": [round(x, 6) for x in losses],
        "adapt": asdict(cfg),
        "chunks": len(chunks),
        "adapted_on_chunks": len(sample.chunks),  # a fixed sample past AdaptConfig.max_chunks
    }
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info(
        "built-in embedding model: %d words, %d pairs, %d epochs, loss %s, %.1f s",
        len(vocab),
        n_pairs,
        epochs,
        manifest["final_loss"],
        manifest["build_seconds"],
    )
    return manifest
