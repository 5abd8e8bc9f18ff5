"""Answers from the structured KPI and programme records (filled in below)."""

from __future__ import annotations


def answer_from_records(answerer, question, query, intent, hits, docs):
    return None
