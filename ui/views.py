"""Pure helpers for the UI: Markdown escaping, quote highlighting, labels and record tables.

Nothing here touches Streamlit, so it is unit-testable without a running app.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

NOT_FOUND = "資料には該当する記載が見つかりませんでした。"

KIND_LABELS = {
    "kpi": "KPI（評価指標）",
    "programme": "事業・制度",
    "eligibility": "対象・要件",
    "budget": "予算",
    "general": "一般",
}
SOURCE_LABELS = {
    "extractive": "資料の記載から抜き出した回答",
    "records": "資料から抽出した表の値による回答",
    "llm": "言語モデルが資料をもとに作成した回答",
}

#: Every ASCII punctuation character that Markdown (CommonMark + Streamlit's extensions:
#: ``:color[...]`` directives, ``$`` math, ``~`` strike-through) could interpret.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def md_escape(text: str) -> str:
    """Escape Markdown so document text shows literally.

    >>> md_escape("1/2*3 [注] $5")
    '1/2\\\\*3 \\\\[注\\\\] \\\\$5'
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_line(text: str) -> str:
    # Leading blanks would turn a line into a code block; tabs and runs of spaces are noise from PDFs.
    return md_escape(re.sub(r"[ \t\u3000]+", " ", text).strip())


def shorten(text: str, width: int = 40) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def date_ja(date: str | None) -> str:
    """``2025-05`` -> ``2025年5月``; ``2025`` -> ``2025年``; None -> ``日付の記載なし``."""
    if not date:
        return "日付の記載なし"
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", date.strip())
    if not m:
        return date
    y, mo, d = m.groups()
    out = f"{y}年"
    if mo:
        out += f"{int(mo)}月"
    if d:
        out += f"{int(d)}日"
    return out


def lines_ja(start: int | None, end: int | None) -> str:
    if not start:
        return ""
    if not end or end == start:
        return f"{start}行目"
    return f"{start}～{end}行目"


def citation_label(c: dict[str, Any], *, width: int = 38) -> str:
    """The expander label of a citation: number, title, date and line range."""
    n = c.get("n")
    head = f"[{n}] " if n else ""
    return f"{head}{shorten(c.get('title') or c.get('doc') or '', width)} ／ {date_ja(c.get('date'))} ／ {lines_ja(c.get('line_start'), c.get('line_end'))}"


