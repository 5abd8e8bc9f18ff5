"""Answers with citations: extractive by default, from KPI/programme records where they fit."""

from assistant.answer.answerer import ABSTAIN_TEXT, AbstainPolicy, Answerer

__all__ = ["ABSTAIN_TEXT", "AbstainPolicy", "Answerer"]
