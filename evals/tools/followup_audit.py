"""The tune conversations' follow-up turns, turn by turn on the design sets and as per-set counts on validation.

Design sets (tune conversations less lead_audit's HELD_OUT) are written one JSON line per turn (question, gold,
answer, right or not); the validation sets among HELD_OUT (conversations_pool20/21) are printed as per-set
follow-up counts only, never item by item; conversations_pool22 and _pool23 are not run at all.
Run: ``python evals/tools/followup_audit.py --out /tmp/fu.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lead_audit import HELD_OUT  # noqa: E402

from assistant.cli.common import settings_from  # noqa: E402
from assistant.evals import metrics as m  # noqa: E402
from assistant.evals.conversations import load_conversations  # noqa: E402
from assistant.evals.fit_adapter import use_out_of_fold_adapter  # noqa: E402
from assistant.service import Assistant  # noqa: E402

#: Read only as per-set aggregates (HELD_OUT's conversation sets that are not held out completely).
VALIDATION = {"conversations_pool20.jsonl", "conversations_pool21.jsonl"}


def main() -> None:
    """Ask every turn with its history; write design turns, print per-set follow-up counts."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/followup_audit.jsonl")
    ap.add_argument("--sets", default="evals/tune")
    ap.add_argument("--validation", action="store_true", help="also run the validation sets (aggregates only)")
    args = ap.parse_args()
    paths = sorted(Path(args.sets).glob("conversations*.jsonl"))
    design = [p for p in paths if p.name not in HELD_OUT]
    valid = [p for p in paths if p.name in VALIDATION] if args.validation else []
    engine = Assistant.load(settings_from())
    use_out_of_fold_adapter(engine)
    with open(args.out, "w", encoding="utf-8") as out:
        for group, write in ((design, True), (valid, False)):
            convs, _ = load_conversations(group)
            counts: dict[str, list[int]] = {}
            for conv in convs:
                history: list[dict[str, str]] = []
                for i, turn in enumerate(conv.turns):
                    ans = engine.answer(turn.question, history=list(history) or None)
                    text, abstained = ans.answer, bool(ans.abstained)
                    ok = m.answer_correct(turn.answer, text, abstained) if turn.answer is not None else abstained
                    if i > 0:
                        c = counts.setdefault(conv.set, [0, 0])
                        c[0] += ok
                        c[1] += 1
                    if write:
                        row = {"id": conv.id, "set": conv.set, "kind": conv.kind, "turn": i, "right": ok}
                        row |= {"question": turn.question, "gold": turn.answer, "answer": text}
                        row |= {"source": ans.source, "history": [h["content"] for h in history if h["role"] == "user"]}
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    history += [{"role": "user", "content": turn.question}, {"role": "assistant", "content": text}]
            total = [sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())]
            for name, (r, n) in sorted(counts.items()):
                print(f"{'design' if write else 'validation'} {name}: follow-ups {r} / {n}")
            print(f"{'design' if write else 'validation'} all: follow-ups {total[0]} / {total[1]}")


if __name__ == "__main__":
    main()
