"""Make the frozen tune/test split of the records gold (run once; kept to show how).

    python evals/tools/make_records_split.py GOLD_DIR

GOLD_DIR holds ``kpis_gold.jsonl`` and ``programmes_gold.jsonl``, written from the documents by writers who
never read the extractor (schema in evals/records/README.md). Every record is checked verbatim against
corpus/ (its evidence in its documents, its values in its evidence, after NFKC and whitespace removal); a
failing record is dropped and reported. Records are assigned to a split by a salted hash of their id,
stratified by document, so neither split can be steered record by record and both cover every document.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.evals.records_gold import gold_problems  # noqa: E402

SALT = "records-split-2026-12-01"
TEST_SHARE = 0.5
KINDS = {"kpis": "kpis_gold.jsonl", "programmes": "programmes_gold.jsonl"}


def bucket(key: str) -> float:
    return int(hashlib.sha256(f"{SALT}:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def split_records(records: list[dict]) -> dict[str, list[dict]]:
    """Within each document, the records hashed lowest go to test (half, rounded down)."""
    strata: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        strata[r["doc"]].append(r)
    out: dict[str, list[dict]] = {"tune": [], "test": []}
    for group in strata.values():
        group.sort(key=lambda r: bucket(r["id"]))
        n_test = int(len(group) * TEST_SHARE)
        out["test"] += group[:n_test]
        out["tune"] += group[n_test:]
    for split in out:
        out[split].sort(key=lambda r: r["id"])
    return out


def main(gold_dir: Path) -> None:
    for kind, name in KINDS.items():
        records, dropped = [], []
        for line in (gold_dir / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            why = gold_problems(kind, r, ROOT / "corpus")
            (dropped.append((r.get("id"), why)) if why else records.append(r))
        for split, chosen in split_records(records).items():
            out = ROOT / "evals" / "records" / f"{kind}_{split}.jsonl"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
            print(f"{out.relative_to(ROOT)}: {len(chosen)} records")
        for key, why in dropped:
            print(f"dropped {kind} {key}: {'; '.join(why)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
