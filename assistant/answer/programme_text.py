"""How a programme record's fields are written in an answer: budgets, rates with their costs, terms, period, ministry."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.question.rules import asks
from assistant.records.models import Budget, ProgrammeRecord, SourceSpan
from assistant.text.normalize import compact, normalize


def budget_text(b: Budget) -> str:
    """A budget as the answer says it: amount, year and kind, its footnote or 「の内数」."""
    when = f"{b.fiscal_year or ''}{b.kind or ''}"
    text = f"{b.amount}({when})" if when else f"{b.amount}"
    if b.note and not b.is_share:
        return f"{text}（{b.note}）"  # 「※R7補正予算にて予算措置」: the footnote says where it comes from
    return f"{text}の内数" if b.is_share else text


def term(value: str, condition: str | None) -> str:
    """A rate or cap with the condition it applies under."""
    return f"{value}（{condition}）" if condition else value


#: The costs a rate is a share of, written right before it: 「支援対象経費の2/3」「補助対象事業費の1/2以内」.
COSTS_OF = r"([\u4e00-\u9fff\u30a0-\u30ffー]{0,10}(?:経費|事業費|費用))の"


def rates_text(terms: list[str]) -> str:
    """「補助率1/2」, or 「補助率は支援対象経費の2/3」 when the first rate opens with the costs it is a share of."""
    said = "、".join(terms)
    return f"補助率は{said}" if re.match(r"[^\d定]", said) else f"補助率{said}"


def rate_of_costs(rate: str, sources: Sequence[SourceSpan]) -> str:
    """``rate`` with the costs its source lines say it is a share of (「2/3」 -> 「支援対象経費の2/3」), else ``rate``."""
    if not re.search(r"\d", rate):
        return rate  # 「定額」 is no share of anything
    for span in sources:
        found = re.search(COSTS_OF + re.escape(compact(rate)), compact(normalize(span.text)))
        if found:
            return f"{found.group(1)}の{rate}"
    return rate


#: The labels of the fields an answer states only when they are asked.
ASKED_ONLY = ("対象経費", "期間", "所管")


def written_in_its_lines(value: str | None, r: ProgrammeRecord) -> bool:
    """Whether ``value`` is written in the record's own source lines (compared compact)."""
    if not value:
        return False
    own = compact(normalize(" ".join([r.source_text, *(s.text for s in r.sources)])))
    return compact(normalize(value)) in own


def run_fields(r: ProgrammeRecord, q: str) -> list[tuple[bool, bool, str]]:
    """(asked?, present?, text) of when a programme runs and who runs it (「期間: R7年度」「所管: 国土交通省」).

    The ministry counts as present only when the record's own lines write it: a reader may fill it from the
    document's publisher on its cover, which says who wrote the document, not who runs each project in it."""
    return [
        (asks("programme_period", q), bool(r.period), f"期間: {r.period}"),
        (asks("programme_ministry", q), written_in_its_lines(r.ministry, r), f"所管: {r.ministry}"),
    ]
