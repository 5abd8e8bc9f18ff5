"""The constraint check: the qualifiers a question puts on its value (`question/qualifiers.py`, the year, the part
of a whole) against what the answer's own words state. A near miss gives a figure of the subject that is not the
asked one: the total for a part, Instagram's count for YouTube's, another year's budget, an aim for the present.

`unmet` names the first qualifier the answer's words contradict, or "" when none does. It only says "unmet" when
the answer's words state something else in the qualifier's place (another member of the same set, another year,
one figure for a breakdown, an aim): a qualifier merely not repeated is left to the confidence gate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from assistant.answer.answered import answer_lead
from assistant.answer.asked_form import form_unstated
from assistant.answer.named_checks import progress_unstated
from assistant.answer.numbered_checks import numbered_unmet
from assistant.answer.quantity_checks import count_only, quantity_unmet
from assistant.answer.reached_checks import aim_for_reached
from assistant.question.qualifiers import BEFORE, SIBLINGS, WHOLES, member_of, members_in, qualifiers
from assistant.text.normalize import normalize, without_quotes
from assistant.text.tokenizer import same_words, tokenize
from assistant.text.years import YEAR_PATTERN, own_years, years_in
from assistant.types import AbstainedBy, Answer

#: The checks' reasons (here and in `unnamed`) that mean the passages do not state what was asked — the name, the
#: places counted, a progress rate, the asked form: an abstention for want of evidence. The others (another year,
#: member, part, round, role, event, an aim for the present) mean a passage answers under another condition.
NOT_STATED = frozenset({"count", "progress", "form", "unnamed"})


def abstained_by(why: str) -> AbstainedBy:
    """The reason an answer withheld for the check ``why`` gives the user (`Answer.abstained_by`)."""
    return "evidence" if why in NOT_STATED else "constraint"


#: A year written right before a value, inside its own brackets or label (「(2024年約68万人)」「R6:53.0%」), or as the
#: time the value is stated for (「2021年には約3,000人の応募」「R5年度は12件」).
_YEAR_BEFORE = re.compile(rf"(?:{YEAR_PATTERN})(?:年度|年)?(?:\s?(?:には|では|に|は|で))?\s?[:：]?\s?(?:約|計)?\s?$")


def value_years(sentence: str, key: str) -> frozenset[str]:
    """The years a value is written with as its own: in brackets right after it, or right before it."""
    at = sentence.find(key)
    if at < 0:
        return frozenset()
    before = _YEAR_BEFORE.search(sentence[max(0, at - 12) : at])
    return own_years(sentence, at + len(key)) | (years_in(before.group(0)) if before else frozenset())


def _breakdown_unmet(by: str, stated: str) -> bool:
    """A breakdown by ``by`` is asked and ``stated`` gives no figures by it (「男女別」 with neither 男性 nor 女性)."""
    if f"{by}別" in stated or f"{by}ごと" in stated:
        return False
    if by == "男女":
        return not ("男性" in stated and "女性" in stated)
    return True


#: Members joined into one figure: 「現地又はオンライン」「男女計」.
_JOINED = r"\s?(?:又は|または|及び|および|・|と|や|、)\s?"


def _sibling_unmet(asked: frozenset[tuple[str, str]], stated: str, around: str, before_key: str = "") -> bool:
    """The question names one member of a set (``asked``: YouTube, 九州圏, 女性) and ``stated`` names another; or only
    the whole (「公式SNS」 for Instagram); or the value stands right after another member (「首都圏は…1397.2万人」);
    or the member is joined with another into one figure (「843名(現地又はオンライン)」 for the online part)."""
    for kind in {k for k, _ in asked}:
        mine = {m for k, m in asked if k == kind}
        if len(mine) > 1:
            continue  # 「Instagram・Facebookのうちどれ」 compares members; it does not single one out
        said = [(m.start(), member_of(kind, m.group(0))) for k, p in SIBLINGS if k == kind for m in p.finditer(stated)]
        named = {m for _, m in said}
        if not mine & {m for k, m in members_in(around) if k == kind}:
            whole = WHOLES.get(kind)
            if named - mine or (whole is not None and whole.search(stated)):
                return True
            continue
        last = [m for at, m in said if at < len(before_key)] if before_key else []
        if last and last[-1] not in mine:
            return True  # the value is the other member's: 「首都圏は34.0%…、高齢人口は1397.2万人」
        member = next(iter(mine))
        for other in named - mine:
            pair = rf"{re.escape(member)}{_JOINED}{re.escape(other)}|{re.escape(other)}{_JOINED}{re.escape(member)}"
            if re.search(pair, normalize(stated)):
                return True
    return False


#: A character of a part's name; a word of kana between kanji belongs to it too (「企業版ふるさと納税」), not a
#: particle or an ending (「町外から来た人数」: two kana or one; 「デジタルによる取組」「地域における」: a particle first).
_PART_CHAR = (
    r"(?:[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー]"
    r"|(?<=[\u4e00-\u9fff\u30a0-\u30ff])(?![にをがでとへのはもやかよ])[\u3041-\u3093]{3,4}(?=[\u4e00-\u9fff\u30a0-\u30ff]))"
)
#: 「AのうちBは」「AのうちBの面積は」: the part B, a run of nouns, asked of a whole A.
_PART = re.compile(
    rf"のうち、?\s?({_PART_CHAR}{{2,16}}?)"
    r"(?:の(?:数|人数|件数|割合|分|面積|額|金額|予算)|は|が|で|だけ|のみ|に(?:ある|いる))"
)
#: 「Xだけの予算額」「Xのみの件数」: a part named alone.
_ONLY = re.compile(r"([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー]{2,20})(?:だけ|のみ)(?:の|で|は)")
#: The date a sentence states its figures at: 「令和6年9月現在、」「2024年3月末時点で」.
_AS_OF = re.compile(rf"({YEAR_PATTERN})[^、。]{{0,8}}?(?:現在|時点)")
#: Words of a part that only point at it (どれ, 何) or measure it: they name no part.
_NOT_A_PART = re.compile(r"^(?:どれ|どの|どこ|何|いくつ|いくら|割合|比率|人数|件数)")
#: The year a measure starts from (「(R7年度より)」「令和6年度から」): it dates a change, not the row's figure.
_START = re.compile(rf"[(（]?(?:{YEAR_PATTERN})\s?年?度?(?:より|から|以降)[)）]?")
#: The value an answer leads with: 「約68万人です」.
_LEAD_VALUE = re.compile(r"^\s?(.{1,20}?)です")
#: A year that dates the report asked from, not the value (「令和6年度の推進状況における…」「2024年版の計画で」).
_DOCUMENT_YEAR = re.compile(
    rf"(?:{YEAR_PATTERN})\s?年?度?(?:の|版の?)\s?(?:推進状況|進捗状況|計画|資料|報告書|報告|とりまとめ|方針|構想)"
)
#: A record's lead, its field named then the value with its year: 「…の基準値は1,866万人(R5)です」.
_NAMED_LEAD = re.compile(r"の(基準値|実績値|目標値|進捗率)は\s?[^、。は]{1,20}?\s?[(（]([^()（）]{1,12})[)）]\s?です")


def part_asked(question: str) -> str:
    """The part a question asks of a whole, as written (「森林面積のうち、人工林の面積は」 -> 人工林), or ""."""
    text = without_quotes(normalize(question))
    m = _PART.search(text) or _ONLY.search(text)
    return m.group(1) if m and not _NOT_A_PART.match(m.group(1)) else ""


#: A part named by a word and a one-character suffix making it a group or an area (「地方部」「若年層」「関西圏」
#: 「都市型」): written only in part (「地方」), the part is another thing.
_SUFFIXED = re.compile(r"^[\u4e00-\u9fff]{2,}[部層圏型系側]$")


def part_unmet(part: str, stated: str) -> bool:
    """Whether ``stated`` names the asked part neither whole nor by every word of it (「今集計中」 by 集計)."""
    if not part or part in stated or same_words(part) in same_words(stated):
        return False
    if _SUFFIXED.search(part):
        return True  # 「地方部」 is not named by 「地方誘客」: the suffix makes the part (`_SUFFIXED`)
    words = [w for w in tokenize(part, mode="surface") if len(w) >= 2]
    return not words or not all(w in stated for w in words)


def unmet(
    question: str,
    answer_text: str,
    key: str | None = None,
    sentence: str = "",
    label: str = "",
    headings: Iterable[str] = (),
) -> str:
    """The qualifier of ``question`` the answer contradicts ("breakdown", "member", "numbered", "year", "aim",
    "before", "part", "count", "progress"), or "".

    ``sentence`` is the sentence the key value stands in, ``label`` a record's name; ``headings`` those of the
    cited passages. A value answer is judged by its sentence and label, any other by what it says first.
    """
    q = qualifiers(question)
    lead = normalize(answer_lead(answer_text))
    stated = normalize(f"{label} {sentence}") if key else (normalize(f"{label} {lead}") if label else lead)
    if q.breakdown and _breakdown_unmet(q.breakdown, stated):
        return "breakdown"
    before_key = stated[: stated.find(normalize(key))] if key and normalize(key) in stated else ""
    if _sibling_unmet(q.members, stated, f"{stated} {lead}", before_key):
        return "member"
    if numbered_unmet(question, stated, key and normalize(key)):
        return "numbered"  # 「第3回はいつ」 answered with 第1回's date, 「2次公募は何件」 with 1次's count
    if (asked_years := years_in(_DOCUMENT_YEAR.sub("", question))) and _year_unmet(
        asked_years, answer_text, key, sentence, headings
    ):
        return "year"
    if aim_for_reached(question, answer_text, key, sentence, label):
        return "aim"  # 「現在は何サイト認定」 answered by 「500以上認定することを目指す」, a value, passage or record
    if q.before and key and not BEFORE.search(stated) and not years_in(stated):
        return "before"  # 「前年は何位」 answered by the one rank the sentence gives, of no stated time
    if part_unmet(part_asked(question), stated):
        return "part"
    if count_only(question, answer_text):
        return "count"  # 「3か所はどこ」 answered by the passage that counts them and names none
    if progress_unstated(question, answer_text):
        return "progress"  # 「進捗率は」 answered by the indicator's baseline and target only
    return quantity_unmet(question, key, sentence, answer_text)


def _year_unmet(
    asked: frozenset[str], answer_text: str, key: str | None, sentence: str, headings: Iterable[str]
) -> bool:
    """The value is written with its own year, not the asked one; or, written with none, under a heading of another.

    A value without a key (a record's or a table's lead, 「約68万人です」) is looked up in the answer's own text."""
    if key is None:
        lead = normalize(answer_lead(answer_text))
        if m := _NAMED_LEAD.search(lead):
            # A record's lead names its field first (「…の基準値は1,866万人(R5)です」): the value's year is its own.
            return bool(years_in(m.group(2))) and not asked & years_in(m.group(2))
        if m := _LEAD_VALUE.match(lead):
            key, sentence = m.group(1), normalize(answer_text)[len(m.group(0)) :]
    if not key:
        return False
    body = normalize(sentence)
    if own := value_years(body, normalize(key)):
        return not asked & own
    if (as_of := _AS_OF.search(body[: max(body.find(normalize(key)), 0)])) and years_in(as_of.group(1)):
        return not asked & years_in(as_of.group(1))  # 「令和6年9月現在、利用者数は約180名」
    heads = years_in(" ".join(headings))
    return not years_in(_START.sub("", body)) and bool(heads) and not asked & heads


