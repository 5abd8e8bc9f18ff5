"""The value an answer leads with, as its sentence writes it: the key with the words that belong to it.

The value chooser picks a key (「4万人」「令和7年10月」「400円」); the lead says it with what the sentence
binds to it, so the first sentence an official reads does not drop the part of the value that changes its meaning:
- a predicate of comparison: 「4万人を超えている」「1万戸を上回った」 (not 「4万人」);
- a change to the value, in a plain form: 「6割まで低下させる」「約80%まで上昇した」 (the level a target or a
  trend reaches, said with what reaches it);
- what it is paid or counted per, written before it: 「一律で毎年 50 万円」;
- the thing a count counts, after の: 「6つの専門部会」「約3,000人の応募」;
- the word a counter is cut from: 「44圏域」 (the question's 何圏 matched 「44圏」);
- the event or budget a date names, glued after it: 「2026年通常国会」「令和7年10月実証開始」「令和6年度補正予算」;
- for a question asking when and where (or by whom) at once, the place or body written after the date:
  「2019年にドイツ」「令和5年4月総務省自治行政局」;
- the start of a change written 「AからB」: 「8都市から13都市」;
- what a bracketed figure is the note of: 「定額(上限500万円)」「バス回数券 3枚 (400円相当)」;
- the other values of a run the key stands in, when together they qualify the noun after の
  (「1年、3年、5年の工程表」: 「5年」 alone says one of three) or the question asks for each
  (「市と町がそれぞれいくつ」 → 「12市、30町」);
- for a question asking by when as well, the deadline written right before: 「2030年度を目途に 2倍程度」;
- the year a figure of a series is given for, bracketed right after it: 「52.0% (R5) → 63.9% (R11)」;
- the clock time (or hours) written right after a date: 「令和3年3月11日(木) 13:30~16:00」;
- the span a total is counted over, right before it: 「施行後5年間で累計600件」, and for a span as the key, the figure
  given over it, right after: 「3か月間で2万ポイント」「10年間で50兆円を超える」;
- an equivalent glued after the figure: 「2片道相当分」「1万円相当」 (the figure is a worth, not the thing given);
- the other label a key's own label is coordinated with: 「純資産又は資本金1億円以上」 (either one qualifies).
"""

from __future__ import annotations

import re

from assistant.answer.value_forms import ANCHOR_BEFORE, CLOCK, COORDINATED_BEFORE, KANJI_KANA, RELATIVE_WHEN
from assistant.text.tokenizer import tagged, tokenize
from assistant.text.years import WRITTEN_YEAR

