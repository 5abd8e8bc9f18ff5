"""Programme blocks of slides and lists: a scheme's name line, then what it does and its labelled terms.

Decks and plans list their schemes as a name line with the ministry or the budget in brackets, a sentence
saying what is supported, and labelled terms under it:

    ◆ 地域おこし協力隊推進事業（総務省）            1. 空き家改修支援事業（令和7年度当初予算 50億円）
    地域おこし協力隊の…経費を特別交付税で措置する。  市町村が行う…に要する経費を支援する（補助率1/2、上限1,000万円）。
    ・対象者：都市地域から…住民票を移した者
    ・上限額：隊員1人あたり550万円

A name line counts when its block has two labelled fields (programme_fields.py), or one, or a bracket naming
the ministry or budget, together with a sentence of support (支援・補助・交付・措置・支給・助成); a name in
running text, a heading over prose of another kind, or a name with a descriptive bracket is left to the other
readers.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import Budget, ProgrammeRecord
from .programme_common import BUDGET_ITEM_RE, covered_from_summary, eligible_from_summary, ministry_in_name
from .programme_fields import label_of, labelled_fields, terms_of
from .text import BULLETS, CIRCLED, MARKS, is_blank, strip_bullet

_SCHEME = r"(?:事業|補助金|交付金|助成金|支援金|給付金|奨励金|制度)"
# The name alone on its line, after a list mark or number, with an optional bracket (ministry or budget).
_NAME_LINE = re.compile(
    rf"^[\s\-{BULLETS}{MARKS}{CIRCLED}]*(?:[0-9０-９]{{1,2}}[.．)）]\s*|[（(][0-9０-９]{{1,2}}[）)]\s*)?"
    rf"(?P<name>[^\s。、：:【】「」（）()]{{2,40}}?{_SCHEME})\s*(?:【(?P<office>[^【】]{{2,20}})】)?\s*"
    r"(?:[（(](?P<paren>[^（）()]{1,30})[）)])?$"
)
_SUPPORTS = re.compile(r"支援|補助|交付|措置|支給|助成")
_REACH = 25  # lines under a name its block may reach
_TERMS_BRACKET = re.compile(r"[（(][^（）()]*(?:補助率|上限|定額)[^（）()]*[）)]")


def _block_end(lines: list[str], at: int) -> int:
    """Last line of the block under the name line ``at``: before the next name line or a long blank run."""
    blanks = 0
    for i in range(at + 1, min(len(lines), at + 1 + _REACH)):
        if _NAME_LINE.match(lines[i].strip()) and label_of(lines[i].strip()) is None:
            return i - 1
        blanks = blanks + 1 if is_blank(lines[i]) else 0
        if blanks >= 2:
            return i
    return min(len(lines) - 1, at + _REACH)


def _summary(lines: list[str], at: int, end: int, used: list[int]) -> tuple[str, list[int]]:
    """The block's unlabelled sentences (what the scheme does) and their 0-based lines."""
    rows = [i for i in range(at + 1, end + 1) if not is_blank(lines[i]) and i not in used and "\t" not in lines[i]]
    return "".join(strip_bullet(lines[i]) for i in rows), rows


def _paren(paren: str | None) -> tuple[str | None, list[Budget]]:
    """What a name's bracket says: the ministry (「（総務省）」) or the budget (「（令和7年度当初予算 50億円）」)."""
    if not paren:
        return None, []
    ministry = ministry_in_name(f"({paren})")
    m = BUDGET_ITEM_RE.search(paren)
    budget = [Budget(m["amt"], re.sub(r"\s+", "", m["year"]), m["kind"] or None)] if m else []
    return ministry, budget


def extract_scheme_blocks(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A scheme's name line over what it supports and its labelled terms."""
    records = []
    for at, line in enumerate(lines):
        m = _NAME_LINE.match(line.strip())
        if m is None or "\t" in line or label_of(line.strip()) is not None:
            continue
        end = _block_end(lines, at)
        fields = labelled_fields(lines, at + 1, end)
        summary, rows = _summary(lines, at, end, fields.used)
        ministry, budgets = _paren(m["paren"])
        ministry = m["office"] or ministry  # 「X事業【国土交通省】」
        named = bool(ministry or budgets)
        supports = bool(_SUPPORTS.search(summary))
        if not (fields.kinds >= 2 or (supports and (fields.kinds or named))):
            continue
        sentence_rates, sentence_caps = terms_of(summary) if supports else ([], [])
        said = _TERMS_BRACKET.sub("", summary)  # 「…を支援する（補助率1/2、上限…）。」: the sentence without its terms
        last = max([at, *fields.used, *(rows if supports else [])])
        records.append(
            programme_record(
                doc_id,
                lines,
                at + 1,
                last + 1,
                name=m["name"],
                ministry=ministry,
                budgets=budgets,
                rates=[*fields.rates, *sentence_rates],
                caps=[*fields.caps, *sentence_caps],
                eligible=fields.eligible or eligible_from_summary(said),
                covered_costs=fields.covered or covered_from_summary(said),
                conditions=fields.conditions,
                period=fields.period,
                summary=summary or None,
            )
        )
    return records
