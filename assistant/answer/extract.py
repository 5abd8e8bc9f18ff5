"""Extractive answering: score the sentences of retrieved passages and pull out the asked-for value.

No language model: the answer is built from the documents' own words, so every number in it is
in a cited sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.chunking import Sentence, split_sentences
from assistant.cleaning import normalize
from assistant.query import NUM, VALUE_PATTERNS, QueryIntent
from assistant.tokenizer import tokenize
from assistant.types import Chunk, Hit

# Words that frame a question rather than say what it is about.
_FRAME = (
    "何 なに 何か いつ どこ どの どれ どんな どう どういう どのよう どのくらい どれくらい どれだけ いくら いくつ 誰 なぜ "
    "くらい 程度 頃 何時 何時頃 つ 教える 呼ぶ 言う 名前 名称 ます です ください 下さい 知る 思う 挙げる 示す 具体 的 いる ある "
    "された される されて 取り上げる 書く 記載 資料 場合 中 上 点 例 人たち 内容 以下 時点"
)
_COUNTER = re.compile(
    r"何\s?(万|千|百)?\s?(人|名|件|社|カ所|か所|箇所|ヶ所|団体|回|機|言語|地点|地区|km|倍|校|世帯|施設|個|つ|年|歳|位)"
)
_COUNTER_ALIASES = {
    "人": "人|名",
    "名": "人|名",
    "カ所": "カ所|か所|箇所|ヶ所|ヵ所|ケ所",
    "か所": "カ所|か所|箇所|ヶ所|ヵ所|ケ所",
}
_NAME_SPAN = re.compile(
    r"「([^「」]{2,40})」|『([^『』]{2,40})』|\(([A-Za-z][A-Za-z0-9&.\- ]{1,20})\)|“([^”]{2,40})”"
    r"|\(([\u30a0-\u30ff\u4e00-\u9fff]{2,15})\)"
)
VALUE_KINDS = ("amount", "rate", "cap", "count", "percent", "date", "quantity", "place")
# Kinds whose absence means the passages do not answer (a place may be named without 「場所:」).
HARD_VALUE_KINDS = ("amount", "rate", "cap", "count", "percent", "date", "quantity")
_MARKERS = re.compile(r"\s*\[\d+\]")
_BRACKET_LABEL = re.compile(r"^[\s\-・○●■◆□※]*【([^】]{1,12})】\s?[^\s【]")
_DEFINED = re.compile(r"「([^「」]{2,20})」(?:の)?(?:とは|内訳|定義|意味)|^([^、。「」]{2,20}?)とは")
_LABEL = re.compile(r"^[\s\-・○●■◆□※]*([^:：、。()（）〔【\[]{1,8}?)\s?[:：]\s?\S")


@lru_cache(maxsize=1)
def frame_tokens() -> frozenset[str]:
    return frozenset(tokenize(_FRAME))


def content_tokens(question: str) -> set[str]:
    """The question's tokens minus question framing (何, いつ, ください…)."""
    return set(tokenize(question)) - frame_tokens()


MIN_FOCUS_IDF = 2.0
FOCUS_WEIGHT = 0.5  # tuned on the dev sets: 0.3 0.826, 0.5 0.846, 0.8 0.846 with one more false abstention
MIN_ANCHOR_IDF = 5.5  # a word found in at most two passages: what the question is about
MAX_CACHED_PASSAGES = 20000  # sentence analyses kept per engine (a bound for very large corpora)
ASKS_NAME = re.compile(r"何という|何と呼|名前|名称|呼び方|略称|何型")
_GENERIC_NOUNS = frozenset(
    "数 額 割合 程度 範囲 単位 全国 時点 現在 今 所 総額 規模 最大 上限 年 年度 月 日 人 件".split()
)
_ASKED_PHRASE = re.compile(
    r"([^、。はがを]{2,40}?)(?:は|が)\s?(?:何|いつ|どこ|どの|どれ|いくら|いくつ|誰|どう|どんな|どのくらい|どれくらい)"
)
_ASKS_NOW = re.compile(r"現在|実際に|実績|これまでに|今まで|現時点|(?<![昨今])今(?![後回年月日般度週])")
_NOW_WORDS = frozenset({"現在", "今", "現時点"})
_TARGET = re.compile(r"目指|目標|目途|見込|予定")


_COUNTED_ACTS = frozenset("応募 申込 申請 参加 来場 登録 採択 採用 就職 相談 利用 回答 視聴 閲覧".split())
_COUNTED = re.compile(rf"\s?の({'|'.join(_COUNTED_ACTS)})")