# -- quote highlighting -------------------------------------------------------------------------
def _squeezed(text: str) -> tuple[str, list[int]]:
    """NFKC-normalised text without whitespace, and for each of its characters the index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for n in unicodedata.normalize("NFKC", ch):
            if not n.isspace():
                chars.append(n)
                index.append(i)
    return "".join(chars), index


def _find(text: str, quote: str) -> tuple[int, int] | None:
    quote = quote.strip()
    if not quote:
        return None
    pos = text.find(quote)
    if pos >= 0:
        return pos, pos + len(quote)
    s, index = _squeezed(text)
    q, _ = _squeezed(quote)
    if len(q) < 2:
        return None
    pos = s.find(q)
    if pos < 0:
        return None
    return index[pos], index[pos + len(q) - 1] + 1


def quote_spans(
    text: str,
    quote: str | None,
    *,
    line_start: int | None = None,
    quote_line_start: int | None = None,
    quote_line_end: int | None = None,
) -> list[tuple[int, int]]:
    """Character spans of ``text`` to highlight for ``quote``.

    Tries the quote verbatim, then ignoring whitespace and width (NFKC), then its pieces (a quote may
    join sentences with ``…``), and finally the quote's line numbers within the passage.
    """
    if quote:
        found = _find(text, quote)
        if found:
            return [found]
        pieces = [p for p in re.split(r"[…\n]+|\.\.\.", quote) if len(p.strip()) >= 4]
        spans = [s for s in (_find(text, p) for p in pieces) if s]
        if spans:
            return sorted(spans)
    if line_start and quote_line_start and quote_line_end and quote_line_end >= quote_line_start:
        lines = text.split("\n")
        first = quote_line_start - line_start
        last = quote_line_end - line_start
        if 0 <= first < len(lines):
            offsets = [0]
            for ln in lines:
                offsets.append(offsets[-1] + len(ln) + 1)
            last = min(last, len(lines) - 1)
            return [(offsets[first], offsets[last] + len(lines[last]))]
    return []


def highlight_markdown(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The passage as Markdown, line breaks kept, document text escaped, ``spans`` marked.

    Highlighted parts are bold on an orange background (``:orange-background[**…**]``).
    """
    marked = [False] * len(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(text))):
            marked[i] = True
    out_lines: list[str] = []
    pos = 0
    blank = False
    for line in text.split("\n"):
        segs: list[tuple[bool, str]] = []
        for i, ch in enumerate(line):
            flag = marked[pos + i] if pos + i < len(marked) else False
            if segs and segs[-1][0] == flag:
                segs[-1] = (flag, segs[-1][1] + ch)
            else:
                segs.append((flag, ch))
        pos += len(line) + 1
        rendered = ""
        for k, (flag, seg) in enumerate(segs):
            seg = re.sub(r"[ \t\u3000]+", " ", seg)
            if k == 0:
                seg = seg.lstrip()
            if k == len(segs) - 1:
                seg = seg.rstrip()
            if not seg:
                continue
            if flag and seg.strip():
                lead = " " if seg[0] == " " and rendered else ""
                trail = " " if seg[-1] == " " else ""
                rendered += f"{lead}:orange-background[**{md_escape(seg.strip())}**]{trail}"
            else:
                rendered += md_escape(seg)
        if not rendered.strip():
            blank = bool(out_lines)
            continue
        if blank:
            out_lines.append("")
            blank = False
        out_lines.append(rendered)
    # Two trailing spaces make a hard line break; an empty line makes a paragraph.
    md = ""
    for i, ln in enumerate(out_lines):
        if i:
            md += "\n" if ln == "" or out_lines[i - 1] == "" else "  \n"
        md += ln
    return md


def _citation_spans(c: dict[str, Any]) -> list[tuple[int, int]]:
    return quote_spans(
        c.get("text") or "",
        c.get("quote"),
        line_start=c.get("line_start"),
        quote_line_start=c.get("quote_line_start"),
        quote_line_end=c.get("quote_line_end"),
    )


def passage_markdown(c: dict[str, Any]) -> str:
    """A citation's whole passage with its quoted sentence highlighted."""
    return highlight_markdown(c.get("text") or "", _citation_spans(c))


def passage_excerpt(c: dict[str, Any], *, context: int = 3, max_lines: int = 14) -> tuple[str, int, int] | None:
    """For a long passage: the quote and ``context`` lines around it, highlighted, with its line range.

    None when the passage is short enough to show whole, or the quote cannot be located.
    """
    text = c.get("text") or ""
    lines = text.split("\n")
    if sum(1 for ln in lines if ln.strip()) <= max_lines:
        return None
    spans = _citation_spans(c)
    if not spans:
        return None
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)

    def line_of(pos: int) -> int:
        return max(i for i in range(len(lines)) if offsets[i] <= pos)

    first = line_of(min(a for a, _ in spans))
    last = line_of(max(b for _, b in spans) - 1)
    # `context` non-empty lines either side (blank lines do not count).
    lo, seen = first, 0
    while lo > 0 and seen < context:
        lo -= 1
        seen += bool(lines[lo].strip())
    hi, seen = last, 0
    while hi < len(lines) - 1 and seen < context:
        hi += 1
        seen += bool(lines[hi].strip())
    if lo == 0 and hi == len(lines) - 1:
        return None
    a, b = offsets[lo], offsets[hi] + len(lines[hi])
    shifted = [(max(x, a) - a, min(y, b) - a) for x, y in spans if y > a and x < b]
    start = (c.get("line_start") or 1) + lo
    return highlight_markdown(text[a:b], shifted), start, start + (hi - lo)


