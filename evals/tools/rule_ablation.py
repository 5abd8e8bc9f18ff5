"""Does each hand rule pay on questions nobody wrote it for? Switch it off, re-ask, count the items it wins and loses.

    python evals/tools/rule_ablation.py --split tune --json /tmp/tune.json
    python evals/tools/rule_ablation.py --split test --json /tmp/test.json names_sibling year
    python evals/tools/rule_ablation.py --split tune strip_field+without_fields

Rules joined by ``+`` are switched off together: rules that feed one another (one finds what another acts on) are
measured as one, and their later rounds are those written after the newest of them.

Each rule of `RULES` is replaced by its neutral answer (a check that never fires, a rewrite that changes nothing)
while every item of the split is asked again with the published index and fitted files: conversation rules over the
conversation sets (follow-up turns with their history), question checks over the question sets. For each rule the
tool prints the items the rule wins (right with it, wrong without) and loses, on all sets and on the sets **written
after the rule** (their first commit is later than the commit that added the rule's function: `git log -S`), which
the rule cannot have been fitted on. A rule stays when it pays on those later rounds or on the test split (read as
these aggregate counts only); one that pays on neither is retired. The fitted gate is not refitted per rule, so a
check the gate could take over shows its worth against today's gate.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _never(*_a: Any, **_k: Any) -> bool:
    return False


def _nothing(*_a: Any, **_k: Any) -> str:
    return ""


def _same(text: str, *_a: Any, **_k: Any) -> str:
    return text


#: A pattern that matches nothing: what a regular-expression rule is replaced by.
_NO_MATCH = re.compile(r"(?!)")


@dataclass(frozen=True)
class Rule:
    """A hand rule: where it lives, what stands in for it when off, and which items it acts on."""

    module: str
    attr: str  # a name of the module, or ``Class.method``
    neutral: Any  # a function, or the pattern or word set a constant rule is replaced by
    kind: str  # "conversations" or "questions"
    defined_in: str  # the file whose history dates the rule (`git log -S marker`)
    marker: str = ""  # the text that first wrote the rule ("def <name>" unless given)

    def dated_by(self) -> str:
        """The text whose first commit in `defined_in` dates the rule."""
        return self.marker or f"def {self.attr.split('.')[-1]}"

    def owner(self) -> Any:
        """The module or class the rule's name is set on."""
        owner: Any = importlib.import_module(self.module)
        for part in self.attr.split(".")[:-1]:
            owner = getattr(owner, part)
        return owner


