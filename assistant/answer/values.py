"""Values and names in passage text: the asked-for value as written, names, labels, definitions.

No language model: what an answer states is cut from a cited sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.answer.value_forms import COORDINATED_BEFORE, RELATIVE_WHEN, TIMED, bracket_counts, relative_whens
from assistant.question.kinds import MUNICIPALITY, VALUE_PATTERNS, QueryIntent, town_named
from assistant.question.quantity import asked_quantity, quantity_clash
from assistant.question.rules import asks, asks_a_site
from assistant.question.words import (
    COUNTED_ACTS,
    asked_part,
    content_tokens,
    counted_noun_pattern,
    counter_pattern,
)
from assistant.text.normalize import normalize
from assistant.text.tokenizer import same_words, tokenize
from assistant.text.years import own_years, years_in

#: A name quoted, or bracketed after what it names: a bracketed one may go on in kana after a kanji or katakana head
#: but ends in one (「(若葉まるごと学園)」), so a bracketed word with its okurigana (「(見込み)」「(予定あり)」) is none.
NAME_SPAN = re.compile(
    r"「([^「」]{2,40})」|『([^『』]{2,40})』|\(([A-Za-z][A-Za-z0-9&.\- ]{1,20})\)|“([^”]{2,40})”"
    r"|\(([\u30a0-\u30ff\u4e00-\u9fff][\u3040-\u30ff\u4e00-\u9fff]{0,13}[\u30a0-\u30ff\u4e00-\u9fff])\)"
)


_MARKERS = re.compile(r"\s*\[\d+\]")
#: A Roman numeral: (ii) (iv) number the items of a list.
_ROMAN = re.compile(r"[ivxIVX]{1,5}")


BRACKET_LABEL = re.compile(r"^[\s\-・○●■◆□※]*【([^】]{1,12})】\s?[^\s【]")


FIELD_LABEL = re.compile(r"^[\s\-・○●■◆□※]*([^:：、。()（）〔【\[]{1,8}?)\s?[:：]\s?\S")


NOW_WORDS = frozenset({"現在", "今", "現時点"})


_COUNTED = re.compile(rf"\s?の({'|'.join(COUNTED_ACTS)})")


def counts_something_else(text: str, value: str, asked: set[str]) -> bool:
    """Whether ``value`` counts one act (「約3,000人の応募」「参加者:20名」) and the question asks another.

    A question naming none of these acts (「手を挙げた人」) may be paraphrasing the one stated.
    """
    pos = text.find(value)
    if pos < 0 or not asked:
        return False
    stated: set[str] = set()
    if m := _COUNTED.match(text, pos + len(value)):
        stated.add(m.group(1))
    if (label := FIELD_LABEL.match(text)) and label.end(1) <= pos:
        stated |= set(tokenize(label.group(1))) & COUNTED_ACTS
    return bool(stated) and not stated & asked


def is_target_value(text: str, value: str) -> bool:
    """Whether ``value`` is stated as an aim: 「約1万人とすることを目指す」「目標値63.9%」."""
    pos = text.find(value)
    if pos < 0:
        return False
    after = text[pos + len(value) : pos + len(value) + 30]
    before = text[max(0, pos - 10) : pos]
    # 「2030年度までに…を少なくとも100地域で実現」: a value under a deadline is aimed at, not reached.
    deadline = re.search(r"(?:年度?|年代)末?までに", text[max(0, pos - 30) : pos]) and not re.match(
        r"[^、。]{0,15}?(?:した|された|となった|達成)", after
    )
    return bool(re.search(r"目指|目途|見込", after) or re.search(r"目標", before) or deadline)


SOURCE_LINE = re.compile(r"^(?:出典|典|資料|引用)\s?[:：]|[(（]出典[)）]|より作成|を基に作成|をもとに作成")
#: A question about a figure's source itself (「この割合の出典となった調査は何年度のもの」): a `SOURCE_LINE` answers
#: it, and only it. 出所 as a source, not 出所者 (a person released from prison).
SOURCE_ASKED = re.compile(r"出典|出所(?!者)")


_SLIDE_TAGS = frozenset(
    "事例 参考 再掲 仮称 新規 拡充 補正 当初 概要 抜粋 予定 注記 イメージ 一部 全体 別紙 案".split()
)


_NOT_A_NAME_AFTER = re.compile(r"\s?(?:に向け|を踏まえ|をキーワード|をテーマ|を目指|について|の(?!下))")


#: What a value is said with: 「約2割」「4,000人以上」「10万人程度」「2010年代」「今後10年間」. Cutting these off
#: changes the value's meaning (「4,000人」 is not 「4,000人以上」), so the key keeps them.
#: 「50万円/年」 is a yearly fee and 「令和6年度から」 a start, not 「50万円」 or 「令和6年度」.
#: 「1/2等 |」 says other rates stand beside it (a table cell's 等), so it keeps its 等 too; prose's 等 does not.
#: 「全11名」「少なくとも100地域」「全国で100か所」「およそ20年ぶり」「東京ドーム24個分」 belong to the value in
#: the same way. A verb (「4万人を超えている」) does not: the answer says 「…です」 after the key.
_QUALIFIER_BEFORE = re.compile(
    r"(?:約|およそ|概ね|最大|最低|合計|総計|計|延べ|累計|今後|少なくとも|全国で|全国の|(?<![\u4e00-\u9fff])全"
    # The era a year is counted in, written apart by a PDF's spacing (「平成 19 年」 is not 「19 年」).
    r"|令和|平成|昭和)\s?$"
)
_QUALIFIER_AFTER = re.compile(
    r"^\s?(?:以上|以下|以内|程度|前後|超|未満|強|弱|余り|近く|代(?:から|まで|以降)?|間|増加|減少|ぶり|分|等(?=\s?(?:[|｜]|$))"
    # Per what it is counted (「50万円/年」「1回/月」), and where a period starts (「令和6年度から」).
    r"|/\s?(?:年|月|週|日|人|回|件|社|世帯|団体)(?![\u4e00-\u9fff])|から(?!\s?\d)){1,2}"
)
#: A range is one value: 「15歳から70歳まで」「令和6年4月～令和7年3月」.
_RANGE_JOIN = re.compile(r"\s?(?:から|~|～|〜)\s?")


#: A date range's other end may give only the day (「令和6年11月6日～12日」).
_DAY_END = re.compile(r"\d{1,2}\s?日(?!間)")


def with_qualifiers(text: str, start: int, end: int, pattern: re.Pattern[str] | None = None) -> str:
    """``text[start:end]`` with the qualifiers written right before and after it, and a range's other end."""
    if pattern is not None and (join := _RANGE_JOIN.match(text, end)):
        other = pattern.match(text, join.end())
        if other is None and text[start:end].rstrip().endswith("日"):
            other = _DAY_END.match(text, join.end())
        if other is not None:
            end = other.end() + (2 if text.startswith("まで", other.end()) else 0)
    before = _QUALIFIER_BEFORE.search(text[max(0, start - 6) : start])
    after = _QUALIFIER_AFTER.search(text[end : end + 8])
    first = start - (len(before.group(0)) if before else 0)
    last = end + (len(after.group(0)) if after else 0)
    return text[first:last].strip()


