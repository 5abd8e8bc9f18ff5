"""Japanese labels for the UI: answer kinds and sources, dates, line ranges, citation titles.

Nothing here touches Streamlit, so it is unit-testable without a running app.
"""

from __future__ import annotations

import re
from typing import Any

NOT_FOUND = "資料には該当する記載が見つかりませんでした。"
#: What an abstention says instead of `NOT_FOUND` when a passage was found (`abstained_by`): why it was not given.
WITHHELD_NOTES = {
    "constraint": "関連する記載はありますが、質問の条件（年度・対象・内訳など）に合う記載は見つかりませんでした。",
    "confidence": "関連しそうな記載はありますが、質問への答えとは確認できなかったため、回答を控えました。",
}

KIND_LABELS = {
    "kpi": "KPI（評価指標）",
    "programme": "事業・制度",
    "eligibility": "対象・要件",
    "budget": "予算",
    "general": "一般",
}
SOURCE_LABELS = {
    "extractive": "資料の記載から抜き出した回答",
    "records": "資料から抽出した記録（表の値・脚注の定義）による回答",
    "llm": "言語モデルが資料をもとに作成した回答",
}


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


def page_ja(c: dict[str, Any]) -> str:
    """Where in the file: 「p.12」 (PDF page), 「p.12～13」, 「§ 見出し」 (Word/HTML section), or ""."""
    page, end = c.get("page"), c.get("page_end")
    if page:
        return f"p.{page}" if not end or end == page else f"p.{page}～{end}"
    if c.get("section"):
        return f"§ {shorten(c['section'], 24)}"
    return ""


def citation_label(c: dict[str, Any], *, width: int = 38) -> str:
    """The expander label of a citation: number, title, date, page (PDF) or section, and line range."""
    n = c.get("n")
    head = f"[{n}] " if n else ""
    where = page_ja(c)
    return (
        f"{head}{shorten(c.get('title') or c.get('doc') or '', width)} ／ {date_ja(c.get('date'))} ／ "
        f"{where + ' ' if where else ''}{lines_ja(c.get('line_start'), c.get('line_end'))}"
    )


def is_not_found_text(text: str) -> bool:
    return "見つかりません" in (text or "") or "記載がありません" in (text or "")
