"""The one tokeniser: fugashi (MeCab + unidic-lite) with the forms KPI questions live on.

Used identically to index chunks, to query BM25, and to segment text for the static embedding
model. Text is cleaned (NFKC, OCR repairs), then numbers, rates, percentages and fiscal years are
taken out as canonical tokens before MeCab sees the rest:

    >>> tokenize("令和6年度の補助率は2/3以内、上限1,000万円")
    ['R6', '2024年', '補助', '率', '2/3', '以内', '上限', '1000', '万', '円']

Fiscal years are expanded to both eras so that R6, 令和６年度 and 2024年度 meet.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

from assistant.text.normalize import normalize

TOKENIZER_VERSION = "fugashi-unidic-lite/v4+bigram"

Mode = Literal["lemma", "surface"]

_DROP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白"})
_STOP = frozenset(
    "する ある いる なる れる られる こと もの よう ため 等 など これ それ この その あの 及び 並びに また "
    "おる 為る 成る 居る 有る 事 物 様 的 ところ とき 方".split()
)
_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_ERA_LETTER = {"令和": "R", "R": "R", "平成": "H", "H": "H", "昭和": "S", "S": "S"}
# One alternation, tried left to right: fiscal years, western years, rates, numbers, percent.
_SPECIAL = re.compile(
    r"(?P<era>(?P<era_name>令和|平成|昭和|(?<![A-Za-z])[RHS](?=\s?\d))\s?(?P<era_n>\d{1,2}|元)(?:年度|年)?)"
    r"|(?P<year>(?P<yyyy>(?:19|20)\d\d)\s?(?:年度|年))"
    r"|(?P<rate>\d+\s?/\s?\d+)"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<pct>%)"
)

# Words the documents and officials write in more than one way, read as one (both at indexing and
# at query time, as every caller goes through tokenize()).
_SAME_WORD = (
    (re.compile(r"地方公共団体|地方自治体"), "自治体"),
    (re.compile(r"国交省"), "国土交通省"),
    (re.compile(r"高卒"), "高校卒業"),
    (re.compile(r"大卒"), "大学卒業"),
    (re.compile(r"空家"), "空き家"),
)


def same_words(text: str) -> str:
    """``text`` with each word written in more than one way in its one form (地方公共団体 -> 自治体)."""
    for pattern, word in _SAME_WORD:
        text = pattern.sub(word, text)
    return text


_same_words = same_words


_tagger_lock = threading.Lock()
_tagger_instance = None
_local = threading.local()  # .tagger: own tagger (`private_tagger`); .cache: `token_cache`

#: Tokens an index build stored for texts it tokenised (`remember`): (text, mode, nouns_only) -> tokens.
_known: dict[tuple[str, Mode, bool], tuple[str, ...]] = {}
#: Above this many texts the remembered ones are forgotten (builds published one after another add theirs).
KNOWN_MAX = 500_000


def _tagger():
    # One tagger per process, created on first use: each maps the whole unidic-lite dictionary,
    # so one per server thread multiplied the memory. MeCab is not thread-safe; callers hold the lock.
    global _tagger_instance
    if _tagger_instance is None:
        import fugashi

        _tagger_instance = fugashi.Tagger()
    return _tagger_instance


def _year_tokens(era: str | None, n: int | None, yyyy: int | None) -> list[str]:
    if era is not None and n is not None:
        letter = _ERA_LETTER[era]
        yyyy = _ERAS[era] + n
        return [f"{letter}{n}", f"{yyyy}年"]
    assert yyyy is not None
    out = [f"{yyyy}年"]
    if 2019 <= yyyy <= 2035:
        out.append(f"R{yyyy - 2018}")
    elif yyyy >= 1989:
        out.append(f"H{yyyy - 1988}")
    return out


def _special_tokens(m: re.Match[str]) -> list[str]:
    if m.group("era"):
        raw_n = m.group("era_n")
        return _year_tokens(m.group("era_name"), 1 if raw_n == "元" else int(raw_n), None)
    if m.group("year"):
        return _year_tokens(None, None, int(m.group("yyyy")))
    if m.group("rate"):
        return [re.sub(r"\s", "", m.group("rate"))]
    if m.group("num"):
        return [m.group("num").replace(",", "")]
    return ["%"]


@contextmanager
def private_tagger() -> Iterator[None]:
    """Tokenise in this thread with a tagger of its own instead of the shared one behind the lock.

    For loading an index build while requests are served: the loader would otherwise queue for the
    lock behind every request (the lock is not fair, so a load took minutes at concurrency 32).
    A tagger costs a few MB and milliseconds (the dictionary is memory-mapped); this one is dropped
    on exit. Tokens are the same as the shared tagger's.
    """
    import fugashi

    previous = getattr(_local, "tagger", None)
    _local.tagger = fugashi.Tagger()
    try:
        yield
    finally:
        _local.tagger = previous


@contextmanager
def token_cache() -> Iterator[None]:
    """Remember, in this thread, the tokens of every MeCab segment tokenised until exit.

    For the index build, whose passes (BM25 words, model vocabulary, passage embeddings, warm-up
    terms) tokenise the same text up to four times. A segment is the exact string MeCab is given
    (normalised text between numbers), so a cached answer is the one MeCab would give again:
    tokens are identical with or without the cache. Nested use shares the outer cache; it is
    dropped when the outermost exits.
    """
    if getattr(_local, "cache", None) is not None:
        yield
        return
    _local.cache = _TokenCache()
    try:
        yield
    finally:
        _local.cache = None


class _TokenCache:
    """Segment -> tokens, with one copy of each token string (a big build has millions of tokens)."""

    def __init__(self) -> None:
        self.segments: dict[tuple[str, Mode, bool], tuple[str, ...]] = {}
        self.strings: dict[str, str] = {}
        self.hits = 0
        self.misses = 0


def cache_stats() -> dict[str, int] | None:
    """Hits, misses and distinct segments of this thread's `token_cache` (None outside one)."""
    cache = getattr(_local, "cache", None)
    if cache is None:
        return None
    return {"hits": cache.hits, "misses": cache.misses, "segments": len(cache.segments)}