#: Where a clause ends: a value and the part of a whole it counts are written in one clause.
_COMMA_OR_STOP = re.compile(r"[、。,;]")


def clause_of(text: str, start: int, end: int) -> str:
    """The clause of ``text`` holding ``text[start:end]`` (between 、。 marks)."""
    lo = max((m.end() for m in _COMMA_OR_STOP.finditer(text, 0, start)), default=0)
    hi = next((m.start() for m in _COMMA_OR_STOP.finditer(text, end)), len(text))
    return text[lo:hi]


#: The noun a figure is written for, right before it past a label's mark (「利用者数は約180名」「参加者:20名」
#: 「人口約4千人」), or right after it (「約3,000人の応募となった」).
_NOUN_BEFORE_VALUE = re.compile(
    r"(?<![\d\u4e00-\u9fff\u30a0-\u30ffー])([\u4e00-\u9fff\u30a0-\u30ffー]{2,12})\s?(?:は|が|:|の)?\s?$"
)
_NOUN_AFTER_VALUE = re.compile(r"\s?の([\u4e00-\u9fff\u30a0-\u30ffー]{2,8})(?=[がをとにでは、。]|$)")


def quantified_noun(text: str, start: int, end: int) -> str:
    """The noun the value ``text[start:end]`` counts or measures as its sentence writes it, or ""."""
    if after := _NOUN_AFTER_VALUE.match(text, end, min(len(text), end + 12)):
        return after.group(1)
    before = _NOUN_BEFORE_VALUE.search(text[max(0, start - 14) : start])
    return before.group(1) if before else ""


