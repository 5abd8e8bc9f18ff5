"""The records gold (evals/records/): schema, the verbatim check against corpus/, and the frozen split.

Every record's evidence must be a passage of its document (or of one of ``other_docs``) and every value
it quotes must be inside one of its evidence passages, after NFKC and removal of all whitespace.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant.evals.records_gold import KINDS, SPLITS, gold_files, gold_problems, load_gold

from .tool_loader import load_tool

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "records"
CORPUS = Path(os.environ.get("ASSISTANT_CORPUS_DIR") or (ROOT / "corpus"))


def _records() -> list[tuple[str, str, str, dict]]:
    """(set, split, kind, record) of every gold file: set v1 and each later writing round."""
    out = []
    for split in SPLITS:
        for kind in KINDS:
            for gold_set, path in gold_files(GOLD, kind, split):
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        out.append((gold_set, split, kind, json.loads(line)))
    return out


RECORDS = _records()
# Records per (set, split, kind) as the split script wrote them (evals/records/README.md).
COUNTS = {
    ("v1", "tune", "kpis"): 30,
    ("v1", "test", "kpis"): 26,
    ("v1", "tune", "programmes"): 39,
    ("v1", "test", "programmes"): 36,
    ("v2", "tune", "kpis"): 3,
    ("v2", "test", "kpis"): 3,
    ("v2", "tune", "programmes"): 16,
    ("v2", "test", "programmes"): 15,
    ("v3", "tune", "programmes"): 21,
    ("v3", "test", "programmes"): 18,
    ("v4", "tune", "programmes"): 31,
    ("v4", "test", "programmes"): 30,
    ("v5", "tune", "programmes"): 32,
    ("v5", "test", "programmes"): 27,
    ("v6", "tune", "programmes"): 30,
    ("v6", "test", "programmes"): 29,
    ("v7", "tune", "programmes"): 16,
    ("v7", "test", "programmes"): 12,
    ("v8", "tune", "programmes"): 12,
    ("v8", "test", "programmes"): 10,
    ("v9", "tune", "programmes"): 13,
    ("v9", "test", "programmes"): 10,
    ("v10", "tune", "programmes"): 20,
    ("v10", "test", "programmes"): 18,
    ("v11", "tune", "programmes"): 9,
    ("v11", "test", "programmes"): 6,
    ("v12", "tune", "programmes"): 25,
    ("v12", "test", "programmes"): 25,
    ("v13", "tune", "kpis"): 16,
    ("v13", "test", "kpis"): 14,
    ("v13", "tune", "programmes"): 28,
    ("v13", "test", "programmes"): 26,
}


def test_files_and_counts() -> None:
    gold = load_gold(GOLD)
    assert set(gold) == set(SPLITS)
    counts: dict[tuple[str, str, str], int] = {}
    for gold_set, split, kind, _ in RECORDS:
        counts[(gold_set, split, kind)] = counts.get((gold_set, split, kind), 0) + 1
    assert counts == COUNTS
    assert sum(len(gold[s][k]) for s in SPLITS for k in KINDS) == len(RECORDS)
    assert all(
        r["gold_set"] in {"v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13"}
        for s in SPLITS
        for k in KINDS
        for r in gold[s][k]
    )


@pytest.mark.parametrize(
    ("gold_set", "split", "kind", "record"), RECORDS, ids=[f"{s}-{r['id']}" for s, _, _, r in RECORDS]
)
def test_record_is_verbatim(gold_set: str, split: str, kind: str, record: dict) -> None:
    if not (CORPUS / record["doc"]).is_file():
        pytest.skip(f"corpus file {record['doc']} not available")
    assert gold_problems(kind, record, CORPUS) == []


def test_ids_unique_and_in_one_split() -> None:
    ids = [(s, r["id"]) for s, _, _, r in RECORDS]
    assert len(ids) == len(set(ids))


def test_split_is_the_scripts() -> None:
    """The split on disk is the one the script's salted hash gives (nobody moved a record by hand)."""
    tool = load_tool("make_records_split")
    for gold_set in sorted({s for s, _, _, _ in RECORDS}):
        for kind in KINDS:
            mine = [(sp, r) for s, sp, k, r in RECORDS if s == gold_set and k == kind]
            again = tool.split_records([r for _, r in mine], tool.SALTS[gold_set])
            on_disk = {s: sorted(r["id"] for sp, r in mine if sp == s) for s in SPLITS}
            assert {s: sorted(r["id"] for r in again[s]) for s in SPLITS} == on_disk


def test_problems_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("補助率は２／３以内、上限 1,000万円。\n", encoding="utf-8")
    good = {
        "id": "p900-001", "doc": "a.txt", "name": "補助率", "variants": [], "ministry": None, "budgets": [],
        "rates": [{"rate": "2/3以内", "condition": None}], "caps": [{"cap": "上限1,000万円", "condition": None}],
        "eligible": [], "covered_costs": [], "period": None, "evidence": ["補助率は2/3以内、上限1,000万円"],
    }  # fmt: skip
    assert gold_problems("programmes", good, tmp_path) == []
    bad = {**good, "caps": [{"cap": "上限2,000万円", "condition": None}], "evidence": ["補助率は1/2"]}
    problems = gold_problems("programmes", bad, tmp_path)
    assert any("evidence not in its documents" in p for p in problems)
    assert any("caps.cap not in its evidence" in p for p in problems)
    assert gold_problems("programmes", {**good, "extra": 1}, tmp_path)[0].startswith("fields:")
