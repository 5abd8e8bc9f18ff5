"""The gate's figures out of set: each tune row scored by a model that never saw its writer's round, item-level.

    python evals/tools/gate_oos.py [--index index] [--variant base] [--thresholds stored|refit] [--shift 0.2]

Reads the build's stored training rows (``confidence_training.jsonl``) and the tune sets' item counts, refits a
gate variant leave-one-round-out as `calibrate.fit` does (L2 strength, then the trees blend when allowed), and
prints accuracy / abstention / false abstention / confidently wrong as the rules and the gate alone make them (the
rules' abstentions counted, the constraint checks after the gate not), for the design sets' single questions, the
held-out sets' (`lead_audit.HELD_OUT`: aggregates only) and the design follow-up turns: out of set, and in sample
(the model refitted on every row, as `assistant eval` scores the tune split). Design rounds are printed only as a
spread. ``--shift`` moves every kind's threshold by that much log odds (the trade-off of a stricter gate).
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lead_audit import HELD_OUT as LEAD_AUDIT_HELD_OUT

from assistant.evals.calibrate import tune_conversation_paths, tune_paths
from assistant.evals.conversations import load_conversations
from assistant.evals.sets import load_sets

#: lead_audit.HELD_OUT as set names (run as a script, this tool's folder is on the path).
HELD_OUT = frozenset(f"tune/{name.removesuffix('.jsonl')}" for name in LEAD_AUDIT_HELD_OUT)
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
#: Variants: (L2 strengths to choose from, trees allowed, trees monotone in the logistic weights' signs).
VARIANTS: dict[str, tuple[tuple[float, ...], bool, bool]] = {
    "base": (C_GRID, True, False),
    "logistic": (C_GRID, False, False),
    "l2_0.01": ((0.01,), False, False),
    "l2_0.003": ((0.003,), False, False),
    "monotone_trees": (C_GRID, True, True),
}


def item_counts(evals: Path) -> dict[str, dict[str, int]]:
    """Per tune set: its answerable and unanswerable items (a conversation set's: its follow-up turns)."""
    items, _ = load_sets(tune_paths(evals))
    out: dict[str, dict[str, int]] = {}
    for it in items:
        out.setdefault(it.set, {"ans": 0, "unans": 0})["ans" if it.answerable else "unans"] += 1
    for conv in load_conversations(tune_conversation_paths(evals))[0]:
        counts = out.setdefault(conv.set, {"ans": 0, "unans": 0})
        for t in conv.turns[1:]:
            counts["ans" if t.answer is not None else "unans"] += 1
    return out


def figures(rows: Sequence[dict[str, Any]], kept: Sequence[bool], n_ans: int, n_unans: int) -> dict[str, float]:
    """Item-level figures of the kept rows over the sets' items (an item with no row was abstained on)."""
    pairs = list(zip(rows, kept, strict=True))
    right = sum(1 for r, k in pairs if k and r["right"])
    kept_ans = sum(1 for r, k in pairs if k and r["answerable"])
    spoke = sum(1 for r, k in pairs if k and not r["answerable"])
    return {
        "accuracy": right / max(n_ans, 1),
        "abstention": 1 - spoke / max(n_unans, 1),
        "false_abstention": 1 - kept_ans / max(n_ans, 1),
        "confidently_wrong": (kept_ans - right + spoke) / max(n_ans + n_unans, 1),
    }


def line(name: str, f: dict[str, float]) -> str:
    """One row of figures: accuracy / abstention / false abstention / confidently wrong."""
    keys = ("accuracy", "abstention", "false_abstention", "confidently_wrong")
    return f"{name:34s} " + " / ".join(f"{f[k]:.3f}" for k in keys)


def fit_variant(rows: list[dict[str, Any]], variant: str) -> tuple[Any, Any, list[str]]:
    """The variant's out-of-set and in-sample probabilities per row, and each row's kind of answer."""
    import numpy as np
    from scipy.special import expit, logit
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import assistant.evals.gate_model as gate_model
    from assistant.answer.confidence import FEATURES, answer_kind_of
    from assistant.evals.gate_folds import choose_c, log_loss, out_of_fold, set_folds

    grid, trees, monotone = VARIANTS[variant]
    x = np.array([[r["features"][f] for f in FEATURES] for r in rows], dtype=float)
    y = np.array([r["right"] for r in rows], dtype=int)
    folds = set_folds([r.get("set") for r in rows], [r.get("group", r["id"]) for r in rows])

    def model(c: float) -> Any:
        return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000))

    by_c = {c: out_of_fold(x, y, folds.folds, lambda c=c: model(c)) for c in grid}
    c = choose_c({k: log_loss(y, p) for k, p in by_c.items()})
    final = model(c).fit(x, y)
    p_oos, p_in, name = by_c[c], final.predict_proba(x)[:, 1], "logistic"
    if trees:
        plain = gate_model.booster
        if monotone:  # each feature may move the trees' odds only the way it moves the logistic model's
            signs = [int(s) for s in np.sign(final[-1].coef_[0])]
            gate_model.booster = lambda d, m, r: plain(d, m, r).set_params(monotonic_cst=signs)
        choice = gate_model.choose_model(y, p_oos, gate_model.tree_log_odds(x, y, folds.folds), folds.folds)
        p_oos, name = choice.p, choice.name
        if choice.config is not None:
            cfg = choice.config
            with gate_model.one_thread():
                raw = gate_model.booster(cfg.depth, cfg.min_leaf, cfg.rounds).fit(x, y).decision_function(x)
            p_in = expit(choice.blend * logit(np.clip(p_in, 1e-6, 1 - 1e-6)) + (1 - choice.blend) * raw)
        gate_model.booster = plain
    print(f"variant {variant}: c {c}, model {name}, out-of-set log loss {log_loss(y, p_oos):.4f}")
    return p_oos, p_in, [answer_kind_of(r["features"]) for r in rows]