#: How far back a value's own label may reach.
LABEL_SPAN = 30


def own_label(text: str, start: int, previous_end: int) -> str:
    """The words before a value starting at ``start``, back to the value before it (ending at ``previous_end``) or
    the clause end (、。), at most `LABEL_SPAN` characters: 「ゴールド会員(500万円/年)・シルバー会員(」 -> シルバー会員(.
    Not brackets: 「ゴールド会員(500万円」「中央世帯(※2)の平均は5位」 name their value across them."""
    return re.split(r"[、。,]", text[max(previous_end, start - LABEL_SPAN) : start])[-1]


def value_label(text: str, value: str) -> str:
    """`own_label` of ``value`` in ``text``, the value before it being the last number written before it."""
    at = text.find(value)
    if at < 0:
        return ""
    return own_label(text, at, max((m.end() for m in re.finditer(r"\d", text[:at])), default=0))


def _closest(
    pattern: re.Pattern[str], text: str, near: set[str] | None, asked: str = "", part: str | None = None
) -> str | None:
    """The match of ``pattern`` preceded most closely by the question's words (first on ties).

    A value the question itself states (「地方創生2.0」's 2.0) is not its answer; where a part of a whole is
    asked, only a value written in a clause naming the part is (「利用者約180名、登録者約60名にのぼり、高齢者・…」
    names 高齢者, but not with 約60名).
    """
    best, best_score = None, -1
    asked_years = years_in(asked) if asked else frozenset()
    quantity = asked_quantity(asked)
    other_years = False
    for m in pattern.finditer(text):
        if m.group(0).strip() and m.group(0).strip() in asked:
            continue
        if part and same_words(part) not in same_words(clause_of(text, m.start(), m.end())):
            continue
        if quantity_clash(quantity, m.group(0)):
            continue  # another quantity of the subject (「2社」 for a budget, 「34歳」 for a ratio)
        score = len(set(tokenize(text[max(0, m.start() - 24) : m.start()])) & near) if near else 0
        if asked_years and (own := own_years(text, m.end())):
            # A value given with its own year (a series 「60.9%(R2) 53.0%(R6)」) answers only for that year.
            if not own & asked_years:
                other_years = True
                continue
            score += 10
        if score > best_score:
            # A pattern with a group ("場所:(…)") yields the group, otherwise the whole match with its qualifiers.
            value = m.group(m.lastindex) if m.lastindex else with_qualifiers(text, m.start(), m.end(), pattern)
            best, best_score = value.strip(), score
    if other_years and best_score < 10:
        return None  # the text gives this figure for other years only: a near miss, not an answer
    return best


#: A span of years or months as written: 「今後3~5年程度」「2年間」「6か月」. Not a calendar year
#: (「2024年」 has four digits; 「令和6年」「R6年」 name a year, not a span).
DURATION = re.compile(
    r"(?<![\d和成R])(?<![和成]\s)\d{1,2}(?:\s?[~～〜\-]\s?\d{1,2})?\s?(?:年|か月|ヶ月|カ月)(?:間|程度|以内|ほど|前後)?(?![度\d])"
)


