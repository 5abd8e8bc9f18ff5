"""How likely an answer is right: features of the answer and its evidence, scored by a fitted logistic model.

The model is fitted on the tune split (`assistant.evals.calibrate`), never by hand; its weights, its
threshold and the training report are plain JSON files in the index build. Below the threshold the
answerer abstains (and shows the related passages), so a confident wrong answer becomes an honest
「資料には該当する記載が見つかりませんでした」.

The features are general properties of a question and its evidence, named in `FEATURES`. The ones
against near misses check the question's constraints against the cited words: a year the question
names that the evidence does not, or the question's rarest words missing from the cited passage and
its neighbours (a subgroup, a platform, a venue the documents do not mention).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer.answered import answer_lead
from assistant.answer.asked_form import form_absent
from assistant.answer.definition_form import term_unexplained
from assistant.answer.gate_file import read_gate
from assistant.answer.gate_trees import Trees
from assistant.answer.kind_checks import kind_absent
from assistant.answer.near_miss import span_other, value_echoed
from assistant.fitted import logistic
from assistant.question.kinds import QueryIntent
from assistant.question.lists import counted_not_named
from assistant.question.rules import asks
from assistant.question.words import asks_value, content_tokens, count_pattern, focus_tokens
from assistant.text.names import new_names
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.text.years import own_years, years_in
from assistant.types import Answer, Chunk, Hit

MODEL_FILE = "confidence.json"
REPORT_FILE = "confidence_report.json"
DATA_FILE = "confidence_training.jsonl"
#: Bump when the features change: a model fitted on other features is not used.
FEATURES_VERSION = 27
#: A file with boosted trees (`gate_trees`) is version 28, refused by code reading only 27; a logistic-only one stays 27.
#: (16 was the trees version of features 15, and once a features version of its own: both skipped; 18 was the trees
#: version of features 17, 20 of features 19, 22 of features 21, 24 of features 23, 26 of features 25.)
MODEL_VERSION = 28
#: A record's cited passage ranked past the fifth, or not retrieved at all, reads alike: the feature then does not
#: depend on how many passages the request asked for (top_k).
RANK_CAP = 4

FEATURES: tuple[str, ...] = (
    "from_records",  # the answer comes from a KPI or programme record
    "record_match",  # how fully the question names that record (IDF share of its words in the record's name)
    "sentence_score",  # the answering sentence's score (word and meaning overlap)
    "overlap",  # share of the question's words (IDF-weighted) in the answering sentence and neighbours
    "context",  # the same share over the whole passage
    "focus",  # share of the asking clause's words near the value
    "topic",  # share of the question's opening subject near the value
    "anchored",  # the passage holds the question's rarest word
    "named",  # the passage names the programme or event the question names
    "has_value",  # a value or name was extracted
    "asks_value",  # the question asks for a value (amount, count, rate, date…)
    "cited_rank",  # rank of the cited passage among the retrieved ones (1 = first)
    "top_score",  # the first retrieved passage's fused score
    "score_gap",  # its lead over the second
    "year_asked",  # the question names a year
    "year_missing",  # … and the cited words do not hold it
    "uncovered_idf",  # the highest IDF of a question word absent from the cited passage and its neighbours
    "uncovered_share",  # IDF share of the question's words absent from them
    "label_overlap",  # IDF share of the question's words in the 24 characters around the key value (its label)
    "focus_missing_idf",  # the highest IDF of an asking-clause word absent from what the answer is said to be
    "unit_mismatch",  # the question implies a unit (円, 人, %, 年…) that the key value does not carry
    "passage_for_specific",  # a specific thing was asked (who, where, when, how many, a name) but a passage is quoted
    "subgroup_asked",  # 「…のうち」「内訳」「別」: a part of a total is asked
    "margin",  # the answering sentence's lead over the best one holding another value
    "rivals",  # other values scoring almost as well: the passages do not single one out
    # The year constraint against the answer's own value, not the whole passage (a series shares the passage):
    "value_year_other",  # the question names a year; the value is stated with its own year, and not that one
    "count_mismatch",  # a count is asked (何件, いくつの団体, 回数…) and the key value is not written with what it counts
    "counted_not_named",  # which ones were asked (「8つの自治体はどこ」) and the answer only counts them (「8自治体」)
    # A name was asked (どこ, 誰, 名称) and the answer's lead writes no name the question does not already write:
    # the passage talks about the thing without naming what was asked (「学生団体を設立」 for 「団体の名前は」).
    "name_absent",
    # A person, a body or a place was asked by name (「会長は誰」「どこの企業」「どこの町」) and the lead names none
    # of that kind the question does not already write: 「DTaM」 names a system, not the chair; 「奈良県」 no body.
    "kind_absent",
    "carried",  # a follow-up: what was searched carries a subject from an earlier turn (the typed turn does not stand alone)
    # Near misses in the answer's own words (`near_miss`): the value repeats a number the question gives
    # (「約2,000地区のうち、北海道は」 answered 「約2,000地区」), or is stated over another span (5年間 for 3年間).
    "value_echoed",
    "span_other",
    # A record's completeness: found by its name, not by retrieval, its answer does not need its passage ranked
    # first, nor the name repeated on the cited lines (which hold the field). These let the fit trust such answers.
    "record_named",  # the question as asked (not the carried query) writes the record's name or a variant whole
    "record_complete",  # states each field asked (several values with their conditions); 0: not stated or not checked
    "record_rank",  # for a record's answer only: how far below the first retrieved passage its cited one ranks
    # A value sentence below the topic bound the rules once cut at (`AbstainPolicy.topic_to_gate`): the gate weighs it.
    "below_topic",
    # A follow-up's carried subject (its words the typed turn does not write), IDF share absent from the cited
    # passages: an answer about another subject than the conversation's (0 for a turn standing alone).
    "subject_missing",
    # Share of the question's content words the corpus never writes (no IDF): a detail no document states (アーカイブ
    # 配信, 手数料), or a paraphrase (引っ張るタイプ) — the gate learns which by the other features.
    "unseen_share",
    # … of the asking clause's words (what is asked of the subject): the asked detail itself is written nowhere.
    "unseen_focus",
    # The field class asked (a reason, a cap, a venue, a title, people…; `asked_form`) is written in no form near the
    # value or in the lead quoted: a passage or value about the subject that does not state the asked detail.
    "form_absent",
    # What a term is, was asked (「Xとはどういう意味」), and a quoted passage writes X without explaining it (「Xの醸成」,
    # 「X等の意識変革」): the documents use the term without defining it (`definition_form`).
    "term_unexplained",
)

#: The unit a question implies (`asked_unit`) and the units a key value must then carry (general Japanese usage).
UNIT_RULES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"予算|金額|費用|いくら|何円|額は|総額|投資額|経費"), re.compile(r"円")),
    (re.compile(r"何人|何名|(?<!法)人数|人口|何万人"), re.compile(r"人|名")),
    (re.compile(r"何%|何パーセント|割合|率は|比率"), re.compile(r"%|割|分の|/")),
    # A day asked (何月何日, 日付) is not answered by a month: on a tie it wins over the general date rule.
    (re.compile(r"何月何日|何日|日付|年月日"), re.compile(r"\d\s?日")),
    (re.compile(r"いつ|何年|何月|何日|時期|日時"), re.compile(r"年|月|日|R\d|令和|平成|度")),
)


def asked_unit(question: str) -> re.Pattern[str] | None:
    """The unit the question's asked word implies: the last one written (「人口が半分未満の市区町村の割合」 asks a share).

    Words are compared by where they end, so 「何月何日」 is one asking word, not 「何日」 after 「何月」.
    """
    found = [(m.end(), -k, unit) for k, (implied, unit) in enumerate(UNIT_RULES) for m in implied.finditer(question)]
    return max(found, key=lambda f: f[:2])[2] if found else None


_SPECIFIC = re.compile(r"誰|だれ|どこ|いつ|何人|何名|何件|何か所|何カ所|いくつ|いくら|何と(?:呼|い)|名前|名称|何という")
_COUNTS_ASKED = frozenset({"count", "quantity", "amount", "percent", "rate"})
_SUBGROUP = re.compile(r"のうち|うち、|内訳|別の|ごとの")


@dataclass(frozen=True)
class Evidence:
    """What an answer stands on, for its features: the sentence candidate's measures, or the record's."""

    sentence_score: float = 0.0
    overlap: float = 0.0
    context: float = 0.0
    focus: float = 0.0
    topic: float = 0.0
    anchored: bool = False
    named: bool = False
    record_match: float = 0.0
    has_value: bool = False  # a value or name was extracted as the answer's key
    key: str | None = None  # that value or name
    sentence: str = ""  # the answering sentence (normalised)
    margin: float = 0.0  # its score's lead over the best sentence holding another value
    rivals: int = 0  # sentences scoring within 10 % of it that hold another value
    record_named: bool = False  # the question as asked writes the record's name (or a variant) whole
    record_complete: bool = False  # the record states the asked fields, several values each with its condition
    below_topic: bool = False  # a value sentence below the policy's former topic bound (`AbstainPolicy.below_topic`)
    #: What the answer says it is: a record's indicator or programme name (a sentence answer's label is
    #: read from ``sentence`` around ``key``, or is the sentence itself when no value was extracted).
    record_label: str = ""


def features_of(
    question: str,
    intent: QueryIntent,
    answer: Answer,
    evidence: Evidence,
    hits: Sequence[Hit],
    cited: Sequence[Chunk],
    idf: Mapping[str, float],
    cited_tokens: frozenset[str] | None = None,
    asked: str | None = None,
) -> dict[str, float]:
    """The `FEATURES` of one (non-abstained) answer.

    ``question`` is what was searched (a follow-up with its subject); ``asked`` the turn as typed, whose
    asking clause the answer must hold; ``cited_tokens`` the cited passages' words, when known.
    """
    cited_ids = {c.chunk_id for c in cited}
    rank = next((h.rank for h in hits if h.chunk.chunk_id in cited_ids), len(hits) + 1)
    scores = [h.score for h in hits]
    quoted = " ".join(c.quote for c in answer.citations)
    asked_years = years_in(question)
    cited_text = " ".join(c.search_text for c in cited)
    if cited_tokens is None:
        cited_tokens = frozenset(tokenize(cited_text)) | frozenset(tokenize(" ".join(c.heading for c in cited)))
    q = content_tokens(question)
    default = max(idf.values(), default=1.0)
    weights = {t: idf.get(t, default) for t in q}
    missing = {t: w for t, w in weights.items() if t not in cited_tokens}
    q_text = normalize(question)
    label = ""
    if evidence.key and evidence.key in evidence.sentence:
        at = evidence.sentence.index(evidence.key)
        label = evidence.sentence[max(0, at - 24) : at + len(evidence.key) + 8]
    label_tokens = set(tokenize(label))
    # A near miss asks for a part (外国人観光客, 保護者, Instagramの…) of what the document gives (観光客,
    # 参加者, SNSの…): the asking clause's words must stand in what the answer is said to be.
    said = normalize(evidence.record_label) if evidence.record_label else (label or evidence.sentence)
    said_tokens = label_tokens if said is label else set(tokenize(said))
    focus = focus_tokens(asked or question)
    focus_missing = [idf.get(t, default) for t in focus if t not in said_tokens and not (len(t) >= 2 and t in said)]

    unit_rule = asked_unit(q_text)
    value_years = _value_years(answer.answer, evidence)
    # 「法人数が増え始めたのはいつ」 asks when: the count names the subject, not the answer's unit.
    when_only = intent.wants("date") and not _COUNTS_ASKED & set(intent.value_kinds)
    counted = None if when_only else count_pattern(normalize(asked or question))
    lead = answer_lead(answer.answer)
    # What the answer states: a record's name, or the value's words (wider after it: 「…を目指す」「…以内」), and its lead.
    stated = normalize(evidence.record_label) if evidence.record_label else ""
    if not stated and evidence.key and evidence.key in evidence.sentence:
        at = evidence.sentence.index(evidence.key)
        stated = evidence.sentence[max(0, at - 24) : at + len(evidence.key) + 16]
    return {
        "form_absent": float(form_absent(asked or question, f"{stated} {lead}", evidence.key)),
        # A quoted passage only: a value or a block's answer (a numbered entry, a record) states what it gives.
        "term_unexplained": float(not evidence.has_value and term_unexplained(asked or question, answer.answer)),
        "value_year_other": float(bool(asked_years and value_years and not (asked_years & value_years))),
        "label_overlap": sum(w for t, w in weights.items() if t in label_tokens) / (sum(weights.values()) or 1.0),
        "focus_missing_idf": max(focus_missing, default=0.0),
        "unit_mismatch": float(bool(evidence.key and unit_rule is not None and not unit_rule.search(evidence.key))),
        "count_mismatch": float(bool(evidence.key and counted is not None and not counted.search(evidence.key))),
        "counted_not_named": float(
            not _COUNTS_ASKED & set(intent.value_kinds) and counted_not_named(asked or question, answer.answer)
        ),
        "name_absent": float(
            asks("named_one", normalize(asked or question)) and not new_names(answer_lead(answer.answer), question)
        ),
        "kind_absent": float(kind_absent(normalize(asked or question), answer.answer, question)),
        "carried": float(asked is not None and normalize(asked) != normalize(question)),
        "subject_missing": _subject_missing(weights, missing, asked, question),
        "value_echoed": float(value_echoed(asked or question, evidence.key)),
        "span_other": float(span_other(asked or question, f"{answer_lead(answer.answer)} {label}")),
        "passage_for_specific": float(bool(_SPECIFIC.search(q_text)) and not evidence.has_value),
        "subgroup_asked": float(bool(_SUBGROUP.search(q_text))),
        "margin": evidence.margin,
        "below_topic": float(evidence.below_topic),
        "rivals": float(evidence.rivals),
        "from_records": float(answer.source == "records"),
        "record_named": float(evidence.record_named),
        "record_complete": float(evidence.record_complete),
        "record_rank": float(min(rank - 1, RANK_CAP)) if answer.source == "records" else 0.0,
        "record_match": evidence.record_match,
        "sentence_score": evidence.sentence_score,
        "overlap": evidence.overlap,
        "context": evidence.context,
        "focus": evidence.focus,
        "topic": evidence.topic,
        "anchored": float(evidence.anchored),
        "named": float(evidence.named),
        "has_value": float(evidence.has_value),
        "asks_value": float(asks_value(intent)),
        "cited_rank": float(rank),
        "top_score": scores[0] if scores else 0.0,
        "score_gap": scores[0] - scores[1] if len(scores) > 1 else 0.0,
        "year_asked": float(bool(asked_years)),
        "year_missing": float(bool(asked_years - years_in(quoted + " " + cited_text))),
        "uncovered_idf": max(missing.values(), default=0.0),
        "uncovered_share": sum(missing.values()) / (sum(weights.values()) or 1.0),
        "unseen_share": sum(1 for t in q if t not in idf) / (len(q) or 1),
        "unseen_focus": float(any(t not in idf for t in focus)),
    }


def _subject_missing(
    weights: Mapping[str, float], missing: Mapping[str, float], asked: str | None, question: str
) -> float:
    """IDF share of the carried subject's words (the query's, not the typed turn's) absent from the cited passages."""
    if asked is None or normalize(asked) == normalize(question):
        return 0.0
    own = content_tokens(asked)
    subject = {t: w for t, w in weights.items() if t not in own}
    return sum(w for t, w in subject.items() if t in missing) / (sum(subject.values()) or 1.0)


