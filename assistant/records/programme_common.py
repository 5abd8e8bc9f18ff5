"""Patterns and small parsers shared by the programme readers (rates, caps, budgets, lists)."""

from __future__ import annotations

import re

from assistant.text.normalize import nfkc, repair_ocr

from .models import Budget
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


# A cell's exception in brackets: 「2/3（財政力指数0.51以上は1/2）」, 「上限1億円（大規模型は3億円）」,
# 「1/3以内（中小企業：1/2以内）」 — the bracket names the condition and the value that applies under it.
_EXCEPTION = re.compile(r"[（(](?P<cond>[^（）()]{2,40}?)(?:の場合)?(?:は|：|:)\s*(?P<value>[^（）()]{1,30})[）)]")


def split_terms(cell: str, value: re.Pattern[str]) -> list[tuple[str, str | None]]:
    """(value, condition) pairs of a rate or cap cell: the value outside brackets applies generally, each
    bracketed exception under its own condition; a cell with no such exception stays whole."""
    text = cell.strip()
    pairs: list[tuple[str, str | None]] = []
    for m in _EXCEPTION.finditer(text):
        found = value.search(m["value"])
        if found is None:
            return [(text, None)]  # 「（補助率:定額）」 or a note: not an exception the cell pairs
        pairs.append((found.group(0).strip(), m["cond"].strip()))
    if not pairs:
        return [(text, None)]
    main = _EXCEPTION.sub("", text).strip()
    return ([(main, None)] if main else []) + pairs


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
        if m:  # 「都道府県(複数都道府県の連携要件を緩和、…は必須)」: the note is a condition too
            # the party keeps its note as written: the cell's whole value holds a reading cut at the bracket as well
            parties.append(p.strip())
            conditions.append(m["note"].strip())
        else:
            parties.append(p)
    return parties, conditions


def ministry_in_name(name: str) -> str | None:
    """A ministry named in a parenthesis: 「地域未来交付金(地域未来推進型)(内閣府)」 -> 内閣府."""
    m = re.search(r"[（(](?P<m>[^（()）]{1,24}(?:省|府|庁|事務局))[）)]", name)
    return m["m"] if m else None


# What a summary says is paid for: 「…ため、X を支援するもの。」 -> X. Leading purpose clauses
# (…ため、 …に向けた、 …を活用し、) say why, not what, so they are cut off.
_PURPOSE = re.compile(r"(?:ため|向けた?|つつ|[しててで])[、,]")
_SUPPORT_TAIL = re.compile(
    r"(?:を支援するもの|に対して支援するもの|に対する支援を行うもの|に対し[、,]?[^、。]{0,12}?支援するもの"
    r"|を行うもの|を実施するもの|を支援"
    # 「…の更新に要する費用を補助する。」: what a subsidy pays for, named as such
    r"|を(?:補助|助成)する(?:もの)?"
    # 「…の活動に要する経費を特別交付税で措置する。」: costs met by a transfer
    r"|(?<=経費|費用)を(?:[^、。を]{1,12}で)?措置する(?:もの)?"
    # 「…の整備に対する個別補助を創設(R6年度より)」: a subsidy created or widened for X names X
    r"|に対する[^、。]{0,6}?補助(?:を(?:創設|拡充|新設|実施))?(?:[（(][^）)]{1,20}[）)])?)[。.]?$"
)
_SPLIT_ITEMS = re.compile(r"(?:に対する支援)?のほか[、,]")


# A summary of several sentences saying what it supports in one of them: 「…取組を支援する。」, 「…人材育成を支援し、…を図る。」.
_SUPPORTED_CLAUSE = re.compile(r"(?P<what>[^。]{4,}?)を支援(?:する[。.]?$|し[、,])")
# Who does what is supported: 「…法人・民間事業者等が地方公共団体と連携して行う先導的な取組」, 「…民間事業者や自治体等による実証」.
_DONE_BY = re.compile(r"^(?P<who>[^。]{2,60}?)(?:が[^、。がを]{0,20}?(?:行う|実施する)|による)(?P<what>[^、。]{2,})$")
# A clause describing the doers, not naming them: 「…課題の解決に資する交通事業者」 -> 交通事業者.
_DOER_CLAUSE = re.compile(r"^.*(?:に資する|に取り組む|を担う)")


def _supported_clauses(text: str) -> list[str]:
    """What each sentence of a summary says it supports, purpose clauses cut off."""
    out = []
    for sentence in re.split(r"(?<=[。.])", text.strip()):
        m = _SUPPORTED_CLAUSE.search(sentence.strip())
        if m is None:
            continue
        what = m["what"]
        cuts = [c.end() for c in _PURPOSE.finditer(what)]
        out.append(what[cuts[-1] :].strip() if cuts else what.strip())
    return [w for w in out if len(w) >= 4]


