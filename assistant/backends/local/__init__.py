"""The embedded backend: a published build as plain files under ``index/`` (bm25s, FAISS, JSONL, JSON)."""
