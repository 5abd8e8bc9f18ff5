"""One record per KPI and per programme: readings of the same thing in several places are merged.

A KPI is read from a project page's row, again from the summary table (with the whole series),
again as （再掲） under another project, and again in a second document that carries the same
summary. Those readings become one record with every source; readings that disagree (another
baseline, another target) stay apart, because then they are different indicators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from assistant.text.normalize import compact

from .make import unit_of
from .models import Budget, KpiRecord, KpiValue, ProgrammeRecord

_REPEAT = re.compile(r"[（(]再掲[）)]")
_QUOTES = re.compile(r"[「」『』]")


#: Names a build's merges look up again and again (each record against each kept one): their keys are kept.
_KEYS_KEPT = 1 << 16


@lru_cache(maxsize=_KEYS_KEPT)
def name_key(name: str) -> str:
    """The form names are merged on: widths folded, spaces, quotes and （再掲） removed."""
    return _QUOTES.sub("", _REPEAT.sub("", compact(name)))


#: Dashes a table writes for "none" (−％ from a PDF, -% in its text version): one mark, whichever is typed.
_DASHES = re.compile("[\u2010-\u2015\u2212\uff0d]")


def _same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or _DASHES.sub("-", compact(a)) == _DASHES.sub("-", compact(b))


def _value_key(v: KpiValue | None) -> tuple[str, str] | None:
    return None if v is None else (compact(v.value or ""), compact(v.year or ""))


def _agree(a: KpiValue, b: KpiValue) -> bool:
    """Two actuals of one year agree when one is the other with more said (28,672 / 28,672人; 集計中 / 集計中（7月頃）)."""
    x, y = compact(a.value or a.status or ""), compact(b.value or b.status or "")
    return x.startswith(y) or y.startswith(x)


def _fuller(a: KpiValue, b: KpiValue) -> KpiValue:
    return b if len(b.value or b.status or "") > len(a.value or a.status or "") else a


def _targets(a: Sequence[KpiValue], b: Sequence[KpiValue]) -> tuple[KpiValue, ...]:
    """``a``'s targets (else ``b``'s), each with the horizon or label only ``b``'s reading of it says (今後10年間)."""
    if not a:
        return tuple(b)
    other = {compact(t.value or ""): t for t in b}
    out = []
    for t in a:
        u = other.get(compact(t.value or ""))
        out.append(replace(t, status=t.status or u.status, label=t.label or u.label) if u else t)
    return tuple(out)


def compatible(a: KpiRecord, b: KpiRecord) -> bool:
    """True when ``b`` is another reading of ``a``: same indicator, no figure that disagrees."""
    if name_key(a.indicator) != name_key(b.indicator):
        return False
    if a.baseline and b.baseline and _value_key(a.baseline) != _value_key(b.baseline):
        return False
    if a.targets and b.targets and {_value_key(t) for t in a.targets} != {_value_key(t) for t in b.targets}:
        return False
    years = {x.year: x for x in a.actuals}
    if any(y.year in years and not _agree(years[y.year], y) for y in b.actuals):
        return False
    return _same(a.progress, b.progress)


def _series(a: Sequence[KpiValue], b: Sequence[KpiValue]) -> tuple[KpiValue, ...]:
    by_year: dict[str | None, KpiValue] = {x.year: x for x in a}
    for y in b:
        by_year[y.year] = _fuller(by_year[y.year], y) if y.year in by_year else y

    def order(v: KpiValue) -> tuple[int, str]:
        m = re.fullmatch(r"R(\d+)", v.year or "")
        return (int(m.group(1)), "") if m else (10**6, v.year or "")

    return tuple(sorted(by_year.values(), key=order))


def combine_kpis(a: KpiRecord, b: KpiRecord) -> KpiRecord:
    """``a`` with what ``b`` adds: the fuller series, missing fields, ``b``'s sources and wording."""
    main = b if a.is_repeat and not b.is_repeat else a
    actuals = _series(a.actuals, b.actuals)
    baseline = a.baseline or b.baseline
    targets = _targets(a.targets, b.targets)
    sources = tuple(dict.fromkeys([*a.sources, *b.sources]))
    variants = [x for x in (a.indicator, b.indicator, *a.variants, *b.variants) if x != main.indicator]
    return replace(
        a,
        indicator=main.indicator,
        project=a.project or b.project,
        unit=a.unit or b.unit or unit_of([baseline.value if baseline else None], [t.value for t in targets]),
        baseline=baseline,
        actuals=actuals,
        targets=targets,
        progress=a.progress or b.progress,
        sources=sources,
        variants=tuple(v for v in dict.fromkeys(variants) if name_key(v) != name_key(main.indicator)),
    )