def _mecab_tokens(text: str, mode: Mode, nouns_only: bool = False) -> list[str]:
    cache = getattr(_local, "cache", None)
    if cache is None:
        return _tag(text, mode, nouns_only)
    key = (text, mode, nouns_only)
    got = cache.segments.get(key)
    if got is None:
        strings = cache.strings
        got = tuple([strings.setdefault(t, t) for t in _tag(text, mode, nouns_only)])
        cache.segments[key] = got
        cache.misses += 1
    else:
        cache.hits += 1
    return list(got)


def _tag(text: str, mode: Mode, nouns_only: bool) -> list[str]:
    return _parsed(text, lambda words: _read_tokens(words, mode, nouns_only))


def _parsed(text: str, read: Callable[[Any], list[str]]) -> list[str]:
    """``read`` over MeCab's nodes for ``text``: this thread's own tagger, or the shared one under its lock."""
    own = getattr(_local, "tagger", None)
    if own is not None:  # only this thread uses it: no lock
        return read(own(text))
    with _tagger_lock:  # the nodes point into the tagger's buffers: read them under the lock too
        return read(_tagger()(text))


def _read_tokens(words, mode: Mode, nouns_only: bool) -> list[str]:
    out = []
    words = list(words)
    for k, word in enumerate(words):
        feat = word.feature
        if feat.pos1 in _DROP_POS:
            continue
        if nouns_only and not (feat.pos1 == "名詞" and feat.pos2 in ("普通名詞", "固有名詞")):
            continue
        if nouns_only and feat.pos3 == "サ変可能" and k + 1 < len(words) and words[k + 1].feature.lemma == "為る":
            continue  # 「計上された」「設立した」: a verbal noun used as the verb is the predicate, not a thing
        surface = word.surface
        if feat.pos1 == "記号" and not surface.isalnum():
            continue
        form = surface
        if mode == "lemma" and feat.lemma and feat.lemma != "*":
            form = feat.lemma.split("-", 1)[0]
        form = form.lower()
        if form in _STOP or surface in _STOP:
            continue
        out.append(form)
    return out


def remember(text: str, tokens: Iterable[str], mode: Mode = "lemma", nouns_only: bool = False) -> None:
    """Take ``tokens`` as what `tokenize` gives for ``text``: a build stored them, so serving need not run MeCab.

    A follow-up's checks read the nouns of every sentence of the passages retrieved for it; a build stores
    them with the passage's analysis (`assistant.ingest.analysis`), and reading a passage remembers them.
    """
    if len(_known) >= KNOWN_MAX:
        _known.clear()
    _known[(text, mode, nouns_only)] = tuple(tokens)


def tokenize(text: str, mode: Mode = "lemma", nouns_only: bool = False) -> list[str]:
    """Tokens of ``text`` for BM25 and the static embedding model (see module docstring).

    ``nouns_only`` keeps just common and proper nouns (in the same forms), for the answerer's
    check that an extracted value is about what was asked.
    """
    if getattr(_local, "cache", None) is not None:
        # An index build's `token_cache` shares MeCab segments across its passes, which tokenise
        # different strings: it supersedes the whole-text cache below (meant for serving).
        return _tokenize(text, mode, nouns_only)
    known = _known.get((text, mode, nouns_only))
    if known is not None:
        return list(known)
    return list(_tokenize_cached(text, mode, nouns_only))


