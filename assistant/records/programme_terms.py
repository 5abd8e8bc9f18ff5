"""Named policies the corpus speaks of only in prose, found by corpus-level term recognition.

Some policies, measures and concepts carry no scheme word (事業, 制度, 計画) and no quotes: 「…の推進」 is said
of a coined name the documents use again and again, 「X の推進」「X を活用」「X や Y の創出等を推進」「X に取り組む」.
A term is a noun compound (MeCab/unidic words: nouns, their suffixes and prefixes, and a loanword tagged as an
adjectival noun right before a noun, 「スマート農業」) that

* is the object of a policy noun or verb at least once (推進, 活用, 創設, 導入, 展開, 普及, 促進, 形成 …), directly
  or as a member of a や／及び list that ends in one;
* recurs: in two or more documents and in two or more different sentences (one sentence a document copies from
  another does not count twice);
* looks coined rather than descriptive: it holds kana or Latin letters (a loanword, a hiragana word) or a type
  suffix 型／版 (「X型Y」); an all-kanji compound of common nouns is a description of an activity or a field
  (人材育成, 地域資源), which the documents use as often as they use names, so it is left out;
* does not end in a generic head (技術, 支援, 事業, 効果 …: see ``_GENERIC_HEADS``) and is not already a record.

A term recognised so is a programme in each document that writes it as a compound of its own (not inside a
longer one), read at the first sentence there that acts on it, else its first mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.text.normalize import compact
from assistant.text.tokenizer import tagged

from .make import programme_record
from .models import ProgrammeRecord

Word = tuple[str, str, str, str, str]  # surface, pos1, pos2, pos3, lemma

# The policy nouns and verbs whose object is a policy: 「Xの推進」「Xを活用」「Xの創出等を推進」.
_POLICY = frozenset("推進 活用 創設 導入 拡充 展開 普及 促進 実現 形成 創出 構築 強化 整備 取組 取り組み".split())
_TAKES_UP = frozenset({"取り組む", "取組む"})  # 「Xに取り組む」
# Words that close a list before its policy noun is reached: the clause has moved on.
_CLAUSE_END = frozenset({"。", "、", "が", "は", "で", "に", "と"})
# Heads that make a compound a kind of thing, not a name: 「デジタル技術」「マッチング支援」「地域づくり事業」
# (a scheme word with no name before it is the scheme readers' business), 「シナジー効果」「空き家問題」「主な施策」
# 「ポータルサイト」「サービス提供」「拠点づくり」; a word for a kind of body, base or practice is one too
# (「官民プラットフォーム」「データ連携基盤」「地域マネジメント」「オープンイノベーション」): a named one has the
# bodies readers' quotes.
_GENERIC_HEADS = frozenset(
    "技術 支援 事業 効果 問題 施策 サイト 提供 づくり 取組 活動 分野 人材 主体 機関 団体 基盤 "
    "プラットフォーム マネジメント イノベーション ネットワーク サービス システム".split()
)
# A demonstrative is no part of a name: 「そんな拠点」; an adjectival one is: 「小さな拠点」.
_DEMONSTRATIVE = frozenset({"こんな", "そんな", "あんな", "どんな", "様々な", "いろんな", "大きな"})
_COINED = re.compile(r"[\u3040-\u309f\u30a0-\u30ffA-Za-zＡ-Ｚａ-ｚ]|[型版]")
_MARGIN = re.compile(r"^\s*[0-9０-９]+\s+")  # a report's margin line number: 「12\t…」
_LOANWORD = re.compile(r"^[\u30a0-\u30ffーA-Za-zＡ-Ｚａ-ｚ]+$")  # katakana or Latin only: a borrowed word


@dataclass
class _Term:
    """What the corpus says of one compound: where it stands, where it is acted on, in which sentences."""

    places: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    acted: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    sentences: set[str] = field(default_factory=set)
    words: tuple[Word, ...] = ()


def _part(word: Word, first: bool) -> bool:
    surface, pos1, pos2, _, _ = word
    if pos1 == "名詞":
        return pos2 != "数詞"
    if pos1 == "接尾辞":
        return not first and pos2 == "名詞的" and surface not in ("等", "など")
    if pos1 == "接頭辞":
        return True
    return first and pos1 == "連体詞" and surface.endswith("な") and surface not in _DEMONSTRATIVE


def _loan_modifier(words: Sequence[Word], i: int) -> bool:
    """A loanword MeCab tags as an adjectival noun (形状詞) right before a noun opens or continues the compound.

    unidic tags スマート, グローバル, クリーン, シームレス… as 形状詞, so 「スマート農業」「グローバル人材」 were read as
    「農業」「人材」; written with な (「スマートな農業」) the word is an adjective of the sentence, not part of a name.
    """
    surface, pos1 = words[i][0], words[i][1]
    following = words[i + 1] if i + 1 < len(words) else None
    return pos1 == "形状詞" and bool(_LOANWORD.match(surface)) and following is not None and following[1] == "名詞"


def compounds(words: Sequence[Word]) -> list[tuple[int, int]]:
    """The maximal noun compounds of a line's words, as (start, end) word indices."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, word in enumerate(words):
        if _part(word, start is None) or _loan_modifier(words, i):
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(words)))
    return runs


