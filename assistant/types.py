"""Typed records that flow through the pipeline: documents, chunks, hits, answers."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assistant.text.normalize import has_line_numbers

AnswerKind = Literal["kpi", "programme", "eligibility", "budget", "general"]


def split_lines(text: str) -> list[str]:
    """Split on newlines only, as editors and ``sed -n`` count lines (not on form feeds)."""
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    return lines


@dataclass(frozen=True)
class Location:
    """From line ``line`` (1-based) on, the text is on PDF page ``page`` or under the Word/HTML heading ``section``.

    ``heading`` marks a line that is itself the section's heading.
    """

    line: int
    page: int | None = None
    section: str | None = None
    heading: bool = False


def locate(locations: Sequence[Location], line: int) -> Location | None:
    """The location in force at ``line`` (locations sorted by line), or None before the first one.

    Example:
        >>> locate([Location(1, page=1), Location(40, page=2)], 41).page
        2
    """
    i = bisect_right([loc.line for loc in locations], line) - 1
    return locations[i] if i >= 0 else None


def locations_from(data: Sequence[Sequence[Any]] | None) -> tuple[Location, ...]:
    """Locations back from their JSON form ``[[line, page, section, heading], ...]`` (as in documents.json)."""
    return tuple(Location(int(r[0]), r[1], r[2], bool(r[3]) if len(r) > 3 else False) for r in data or ())


@dataclass(frozen=True)
class Document:
    """One corpus file: its extracted text (never altered after extraction) and metadata.

    ``text`` is the file itself for .txt/.md, and the extraction (one line per paragraph or
    table row, cells tab-separated) for PDF, Word and HTML; ``locations`` maps its lines to
    pages or sections.
    """

    doc_id: str  # the file name under corpus/
    title: str
    publisher: str | None
    date: str | None
    text: str  # decoded original text
    encoding: str
    sha256: str  # of the raw bytes
    kind: str | None = None
    title_inferred: bool = False
    format: str = "text"  # text, pdf, docx, html
    locations: tuple[Location, ...] = ()
    notes: tuple[str, ...] = ()  # what the extraction could not do cleanly (two columns, vertical text, ...)

    @property
    def lines(self) -> list[str]:
        """Original lines without line terminators (line n is ``lines[n - 1]``)."""
        return split_lines(self.text)

    def where(self, line: int) -> Location | None:
        """Page or section of a line (None for plain text)."""
        return locate(self.locations, line)

    def heading_lines(self) -> frozenset[int]:
        """Lines the file marks as headings (Word heading styles, HTML h1-h6)."""
        return frozenset(loc.line for loc in self.locations if loc.heading)

    def summary(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "kind": self.kind,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "title_inferred": self.title_inferred,
            "lines": len(self.lines),
            "line_numbers": has_line_numbers(self.lines),
            "format": self.format,
            "pages": max((loc.page or 0 for loc in self.locations), default=0) or None,
            "locations": [[loc.line, loc.page, loc.section, loc.heading] for loc in self.locations],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class LoadProblem:
    """A corpus file that could not be used, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with provenance in its original file.

    ``text`` is the original wording (a verbatim slice of the file, lines ``line_start``..``line_end``,
    1-based, inclusive); ``search_text`` is its cleaned, normalised form used for matching.
    """

    chunk_id: str
    doc: str
    title: str
    heading: str
    line_start: int
    line_end: int
    text: str
    search_text: str
    char_start: int = 0  # offsets into the document's text
    char_end: int = 0
    page: int | None = None  # PDF page of line_start (None for text, Word and HTML)
    page_end: int | None = None  # PDF page of line_end
    section: str | None = None  # Word/HTML heading the chunk stands under

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(**data)


@dataclass(frozen=True)
class Hit:
    """A chunk returned by a retriever, with its fused score and the scores behind it."""

    chunk: Chunk
    score: float
    rank: int
    bm25_score: float | None = None
    dense_score: float | None = None


@dataclass(frozen=True)
class Citation:
    """Where an answer stands: the passage and the exact sentence(s) quoted from it."""

    n: int
    chunk_id: str
    doc: str
    title: str
    date: str | None
    text: str
    quote: str
    line_start: int  # lines of the chunk
    line_end: int
    quote_line_start: int = 0  # lines of the quote itself
    quote_line_end: int = 0
    page: int | None = None  # PDF page of the quote (of the passage when there is no quote line)
    section: str | None = None  # Word/HTML section of the quote

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: Why an answer abstained: no passage states it, one does under another condition, or the gate was unsure.
AbstainedBy = Literal["evidence", "constraint", "confidence"]


@dataclass
class Answer:
    """An answer with citation markers [n] and the citations they point to."""

    id: str
    question: str
    answer: str
    abstained: bool
    kind: AnswerKind
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)  # closest passages when abstaining
    took_ms: float = 0.0
    source: Literal["extractive", "records", "llm"] = "extractive"
    confidence: float | None = None  # the fitted model's probability that the answer is right (None: no model)
    #: Why it abstained (None: it answered): no passage states it, one does under another condition than asked
    #: (another year, member or part), or the fitted gate (with none loaded, the rules' topic bound) was not sure
    #: enough of the answer found.
    abstained_by: AbstainedBy | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
