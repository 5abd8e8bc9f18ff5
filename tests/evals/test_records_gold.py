"""The records gold (evals/records/): schema, the verbatim check against corpus/, and the frozen split.

Every record's evidence must be a passage of its document (or of one of ``other_docs``) and every value
it quotes must be inside one of its evidence passages, after NFKC and removal of all whitespace.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from assistant.evals.records_gold import KINDS, SPLITS, gold_problems, load_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "records"
CORPUS = Path(os.environ.get("ASSISTANT_CORPUS_DIR") or (ROOT / "corpus"))


def _records() -> list[tuple[str, str, dict]]:
    out = []
    for split in SPLITS:
        for kind in KINDS:
            path = GOLD / f"{kind}_{split}.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append((split, kind, json.loads(line)))
    return out


RECORDS = _records()


def test_files_and_counts() -> None:
    gold = load_gold(GOLD)
    assert set(gold) == set(SPLITS)
    counts = {(s, k): len(gold[s][k]) for s in SPLITS for k in KINDS}
    assert counts == {
        ("tune", "kpis"): 30,
        ("test", "kpis"): 26,
        ("tune", "programmes"): 39,
        ("test", "programmes"): 36,
    }


@pytest.mark.parametrize(("split", "kind", "record"), RECORDS, ids=[r["id"] for _, _, r in RECORDS])
def test_record_is_verbatim(split: str, kind: str, record: dict) -> None:
    if not (CORPUS / record["doc"]).is_file():
        pytest.skip(f"corpus file {record['doc']} not available")
    assert gold_problems(kind, record, CORPUS) == []


def test_ids_unique_and_in_one_split() -> None:
    ids = [r["id"] for _, _, r in RECORDS]
    assert len(ids) == len(set(ids))


def test_split_is_the_scripts() -> None:
    """The split on disk is the one the script's salted hash gives (nobody moved a record by hand)."""
    spec = importlib.util.spec_from_file_location("make_records_split", ROOT / "evals/tools/make_records_split.py")
    tool = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(tool)
    for kind in KINDS:
        records = [r for _, k, r in RECORDS if k == kind]
        again = tool.split_records(records)
        on_disk = {s: sorted(r["id"] for sp, k, r in RECORDS if k == kind and sp == s) for s in SPLITS}
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
