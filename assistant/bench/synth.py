"""Synthetic corpora for the scale benchmark: the real chunks, plus perturbed replicas of them.

``synthesize(chunks, factor)`` returns ``factor * len(chunks)`` chunks: the originals first,
unchanged (so the dev questions keep their evidence), then ``factor - 1`` replicas of every chunk.
Replica ``r`` of a chunk belongs to the synthetic document ``syn{r:03d}_<doc>`` and is made of

* about half of the chunk's sentences (a random subset, at least one) and about half of the
  sentences of a random *donor* chunk, shuffled together - realistic vocabulary and lengths, but
  never a near-copy (an exact copy would be collapsed by the hybrid retriever's duplicate filter
  and would only measure deduplication);
* digits swapped by a permutation of 0-9 drawn per replica (numbers no longer match the question);
* a heading prefixed with the synthetic document id.

Deterministic for a given seed. Synthetic chunk ids start with ``s<r>-``: `is_synthetic` tells them apart.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.types import Chunk

_UNITS = re.compile(r"(?<=[。！？!?])|\s+")
_ASCII = "0123456789"
_WIDE = "０１２３４５６７８９"


def units(text: str) -> list[str]:
    """Sentences (and line-like pieces between spaces) of a chunk's search text.

    Example:
        >>> units("補助率は2分の1。上限は100万円。 対象 事業者")
        ['補助率は2分の1。', '上限は100万円。', '対象', '事業者']
    """
    return [u for u in (p.strip() for p in _UNITS.split(text) if p) if u]


def digit_table(rng: random.Random) -> dict[int, str]:
    """A ``str.translate`` table swapping digits (ASCII and full-width) by one random permutation."""
    perm = list(_ASCII)
    while True:
        rng.shuffle(perm)
        if perm != list(_ASCII):
            break
    table = {ord(a): b for a, b in zip(_ASCII, perm, strict=True)}
    table.update({ord(w): _WIDE[int(b)] for w, b in zip(_WIDE, perm, strict=True)})
    return table


def synthetic_doc(doc: str, replica: int) -> str:
    return f"syn{replica:03d}_{doc}"


def is_synthetic(chunk: Chunk) -> bool:
    return chunk.doc.startswith("syn") and chunk.chunk_id.startswith("s") and "-" in chunk.chunk_id


def replica(chunk: Chunk, donor: Chunk, r: int, rng: random.Random, table: dict[int, str]) -> Chunk:
    """Replica ``r`` of ``chunk``: half its sentences, half ``donor``'s, shuffled, digits swapped."""
    own = units(chunk.search_text) or [chunk.search_text]
    other = units(donor.search_text) or [donor.search_text]
    keep = rng.sample(own, max(1, (len(own) + 1) // 2))
    take = rng.sample(other, max(1, len(other) // 2)) if other else []
    pieces = keep + take
    rng.shuffle(pieces)
    pieces = [p.translate(table) for p in pieces]
    sid = synthetic_doc(chunk.doc, r)
    return replace(
        chunk,
        chunk_id=f"s{r:03d}-{chunk.chunk_id}",
        doc=sid,
        title=f"{chunk.title}（合成 {r:03d}）",
        heading=f"{sid} {chunk.heading.translate(table)}".strip(),
        text="\n".join(pieces),
        search_text=" ".join(pieces),
        char_start=0,
        char_end=0,
    )


def synthesize(chunks: Sequence[Chunk], factor: int, seed: int = 13) -> list[Chunk]:
    """``factor * len(chunks)`` chunks: the originals (unchanged, first) and ``factor - 1`` replicas of each."""
    if factor < 1:
        raise ValueError("factor must be >= 1")
    base = list(chunks)
    out = list(base)
    n = len(base)
    for r in range(1, factor):
        rng = random.Random(seed * 1_000_003 + r)
        table = digit_table(rng)
        for i, c in enumerate(base):
            j = rng.randrange(n - 1) if n > 1 else 0
            if n > 1 and j >= i:
                j += 1  # a donor other than the chunk itself
            out.append(replica(c, base[j], r, rng, table))
    return out