def year_unstated(asked: str, answer: str, source: str, year_missing: float) -> bool:
    """A year asked that the cited passages never state (`confidence` feature ``year_missing``, read over what was
    searched): 2024's figure asked, 2023's given. A record's answer is read by its own text, against the year the turn
    as typed (``asked``) names: a record gathers several places, and a programme's period or budget stated for other
    years (「2019年度の…の開催日」 answered with 令和6年's dates) is not the year's; a year an earlier turn asked is
    not this turn's (「R4は？」 then 「改定後の目標は？」)."""
    if not year_missing:
        return False
    if source != "records":
        return True
    years = years_in(asked)
    return bool(years) and not years & years_in(answer)


def not_asked(asked: str, answer: Answer, features: Mapping[str, float]) -> str:
    """Not what was asked, decided before the gate: "year" for a year never stated (`year_unstated`), "form" for a
    field class of `asked_form.HARD` stated in no form near a sentence answer's value (``asked``: the turn as typed),
    else "". Only a sentence answer's year leaves the gate's training rows, as it always has; the others stay rows, so
    the gate's fit does not move with these checks."""
    if year_unstated(asked, answer.answer, answer.source, features["year_missing"]):
        return "year"
    return "form" if answer.source != "records" and form_unstated(asked, features) else ""
