"""What a question asks for: the kind of value (amount, rate, count, date…) and the answer kind.

Shared by the re-ranker (passages holding the asked-for kind of value rank higher) and the
answerer (which extracts that value).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from assistant.question.rules import asks
from assistant.text.normalize import normalize, without_quotes
from assistant.types import AnswerKind

# Patterns over *normalised* text (NFKC: ％ -> %, full-width digits -> ASCII).
# Not inside a code such as R2, H17 or 1.5.2: a value starts its own number.
NUM = r"(?<![A-Za-z\d.,])\d[\d,]*(?:\.\d+)?"
# A ratio as written with its parties (「官:民=1:9」) or with 対 (「7対3」); a bare 「13:30」 is a time, not this.
RATIO = r"[^\s、。:=()]{1,4}\s?:\s?[^\s、。:=()]{1,4}\s?=\s?\d+\s?:\s?\d+|\d+\s?対\s?\d+"
# Tenths (割), read whole: 「10割」 is all of it, not 「0割」.
WARI = r"(?<![\d.])(?:10|\d)\s?割|[一二三四五六七八九十]割"
VALUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(rf"{NUM}\s?(?:兆|億|千万|百万|万|千)?円"),
    "rate": re.compile(rf"{RATIO}|\d+\s?/\s?\d+(?:\s?以内)?|定額|\d+(?:\.\d+)?\s?%|{WARI}"),
    "cap": re.compile(
        rf"上限(?:総額)?\s?{NUM}\s?(?:億|千万|百万|万|千)?円|{NUM}\s?(?:億|千万|百万|万|千)?円\s?(?:を上限|以内|まで)"
    ),
    "count": re.compile(
        rf"{NUM}\s?(?:万|千|百)?(?:人|名|件|社|カ所|ヵ所|ケ所|か所|箇所|団体|回|機|言語|地点|地区|km|ha|施設|校|市町村|市町|世帯|者|倍|個分|つ)"
    ),
    "percent": re.compile(rf"{RATIO}|{NUM}\s?%|約?(?:{WARI})"),
    "date": re.compile(
        r"(?:(?:令和|平成|昭和)\s?(?:\d+|元)\s?年(?:度)?(?:\s?\d+\s?月)?(?:\s?\d+\s?日)?|[RH]\s?\d+(?:\.\d+)*(?:/\d{1,2}){0,2}|"
        r"(?:19|20)\d\d\s?(?:\((?:令和|平成|昭和)\s?(?:\d+|元)\)\s?)?年(?:度)?(?:\s?\d+\s?月)?(?:\s?\d+\s?日)?|\d+\s?月\s?\d+\s?日|\d+\s?月(?:頃|末)?"
        r")(?:\s?\([月火水木金土日]\))?(?:末|頃|初頭|中|以降|まで|目途)*(?:頃)?"
    ),
    # 「どのくらい」「いくつ」 with no counter: any number, with its unit when it has one.
    "quantity": re.compile(
        rf"(?:約|およそ|全)?\s?{NUM}\s?(?:兆|億|千万|百万|万|千|百)?\s?(?:円|人|名|件|社|カ所|か所|箇所|団体|回|機|言語|地点|地区|km|ha|%|倍|割|世帯|校|施設|つ|個|"
        r"圏域|か国|カ国|都市|地域|事業|部会|市町村|町村|自治体|法人|拠点|者|歳|位|年間|か月|ヶ月)"
        r"|(?:約|およそ)?(?:過半数|半数|大半|半分|\d+分の\d+)(?:以上|近く|程度|強|弱)?"
        # A span of years or months said as one (「今後3~5年程度」「2年以内」): never a calendar year.
        r"|(?:今後|約)?(?<![\d.A-Za-z和成])\d{1,2}\s?(?:[~～〜\-]\s?\d{1,2}\s?)?(?:年|か月|ヶ月|カ月)(?:程度|以内|ほど|前後)"
        r"|(?:今後|約)?(?<![\d.A-Za-z和成])\d{1,2}\s?[~～〜\-]\s?\d{1,2}\s?(?:年|か月|ヶ月|カ月)(?:間)?(?![度\d])"
        # A bare decimal, but not a figure or table number (「3.3図」「表2.1」), nor a name's version (「地方創生2.0」
        # 「Society5.0」: N.0 right after a word, not after a particle (「倍率は2.0」); 「34.0%」「1.0万人」 carry their units).
        r"|(?<![\d.表図])\d+\.(?!0(?!\d))\d+(?![\d.]|\s?[図表])"
        r"|(?<![\d.表図\u30a0-\u30ff\u4e00-\u9fffA-Za-z])\d+\.0(?![\d.]|\s?[図表])"
    ),
    # The next label may follow without a space: normalize() joins Japanese words.
    "place": re.compile(
        r"(?:場所|会場|開催地|所在地|開催場所)\s?[:：]\s?([^、。:：|]+?)"
        r"(?=\s?(?:概要|開催日?|日時|参加者?|主催|内容)\s?[:：]|[、。|]|$)"
    ),
}

PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|新潟県|富山県|"
    "石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|"
    "岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
#: A municipality written with its prefecture (「島根県松江市」「北海道大樹町」「長野県北佐久郡軽井沢町」): where a case
#: or facility is, as a sentence names it or a case-study slide's title labels it (「自動運転バス(茨城県境町)」). The
#: prefecture keeps it from matching any word ending in 町 or 市; the shortest town name is taken (「福島県南相馬市・浪江町」
#: gives the first). Not an ordinary phrase after a prefecture: 「東京都市町村」「北海道の町村」「北海道内の市町村」
#: 「千葉県の各市」「神奈川県の都市部」「静岡県の町並み」「大分県の朝市」.
MUNICIPALITY = re.compile(
    rf"((?:{PREFECTURES})\s?(?:[一-龥]{{1,4}}郡)?(?![のな内全各]|都市|市町|町村)(?:(?!の)[一-龥ぁ-んァ-ヶー]){{1,6}}?"
    r"(?:市|町|村|区)(?![町村部並]))"
)
_PREFECTURE = re.compile(rf"^(?:{PREFECTURES})\s?(?:[一-龥]{{1,4}}郡)?")


def town_named(town: str, question: str) -> bool:
    """Whether ``question`` already names ``town`` (with or without its prefecture): then it is not the answer."""
    q = re.sub(r"\s", "", question)
    bare = _PREFECTURE.sub("", town)
    return re.sub(r"\s", "", town) in q or (len(bare) >= 2 and bare in q)


_VALUE_ASKS = ("amount", "rate", "cap", "count", "percent", "date", "quantity", "definition", "reason", "place", "who")
_ANSWER_KINDS: tuple[AnswerKind, ...] = ("kpi", "eligibility", "budget", "programme")


@dataclass(frozen=True)
class QueryIntent:
    """The kinds of value a question asks for and the kind of answer it wants."""

    text: str  # normalised question
    value_kinds: tuple[str, ...]
    answer_kind: AnswerKind

    def wants(self, kind: str) -> bool:
        return kind in self.value_kinds


def analyze(question: str) -> QueryIntent:
    """Classify a question.

    Example:
        >>> analyze("共同配送推進事業の補助率と上限は？").value_kinds
        ('rate', 'cap')
    """
    text = normalize(question)
    # Words inside 「」 name something (「日本最大の…拠点」): they are not what is asked.
    unquoted = without_quotes(text)
    kinds = tuple(k for k in _VALUE_ASKS if asks(k, unquoted))
    answer_kind: AnswerKind = next((k for k in _ANSWER_KINDS if asks(f"kind_{k}", text)), "general")
    return QueryIntent(text=text, value_kinds=kinds, answer_kind=answer_kind)


@functools.lru_cache(maxsize=16384)
def has_value(text: str, kind: str) -> bool:
    """Whether normalised ``text`` holds a value of ``kind`` (amount, rate, count, …).

    Kept per (text, kind): the re-ranker asks it of the same passages on every query."""
    pattern = VALUE_PATTERNS.get(kind)
    return bool(pattern and pattern.search(text))