def acted_on(words: Sequence[Word], end: int) -> bool:
    """The words after a compound make it a policy's object: 「の推進」「を活用」「に取り組む」「や Y の創出等を推進」."""
    after = [w[0] for w in words[end : end + 16]]
    if len(after) >= 2 and after[0] in ("の", "を") and after[1] in _POLICY:
        return True
    if len(after) >= 2 and after[0] == "に" and words[end + 1][4] in _TAKES_UP:
        return True
    if after and after[0] in ("や", "及び", "・"):
        for j in range(1, len(after) - 1):
            if after[j] in _CLAUSE_END:
                return False
            if after[j] in ("の", "を") and after[j + 1] in _POLICY:
                return True
    return False


def looks_coined(words: Sequence[Word]) -> bool:
    """A name, not a description: two or more words, kana, Latin or a type suffix, no generic head or activity."""
    term = "".join(w[0] for w in words)
    if len(words) < 2 or len(term) < 4 or words[-1][0] in _GENERIC_HEADS:
        return False
    return bool(_COINED.search(term))


def _survey(documents: Sequence[tuple[str, list[str]]]) -> dict[str, _Term]:
    terms: dict[str, _Term] = defaultdict(_Term)
    for doc, lines in documents:
        for n, line in enumerate(lines, 1):
            words = tagged(line)
            for start, end in compounds(words):
                name = "".join(w[0] for w in words[start:end])
                if name not in line or not looks_coined(words[start:end]):
                    continue  # a name broken by a space is not verbatim
                term = terms[name]
                term.words = tuple(words[start:end])
                term.places[doc].append(n)
                term.sentences.add(compact(_MARGIN.sub("", line)))
                if acted_on(words, end):
                    term.acted[doc].append(n)
    return terms


def _recognised(term: _Term) -> bool:
    return bool(term.acted) and len(term.places) >= 2 and len(term.sentences) >= 2


def _known(name: str, records: Iterable[ProgrammeRecord]) -> bool:
    key = compact(name)
    for r in records:
        for other in (r.name, *r.variants):
            o = compact(other)
            if o and (key in o or o in key):
                return True
    return False


def extract_policy_terms(
    documents: Sequence[tuple[str, list[str]]], records: Sequence[ProgrammeRecord]
) -> list[ProgrammeRecord]:
    """A record per document for each recognised term the records of that document do not already name."""
    by_doc: dict[str, list[ProgrammeRecord]] = defaultdict(list)
    for r in records:
        for s in r.sources:
            by_doc[s.doc].append(r)
    texts = dict(documents)
    found: list[ProgrammeRecord] = []
    for name, term in sorted(_survey(documents).items()):
        if not _recognised(term):
            continue
        for doc, places in sorted(term.places.items()):
            if _known(name, by_doc[doc]):
                continue
            n = (term.acted.get(doc) or places)[0]
            found.append(programme_record(doc, texts[doc], n, n, name=name, summary=texts[doc][n - 1].strip()))
    return found