#: A comparison the value is stated under, ending in a plain form: 「を超えている」「を上回った」「に達する」.
_COMPARISON = re.compile(
    r"\s?(?:を(?:超え|越え|上回|下回|突破し)|に(?:達し|のぼ|上))(?:っ)?(?:ている|ていた|ています|ました|た|る)"
)
#: A change the value is the level of, in a plain form: 「に拡大する」「まで上昇した」 (not 「上昇しており」).
_CHANGE = re.compile(
    r"\s?(?:に|まで)(?:拡大|増加|減少|上昇|低下|倍増|半減|向上)\s?(?:する|した|している|していた|させる)"
)
#: Per what and how it is counted, written right before: 「一律で毎年 50 万円」「1人あたり2万円」.
_PER_BEFORE = re.compile(r"(?:(?:一律(?:で|に)?|毎年|毎月|年間|1人(?:あたり|当たり)|1件(?:あたり|当たり))\s?)+$")
#: The counted thing after の, up to a particle or a mark: 「6つの専門部会を設置」.
_COUNTED_AFTER = re.compile(rf"\s?の([{KANJI_KANA}]{{1,8}})(?=[をがにでとはへも、。()（）\s]|$)")
#: A measure after の is not what a count counts: 「4件の進捗率が80%を超え」 counts 件, not 進捗率.
_MEASURE_NOUN = re.compile(r"(?:率|割合|比率|額|平均)$")
#: A noun glued to a date: 「2026年通常国会へ」「令和7年10月実証開始)」.
_GLUED_AFTER = re.compile(rf"[{KANJI_KANA}]{{2,8}}(?![{KANJI_KANA}])")
#: A question asking, besides when, where or by whom: 「いつ、どこで」「いつ、どの部局が」.
_ALSO_WHERE = re.compile(r"どこ(?!まで)|どの(?:部局|部署|組織|機関|省庁?|団体|国|地域|会社|企業)|誰|だれ")
#: The place or body written right after a date, itself or after に: 「にドイツ」「総務省自治行政局」.
_PLACE_AFTER = re.compile(rf"\s?(?:に|、)?\s?[{KANJI_KANA}A-Za-z]{{2,16}}(?![{KANJI_KANA}A-Za-z])")
#: A date as the key: an era, a year, a month or a day.
_DATE_KEY = re.compile(r"\d\s?(?:年度?|月|日|上期|下期|半期)(?:末|初め?|頃|ごろ|中)?$|^(?:令和|平成|昭和|R|H)\s?\d")
#: Counters that say only how many (「6つ」「約3,000人」): the noun after の says what of.
_BARE_COUNT = re.compile(r"(?:\d|つ|人|名|件|者|か所|箇所)(?:以上|以下|程度|超|余り|近く)?$")
#: The start of a change 「8都市から13都市へ」: a number then から right before the key.
_FROM_BEFORE = re.compile(r"(?:約|およそ)?\s?\d[\d,.]*\s?(\S{0,4}?)\s?から\s?$")
#: The note of an equivalent 「(400円相当)」 or a bracketed cap 「定額(上限500万円)」.
_BRACKET_OWNER = re.compile(
    r"(?:^|(?<=[\s|｜:：、。()（）【】]))([^\s|｜:：、。()（）【】]{1,12}(?:\s[^\s|｜:：、。()（）【】]{1,8})?)\s?[(（]$"
)
#: One value of a run: a figure and its counter (「3年」「44市町村」「1.5万人」).
_RUN_ITEM = rf"(?:約)?\d[\d,.]*\s?(?:万|千|億)?[{KANJI_KANA}%％]{{0,4}}"
_RUN = re.compile(rf"{_RUN_ITEM}(?:\s?[、・]\s?{_RUN_ITEM})+")
#: A question asking for each of several values: 「それぞれいくつ」「内訳は」.
_ASKS_EACH = re.compile(r"それぞれ|内訳|各々|おのおの")
#: A question asking by when: 「いつまでに」「何年度までに」.
_ASKS_BY_WHEN = re.compile(r"いつ(?:頃|ごろ)?まで|何年度?(?:頃|ごろ)?まで")
#: A deadline written right before the value: 「2030年度を目途に」「令和9年度までに」.
_DEADLINE_BEFORE = re.compile(
    r"(?:令和|平成|R)?\s?\d{1,4}\s?年度?(?:\s?\d{1,2}\s?月)?末?\s?(?:まで(?:に)?|を目途に|を目処に|目途に)\s?$"
)
#: A series figure's own year, bracketed right after it: 「574件 (R2)」「1,806万人(2023年)」「(R5年度末時点)」.
_OWN_YEAR_AFTER = re.compile(rf"\s?[(（]\s?(?:{WRITTEN_YEAR.pattern})(?:末|時点){{0,2}}\s?[)）]")
#: A clock time or hours right after a date (past its weekday): 「13:30~16:00」「10時から」「午後2時」.
_TIME_AFTER = re.compile(rf"\s?(?:[(（][月火水木金土日](?:・祝)?[)）]\s?)?{CLOCK}(?:\s?[~～〜\-]\s?{CLOCK})?")
#: The span a total is counted over, written right before it with で: 「施行後5年間で累計600件」「3か年で」.
_SPAN_BEFORE = re.compile(
    rf"(?:(?<![{KANJI_KANA}])[{KANJI_KANA}]{{1,4}}後\s?)?\d{{1,2}}\s?(?:年間|か年|ヶ年|か月間|ヶ月間|カ月間)\s?で\s?$"
)
#: A span as the key (「3か月間」「10年間」): the figure given or reached over it may follow with で (「3か月間で2万ポイント」
#: 「10年間で50兆円」), the figure the span only counts for. Its counter is the tokeniser's next word (`_given_over`).
_SPAN_KEY = re.compile(r"\d\s?(?:年間|か年|ヶ年|か月間|ヶ月間|カ月間|週間|日間)$")
_GIVEN_OVER = re.compile(r"\s?で\s?(?:約|累計|合計|計|延べ)?\s?(\d[\d,.]*)\s?(?:万|千|億|兆)?\s?")
#: After the figure, a date or a clock (「3年間で4月1日から」「5年間で2026年度から」) is when, not what is given.
_DATE_AFTER = re.compile(r"(?:年|月|日|時)")
_WEEKDAY_END = re.compile(r"\s?[(（][月火水木金土日](?:・祝)?[)）]$")
#: An equivalent glued after a figure: 「2片道相当分付与」「1万円相当の」; not 「相当数」 (a quantity of its own), nor a
#: bracketed one 「(400円相当分)」, which notes the word before the bracket (`_bracket_owner`). 分 and 額 stand in the
#: look-ahead too, so a bracketed 「相当分)」 is not cut back to 「相当」 to slip past the bracket.
_EQUIVALENT_AFTER = re.compile(r"\s?相当(?:分|額)?(?![数分額)）]|\s[)）])")
_LEAD_LIMIT = 40  # a lead phrase longer than this is no longer the value: the key alone is said


