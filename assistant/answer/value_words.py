"""The words a candidate value's neighbourhood is matched against, from the question (or the turn as typed)."""

from __future__ import annotations

from assistant.answer.values import NOW_WORDS
from assistant.question.kinds import QueryIntent
from assistant.question.rules import asks
from assistant.question.words import content_tokens


def asks_what_is_now(intent: QueryIntent) -> bool:
    """「現在何人が登録」 asks what is, not what is aimed at."""
    return asks("now", intent.text) and not asks("target_words", intent.text)


def value_words(question: str, intent: QueryIntent, asked: str | None = None) -> set[str]:
    """The words a value's neighbourhood is matched against (「今どのくらい」: 現在 too, for 33% then, 82% now).

    For a follow-up (``asked``: the turn as typed, ``question`` with the carried subject) the turn's own words: the
    subject's are written beside every value of the subject's passage and drown the turn's qualifier (「Xでの再生数は？」
    after a video's count: 「Instagram 524,812回、…、X 2,687,000回」).
    """
    q = content_tokens(asked) if asked else set()
    q = q or content_tokens(question)
    return q | NOW_WORDS if asks_what_is_now(intent) else q
