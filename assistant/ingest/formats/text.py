"""Plain text and Markdown: the encoding detected (UTF-8 / CP932 / EUC-JP), the text kept as it is."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.ingest.formats.base import Extracted, UnreadableFile

# Tried in order before statistical detection: Japanese government files are UTF-8 or CP932.
_CANDIDATE_ENCODINGS = ("utf-8-sig", "cp932", "euc_jp", "iso2022_jp")


def _looks_binary(raw: bytes) -> bool:
    if b"\x00" in raw[:8192]:
        return True
    sample = raw[:8192]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / max(len(sample), 1) > 0.05


def _plausible(text: str) -> bool:
    """Decoded text that reads as text: few control or private-use characters."""
    if not text.strip():
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or "\ue000" <= ch <= "\uf8ff")
    if bad / len(text) >= 0.01:
        return False
    # EUC-JP read as CP932 comes out as runs of half-width katakana, which real documents rarely use.
    halfwidth = sum(1 for ch in text if "\uff61" <= ch <= "\uff9f")
    japanese = sum(1 for ch in text if ch >= "\u3040")
    return halfwidth <= 0.3 * japanese or japanese < 4


# Byte order marks that name their encoding (UTF-32 first: its little-endian mark starts with UTF-16's).
# UTF-16 text is full of NUL bytes, so it must be recognised before the binary check.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode bytes to text, detecting the encoding; returns ``(text, encoding)``.

    Example:
        >>> decode("補助率".encode("cp932"))
        ('補助率', 'cp932')
    """
    if not raw.strip():
        raise UnreadableFile("empty file")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)  # the codec reads the mark and drops it
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"undecodable {enc.upper()} text (byte {exc.start})") from None
            if not _plausible(text):
                raise UnreadableFile(f"{enc.upper()} byte order mark, but the content is not text")
            return text, enc
    if _looks_binary(raw):
        raise UnreadableFile("binary file (not text)")
    for enc in _CANDIDATE_ENCODINGS:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text, ("utf-8" if enc == "utf-8-sig" else enc)
    best = from_bytes(raw).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            return text, best.encoding
    raise UnreadableFile("undecodable text (encoding not recognised)")


def load_text(path: Path) -> Extracted:
    """Loader for plain text and Markdown files: the file's own text, decoded."""
    text, encoding = decode(path.read_bytes())
    return Extracted(text, encoding)
