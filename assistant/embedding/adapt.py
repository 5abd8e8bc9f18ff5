"""Training pairs for adapting the built-in model: inverse-cloze pairs cut from the corpus's own chunks.

A pair is (a sentence or short token span of a chunk, the rest of that chunk with its heading), or
(a heading, its chunk). Pairs that would be false negatives for each other (the same chunk, a
duplicate, overlapping neighbours) never share a batch. An epoch uses at most
`AdaptConfig.max_pairs` pairs, a seeded sample, so adaptation costs the same for any corpus size.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

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