def plain_markdown(text: str) -> str:
    """Text (an answer) as Markdown with line breaks kept and nothing interpreted."""
    lines = [_md_line(ln) for ln in (text or "").split("\n")]
    return "  \n".join(ln for ln in lines if ln)


def is_not_found_text(text: str) -> bool:
    return "見つかりません" in (text or "") or "記載がありません" in (text or "")


# -- records ------------------------------------------------------------------------------------
_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")


def percent_value(progress: str | None) -> float | None:
    """``"82.9％"`` -> 82.9; ``"-％"``, ``"集計中"`` or None -> None."""
    if not progress:
        return None
    text = unicodedata.normalize("NFKC", str(progress)).replace(",", "")
    if "%" not in text and not re.fullmatch(r"\s*[-+]?\d+(?:\.\d+)?\s*", text):
        return None
    m = _NUM.search(text)
    return float(m.group()) if m else None


def kpi_value(v: dict[str, Any] | None, *, with_year: bool = True) -> str:
    """A KPI figure as written: ``60.9％（R2）``, ``集計中（7月頃）`` or ``—``."""
    if not v:
        return "—"
    value = (v.get("value") or "").strip()
    status = (v.get("status") or "").strip()
    year = (v.get("year") or "").strip()
    text = value or status or "—"
    if value and status:
        text = f"{value}（{status}）"
    if with_year and year and text != "—":
        text = f"{text}（{year}）"
    return text


def kpi_is_pending(rec: dict[str, Any]) -> bool:
    status = rec.get("status") or ""
    if "集計中" in status:
        return True
    actuals = rec.get("actuals") or []
    return bool(actuals) and not (actuals[-1].get("value")) and "集計中" in (actuals[-1].get("status") or "")


def kpi_progress_label(rec: dict[str, Any]) -> str:
    pct = percent_value(rec.get("progress"))
    if kpi_is_pending(rec) and pct is None:
        return "集計中"
    if pct is None:
        return (rec.get("progress") or "—").strip() or "—"
    return (rec.get("progress") or "").strip()


