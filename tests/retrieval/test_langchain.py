"""The LangChain retriever's documented example runs as written, on the real index."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from assistant.retrieval import langchain as lc_module


def _example() -> str:
    doc = lc_module.AssistantRetriever.__doc__ or ""
    block = doc.split("::", 1)[1]
    lines = block.splitlines()[1:]
    indent = min(len(ln) - len(ln.lstrip()) for ln in lines if ln.strip())
    return "\n".join(ln[indent:] for ln in lines).strip()


@pytest.mark.slow
def test_documented_example_runs(engine) -> None:
    """The docstring's example, executed: it prints the cited document, line and words of each passage."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_example(), "AssistantRetriever example", "exec"), {})  # noqa: S102 - our own docstring
    printed = out.getvalue().splitlines()
    assert len(printed) == 3
    assert all(re.match(r"\d{3}_\w+\.txt \d+ ", line) for line in printed)
    assert any("モーダルシフト" in line or "補助率" in line for line in printed)


def test_documents_carry_provenance_and_map_back(engine) -> None:
    retriever = lc_module.AssistantRetriever(retriever=engine.hybrid, k=2)
    docs = retriever.invoke("移住支援金の支給額")
    assert len(docs) == 2
    hit = lc_module.document_to_hit(docs[0], engine.passages, engine.passages)
    assert hit is not None and hit.chunk.chunk_id == docs[0].metadata["chunk_id"]
    assert docs[0].page_content == hit.chunk.text
