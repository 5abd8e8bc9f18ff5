"""Evaluation of retrieval and answers on JSONL question sets (``assistant eval``).

Modules: `sets` (loading and validation), `metrics` (relevance rule and metric arithmetic),
`runner` (runs an engine over the items and aggregates), `report` (JSON, Markdown, terminal,
chart) and `gate` (floors from ``evals/thresholds.toml``).
"""

from assistant.evals.sets import EvalItem, SetProblem, load_sets

__all__ = ["EvalItem", "SetProblem", "load_sets"]
