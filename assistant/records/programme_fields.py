"""A programme block's labelled fields, read by their labels rather than by document.

Prefectures and ministries print a subsidy's terms as labelled lines under its name, in one of two forms:
「【補助対象者】 / 県内に事業所を有する中小企業者」 (a bracketed label over its value lines) or
「対象者：県外から移住した世帯」 (label and value on one line). The label says the field: who may apply
(補助対象者, 支援対象者, 対象者 …), what is paid for (補助対象経費, 対象経費, 想定される経費 …), the terms
(補助率, 上限額, 補助率・上限額 …) and the period (事業期間, 実施期間 …). A terms line pairs its rate and cap
with the condition it names before a colon: 「小規模事業者：補助率2/3以内（上限100万円）」.

The scheme block reader (programme_scheme_blocks.py) and the budget block reader (programme_blocks.py) read
these fields inside their blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.normalize import nfkc

from .models import Cap, Rate
from .programme_common import AMOUNT, CAP_RE, RATE, RATE_RE, parse_eligible, split_terms
from .text import BULLETS, MARKS, is_blank, strip_bullet

# Label (NFKC, spaces removed) -> field.
_LABELS = {
    **dict.fromkeys(
        (
            *("補助対象者", "支援対象者", "交付対象者", "対象者", "補助対象事業者", "支援対象事業者", "対象事業者"),
            "申請者",
            *("補助対象", "支援対象", "交付対象"),  # as a programme table's 支援対象 column: who receives it
        ),
        "eligible",
    ),
    **dict.fromkeys(
        ("補助対象経費", "支援対象経費", "交付対象経費", "対象経費", "対象となる経費", "想定される経費", "支援内容"),
        "covered",
    ),
    **dict.fromkeys(
        (
            *("補助率", "補助率等", "交付率", "負担率", "支援額", "補助額"),
            *("補助率・上限額", "補助率・補助上限額", "補助率及び上限額"),
        ),
        "terms",
    ),
    **dict.fromkeys(("上限額", "補助上限額", "補助上限", "限度額", "補助限度額", "上限"), "cap"),
    **dict.fromkeys(("事業期間", "実施期間", "補助事業期間", "事業実施期間", "支援期間"), "period"),
}
_LABEL_LINE = re.compile(
    rf"^[\s\-{BULLETS}{MARKS}]*(?:【(?P<a>[^】]{{2,12}})】|(?P<b>[^\s：:【】、。]{{2,12}})\s*[：:])\s*(?P<rest>.*)$"
)
# A terms line naming who or what its rate and cap are for: 「小規模事業者：補助率2/3以内（上限100万円）」.
_CONDITION = re.compile(r"^(?P<cond>[^：:]{2,40}?)\s*[：:]")
_TERM = re.compile(rf"{RATE}|(?:上限(?:総額|額)?\s*)?{AMOUNT}")  # what a bracketed exception may give


def label_of(line: str) -> tuple[str, str] | None:
    """(field, value on the same line) of a labelled line, or None."""
    m = _LABEL_LINE.match(line)
    if m is None:
        return None
    label = re.sub(r"\s+", "", nfkc(m["a"] or m["b"]))
    kind = _LABELS.get(label)
    return (kind, m["rest"].strip()) if kind else None


@dataclass
class Fields:
    """What a block's labels say, and the 0-based lines they were read from."""

    eligible: list[str] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    caps: list[Cap] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    period: str | None = None
    used: list[int] = field(default_factory=list)

    @property
    def kinds(self) -> int:
        """How many different fields the labels gave."""
        return sum(map(bool, (self.eligible, self.covered, self.rates or self.caps, self.period)))


def _terms(text: str, cap_label: bool, out: Fields) -> None:
    """Rates and caps of one terms line, with the condition the line names before a colon and those its
    brackets name: 「補助率：1/2以内（中小企業は2/3以内）」."""
    head = _CONDITION.match(text)
    cond = head["cond"].strip() if head and label_of(text) is None and not RATE_RE.search(head["cond"]) else None
    body = text[head.end() :] if cond and head else text
    for part, bracket in split_terms(body, _TERM):
        rates = RATE_RE.findall(part)
        caps = [m.group(0) for m in CAP_RE.finditer(part)]
        if not caps and (cap_label or bracket) and not rates:  # 「補助上限額：150万円」, 「（大規模型は3億円）」
            caps = [m.group(0) for m in re.finditer(AMOUNT, part)]
        out.rates += [Rate(r, bracket or cond) for r in rates]
        out.caps += [Cap(c, bracket or cond) for c in caps]


def labelled_fields(lines: list[str], start: int, end: int) -> Fields:
    """The labelled fields of lines ``start..end`` (0-based, inclusive); a value runs until a blank after it or
    the next label."""
    out = Fields()
    kind: str | None = None
    read = False  # whether the current label has had a value yet (a blank after one ends it)
    for i in range(start, min(end, len(lines) - 1) + 1):
        segments = _segments(lines[i].strip())
        if len(segments) > 1:  # 「補助対象者：…　補助率：1/2等」: each label with its own value
            for seg in segments:
                _read(out, *(label_of(seg) or ("", "")))
            out.used.append(i)
            kind, read = None, True
            continue
        text = lines[i].strip()
        labelled = label_of(text)
        if labelled is not None:
            (kind, text), read = labelled, False
            out.used.append(i)
        elif is_blank(lines[i]):
            kind = None if read else kind
            continue
        elif kind is None:
            continue
        else:
            out.used.append(i)
        value = strip_bullet(text).strip()
        if not value or kind is None:
            continue
        read = True
        _read(out, kind, value)
    return out


def _read(out: Fields, kind: str, value: str) -> None:
    """Add one labelled value to the fields."""
    if kind == "eligible" and value:
        who, cond = parse_eligible(value)
        out.eligible += who
        out.conditions += cond
    elif kind == "covered" and value:
        out.covered.append(value)
    elif kind in ("terms", "cap") and value:
        _terms(value, kind == "cap", out)
    elif kind == "period" and value and out.period is None:
        out.period = value


_SEGMENT = re.compile(r"(?:\u3000|\s{2,})(?=[^\s：:、。]{2,12}[：:])")


def _segments(line: str) -> list[str]:
    """A line holding several labelled values, split at the wide spaces between them when every part is labelled."""
    parts = [p.strip() for p in _SEGMENT.split(line) if p.strip()]
    return parts if len(parts) > 1 and all(label_of(p) for p in parts) else [line]


def terms_of(text: str) -> tuple[list[Rate], list[Cap]]:
    """Rates and caps a sentence states with their conditions: 「…を支援する（補助率1/2、上限1,000万円）。」."""
    out = Fields()
    _terms(text, False, out)
    return out.rates, out.caps
