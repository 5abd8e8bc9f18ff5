"""Adapting the built-in model on the corpus: inverse-cloze training pairs and the training loop.

A pair is (a sentence or short token span of a chunk, the rest of that chunk with its heading), or
(a heading, its chunk). Pairs that would be false negatives for each other (the same chunk, a
duplicate, overlapping neighbours) never share a batch.

The cost is bounded whatever the corpus: past `AdaptConfig.max_chunks` chunks, a fixed seeded sample
of them gives the pairs and only the rows of their words are trained (rows no pair touches get no
gradient, so Adam would leave them as they are anyway); an epoch uses at most `AdaptConfig.max_pairs`
pairs. Below both caps nothing is sampled: the project corpus trains exactly as before.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.types import Chunk

_SENT_END = re.compile(r"(?<=[。！？!?])")
_BLOCK = re.compile(r"\s\|\s|\s(?=[・■●○◆◇□※▶►①-⑳])")


@dataclass(frozen=True)
class AdaptConfig:
    """Hyperparameters of the corpus adaptation.

    Chosen with dense-only retrieval on the dev question sets (the training pairs come from the
    corpus only). Around these values results were flat within noise (recall@5 0.89-0.92 over
    seeds): scale 10-30, batch 64-256, 4-10 epochs, 4-16 anchors per chunk, spans of 8-20 tokens,
    symmetric or not; lr 0.002 and 0.05 were worse. IDF or SIF re-weighting of the chiVe rows made
    the plain average worse (0.70 -> 0.63) and did not improve the adapted model.
    """

    lr: float = 0.01
    batch_size: int = 128
    scale: float = 20.0
    min_tokens: int = 3  # shortest anchor
    span_tokens: int = 12  # anchors cut from chunks without sentence ends
    max_anchors: int = 8  # per chunk per epoch
    keep_anchor_p: float = 0.1  # ICT: sometimes leave the anchor in its context
    heading_pairs: bool = True
    symmetric: bool = True
    weighting: str = "none"  # none, idf or sif (chiVe norms already weight words)
    sif_a: float = 1e-3
    unit_init: bool = False  # unit-normalise chiVe rows before weighting
    oov_std: float = 0.1  # norm of a random (unknown word) row, relative to the mean chiVe norm
    # Pairs per epoch at most: a seeded sample beyond it, so a huge corpus (one 20 MB file gave
    # 800 s epochs) trains as long as a large ordinary one. The project corpus makes about 2,900.
    max_pairs: int = 20_000
    # Chunks that give training pairs at most: a fixed seeded sample beyond it, and only their words'
    # rows train (a dense update of every row of a 200,000-word vocabulary took most of a second a step).
    max_chunks: int = 2_000


def chunk_segments(text: str) -> list[str]:
    """Sentences (or table rows / bullets) of a chunk's search text."""
    out = []
    for sent in _SENT_END.split(text):
        for seg in _BLOCK.split(sent):
            seg = seg.strip(" |")
            if seg:
                out.append(seg)
    return out


@dataclass
class ChunkTokens:
    heading: list[str]
    segments: list[list[str]]  # tokens of each segment, in order
    keys: frozenset = frozenset()  # conflict keys: itself, its duplicates, overlapping neighbours

    @property
    def body(self) -> list[str]:
        return [t for seg in self.segments for t in seg]


