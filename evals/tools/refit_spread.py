"""Judge the code on several refits, not one: refit on K subsamples of the tune split and score both splits each time.

    python evals/tools/refit_spread.py --repeats 3 --share 0.8 --out /tmp/spread

A change that is clean with the same fitted files can still come out better or worse after `assistant calibrate`,
because the refit on slightly different rows moves the fitted value chooser, ranker and gate. One refit is one draw
of that noise. This tool copies the published index K times, refits each copy on a salted-hash subsample of the tune
items (``--share`` of every tune file, conversations whole or dropped together), then runs `assistant eval` on the
full splits with each copy, and prints each draw's figures with their mean and range. Two versions of the code are
compared by their means; a difference inside the ranges is noise. The working index is never touched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METRICS = ("accuracy", "lead_correct", "abstention", "false_abstention", "confidently_wrong")


def keep(item_id: str, salt: str, share: float) -> bool:
    """A salted hash of the id: the same items are kept for the same salt, whatever the code."""
    h = int(hashlib.sha256(f"{salt}:{item_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return h < share


def subsample(src: Path, dst: Path, salt: str, share: float) -> int:
    """Write the kept tune items (and conversations) of ``src`` into ``dst``; return how many were kept."""
    dst.mkdir(parents=True, exist_ok=True)
    kept = 0
    for path in sorted(src.glob("*.jsonl")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        chosen = [line for line in lines if keep(json.loads(line)["id"], salt, share)]
        (dst / path.name).write_text("".join(line + "\n" for line in chosen), encoding="utf-8")
        kept += len(chosen)
    return kept


def figures(report: dict) -> dict[str, float]:
    """Test and tune answer figures and follow-ups from one eval JSON."""
    out = {}
    for split in ("test", "tune"):
        answers = report["by_split"][split]["answers"]
        for m in METRICS:
            out[f"{split}.{m}"] = answers[m]
        out[f"{split}.follow_ups"] = report["conversations"]["by_split"][split]["follow_up_accuracy"]
    return out


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--share", type=float, default=0.8, help="share of each tune file kept per refit")
    parser.add_argument("--salt", default="refit-spread")
    parser.add_argument("--out", type=Path, required=True, help="a scratch folder for the copies and reports")
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("assistant")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONHASHSEED": "0"}
    draws = []
    for k in range(args.repeats):
        base = args.out / f"draw{k}"
        shutil.rmtree(base, ignore_errors=True)
        shutil.copytree(args.index, base / "index", symlinks=True)
        n = subsample(ROOT / "evals" / "tune", base / "evals" / "tune", f"{args.salt}:{k}", args.share)
        # calibrate reads ./evals/tune when the working directory has one: the subsample, not the project's.
        run(
            [str(exe), "calibrate", "--force", "--index", str(base / "index"), "--corpus", str(ROOT / "corpus")],
            base,
            env,
        )
        report_path = base / "eval.json"
        run([str(exe), "eval", "--no-gate", "--index", str(base / "index"), "--json", str(report_path)], ROOT, env)
        draws.append(figures(json.loads(report_path.read_text(encoding="utf-8"))))
        print(f"draw {k}: {n} tune items kept; " + _line(draws[-1]), flush=True)
    mean = {key: statistics.fmean(d[key] for d in draws) for key in draws[0]}
    spread = {key: max(d[key] for d in draws) - min(d[key] for d in draws) for key in draws[0]}
    print("mean:   " + _line(mean))
    print("range:  " + _line(spread))
    (args.out / "spread.json").write_text(json.dumps({"draws": draws, "mean": mean, "range": spread}, indent=2) + "\n")


def _line(f: dict[str, float]) -> str:
    parts = []
    for split in ("test", "tune"):
        cells = " / ".join(f"{f[f'{split}.{m}']:.3f}" for m in (*METRICS, "follow_ups"))
        parts.append(f"{split} {cells}")
    return "  ".join(parts)


if __name__ == "__main__":
    main()
