"""Make the frozen tune/test split of the records gold (run once per writing round; kept to show how).

    python evals/tools/make_records_split.py GOLD_DIR                      # set v1 (done)
    python evals/tools/make_records_split.py GOLD_DIR --set v2 \
        --kpis kpis_v2.jsonl --programmes programmes_v2.jsonl             # set v2, its own salt (SALTS)
    python evals/tools/make_records_split.py /work/scratch/records_v4 --set v3 \
        --kpis kpis_v3_kept.jsonl --programmes programmes_v3_kept.jsonl   # set v3

GOLD_DIR holds the writers' files (``kpis_gold.jsonl`` and ``programmes_gold.jsonl`` for v1), written from
the documents by writers who never read the extractor (schema in evals/records/README.md). Set v1 goes to
``evals/records/<kind>_<split>.jsonl``, a later set to ``<kind>_<split>_<set>.jsonl``; a set is never
re-split or merged into another. Every record is checked verbatim against
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
# One salt per writing round (set); a new round gets a new salt and new files, the old split stays frozen.
SALTS = {
    "v1": SALT,
    "v2": "records-split-v2-2026-12-01T03",
    "v3": "records-split-v3-2026-12-01T10",
    "v4": "records-split-v4-2026-12-01T13",
    "v5": "records-split-v5-2026-12-01T18",
    "v6": "records-split-v6-2026-12-02T07",
    "v7": "records-split-v7-2026-12-02T19",
    "v8": "records-split-v8-2026-12-02T22",
    "v9": "records-split-v9-2026-12-03T07",
    "v10": "records-split-v10-2026-12-03T09",
    "v11": "records-split-v11-2026-12-04T14",
    "v12": "records-split-v12-2026-12-04T19",
    "v13": "records-split-v13-2026-12-04T22",
}
TEST_SHARE = 0.5
KINDS = {"kpis": "kpis_gold.jsonl", "programmes": "programmes_gold.jsonl"}


def bucket(key: str, salt: str = SALT) -> float:
    return int(hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def split_records(records: list[dict], salt: str = SALT) -> dict[str, list[dict]]:
    """Within each document, the records hashed lowest go to test (half, rounded down)."""
    strata: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        strata[r["doc"]].append(r)
    out: dict[str, list[dict]] = {"tune": [], "test": []}
    for group in strata.values():
        group.sort(key=lambda r: bucket(r["id"], salt))
        n_test = int(len(group) * TEST_SHARE)
        out["test"] += group[:n_test]
        out["tune"] += group[n_test:]
    for split in out:
        out[split].sort(key=lambda r: r["id"])
    return out


def out_path(kind: str, split: str, gold_set: str) -> Path:
    """Where a set's split goes: v1 keeps the original names, a later set adds its name."""
    suffix = "" if gold_set == "v1" else f"_{gold_set}"
    return ROOT / "evals" / "records" / f"{kind}_{split}{suffix}.jsonl"


def main(gold_dir: Path, gold_set: str = "v1", names: dict[str, str] | None = None) -> None:
    salt = SALTS[gold_set]
    for kind, name in (names or KINDS).items():
        records, dropped = [], []
        for line in (gold_dir / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            why = gold_problems(kind, r, ROOT / "corpus")
            (dropped.append((r.get("id"), why)) if why else records.append(r))
        for split, chosen in split_records(records, salt).items():
            out = out_path(kind, split, gold_set)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
            print(f"{out.relative_to(ROOT)}: {len(chosen)} records")
        for key, why in dropped:
            print(f"dropped {kind} {key}: {'; '.join(why)}")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--set", dest="gold_set", default="v1", choices=sorted(SALTS))
    ap.add_argument("--kpis", default=KINDS["kpis"], help="the writers' KPI file in GOLD_DIR")
    ap.add_argument("--programmes", default=KINDS["programmes"], help="the writers' programme file in GOLD_DIR")
    a = ap.parse_args()
    main(a.gold_dir, a.gold_set, {"kpis": a.kpis, "programmes": a.programmes})