@functools.lru_cache(maxsize=4096)
def _tokenize_cached(text: str, mode: Mode, nouns_only: bool) -> tuple[str, ...]:
    """The same texts come back on every answer (the cited passages and their sentences, for the
    confidence features and the sentence scorer): tokenising them once cut an answer's CPU time
    from about 24 to 13-15 ms with questions never seen before. Thread-safe; a hit takes no lock."""
    return tuple(_tokenize(text, mode, nouns_only))


#: A counter after a number before the colloquial って (「第3回って」「2通って」): MeCab reads 回っ as the verb 回る.
_COUNTER_TE = re.compile(r"(?<=\d)([\u4e00-\u9fff])(?=って)")


def _tokenize(text: str, mode: Mode, nouns_only: bool) -> list[str]:
    # A space keeps the counter a noun (回, not 回る): the passages write 「第3回」 and a question must match them.
    text = _COUNTER_TE.sub(r"\1 ", _same_words(normalize(text)))
    tokens: list[str] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        if m.start() > pos:
            tokens.extend(_mecab_tokens(text[pos : m.start()], mode, nouns_only))
        if not nouns_only:
            tokens.extend(_special_tokens(m))
        pos = m.end()
    if pos < len(text):
        tokens.extend(_mecab_tokens(text[pos:], mode, nouns_only))
    return tokens


_NOT_WORD = re.compile(r"[\s\W_]+")


def char_bigrams(text: str) -> list[str]:
    """Character bigrams of the cleaned text (punctuation and spaces removed).

    The second BM25 field: it matches compounds that MeCab segments differently in the question
    and in the passage (高卒 / 高校卒業, 耕作面積 / 耕作の面積).

    Example:
        >>> char_bigrams("補助率、2/3")
        ['補助', '助率', '率2', '23']
    """
    t = _NOT_WORD.sub("", normalize(text))
    return [t[i : i + 2] for i in range(len(t) - 1)]


def tokenize_many(texts: list[str], mode: Mode = "lemma") -> list[list[str]]:
    """Tokenise a batch (same function, for indexing)."""
    return [tokenize(t, mode) for t in texts]


def proper_nouns(text: str) -> list[str]:
    """The proper nouns of ``text`` as written (unidic's 固有名詞: places, people, organisations), runs joined.

    「砂川自動車学校」 is one run (固有名詞 + 普通名詞 suffixes are joined while a run is open), so a name
    is read whole; normalised text in, surfaces out.
    """
    return _parsed(normalize(text), _proper_runs)


def named_kinds(text: str) -> list[tuple[str, str]]:
    """Each proper noun of ``text`` with unidic's kind of name: 人名 (a person), 地名 (a place) or 一般."""
    return _parsed(normalize(text), _kinds)


def _kinds(words) -> list[tuple[str, str]]:
    return [(w.surface, w.feature.pos3) for w in words if w.feature.pos1 == "名詞" and w.feature.pos2 == "固有名詞"]


def _proper_runs(words) -> list[str]:
    runs: list[str] = []
    current = ""
    for word in words:
        feat = word.feature
        if feat.pos1 == "名詞" and feat.pos2 == "固有名詞":
            current += word.surface
        elif current and feat.pos1 in ("名詞", "接尾辞") and feat.pos2 != "数詞":
            current += word.surface  # 「岩見沢」+「農業」+「高等」+「学校」
        else:
            if current:
                runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


#: A time word (毎年, 当日, 今回, 現在): not 「1社あたり」, which says per what a figure is given.
_TIME_CHAR = re.compile(r"[年月日週回時今毎当昨前後先現]")


def adverbial_nouns(text: str) -> frozenset[str]:
    """The nouns of ``text`` used as adverbs of time (毎年, 当日, 今回), in `tokenize`'s forms: when, not what."""
    text = _same_words(normalize(text))
    return frozenset(_parsed(text, _adverbial))


def _adverbial(words) -> list[str]:
    out = []
    words = list(words)
    for i, w in enumerate(words):
        feat = w.feature
        nxt = words[i + 1] if i + 1 < len(words) else None
        # Before の or another noun it says which thing (当初予算, 今後の予定), not when: it stays a content word.
        if nxt is not None and (nxt.surface == "の" or nxt.feature.pos1 == "名詞"):
            continue
        if feat.pos1 == "名詞" and feat.pos3 == "副詞可能" and _TIME_CHAR.search(w.surface):
            form = feat.lemma.split("-", 1)[0] if feat.lemma and feat.lemma != "*" else w.surface
            out.append(form.lower())
    return out


def tagged(text: str) -> list[tuple[str, str, str, str, str]]:
    """MeCab's words of ``text`` as given (not normalised, so surfaces are verbatim): surface, pos1-3, lemma."""
    return _parsed(text, _word_tags)


def _word_tags(words) -> list[tuple[str, str, str, str, str]]:
    return [(w.surface, w.feature.pos1, w.feature.pos2, w.feature.pos3, w.feature.lemma or "") for w in words]