def lead_value(sentence: str, key: str, question: str = "") -> str:
    """``key`` widened by the words ``sentence`` binds to it (see the module), or ``key`` when it is not found.

    The thing counted after の is said when the key only counts (「6つ」「約3,000人」) or the question names it."""
    start = sentence.find(key)
    if start < 0 or not key.strip():
        return key
    end = start + len(key)
    end = _complete_word(sentence, start, end)
    first, last = start, end
    if _DATE_KEY.search(_WEEKDAY_END.sub("", sentence[start:end].strip())):
        time = _TIME_AFTER.match(sentence, end)
        if time:
            end = last = time.end()  # a date said with its hours: when, to the minute
        if _ALSO_WHERE.search(question) and (place := _PLACE_AFTER.match(sentence, end)):
            last = place.end()
        elif not time and (glued := _GLUED_AFTER.match(sentence, end)):
            last = glued.end()  # 「2026年通常国会へ」; after a time the words are the event's, not the date's
    elif RELATIVE_WHEN.fullmatch(key.strip()):
        if anchor := ANCHOR_BEFORE.search(re.split(r"[、。]", sentence[max(0, first - 12) : first])[-1]):
            first -= len(anchor.group(0))  # 「中間年度の5年後」: a relative time says what it counts from
    elif (
        (counted := _COUNTED_AFTER.match(sentence, end))
        and not _MEASURE_NOUN.search(counted.group(1))
        and (_BARE_COUNT.search(sentence[start:end].strip()) or counted.group(1) in question)
    ):
        last = counted.end()
    elif own_year := _OWN_YEAR_AFTER.match(sentence, end):
        last = own_year.end()  # 「52.0% (R5)」: which point of the series the figure is
    elif _SPAN_KEY.search(sentence[start:end]) and (given := _given_over(sentence, end)):
        last = given  # 「3か月間で2万ポイント」: a span said with what it is the span of
    if re.search(r"\d", sentence[start:last]) and (equivalent := _EQUIVALENT_AFTER.match(sentence, last)):
        last = equivalent.end()
    if comparison := _COMPARISON.match(sentence, last) or _CHANGE.match(sentence, last):
        last = comparison.end()
    if re.match(rf"[{KANJI_KANA}]", key) and (other := COORDINATED_BEFORE.search(sentence[max(0, first - 14) : first])):
        first -= len(other.group(0))  # the key's label is one of two that qualify the figure: both are said
    if span := _SPAN_BEFORE.search(sentence[max(0, first - 14) : first]):
        first -= len(span.group(0))  # 「施行後5年間で累計600件」: a total counted over a span is the span's
    if per := _PER_BEFORE.search(sentence[max(0, first - 12) : first]):
        first -= len(per.group(0))
    if (change := _FROM_BEFORE.search(sentence[max(0, first - 14) : first])) and _unit(key).endswith(change.group(1)):
        first -= len(change.group(0))
    first, last = _bracket_owner(sentence, first, last)
    first, last = _run_of(sentence, first, last, question)
    if _ASKS_BY_WHEN.search(question) and (deadline := _DEADLINE_BEFORE.search(sentence[max(0, first - 20) : first])):
        first -= len(deadline.group(0))
    phrase = sentence[first:last].strip()
    return phrase if len(phrase) <= _LEAD_LIMIT else key


