"""A KPI record said as an answer: the asked field first, the whole record after it, what is not stated said so.

「移住相談件数の進捗率は90.0％です [1]（基準値120件(R1)、実績値…、目標値200件(R7)、進捗率90.0％）」
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from assistant.answer.limits import MAX_ANSWER_CHARS
from assistant.question.figure_role import asked_figure_role
from assistant.question.rules import asks
from assistant.records.lookup import years_asked
from assistant.records.models import KpiRecord, KpiValue
from assistant.text.normalize import normalize


def _fmt(v: KpiValue | None) -> str | None:
    if v is None or not (v.value or v.status):
        return None
    value = v.value or v.status or ""
    if v.value and v.status and not v.year:
        value = f"{v.status}{v.value}"
    if v.label and v.value:
        value = f"{v.label}{value}"  # 実人数1,000万人
    return f"{value}({v.year})" if v.year else value


#: A cell the document leaves without a figure: 「-％」「－」「―」 (a dash, perhaps with its unit).
_NO_FIGURE = re.compile(r"^[\s\-－―ー‐−–]+[%％]?$")


def stated(value: str | None) -> str | None:
    """The value, or None when the document marks it as not stated (a dash in place of a figure)."""
    return None if value is None or _NO_FIGURE.match(value) else value


def _pending(r: KpiRecord) -> str | None:
    """「R6の実績値は集計中（7月頃）」 when the latest actual is still being counted."""
    last = next((a for a in reversed(r.actuals) if a.value or a.status), None)
    if last is None or last.value or not last.status:
        return None
    return f"{last.year}の実績値は{last.status}" if last.year else f"実績値は{last.status}"


def _pending_asked(r: KpiRecord, years: Collection[str]) -> str | None:
    """「R6の実績値の記載はありません（集計中（7月頃））」 when every asked year's actual is only a status."""
    wanted = [a for a in r.actuals if a.year in years]
    if not wanted or any(a.value for a in wanted) or not all(a.status for a in wanted):
        return None
    statuses = "、".join(dict.fromkeys(a.status or "" for a in wanted))
    return f"{'・'.join(a.year or '' for a in wanted)}の実績値の記載はありません（{statuses}）"


#: What joins a prose target's horizon to its figure: 「施行後5年間で累計600件」「1985年に304兆円」「2030年までに3倍」.
_HORIZON_JOIN = r"\s?(?:まで)?(?:で|に)?(?:は)?\s?"


def _as_written(r: KpiRecord, targets: tuple[KpiValue, ...]) -> str | None:
    """Targets sharing one horizon, in the document's words: 「今後10年間で実人数1,000万人、延べ人数1億人」.

    A prose target is written with its horizon before it and a particle between (「施行後5年間で累計600件」);
    the record keeps the two apart, and 「累計600件(施行後5年間)」 is not what the document says. A table's
    target (「63.9%(R6)」) is not written that way and keeps the record's form.
    """
    whens = {t.year or t.status for t in targets if t.value}
    if len(whens) != 1 or None in whens:
        return None
    when = normalize(str(next(iter(whens))))
    first = next(t for t in targets if t.value)
    source = normalize(r.source_text.replace("\n", " "))
    said = f"{normalize(first.label or '')}{normalize(first.value or '')}"
    m = re.search(re.escape(when) + _HORIZON_JOIN + r"(?:[^、。\s]{0,6}?)" + re.escape(said), source)
    if m is None:
        return None
    joined = source[m.start() : m.end() - len(said)]  # 「今後10年間で」, with the words the document puts there
    items = [f"{normalize(t.label or '')}{normalize(t.value or '')}" for t in targets if t.value]
    return joined + "、".join(items)


def _targets(r: KpiRecord) -> str | None:
    """Every target of the record: 「1,000万人、延べ人数1億人」 reads 「実人数1,000万人、延べ人数1億人」."""
    written = _as_written(r, r.targets)
    if written is not None:
        return written
    shown = [t for t in (_fmt(t) for t in r.targets) if t]
    return "、".join(shown) or None


def _kpi_summary(r: KpiRecord, targets: str | None) -> str:
    parts = []
    if (b := _fmt(r.baseline)) is not None:
        parts.append(f"基準値{b}")
    shown = [a for a in r.actuals if a.value or a.status]
    if shown:
        parts.append("実績値" + "、".join(_fmt(a) or "" for a in shown))
    if targets is not None:
        parts.append(f"目標値{targets}")
    if r.progress:
        parts.append(f"進捗率{stated(r.progress) or '記載なし'}")
    return "、".join(parts)


@dataclass(frozen=True)
class KpiText:
    """A KPI answer's text, and whether it says the asked figure is not stated (then it is an abstention)."""

    text: str
    not_stated: bool = False
    #: The asked field leads the text; False when a field was asked that the record does not hold, and only its
    #: summary is given (「進捗率は」 of a record with no progress figure answers with its baseline and target).
    states_asked: bool = True


