"""Why design answers are abstained or wrong, and what each pre-gate check saves and costs.

For each design item (tune sets less the held-out ones) the answer is classed by where it failed: (a) retrieval (the
evidence in no retrieved passage), (b) a check before the gate (a policy bound, the role or year check, a constraint),
(c) the fitted gate's probability below its threshold, (d) a wrong value or passage. Then every pre-gate check is
switched off alone and the items asked again: its cost is the answerable items that become right without it, its
value the unanswerable items it kept abstained that are then answered (before the gate and after it); the right
answers lost without it are counted apart, as kept right by it.
With ``--held-out`` the same is done on the held-out banks (`lead_audit.HELD_OUT`) and only counts are written, never
an item: a check whose value on the design items does not hold on items nobody designed on is fitted to them.
Run: ``python evals/tools/abstain_audit.py --out /tmp/abstain_audit.json [--held-out]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

from lead_audit import HELD_OUT  # one list of the sets never read item by item (run as a script: its folder)

from assistant.answer import answerer as answerer_module
from assistant.answer import extract as extract_module
from assistant.answer import policy as policy_module
from assistant.cli.common import settings_from
from assistant.evals import metrics as m
from assistant.evals.fit_adapter import use_out_of_fold_adapter
from assistant.evals.sets import EvalItem, load_sets
from assistant.service import Assistant


class _NoYearCut(dict):
    """Features whose `year_missing` the answerer's cut reads as 0 (the gate reads the real value with ``get``)."""

    def __getitem__(self, key: str) -> Any:
        return 0.0 if key == "year_missing" else super().__getitem__(key)


def _policy(engine: Any, **changes: Any) -> Callable[[], contextlib.AbstractContextManager]:
    """A switch replacing fields of the answerer's policy."""

    @contextlib.contextmanager
    def switch() -> Iterator[None]:
        a = engine.answerer
        old = a.policy
        a.policy = replace(old, **changes)
        try:
            yield
        finally:
            a.policy = old

    return switch


def _patch(target: Any, name: str, value: Any) -> Callable[[], contextlib.AbstractContextManager]:
    """A switch replacing one module attribute."""
    return lambda: mock.patch.object(target, name, value)


def _constraint(reason: str) -> Callable[[], contextlib.AbstractContextManager]:
    """A switch silencing one reason of the constraint check."""
    real = answerer_module.unmet

    def unmet(*args: Any, **kwargs: Any) -> str:
        why = real(*args, **kwargs)
        return "" if why == reason else why

    return _patch(answerer_module, "unmet", unmet)


def switches(engine: Any) -> dict[str, Callable[[], contextlib.AbstractContextManager]]:
    """Every pre-gate check, by name, as a switch that turns it off."""
    real_features = answerer_module.features_of
    out: dict[str, Callable[[], contextlib.AbstractContextManager]] = {
        "overlap(value)": _policy(engine, min_value_overlap=0.0),
        "overlap(passage)": _policy(engine, min_overlap=0.0),
        "focus": _policy(engine, min_focus=0.0),
        "anchored": _policy(engine, require_anchor=False),
        "named": _policy(engine, require_named=False),
        "coarser_date": _patch(policy_module, "coarser_than_asked", lambda *a: False),
        "role": _patch(answerer_module, "asked_role", lambda *a: None),
        "counts_other": _patch(extract_module, "counts_something_else", lambda *a: False),
        "aim_for_now": _patch(extract_module, "is_target_value", lambda *a: False),
        "year_missing": _patch(answerer_module, "features_of", lambda *a, **k: _NoYearCut(real_features(*a, **k))),
    }
    for reason in ("breakdown member year aim before part count progress").split():
        out[f"constraint:{reason}"] = _constraint(reason)
    return out


def evidence_retrieved(engine: Any, item: EvalItem, hits: list[Any]) -> bool:
    """Whether the item's evidence (or gold) lies in a retrieved passage."""
    keys = m.relevance_keys(item.evidence or "")
    return any(m.is_relevant(h.chunk.text, keys) for h in hits)