def actual_years(records: Iterable[dict[str, Any]]) -> list[str]:
    """The years that have actuals, in first-seen order (R3, R4, ... as the documents list them)."""
    seen: dict[str, None] = {}
    for r in records:
        for a in r.get("actuals") or []:
            y = (a.get("year") or "").strip() or "（年不明）"
            seen.setdefault(y, None)
    return list(seen)


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def merge_kpis(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per KPI: a document often lists the same KPI in several tables (same project,
    indicator, target and progress). The record with the most yearly actuals stands for them and
    ``sources`` keeps every place it was found (``doc``, ``line_start``, ``line_end``, ``source_text``).
    """
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for r in records:
        key = (
            r.get("doc"),
            _norm(r.get("project")),
            _norm(r.get("indicator")),
            _norm(kpi_value(r.get("target"))),
            _norm(r.get("progress")),
        )
        groups.setdefault(key, []).append(r)
    merged = []
    for recs in groups.values():
        best = max(recs, key=lambda r: len(r.get("actuals") or []))
        sources = [
            {k: r.get(k) for k in ("doc", "line_start", "line_end", "source_text")}
            for r in sorted(recs, key=lambda r: r.get("line_start") or 0)
        ]
        merged.append({**best, "sources": sources})
    return merged


def sources_label(rec: dict[str, Any]) -> str:
    """``167行目`` or ``167行目 ほか1か所`` for a (merged) record."""
    sources = rec.get("sources") or [rec]
    first = lines_ja(sources[0].get("line_start"), sources[0].get("line_end"))
    return first if len(sources) == 1 else f"{first} ほか{len(sources) - 1}か所"


def kpi_rows(
    records: Sequence[dict[str, Any]],
    titles: dict[str, str] | None = None,
    *,
    project: bool = True,
    source: bool = True,
    source_doc: bool = True,
) -> list[dict[str, Any]]:
    """One row per KPI record for the table (columns in Japanese, yearly actuals as columns).

    Columns that are empty for every row (no actuals, no progress) are left out.
    """
    titles = titles or {}
    years = actual_years(records)
    rows = []
    for r in records:
        row: dict[str, Any] = {}
        if project:
            row["プロジェクト"] = r.get("project") or "（プロジェクトの区分なし）"
        row["評価指標"] = r.get("indicator") or ""
        row["基準値"] = kpi_value(r.get("baseline"))
        by_year: dict[str, str] = {}
        for a in r.get("actuals") or []:
            y = (a.get("year") or "").strip() or "（年不明）"
            by_year[y] = kpi_value(a, with_year=False)
        for y in years:
            row[f"実績 {y}"] = by_year.get(y, "")
        row["目標値"] = kpi_value(r.get("target"))
        row["進捗率"] = kpi_progress_label(r)
        row["進捗率(%)"] = percent_value(r.get("progress"))
        if source:
            doc = r.get("doc", "")
            row["出典"] = f"{shorten(titles.get(doc, doc), 18)} {sources_label(r)}" if source_doc else sources_label(r)
        rows.append(row)
    return drop_empty_columns(rows, keep=("評価指標",))


def drop_empty_columns(rows: list[dict[str, Any]], keep: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The rows without the columns that are empty (None, "", "—") in every row."""
    columns = [k for k in (rows[0] if rows else {}) if k in keep or any(row[k] not in (None, "", "—") for row in rows)]
    return [{k: row[k] for k in columns} for row in rows]


def chart_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bars for the progress chart: one per KPI with a numeric progress; labels kept unique."""
    rows = [
        {
            "指標": shorten(r.get("indicator") or "", 28),
            "進捗率(%)": percent_value(r.get("progress")),
            "プロジェクト": r.get("project") or "（区分なし）",
            "進捗率": (r.get("progress") or "").strip(),
        }
        for r in records
    ]
    rows = [r for r in rows if r["進捗率(%)"] is not None]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["指標"]] = counts.get(r["指標"], 0) + 1
    for r in rows:
        if counts[r["指標"]] > 1:
            r["指標"] = f"{r['指標']}（{shorten(r['プロジェクト'], 14)}）"
    return rows


def _join(values: Any) -> str:
    if not values:
        return ""
    if isinstance(values, str):
        return values
    return "／".join(str(v) for v in values if v)


def programme_rows(records: Sequence[dict[str, Any]], titles: dict[str, str] | None = None) -> list[dict[str, Any]]:
    titles = titles or {}
    rows = []
    for r in records:
        budget = r.get("budget") or ""
        if budget and r.get("budget_year") and r["budget_year"] not in budget:
            budget = f"{budget}（{r['budget_year']}）"
        rows.append(
            {
                "事業・制度": r.get("name") or "",
                "予算": budget,
                "補助率": _join(r.get("rates")),
                "上限": _join(r.get("caps")),
                "対象者": _join(r.get("eligible")),
                "対象経費・範囲": _join(r.get("coverage")),
                "条件": _join(r.get("conditions")),
                "所管": r.get("ministry") or "",
                "備考": _join(r.get("notes")),
                "出典": f"{shorten(titles.get(r.get('doc', ''), r.get('doc', '')), 18)} {lines_ja(r.get('line_start'), r.get('line_end'))}",
            }
        )
    return rows


def matches(record: dict[str, Any], query: str) -> bool:
    """Whether every word of ``query`` occurs in the record (width- and case-insensitive)."""
    words = [w for w in re.split(r"\s+", unicodedata.normalize("NFKC", query or "").lower()) if w]
    if not words:
        return True
    hay = unicodedata.normalize("NFKC", " ".join(_flatten(record))).lower()
    return all(w in hay for w in words)


def _flatten(value: Any) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _flatten(v)
    else:
        yield str(value)


def normalize_repeat(indicator: str) -> str:
    """Half-width brackets as full-width, so ``(再掲)`` and ``（再掲）`` compare equal."""
    return (indicator or "").strip().replace("(", "（").replace(")", "）")
