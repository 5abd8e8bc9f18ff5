"""Why tune answers are right but not lead-right, or wrong with the gold in a retrieved passage, grouped by cause.

Reads the tune sets only, less the held-out ones; writes one JSON line per such item and a count by cause.
Run: ``python evals/tools/lead_audit.py --out /tmp/lead_audit.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from assistant.cli.common import settings_from
from assistant.evals import metrics as m
from assistant.evals.fit_adapter import use_out_of_fold_adapter
from assistant.evals.sets import load_sets
from assistant.service import Assistant
from assistant.text.normalize import compact

#: The validation sets and the newer held-out sets (session 32 added pool26_bank and conversations_pool23 and
#: released pool22_bank and conversations_pool19 to design): read only as aggregates, never item by item.
HELD_OUT = {
    "pool23_bank.jsonl",
    "pool24_bank.jsonl",
    "pool25_bank.jsonl",
    "pool26_bank.jsonl",
    "conversations_pool20.jsonl",
    "conversations_pool21.jsonl",
    "conversations_pool22.jsonl",
    "conversations_pool23.jsonl",
}


def first_passage(text: str) -> str:
    """The answer up to its first marker, with the bracketed context right after it: the first passage's text."""
    at = text.find("[1]")
    if at < 0:
        return text
    rest = text[at + 3 :].lstrip("。 ")
    close = rest.find("）") if rest.startswith("（") else -1
    return text[: at + 3] + (rest[: close + 1] if close >= 0 else "")  # a value's lead ends 「[1]。（…）」


def cause(gold: str, text: str, source: str, hits_text: list[str]) -> str:
    """A coarse cause for one answer (see the module)."""
    g = compact(gold)
    if g in compact(m.strip_markers(text)):
        if source == "records":
            return "right/records: gold outside the record lead"
        if g not in compact(m.strip_markers(first_passage(text))):
            return "right/passage: gold only in the second passage"
        if re.match(r"^[^\[]*です\s?\[1\]", m.nfkc(text)):
            return "right/value: lead value is another value of the window"
        if g in compact(m.nfkc(text).split("[1]")[0]):
            return "right/passage: gold later in the first passage's own window (no context brackets)"
        return "right/passage: gold in the bracketed context, not the answering sentence"
    if any(g in compact(h) for h in hits_text[:1]):
        return f"wrong/{source}: gold in the top passage"
    if any(g in compact(h) for h in hits_text):
        return f"wrong/{source}: gold in another retrieved passage"
    return ""


def main() -> None:
    """Answer the tune items and write the ones with a cause."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/lead_audit.jsonl")
    ap.add_argument("--sets", default="evals/tune")
    ap.add_argument("--all", action="store_true", help="write every answered item, lead-right ones too")
    args = ap.parse_args()
    paths = [p for p in sorted(Path(args.sets).glob("*.jsonl")) if p.name not in HELD_OUT]
    paths = [p for p in paths if not p.name.startswith("conversations")]
    items, _ = load_sets(paths)
    engine = Assistant.load(settings_from())
    use_out_of_fold_adapter(engine)
    counts: Counter[str] = Counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for it in items:
            if not it.answerable:
                continue
            ans = engine.answer(it.question)
            lead_right = m.lead_correct(it.answer, ans.answer, ans.abstained)
            if ans.abstained or (lead_right and not args.all):
                continue
            hits = engine.search(it.question, 5, None)
            why = "lead right" if lead_right else cause(it.answer, ans.answer, ans.source, [h.chunk.text for h in hits])
            if not why and not args.all:
                continue
            counts[why] += 1
            row = {"id": it.id, "set": it.set, "ask": it.ask, "cause": why, "question": it.question}
            row |= {"gold": it.answer, "evidence": it.evidence, "answer": ans.answer}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    for why, n in counts.most_common():
        print(f"{n:4d}  {why}")


if __name__ == "__main__":
    main()
