"""Patterns and small parsers shared by the programme readers (rates, caps, budgets, lists)."""

from __future__ import annotations

import re

from assistant.text.normalize import nfkc

from .text import NUM, normalise_year

# A subsidy rate as printed: "1/2以内", "1 / 2等", "2/3", "定額", "定額等" (not 「定額化」).
RATE = r"(?<![0-9０-９/／])[0-9０-９]+\s*[/／]\s*[0-9０-９]+(?![0-9０-９/／])(?:以内|等)?|定額(?:等)?(?!化)"
RATE_RE = re.compile(RATE)
# A cap as printed, keeping an interleaved parenthesis the extraction put inside it:
# 「上限200万円」, 「上限総額 1,000万円」, 「上限総額 (補助率:1/2以内) 500万円」.
CAP_RE = re.compile(rf"上限(?:総額|額)?\s*(?:[（(][^）)]*[）)]\s*)?{NUM}\s*(?:百万円|億円|万円|千円|円)")
AMOUNT = rf"{NUM}\s*(?:百万円|億円|万円|千円|円)"
# 「令和6年度当初予算額 40.6百万円」, 「令和7年度予算：10百万円」, 「R7補正予算：32.1億円」
BUDGET_ITEM_RE = re.compile(
    r"(?P<label>(?P<year>令和\s*[0-9０-９元]+\s*年度|[RＲ]\s*[0-9０-９]+(?:\s*年度)?)\s*"
    rf"(?P<kind>当初|補正)?\s*予算額?)\s*[：:]?\s*(?P<amt>{AMOUNT})"
)


def budget_year(year_label: str, kind: str | None) -> str | None:
    """ "令和6年度" + 当初 -> "R6"; + 補正 -> "R6補正" (当初 is the default budget)."""
    year = normalise_year(year_label)
    if year is None:
        return None
    return f"{year}補正" if kind == "補正" else year


def split_outside_brackets(text: str, sep: str = "、") -> list[str]:
    """Split on ``sep`` except inside （）/() so notes like 「(…緩和、…必須)」 stay whole."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def parse_eligible(cell: str) -> tuple[list[str], list[str]]:
    """Eligible parties and attached conditions from a 支援対象 cell.

    「都道府県、市区町村、民間事業者等」 -> three parties; a long descriptive cell
    (「…民間団体を含む、官民で構成される協議会」) stays whole because splitting it
    would invent parties. Notes after ※ and parenthesised requirements become conditions.
    """
    text = cell.strip()
    conditions: list[str] = []
    if "※" in text:
        text, note = text.split("※", 1)
        conditions.append("※" + note.strip())
        text = text.strip()
    if not text or text in ("-", "—", "－"):
        return [], conditions
    parts = split_outside_brackets(text)
    if any(len(nfkc(re.sub(r"[（(][^）)]*[）)]", "", p))) > 15 for p in parts):
        return [text], conditions
    parties = []
    for p in parts:
        m = re.fullmatch(r"(?P<who>[^（(]+)[（(](?P<note>[^）)]{8,})[）)]", p)
        if m:  # 「都道府県(複数都道府県の連携要件を緩和、…は必須)」: the note is a condition
            parties.append(m["who"].strip())
            conditions.append(m["note"].strip())
        else:
            parties.append(p)
    return parties, conditions


def ministry_in_name(name: str) -> str | None:
    """A ministry named in a parenthesis: 「地域未来交付金(地域未来推進型)(内閣府)」 -> 内閣府."""
    m = re.search(r"[（(](?P<m>[^（()）]{1,24}(?:省|府|庁|事務局))[）)]", name)
    return m["m"] if m else None