def merge_kpis(records: Iterable[KpiRecord]) -> list[KpiRecord]:
    """Records in document and line order, each KPI once."""
    out: list[KpiRecord] = []
    for r in sorted(records, key=lambda r: (r.doc, r.line_start, r.line_end)):
        for i, kept in enumerate(out):
            if compatible(kept, r):
                out[i] = combine_kpis(kept, r)
                break
        else:
            out.append(r)
    return out


_PARENT_CHILD = re.compile(r"(?P<a>[^()（）]{2,})[(（](?P<b>[^()（）]{2,})[)）]")


#: A footnote mark a PDF left on a word, as its text renders it: 「居住^{※1}」「居住*1」「居住※1」.
_FOOTNOTE_MARK = re.compile(r"\^\{[^{}]*\}|[*＊※][0-9０-９]+")
#: A separator between two quoted words, which one writing of a name has and another leaves out: 「A」・「B」,
#: 「A」と「B」, 「A」及び「B」.
_QUOTED_SEPARATOR = re.compile(r"(?<=[」』])(?:[・、，,]|と|及び|や)(?=[「『])")


@lru_cache(maxsize=_KEYS_KEPT)
def programme_key(name: str) -> str:
    """A programme's name as merged: 「二地域居住等の促進に向けた…」 and 「二地域居住の促進に向けた…」 name one
    programme (「等」 widens a phrase, it does not name another scheme), and so do 「A(B)」 and 「B(A)」, and a name
    with or without a footnote mark or the separators between its quoted words."""
    key = name_key(_QUOTED_SEPARATOR.sub("", _FOOTNOTE_MARK.sub("", name))).replace("等", "")
    # a bill and the act it became 「…を改正する法律案」「…を改正する法律（案）」「…を改正する法律」 are one law
    key = re.sub(r"(?<=法律)(?:案|[（(]案[）)])$", "", key)
    # 「社会資本整備総合交付金(広域連携事業)」 and 「広域連携事業(社会資本整備総合交付金)」: a scheme and the grant it
    # belongs to, written either way round, are one programme
    m = _PARENT_CHILD.fullmatch(key)
    return "|".join(sorted((m["a"], m["b"]))) if m else key


def _names(r: ProgrammeRecord) -> set[str]:
    return {programme_key(n) for n in (r.name, *r.variants)}


def _budgets(budgets: Sequence[Budget]) -> tuple[Budget, ...]:
    """Each budget once; a bare 「（当初）」 goes when another budget of that kind says more (year or amount)."""
    kept = list(dict.fromkeys(budgets))
    fuller = {b.kind for b in kept if b.amount or b.fiscal_year}
    return tuple(b for b in kept if b.amount or b.fiscal_year or b.kind not in fuller)


def combine_programmes(a: ProgrammeRecord, b: ProgrammeRecord) -> ProgrammeRecord:
    """``a`` with every term ``b`` adds (budgets, rates, caps, applicants, costs) and ``b``'s sources."""

    def union(x: tuple, y: tuple) -> tuple:
        return tuple(dict.fromkeys([*x, *y]))

    return replace(
        a,
        variants=tuple(v for v in union(a.variants, (b.name, *b.variants)) if name_key(v) != name_key(a.name)),
        ministry=a.ministry or b.ministry,
        budgets=_budgets([*a.budgets, *b.budgets]),
        rates=union(a.rates, b.rates),
        caps=union(a.caps, b.caps),
        eligible=union(a.eligible, b.eligible),
        covered_costs=union(a.covered_costs, b.covered_costs),
        conditions=union(a.conditions, b.conditions),
        period=a.period or b.period,
        summary=a.summary or b.summary,
        sources=union(a.sources, b.sources),
        notes=union(a.notes, b.notes),
    )


#: A measure heading about one quoted scheme, ending in what the measure does with it: 「「X制度」の創設」
#: 「…を超える「X」の枠組みの創設」「「X」（略称）2.0の展開」 (an event 「「X会」キックオフミーティング」 is not X).
_QUOTED_HEADING = re.compile(
    r"[^「」『』、，]*[「『](?P<name>[^「」『』]+)[」』][^「」『』、，]*"
    r"の(?:創設|構築|実現|展開|推進|形成|導入|拡充|強化|整備|普及|促進)"
)