_CONV = "assistant.answer.conversation"
_ANS = "assistant.answer.answerer"
_CON = "assistant.answer.constraints"
_FU = "assistant.answer.follow_up"
_QC = "assistant.answer.quantity_checks"
_QC_PY = "assistant/answer/quantity_checks.py"
_EX = "assistant.answer.extract"
_CONV_PY = "assistant/answer/conversation.py"
_FU_PY = "assistant/answer/follow_up.py"
RULES: dict[str, Rule] = {
    "in_shown_passage": Rule(_CONV, "_in_shown_passage", _never, "conversations", _CONV_PY),
    "names_sibling": Rule(_CONV, "_names_sibling", _never, "conversations", _CONV_PY),
    "borrowed_field": Rule(_CONV, "_borrowed_field", lambda question, *_a: question, "conversations", _CONV_PY),
    "borrowed_predicate": Rule(_CONV, "_borrowed_predicate", _nothing, "conversations", _CONV_PY),
    "opens_a_subject": Rule("assistant.answer.follow_up", "opens_a_subject", _never, "conversations", _FU_PY),
    # Dated by its gate, new in session 36: an older function of the same name (session 21's) was retired in 34.
    "about_the_subject": Rule(
        "assistant.answer.follow_up", "about_the_subject", _never, "conversations", _FU_PY, "def any_about_the_subject"
    ),
    "follow_up_near_miss": Rule("assistant.answer.follow_up", "follow_up_near_miss", _never, "conversations", _FU_PY),
    "shown_passages": Rule(
        _ANS, "shown_passages", lambda *_a, **_k: [], "conversations", "assistant/answer/drill_down.py"
    ),
    "turn_nouns": Rule(_ANS, "turn_nouns", lambda *_a, **_k: (), "conversations", _FU_PY),
    # The carried subject's shape: the field asked before dropped, all fields dropped when the turn names its own,
    # the item narrowed to; and whether a turn stands alone (the decision, an opener, a bare turn naming nothing).
    "strip_field": Rule(_CONV, "strip_field", _same, "conversations", "assistant/answer/turn_words.py"),
    "without_fields": Rule(_CONV, "without_fields", _same, "conversations", "assistant/answer/asked_fields.py"),
    "item_of": Rule(_CONV, "item_of", _same, "conversations", "assistant/answer/asked_fields.py"),
    "stands_alone": Rule(_CONV, "_stands_alone", _never, "conversations", _CONV_PY),
    "switches_topic": Rule(_CONV, "switches_topic", _never, "conversations", "assistant/answer/turn_words.py"),
    "nothing_at_length": Rule(
        _CONV, "names_nothing_at_length", _never, "conversations", "assistant/answer/turn_words.py"
    ),
    # A count field's predicate borrowed, and the record an answer was about carried.
    "count_field": Rule(
        "assistant.answer.turn_shape",
        "COUNT_FIELD",
        _NO_MATCH,
        "conversations",
        "assistant/answer/turn_shape.py",
        "COUNT_FIELD = re.compile",
    ),
    # Which sentence of the carried subject's passages answers the turn (`holding_first`).
    "place_row": Rule(_FU, "_PLACE_ASKED", _NO_MATCH, "conversations", _FU_PY, "_PLACE_ASKED = re.compile"),
    "pointed_item": Rule(_FU, "pointed_item", _nothing, "conversations", _FU_PY),
    # Parts of the follow-up near-miss check, and the words it does not ask for.
    "named_detail": Rule(_FU, "passage_for_a_named_detail", _never, "conversations", _FU_PY),
    "detail_near_value": Rule(_FU, "asked_detail_near_value", lambda *_a, **_k: True, "conversations", _FU_PY),
    "kind_nouns": Rule(_FU, "kind_nouns", lambda *_a: frozenset(), "conversations", _FU_PY),
    "modal_nouns": Rule(_FU, "MODAL_NOUNS", frozenset(), "conversations", _FU_PY, "MODAL_NOUNS = frozenset"),
    "list_member": Rule(
        "assistant.answer.blocks", "asks_member", _never, "questions", "assistant/answer/list_member.py"
    ),
    "breakdown": Rule(_CON, "_breakdown_unmet", _never, "questions", "assistant/answer/constraints.py"),
    "member": Rule(_CON, "_sibling_unmet", _never, "questions", "assistant/answer/constraints.py"),
    "year": Rule(_CON, "_year_unmet", _never, "questions", "assistant/answer/constraints.py"),
    "aim": Rule(_CON, "aim_for_reached", _never, "questions", "assistant/answer/reached_checks.py"),
    "part": Rule(_CON, "part_unmet", _never, "questions", "assistant/answer/constraints.py"),
    "count_only": Rule(_CON, "count_only", _never, "questions", _QC_PY),
    "progress": Rule(_CON, "progress_unstated", _never, "questions", "assistant/answer/named_checks.py"),
    "quantity": Rule(_CON, "quantity_unmet", _nothing, "questions", _QC_PY),
    # The quantity check's parts, each alone.
    "reached_for_aim": Rule(_QC, "reached_for_aim", _never, "questions", _QC_PY),
    "whole_for_kind": Rule(_QC, "whole_for_kind", _never, "questions", _QC_PY),
    # Sentences the extractor passes over: a count of another act, a target when the present is asked.
    "counts_other": Rule(_EX, "counts_something_else", _never, "questions", "assistant/answer/values.py"),
    "aim_for_now": Rule(_EX, "is_target_value", _never, "questions", "assistant/answer/values.py"),
    "role": Rule(_ANS, "role_unmet", _nothing, "questions", "assistant/answer/value_roles.py"),
    "coarser": Rule("assistant.answer.policy", "coarser_than_asked", _never, "questions", "assistant/answer/policy.py"),
}


@contextlib.contextmanager
def switched_off(rules: Sequence[Rule]) -> Iterator[None]:
    """The rules replaced by their neutral answers inside the block, restored after it (even on error)."""
    saved = []
    try:
        for rule in rules:
            owner, name = rule.owner(), rule.attr.split(".")[-1]
            saved.append((owner, name, getattr(owner, name)))  # a renamed rule fails here, loudly
            setattr(owner, name, rule.neutral)
        yield
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)


