"""Is a change to the gate's rows better than refit noise? The gate refitted on two builds' rows, the same groups out.

    python evals/tools/paired_refits.py BEFORE_INDEX AFTER_INDEX [--draws 6] [--share 0.01] [--salt paired]

A change that alters the gate's training rows (a feature, a check, a conversation reader) refits the gate, and one
refit moves its figures by about as much as most changes do (`gate_refit_flips`): two single fits, one per build,
are no evidence either way. This tool fits the gate (`calibrate.fit`, this package's code) on each build's stored
tune rows (``confidence_training.jsonl``), once on every row and once per draw with the same tune groups (a
question, or a conversation's turns) left out of both, chosen by a salted hash. Per fit it reads the held-out
figures (`after_cv_by_kind`: each writer's round scored by a model that never saw it, at the thresholds chosen on
those scores), and it prints each pair and the mean paired difference (after - before) with its standard error,
and the gate's cost (a right answer dropped costs 1, a wrong one kept `WRONG_COST`) in items. Both builds' rows
are fitted with one code, so the tool compares rows, not fitting code. Tune only: no split is read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gate_refit_flips import FIGURES, dropped, group_of  # the groups left out as that tool leaves them out


def read_build(index: Path) -> tuple[list[dict[str, Any]], int, int]:
    """A build's gate rows and the tune counts its figures are taken over (the published build of an index)."""
    from assistant.answer.confidence import DATA_FILE, REPORT_FILE

    build = index / "current" if (index / "current").is_dir() else index
    data, report = build / DATA_FILE, build / REPORT_FILE
    if not data.is_file() or not report.is_file():
        raise FileNotFoundError(f"{build} has no {DATA_FILE} and {REPORT_FILE} (run `assistant calibrate` there)")
    rows = [json.loads(line) for line in data.open(encoding="utf-8") if line.strip()]
    if not rows or not all(isinstance(r, dict) and "id" in r and "features" in r for r in rows):
        raise ValueError(f"{data} holds no gate rows, or rows without an id and features")
    counts = json.loads(report.read_text(encoding="utf-8"))
    return rows, int(counts["tune_items"]), int(counts["tune_answerable"])


def cost(figures: dict[str, float], n_items: int, n_answerable: int, wrong_cost: float) -> float:
    """The gate's cost in items: right answers not given, plus ``wrong_cost`` per wrong answer given."""
    return (1 - figures["accuracy"]) * n_answerable + wrong_cost * figures["confidently_wrong"] * n_items


def held_out(rows: Sequence[dict[str, Any]], out: set[str], n_items: int, n_answerable: int) -> dict[str, float]:
    """The held-out figures of the gate fitted on ``rows`` without the groups ``out``, over ``n_items`` items."""
    from assistant.evals.calibrate import fit

    _, report = fit([r for r in rows if group_of(r) not in out], n_items, n_answerable)
    return {k: float(report["after_cv_by_kind"][k]) for k in FIGURES}


def items_out(builds: Sequence[Sequence[dict[str, Any]]], out: set[str]) -> tuple[int, int]:
    """The items of the groups left out (a row in either build), and how many of them are answerable: taken off
    both builds' counts, so a group left out is not counted as abstained on."""
    answerable = {r["id"]: bool(r["answerable"]) for rows in builds for r in rows if group_of(r) in out}
    return len(answerable), sum(answerable.values())


def mean_se(values: Sequence[float]) -> tuple[float, float]:
    """The mean and its standard error (0 for a single value)."""
    if len(values) < 2:
        return (values[0] if values else 0.0), 0.0
    return statistics.fmean(values), statistics.stdev(values) / len(values) ** 0.5


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path, help="index folder (or build) of the code before the change")
    ap.add_argument("after", type=Path, help="index folder (or build) of the code after it")
    ap.add_argument("--draws", type=int, default=6, help="refits with groups left out (default: 6)")
    ap.add_argument("--share", type=float, default=0.01, help="share of the tune groups left out (default: 0.01)")
    ap.add_argument("--salt", default="paired", help="salt of the groups left out")
    args = ap.parse_args(argv)
    if args.draws < 0 or not 0 < args.share < 0.5:
        ap.error("--draws must be 0 or more and --share between 0 and 0.5")
    try:
        before, after = read_build(args.before), read_build(args.after)
    except (FileNotFoundError, KeyError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if before[1:] != after[1:]:
        print(
            f"error: the builds count other tune items ({before[1:]} and {after[1:]}): calibrate both on one tune set",
            file=sys.stderr,
        )
        return 2
    n_items, n_answerable = before[1:]

    from threadpoolctl import threadpool_limits

    from assistant.evals.gate_thresholds import WRONG_COST

    groups = {group_of(r) for r in before[0]} | {group_of(r) for r in after[0]}
    diffs: dict[str, list[float]] = {k: [] for k in (*FIGURES, "cost")}
    with threadpool_limits(1):
        for draw in range(args.draws + 1):
            out = dropped(groups, f"{args.salt}:{draw}", round(args.share * len(groups))) if draw else set()
            gone, gone_answerable = items_out((before[0], after[0]), out)
            counts = (n_items - gone, n_answerable - gone_answerable)
            pair = [held_out(rows, out, *counts) for rows, *_ in (before, after)]
            costs = [cost(f, *counts, WRONG_COST) for f in pair]
            label = "all rows" if not draw else f"draw {draw} ({len(out)} groups out)"
            for name, f, c in zip(("before", "after"), pair, costs, strict=True):
                cells = "  ".join(f"{k} {f[k]:.4f}" for k in FIGURES)
                print(f"{label:24s} {name:6s} {cells}  cost {c:.1f}", flush=True)
            for k in FIGURES:
                diffs[k].append(pair[1][k] - pair[0][k])
            diffs["cost"].append(costs[1] - costs[0])
    print(f"after - before over {args.draws + 1} fits (mean, standard error):")
    for k, values in diffs.items():
        m, se = mean_se(values)
        print(f"  {k:18s} {m:+.4f} ± {se:.4f}" if k != "cost" else f"  {k:18s} {m:+.1f} ± {se:.1f} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
