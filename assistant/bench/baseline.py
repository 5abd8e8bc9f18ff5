"""The bench's reference server: the least a FastAPI + bm25s search service over the same chunks does.

Plain fugashi surface tokens, one bm25s index, no logging, no middleware. ``assistant bench`` runs it
beside ``assistant serve`` in the same run and reports our figures as ratios to it::

    python -m assistant.bench.baseline CHUNKS_JSONL --port 8001
"""

from __future__ import annotations

import json
import sys

import bm25s
import fugashi
import numpy as np
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel


class Search(BaseModel):
    query: str
    top_k: int = 5


class Ask(BaseModel):
    question: str


def create_app(chunks_path: str) -> FastAPI:
    """Index the ``chunks.jsonl`` of a build; ``/v1/search`` and ``/v1/answer`` (top passages, no extraction)."""
    with open(chunks_path, encoding="utf-8") as f:
        chunks = [json.loads(line) for line in f if line.strip()]
    tagger = fugashi.Tagger()
    model = bm25s.BM25()
    model.index([[w.surface for w in tagger(c["text"])] for c in chunks], show_progress=False)
    app = FastAPI()

    def top(text: str, k: int) -> list[dict]:
        tokens = [w.surface for w in tagger(text) if w.surface in model.vocab_dict]
        scores = model.get_scores(tokens) if tokens else np.zeros(len(chunks))
        best = np.argsort(-scores)[:k]
        return [{"rank": r, "score": float(scores[i]), **chunks[i]} for r, i in enumerate(best, start=1)]

    # async: one event loop thread owns the (not thread-safe) MeCab tagger.
    @app.post("/v1/search")
    async def search(body: Search) -> dict:
        return {"query": body.query, "hits": top(body.query, body.top_k)}

    @app.post("/v1/answer")
    async def answer(body: Ask) -> dict:
        hits = top(body.question, 3)
        return {"answer": hits[0]["text"] if hits else "", "citations": hits}

    return app


def main(argv: list[str] | None = None) -> None:
    import argparse

    p = argparse.ArgumentParser(prog="python -m assistant.bench.baseline", description=__doc__.split("\n\n")[0])
    p.add_argument("chunks", help="chunks.jsonl of an index build")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8001)
    args = p.parse_args(argv)
    uvicorn.run(create_app(args.chunks), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    sys.exit(main())
