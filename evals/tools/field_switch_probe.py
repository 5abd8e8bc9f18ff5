"""A design probe of field switches, generated from the TUNE records gold only; not an eval set.

Each conversation asks one field of a KPI or programme record by its name (「<name>の基準値は？」), then the record's
other fields elliptically (「目標値は？」「じゃあ上限は？」). A turn's gold is the record's value for that field, kept only
when the field holds one value written verbatim in the record's document. A near-miss turn (gold null: the assistant
should abstain) asks a cap or budget the record leaves empty, only when no line near any mention of the name speaks of
one (so the document surely gives none). Output goes to a scratch path, never to evals/tune or evals/test.

    python evals/tools/field_switch_probe.py build --out /tmp/fs_probe.jsonl
    python evals/tools/field_switch_probe.py score --probe /tmp/fs_probe.jsonl --out /tmp/fs_probe_turns.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "evals" / "records"
CORPUS = ROOT / "corpus"

#: Turn-1 phrasings (name, field word) and elliptical follow-up phrasings (field word).
OPENERS = ("{name}の{field}は？", "{name}、{field}はいくつ？", "{name}の{field}を教えて")
OPENERS_WORDS = ("{name}の{field}は？", "{name}の{field}を教えて", "{name}って{field}は？")
SWITCHES = (
    "{field}は？",
    "じゃあ{field}は？",
    "{field}はどう？",
    "では{field}は？",
    "{field}の方は？",
    "{field}も教えて",
    "それの{field}は？",
)

#: Field -> the word a user asks it by (a few per field, one chosen per turn).
KPI_WORDS = {
    "baseline": ("基準値",),
    "targets": ("目標値", "目標"),
    "progress": ("進捗率",),
    "actuals": ("実績値", "実績"),
}
PROG_WORDS = {
    "rates": ("補助率",),
    "caps": ("上限", "上限額"),
    "budgets": ("予算", "予算額"),
    "eligible": ("対象", "支援対象"),
    "covered_costs": ("対象経費",),
    "period": ("期間",),
    "ministry": ("所管", "所管省庁"),
}
#: Words whose absence near a name makes an empty field surely unstated (field -> words).
ABSENT_CUES = {"caps": ("上限", "限度", "最大"), "budgets": ("予算", "百万円", "億円", "千円")}
WORD_FIELDS = {"eligible", "covered_costs", "period", "ministry"}


@dataclass(frozen=True)
class Ask:
    """One field of a record the probe can ask: its word choices and gold (None: expect abstention)."""

    field: str
    words: tuple[str, ...]
    gold: str | None


def compact(text: str) -> str:
    """NFKC without whitespace, as the scorer compares."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pick(options: tuple[str, ...], key: str) -> str:
    """A stable choice among options (the same probe on every run)."""
    return options[int(hashlib.sha1(key.encode()).hexdigest(), 16) % len(options)]


def load_tune(kind: str) -> Iterator[dict[str, Any]]:
    """Every record of the tune split's files of one kind (kpis or programmes); never a test file."""
    for path in sorted(RECORDS.glob(f"{kind}_tune*.jsonl")):
        assert "_test" not in path.name
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def single(values: list[str | None]) -> str | None:
    """The one value of a field, or None when it holds none or several."""
    vals = [v for v in values if v]
    return vals[0] if len(vals) == 1 else None


def kpi_asks(rec: dict[str, Any]) -> list[Ask]:
    """The KPI's askable fields: baseline, a single target, progress, a single actual with a value."""
    base = rec.get("baseline") or {}
    out = [
        Ask("baseline", KPI_WORDS["baseline"], base.get("value")),
        Ask("targets", KPI_WORDS["targets"], single([t.get("value") for t in rec.get("targets") or []])),
        Ask("progress", KPI_WORDS["progress"], rec.get("progress")),
        Ask("actuals", KPI_WORDS["actuals"], single([a.get("value") for a in rec.get("actuals") or []])),
    ]
    out = [a for a in out if a.gold]
    # Several actuals or targets: each asked by its year (「R4の実績は？」), the later ones first, two at most.
    for key, word in (("actuals", "実績"), ("targets", "目標")):
        rows = [r for r in rec.get(key) or [] if r.get("value") and r.get("year")]
        if len(rows) > 1:
            out += [Ask(key, (f"{r['year']}の{word}",), r["value"]) for r in rows[::-1][:2]]
    return out


