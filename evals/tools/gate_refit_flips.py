"""How far a gate refit alone moves a split's answers: refit on the stored tune rows with a few groups left out.

    python evals/tools/gate_refit_flips.py [--index index] [--draws 6] [--drop 3] [--split test] [--set bank]

A change that alters the gate's training rows is judged on its own refit (README, "Evals"), and a refit a few rows
apart moves answers across the threshold by itself. This tool measures that noise for the gate alone, at about three
minutes a draw (the served trees are the mean of 8 fits): the published build's rows (``confidence_training.jsonl``)
are refitted as `calibrate.fit` fits them, once on every row and once per draw with ``--drop`` tune groups (a
question, or a conversation's turns) left out, chosen by a salted hash; the split's questions and conversation turns,
answered once by the published build (their features and whether the answer is right), are scored by each model. Per
draw it prints the gate decisions that flip and the figures of the gate alone: accuracy, abstention on unanswerable,
false abstention and confidently wrong, before the constraint checks after the gate (`assistant eval` counts those
too, so its figures differ). The split is read only as these aggregates. ``--set`` scores one of its sets alone: how
far refit noise alone moves the figure a set's floor or ceiling in ``evals/thresholds.toml`` holds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ("accuracy", "abstention", "false_abstention", "confidently_wrong")


@dataclass(frozen=True)
class SplitRows:
    """A split's answered questions and turns as gate rows, and the item counts its figures are taken over."""

    rows: list[dict[str, Any]]
    n_items: int
    n_answerable: int


def group_of(row: dict[str, Any]) -> str:
    """The group a row is left out with: its conversation, or the question itself."""
    return str(row.get("group", row["id"]))


def dropped(groups: Sequence[str], salt: str, k: int) -> set[str]:
    """The ``k`` groups with the least salted hash: the same groups for the same salt, whatever else changes."""
    return set(sorted(set(groups), key=lambda g: hashlib.sha256(f"{salt}:{g}".encode()).hexdigest())[:k])


def decisions(model: Any, rows: Sequence[dict[str, Any]]) -> list[bool]:
    """Whether the gate lets each row's answer through."""
    return [model.probability(r["features"]) >= model.threshold_for(r["features"]) for r in rows]


def gate_figures(kept: Sequence[bool], split: SplitRows) -> dict[str, float]:
    """The gate-alone figures: a row not kept, or a question the rules left unanswered, is an abstention."""
    rows = split.rows
    right = sum(k and r["right"] for k, r in zip(kept, rows, strict=True))
    wrong = sum(k and not r["right"] for k, r in zip(kept, rows, strict=True))
    unanswerable_kept = sum(k and not r["answerable"] for k, r in zip(kept, rows, strict=True))
    answerable_kept = sum(k and r["answerable"] for k, r in zip(kept, rows, strict=True))
    n_unanswerable = split.n_items - split.n_answerable
    return {
        "accuracy": right / max(split.n_answerable, 1),
        "abstention": 1 - unanswerable_kept / max(n_unanswerable, 1),
        "false_abstention": 1 - answerable_kept / max(split.n_answerable, 1),
        "confidently_wrong": wrong / max(split.n_items, 1),
    }


def flips(a: Sequence[bool], b: Sequence[bool]) -> int:
    """How many decisions differ between two models."""
    return sum(x != y for x, y in zip(a, b, strict=True))


def set_files(evals_dir: Path, split: str, only: str | None = None) -> list[Path]:
    """The split's set files, or only the one named ``only`` (its file name without .jsonl: ``bank`` for the
    report's ``test/bank``)."""
    return sorted((evals_dir / split).glob(f"{only}.jsonl" if only else "*.jsonl"))


def split_rows(assistant: Any, evals_dir: Path, split: str, only: str | None = None) -> SplitRows:
    """The split's questions and every conversation turn (of the set ``only``), answered by ``assistant``, as gate rows."""
    from assistant.evals.answer_rows import follow_up_rows, item_rows
    from assistant.evals.conversations import load_conversations
    from assistant.evals.sets import load_sets

    files = set_files(evals_dir, split, only)
    items, _ = load_sets([p for p in files if not p.name.startswith("conversations")])
    conversations, _ = load_conversations([p for p in files if p.name.startswith("conversations")])
    # Every turn, the openings too: `assistant eval` gates a conversation's first turn as it gates a question.
    turns = [t for c in conversations for t in c.turns]
    rows = item_rows(assistant, items) + follow_up_rows(assistant, conversations, openings=True)
    return SplitRows(
        rows,
        len(items) + len(turns),
        sum(it.answerable for it in items) + sum(t.answer is not None for t in turns),
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", default=str(ROOT / "index"), help="index folder (its published build is read)")
    ap.add_argument("--split", default="test", help="the split scored (default: test)")
    ap.add_argument("--draws", type=int, default=6, help="refits with groups left out (default: 6)")
    ap.add_argument("--drop", type=int, default=3, help="tune groups left out per draw (default: 3)")
    ap.add_argument("--salt", default="gate-flips", help="salt of the groups left out")
    ap.add_argument("--set", dest="only", help="score one set of the split (bank for test/bank), not the whole split")
    args = ap.parse_args(argv)
    if args.draws < 0 or args.drop < 1:
        ap.error("--draws must be 0 or more and --drop 1 or more")
    if args.only and not set_files(ROOT / "evals", args.split, args.only):
        ap.error(f"no set evals/{args.split}/{args.only}.jsonl")

    from threadpoolctl import threadpool_limits

    from assistant.answer.confidence import DATA_FILE, REPORT_FILE
    from assistant.evals.calibrate import fit
    from assistant.service import Assistant
    from assistant.settings import Settings

    assistant = Assistant.load(Settings(index_dir=args.index))
    build = assistant.stored.path
    if build is None or not (build / DATA_FILE).is_file():
        print("error: the published build has no gate rows (run `assistant index build` first)", file=sys.stderr)
        return 2
    tune = [json.loads(line) for line in (build / DATA_FILE).open(encoding="utf-8") if line.strip()]
    if args.drop >= len({group_of(r) for r in tune}):
        print(f"error: --drop {args.drop} leaves no tune group to fit on", file=sys.stderr)
        return 2
    report = json.loads((build / REPORT_FILE).read_text(encoding="utf-8"))
    n_items, n_answerable = report["tune_items"], report["tune_answerable"]
    split = split_rows(assistant, ROOT / "evals", args.split, args.only)
    with threadpool_limits(1):
        model, _ = fit(tune, n_items, n_answerable)
        base = decisions(model, split.rows)
        figures = [gate_figures(base, split)]
        print(f"all {len(tune)} rows: " + "  ".join(f"{k} {v:.4f}" for k, v in figures[0].items()), flush=True)
        counts = []
        for draw in range(args.draws):
            out = dropped([group_of(r) for r in tune], f"{args.salt}:{draw}", args.drop)
            refit, _ = fit([r for r in tune if group_of(r) not in out], n_items, n_answerable)
            kept = decisions(refit, split.rows)
            counts.append(flips(base, kept))
            figures.append(gate_figures(kept, split))
            cells = "  ".join(f"{k} {v:.4f}" for k, v in figures[-1].items())
            print(f"draw {draw}: {counts[-1]} of {len(split.rows)} decisions flip  {cells}", flush=True)
    if counts:
        print(f"flips: mean {statistics.mean(counts):.1f}, range {min(counts)}-{max(counts)}")
        for k in FIGURES:
            values = [f[k] for f in figures]
            print(f"{k}: range {min(values):.4f}-{max(values):.4f} ({(max(values) - min(values)) * 100:.2f} points)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
