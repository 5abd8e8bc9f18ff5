"""What an answer says first: its value, or the passage it quotes first."""

from __future__ import annotations


def answer_lead(text: str) -> str:
    """What an answer says before its first citation mark (its value, or the passage it quotes first)."""
    return text.split("[1]", 1)[0]