def find_value(text: str, intent: QueryIntent, near: set[str] | None = None) -> str | None:
    """The value in ``text`` of the kind the question asks for, as written.

    With several, the one right after the question's own words wins (「X 2,687,000回」 for X).
    """
    part = asked_part(intent.text)
    if part and same_words(part) not in same_words(text):
        return None  # a part of a whole is asked (「加盟団体のうち、企業は」) and this text never names it
    # A breakdown lists each part with its number in brackets (「○地方公共団体（800） ○民間事業者等（487）」).
    parts = bracket_counts(same_words(text), intent.text, same_words(part)) if part else []
    if parts and (intent.wants("count") or intent.wants("quantity")):
        return parts[0].group(2).strip()
    counter = counter_pattern(intent.text)
    order: list[re.Pattern[str]] = []
    if counter is not None:
        order.append(counter)
    elif (counted := counted_noun_pattern(intent.text)) is not None:
        # 「県はいくつ」: the number written with the thing counted first, then the asked kinds as usual.
        order.append(counted)
    clock = asks("clock", intent.text) and counter is None
    # 「開催時間は」: a time of day, with the date it is written after; after a figure also asked (「…の利用者数」).
    figures = any(intent.wants(k) for k in ("cap", "rate", "amount", "percent", "count"))
    if clock and not figures:
        order.append(TIMED)
    for kind in ("cap", "rate", "amount", "percent", "count", "date", "quantity", "place"):
        # A date alone does not say when in the day: 「何時まで」 (なんじ) asks the hour, 「いつまで」 the date.
        if intent.wants(kind) and kind in VALUE_PATTERNS and counter is None and not (clock and kind == "date"):
            order.append(VALUE_PATTERNS[kind])
    if clock and figures:
        order.append(TIMED)
    if intent.wants("place") and counter is None and asks_a_site(intent.text):
        order.append(MUNICIPALITY)  # no 「場所:」 label: the town the passage names with its prefecture
    if intent.wants("date") and "期間" in intent.text:
        order.append(DURATION)  # 「期間はいつまで？」: a period may be given as its length (「施行後5年間」)
    for pattern in order:
        value = _closest(pattern, text, near, intent.text, part)
        if value and not (pattern is MUNICIPALITY and town_named(value, intent.text)):
            return value  # a town the question already names (「境町の…はどこで」) is not where it was asked
    if intent.wants("date") and (relative := relative_whens(text, intent.text)):
        # No date named: when counted from another point (「前日午後5時まで」), for a deadline, a period or a review.
        m = max(relative, key=lambda r: len(set(tokenize(text[max(0, r.start() - 24) : r.start()])) & (near or set())))
        return with_qualifiers(text, m.start(), m.end(), RELATIVE_WHEN)
    if intent.wants("count") or intent.wants("quantity") or counter is not None:
        # No value with a counter: a bare count in brackets after the asked noun (the last resort).
        found = bracket_counts(text, intent.text)
        return found[0].group(2).strip() if found else None
    return None


def defines(sentence: str, term: str) -> bool:
    """Whether ``sentence`` states what ``term`` is: 「※3基礎支出=…」「基礎支出とは…」「基礎支出:…」."""
    pos = sentence.find(term)
    if pos < 0:
        return False
    return bool(
        re.match(
            r"\s?(?:」\s?)?(?:=|＝|とは(?!別|言|い|異|違|限|逆)|:|は、?.{0,60}(?:をいう|を指す|のこと))",
            sentence[pos + len(term) :],
        )
    )


#: How far back a name's own label may reach (its describing clause: 「ドローン物流サービス(「X」)」).
_NAME_LABEL_SPAN = 40


def labelled_names(text: str, span: int | None = None) -> Iterator[tuple[re.Match[str], str, str]]:
    """Each quoted name in ``text`` with its label: the words since the name before it (at most ``span`` chars)."""
    prev = 0
    for m in NAME_SPAN.finditer(text):
        start = prev if span is None else max(prev, m.start() - span)
        yield m, next(g for g in m.groups() if g), text[start : m.start()]
        prev = m.end()