def _anchor_pairs(chunk: ChunkTokens, cfg: AdaptConfig, rng: random.Random) -> list[tuple[list[str], list[str]]]:
    """Inverse-cloze pairs of one chunk: (anchor tokens, rest-of-chunk tokens with heading).

    Anchors are one or two consecutive sentences; a sentence too long to pass for a question (a
    table, a run-on list), or one that is the whole chunk, gives a random span of its tokens.
    """
    segs = [seg for seg in chunk.segments if seg]
    body = [t for seg in segs for t in seg]
    if len(body) < 2 * cfg.min_tokens:
        return []
    bounds = np.cumsum([0] + [len(seg) for seg in segs]).tolist()
    windows = [(bounds[i], bounds[i + 1]) for i in range(len(segs))]
    windows += [
        (bounds[i], bounds[i + 2]) for i in range(len(segs) - 1) if bounds[i + 2] - bounds[i] <= 2 * cfg.span_tokens
    ]
    windows.append((0, len(body)))  # ensures a span even from a chunk of tiny segments
    spans: set[tuple[int, int]] = set()
    for s, e in windows:
        n = e - s
        if n < cfg.min_tokens:
            continue
        if n <= 2 * cfg.span_tokens and len(body) - n >= cfg.min_tokens and (s, e) != (0, len(body)):
            spans.add((s, e))
            continue
        length = min(rng.randint(cfg.span_tokens // 2, 2 * cfg.span_tokens), n, len(body) // 2)
        if length >= cfg.min_tokens:
            start = rng.randrange(s, e - length + 1)
            spans.add((start, start + length))
    chosen = sorted(spans)
    rng.shuffle(chosen)
    pairs = []
    for a, b in chosen[: cfg.max_anchors]:
        rest = body if rng.random() < cfg.keep_anchor_p else body[:a] + body[b:]
        pairs.append((body[a:b], chunk.heading + rest))
    return pairs


def conflict_keys(chunks: Sequence[Chunk]) -> list[frozenset]:
    """Keys that make two chunks' pairs conflict: the same text (a section repeated in another
    document) or overlapping neighbours (the chunker's overlap)."""
    canon: dict[str, int] = {}
    keys: list[set] = []
    for i, c in enumerate(chunks):
        keys.append({("text", canon.setdefault(c.search_text, i))})
    for i in range(len(chunks) - 1):
        a, b = chunks[i], chunks[i + 1]
        if a.doc == b.doc and b.char_start < a.char_end:
            keys[i].add(("overlap", i))
            keys[i + 1].add(("overlap", i))
    return [frozenset(k) for k in keys]


Pair = tuple[frozenset, list[str], list[str]]  # (conflict keys, anchor tokens, positive tokens)


def epoch_pairs(chunks: Sequence[ChunkTokens], cfg: AdaptConfig, rng: random.Random) -> list[Pair]:
    """One epoch of pairs (at most ``cfg.max_pairs``); pairs whose conflict keys intersect never share a batch."""
    pairs: list[Pair] = []
    by_heading: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        pairs.extend((c.keys, a, p) for a, p in _anchor_pairs(c, cfg, rng))
        if cfg.heading_pairs and len(c.heading) >= 2:
            by_heading.setdefault(" ".join(c.heading), []).append(i)
    for _key, members in sorted(by_heading.items()):
        i = rng.choice(members)
        body = chunks[i].body
        if len(body) >= cfg.min_tokens:
            # Every chunk under this heading would match the heading: none may be a negative.
            keys = frozenset().union(*(chunks[j].keys for j in members))
            pairs.append((keys, chunks[i].heading, body))
    if len(pairs) > cfg.max_pairs:
        # Sampled only past the cap, so a corpus under it draws the same random numbers as before.
        pairs = rng.sample(pairs, cfg.max_pairs)
    return pairs


def batches(pairs: list[Pair], batch_size: int, rng: random.Random) -> list[list[Pair]]:
    """Shuffled batches without conflicting pairs (same chunk, overlapping or duplicate chunks)."""
    pending = list(range(len(pairs)))
    rng.shuffle(pending)
    batches: list[list[Pair]] = []
    while pending:
        batch: list[Pair] = []
        used: set = set()
        rest = []
        for k in pending:
            keys = pairs[k][0]
            if len(batch) >= batch_size or not used.isdisjoint(keys):
                rest.append(k)
            else:
                used |= keys
                batch.append(pairs[k])
        if len(batch) < 2:
            break  # only mutually conflicting leftovers: they wait for the next epoch
        batches.append(batch)
        pending = rest
    return batches


@dataclass
class TrainingSample:
    """The chunks adaptation learns from: all of them, or a fixed sample past the cap."""

    chunks: list[ChunkTokens]
    picked: list[int] | None = None  # when sampled: the positions of the chunks in the corpus
    words: list[str] = field(default_factory=list)  # when sampled: the only words whose rows train

    @property
    def sampled(self) -> bool:
        return self.picked is not None

    def rows(self, index: dict[str, int]) -> list[int] | None:
        """Vocabulary rows to train (None: all of them, the unsampled path)."""
        return [index[w] for w in self.words] if self.sampled else None


def training_sample(chunks: list[ChunkTokens], cfg: AdaptConfig, seed: int) -> TrainingSample:
    """Every chunk up to ``cfg.max_chunks``; past it a seeded sample of that many, in corpus order."""
    if len(chunks) <= cfg.max_chunks:
        return TrainingSample(chunks)
    picked = sorted(random.Random(f"adapt-sample-{seed}").sample(range(len(chunks)), cfg.max_chunks))
    sample = [chunks[i] for i in picked]
    words = sorted({t for c in sample for t in (*c.heading, *c.body)})
    return TrainingSample(sample, picked=picked, words=words)


def adapt(
    weights: np.ndarray,
    index: dict[str, int],
    chunk_tokens: list[ChunkTokens],
    *,
    seed: int,
    epochs: int,
    cfg: AdaptConfig,
    progress: bool,
    rows: list[int] | None = None,
) -> tuple[np.ndarray, int, list[float]]:
    """Train the rows on inverse-cloze pairs; returns (weights, pairs seen, mean loss per epoch).

    ``rows``: train only these rows of ``weights`` (every token of ``chunk_tokens`` must have one).
    """
    import torch
    import torch.nn.functional as F
    from tqdm.auto import tqdm

    full = weights
    if rows is not None:
        # A smaller matrix of just these rows, and the token ids renumbered into it.
        position = {row: j for j, row in enumerate(rows)}
        index = {t: position[r] for t, r in index.items() if r in position}
        weights = full[rows]

    rng = random.Random(seed)
    n_pairs, losses = 0, []
    threads = torch.get_num_threads()
    # Batches are small: one thread is as fast as two and does not stall when other processes keep
    # the cores busy (spin-waiting OpenMP threads made training 20x slower under load).
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            emb = torch.nn.Parameter(torch.from_numpy(weights.copy()))
            opt = torch.optim.Adam([emb], lr=cfg.lr)

            def encode(seqs: list[list[str]]) -> torch.Tensor:
                ids = torch.tensor([index[t] for seq in seqs for t in seq], dtype=torch.long)
                offsets = torch.tensor(np.cumsum([0] + [len(seq) for seq in seqs[:-1]]), dtype=torch.long)
                return F.normalize(F.embedding_bag(ids, emb, offsets, mode="mean"), dim=-1)

            bar = tqdm(range(epochs), desc="adapting embeddings", unit="epoch", disable=not progress, leave=False)
            for _epoch in bar:
                pairs = epoch_pairs(chunk_tokens, cfg, rng)
                n_pairs += len(pairs)
                epoch_losses = []
                for batch in batches(pairs, cfg.batch_size, rng):
                    logits = cfg.scale * encode([p[1] for p in batch]) @ encode([p[2] for p in batch]).T
                    target = torch.arange(len(batch))
                    loss = F.cross_entropy(logits, target)
                    if cfg.symmetric:
                        loss = 0.5 * (loss + F.cross_entropy(logits.T, target))
                    opt.zero_grad(set_to_none=True)
                    loss.backward()
                    opt.step()
                    epoch_losses.append(float(loss.detach()))
                losses.append(float(np.mean(epoch_losses)) if epoch_losses else float("nan"))
                bar.set_postfix(loss=f"{losses[-1]:.4f}")
            out = emb.detach().numpy().copy()
    finally:
        torch.set_num_threads(threads)
    if rows is not None:
        trained, out = out, full.copy()
        out[rows] = trained
    out[0] = 0.0  # [UNK] never trains (no pair contains it) and adds nothing to a mean's direction
    return out, n_pairs, losses
