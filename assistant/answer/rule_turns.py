"""The older follow-up rule, used when the answerer gives no corpus evidence: pointing words, short or nameless
questions are follow-ups, and carry the subject of the last question that stood alone."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.turn_words import frame_of, is_follow_up, new_nouns, subject_of, switches_topic, without_opener


def resolve_by_rule(question: str, history: Sequence[dict[str, str]]) -> str:
    """The older rule without corpus evidence: pointing words, short or nameless questions are follow-ups."""
    if not is_follow_up(question):
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
        subject = subject_of(without_opener(previous[-1]))
        # A follow-up naming another item of the same kind keeps the subject's frame, not its focus.
        return f"{frame_of(subject) if new_nouns(question, subject) else subject} {question}"
    # The latest follow-up says what is being discussed now, the standalone one what it is about.
    subject = subject_of(without_opener(previous[standalone]))
    if new_nouns(question, subject):
        return f"{frame_of(subject)} {question}"
    return f"{subject} {subject_of(previous[-1])} {question}"