def find_name(text: str, question_text: str, *, names_only: bool = False) -> str | None:
    """A name the question asks for: a 「quoted」 term (or a Latin abbreviation) not in the question, by its label.

    ``names_only`` leaves out what is quoted as an aim (「「X」に向け」) or a saying (「「…、…」と認識」): for a
    sentence that shares the question's subject but not its asking words, those are not what was asked."""
    if SOURCE_LINE.search(text):
        return None  # a source line names the sites and reports it quotes, not what was asked
    asked = set(tokenize(question_text))
    content = content_tokens(question_text)
    found: list[tuple[int, int, str]] = []
    # Its own label: the words since the name before it (「…放課後に学びの場を提供する、共教育サービス「X」」).
    for m, name, label in labelled_names(text, _NAME_LABEL_SPAN):
        tokens = set(tokenize(name))
        if name in question_text or name.isdigit() or not tokens or tokens <= asked or _ROMAN.fullmatch(name):
            continue  # (iii) numbers a case in a list, it names nothing
        if m.group(5) and (re.search(r"[都道府県市区町村]$", name) or len(name) < 3 or name in _SLIDE_TAGS):
            continue  # (奈良県奈良市) in a slide is where, not what; (事例) (再掲) tag a slide
        # 「知の地産地消」に向け…「Chukai…」を発足: a quoted aim or theme is not what was founded.
        aim = 1 if _NOT_A_NAME_AFTER.match(text, m.end()) else 0
        if names_only and (aim or "、" in name):
            continue
        found.append((aim, -len(set(tokenize(label)) & content), name))
    # Among names, the one whose label holds most of the question's words (the first on ties).
    return min(found, key=lambda f: f[:2])[2] if found else None


#: A quoted name this short may be the tail of the name the passage spells out in full nearby (「保険」, 「疎開保険」).
SHORT_NAME = 4


def fuller_name(name: str, texts: Sequence[str]) -> str:
    """「保険」 quoted where the passage or its neighbours quote 「疎開保険」: the name written in full (else ``name``).

    A write-up often quotes the short form its scheme goes by, the full name standing in the leaflet beside it;
    asked for the scheme's name, the full one answers. Only a short name (`SHORT_NAME`), and only a quoted name
    ending in it: the shortest such one, the first on ties.
    """
    if len(name) > SHORT_NAME:
        return name
    tail = re.compile(rf"[「『]([^「」『』\s]{{1,20}}{re.escape(name)})[」』]")
    longer = [m.group(1) for t in texts for m in tail.finditer(normalize(t))]
    return min(longer, key=len) if longer else name


#: The words a figure is written with, glued to its front: 「生徒21名」「東京ドーム24個分」「東北圏の43.8%」.
#: 「延べ」 (のべ) opens a count's name though written in kana (「延べ人数1億人」, not 「人数1億人」).
_GLUED_LABEL = re.compile(r"((?:延べ|のべ)?[\u4e00-\u9fff\u30a0-\u30ffー・]{2,10}の?)$")


def glued_label(text: str, value: str) -> str:
    """The noun phrase written right before ``value`` with no break (what the figure counts), or "".

    A label coordinated with another right before it is said with it: 「純資産又は資本金」, not 「資本金」 alone."""
    at = text.find(value)
    if at <= 0 or not any(ch.isdigit() for ch in value):
        return ""
    label = _label_at(text, at)
    other = COORDINATED_BEFORE.search(text[max(0, at - len(label) - 14) : at - len(label)]) if label else None
    return f"{other.group(0)}{label}" if other else label


def _label_at(text: str, at: int) -> str:
    """The noun phrase ending right at ``at`` with no break, or ""."""
    before = text[max(0, at - 12) : at]
    m = _GLUED_LABEL.search(before)
    if m is None or (at - 12 >= 0 and m.start() == 0):
        return ""  # the run goes on beyond the window: a whole clause, not a label
    if m.start() > 0 and re.match(r"[0-9０-９]", before[m.start() - 1]):
        # 「2市合計14万人」: the run is another figure's counter, not this one's label (a circled ② marks an item).
        return ""
    return m.group(1)


def window(text: str, anchor: str | None, limit: int) -> str:
    """At most ``limit`` characters of ``text``, centred on ``anchor`` when given."""
    if len(text) <= limit:
        return text
    pos = text.find(anchor) if anchor else -1
    if pos < 0:
        return text[: limit - 1] + "…"
    start = max(0, min(pos - limit // 3, len(text) - limit))
    piece = text[start : start + limit - 2]
    return ("…" if start > 0 else "") + piece + ("…" if start + limit - 2 < len(text) else "")


def strip_markers(text: str) -> str:
    return _MARKERS.sub("", text)
