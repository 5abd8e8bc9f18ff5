"""Cleaning for search: NFKC, OCR repairs, whitespace, PDF line numbers and bare-number noise.

The original text is never changed; these functions produce the *searchable* form of a line.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

# OCR confusions seen in the corpus. Simplified-Chinese glyphs never occur in Japanese text, so
# mapping them back is safe everywhere; word-level fixes are anchored on their context.
_OCR_CHARS = str.maketrans({"诵": "通", "这": "這", "么": "麼", "们": "們", "说": "説", "为": "為"})
_OCR_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"国十(?=交通|交诵|政策|形成|審議)"), "国土"),
    (re.compile(r"交诵"), "交通"),
    (re.compile(r"(?<=[0-9])[oO](?=[0-9])"), "0"),
)

_LINE_NUMBER = re.compile(r"^\s{0,3}(?:-\s)?\d{1,4}(?:\t|\s(?=\S))")
_TABS = re.compile(r"[ \u3000]*\t[\t \u3000]*")
_BARE_NUMBERS = re.compile(r"^[\s0-9,.．、%％~〜\-−－–()（）/年月日万千億人件ヶカ所]*$")
_MARKUP = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
# A space between two Japanese characters is an extraction artefact ("地域住 民"), not a word break.
_JA = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ー"
_JA_GAP = re.compile(rf"(?<=[{_JA}、。「」（）]) (?=[{_JA}、。「」（）])")


def _numeric_compat() -> dict[str, str]:
    """Characters NFKC turns into digits without being digits (①, ⑴, ⒈, ㉑, ², ½, ㋀ …), by family.

    Superscript and subscript digits are parts of one number when they follow each other
    (a footnote ¹⁰); every other one is a number of its own (list markers, fractions, units).
    """
    ranges = ((0xA0, 0x100), (0x2070, 0x20A0), (0x2150, 0x2190), (0x2460, 0x2500), (0x3200, 0x3400))
    out = {}
    for lo, hi in (*ranges, (0x1F100, 0x1F110)):
        for code in range(lo, hi):
            ch = chr(code)
            form = unicodedata.normalize("NFKC", ch)
            if unicodedata.category(ch) != "Nd" and form != ch and any("0" <= c <= "9" for c in form):
                if "\u2070" <= ch <= "\u2079" or ch in "\u00b9\u00b2\u00b3":
                    out[ch] = "sup"
                elif "\u2080" <= ch <= "\u2089":
                    out[ch] = "sub"
                else:
                    out[ch] = "alone"
    return out


NUMERIC_COMPAT = _numeric_compat()
_COMPAT_SPLIT = re.compile("([" + "".join(sorted(NUMERIC_COMPAT)) + "])")
_ENDS_NUMBER = re.compile(r"[0-9][.,]?$")
_STARTS_NUMBER = re.compile(r"^[.,]?[0-9]")
#: A word a superscript may mark as annotated: not a digit, a space or a unit's letter (m², km³).
_ENDS_WORD = re.compile(r"[^\s0-9mM]$")


def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits and letters become ASCII, ㏊ becomes ha, ％ becomes %),
    never joining a number to a neighbour: ``①４５６`` becomes ``1 456``, not ``1456``.

    NFKC writes a circled or parenthesised list number, a superscript or a fraction as plain
    digits, which would run into digits beside it and change a value; a space keeps them apart.
    """
    if not _COMPAT_SPLIT.search(text):
        return unicodedata.normalize("NFKC", text)
    pieces: list[tuple[str, str]] = []  # (normalised text, family: plain / sup / sub / alone)
    for part in _COMPAT_SPLIT.split(text):
        if part:
            pieces.append((unicodedata.normalize("NFKC", part), NUMERIC_COMPAT.get(part, "plain")))
    out = [pieces[0][0]]
    for (left, f1), (right, f2) in itertools.pairwise(pieces):
        joins = f1 == f2 and f1 in ("sup", "sub")  # ¹⁰ is ten
        if not joins and _ENDS_NUMBER.search(left) and _STARTS_NUMBER.match(right):
            out.append(" ")
        elif f2 == "sup" and f1 != "sup" and _ENDS_WORD.search(left):
            out.append(" ")  # a footnote mark (定住自立圏⁶, PPP⁷) is not part of the word; a power (km²) is
        out.append(right)
    return "".join(out)


def repair_ocr(text: str) -> str:
    """Undo OCR confusions seen in the corpus: 国十交诵省 -> 国土交通省."""
    text = text.translate(_OCR_CHARS)
    for pattern, repl in _OCR_WORDS:
        text = pattern.sub(repl, text)
    return text


#: Texts up to this long are remembered (`_normalize_short`): the same questions, sentences and
#: names are normalised over and over while answering (about 8 % of an answer's CPU time).
CACHED_CHARS = 1000


def normalize(text: str) -> str:
    """The searchable form of a piece of text: NFKC, OCR repairs, markup and spacing removed.

    Example:
        >>> normalize("国十交诵省の補助率は２／３以内、上限**1,000万円**")
        '国土交通省の補助率は2/3以内、上限1,000万円'
    """
    return _normalize_short(text) if len(text) <= CACHED_CHARS else _normalize(text)


@functools.lru_cache(maxsize=8192)
def _normalize_short(text: str) -> str:
    """`_normalize`, remembered (at most 8,192 texts of at most 1,000 characters: a few MB). Thread-safe."""
    return _normalize(text)


def _normalize(text: str) -> str:
    text = repair_ocr(nfkc(text))
    text = _MARKUP.sub("", text)
    # Tabs separate table cells in the extractions; keep the cell boundary visible.
    text = _TABS.sub(" | ", text.strip(" \t\u3000"))
    text = _SPACES.sub(" ", text).strip()
    return _JA_GAP.sub("", text)


def compact(text: str) -> str:
    """NFKC with all whitespace removed: the form used to compare quotes, evidence and answers."""
    return re.sub(r"\s+", "", nfkc(text))


def has_line_numbers(lines: list[str]) -> bool:
    """Whether a document carries PDF line numbers at line starts (``12<TAB>…``)."""
    non_empty = [ln for ln in lines if ln.strip()]
    if len(non_empty) < 20:
        return False
    numbered = sum(1 for ln in non_empty if _LINE_NUMBER.match(ln))
    return numbered / len(non_empty) >= 0.3


def content_offset(line: str, numbered: bool) -> int:
    """Where a line's own words start: after a PDF line number when the document has them."""
    if numbered:
        m = _LINE_NUMBER.match(line)
        if m:
            return m.end()
    return 0


def is_noise(clean: str) -> bool:
    """A cleaned line with no words: page numbers, chart axis labels, stray counters."""
    if not clean:
        return True
    return bool(_BARE_NUMBERS.match(clean)) and not re.search(r"[0-9].*[万千億人件ヶカ所年月日]", clean)


_QUOTED = re.compile(r"「[^「」]*」")


def without_quotes(text: str) -> str:
    """``text`` with the words inside 「」 left out (the brackets kept): quoted words name something, they ask nothing."""
    return _QUOTED.sub("「」", text)
