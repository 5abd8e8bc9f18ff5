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


def is_follow_up(question: str) -> bool:
    """A question that points back (その, それ…) or is too short to stand alone."""
    q = question.strip()
    return bool(_POINTING.search(q)) or len(q) <= _SHORT


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
    if not history or not is_follow_up(question):
        return question
    previous = [m.get("content", "") for m in history if m.get("role") == "user" and m.get("content", "").strip()]
    if not previous:
        return question
    # If the last questions were follow-ups themselves, the subject comes from the last one that
    # stood alone (「…事業の補助率は？」「その対象は誰？」「それはいつまで？」「上限は？」).
    standalone = next((i for i in range(len(previous) - 1, -1, -1) if not is_follow_up(previous[i])), None)
    if standalone is None or standalone == len(previous) - 1:
        return f"{subject_of(previous[-1])} {question}"
    # The latest follow-up says what is being discussed now, the standalone one what it is about.
    return f"{subject_of(previous[standalone])} {subject_of(previous[-1])} {question}"