def kpi_answer_text(r: KpiRecord, question: str, summary_ok: bool = True) -> str | None:
    """The KPI sentence: the asked field first, the whole record after it."""
    answer = kpi_answer(r, question, summary_ok)
    return answer.text if answer is not None else None


#: The rules that ask one field of a KPI record (its progress, an actual, its baseline, its target, a pending count).
_FIELD_RULES = ("kpi_progress", "kpi_actual", "kpi_baseline", "kpi_target", "kpi_pending")


def kpi_not_stated(r: KpiRecord, question: str) -> bool:
    """Whether the answer says the asked field is one the document leaves without a figure (a dash, 集計中)."""
    answer = kpi_answer(r, question)
    return answer is not None and answer.not_stated


def kpi_answer(r: KpiRecord, question: str, summary_ok: bool = True) -> KpiText | None:
    """The KPI sentence and whether it says the asked figure is not stated; None when the record does not hold it."""
    q = normalize(question)
    name = r.indicator.replace("（再掲）", "").replace("(再掲)", "")
    years = years_asked(q)
    targets = _targets(r)  # read from the source line once: the lead and the summary both say it
    lead = None
    not_stated = False  # a dash or a pending count where the asked figure would be: no figure is given
    if asks("kpi_project", q) and r.project:
        lead = f"「{name}」は{r.project}の評価指標です"
    elif asks("kpi_progress", q) and r.progress and stated(r.progress):
        lead = f"{name}の進捗率は{r.progress}です"
    elif asks("kpi_progress", q) and r.progress:
        # The document gives a dash, not a figure: say so, and why when it says (still being counted).
        pending = _pending(r)
        lead = f"{name}の進捗率の記載はありません" + (f"（{pending}）" if pending else "")
        not_stated = True
    elif asks("kpi_pending", q) and r.status:
        lead = f"{name}の実績値は{r.status}です"
    elif asks("kpi_baseline", q) and _fmt(r.baseline):
        lead = f"{name}の基準値は{_fmt(r.baseline)}です"
    elif not years and (role := asked_figure_role(question)) in ("baseline", "actual"):
        # The state asked against the target (「…の目標に対して、現状は」「基準値は」): the target does not answer it;
        # a record without the figure gives no answer, as for an actual asked (the passages answer, or none does).
        latest = [a for a in r.actuals if a.value][-1:]
        if role == "actual" and latest:
            lead = f"{name}の実績値は{_fmt(latest[0])}です"
        elif role == "actual" and (pending := _pending(r)) is not None:
            lead, not_stated = f"{name}の{pending}", True  # still being counted: said as such
        elif role == "baseline" and _fmt(r.baseline):
            lead = f"{name}の基準値は{_fmt(r.baseline)}です"
        else:
            return None
    elif asks("kpi_target", q) and years and not any(t.year in years for t in r.targets):
        # 「令和6年度時点の目標」 of a record whose only target is R10: the record does not hold it.
        return None
    elif asks("kpi_target", q) and targets:
        lead = f"{name}の目標値は{targets}です"
    elif years or asks("kpi_actual", q):
        wanted = [a for a in r.actuals if a.year in years] if years else [a for a in r.actuals if a.value][-1:]
        if years and not wanted and r.baseline and r.baseline.year in years:
            lead = f"{name}の{r.baseline.year}の値は{_fmt(r.baseline)}です"
        elif not asks("kpi_status", q) and (pending := _pending_asked(r, years)) is not None:
            lead, not_stated = f"{name}の{pending}", True
        elif wanted:
            lead = f"{name}の実績値は" + "、".join(_fmt(a) or "" for a in wanted) + "です"
        elif years and any(t.year in years for t in r.targets):
            year = next(t.year for t in r.targets if t.year in years)
            lead = f"{name}の{year}の目標値は" + "、".join(_fmt(t) or "" for t in r.targets if t.year == year) + "です"
        elif years and asks("kpi_actual", q) and not any(a.year in years for a in r.actuals):
            # An actual asked for a year the record has no column or entry for (its rows are the document's only
            # figures for it): said as not stated, as a dash is, rather than leaving a nearby row to answer.
            lead, not_stated = f"{name}の{'・'.join(sorted(years))}の実績値の記載はありません", True
        else:
            return None
    summary = _kpi_summary(r, targets)
    if not summary or (lead is None and not summary_ok):
        return None
    text = f"{name}: {summary} [1]" if lead is None else f"{lead} [1]（{summary}）"
    states_asked = lead is not None or not any(asks(f, q) for f in _FIELD_RULES)
    # Prose targets: the document's own sentence says it best; add it when it fits.
    source = normalize(r.source_text.replace("\n", " "))
    if r.line_end - r.line_start <= 2 and len(text) + len(source) + 4 <= MAX_ANSWER_CHARS:
        text += f" 「{source}」"
    return KpiText(text, not_stated, states_asked)