def is_heading_of(heading: ProgrammeRecord, scheme: ProgrammeRecord) -> bool:
    """True when ``heading`` is a measure heading whose one quoted name is ``scheme``'s, read on its lines: the
    measure of creating or extending a scheme is that scheme (a heading listing several measures is not)."""
    # Where it stands first: of the pairs a merge compares, few lie within one another's lines.
    if not (heading.doc == scheme.doc and heading.line_start <= scheme.line_start <= heading.line_end):
        return False
    m = _QUOTED_HEADING.fullmatch(compact(heading.name))
    return (
        m is not None
        and programme_key(m["name"]) in _names(scheme)
        and programme_key(heading.name) != programme_key(scheme.name)
    )


def is_part_of(part: ProgrammeRecord, whole: ProgrammeRecord) -> bool:
    """True when ``part`` is one half of ``whole``'s 「A(B)」 name (a grant and the scheme it runs under) read within
    ``whole``'s lines: one mention, which one reader took whole and another took in part."""
    if not (part.doc == whole.doc and whole.line_start <= part.line_start <= whole.line_end):
        return False
    m = _PARENT_CHILD.fullmatch(name_key(whole.name))
    return m is not None and programme_key(part.name) in (programme_key(m["a"]), programme_key(m["b"]))


def merge_programmes(records: Iterable[ProgrammeRecord]) -> list[ProgrammeRecord]:
    """Records of one document in line order, each programme once (a name or variant in common)."""
    out: list[ProgrammeRecord] = []
    for r in sorted(records, key=lambda r: (r.doc, r.line_start, r.line_end)):
        for i, kept in enumerate(out):
            if is_heading_of(kept, r) or is_heading_of(r, kept):
                # the scheme's own name leads; the heading that creates or extends it is one of its names
                scheme, heading = (r, kept) if is_heading_of(kept, r) else (kept, r)
                out[i] = combine_programmes(scheme, heading)
                break
            if is_part_of(kept, r) or is_part_of(r, kept):
                # the whole name leads; the half is not made one of its names, since the grant alone, named
                # elsewhere in the document, is another programme
                whole, part = (r, kept) if is_part_of(kept, r) else (kept, r)
                out[i] = combine_programmes(whole, replace(part, name=whole.name, variants=()))
                break
            # One's name among the other's names; two programmes sharing only a variant (the cell
            # 「A事業 B事業」 both were split from) stay apart.
            if kept.doc == r.doc and (programme_key(kept.name) in _names(r) or programme_key(r.name) in _names(kept)):
                out[i] = combine_programmes(kept, r)
                break
        else:
            out.append(r)
    return out


_TERMS = ("ministry", "budgets", "rates", "caps", "eligible", "covered_costs", "period")


def _same_terms(a: ProgrammeRecord, b: ProgrammeRecord) -> bool:
    """Two readings agree when each term one states the other states alike or not at all."""
    return all(getattr(a, f) == getattr(b, f) or not getattr(a, f) or not getattr(b, f) for f in _TERMS)


def merge_across_documents(records: Iterable[ProgrammeRecord]) -> list[ProgrammeRecord]:
    """Records of several documents, a programme two documents name (a section one document repeats from another,
    a scheme every plan cites) once, with every source; its first document's reading leads."""
    out: list[ProgrammeRecord] = []
    names: list[set[str]] = []  # each kept record's names, computed once
    holding: dict[str, list[int]] = {}  # a name -> the kept records holding it (the only ones that can match)
    for r in sorted(records, key=lambda r: (r.doc, r.line_start, r.line_end)):
        own, its = programme_key(r.name), _names(r)
        for i in sorted({i for k in its | {own} for i in holding.get(k, ())}):
            kept = out[i]
            # only across documents: two records of one document stayed apart on purpose (see merge_programmes)
            named = programme_key(kept.name) in its or own in names[i]
            if r.doc not in kept.docs and named and _same_terms(kept, r):
                out[i] = combine_programmes(kept, r)
                names[i] = _names(out[i])
                break
        else:
            i = len(out)
            out.append(r)
            names.append(its)
        for k in names[i]:
            if i not in holding.setdefault(k, []):
                holding[k].append(i)
    return out