def classify(engine: Any, item: EvalItem) -> dict[str, Any]:
    """The final answer, the pre-gate answer and, for a failed answerable item, its cause."""
    a = engine.answerer
    final = engine.answer(item.question)
    right = bool(item.answerable and m.answer_correct(item.answer, final.answer, final.abstained))
    pre, features, hits, _intent, why, _res = a._answered(item.question, None, None, None, a.policy)
    row: dict[str, Any] = {"id": item.id, "set": item.set, "answerable": item.answerable, "ask": item.ask}
    row |= {"abstained": final.abstained, "right": right, "pre_abstained": pre.abstained, "why": why}
    if features is not None and a.confidence is not None:
        row["p"] = round(a.confidence.probability(features), 4)
        row["thr"] = round(a.confidence.threshold_for(features), 4)
    row["pre_right"] = bool(item.answerable and m.answer_correct(item.answer, pre.answer, pre.abstained))
    if not item.answerable or right:
        return row
    got = evidence_retrieved(engine, item, hits)
    if not final.abstained:
        row["cause"] = "d:wrong value/passage" if got else "a:retrieval (answered wrong)"
    elif not pre.abstained and why:
        row["cause"] = f"b:constraint:{why}"
    elif not pre.abstained:
        row["cause"] = "c:gate (pre-gate right)" if row["pre_right"] else "c:gate (pre-gate wrong)"
    else:
        row["cause"] = "b:pre-gate check" if got else "a:retrieval (abstained)"
    return row


def main() -> None:
    """Classify the design items, then switch each check off and count what changes."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/abstain_audit.json")
    ap.add_argument("--sets", default="evals/tune")
    ap.add_argument("--no-switches", action="store_true", help="classify only")
    ap.add_argument("--held-out", action="store_true", help="the held-out banks instead, counts only")
    ap.add_argument("--only", action="append", default=[], help="switch only this check (repeatable)")
    args = ap.parse_args()
    paths = [p for p in sorted(Path(args.sets).glob("*.jsonl")) if (p.name in HELD_OUT) == args.held_out]
    items, _ = load_sets([p for p in paths if not p.name.startswith("conversations")])
    engine = Assistant.load(settings_from())
    use_out_of_fold_adapter(engine)
    base = {it.id: classify(engine, it) for it in items}
    causes = Counter(r["cause"] for r in base.values() if "cause" in r)
    checks: dict[str, dict[str, Any]] = {}
    report: dict[str, Any] = {"n": len(items), "causes": dict(causes.most_common()), "items": base, "checks": checks}
    which = "held-out" if args.held_out else "design"
    print(f"{len(items)} {which} items; answerable {sum(it.answerable for it in items)}")
    for why, n in causes.most_common():
        print(f"{n:4d}  {why}")
    if not args.no_switches:
        for name, switch in switches(engine).items():
            if args.only and name not in args.only:
                continue
            checks[name] = measure(engine, items, base, switch)
            print(name, checks[name]["counts"])
    if args.held_out:  # aggregates only: no item, no id
        report = {"n": report["n"], "causes": report["causes"]}
        report["checks"] = {name: {"counts": c["counts"]} for name, c in checks.items()}
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def measure(
    engine: Any, items: list[EvalItem], base: dict[str, dict[str, Any]], switch: Callable[[], Any]
) -> dict[str, Any]:
    """What turning one check off changes: right answers gained and lost, unanswerable items answered."""
    counts: Counter[str] = Counter()
    changed: dict[str, list[str]] = {}
    with switch():
        for it in items:
            b = base[it.id]
            r = classify(engine, it)
            if it.answerable:
                if r["right"] and not b["right"]:
                    key = "cost: right without it"
                elif b["right"] and not r["right"]:
                    key = "kept right by it"
                elif r["pre_right"] and not b["pre_right"]:
                    key = "cost(pre-gate): right without it, gate stops"
                else:
                    continue
            elif not r["abstained"] and b["abstained"]:
                key = "value: unanswerable answered without it"
            elif not r["pre_abstained"] and b["pre_abstained"]:
                key = "value(pre-gate): unanswerable reaches the gate without it, gate stops"
            else:
                continue
            counts[key] += 1
            changed.setdefault(key, []).append(it.id)
    return {"counts": dict(counts), "items": changed}


if __name__ == "__main__":
    main()
