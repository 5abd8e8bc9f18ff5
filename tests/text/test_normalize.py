"""Cleaning for search: NFKC, OCR repair, PDF line numbers, noise lines, compact form."""

from __future__ import annotations

import pytest

from assistant.text.normalize import compact, content_offset, has_line_numbers, is_noise, nfkc, normalize, repair_ocr

DOC_002 = "002_b91c70b0932f2c48.txt"


# -- NFKC ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("令和６年度", "令和6年度"),
        ("９９．９％", "99.9%"),
        ("113,600㏊", "113,600ha"),
        ("２／３以内", "2/3以内"),
        ("ＫＰＩ", "KPI"),
        ("ｺﾐｭﾆﾃｨ", "コミュニティ"),  # half-width katakana become full-width
        ("補助率", "補助率"),  # ordinary Japanese is untouched
    ],
)
def test_nfkc(raw: str, expected: str) -> None:
    assert nfkc(raw) == expected


def test_normalize_applies_nfkc_ocr_markup_and_spacing() -> None:
    assert (
        normalize("国十交诵省の補助率は２／３以内、上限**1,000万円**") == "国土交通省の補助率は2/3以内、上限1,000万円"
    )
    assert normalize("  地域住 民の\u3000活動  ") == "地域住民の活動"  # extraction gaps inside Japanese removed
    assert normalize("Well-being を 高める") == "Well-being を高める"  # a space next to Latin text stays
    assert normalize("項目\t基準値\t\t目標値") == "項目 | 基準値 | 目標値"  # table cells stay visible


# -- OCR repair ------------------------------------------------------------------------------


def test_repair_ocr_fixes_the_ministry_name() -> None:
    assert repair_ocr("国十交诵省") == "国土交通省"
    assert repair_ocr("国十交通省") == "国土交通省"
    assert repair_ocr("国土交诵省") == "国土交通省"
    assert repair_ocr("国十政策局") == "国土政策局"


@pytest.mark.parametrize("text", ["十勝地域の農業", "十分なサービス", "十和田奥入瀬観光機構", "日本赤十字", "国十分に"])
def test_repair_ocr_keeps_other_ju(text: str) -> None:
    assert repair_ocr(text) == text


def test_ocr_misspelling_in_real_corpus_is_repaired(real_corpus) -> None:
    doc = real_corpus.get("001_66b98a4b6793b39c.txt")
    assert doc.lines[70] == "国十交诵省"  # the original is never changed...
    assert normalize(doc.lines[70]) == "国土交通省"  # ...its searchable form is repaired


# -- PDF line numbers ------------------------------------------------------------------------


def test_has_line_numbers_only_for_002(real_corpus) -> None:
    flags = {d.doc_id: has_line_numbers(d.lines) for d in real_corpus.documents}
    assert flags == {
        "000_5b488fcf669fcaed.txt": False,
        "001_66b98a4b6793b39c.txt": False,
        DOC_002: True,
        "003_6b6a8afd27e09b17.txt": False,
        "004_49aeb67bc23e3385.txt": False,
    }


def test_has_line_numbers_needs_enough_lines() -> None:
    numbered = [f"{n} 本文の{n}行目である。" for n in range(1, 30)]
    assert has_line_numbers(numbered)
    assert not has_line_numbers(numbered[:10])  # too few lines to tell
    assert not has_line_numbers([f"本文の{n}行目である。" for n in range(1, 30)])


def test_content_offset_on_002(real_corpus) -> None:
    doc = real_corpus.get(DOC_002)
    lines = doc.lines
    line = lines[1575 - 1]
    assert line == "23 慮し、分散型システムを必要に応じて活用することが考えられる。"
    off = content_offset(line, numbered=True)
    assert line[off:] == "慮し、分散型システムを必要に応じて活用することが考えられる。"
    assert content_offset(line, numbered=False) == 0
    toc = lines[13 - 1]  # "1<TAB>目次<TAB>"
    assert toc.startswith("1\t目次")
    assert toc[content_offset(toc, True) :].strip() == "目次"
    date = next(ln for ln in lines if ln.startswith("令和"))
    assert content_offset(date, True) == 0  # no number at the start: nothing removed


def test_content_offset_keeps_numbered_items() -> None:
    assert content_offset("2. 地域生活圏の取組の背景", True) == 0
    assert content_offset("2025年の目標", True) == 0
    assert content_offset("12\t本文", True) == 3


# -- noise -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clean", ["", "12", "1,000", "0.0%", "10.0%", "2020 2025 2030", "0 5,000 10,000", "(3)", "- 5 -"]
)
def test_noise(clean: str) -> None:
    assert is_noise(clean)


@pytest.mark.parametrize(
    "clean",
    [
        "113,600ha",
        "3,000万人",
        "2024年",
        "120件",
        "令和6年度",
        "R5",
        "補助率",
        "(単位: %)",
        "20,120人 (R5) → 29,720人 (R11)",
    ],
)
def test_not_noise(clean: str) -> None:
    assert not is_noise(clean)


def test_noise_on_real_lines(real_corpus) -> None:
    doc = real_corpus.get("004_49aeb67bc23e3385.txt")
    assert not is_noise(normalize(doc.lines[357 - 1]))  # 113,600ha
    axis = [ln for ln in real_corpus.get("003_6b6a8afd27e09b17.txt").lines[10:20] if ln.strip()]
    assert axis and all(is_noise(normalize(ln)) for ln in axis)  # 0.0% 10.0% … chart axis


# -- compact ---------------------------------------------------------------------------------


def test_compact() -> None:
    assert compact(" 補助率 は\u3000２／３\n以内\t") == "補助率は2/3以内"
    assert compact("地域 生活圏\r\n") == compact("地域生活圏")
    assert compact("") == ""
    # compact does not repair OCR: it is for comparing quotes with the original wording.
    assert compact("国十 交诵省") == "国十交诵省"


def test_a_footnote_mark_is_set_apart_from_the_word_it_marks() -> None:
    """「定住自立圏⁶」 is searched as 定住自立圏 (its note number apart), while km² keeps its power."""
    from assistant.text.tokenizer import tokenize

    assert normalize("「定住自立圏⁶」を形成") == "「定住自立圏 6」を形成"
    assert set(tokenize("定住自立圏")) <= set(tokenize("「定住自立圏⁶」を形成"))
    assert normalize("面積1,319km²") == "面積1,319km2"


def test_short_texts_are_remembered_and_long_ones_normalised_the_same_way() -> None:
    from assistant.text.normalize import CACHED_CHARS, _normalize, _normalize_short

    short = "国十交诵省の補助率は２／３以内"
    assert normalize(short) == _normalize(short) == "国土交通省の補助率は2/3以内"
    hits = _normalize_short.cache_info().hits
    assert normalize(short) == "国土交通省の補助率は2/3以内" and _normalize_short.cache_info().hits == hits + 1
    long = "上限**1,000万円**。" * (CACHED_CHARS // 10 + 1)
    assert len(long) > CACHED_CHARS and normalize(long) == _normalize(long) == "上限1,000万円。" * (
        CACHED_CHARS // 10 + 1
    )
