"""Names written in a text: proper nouns, quoted names, Latin names, and 〜市/〜大学-style names; people and places."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from assistant.text.normalize import compact, normalize
from assistant.text.tokenizer import named_kinds, proper_nouns

#: Era names are tagged 固有名詞 but name a year, not a place, person or body.
_ERAS = frozenset({"令和", "平成", "昭和", "大正", "明治"})
_QUOTED = re.compile(r"[「『]([^」』]{2,40})[」』]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]{2,}(?:\s[A-Z][A-Za-z0-9&.\-]*)*")
#: Latin acronyms and common English words that name a kind of thing, not one body or place (「WEBサイト」).
_GENERIC_LATIN = frozenset(
    {
        "KPI",
        "SNS",
        "ICT",
        "NPO",
        "PDCA",
        "EBPM",
        "DX",
        "GX",
        "AI",
        "IT",
        "PR",
        "PF",
        "WG",
        "WEB",
        "WELLBEING",
        "WELL-BEING",
    }
)
_GENERIC = frozenset(
    {"市町村", "都道府県", "区市町村", "自治体", "高等学校", "小学校", "中学校", "高校", "大学", "学校", "株式会社"}
)
#: A run of kanji/katakana ending in what names a place or a body (砂川自動車学校, 株式会社メディアドゥ).
_SUFFIXED = re.compile(
    r"(?:株式会社|一般社団法人|公益財団法人|NPO法人)[\u30a0-\u30ff\u4e00-\u9fffA-Za-z]{1,20}"
    r"|[\u30a0-\u30ff\u4e00-\u9fff]{1,20}?(?:大学|高校|高等学校|学校|高専|会社|協議会|法人|銀行|組合|財団|機構|"
    r"研究所|センター|省|庁)"
    # One-character place suffixes need two characters before them (都市, 各市 are not names) and are not
    # the start of another word (市場, 町内, 県民).
    r"|[\u30a0-\u30ff\u4e00-\u9fff]{2,8}?(?:都|道|府|県|市|町|村|区|島)(?![場民内長議役政街立営有外市町村道府県])"
)


@functools.lru_cache(maxsize=4096)  # MeCab over a passage's lead is ~0.7 ms, and one passage leads many answers
def names_in(text: str) -> frozenset[str]:
    """The names ``text`` writes, normalised (a place, a person, a body, a titled work)."""
    body = normalize(text)
    found = {n for n in proper_nouns(body) if n not in _ERAS and len(n) >= 2}
    found.update(m.group(1) for m in _QUOTED.finditer(body))
    found.update(m.group(0) for m in _LATIN.finditer(body) if m.group(0).upper() not in _GENERIC_LATIN)
    # 「拠点都市」「中核都市」: 都市 is a kind of city, not 〜都 + 市.
    # A list's separator opening a match (「札幌市・小樽市」 -> 「・小樽市」) is not part of the name.
    found.update(m.group(0).lstrip("・") for m in _SUFFIXED.finditer(body) if not m.group(0).endswith("都市"))
    return frozenset(found - _GENERIC)


def new_names(text: str, question: str) -> set[str]:
    """The names in ``text`` that the question does not already write (what an answer could name)."""
    return new_of_kind(names_in(text), question)


#: 「山田太郎氏」「佐藤さん」: a person written with an honorific, whatever the dictionary knows of the name.
_HONOURED = re.compile(r"[\u4e00-\u9fff]{2,5}\s?(?:氏|さん|様)")
#: A name that ends in a place's suffix (青葉市, 港町, 緑島) names a place.
PLACE_END = re.compile(r"(?:都|道|府|県|市|町|村|区|島)$")


@functools.lru_cache(maxsize=4096)
def people_in(text: str) -> frozenset[str]:
    """The people ``text`` names: unidic's person names (姓, 名) and names written with 氏/さん/様."""
    body = normalize(text)
    found = {s for s, kind in named_kinds(body) if kind == "人名"}
    found.update(m.group(0) for m in _HONOURED.finditer(body))
    return frozenset(found)


@functools.lru_cache(maxsize=4096)
def places_in(text: str) -> frozenset[str]:
    """The places ``text`` names: unidic's place names and names ending in 都道府県市町村区島."""
    body = normalize(text)
    found = {s for s, kind in named_kinds(body) if kind == "地名" and s not in _ERAS}
    found.update(n for n in names_in(body) if PLACE_END.search(n))
    return frozenset(found)


def new_of_kind(found: frozenset[str], question: str) -> set[str]:
    """The names in ``found`` (any kind) that the question does not already write."""
    q = normalize(question)
    # A short name the question writes without its last character (「雨煙別」 for 「雨煙別町」) is written already.
    return {n for n in found if n not in q and not (len(n) >= 3 and n[:3] in q and len(n) <= 4)}


#: A name ending in a plan's, a programme's or a document's kind (「…推進構想」「…事業」), or glued to an act
#: (「…村主催」「…設立」), names no body: it cannot answer 「どこの大学」「どの企業」「団体の名前」.
_NOT_A_BODY = re.compile(r"(?:構想|計画|事業|制度|プロジェクト|方針|戦略|主催|開催|設立|参加|提供|作成)$")


def bodies_in(text: str) -> frozenset[str]:
    """The bodies ``text`` names: its names that are neither places nor plans, programmes or acts."""
    return frozenset(n for n in names_in(text) - places_in(text) if not _NOT_A_BODY.search(n))


#: The katakana or Latin run just before a place, and the ``・`` between them (U+30FB is outside the run's class).
_RUN_BEFORE = re.compile(r"([\u30a1-\u30faー\u30fc-\u30ffA-Za-z]+)(・?)$")


def _foreign_tail(body: str, start: int, place: str, places: frozenset[str]) -> bool:
    """Whether the place at ``body[start:]`` is the tail of a katakana or Latin name (「ユニリーバ・ジャパン」).

    A run that is itself a place is a list (「カナダ・メキシコ」); a run glued to the place with no ``・`` is a
    company's only when the tokenizer reads the two as one proper noun (「トヨタ東京」, but 「サテライトオフィス神山町」
    writes a facility word, then the town).
    """
    m = _RUN_BEFORE.search(body[max(0, start - 30) : start])
    if m is None:
        return False
    run = m.group(1)
    if run in places or run in places_in(body):
        return False
    return bool(m.group(2)) or any(run[-1] + place in n for n in proper_nouns(body))


def standalone_places(places: frozenset[str], text: str) -> frozenset[str]:
    """The ``places`` that ``text`` writes at least once on their own, not as the tail of a foreign name."""
    body = normalize(text)
    return frozenset(
        p
        for p in places
        if any(not _foreign_tail(body, m.start(), p, places) for m in re.finditer(re.escape(p), body)) or p not in body
    )


#: A name shorter than this is a word, not a name: 「事業」 inside a question says nothing of which one.
_MIN_WRITTEN_NAME = 4


def writes_a_name(names: Iterable[str], text: str) -> bool:
    """Whether ``text`` writes one of ``names`` whole (NFKC, spaces aside; names of four characters or more)."""
    t = compact(normalize(text))
    return any(len(n) >= _MIN_WRITTEN_NAME and n in t for n in (compact(normalize(x)) for x in names if x))
