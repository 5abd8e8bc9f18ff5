"""Synthetic corpora keep the originals and multiply the chunk count."""

from __future__ import annotations

import random

import pytest

from assistant.bench.synth import digit_table, is_synthetic, synthesize, units
from assistant.types import Chunk


def _chunk(i: int, text: str, doc: str = "000_a.txt") -> Chunk:
    return Chunk(
        chunk_id=f"c{i:04d}",
        doc=doc,
        title="テスト文書",
        heading=f"第{i}章 施策",
        line_start=i * 10 + 1,
        line_end=i * 10 + 5,
        text=text,
        search_text=text.replace("\n", " "),
        char_start=i * 100,
        char_end=i * 100 + len(text),
    )


@pytest.fixture
def chunks() -> list[Chunk]:
    return [
        _chunk(0, "補助率は2分の1以内とする。上限は1,000万円。\n対象は市町村である。"),
        _chunk(1, "令和6年度の就職率は85.3%であった。目標値は90%。", doc="001_b.txt"),
        _chunk(2, "地域生活圏の形成を推進する。小さな拠点は1,500か所を目指す。関係人口を拡大する。"),
        _chunk(3, "短い"),
    ]


@pytest.mark.parametrize("factor", [1, 2, 10])
def test_keeps_originals_and_multiplies(chunks: list[Chunk], factor: int) -> None:
    out = synthesize(chunks, factor)
    assert len(out) == factor * len(chunks)
    assert out[: len(chunks)] == chunks  # originals first, unchanged
    assert not any(is_synthetic(c) for c in out[: len(chunks)])
    synthetic = out[len(chunks) :]
    assert all(is_synthetic(c) for c in synthetic)
    assert len({c.chunk_id for c in out}) == len(out)  # ids unique
    assert all(c.doc.startswith("syn") and c.heading.startswith(c.doc) for c in synthetic)
    assert all(c.text and c.search_text for c in synthetic)


def test_replicas_are_perturbed_not_copies(chunks: list[Chunk]) -> None:
    out = synthesize(chunks, 5)
    originals = {c.search_text for c in chunks}
    numeric = [c for c in out[len(chunks) :] if any(ch.isdigit() for ch in c.search_text)]
    assert numeric
    assert sum(c.search_text not in originals for c in out[len(chunks) :]) >= len(out) - len(chunks) - 1
    # Every synthetic sentence comes from a real one, with its digits permuted.
    real_units = {u for c in chunks for u in units(c.search_text)}
    strip = str.maketrans("", "", "0123456789")
    for c in out[len(chunks) :]:
        for u in units(c.search_text):
            assert any(u.translate(strip) == r.translate(strip) for r in real_units)


def test_deterministic_by_seed(chunks: list[Chunk]) -> None:
    assert synthesize(chunks, 4, seed=1) == synthesize(chunks, 4, seed=1)
    assert synthesize(chunks, 4, seed=1) != synthesize(chunks, 4, seed=2)


def test_bad_factor(chunks: list[Chunk]) -> None:
    with pytest.raises(ValueError):
        synthesize(chunks, 0)


def test_digit_table_is_a_non_identity_permutation() -> None:
    table = digit_table(random.Random(3))
    ascii_map = {chr(k): v for k, v in table.items() if chr(k) in "0123456789"}
    assert sorted(ascii_map.values()) == list("0123456789")
    assert any(k != v for k, v in ascii_map.items())
    assert "１２".translate(table) == "".join("０１２３４５６７８９"[int(ascii_map[d])] for d in "12")


def test_units() -> None:
    assert units("補助率は2分の1。上限は100万円。 対象 事業者") == [
        "補助率は2分の1。",
        "上限は100万円。",
        "対象",
        "事業者",
    ]
    assert units("") == []