def lead_sentence(phrase: str) -> str:
    """The lead's words: 「4万人を超えている」 ends in a verb and stands as it is, a value takes 「です」."""
    return phrase if re.search(r"(?:る|た|ます|ました)$", phrase) else f"{phrase}です"


def _given_over(sentence: str, end: int) -> int | None:
    """The end of 「でN＋counter」 right after a span key, the counter being one whole noun, or None.

    Not a date (「で4月1日」), and not a figure of 1 (「2週間で1日6時間」 is a rate per day, not what the span gives)."""
    figure = _GIVEN_OVER.match(sentence, end)
    if figure is None or figure.group(1) == "1" or _DATE_AFTER.match(sentence, figure.end()):
        return None
    counter = ""  # the run of nouns right after the figure (MeCab splits 「都道府県」 into 都 + 道府県)
    for surface, pos, _, kind, _ in tagged(sentence[figure.end() : figure.end() + 10]):
        if pos not in ("名詞", "接尾辞") or not re.fullmatch(rf"[{KANJI_KANA}%％]+", surface):
            break
        if counter and kind == "サ変可能":
            break  # 「2回開催」: the verb noun says what was done, not what was counted
        counter += surface
    return figure.end() + len(counter) if 0 < len(counter) <= 6 else None


def _complete_word(sentence: str, start: int, end: int) -> int:
    """The key's end moved to the end of the word its last kanji starts (「44圏」 in 「44圏域が」 -> 44圏域)."""
    run = re.match(rf"[{KANJI_KANA}]{{1,3}}", sentence[end:])
    if run is None or not re.match(rf"[{KANJI_KANA}]", sentence[end - 1 : end]):
        return end
    words = set(tokenize(sentence[max(start, end - 4) : end + len(run.group(0)) + 2]))
    for extra in range(len(run.group(0)), 0, -1):
        if sentence[end - 1 : end + extra] in words:
            return end + extra
    return end


def _unit(key: str) -> str:
    """What a value is counted in: the words after its last digit (「13都市」 -> 都市)."""
    m = re.search(r"\d[^\d]*$", key)
    return m.group(0)[1:].strip() if m else ""


def _run_of(sentence: str, first: int, last: int, question: str) -> tuple[int, int]:
    """The whole run of values the key stands in, when the run qualifies the noun after it together (one counter,
    then の: 「1年、3年、5年の工程表」) or the question asks for each value (「それぞれ」) of a run counting different
    things (「15市、25町村」, not a trend in one counter 「2万人、4万人と推移」)."""
    for run in _RUN.finditer(sentence):
        if not (run.start() <= first and last <= run.end()):
            continue
        units = {_unit(item) for item in re.split(r"\s?[、・]\s?", run.group(0))}
        joint = len(units) == 1 and sentence[run.end() : run.end() + 1] == "の"
        if joint or (len(units) > 1 and _ASKS_EACH.search(question)):
            return run.start(), max(last, run.end())
    return first, last


def _bracket_owner(sentence: str, first: int, last: int) -> tuple[int, int]:
    """A value filling a bracket (「定額(上限500万円)」「3枚 (400円相当)」) with the words the bracket notes."""
    close = re.match(r"\s?(相当)?\s?[)）]", sentence[last:])
    if close is None or not (close.group(1) or re.match(r"(?:上限|最大|最高)", sentence[first:last])):
        return first, last  # only an equivalent or a cap notes the word before its bracket
    owner = _BRACKET_OWNER.search(sentence, max(0, first - 24), first)
    if owner is None:
        return first, last
    return first - len(owner.group(0)), last + close.end()