def prog_asks(rec: dict[str, Any], doc_lines: list[str]) -> list[Ask]:
    """The programme's askable fields, and near-miss asks for a cap or budget surely unstated."""
    out = [
        Ask("rates", PROG_WORDS["rates"], single([r.get("rate") for r in rec.get("rates") or []])),
        Ask("caps", PROG_WORDS["caps"], single([c.get("cap") for c in rec.get("caps") or []])),
        Ask("budgets", PROG_WORDS["budgets"], single([b.get("amount") for b in rec.get("budgets") or []])),
        Ask("eligible", PROG_WORDS["eligible"], single(list(rec.get("eligible") or []))),
        Ask("covered_costs", PROG_WORDS["covered_costs"], single(list(rec.get("covered_costs") or []))),
        Ask("period", PROG_WORDS["period"], rec.get("period")),
        Ask("ministry", PROG_WORDS["ministry"], rec.get("ministry")),
    ]
    kept = [a for a in out if a.gold]
    for field, cues in ABSENT_CUES.items():  # one near-miss a conversation, so abstention does not swamp the probe
        if not rec.get(field) and kept and surely_absent(rec, doc_lines, cues):
            kept.append(Ask(field, PROG_WORDS[field], None))
            break
    return kept


def surely_absent(rec: dict[str, Any], lines: list[str], cues: tuple[str, ...], span: int = 15) -> bool:
    """No line within ``span`` lines of any mention of the name (or a variant) holds a cue word."""
    names = [compact(n) for n in [rec["name"], *(rec.get("variants") or [])] if n]
    hits = [i for i, ln in enumerate(lines) if any(n in compact(ln) for n in names)]
    if not hits:
        return False
    return not any(
        any(c in lines[j] for c in cues) for i in hits for j in range(max(0, i - span), min(len(lines), i + span + 1))
    )


def telling(gold: str) -> bool:
    """A gold that can only be in the answer if the value was found: a digit or three characters ("-％" is not)."""
    return bool(re.search(r"\d", gold)) or len(compact(gold)) >= 3


def conversation(rec_id: str, doc: str, name: str, asks: list[Ask], text: str) -> dict[str, Any] | None:
    """Turn 1 asks the first answerable field by name; the rest are asked elliptically."""
    asks = [a for a in asks if a.gold is None or (compact(a.gold) in text and telling(a.gold))]
    # A field whose value repeats an earlier one cannot tell a switch from the first value carried over.
    asks = [
        a
        for i, a in enumerate(asks)
        if a.gold is None or all(compact(a.gold) != compact(b.gold or "") for b in asks[:i])
    ]
    answerable = [a for a in asks if a.gold is not None]
    if not answerable or len(asks) < 2:
        return None
    first = answerable[0]
    rest = [a for a in asks if a is not first]
    word = pick(first.words, rec_id + first.field)
    openers = OPENERS_WORDS if first.field in WORD_FIELDS else OPENERS
    turns = [{"question": pick(openers, rec_id).format(name=name, field=word), "doc": doc, "answer": first.gold}]
    for a in rest:
        q = pick(SWITCHES, rec_id + a.field).format(field=pick(a.words, rec_id + a.field + "w"))
        turns.append({"question": q, "doc": doc, "answer": a.gold, "field": a.field})
    turns[0]["field"] = first.field
    return {"id": f"fs-{rec_id}", "kind": "field_switch", "turns": turns}


