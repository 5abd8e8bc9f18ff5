"""Which value of a sentence answers the question: every candidate value, scored by a fitted linear model.

A sentence often holds several values of the asked kind (「2市合計14万人(守山市8.6万人、湖南市5.4万人)」,
「68の自治体(24県、44市町村)」). `find_value` picks one by a fixed order of value kinds and the question's
words right before it. `ValueChooser` lists every value in the sentence (each kind's matches, and a number
written with a noun the question names: 「県はいくつ」 → 24県) with the `VALUE_FEATURES` below, and picks
the best-scored one. ``assistant calibrate`` fits the weights on the tune split
(`assistant.evals.fit_values`); without a fitted model the chooser is `find_value` itself, so a value is
found in exactly the sentences where it was before and only which one is chosen may change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.bound_value import MemberQuery, bound_member, value_unit
from assistant.answer.breakdown import not_a_member
from assistant.answer.confidence import asked_unit
from assistant.answer.population_note import asks_population, without_population_notes
from assistant.answer.value_forms import RELATIVE_WHEN, bracket_counts, count_of, relative_whens, states_value
from assistant.answer.values import (
    NOW_WORDS,
    clause_of,
    find_value,
    is_target_value,
    own_label,
    quantified_noun,
    with_qualifiers,
)
from assistant.fitted import read_fitted
from assistant.question.kinds import NUM, VALUE_PATTERNS, QueryIntent
from assistant.question.quantity import AskedQuantity, asked_quantity, nouns_clash, quantity_clash
from assistant.question.rules import asks
from assistant.question.words import asked_part, counter_pattern
from assistant.text.tokenizer import same_words, tokenize

VALUES_FILE = "values.json"
VALUES_REPORT = "values_report.json"
VALUES_DATA = "values_training.jsonl"
#: Bump when the features change: a model fitted on other features is not used.
VALUES_VERSION = 4

VALUE_FEATURES: tuple[str, ...] = (
    "prior",  # the value `find_value` picks (kind order, then the question's words right before it)
    "wanted",  # its kind is one the question asks for
    "counter",  # it carries the counter the question asks with (何社 → 18社)
    "asked_noun",  # a number written with a noun the question names (「県はいくつ」 → 24県)
    "unit_match",  # the question implies a unit (円, 人, %, 年) and the value carries it
    "unit_clash",  # … and the value does not
    "date",  # a date, and the question does not ask when
    "before",  # IDF share of the question's words in the 24 characters before the value
    "after",  # … in the 12 characters after it
    "clause",  # … in its clause (between 、。 and brackets)
    "first",  # the first value in the sentence
    "last",  # the last one
    "position",  # where it starts, as a share of the sentence
    "base_first",  # a baseline is asked (基準, 当初) and this is the first value (a progress table's row order)
    "target_position",  # a target is asked: where the value stands (targets follow baselines and actuals)
    "bracketed",  # inside （…）: a breakdown or a note beside a figure
    "total",  # a total is written right before it (合計, 計, 全体, 総数)
    "target",  # stated as an aim (目標, 目指す) …
    "target_asked",  # … and the question asks for a target
    "now",  # 現在 is written right before it and the question asks what is now
    "label",  # IDF share of the question's words in its own label: back to the previous value (「ゴールド会員(500万円」)
    "label_lead",  # … minus the best rival value's: which value the question's qualifier binds
    "tail",  # … in the words it qualifies, up to the next value or 、 (「約2割の市区町村で」)
    "tail_lead",  # … minus the best rival value's
    "cond_asked",  # stated under a condition (「…を加味すると40位」) whose words the question shares
    "cond_unasked",  # stated under a condition the question does not state (or says it leaves out)
    "top",  # the question asks for the highest and the value is written as the top one (「…の43.8%を筆頭に」)
)

_CLAUSE_END = re.compile(r"[、。,()（）「」【】:：]")
_TOTAL = re.compile(r"(?:合計|総計|総数|全体|計)\s?$")
_TOTAL_WORD = re.compile(r"合計|総計|計")
_TARGET_ASKED = re.compile(r"目標|目指|見込|予定|計画")
_BASE_ASKED = re.compile(r"基準|当初|もともと|元々|以前|策定時")
#: A number with a noun right after it (「24県」「6つの専門部会」 has つ; 「17団体」): the noun may be the asked thing.
_NOUN_COUNT = re.compile(rf"(?:約|およそ|全)?\s?{NUM}\s?(?:万|千|百)?\s?([\u4e00-\u9fff\u30a0-\u30ff]{{1,4}})")
#: The nouns after a number that count time (年, 年度, か月, 日, 時間): spans, not the point in time a date asks.
_TIME_UNIT = re.compile(r"(?:年|か月|ヶ月|カ月|月|週|日|時間)")
#: A value stated under a condition: 「物価を加味すると12位」「人口の移動を考慮すると3分の2」「夫婦のみの場合」.
CONDITION = re.compile(
    r"(?:考慮|加味|勘案|含め|除)(?:\s?\(※?\d{0,2}\))?(?:する|すれ|した|し|く|いた|る)?(?:と|ば|場合)|場合(?:は|に|には|で)?|とすると"
)
#: The question leaves a condition out: 「(転出超過を考慮しない場合)」「加味せず」「除かない」.
CONDITION_DENIED = re.compile(r"(?:考慮|加味|勘案|含め|含)(?:し|さ)?(?:ない|ず)|除かない|抜きで|を除く")
#: A figure asked by its role in time (a baseline, an aim): `value_roles` and the role features choose it.
_ROLE_ASKED = re.compile(f"{_TARGET_ASKED.pattern}|{_BASE_ASKED.pattern}|つもり")
_ASKS_TOP = re.compile(r"最も|いちばん|一番|最大|最高|最多|トップ|首位")
_TOP_BEFORE = re.compile(r"(?:最も高い|最大の|最高の|トップの|首位の|1位の)\s?$")
_TOP_AFTER = re.compile(r"^\s?(?:を筆頭|で最も|と最も|で最大|と最大|で最高|と最高|でトップ|とトップ|で首位|で全国1位)")
_TAIL_SPAN = 20  # how far forward the words it qualifies
_KINDS = ("cap", "rate", "amount", "percent", "count", "date", "quantity")


@dataclass(frozen=True)
class ValueCandidate:
    """One value in a sentence, with its features in `VALUE_FEATURES` order."""

    value: str
    start: int
    features: tuple[float, ...]


def value_candidates(
    text: str,
    intent: QueryIntent,
    near: set[str],
    weight: Callable[[set[str]], float],
    prior: str | None,
) -> list[ValueCandidate]:
    """Every value in ``text`` the question could be asking for, with its features."""
    question = intent.text
    spans: dict[str, tuple[int, set[str]]] = {}

    def add(m: re.Match[str], kind: str, pattern: re.Pattern[str] | None, group: int = 0) -> None:
        m_start, m_end = m.span(group)
        if re.search(r"第\s?$", text[max(0, m_start - 3) : m_start]) or states_value(m.group(group), question):
            return  # 第5回 is an ordinal; a value the question states is not its answer
        value = with_qualifiers(text, m_start, m_end, pattern)
        # One candidate per value as written (「合計2.4万人」 is matched with and without its 合計).
        at = text.find(value, max(0, m_start - 8))  # where the value starts, its qualifier included
        at = m_start if at < 0 else at
        start, kinds = spans.get(value, (at, set()))
        spans[value] = (min(start, at), kinds | {kind})

    counter = counter_pattern(question)
    if counter is not None:
        for m in counter.finditer(text):
            add(m, "counter", counter)
    for kind in _KINDS:
        for m in VALUE_PATTERNS[kind].finditer(text):
            add(m, kind, VALUE_PATTERNS[kind])
    q_tokens = set(tokenize(question))
    asks_when = intent.wants("date")
    for m in _NOUN_COUNT.finditer(text):
        if asks_when and _TIME_UNIT.match(m.group(1)):
            continue  # 「何年に」 asks which year: 「20年ぶり」「3年間」 count years, they do not name one
        if any(t in q_tokens for t in tokenize(m.group(1))[:1]):
            add(m, "asked_noun", None)
    for m in count_of(text):
        # 「全国1,287の団体」「200~300の「定住圏」」: a count (or a range of one) before の and the noun asked about.
        if any(t in q_tokens for t in tokenize(m.group(2))[:1]):
            add(m, "asked_noun", None, 1)
    if intent.wants("count") or intent.wants("quantity") or counter is not None:
        for m in bracket_counts(text, question):
            add(m, "asked_noun", None, 2)  # 「地方公共団体(800)」: the noun before the bracket is the counter
    if asks_when:
        for m in relative_whens(text, question):
            add(m, "date", RELATIVE_WHEN)  # 「前日午後5時まで」「5年後」: when, counted from another point
    if not spans:
        return []
    q_weight = weight(near) or 1.0
    unit = asked_unit(question)
    asks_target = bool(_TARGET_ASKED.search(question))
    asks_base = bool(_BASE_ASKED.search(question))
    asks_now = bool(near & NOW_WORDS)
    clauses = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text) + 1]
    # First and last among the values of an asked kind: a row's dates (R2, R6) are not its figures.
    ordered = [s for s, kinds in spans.values() if asks_when or kinds != {"date"}] or [s for s, _ in spans.values()]
    first_start, last_start = min(ordered), max(ordered)
    ranked = sorted(spans.items(), key=lambda kv: kv[1][0])
    bounds = [(start, start + len(value)) for value, (start, _) in ranked]
    own_labels = [_own_label(text, bounds, i) for i in range(len(bounds))]  # a date still bounds a label
    stray = set() if asks_when else _stray_dates([kinds for _, (_, kinds) in ranked], intent)
    labels = [weight(set(tokenize(label)) & near) / q_weight for label in own_labels]
    tails = [weight(set(tokenize(_own_tail(text, bounds, i))) & near) / q_weight for i in range(len(bounds))]
    asks_top = bool(_ASKS_TOP.search(question))
    denied = bool(CONDITION_DENIED.search(question))
    out = []
    # A question asking when and nothing else is not answered by a count (「17団体から」): a value of no date kind
    # states a time only with a unit of time (「今後3~5年程度」).
    only_when = intent.value_kinds == ("date",)
    for i, (value, (start, kinds)) in enumerate(ranked):
        if i in stray or (only_when and "date" not in kinds and not _TIME_UNIT.search(value)):
            continue
        end = start + len(value)
        lo = max(c for c in clauses if c <= start)
        hi = min(c for c in clauses if c > start)
        before = text[max(0, start - 24) : start]
        x = {
            "prior": float(prior is not None and value == prior),
            "wanted": float(any(intent.wants(k) for k in kinds) or "counter" in kinds),
            "counter": float("counter" in kinds),
            "asked_noun": float("asked_noun" in kinds),
            "unit_match": float(unit is not None and bool(unit.search(value))),
            "unit_clash": float(unit is not None and not unit.search(value)),
            "date": float(kinds == {"date"} and not asks_when),
            "before": weight(set(tokenize(before)) & near) / q_weight,
            "after": weight(set(tokenize(text[end : end + 12])) & near) / q_weight,
            "clause": weight(set(tokenize(text[lo:start] + text[end:hi])) & near) / q_weight,
            "first": float(start == first_start),
            "last": float(start == last_start),
            "position": start / max(len(text), 1),
            "base_first": float(asks_base and start == first_start),
            "target_position": float(asks_target) * start / max(len(text), 1),
            "bracketed": float(text.rfind("(", 0, start) > text.rfind(")", 0, start)),
            "total": float(bool(_TOTAL.search(text[max(0, start - 6) : start]) or _TOTAL_WORD.match(value))),
            "target": float(is_target_value(text, value)),
            "target_asked": float(asks_target and is_target_value(text, value)),
            "now": float(asks_now and bool(re.search(r"現在|現時点|今", text[max(0, start - 10) : start]))),
            "label": labels[i],
            "label_lead": labels[i] - _best_rival(labels, bounds, i, stray),
            "tail": tails[i],
            "tail_lead": tails[i] - _best_rival(tails, bounds, i, stray),
            **_condition(own_labels[i], near, weight, q_weight, denied),
            "top": float(asks_top and _written_top(text, start, end)),
        }
        out.append(ValueCandidate(value, start, tuple(x[f] for f in VALUE_FEATURES)))
    return out


def of_asked_quantity(text: str, question: str, found: list[ValueCandidate]) -> list[ValueCandidate]:
    """The candidates of the quantity asked: none of another unit (「2社」 for a budget), and, when some value is
    written for the thing asked, none written for another thing (「登録者は約60名」 beside 「利用者数は約180名」)."""
    asked = asked_quantity(question)
    if asked is None:
        return found
    found = [c for c in found if not quantity_clash(asked, c.value)]
    fitting = [c for c in found if not _noun_clash(text, question, asked, c)]
    return fitting or found


def _noun_clash(text: str, question: str, asked: AskedQuantity, c: ValueCandidate) -> bool:
    """Whether candidate ``c`` is written for another thing than the one asked (`quantity.nouns_clash`)."""
    end = c.start + len(c.value)
    written = own_label(text, c.start, 0) + c.value
    return nouns_clash(asked, quantified_noun(text, c.start, end), question, written)


def _not_an_end(found: list[ValueCandidate]) -> list[ValueCandidate]:
    """Both ends of a range asked: a value standing inside another candidate (「70歳」 in 「15歳から70歳まで」) is
    one end of that range, not the answer."""
    spans = [(c.start, c.start + len(c.value)) for c in found]
    return [
        c
        for c, (s, e) in zip(found, spans, strict=True)
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)
    ]


def _own_label(text: str, bounds: list[tuple[int, int]], i: int) -> str:
    """`values.own_label` of value ``i``, back to the previous candidate value."""
    start = bounds[i][0]
    return own_label(text, start, max((e for s, e in bounds if e <= start), default=0))


def _own_tail(text: str, bounds: list[tuple[int, int]], i: int) -> str:
    """The words after value ``i`` up to the next value, bracket or clause end (「約2割の市区町村で人口が半分未満」)."""
    end = bounds[i][1]
    nxt = min((s for s, _ in bounds if s >= end), default=len(text))
    span = text[end : min(nxt, end + _TAIL_SPAN)]
    return re.split(r"[、。,()（）]", span, maxsplit=1)[0]  # a bracket after a value opens a note on it


def _best_rival(scores: list[float], bounds: list[tuple[int, int]], i: int, stray: set[int]) -> float:
    """The best score among the other values, less those overlapping value ``i`` (「1位」 in 「全国1位」) and stray dates."""
    s, e = bounds[i]
    return max(
        (v for j, v in enumerate(scores) if j != i and j not in stray and (bounds[j][1] <= s or bounds[j][0] >= e)),
        default=0.0,
    )


def _date_only(value: str | None) -> bool:
    """Whether ``value`` is a date and nothing else (「2019年から」「令和7年3月末」)."""
    bare = re.sub(r"(?:から|まで|以降|以前|頃|時点|現在)$", "", value.strip()) if value else ""
    return bool(bare) and bool(VALUE_PATTERNS["date"].fullmatch(bare))


def _stray_dates(kinds: list[set[str]], intent: QueryIntent) -> set[int]:
    """The date-only values of a sentence that also writes a value of the asked kind, for a question not asking when."""
    # The date only says when the thing counted happened or was counted (「2019年から…2021年には約3,000人の応募」), so
    # it is no answer and no rival, though it still ends the label of the value after it.
    wanted = any("counter" in k or any(intent.wants(x) for x in k) for k in kinds if k != {"date"})
    return {i for i, k in enumerate(kinds) if k == {"date"}} if wanted else set()


def _condition(
    label: str, near: set[str], weight: Callable[[set[str]], float], q_weight: float, denied: bool
) -> dict[str, float]:
    """Whether a value is stated under a condition (in its own ``label``), and whether the question states it."""
    found = next(reversed(list(CONDITION.finditer(label))), None)  # the condition nearest the value binds it
    if found is None:
        return {"cond_asked": 0.0, "cond_unasked": 0.0}
    clause = re.split(r"[、。,()（）]", label[: found.start()])[-1] or label[: found.start()]
    shared = weight(set(tokenize(clause)) & near) / q_weight
    asked = 0.0 if denied else shared
    return {"cond_asked": asked, "cond_unasked": float(asked == 0.0)}


def _written_top(text: str, start: int, end: int) -> bool:
    """The value is written as the top one: 「東北圏の43.8%を筆頭に」「最も高い43.8%」「43.8%で最も高い」."""
    return bool(_TOP_BEFORE.search(text[max(0, start - 8) : start]) or _TOP_AFTER.match(text[end : end + 8]))


@dataclass(frozen=True)
class ValueChooser:
    """Weights over `VALUE_FEATURES`; None weights: the prior (`find_value`'s own pick)."""

    weights: tuple[float, ...] | None = None
    version: int = VALUES_VERSION

    def choose(self, text: str, intent: QueryIntent, near: set[str], weight: Callable[[set[str]], float]) -> str | None:
        """The value of ``text`` that answers the question, or None where `find_value` finds none."""
        if not asks_population(intent.text):
            text = without_population_notes(text)  # 「厚真町(人口約4千人)」 notes the place: no answer unless asked
        prior = find_value(text, intent, near)
        if prior is None or self.weights is None or asks("place", intent.text):
            return prior
        found = value_candidates(text, intent, near, weight, prior)
        listed = found
        # A date left out as stray (`_stray_dates`) is no fallback either: the value of the asked kind answers.
        dropped = not intent.wants("date") and _date_only(prior) and all(c.value != prior for c in found)
        if asks("range", intent.text):
            found = _not_an_end(found)
        if part := asked_part(intent.text):  # a part of a whole asked: written with it, as find_value requires
            found = [
                c for c in found if same_words(part) in same_words(clause_of(text, c.start, c.start + len(c.value)))
            ]
        members = not_a_member(text, intent.text, found)
        dropped = dropped or (any(c.value == prior for c in found) and all(c.value != prior for c in members))
        found = members
        kept = of_asked_quantity(text, intent.text, found)
        if len(kept) == 1 and kept[0].value != prior and any(c.value == prior for c in found):
            return kept[0].value  # the prior is another quantity, or written for another thing: the one left answers
        found = kept
        if len(found) == 1 and dropped:
            return found[0].value  # the prior was a stray date or a breakdown's member: the one left answers
        if len(found) < 2:
            return prior
        best = max(found, key=lambda c: (self.score(c.features), -c.start)).value
        # A member the question names binds the value written with it (「屋内ブース(3万円/日)」), whatever the
        # fixed-window closeness of the prior says.
        if intent.wants("date") or _ROLE_ASKED.search(intent.text) or near & NOW_WORDS:
            return best  # a date is bound by its act, a figure asked by its role by its time (`value_roles`)
        every = [(c.value, c.start) for c in listed]
        # A rival of the kind asked, and as close to it as the choice: 「65%」 is no answer to 「何団体」 beside 「9団体」.
        top = next(c for c in found if c.value == best)
        wanted = {
            c.value
            for c in found
            if (c.features[_WANTED] or c.features[_COUNTER] or c.features[_ASKED_NOUN])
            and all(c.features[f] >= top.features[f] for f in (_COUNTER, _UNIT_MATCH))
            and not _date_only(c.value)
            and (value_unit(c.value) or c.features[_ASKED_NOUN])  # a bare number only as a count of the noun asked
        }
        return bound_member(text, every, best, wanted, MemberQuery(intent.text, frozenset(near), weight)) or best

    def score(self, x: Sequence[float]) -> float:
        if self.weights is None:
            return x[_PRIOR]  # the prior scores its own pick first
        return sum(w * v for w, v in zip(self.weights, x, strict=True))

    def to_dict(self) -> dict:
        return {"version": self.version, "features": list(VALUE_FEATURES), "weights": list(self.weights or ())}

    @classmethod
    def load(cls, build_dir: Path | None) -> ValueChooser | None:
        """The fitted chooser in a build, or None (no file, or fitted on other features)."""
        data = read_fitted(build_dir, VALUES_FILE, VALUES_VERSION, VALUE_FEATURES)
        return cls(tuple(float(w) for w in data["weights"])) if data is not None else None


_PRIOR = VALUE_FEATURES.index("prior")
_WANTED = VALUE_FEATURES.index("wanted")
_COUNTER = VALUE_FEATURES.index("counter")
_ASKED_NOUN = VALUE_FEATURES.index("asked_noun")
_UNIT_MATCH = VALUE_FEATURES.index("unit_match")
PRIOR_CHOOSER = ValueChooser()
