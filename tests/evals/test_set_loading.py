"""Question sets: bad lines reported by number and skipped; a set never seen before still runs."""

from __future__ import annotations

import json

from assistant.evals.runner import evaluate
from assistant.evals.sets import load_set, load_sets

from .fakes import BAD, CORPUS, FakeEngine


def test_bad_lines_reported_by_number():
    items, problems = load_set(BAD)
    assert [i.id for i in items] == ["x-1", "x-7"]
    errors = {p.line: p.message for p in problems if p.severity == "error"}
    assert set(errors) == {2, 3, 4, 5, 7}
    assert "not valid JSON" in errors[2]
    assert "missing field(s): evidence" in errors[3]
    assert "duplicate id 'x-1'" in errors[4]
    assert "not a JSON object" in errors[5]
    assert "answer must be" in errors[7]
    warnings = [p for p in problems if p.severity == "warning"]
    assert {p.line for p in warnings} == {8} and any("unknown type" in p.message for p in warnings)
    assert str(problems[0]).startswith(f"{BAD}:")


def test_unseen_set_runs(tmp_path):
    # a set never seen before: other ids, a new type, an unindexed document, a bad line
    new = tmp_path / "holdout_v9.jsonl"
    new.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "h-1",
                        "doc": "a.txt",
                        "question": "いくらまで出ますか",
                        "answer": "3,000万円",
                        "evidence": "上限は3,000万円",
                        "type": "schedule",
                        "style": "paraphrase",
                    },
                    ensure_ascii=False,
                ),
                "{oops",
                json.dumps(
                    {
                        "id": "h-2",
                        "doc": "999_new.txt",
                        "question": "登録料はいくら？",
                        "answer": None,
                        "evidence": None,
                        "type": "fact",
                        "style": "unanswerable",
                    },
                    ensure_ascii=False,
                ),
            ]
        ),
        encoding="utf-8",
    )
    items, problems = load_sets([new, BAD])
    mine = [(p.line, p.severity) for p in problems if p.set == "holdout_v9"]
    assert mine == [(1, "warning"), (2, "error")]  # unknown type kept, broken line skipped
    rep = evaluate(FakeEngine(dense=False), items, corpus_dir=CORPUS, problems=problems)
    assert rep["meta"]["skipped_retrievers"] == {"dense": "this index has no dense side"}
    assert set(rep["summary"]["retrieval"]) == {"bm25", "hybrid"}
    assert "schedule" in rep["by_type"] and set(rep["by_set"]) == {"holdout_v9", "bad_set"}
    assert rep["by_set"]["holdout_v9"]["retrieval"]["bm25"]["mrr@10"] == 0.5
    assert rep["problems"]  # carried into the report