def build() -> list[dict[str, Any]]:
    """Every probe conversation of the tune records."""
    docs = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    out = []
    for rec in load_tune("kpis"):
        conv = conversation(rec["id"], rec["doc"], rec["indicator"], kpi_asks(rec), compact(docs[rec["doc"]]))
        if conv:
            out.append(conv)
    for rec in load_tune("programmes"):
        lines = docs[rec["doc"]].splitlines()
        conv = conversation(rec["id"], rec["doc"], rec["name"], prog_asks(rec, lines), compact(docs[rec["doc"]]))
        if conv:
            out.append(conv)
    return out


class Recorder:
    """Wraps the engine so the scorer's own run (run_conversation) also leaves every answer to read."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.log: list[dict[str, Any]] = []

    def answer(self, question: str, history: list[dict[str, str]] | None = None) -> Any:
        ans = self.engine.answer(question, history=history)
        self.log.append(
            {
                "question": question,
                "answer": ans.answer,
                "abstained": bool(ans.abstained),
                "source": getattr(ans, "source", None),
            }
        )
        return ans


def score(probe: Path, out: Path) -> None:
    """Score the probe with the eval's conversation scorer; write every turn with its answer."""
    sys.path.append(str(ROOT))  # after PYTHONPATH: the code under test is the one on the path
    from assistant.cli.common import settings_from
    from assistant.evals.conversations import Conversation, Turn, evaluate_conversations
    from assistant.evals.fit_adapter import use_out_of_fold_adapter
    from assistant.service import Assistant

    raw = [json.loads(x) for x in probe.read_text(encoding="utf-8").splitlines() if x.strip()]
    convs = [
        Conversation(
            c["id"],
            c["kind"],
            tuple(Turn(t["question"], t["doc"], t["answer"], None) for t in c["turns"]),
            "field_switch_probe",
            "probe",
        )
        for c in raw
    ]
    engine = Assistant.load(settings_from())
    use_out_of_fold_adapter(engine)
    rec = Recorder(engine)
    figures = evaluate_conversations(rec, convs)
    from assistant.evals import metrics as m

    rows, log = [], iter(rec.log)
    for c in raw:
        first_answer = ""
        for i, t in enumerate(c["turns"]):
            got = next(log)
            ok = m.answer_correct(t["answer"], got["answer"], got["abstained"]) if t["answer"] else got["abstained"]
            first_answer = first_answer or got["answer"]
            rows.append(
                {
                    "id": c["id"],
                    "turn": i,
                    "field": t["field"],
                    "question": t["question"],
                    "gold": t["answer"],
                    "right": ok,
                    "answerable": t["answer"] is not None,
                    **got,
                    "first_gold": c["turns"][0]["answer"],
                    "same_as_first": i > 0 and got["answer"] == first_answer,
                }
            )
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    fu = [r for r in rows if r["turn"] > 0]
    print(json.dumps(figures["summary"] if figures else {}, ensure_ascii=False))
    for label, sel in (
        ("answerable", [r for r in fu if r["answerable"]]),
        ("near-miss", [r for r in fu if not r["answerable"]]),
    ):
        print(f"follow-ups {label}: {sum(r['right'] for r in sel)} / {len(sel)}")


def main() -> None:
    """build: write the probe; score: run it through the conversation scorer."""
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=("build", "score"))
    ap.add_argument("--out", default="/tmp/fs_probe.jsonl")
    ap.add_argument("--probe", default="/tmp/fs_probe.jsonl")
    args = ap.parse_args()
    out = Path(args.out)
    if out.resolve().is_relative_to(ROOT / "evals"):
        sys.exit("write the probe outside evals/ (it is not an eval set)")
    if args.cmd == "build":
        convs = build()
        out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in convs), encoding="utf-8")
        n = sum(len(c["turns"]) - 1 for c in convs)
        nm = sum(1 for c in convs for t in c["turns"][1:] if t["answer"] is None)
        print(f"{len(convs)} conversations, {n} follow-ups ({nm} near-miss) -> {out}")
    else:
        score(Path(args.probe), out)


if __name__ == "__main__":
    main()
