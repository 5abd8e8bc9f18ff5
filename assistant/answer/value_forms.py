"""Value forms read beyond the asked kinds' patterns, each with its guards in one place.

- when, counted from another point (「前日午後5時まで」「中間年度の5年後」), for a question asking a deadline, a
  period, a review or a relative time;
- a bare count bracketed after the noun it counts (「地方公共団体(800)」「先導的な取組(全国17)」);
- a count written before の and the noun it counts (「全国1,287の団体」「200~300の「定住圏」」).
"""

from __future__ import annotations

import re

from assistant.question.kinds import NUM, VALUE_PATTERNS
from assistant.question.words import COUNT_BOUND
from assistant.text.tokenizer import tokenize
from assistant.text.years import WRITTEN_YEAR

#: A number written bare (「20」「1,287」「0.5」), with no counter.
_BARE_NUMBER = re.compile(r"[\d,.]+")
#: Kanji and katakana: the characters of a noun run.
KANJI_KANA = r"\u4e00-\u9fff\u30a0-\u30ffー"
#: A label coordinated with a value's own label, right before it: 「純資産又は資本金」 (either one qualifies the figure).
#: It opens a bracket, a clause or the text: after a verb or a particle (「策定する計画又は事業費1億円」) 又は joins
#: whole phrases, and the noun before it is not a second label of the figure.
COORDINATED_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(（「『、,，:：]))[{KANJI_KANA}]{{1,8}}(?:又は|または|若しくは|もしくは)$"
)
#: A clock time 「午後2時」「13:30」「10時30分」; 「3時間」 counts hours and 「12時点」 names a point, not a time; nor
#: the digits of a longer number or ratio (「1:25000」「123:45」).
CLOCK = r"(?:午[前後]\s?)?(?<![\d:.,])\d{1,2}\s?(?::\s?\d{2}(?!\d)|時(?![間点])(?:\s?\d{1,2}\s?分|半)?)"
#: A time of day or a span of them, with the date (and weekday) it is written after if any: 「令和3年3月11日(木)
#: 13:30~16:00」「16:00~18:00」「午後2時から」.
TIMED = re.compile(rf"(?:{VALUE_PATTERNS['date'].pattern}\s?)?{CLOCK}(?:\s?[~～〜\-]\s?{CLOCK})?")

#: When, counted from another point rather than named: 「前日午後5時まで」「施行の5年後」「約110年前」. A bare clock
#: time (「午後5時まで」) is opening hours as often as a deadline: only one counted from a day before or after is.
RELATIVE_WHEN = re.compile(
    rf"(?:前|当|翌)日\s?午[前後]\s?\d{{1,2}}\s?時(?![間点])(?:\s?\d{{1,2}}\s?分|半)?(?:まで)?"
    rf"|(?<![\d.,])\d{{1,3}}\s?(?:年|か月|ヶ月|カ月|週間|日)(?:後|前)(?![{KANJI_KANA}])(?:まで)?"
)
#: A question asking a time counted from another point: a deadline, a period, a review or revision (a plan times
#: these from its start: 「策定から5年後に見直す」), 「何年後」.
_ASKS_RELATIVE = re.compile(
    r"いつ(?:頃|ごろ)?まで|期限|締め?切|〆切|期間|見直|改[定訂]|何\s?(?:年|か月|ヶ月|カ月|週間|日)\s?(?:後|前)"
)
#: What a relative time is counted from, right before it: 「中間年度の」「策定から」「施行後」.
ANCHOR_BEFORE = re.compile(rf"[{KANJI_KANA}]{{1,8}}\s?(?:の|から)\s?$")
#: A relative time compared with, not when something happens: 「5年前と比較して」「10年前に比べ」「3年前の水準」.
_COMPARED = re.compile(r"\s?(?:と(?:比較|比べ)|に(?:比べ|比し)|の水準|比)")


def relative_whens(text: str, question: str) -> list[re.Match[str]]:
    """The relative times of ``text`` that may answer ``question`` (see the module)."""
    if not _ASKS_RELATIVE.search(question):
        return []  # 「いつ策定された」 asks a date: 「10年後の将来像」 is not when the plan was made
    q_tokens = set(tokenize(question))
    out = []
    for m in RELATIVE_WHEN.finditer(text):
        if _COMPARED.match(text, m.end()):
            continue
        anchor = ANCHOR_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        event = tokenize(re.sub(r"\s?(?:の|から)\s?$", "", anchor.group(0)))[-1:] if anchor else []
        if event and len(event[0]) >= 2 and event[0] in q_tokens:
            continue  # 「設置から3年後」 for 「いつ設置される」: the anchor is the asked event itself
        out.append(m)
    return out


