"""A citation of a passage: the quoted words, their lines, and the document's title and date."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.retrieval.interfaces import DocumentCatalog
from assistant.types import Citation, Hit, locate, locations_from


def make_citation(catalog: DocumentCatalog, n: int, hit: Hit, quote: str, q_start: int, q_end: int) -> Citation:
    """Citation ``[n]`` of ``quote`` (lines ``q_start..q_end``) inside the passage of ``hit``."""
    c = hit.chunk
    meta = catalog.document(c.doc) or {}
    # The quote's own page: a passage may run over a page break.
    where = locate(locations_from(meta.get("locations")), q_start or c.line_start)
    return Citation(
        n=n,
        chunk_id=c.chunk_id,
        doc=c.doc,
        title=c.title,
        date=meta.get("date"),
        text=c.text,
        quote=quote,
        line_start=c.line_start,
        line_end=c.line_end,
        quote_line_start=q_start,
        quote_line_end=q_end,
        page=where.page if where else c.page,
        section=where.section if where else c.section,
    )


def related_citations(catalog: DocumentCatalog, hits: Sequence[Hit], n: int = 3) -> list[Citation]:
    """The first line of each of the ``n`` closest passages, cited beside an abstention."""
    out = []
    for i, hit in enumerate(hits[:n], start=1):
        first = hit.chunk.text.strip().splitlines()[0] if hit.chunk.text.strip() else ""
        out.append(make_citation(catalog, i, hit, first, hit.chunk.line_start, hit.chunk.line_start))
    return out