def asked_acts(question: str) -> set[str]:
    """The acts a count question asks about (採用, 就職…); 「参加者のうち、…就職が決まった」 asks 就職 only."""
    text = normalize(question)
    if "のうち" in text:
        text = text.rsplit("のうち", 1)[1]
    return set(tokenize(text)) & _COUNTED_ACTS


def _counts_something_else(text: str, value: str, asked: set[str]) -> bool:
    """Whether ``value`` counts one act (「約3,000人の応募」「参加者:20名」) and the question asks another.

    A question naming none of these acts (「手を挙げた人」) may be paraphrasing the one stated.
    """
    pos = text.find(value)
    if pos < 0 or not asked:
        return False
    stated: set[str] = set()
    if m := _COUNTED.match(text, pos + len(value)):
        stated.add(m.group(1))
    if (label := _LABEL.match(text)) and label.end(1) <= pos:
        stated |= set(tokenize(label.group(1))) & _COUNTED_ACTS
    return bool(stated) and not stated & asked


def _is_target_value(text: str, value: str) -> bool:
    """Whether ``value`` is stated as an aim: 「約1万人とすることを目指す」「目標値63.9%」."""
    pos = text.find(value)
    if pos < 0:
        return False
    after = text[pos + len(value) : pos + len(value) + 30]
    before = text[max(0, pos - 10) : pos]
    return bool(re.search(r"目指|目途|見込", after) or re.search(r"目標", before))


_SOURCE_LINE = re.compile(r"^(?:出典|典|資料|引用)\s?[:：]|[(（]出典[)）]|より作成|を基に作成|をもとに作成")
_SLIDE_TAGS = frozenset(
    "事例 参考 再掲 仮称 新規 拡充 補正 当初 概要 抜粋 予定 注記 イメージ 一部 全体 別紙 案".split()
)
_NOT_A_NAME_AFTER = re.compile(r"\s?(?:に向け|を踏まえ|をキーワード|をテーマ|を目指|について|の(?!下))")
_ASKS_CALLED = re.compile(r"何と(?:呼|言|い)|何という")
_NAMED_OBJECT = re.compile(r"([^、。はがを]{2,40}?)(?:のこと)?を、?(?:[^、。を]{0,20}?(?:では|で|には))?何と(?:呼|言)")
_INTERROGATIVE = re.compile(r"何|いつ|どこ|どの|どれ|いくら|いくつ|誰|どう|どんな")