def eligible_from_summary(text: str) -> list[str]:
    """Who a summary says carries out what is supported: 「X が…行う Y を支援する」, 「X による Y を支援する」 -> X."""
    out = []
    for what in _supported_clauses(text):
        m = _DONE_BY.match(what)
        if m:
            who = _DOER_CLAUSE.sub("", m["who"]).strip()
            if len(who) >= 2:
                out.append(who)
    return out


def covered_from_summary(text: str) -> list[str]:
    """The covered costs a summary names, or [] when it says nothing is supported (「…を推進する。」)."""
    t = text.strip()
    tail = _SUPPORT_TAIL.search(t)
    if tail is None:
        return [t] if t.endswith("支援") else _supported_clauses(t)
    t = t[: tail.start()]
    cuts = [m.end() for m in _PURPOSE.finditer(t)]
    if cuts:
        t = t[cuts[-1] :]
    return [p.strip() for p in _SPLIT_ITEMS.split(t) if p.strip()]


# A cell naming several programmes: 「空き家対策総合支援事業/空き家再生等推進事業(…)」.
_PROGRAMME_NAME = re.compile(
    r"^[^（(\s].*(?:事業|交付金|補助金|プロジェクト|プログラム|制度|税制|調査費|対策)(?:[（(][^）)]*[）)])?$"
)


def split_names(cell: str) -> list[str]:
    """The programme names of a name cell: split at 「/」 or a space when every part is a name."""
    head = re.split(r"\s+[・･]\s*", cell.strip())[0].strip()  # 「X(農水省) ・ 内訳 ・ 内訳」
    for sep in ("/", "／", " "):
        parts = [p.strip() for p in head.split(sep) if p.strip()]
        if len(parts) > 1 and all(_PROGRAMME_NAME.match(p) for p in parts):
            return parts
    return [head]


def strip_ministry(name: str) -> tuple[str, str | None]:
    """「地域未来交付金(地域未来推進型)(内閣府)」 -> (「地域未来交付金(地域未来推進型)」, 「内閣府」)."""
    ministry = ministry_in_name(name)
    if ministry is None:
        return name, None
    return re.sub(rf"\s*[（(]{re.escape(ministry)}[）)]\s*$", "", name).strip() or name, ministry


_ORG = re.compile(r"(?P<org>[^\s、。「」()（）]{2,24}?(?:省|庁|府|振興局|政策局|事務局|委員会))$")


def publisher(lines: list[str], first: int = 12) -> str | None:
    """The organisation a document's cover names (「令和７年度 北海道空知総合振興局」 -> 北海道空知総合振興局)."""
    seen = 0
    for line in lines:
        text = line.strip()
        if not text:
            continue
        seen += 1
        if seen > first:
            break
        for word in reversed(text.split()):
            m = _ORG.fullmatch(word)
            if m:
                return m["org"]
    return None


# A ministry or agency named in running text (not 「省人化」: the name ends the word).
_MINISTRY_WORD = re.compile(r"(?P<m>国土交通省|国十交诵省|[\u4e00-\u9fff]{1,8}(?:省|庁))(?![\u4e00-\u9fff])")


def ministry_above(lines: list[str], index: int, reach: int = 60) -> str | None:
    """The nearest ministry named at most ``reach`` lines above ``index`` (0-based), OCR repaired."""
    for j in range(index, max(-1, index - reach), -1):
        if lines[j].lstrip().startswith("※") or "\t" in lines[j]:
            continue  # a footnote or a table row speaks of another programme
        for m in _MINISTRY_WORD.finditer(lines[j]):
            if not m["m"].endswith("省庁"):  # 「関係省庁」 names no one
                return repair_ocr(m["m"])
    return None


def budgets_from_years(cell: str) -> list[Budget]:
    """「R7補正 R8当初」 / 「R 8 当初」 -> Budget(None, "R7", "補正"), Budget(None, "R8", "当初")."""
    t = nfkc(cell)
    t = re.sub(r"令和\s*(\d+|元)\s*年度?", lambda m: "R" + ("1" if m.group(1) == "元" else m.group(1)), t)
    return [Budget(None, f"R{int(n)}", kind or None) for n, kind in re.findall(r"R\s*(\d+)\s*(当初|補正)?", t)]


def budget_from_amount(cell: str, year: str | None, kind: str | None) -> Budget | None:
    """A budget cell: 「社会資本整備総合交付金 459,693百万円の内数」 -> amount 459,693百万円, the cell as note."""
    if re.fullmatch(NUM, cell.strip()):  # a bare number: the header gives the unit (「予算額（百万円）」)
        return Budget(cell.strip(), year, kind)
    m = re.search(AMOUNT, cell)
    if m is None:
        return None
    note = cell.strip() if cell.strip() != m.group(0) else None
    return Budget(m.group(0), year, kind, note)