#: A bare count in brackets (「(800)」「(全国17)」), written right after the noun it counts, with no space.
_BRACKET_TAIL = rf"[(（]\s?((?:全国|合計|総数|計)?\s?{NUM})\s?[)）](?![{KANJI_KANA}])"
_BRACKET_COUNT = re.compile(rf"([{KANJI_KANA}]{{2,12}}){_BRACKET_TAIL}")


def _not_a_count(m: re.Match[str], text: str) -> bool:
    """A bracketed number that is a year (「(2023)」), a code (「(01)」) or a list's item number (「(1)…(2)」)."""
    number = re.sub(r"^(?:全国|合計|総数|計)?\s?", "", m.group(2))
    if number.startswith("0") or WRITTEN_YEAR.fullmatch(number):
        return True
    following = rf"[(（]\s?{int(number.replace(',', '')) + 1}\s?[)）]" if number.replace(",", "").isdigit() else ""
    return bool(following and re.search(following, text[m.end() :]))


def bracket_counts(text: str, question: str, part: str = "") -> list[re.Match[str]]:
    """The bracketed bare counts of ``text`` whose noun the question names (its last word, or the asked ``part``
    whole), unless the text counts that noun with a counter elsewhere (「モデル事業(全国20)のうち5事業」)."""
    if part:
        found = re.finditer(rf"({re.escape(part)})\s?{_BRACKET_TAIL}", text)  # the part is named: spaced too
        return [m for m in found if not _not_a_count(m, text) and not states_value(m.group(2), question)]
    asked = set(tokenize(question))
    out = []
    for m in _BRACKET_COUNT.finditer(text):
        noun = tokenize(m.group(1))[-1:]
        if not noun or noun[0] not in asked or _not_a_count(m, text) or states_value(m.group(2), question):
            continue
        if re.search(rf"{NUM}\s?(?:万|千|百)?\s?{re.escape(noun[0])}", text):
            continue  # the noun is counted with a number written before it: that is the count
        out.append(m)
    return out


#: A count written before の and the thing it counts (「68の自治体」「200~300の「定住圏」」); group 1 is the count.
#: Not 「地方 20 の中小都市」 (a footnote mark, spaced), 「1/3の」, 「03-1234-5678の」 or 「12/1の」.
COUNT_OF = re.compile(
    rf"((?<![/\-:])(?<![/\-:]\s){NUM}(?:\s?[~～〜]\s?{NUM})?){COUNT_BOUND}?の\s?「?([{KANJI_KANA}]{{1,4}})"
)


def count_of(text: str) -> list[re.Match[str]]:
    """`COUNT_OF` matches that count: not a year (「2024の目標」), a section (「3.2の」) nor an ordinal (「第 3 の」)."""
    out = []
    for m in COUNT_OF.finditer(text):
        first = re.match(r"[\d,.]+", m.group(1))
        not_whole = bool(first and (WRITTEN_YEAR.fullmatch(first.group(0)) or "." in first.group(0)))
        if not_whole or re.search(rf"第\s?$|[{KANJI_KANA}]\s$", text[max(0, m.start() - 3) : m.start()]):
            # 「第 3 の」 is an ordinal; 「公共財 1の整備」, a word, a space and a number, a footnote mark
            continue
        out.append(m)
    return out


def states_value(value: str, question: str) -> bool:
    """Whether ``question`` states ``value`` itself: a bare number whole, and not as a year's (「令和7年度」's 7)."""
    value = _unspaced(value)  # 「100 以上」 as a PDF spaces it is the question's 「100以上」
    if not value:
        return False
    text = WRITTEN_YEAR.sub("|", question) if _BARE_NUMBER.fullmatch(value) else question
    text = _unspaced(text)
    # A plain search for the value, then its edges (no pattern per value: compiling one per call cost ~1 ms an answer).
    at = text.find(value)
    while at >= 0:
        end = at + len(value)
        if not (at and _number_char(text[at - 1])) and not (end < len(text) and _number_char(text[end])):
            return True  # 「20」 is not stated by 「2025」 nor 「120」
        at = text.find(value, at + 1)
    return False


def _unspaced(text: str) -> str:
    """``text`` less its spaces, but for those between two digits (「問1 100人」 is not 「問1100人」)."""
    return re.sub(r"(?<!\d)\s+|\s+(?!\d)", "", text)


def _number_char(ch: str) -> bool:
    """A character a written number continues with: a digit, a separator or a decimal point."""
    return ch.isdecimal() or ch in ",."
