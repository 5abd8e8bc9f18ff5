"""Follow-up questions: carry the previous question's subject into retrieval.

「その目標値は？」 after 「新規高卒者管内企業就職率の進捗率は？」 is searched as
「新規高卒者管内企業就職率 その目標値は？」.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_POINTING = re.compile(
    r"^(?:その|それ|これ|この|あれ|同|当該|そこ|そちら|こちら|上記|前記|では|じゃあ|また|あと|で、)|(?:それ|その|これ|この)"
)
_QUESTION_TAIL = re.compile(
    r"(?:について)?(?:は|を|の|が)?(?:何|いつ|どこ|どの|どれ|どんな|いくら|いくつ|誰|なぜ|どう)[^、。]*[？?]?$"
)
_SHORT = 14
#: Words a chat user opens a new subject with: the question stands alone whatever it contains.
_SWITCH = re.compile(
    r"^\s*(?:話は変わ(?:ります|る)けど|話は変わ(?:ります|る)が|別件(?:です|だ)?が|別件で|ところで|さて)[、,]?\s*"
)
#: A record's fields and the question's framing: a follow-up made of these asks another field of the same subject.
_FIELD_WORDS = frozenset(
    "目標 目標値 基準 基準値 実績 実績値 進捗 進捗率 上限 補助 補助率 対象 経費 予算 期間 人数 件数 金額 額 名前 名称 "
    "場所 時期 日程 理由 目的 全国 今 現在 年度 内訳 数 方 何 いつ どこ 誰 いくら いくつ 場合 だと 方法 やり方 特典 期限".split()
)


def switches_topic(question: str) -> bool:
    """「話は変わりますが、…」「ところで…」: the user opens a new subject."""
    return bool(_SWITCH.search(question))


def _new_nouns(question: str, subject: str) -> set[str]:
    """Nouns of a follow-up that its subject does not hold and that name no field (「シルバーは？」 -> シルバー)."""
    from assistant.text.tokenizer import tokenize

    said = set(tokenize(subject))
    return {t for t in tokenize(question, nouns_only=True) if len(t) >= 2 and t not in said and t not in _FIELD_WORDS}


def frame_of(subject: str) -> str:
    """The subject without its focus, for a follow-up that names another item of the same kind.

    「ナスコンバレー協議会のゴールド会員の年会費」 -> 「ナスコンバレー協議会 年会費」 (then 「シルバーは？」);
    「関係人口のうち訪問系」 -> 「関係人口」 (then 「直接寄与型は？」); a clause before 「、」 is kept whole.
    """
    head, _, last = subject.rpartition("、")
    if "のうち" in last:
        parts = [last.split("のうち", 1)[0]]
    else:
        segments = [x for x in last.split("の") if x]
        parts = [segments[0], segments[-1]] if len(segments) >= 3 else segments
    return " ".join(p for p in [head, *parts] if p)


#: A run of kanji, katakana and Latin letters: how Japanese writes a name (制度名, 事業名, 地名).
#: Hiragana of two or three letters may sit inside a name (「地域おこし協力隊」), particles and endings may not.
_NAME_CHARS = r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9ー・.]"
_NAME_RUN = re.compile(
    rf"{_NAME_CHARS}+(?:(?!から|まで|など|ため|こと|もの|です|ます|での|には|では|への|との|より|する|した|して|って)"
    rf"[ぁ-ゖ]{{2,3}}{_NAME_CHARS}+)*"
)
_PLACE = re.compile(r"[\u3400-\u9fff]{1,4}[都道府県市町村区]|(?:^|[、。\s「])[ぁ-ゖ]{2,5}[市町村]")
#: A run this long names a subject of its own (「帯広圏デジタル化推進構想」, 「地域生活圏専門委員会」).
_NAME_MIN = 5


def names_nothing(question: str) -> bool:
    """No name of its own: no run of kanji/katakana as long as a name, and no place (「三豊市」)."""
    runs = _NAME_RUN.findall(question)
    return max((len(r) for r in runs), default=0) < _NAME_MIN and not _PLACE.search(question)


def is_follow_up(question: str) -> bool:
    """A question that points back (その, それ…), is too short to stand alone, or names nothing of its own."""
    q = question.strip()
    return bool(_POINTING.search(q)) or len(q) <= _SHORT or names_nothing(q)


def subject_of(question: str) -> str:
    """The previous question without its interrogative tail: what it was about."""
    q = question.strip().rstrip("？?。")
    subject = re.sub(r"(?:について|とは|って|は|を|が)$", "", _QUESTION_TAIL.sub("", q).strip())
    return subject or q


def resolve(question: str, history: Sequence[dict[str, str]] | None) -> str:
    """The query to retrieve with: the question, plus the last user question's subject for follow-ups.

    Example:
        >>> resolve("その目標値は？", [{"role": "user", "content": "新規高卒者管内企業就職率の進捗率は？"}])
        '新規高卒者管内企業就職率の進捗率 その目標値は？'
    """
    if switches_topic(question):
        return _SWITCH.sub("", question, count=1)
    if not history or not is_follow_up(question):
        return question
    previous = [m.get("content", "") for m in history if m.get("role") == "user" and m.get("content", "").strip()]
    if not previous:
        return question
    # If the last questions were follow-ups themselves, the subject comes from the last one that
    # stood alone (「…事業の補助率は？」「その対象は誰？」「それはいつまで？」「上限は？」).
    standalone = next(
        (i for i in range(len(previous) - 1, -1, -1) if switches_topic(previous[i]) or not is_follow_up(previous[i])),
        None,
    )
    if standalone is None or standalone == len(previous) - 1:
        subject = subject_of(_SWITCH.sub("", previous[-1], count=1))
        # A follow-up naming another item of the same kind keeps the subject's frame, not its focus.
        return f"{frame_of(subject) if _new_nouns(question, subject) else subject} {question}"
    # The latest follow-up says what is being discussed now, the standalone one what it is about.
    subject = subject_of(_SWITCH.sub("", previous[standalone], count=1))
    if _new_nouns(question, subject):
        return f"{frame_of(subject)} {question}"
    return f"{subject} {subject_of(previous[-1])} {question}"
