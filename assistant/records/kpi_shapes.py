"""Sentence shapes of numeric and dated targets stated in prose, parsed into (indicator, targets, baseline).

Only a closed set of shapes is accepted, each matched against a whole clause, so that figures
which are not targets are left alone: a missing record is cheaper than a false one.

Accepted shapes (X = the thing measured, V = a quantity such as 50％, 約１万人, 200～300):
  T1  [年までに] X を V [に|と|で] [増加させる|認定|創出|実現…] [ことを目指す]
  T2  [YYYY年[までに]] X V [・X V]         (a lead is needed outside a target bracket)
  T3  X を V から V へと拡大
  T4  [X を] K V、K V [創出|を目指す]       (one X, one target per K: 実人数, 延べ人数)
  T5  [D において|では] [期間] V [を超える][の] X [を目指す]
  T8  X の V の増加|拡大 を目指す             (indicator "Xの増加")
  T9  X 実質4%/年（…）以上を目指す
  T10 X(…額|数|率|高|量) V を目指す
  T11 X（K V 及び K V）の…                  (a breakdown of X by area)
  T12 X：K（V）、K（V）での… | X：V で YYYY年度末頃の…を目指す
  T13 X を Y と同水準|並み に                (a level rather than a number)
  T14 全国で V の「X」を構想|整備|形成        (a planned count of a named thing)
  T15 V で X (in a target bracket: 「68自治体で先行実施」)
  T18 V の X において… (in a target bracket: 「先行して３か所の広域リージョンにおいて…を開始」)
  M   dated milestones without a quantity: 「…の実施に向け2026年度中に結論」,
      「本年７月に…の支援体制を立ち上げ」, 「2026年通常国会へ関連法案の提出を目指す」
  S   in a target bracket under a policy heading, a statement of no other shape: 「X を Y に拡大する」,
      「X を整備」 (the object is the indicator, what is done to it the target)
A relative horizon ("今後10年間", "３年後", "早期", "施行後5年間") goes into the target's
``status`` because it is not a calendar year; so does the span a year closes (「2027年度までの3年間で」: 3年間).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import KpiValue
from .text import QUANTITY, normalise_year

NUMBERS = r"[0-9０-９][0-9０-９,，.．]*"
RANGE = rf"{NUMBERS}[～~〜]{NUMBERS}"
VALUE = rf"(?:{QUANTITY}|{RANGE})"
_YEAR = r"[0-9０-９]{4}年(?:度|代)?"
_DATE = rf"(?:{_YEAR}|本年[0-9０-９]{{1,2}}月|[0-9０-９]{{1,2}}年後)"


def lead(p: str) -> str:
    """A year or horizon phrase opening a clause; groups are prefixed with ``p``."""
    return (
        rf"(?:(?P<{p}year>{_YEAR})(?:までに|までの(?P<{p}span>[^、。]*?)(?:で|に)|を目途に|に)?"
        rf"|(?P<{p}hz>今後[0-9０-９]+年間|[0-9０-９]+年後|早期|施行後[0-9０-９]+年間)(?:で|に))\s*"
    )


LEAD = re.compile(lead("l"))
_CUE = re.compile(r"目指す|までに|を目途に|創出|認定|実現|拡大|[割倍％%]に$|同水準|並み")
# What is done to reach the figure: 増加させる, 認定する, 育成することを目指す (two kanji and する, any verb).
_VERB = r"(?:[\u4e00-\u9fff]{2})?(?:させる|する|し)?(?:こと)?(?:を目指す)?"

_T1 = re.compile(rf"(?P<ind>[^、。]{{2,}}?)を(?:(?P<hz2>[0-9０-９]+年)で)?(?P<val>{VALUE})(?:に|と|で)?{_VERB}")
_T2_PART = re.compile(rf"(?P<ind>[^、。を0-9０-９]{{2,}}?)(?P<val>{VALUE})")
_T3 = re.compile(
    rf"(?P<ind>[^、。]{{2,}}?)を(?P<base>{VALUE})から(?P<val>{VALUE})へと?拡大(?:する)?(?:ことを目指す|を目指す)?"
)
_T4 = re.compile(
    rf"(?:^|(?<=、))(?:{lead('t4')})?(?:(?P<subj>[^、。を0-9０-９]{{2,}}?)を)?(?:{lead('t4b')})?"
    rf"(?P<k1>[^、。を0-9０-９]{{2,}}?)(?P<v1>{VALUE})、\s*"
    rf"(?P<k2>[^、。を0-9０-９]{{2,}}?)(?P<v2>{VALUE})(?:を?創出|を目指す)$"
)
_T5 = re.compile(
    rf"(?:(?P<dom>[^、。]+?)(?P<sep>において|では|で))?(?:{lead('t5')})?"
    rf"(?P<val>{VALUE})(?:を超える)?の?(?P<ind>[^、。をにで0-9０-９]{{2,}}?)(?:の展開)?(?:を目指す)?"
)
_T8 = re.compile(rf"(?P<ind>[^、。]{{2,}}?)の(?P<val>{VALUE})の(?P<verb>増加|拡大)(?:を目指す)?")
_T9 = re.compile(
    r"(?P<ind>[^、。\s]{2,}?)\s+(?P<val>(?:実質)?[0-9０-９][0-9０-９.．]*[％%]/年(?:（[^）]*）)?以上)を目指す"
)
_T10 = re.compile(rf"(?P<ind>[^、。0-9０-９]{{2,}}?(?:額|数|率|高|量))(?P<val>{VALUE})を目指す")
_T11 = re.compile(
    rf"(?P<ind>[^、。（(]{{2,}}?)[（(](?P<k1>[^0-9０-９（）()]*?)(?P<v1>{VALUE})(?:及び|、|・)"
    rf"(?P<k2>[^0-9０-９（）()]*?)(?P<v2>{VALUE})[）)]の"
)
_T12_PAREN = re.compile(rf"(?P<k>[^、。（(]{{2,}}?)[（(](?P<v>{VALUE})[）)]")
_T12_DATED = re.compile(rf"(?P<val>[^、。]{{2,}}?)で(?P<year>{_YEAR})(?:末|中)?頃?の")
_T13 = re.compile(r"(?P<ind>[^、。]{2,}?)を(?P<val>[^、。を]{2,12}?(?:と同水準|並み))に?")
_T14 = re.compile(
    rf"(?P<scope>全国|各地|全都道府県)で(?P<val>{VALUE})の「(?P<ind>[^」]{{2,20}})」を(?:構想|整備|形成|創出|目指す)"
)
_TAIL = re.compile(r"(?:を目指す|を図る|を進める|する)$")
# 「先行して３か所の広域リージョンにおいてプロジェクトを開始し」: a count of places the action starts in.
_T18 = re.compile(rf"(?:[^、。]{{0,6}}して)?(?P<val>{VALUE})の(?P<ind>[^、。0-9０-９]{{2,20}}?)(?:において|で)[^、。]*")
_T15 = re.compile(rf"(?P<val>{NUMBERS}[^\s、。を0-9０-９]{{1,4}}?)で(?P<ind>[^、。0-9０-９]{{2,20}})")
_SUBJECT = re.compile(r"(?P<subj>[^、。を]{2,}?)を")
_MILESTONE_IN = re.compile(rf"(?P<ind>[^、。]{{4,}}?)(?:に向け(?:て)?|について)(?P<val>(?P<year>{_YEAR})[^、。]*)")
_MILESTONE_LEAD = re.compile(rf"(?P<year>{_DATE})(?:までに|中に|に)?(?P<rest>[^、。]{{4,}})")


@dataclass(frozen=True)
class Target:
    """What a clause states: the indicator, its target values, and a baseline if it gives one."""

    indicator: str
    targets: tuple[KpiValue, ...]
    baseline: str | None = None


def _one(ind: str, val: str, year: str | None, hz: str | None, label: str | None = None) -> Target:
    return Target(ind.strip(), (KpiValue(year, val, hz, label),))


def horizon(m: re.Match[str], p: str) -> tuple[str | None, str | None]:
    """(year, relative horizon) a lead group of ``m`` names."""
    year = m.groupdict().get(f"{p}year")
    # 「2027年度までの3年間で」: the span up to the year qualifies the target as a horizon does
    hz = m.groupdict().get(f"{p}hz") or m.groupdict().get(f"{p}span") or None
    return (normalise_year(year) if year else None, hz)


def clause_targets(
    clause: str, year: str | None, hz: str | None, bare: bool = False, alone: bool = False
) -> list[Target]:
    """Targets in one comma-separated clause (lead phrase removed); in a target bracket (``bare``) also
    T15/T18, and 「X V」 with no verb when the clause is the whole statement (``alone``)."""
    m = _T3.fullmatch(clause)
    if m:
        return [Target(m["ind"], (KpiValue(year, m["val"], hz),), m["base"])]
    m = _T8.fullmatch(clause)
    if m:
        return [_one(f"{m['ind']}の{m['verb']}", m["val"], year, hz)]
    for shape in (_T9, _T10):
        m = shape.fullmatch(clause)
        if m:
            return [_one(m["ind"], m["val"], year, hz)]
    m = _T13.fullmatch(clause)
    if m:
        return [_one(m["ind"], m["val"], year, hz)]
    m = _T1.fullmatch(clause)
    if m:
        return [_one(m["ind"], m["val"], year, hz or m["hz2"])]
    m = _T5.fullmatch(clause)
    if m:
        y2, h2 = horizon(m, "t5")
        ind, label = m["ind"], None
        if m["dom"] and m["sep"] in ("において", "では"):
            ind, label = f"{ind}（{m['dom']}）", m["dom"]  # the field the figure belongs to
        elif m["dom"] and m["sep"] == "で" and len(m["dom"]) <= 4:
            label = m["dom"]  # 「全国で100か所…」
        return [_one(ind, m["val"], y2 or year, h2 or (None if y2 else hz), label)]
    if bare:
        m = _T15.fullmatch(clause)
        if m:  # 「68自治体で先行実施」: a count the action reaches (in a target bracket only)
            return [_one(m["ind"], m["val"], year, hz)]
        m = _T18.fullmatch(clause)
        if m:
            return [_one(m["ind"], m["val"], year, hz)]
    if year or hz or alone:
        clause = _TAIL.sub("", clause)
        whole = _T2_PART.fullmatch(clause)
        parts = [whole] if whole else [_T2_PART.fullmatch(p) for p in clause.split("・")]
        if parts and all(parts):
            return [_one(p["ind"], p["val"], year, hz) for p in parts if p]
    return []


def _breakdowns(s: str) -> list[Target]:
    """T11, T12 and T14: several labelled figures of one indicator, or a planned count of a named thing."""
    m = _T11.match(s)
    if m:
        values = ((m["k1"], m["v1"]), (m["k2"], m["v2"]))
        return [Target(m["ind"], tuple(KpiValue(None, v, None, k.strip() or None) for k, v in values))]
    m = _T14.search(s)
    if m:
        return [Target(m["ind"], (KpiValue(None, m["val"], None, m["scope"]),))]
    if "：" not in s and ":" not in s:
        return []
    ind, rest = re.split(r"[：:]", s, maxsplit=1)
    ind = ind.strip()
    if not ind or len(ind) > 20:
        return []
    paren = [p for p in _T12_PAREN.finditer(rest.split(" ")[0] if " " in rest else rest)]
    if paren:
        return [Target(ind, tuple(KpiValue(None, p["v"], None, p["k"].strip("、 ")) for p in paren))]
    m = _T12_DATED.match(rest)
    if m and re.search(r"[0-9０-９]", m["val"]):
        return [Target(ind, (KpiValue(normalise_year(m["year"]), m["val"], None),))]
    return []


def milestone(s: str) -> list[Target]:
    """M: a dated milestone with no quantity (the date is the year, the action the value)."""
    s = s.strip()
    m = _MILESTONE_IN.fullmatch(s)
    if m:
        return [_one(m["ind"], m["val"], normalise_year(m["year"]), None)]
    m = _MILESTONE_LEAD.fullmatch(s)
    if not m:
        return []
    year, rest = normalise_year(m["year"]), m["rest"].strip()
    rest = re.sub(r"を目指す$", "", rest)
    written = re.sub(r"を目指す$", "", s)  # values are quoted as the statement writes them
    obj = re.fullmatch(
        r"(?P<ind>[^、。]{2,})を(?P<act>[^、。を]*?(?:立ち上げ|創設|開始|策定|実施|整備|構築))(?:る|する)?", rest
    )
    if obj:
        return [_one(obj["ind"], obj["act"], year, None)]
    obj = re.fullmatch(r"(?P<ind>[^、。]{2,}?)を(?P<verb>進める|図る|推進する)", rest)
    if obj:
        return [_one(obj["ind"], obj["ind"].split("の")[-1], year, None)]
    ind = re.sub(r"^[^、。へ]{2,12}へ", "", rest)  # 「通常国会へ関連法案の提出」: what is done, not where
    if ind == rest and not re.search(r"(?:提出|結論|策定|創設|開始)$", rest):
        return []
    return [_one(ind, written, year, None)]


_STATEMENT = re.compile(
    r"(?P<ind>[^。]{4,60})を(?P<val>[^、。を]{2,15}?)(?:する|させる)?(?:こと)?(?:を目指す)?(?:\s*等)?"
)
_BARE_ACTION = re.compile(r"[\u4e00-\u9fff]{2,3}")  # 「整備」, 「強化」: a verbal noun that says nothing alone
_HEAD_NOUN = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffー]+$")  # 「…を提供する拠点」 -> 拠点
_LABELLED = re.compile(r"(?P<ind>[^、。：:\s]{2,20})[：:](?P<rest>[^：:]+)")
_AIM_TAIL = re.compile(r"(?:を図る|を目指す|を進める|する)?\s*(?:等)?$")


def statement_target(statement: str) -> list[Target]:
    """S: a one-sentence target bracket of no numeric or dated shape, as its object and its action.

    The document declares its brackets targets (「※【 】部分は当面の目標」), so a bracket under a policy
    heading is a KPI even when it states a level or an action rather than a figure. A bare action
    (「整備」) is quoted with the noun it acts on (「拠点を整備」); a labelled item 「X：…を図る」 has X as
    its indicator and its last clause as the target. Several sentences are left alone: which of them
    is the target is not written.
    """
    text = statement.strip()
    m = _LABELLED.fullmatch(text)
    if m:
        aim = _AIM_TAIL.sub("", m["rest"].split("、")[-1].strip())
        return [_one(m["ind"], aim, None, None)] if len(aim) >= 4 else []
    m = _STATEMENT.fullmatch(text)
    if m is None:
        return []
    value = m["val"]
    head = _HEAD_NOUN.search(m["ind"])
    if _BARE_ACTION.fullmatch(value) and head:
        value = f"{head.group(0)}を{value}"
    return [_one(m["ind"], value, None, None)]


def targets_in_statement(statement: str, bare: bool = False) -> list[Target]:
    """All targets of the accepted shapes in a bracket or box statement (``bare``: a target bracket)."""
    found: list[Target] = []
    carried: str | None = None  # subject of the previous sentence (「関係人口を可視化。…」)
    for sentence in re.split(r"。", statement):
        s = sentence.strip()
        previous, subj = carried, _SUBJECT.match(s)
        carried = subj["subj"] if subj else None
        if not s:
            continue
        parts = _breakdowns(s)
        if parts:
            found.extend(parts)
            continue
        if not (_CUE.search(s) or LEAD.match(s) or bare):
            continue
        m = _T4.search(s)
        if m:
            y, h = horizon(m, "t4")
            if not (y or h):
                y, h = horizon(m, "t4b")
            owner = m["subj"] or previous
            values = tuple(KpiValue(y, v, h, k.strip()) for k, v in ((m["k1"], m["v1"]), (m["k2"], m["v2"])))
            found.append(Target(owner or f"{m['k1']}・{m['k2']}", values))
            continue
        year: str | None = None
        hz: str | None = None
        before = len(found)
        for clause in s.split("、"):
            c = clause.strip()
            lead_m = LEAD.match(c)
            if lead_m and lead_m.end() > 0:
                y, h = horizon(lead_m, "l")
                year, hz = y, h
                c = c[lead_m.end() :]
            if c:
                found.extend(clause_targets(c, year, hz, bare=bare, alone=bare and "、" not in s))
        if len(found) == before and bare:
            for clause in reversed(s.split("、")):
                got = milestone(clause)
                if got:
                    found.extend(got)
                    break
    return found
