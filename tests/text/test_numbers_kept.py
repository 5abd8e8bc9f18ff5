"""Normalisation never changes a value: list numbers (①, ⑴, ⒈, ㉑ …) never run into the digits beside them.

NFKC writes ① as ``1``, so ``①４５６百万円`` became ``1456百万円`` and was answered as such. The sweep
reads every line of the real corpus and compares the numbers in the original with those in the
normalised form.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from assistant.ingest.loader import decode
from assistant.text.normalize import NUMERIC_COMPAT, compact, nfkc, normalize
from assistant.text.tokenizer import tokenize
from assistant.types import split_lines


def original_numbers(line: str) -> list[str]:
    """The numbers a reader sees in ``line``, as ASCII digit strings.

    Runs of decimal digits (any width) are one number; so are runs of superscript (or subscript)
    digits (a footnote ¹⁰); every other character NFKC turns into digits is a number of its own
    (① is 1, ⑽ is 10, ½ is 1 and 2).
    """
    out: list[str] = []
    run, family = "", None
    for ch in line:
        if unicodedata.category(ch) == "Nd":
            kind, digits = "plain", str(unicodedata.digit(ch))
        elif ch in NUMERIC_COMPAT and NUMERIC_COMPAT[ch] != "alone":
            kind, digits = NUMERIC_COMPAT[ch], unicodedata.normalize("NFKC", ch)
        else:
            if run:
                out.append(run)
            run, family = "", None
            if ch in NUMERIC_COMPAT:
                out.extend(re.findall(r"[0-9]+", unicodedata.normalize("NFKC", ch)))
            continue
        if kind != family and run:
            out.append(run)
            run = ""
        run, family = run + digits, kind
    if run:
        out.append(run)
    return out


def normalised_numbers(line: str) -> list[str]:
    return re.findall(r"[0-9]+", normalize(line))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("①４５６百万円", "1 456百万円"),  # the reported wrong figure
        ("⑴４５６", "(1)456"),  # parenthesised: already apart
        ("⒈４５６", "1. 456"),  # would read as 1.456
        ("㉑３００件", "21 300件"),
        ("日③3", "日3 3"),  # from 004
        ("②③④", "2 3 4"),  # three list numbers, not 234
        ("ス¹⁰」", "ス 10」"),  # a footnote ¹⁰ is ten (from 002), set apart from the word it marks
        ("1,319km²", "1,319km2"),  # a power stays with its unit
        ("10²", "10 2"),
        ("1½", "1 1⁄2"),
        ("㈠４", "(一)4"),
        ("１２，３４５．６", "12,345.6"),  # ordinary full-width numbers still fold
        ("補助率①は２／３", "補助率1は2/3"),  # a list number next to no digit is left alone
    ],
)
def test_list_numbers_stay_apart(raw: str, expected: str) -> None:
    assert nfkc(raw) == expected
    assert normalised_numbers(raw) == original_numbers(raw)


def test_tokens_and_compact_form_keep_the_value() -> None:
    assert "456" in tokenize("①４５６百万円") and "1456" not in tokenize("①４５６百万円")
    assert compact("①４５６百万円") == "1456百万円"  # compact() compares text; it is not a value


def test_every_compatibility_number_is_known() -> None:
    """The table `nfkc` uses covers every character outside the scanned ranges too."""
    missing = [
        ch
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and (ch := chr(code)) not in NUMERIC_COMPAT
        and unicodedata.category(ch) != "Nd"
        and any("0" <= c <= "9" for c in unicodedata.normalize("NFKC", ch))
    ]
    assert missing == []


def test_real_corpus_numbers_survive_normalisation(real_corpus_dir: Path) -> None:
    """No number in any line of the corpus changes its digits between the original and the normalised form."""
    changed = []
    lines = 0
    for path in sorted(real_corpus_dir.glob("*.txt")):
        text, _ = decode(path.read_bytes())
        for i, line in enumerate(split_lines(text), start=1):
            lines += 1
            if original_numbers(line) != normalised_numbers(line):
                changed.append(f"{path.name}:{i}: {line.strip()[:60]!r} -> {normalize(line)[:60]!r}")
    assert lines > 5000
    assert changed == [], "\n".join(changed[:20])