def outcomes(engine: Any, split_dir: Path, kind: str) -> dict[str, tuple[str, bool, bool]]:
    """Item key -> (its set, whether it counts as a follow-up turn, correct) for every item of ``kind`` in the split."""
    from assistant.evals import metrics as m
    from assistant.evals.conversations import load_conversations, run_conversation
    from assistant.evals.sets import is_conversation_set, load_sets

    paths = sorted(split_dir.glob("*.jsonl"))
    out: dict[str, tuple[str, bool, bool]] = {}
    if kind == "conversations":
        conversations, _ = load_conversations([p for p in paths if is_conversation_set(p)])
        for conv in conversations:
            for o in run_conversation(engine, conv):
                out[f"{conv.id}#{o.index}"] = (conv.set, o.index > 0, o.correct)
        return out
    items, _ = load_sets([p for p in paths if not is_conversation_set(p)])
    for item in items:
        answer = engine.answer(item.question)
        abstained = bool(answer.abstained)
        correct = m.answer_correct(item.answer, answer.answer, abstained) if item.answerable else abstained
        out[item.id] = (item.set, True, correct)
    return out


def won_lost(on: dict[str, tuple[str, bool, bool]], off: dict[str, tuple[str, bool, bool]],
             sets: set[str] | None = None) -> tuple[int, int]:  # fmt: skip
    """Items right with the rule and wrong without it, and the reverse (follow-up turns only, for conversations)."""
    won = lost = 0
    for key, (set_name, counted, right) in on.items():
        if not counted or (sets is not None and set_name not in sets):
            continue
        won += right and not off[key][2]
        lost += off[key][2] and not right
    return won, lost


def first_commit_time(args: Sequence[str]) -> str:
    """The ISO time of the oldest commit ``git log`` lists for ``args`` ("" outside a repository or for none)."""
    try:
        done = subprocess.run(["git", "log", "--reverse", "--format=%cI", *args], cwd=ROOT, capture_output=True,
                              text=True, check=True)  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return ""
    lines = done.stdout.split()
    return lines[0] if lines else ""


def later_sets(rules: Sequence[Rule], split_dir: Path, set_names: set[str]) -> set[str]:
    """The split's sets first committed after every one of the rules was (the rounds none was written on)."""
    births = [first_commit_time(["-S", rule.dated_by(), "--", rule.defined_in]) for rule in rules]
    if not births or not all(births):
        return set()
    # Compared as times, not as text: commits may carry different time-zone offsets.
    born = max(datetime.fromisoformat(b) for b in births)
    return {s for s in set_names if (t := first_commit_time(["--", str(split_dir / f"{s.split('/')[-1]}.jsonl")]))
            and datetime.fromisoformat(t) > born}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("tune", "test"), default="tune")
    parser.add_argument("--json", type=Path, help="write the per-rule counts here")
    parser.add_argument(
        "rules", nargs="*", help=f"rules to switch off, several joined by + (default: all): {', '.join(RULES)}"
    )
    args = parser.parse_args(argv)
    unknown = [part for r in args.rules for part in r.split("+") if part not in RULES]
    if unknown:
        parser.error(f"unknown rule(s): {', '.join(unknown)}")
    names = args.rules or list(RULES)
    groups = {name: [RULES[part] for part in name.split("+")] for name in names}
    mixed = [name for name, group in groups.items() if len({rule.kind for rule in group}) > 1]
    if mixed:
        parser.error(f"rules joined by + must act on the same kind of items: {', '.join(mixed)}")
    kinds = {rule.kind for group in groups.values() for rule in group}
    from assistant.service import Assistant
    from assistant.settings import Settings

    engine = Assistant.load(Settings())
    split_dir = ROOT / "evals" / args.split
    baseline = {kind: outcomes(engine, split_dir, kind) for kind in kinds}
    report = {}
    print(f"{'rule':22s} {'kind':13s} {'all sets':>10s}   later sets: n  won lost")
    for name in names:
        group = groups[name]
        kind = group[0].kind
        on = baseline[kind]
        with switched_off(group):
            off = outcomes(engine, split_dir, kind)
        later = later_sets(group, split_dir, {s for s, _, _ in on.values()})
        everywhere, afterwards = won_lost(on, off), won_lost(on, off, later)
        report[name] = {"kind": kind, "all": everywhere, "later_sets": sorted(later), "later": afterwards}
        print(f"{name:22s} {kind:13s} {everywhere[0]:4d} {everywhere[1]:4d}   {len(later):13d} "
              f"{afterwards[0]:4d} {afterwards[1]:4d}", flush=True)  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