def _value_years(text: str, evidence: Evidence) -> frozenset[str]:
    """The years the answer gives its value with: in its lead (before the first citation mark) or just after the key."""
    lead = normalize(answer_lead(text))
    years = set(years_in(lead))
    if evidence.key and evidence.key in evidence.sentence:
        years |= own_years(evidence.sentence, evidence.sentence.index(evidence.key) + len(evidence.key))
    return frozenset(years)


#: The kinds of answer the gate may hold to thresholds of their own (`answer_kind_of`).
ANSWER_KINDS = ("records", "value", "passage", "follow_up")


def answer_kind_of(x: Mapping[str, float]) -> str:
    """What an answer stands on, read from its features: a follow-up's (carried subject), a record, a value in a
    sentence, or a quoted passage."""
    if x.get("carried"):
        return "follow_up"
    if x.get("from_records"):
        return "records"
    return "value" if x.get("has_value") else "passage"


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic regression over `FEATURES` (weights on the raw features), optionally blended with boosted trees,
    and the abstention threshold.

    With ``trees`` the log odds are ``blend`` times the logistic part's plus ``1 - blend`` times the trees' (the fit
    chooses ``blend`` by out-of-set log loss; 1.0 is the logistic model alone). ``by_kind`` holds a threshold per
    `ANSWER_KINDS` when the fit chose them (a record's answer is right more often at the same probability than a
    quoted passage's); ``threshold`` is the one for every other answer.
    """

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    by_kind: tuple[tuple[str, float], ...] = ()
    trees: Trees | None = None
    blend: float = 1.0
    _thresholds: dict[str, float] = field(init=False, repr=False, compare=False)  # by_kind, built once

    def __post_init__(self) -> None:
        object.__setattr__(self, "_thresholds", dict(self.by_kind))

    @property
    def version(self) -> int:
        """The version the file is written with: MODEL_VERSION only when it holds trees, so older code reads the rest."""
        return MODEL_VERSION if self.trees is not None else FEATURES_VERSION

    def probability(self, x: Mapping[str, float]) -> float:
        values = [float(x.get(f, 0.0)) for f in self.features]
        z = self.bias + sum(w * v for w, v in zip(self.weights, values, strict=True))
        if self.trees is not None and self.blend < 1.0:
            z = self.blend * z + (1.0 - self.blend) * self.trees.raw(values)
        return logistic(z)

    def threshold_for(self, x: Mapping[str, float]) -> float:
        """The threshold the answer with features ``x`` is held to."""
        return self._thresholds.get(answer_kind_of(x), self.threshold)

    def to_dict(self) -> dict:
        data = {
            "version": self.version,
            "model": "logistic" if self.trees is None else "logistic+trees",
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            "thresholds_by_kind": dict(self.by_kind),
        }
        if self.trees is not None:
            data |= {"blend": self.blend, "trees": self.trees.to_dict()}
        return data

    @classmethod
    def load(cls, build_dir: Path | None) -> ConfidenceModel | None:
        """The model in a build, or None: no file, or one this code cannot use (`gate_file` warns why)."""
        gate = read_gate(build_dir, MODEL_FILE, FEATURES, FEATURES_VERSION, MODEL_VERSION)
        if gate is None:
            return None
        data = gate.data
        by_kind = tuple((k, float(t)) for k, t in (data.get("thresholds_by_kind") or {}).items() if k in ANSWER_KINDS)
        weights = tuple(data["weights"])
        return cls(FEATURES, weights, float(data["bias"]), float(data["threshold"]), by_kind, gate.trees, gate.blend)