def refit_thresholds(rows: list[dict[str, Any]], p: Any, kinds: list[str], counts: dict) -> dict[str, float]:
    """The per-kind thresholds `calibrate.fit` would choose on these out-of-set probabilities (bagged)."""
    from assistant.evals.gate_bagging import bagged
    from assistant.evals.gate_thresholds import GateRow

    triples = zip(p, rows, kinds, strict=True)
    gate_rows = [GateRow(float(q), bool(r["right"]), bool(r["answerable"]), k) for q, r, k in triples]
    n_items = sum(v["ans"] + v["unans"] for v in counts.values())
    n_answerable = sum(v["ans"] for v in counts.values())
    return bagged(gate_rows, [r.get("group", r["id"]) for r in rows], n_items, n_answerable).by_kind


def report(rows: list[dict[str, Any]], kept: list[bool], counts: dict, label: str) -> None:
    """The pooled figures of design questions, held-out questions and design follow-ups, and the rounds' spread."""
    parts = (
        ("design questions", lambda s: "conversations" not in s and s not in HELD_OUT),
        ("held-out questions", lambda s: "conversations" not in s and s in HELD_OUT),
        ("design follow-ups", lambda s: "conversations" in s and s not in HELD_OUT),
    )
    for part, belongs in parts:
        names = [s for s in counts if belongs(s)]
        at = [i for i, r in enumerate(rows) if r["set"] in names]
        n_ans, n_unans = sum(counts[s]["ans"] for s in names), sum(counts[s]["unans"] for s in names)
        print(line(f"{label}: {part}", figures([rows[i] for i in at], [kept[i] for i in at], n_ans, n_unans)))
    per = []
    for s in (s for s in counts if parts[0][1](s)):
        at = [i for i, r in enumerate(rows) if r["set"] == s]
        per.append(figures([rows[i] for i in at], [kept[i] for i in at], counts[s]["ans"], counts[s]["unans"]))
    for k in ("abstention", "false_abstention", "confidently_wrong"):
        v = sorted(f[k] for f in per)
        cut = len(v) // 10
        print(f"   design rounds {k}: median {statistics.median(v):.3f}, p10 {v[cut]:.3f}, p90 {v[-cut - 1]:.3f}")


def main() -> None:
    """Print the variant's out-of-set and in-sample figures."""
    from scipy.special import logit

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, default=Path("index"))
    ap.add_argument("--variant", default="base", choices=sorted(VARIANTS))
    ap.add_argument("--thresholds", default="stored", choices=("stored", "refit"))
    ap.add_argument("--shift", type=float, default=0.0, help="log odds added to every threshold")
    args = ap.parse_args()
    build = (args.index / "current").resolve()
    lines = (build / "confidence_training.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(x) for x in lines if x]
    counts = item_counts(Path("evals"))
    p_oos, p_in, kinds = fit_variant(rows, args.variant)
    if args.thresholds == "stored":
        stored = json.loads((build / "confidence.json").read_text(encoding="utf-8"))
        thresholds = {k: stored.get("thresholds_by_kind", {}).get(k, stored["threshold"]) for k in set(kinds)}
    else:
        thresholds = refit_thresholds(rows, p_oos, kinds, counts)
    print("thresholds", {k: round(t, 3) for k, t in sorted(thresholds.items())}, "shift", args.shift)
    for label, p in (("out of set", p_oos), ("in sample", p_in)):
        at = [float(logit(min(max(q, 1e-6), 1 - 1e-6))) for q in p]
        kept = [z >= float(logit(thresholds[k])) + args.shift for z, k in zip(at, kinds, strict=True)]
        report(rows, kept, counts, label)


if __name__ == "__main__":
    main()
