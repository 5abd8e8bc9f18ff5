"""Leave one document out: does the query adapter help a document it has no tune questions for?

    HF_HUB_OFFLINE=1 python evals/tools/adapter_lodo.py

For each document, the adapter is fitted (at the build's chosen pull and epochs) on the other documents' tune
questions, with and without the corpus's heading pairs, and that document's tune questions are searched with it:
dense recall@1/@5 and MRR@10 against the unmapped question vectors. Reads the current index; writes nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.evals.fit_adapter import _with_corpus, adapter_pairs, ranks, summary, train, with_headings  # noqa: E402
from assistant.evals.sets import load_sets  # noqa: E402
from assistant.retrieval.query_adapter import ADAPTER_REPORT  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def main() -> None:
    engine = Assistant.load(Settings(use_query_adapter=False))
    paths = sorted(p for p in (ROOT / "evals" / "tune").glob("*.jsonl") if not p.name.startswith("conversations"))
    items, _ = load_sets(paths)
    hybrid, dense = engine.hybrid, engine.dense
    passages = np.asarray(dense.index.reconstruct_n(0, dense.index.ntotal), dtype=np.float32)
    chunks = [hybrid.passages.at(i) for i in range(len(hybrid.passages))]
    embed = dense.embedder.embed_queries
    pairs = adapter_pairs(items, [c.text for c in chunks], passages, embed)
    headed = with_headings(pairs, [c.heading for c in chunks], embed)
    report_path = engine.stored.path / ADAPTER_REPORT if engine.stored.path else None
    chosen = json.loads(report_path.read_text()) if report_path and report_path.is_file() else {}
    l2, epochs = float(chosen.get("l2", 0.003)), int(chosen.get("epochs", 100))
    doc_of = {it.id: it.doc for it in items}
    docs = np.array([doc_of[i] for i in pairs.ids])
    totals: dict[str, list[int]] = {"no adapter": [], "adapter": [], "adapter + heading pairs": []}
    for doc in sorted(set(docs.tolist())):
        held, rest = docs == doc, docs != doc
        asked = [p for p, k in zip(pairs.positives, held.tolist(), strict=True) if k]
        known = [p for p, k in zip(pairs.positives, rest.tolist(), strict=True) if k]
        plain = train(pairs.vectors[rest], known, passages, l2, (epochs,))[epochs]
        vectors, positives = _with_corpus(headed, pairs.vectors[rest], known)
        with_heads = train(vectors, positives, passages, l2, (epochs,))[epochs]
        for name, matrix in zip(totals, (None, plain, with_heads), strict=True):
            got = ranks(pairs.vectors[held], matrix, passages, asked)
            totals[name] += got
            print(f"{doc} ({len(asked)} questions) {name}: {summary(got)}")
    for name, got in totals.items():
        print(f"all ({len(got)}) {name}: {summary(got)}")


if __name__ == "__main__":
    main()
