"""Make the frozen tune/test split of the question bank and the conversations (run once; kept to show how).

    python evals/tools/make_split.py SCRATCH_DIR
    python evals/tools/make_split.py --set pool3_bank --salt split-2026-12-01 --share 0.5 FILE.jsonl
    python evals/tools/make_split.py --set conversations_pool2 --salt conv-2026-12-01 --share 0.5 FILE.jsonl

The second form splits a later writer's round (one file) into ``evals/tune/<set>.jsonl`` and
``evals/test/<set>.jsonl`` with its own salt, by the same rule (conversations stratified by kind);
earlier files are not touched.

SCRATCH_DIR holds the writers' files ``q_NNN.jsonl`` and ``conv_NNN.jsonl`` (written from the documents by
writers who never read the code). Every item is checked verbatim against corpus/ (evidence in its document,
answer in its evidence, after NFKC and whitespace removal); a failing item is dropped and reported. Items are
assigned to a split by a hash of their id (salted, so the assignment cannot be steered item by item),
stratified by document and style so both splits cover every document and kind. The team's earlier sets (the
shared dev sets and team_v1, used to tune the answerer before) all stay in tune.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SALT = "split-2026-11-30"
TEST_SHARE = 0.6  # of the new items; with the earlier sets all in tune, the test split is >= 40 % of the whole
FIELDS = ("id", "doc", "question", "answer", "evidence", "type", "style", "ask", "near_miss", "note")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def doc_text(doc: str, cache: dict[str, str]) -> str:
    if doc not in cache:
        cache[doc] = norm((ROOT / "corpus" / doc).read_text(encoding="utf-8"))
    return cache[doc]


def verbatim(turn: dict, cache: dict[str, str]) -> str | None:
    """Why an item (or a turn) fails the verbatim check, or None."""
    if not (ROOT / "corpus" / turn.get("doc", "")).is_file():
        return f"unknown document {turn.get('doc')!r}"
    if turn.get("answer") is None:
        return None if turn.get("evidence") is None else "evidence without an answer"
    ev, ans = norm(turn.get("evidence") or ""), norm(turn["answer"])
    if not ev or ev not in doc_text(turn["doc"], cache):
        return "evidence not in its document"
    if not ans or ans not in ev:
        return "answer not in its evidence"
    return None


def bucket(key: str, salt: str = SALT) -> float:
    return int(hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def split_items(items: list[dict], salt: str = SALT, share: float = TEST_SHARE) -> dict[str, list[dict]]:
    """Within each (document, style) stratum, the items hashed lowest go to test until TEST_SHARE is reached."""
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for it in items:
        strata[(it["doc"], it["style"])].append(it)
    out: dict[str, list[dict]] = {"tune": [], "test": []}
    for group in strata.values():
        group.sort(key=lambda it: bucket(it["id"], salt))
        n_test = round(len(group) * share)
        out["test"] += group[:n_test]
        out["tune"] += group[n_test:]
    for split in out:
        out[split].sort(key=lambda it: it["id"])
    return out


def main(scratch: Path) -> None:
    cache: dict[str, str] = {}
    known = set()
    for path in (ROOT / "evals").rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and '"turns"' not in line and path.name != "bank.jsonl":
                known.add(norm(json.loads(line).get("question", "")))
    items, dropped = [], []
    for path in sorted(scratch.glob("q_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            it = json.loads(line)
            why = verbatim(it, cache) or (
                "question already in the earlier sets" if norm(it["question"]) in known else None
            )
            if why:
                dropped.append((it["id"], why))
                continue
            items.append({k: it.get(k) for k in FIELDS})
    convs, conv_dropped = [], []
    for path in sorted(scratch.glob("conv_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                why = next((w for t in c["turns"] if (w := verbatim(t, cache))), None)
                (conv_dropped.append((c["id"], why)) if why else convs.append(c))
    for split, chosen in split_items(items).items():
        out = ROOT / "evals" / split / "bank.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in chosen), encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {len(chosen)} items")
    conv_split: dict[str, list[dict]] = {"tune": [], "test": []}
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for c in convs:
        by_doc[c.get("kind", "")].append(c)
    for group in by_doc.values():
        group.sort(key=lambda c: bucket(c["id"]))
        n_test = (len(group) + 1) // 2
        conv_split["test"] += group[:n_test]
        conv_split["tune"] += group[n_test:]
    for split, chosen in conv_split.items():
        out = ROOT / "evals" / split / "conversations.jsonl"
        chosen.sort(key=lambda c: c["id"])
        out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in chosen), encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {len(chosen)} conversations")
    for what, rows in (("items", dropped), ("conversations", conv_dropped)):
        for key, why in rows:
            print(f"dropped {what[:-1]} {key}: {why}")


def add_set(path: Path, name: str, salt: str, share: float) -> None:
    """Split one later round of items into its own tune and test files (checked verbatim first)."""
    cache: dict[str, str] = {}
    items, dropped = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            it = json.loads(line)
            if "turns" in it:  # a conversation: every turn checked; stratified by kind (as its "style")
                why = next((w for t in it["turns"] if (w := verbatim(t, cache))), None)
                (dropped.append((it["id"], why)) if why else items.append({**it, "doc": "", "style": it["kind"]}))
                continue
            why = verbatim(it, cache)
            (dropped.append((it["id"], why)) if why else items.append({k: it.get(k) for k in FIELDS}))
    halves = split_items(items, salt, share)
    for chosen in halves.values():
        for it in chosen:
            if "turns" in it:
                del it["doc"], it["style"]
    for split, chosen in halves.items():
        out = ROOT / "evals" / split / f"{name}.jsonl"
        if out.exists():
            raise SystemExit(f"{out.relative_to(ROOT)} exists: a later round gets a new set name")
        out.write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in chosen), encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {len(chosen)} items")
    for key, why in dropped:
        print(f"dropped item {key}: {why}")


def _args(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="SCRATCH_DIR (first split) or one later round's FILE.jsonl")
    parser.add_argument("--set", dest="name", help="the later round's set name (evals/tune|test/<set>.jsonl)")
    parser.add_argument("--salt", help="the later round's own salt")
    parser.add_argument("--share", type=float, default=0.5, help="share of the round for test (default 0.5)")
    parser.add_argument("--force", action="store_true", help="first split only: overwrite the existing bank")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = _args(sys.argv[1:])
    if args.name:
        if not args.salt:
            raise SystemExit("--set needs --salt (a new one per round)")
        add_set(args.source, args.name, args.salt, args.share)
    elif (ROOT / "evals" / "tune" / "bank.jsonl").exists() and not args.force:
        # The first split is frozen: running it again would replace the bank the figures are measured on.
        raise SystemExit("evals/tune/bank.jsonl exists: the first split is frozen (a later round: --set NAME --salt S)")
    elif not args.source.is_dir():
        raise SystemExit(f"{args.source} is not a directory of the writers' q_NNN.jsonl and conv_NNN.jsonl")
    else:
        main(args.source)