def focus_tokens(question: str) -> set[str]:
    """The words of the clause that asks (「…、年間の利用回数はどれくらい」 -> 年間, 利用, 回数).

    A value answers only if these words stand near it: a count of visitors is not a count of
    participants.
    """
    clauses = [c for c in re.split(r"[、,]", normalize(question).rstrip("?？。")) if c.strip()]
    if not clauses:
        return set()
    idx = max((i for i, c in enumerate(clauses) if _INTERROGATIVE.search(c)), default=len(clauses) - 1)
    named = _NAMED_OBJECT.search(clauses[idx])
    if named is None and idx > 0 and _ASKS_CALLED.search(clauses[idx]) and clauses[idx - 1].endswith("を"):
        # 「…空間のことを、関係人口の施策では何と呼んでいますか」: the thing named is the object.
        named = _NAMED_OBJECT.search(clauses[idx - 1] + clauses[idx])
    if named is not None:
        phrase = set(tokenize(named.group(1), nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
        if phrase:
            return phrase
    # The phrase the question is about, when it says so directly: 「…の年間の利用回数はどれくらい」.
    m = _ASKED_PHRASE.search(clauses[idx])
    if m:
        # Its head: the last two 「の」-linked parts (年間 / 利用回数), not the whole modifier chain.
        head = "の".join(m.group(1).split("の")[-2:])
        phrase = set(tokenize(head, nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
        if phrase:
            return phrase
    # Nouns only: verbs are paraphrased too freely (訪れる / 来場) to be required.
    tokens = set(tokenize(clauses[idx], nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
    if not tokens and idx > 0:
        tokens = set(tokenize(clauses[idx - 1], nouns_only=True)) - frame_tokens() - _GENERIC_NOUNS
    return tokens


_TOPIC = re.compile(r"^(.{2,40}?)(?:には|では|は|で)、")


def topic_tokens(question: str) -> set[str]:
    """What the question is about when it opens with it: 「ふるさと住民登録制度には、…」."""
    text = normalize(question)
    tokens: set[str] = set()
    m = _TOPIC.search(text)
    if m:
        tokens |= set(tokenize(m.group(1), nouns_only=True))
    for quoted in re.findall(r"「([^「」]{2,30})」", text):
        tokens |= set(tokenize(quoted, nouns_only=True))
    return tokens - frame_tokens() - _GENERIC_NOUNS


# A named programme, event or body in a question (「空知地域公共交通維持・確保推進事業」).
_NAME_CHAR = r"[\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9・ー]"
_NAMED_THING = re.compile(
    rf"(?:(?:^|(?<=[、。「」\s]))[ぁ-ゖ]{{2,6}}(?={_NAME_CHAR}))?"  # 「ふるさと住民登録制度」
    rf"{_NAME_CHAR}(?:{_NAME_CHAR}|[との](?={_NAME_CHAR})){{2,40}}?"
    r"(?:推進事業|事業|制度|交付金|補助金|プロジェクト|プログラム|フェア|フォーラム|講座|ツアー|相談会|説明会|協議会|大会)"
    r"(?:20\d\d)?"
)
MIN_NAME_SHARE = 0.7  # share of a named thing's character pairs that its passage must hold


def named_things(question: str) -> list[str]:
    """Names of specific programmes or events in a question, long enough to be specific."""
    text = re.sub(r"\s+", "", normalize(question))
    out = []
    for m in _NAMED_THING.finditer(text):
        name = m.group(0).lstrip("0123456789,.")
        head = name.rsplit("の", 1)[-1]
        if len(head) >= 6:
            name = head  # 「振興局の…事業」: the part after the last の is the name
        if len(name) >= 8:
            out.append(name.replace("の", ""))  # 「林業の就職説明会」 is written 「林業就職説明会」
    return out


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass(frozen=True)
class _ChunkAnalysis:
    sentences: list[Sentence]
    tokens: list[frozenset[str]]
    chunk_tokens: frozenset[str]
    heading_tokens: frozenset[str]
    vectors: np.ndarray | None  # one embedding per sentence (with the heading), normalised


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, scored for a question."""

    hit: Hit
    sentence: Sentence
    score: float
    overlap: float  # IDF-weighted share of the question's content words in the sentence
    context: float  # the same share over the whole passage
    value: str | None  # the asked-for value found in the sentence
    focus: float  # share of the asking clause's words in this sentence and the two before it
    topic: float  # share of the question's opening subject in the same window and the heading
    anchored: bool  # the passage holds the question's rarest word (the thing it is about)
    named: bool  # the passage (or the one before or after it) names the programme or event asked about
    line_start: int  # in the document
    line_end: int
    quote: str  # the original words, verbatim


def asks_value(intent: QueryIntent) -> bool:
    """Whether the answer must hold a value; a question asking why or what kind asks for words."""
    if intent.wants("reason"):
        return False
    return any(intent.wants(k) for k in HARD_VALUE_KINDS) or counter_pattern(intent.text) is not None


def counter_pattern(question_text: str) -> re.Pattern[str] | None:
    """For 「何人」「何回」…, a pattern matching a number with that counter."""
    m = _COUNTER.search(question_text)
    if not m:
        return None
    unit = m.group(2)
    alt = _COUNTER_ALIASES.get(unit, re.escape(unit))
    return re.compile(rf"(?:約|およそ|計|合計|全国)?\s?{NUM}\s?(?:万|千|百)?\s?(?:{alt})")


def _closest(pattern: re.Pattern[str], text: str, near: set[str] | None, asked: str = "") -> str | None:
    """The match of ``pattern`` preceded most closely by the question's words (first on ties).

    A value the question itself states (「地方創生2.0」's 2.0) is not its answer.
    """
    best, best_score = None, -1
    for m in pattern.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] == "第":
            continue  # 第5回 is an ordinal, not a count
        if m.group(0).strip() and m.group(0).strip() in asked:
            continue
        score = len(set(tokenize(text[max(0, m.start() - 24) : m.start()])) & near) if near else 0
        if near and near & _NOW_WORDS and re.search(r"現在|現時点|今", text[max(0, m.start() - 10) : m.start()]):
            score += 5  # asked what is now: 「…33%となっていたが、現在では約82%」
        if score > best_score:
            # A pattern with a group ("場所:(…)") yields the group, otherwise the whole match.
            best, best_score = (m.group(m.lastindex) if m.lastindex else m.group(0)).strip(), score
    return best


def find_value(text: str, intent: QueryIntent, near: set[str] | None = None) -> str | None:
    """The value in ``text`` of the kind the question asks for, as written.

    With several, the one right after the question's own words wins (「X 2,687,000回」 for X).
    """
    counter = counter_pattern(intent.text)
    order: list[re.Pattern[str]] = []
    if counter is not None:
        order.append(counter)
    for kind in ("cap", "rate", "amount", "percent", "count", "date", "quantity", "place"):
        if intent.wants(kind) and kind in VALUE_PATTERNS and counter is None:
            order.append(VALUE_PATTERNS[kind])
    if intent.wants("cap") and counter is None:
        order.insert(0, re.compile(rf"上限(?:総額)?\s?{NUM}\s?(?:億|千万|百万|万|千)?円"))
    for pattern in order:
        value = _closest(pattern, text, near, intent.text)
        if value:
            return value
    return None


def defined_term(question: str) -> str | None:
    """The term a question asks to define: 「基礎支出」の内訳は -> 基礎支出; 関係人口とは -> 関係人口."""
    m = _DEFINED.search(normalize(question))
    return next((g for g in m.groups() if g), None) if m else None


def _defines(sentence: str, term: str) -> bool:
    """Whether ``sentence`` states what ``term`` is: 「※3基礎支出=…」「基礎支出とは…」「基礎支出:…」."""
    pos = sentence.find(term)
    if pos < 0:
        return False
    return bool(
        re.match(r"\s?(?:」\s?)?(?:=|＝|とは|:|は、?.{0,60}(?:をいう|を指す|のこと))", sentence[pos + len(term) :])
    )


def find_name(text: str, question_text: str) -> str | None:
    """A name the question asks for: a 「quoted」 term (or a Latin abbreviation) not in the question."""
    if _SOURCE_LINE.search(text):
        return None  # a source line names the sites and reports it quotes, not what was asked
    asked = set(tokenize(question_text))
    found: list[tuple[int, str]] = []
    for m in _NAME_SPAN.finditer(text):
        name = next(g for g in m.groups() if g)
        tokens = set(tokenize(name))
        if name in question_text or name.isdigit() or not tokens or tokens <= asked:
            continue
        if m.group(5) and (re.search(r"[都道府県市区町村]$", name) or len(name) < 3 or name in _SLIDE_TAGS):
            continue  # (奈良県奈良市) in a slide is where, not what; (事例) (再掲) tag a slide
        # 「知の地産地消」に向け…「Chukai…」を発足: a quoted aim or theme is not what was founded.
        found.append((1 if _NOT_A_NAME_AFTER.match(text, m.end()) else 0, name))
    return min(found, key=lambda f: f[0])[1] if found else None


class SentenceScorer:
    """Scores sentences of retrieved passages against a question (IDF-weighted word overlap)."""

    def __init__(
        self,
        idf: dict[str, float],
        doc_numbered: dict[str, bool],
        embed: Callable[[list[str]], np.ndarray] | None = None,
        semantic_weight: float = 0.6,
        neighbours: Callable[[Chunk], Sequence[Chunk]] | None = None,
    ):
        self.idf = idf
        # The passages before and after one in its document: a slide's subject may sit one passage up.
        self.neighbours = neighbours
        self._chunk_tokens: dict[str, frozenset[str]] = {}
        self.doc_numbered = doc_numbered
        # Paraphrased questions share few words with their answer; the embedding model bridges them.
        self.embed = embed
        self.semantic_weight = semantic_weight if embed is not None else 0.0
        self._analyses: dict[str, _ChunkAnalysis] = {}
        self._default_idf = max(idf.values(), default=1.0)

    def weight(self, tokens: set[str]) -> float:
        return sum(self.idf.get(t, self._default_idf) for t in tokens)

    def chunk_tokens(self, chunk: Chunk) -> frozenset[str]:
        found = self._chunk_tokens.get(chunk.chunk_id)
        if found is None:
            found = frozenset(tokenize(f"{chunk.heading} {chunk.search_text}"))
            if len(self._chunk_tokens) >= MAX_CACHED_PASSAGES:
                self._chunk_tokens.pop(next(iter(self._chunk_tokens)))
            self._chunk_tokens[chunk.chunk_id] = found
        return found

    def names_in_reach(self, chunk: Chunk, names: Sequence[str]) -> bool:
        """Whether the passage or its neighbours name each of ``names`` (most of its characters)."""
        if not names:
            return True
        near = [chunk, *(self.neighbours(chunk) if self.neighbours else ())]
        text = re.sub(r"\s+|の", "", normalize(" ".join(f"{c.heading} {c.text}" for c in near)))
        have = _pairs(text)
        return all(len(_pairs(n) & have) >= MIN_NAME_SHARE * len(_pairs(n)) for n in names)

    def previous(self, chunk: Chunk) -> Chunk | None:
        before = [n for n in (self.neighbours(chunk) if self.neighbours else ()) if n.line_start < chunk.line_start]
        return before[0] if before else None

    def near_passages_hold(self, chunk: Chunk, token: str) -> bool:
        """Whether ``token`` is in the passage or in the ones next to it in its document."""
        if token in self.chunk_tokens(chunk):
            return True
        return any(token in self.chunk_tokens(n) for n in (self.neighbours(chunk) if self.neighbours else ()))

    def analysis(self, chunk: Chunk) -> _ChunkAnalysis:
        """Sentences of a passage with their tokens and embeddings, computed once per passage."""
        found = self._analyses.get(chunk.chunk_id)
        if found is None:
            sentences = split_sentences(chunk.text, chunk.line_start, self.doc_numbered.get(chunk.doc, False))
            tokens = [frozenset(tokenize(s.clean)) for s in sentences]
            vectors = None
            if self.semantic_weight and sentences:
                vectors = self.embed([f"{chunk.heading} {s.clean}" for s in sentences])
            found = _ChunkAnalysis(
                sentences,
                tokens,
                frozenset(tokenize(f"{chunk.heading} {chunk.search_text}")),
                frozenset(tokenize(chunk.heading)),
                vectors,
            )
            if len(self._analyses) >= MAX_CACHED_PASSAGES:
                self._analyses.pop(next(iter(self._analyses)))  # drop the oldest entry
            self._analyses[chunk.chunk_id] = found
        return found

    def candidates(self, question: str, intent: QueryIntent, hits: Sequence[Hit]) -> list[Candidate]:
        q = content_tokens(question)
        q_weight = self.weight(q) or 1.0
        wants_value = asks_value(intent)
        quoted = [normalize(m) for m in re.findall(r"「([^「」]{2,30})」", question)]
        # Words found in many passages (開催, 予定, 手) say nothing about what was asked.
        focus = {t for t in focus_tokens(question) if self.idf.get(t, self._default_idf) >= MIN_FOCUS_IDF}
        if len(focus) < 2 and not ASKS_NAME.search(intent.text):
            # One word beside a value (「開催」「予定」) is too little to judge by; beside a name it is
            # what is named (「…という名前の学校」).
            focus = set()
        focus_weight = self.weight(focus) or 1.0
        topic = topic_tokens(question)
        topic_weight = self.weight(topic) or 1.0
        # The question's rarest word that the corpus knows: a passage without it is about something else.
        # Nouns only: a rare verb (配る, 付く) is phrasing, not the thing asked about.
        nouns = set(tokenize(question, nouns_only=True)) - frame_tokens()
        # One-character nouns are mostly affixes (旧, 各, 新): too little to name a subject.
        known = [t for t in nouns if t in self.idf and len(t) >= 2 and not any(ch.isdigit() for ch in t)]
        anchor = max(known, key=lambda t: self.idf[t]) if known else None
        if anchor is not None and self.idf[anchor] < MIN_ANCHOR_IDF:
            anchor = None
        asks_name = bool(ASKS_NAME.search(intent.text))
        defined = defined_term(question)
        acts = asked_acts(question)
        # A question in words has a clause that asks; a keyword query (「…相談会 事業者」) has none.
        asks_in_words = bool(_INTERROGATIVE.search(intent.text))
        names = named_things(question)
        # 「現在何人が登録」 asks what is, not what is aimed at.
        asks_now = bool(_ASKS_NOW.search(intent.text)) and not _TARGET.search(intent.text)
        q_vector = self.embed([question])[0] if self.semantic_weight else None
        # Numbers the question names (「1次公募」「2021年」) pick out one row among similar ones.
        q_numbers = {t for t in q if any(ch.isdigit() for ch in t)}
        out: list[Candidate] = []
        for hit in hits:
            chunk = hit.chunk
            info = self.analysis(chunk)
            sentences, tokens = info.sentences, info.tokens
            quoted_in_chunk = any(qt in chunk.search_text for qt in quoted)
            context = self.weight(q & info.chunk_tokens) / q_weight
            anchored = anchor is None or self.near_passages_hold(chunk, anchor)
            named = self.names_in_reach(chunk, names)
            # A passage that never names its subject continues the one before it (a slide cut in two).
            carried: frozenset[str] = frozenset()
            if topic and not topic & info.chunk_tokens:
                carried = self.chunk_tokens(prev) if (prev := self.previous(chunk)) is not None else frozenset()
            sims = info.vectors @ q_vector if q_vector is not None and info.vectors is not None else None
            for k, sent in enumerate(sentences):
                s_tokens = tokens[k]
                # Neighbouring sentences often carry the subject ("○KPI名" above its values).
                before = frozenset().union(*tokens[max(0, k - 2) : k])
                after = tokens[k + 1] if k + 1 < len(tokens) else frozenset()
                local = s_tokens | before
                # A name often comes first and what it is after it (「…」を発足。…地域シンクタンク。).
                focus_near = local | after if asks_name else local
                if focus:
                    # Word pieces also count as written: 「交通結節点」 may be cut 交通/結節/点 in one
                    # sentence and 交通/結/節点 in the question.
                    span = range(max(0, k - 2), min(len(sentences), k + (2 if asks_name else 1)))
                    near_text = "".join(sentences[j].clean for j in span)
                    seen = {t for t in focus if t in focus_near or (len(t) >= 2 and t in near_text)}
                    focus_share = self.weight(seen) / focus_weight
                else:
                    focus_share = 1.0
                heading_tokens = info.heading_tokens
                topic_share = self.weight(topic & (local | heading_tokens | carried)) / topic_weight if topic else 1.0
                overlap = self.weight(q & s_tokens) / q_weight
                near_overlap = self.weight(q & (local | after)) / q_weight
                # 「今どのくらい」: of 33% then and 82% now, the value after 現在.
                near_words = q | _NOW_WORDS if asks_now else q
                value = find_value(sent.clean, intent, near_words) if wants_value or intent.wants("place") else None
                if value and asks_now and re.search(r"現在|現時点", sent.clean):
                    score_now = 0.2
                else:
                    score_now = 0.0
                if value and _counts_something_else(sent.clean, value, acts):
                    value = None  # 「約3,000人の応募」 does not say how many were hired
                if value and asks_now and _is_target_value(sent.clean, value):
                    value = None  # 「今後10年間で1,000万人を目指す」 does not say how many there are now
                if _SOURCE_LINE.search(sent.clean):
                    value, score_bias = None, -0.5  # 「出典:…より作成」 names sources, never answers
                else:
                    score_bias = 0.0
                score = overlap + 0.35 * near_overlap + 0.35 * context + 0.15 / hit.rank + score_bias + score_now
                if focus and asks_in_words:
                    score += FOCUS_WEIGHT * focus_share  # near the words of the clause that asks
                if sims is not None:
                    score += self.semantic_weight * float(sims[k])
                if wants_value:
                    score += 0.3 if value else -0.25
                label = _LABEL.match(sent.clean) or _BRACKET_LABEL.match(sent.clean)
                if label:
                    # 「事業者:空知中央バス…」「全国平均:0.86」「【想定される経費】 高速道路料金」: a slide
                    # field named by the question's words.
                    label_tokens = set(tokenize(label.group(1))) - frame_tokens()
                    if label_tokens and label_tokens <= q:
                        score += 0.6
                if defined and _defines(sent.clean, defined):
                    score += 0.5  # 「※3基礎支出＝「食料費」＋…」 answers 「基礎支出」の内訳は
                if len(sent.clean) < 6:
                    score -= 0.3
                if q_numbers:
                    score += 0.2 if q_numbers & local else -0.1
                if quoted:
                    # A 「quoted」 name in the question must be where the answer is.
                    near_text = " ".join(sentences[j].clean for j in range(max(0, k - 2), k + 1))
                    score += 0.4 if any(qt in near_text for qt in quoted) else (-0.2 if not quoted_in_chunk else 0.0)
                out.append(
                    Candidate(
                        hit=hit,
                        sentence=sent,
                        score=score,
                        overlap=near_overlap,
                        context=context,
                        value=value,
                        focus=focus_share,
                        topic=topic_share,
                        anchored=anchored,
                        named=named,
                        line_start=sent.line_start,
                        line_end=sent.line_end,
                        quote=chunk.text[sent.start : sent.end],
                    )
                )
        out.sort(key=lambda c: -c.score)
        return out


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
