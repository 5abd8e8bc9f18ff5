"""The answer's length limit, shared by the extractive answerer, the records answers and the chat checks."""

from __future__ import annotations

#: Characters an answer may have (citation markers not counted); the chat prompt asks for the same.
MAX_ANSWER_CHARS = 300
