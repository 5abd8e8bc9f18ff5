"""Answers read from a passage's structured blocks rather than its sentences: footnotes, member lists, slide fields, grids, number cards.

Each block ties a question to a value by the document's layout (a footnote's mark, a legend's mark, an item's
position, a row under its block's title, an entry's number, a table column's order), which sentence scoring cannot
see. They are tried in this order, after the records and before the sentences; the first that answers wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from assistant.answer.aligned import aligned_answer, aligned_value
from assistant.answer.block_answer import block_answer, lines_of
from assistant.answer.block_field import find_block_field
from assistant.answer.card import card_answer, card_value
from assistant.answer.column_table import cell_answer_text, find_cell
from assistant.answer.footnotes import find_footnote, footnote_answer
from assistant.answer.from_records import RecordAnswer
from assistant.answer.grid import grid_answer, grid_value
from assistant.answer.labelled_row import find_row, row_answer
from assistant.answer.lead_value import lead_sentence
from assistant.answer.list_member import asks_member, find_member, member_answer_text
from assistant.answer.list_size import find_size, size_answer_text
from assistant.answer.numbered_entry import Entry, asked_entry, entries_in, entry_answer, find_entry
from assistant.answer.roster import find_role_holder, role_holder_answer
from assistant.answer.round_value import asked_position, ordinal_value, round_asked
from assistant.answer.sub_entry import Group, case_answer, find_case, groups_in, in_documents
from assistant.answer.turn_words import elliptical
from assistant.question.kinds import QueryIntent, analyze
from assistant.question.named import meaning_asked
from assistant.question.rules import asked_role
from assistant.question.words import asks_value, defined_term
from assistant.retrieval.interfaces import PassageLookup, Passages, Retriever
from assistant.types import Chunk, Citation, Hit

#: Passages read on after a retrieved one for a list running over its end (passages hold a few lines each).
LIST_SPAN = 3
#: Passages read on after a retrieved one for the sibling blocks of labelled rows (`labelled_row`).
ROW_SPAN = 8
#: The retrieved passages a comparison table is looked for around, and how many passages either side (`column_table`).
TABLE_HITS = 3
TABLE_SPAN = 10


class BlockReaders:
    """The block readers over one build's passages."""

    def __init__(
        self,
        retriever: Retriever,
        passages: Passages,
        lookup: PassageLookup,
        idf: Mapping[str, float],
        citation: Callable[[int, Hit, str, int, int], Citation],
        line_numbers: frozenset[str] = frozenset(),
    ):
        self.retriever = retriever
        # A bare 「12 text」 in these documents is the PDF's line number, not a list member's (`list_member`).
        self.line_numbers = line_numbers
        self.passages = passages
        self.lookup = lookup
        self.idf = idf
        self.citation = citation
        self._entries: list[Entry] | None = None  # every numbered entry's line, read once on first use
        self._groups: list[Group] | None = None  # every heading with cases numbered under it, read once

    def answer(
        self,
        question: str,
        intent: QueryIntent,
        hits: Sequence[Hit],
        docs: Sequence[str] | None,
        query: str = "",
        last: tuple[str, str] = ("", ""),
    ) -> RecordAnswer | None:
        """The first block reader's answer, or None (``query``: the question with a follow-up's carried subject;
        ``last``: the conversation's last question and answer)."""
        return (
            self.from_footnote(question, hits, docs)
            or self.from_roster(question, intent, hits)
            or self.from_rows(question, query or question, hits)
            or self.from_entry(question, hits)
            or self.from_case(question, hits, docs, last)
            or self.from_block_field(question, query, hits, last[1])
            or self.from_table(question, query or question, hits, last)
            # A round asked by its number was read before the records (`before_records`).
            or (self.from_fields(question, intent, hits) if asked_position(question) is None else None)
            or self.from_grid(question, query or question, intent, hits, last[0])
            or self.from_list(question, query or question, hits, last)
            or self.from_list_size(question, query or question, hits)
            # A card's figure is read for a drill-down only: a question standing alone names its row in words.
            or (self.from_card(question, intent, hits) if query and query != question else None)
        )

    def before_records(
        self, question: str, intent: QueryIntent, hits: Sequence[Hit], query: str = ""
    ) -> RecordAnswer | None:
        """A round asked by its number (「2回目の開催日」), read at its place in a slide's field before a record quoting
        the whole field (`round_value`); None for any other question. ``query``: with a follow-up's carried subject."""
        asking = round_asked(question, query)
        if asking is None:
            return None
        # A round carried from the turn before: the turn's own words say the field, not a question word it borrowed;
        # a bare label (「参加者は？」) asks the field's entry of that round whatever kind of value it holds.
        carried = asking != question
        return self.from_fields(asking, analyze(question) if carried else intent, hits, query, any_value=carried)

    def from_footnote(self, question: str, hits: Sequence[Hit], docs: Sequence[str] | None) -> RecordAnswer | None:
        """A term's definition from the footnote its mark points to (`footnotes.find_footnote`)."""
        # 「Xの定義」「Xとは」, or asked in everyday words (「Xって、どの店のこと」): the note defines X either way.
        term = defined_term(question) or meaning_asked(question)
        if not term:
            return None
        # The passages retrieved for the question, then those for the term alone (where it is marked).
        passages = [h.chunk for h in (*hits, *self.retriever.retrieve(term, 10, docs))]
        note = find_footnote(term, passages, self.following)
        return footnote_answer(note, question, self.citation) if note is not None else None

    def from_roster(self, question: str, intent: QueryIntent, hits: Sequence[Hit]) -> RecordAnswer | None:
        """Who holds an asked role, from a member list's legend mark (`roster.find_role_holder`)."""
        role = asked_role(intent.text)
        if role is None:
            return None
        found = find_role_holder(question, role, [h.chunk for h in hits], self.idf, self.before)
        return role_holder_answer(found, question, self.citation) if found is not None else None

    def from_rows(self, question: str, query: str, hits: Sequence[Hit]) -> RecordAnswer | None:
        """A labelled row of the block titled with the asked subject (「保育部会の部会長は？」, `labelled_row`)."""
        # Blocks of one kind stand one after another: those after a retrieved one are read too (「⑥広域部会」 after ②).
        chunks = list({c.chunk_id: c for h in hits for c in self.following(h.chunk, ROW_SPAN)}.values())
        found = find_row(question, query, chunks, self.idf, self.before)
        return row_answer(found, question, self.citation) if found is not None else None

    def from_entry(self, question: str, hits: Sequence[Hit]) -> RecordAnswer | None:
        """A numbered entry's writer or title (「コラム7は誰が書いた？」, `numbered_entry`)."""
        if asked_entry(question) is None:
            return None
        if self._entries is None:
            self._entries = entries_in([self.passages.at(i) for i in range(len(self.passages))])
        found = find_entry(question, self._entries, list(dict.fromkeys(h.chunk.doc for h in hits)))
        return entry_answer(found, question, self.citation) if found is not None else None

    def from_block_field(self, question: str, query: str, hits: Sequence[Hit], last_answer: str) -> RecordAnswer | None:
        """Another field of the slide block the last answer was read from (「参加者は？」, `block_field`): for a
        follow-up only (``query`` carries a subject)."""
        if not last_answer or not query or query == question:
            return None
        found = find_block_field(question, last_answer, [h.chunk for h in hits])
        if found is None:
            return None
        quote = lines_of(found.chunk, found.line, found.line_end)
        cited = self.citation(1, Hit(found.chunk, 0.0, 0), quote, found.line, found.line_end)
        context = f"{found.label}: {found.value}"
        # A field written as a sentence (「概要：…を実施。」) is said as it is written, not as 「…。です」.
        said = found.value.rstrip("。") if found.value.endswith("。") else lead_sentence(found.value)
        return block_answer(question, f"{said} [1]。（{context}）", [cited], found.label, context)

    def from_case(
        self, question: str, hits: Sequence[Hit], docs: Sequence[str] | None, last: tuple[str, str] = ("", "")
    ) -> RecordAnswer | None:
        """A case under a numbered heading, asked by its place (「その型で最初に紹介されている事例は？」, `sub_entry`),
        in the documents asked of (``docs``); a heading several documents write is read in the best-ranked one."""
        if self._groups is None:
            self._groups = groups_in([self.passages.at(i) for i in range(len(self.passages))])
        found = find_case(question, in_documents(self._groups, [h.chunk.doc for h in hits], docs), self.idf, last)
        return case_answer(found, question, self.citation) if found is not None else None

    def from_table(
        self, question: str, query: str, hits: Sequence[Hit], last: tuple[str, str] = ("", "")
    ) -> RecordAnswer | None:
        """A cell of a comparison table flattened into lines, by its column and row (`column_table`)."""
        around: dict[str, Chunk] = {}
        for h in hits[:TABLE_HITS]:
            i = self.lookup.position(h.chunk.chunk_id)
            if i is None:
                continue
            for j in range(max(0, i - TABLE_SPAN), min(len(self.passages), i + TABLE_SPAN + 1)):
                c = self.passages.at(j)
                if c.doc == h.chunk.doc:
                    around.setdefault(c.chunk_id, c)
        found = find_cell(question, query, sorted(around.values(), key=lambda c: (c.doc, c.line_start)), *last)
        if found is None:
            return None
        quote = lines_of(found.chunk, found.line, found.line)
        cited = self.citation(1, Hit(found.chunk, 0.0, 0), quote, found.line, found.line)
        context = f"{found.column} {found.label} {found.value}"
        return block_answer(question, cell_answer_text(found), [cited], f"{found.column} {found.label}", context)

    def from_fields(
        self, question: str, intent: QueryIntent, hits: Sequence[Hit], query: str = "", any_value: bool = False
    ) -> RecordAnswer | None:
        """A value from slide fields enumerated in parallel (`aligned.aligned_value`, `round_value.ordinal_value`);
        ``query``: a follow-up's question with its carried subject; ``any_value``: a field asked by its label alone."""
        if not (any_value or asks_value(intent) or intent.wants("place")):
            return None
        chunks = [h.chunk for h in hits]
        found = aligned_value(question, intent, chunks, self.idf, self.before)
        found = found or ordinal_value(question, intent, chunks, self.idf, query)
        return aligned_answer(found, question, self.citation) if found is not None else None

    def from_grid(
        self, question: str, query: str, intent: QueryIntent, hits: Sequence[Hit], asked_before: str = ""
    ) -> RecordAnswer | None:
        """A figure where a grid's named row and column cross (`grid.grid_value`).

        A value asked, or a bare turn naming a column (「認定数は？」 after a row's other column).
        """
        if not (asks_value(intent) or elliptical(question)):
            return None
        found = grid_value(question, query, [h.chunk for h in hits], self.before, asked_before)
        return grid_answer(found, question, self.citation) if found is not None else None

    def from_list(
        self, question: str, query: str, hits: Sequence[Hit], last: tuple[str, str] = ("", "")
    ) -> RecordAnswer | None:
        """A list member asked by its place (「3つ目は？」), from the enumeration's layout (`list_member`)."""
        if not asks_member(question):
            return None
        chunks = [h.chunk for h in hits]
        if last[0]:  # the question that asked about the list finds its passage (「…の重点施策は何本？」)
            chunks += [h.chunk for h in self.retriever.retrieve(f"{query} {last[0]}", LIST_SPAN)]
        found = find_member(
            question,
            query,
            chunks,
            self.idf,
            lambda c: self.following(c, LIST_SPAN)[1:],
            last,
            self.line_numbers,
            self.before,
        )
        if found is None:
            return None
        quote = lines_of(found.chunk, found.line, found.line)
        cited = self.citation(1, Hit(found.chunk, 0.0, 0), quote, found.line, found.line)
        context = f"{found.lead} {found.text}"
        return block_answer(question, member_answer_text(found), [cited], found.lead or found.text, context)

    def from_list_size(self, question: str, query: str, hits: Sequence[Hit]) -> RecordAnswer | None:
        """How many members a list has, asked by what they are (「政策の柱はいくつ？」, `list_size`)."""
        if asks_member(question):
            return None
        found = find_size(
            question,
            query,
            [h.chunk for h in hits],
            self.idf,
            lambda c: self.following(c, LIST_SPAN)[1:],
            self.line_numbers,
        )
        if found is None:
            return None
        cited = [
            self.citation(n, Hit(chunk, 0.0, 0), lines_of(chunk, first, last), first, last)
            for n, (chunk, first, last) in enumerate(found.spans, start=1)
        ]
        context = f"{found.lead} {' '.join(found.members)}"
        return block_answer(question, size_answer_text(found), cited, found.lead, context)

    def from_card(self, question: str, intent: QueryIntent, hits: Sequence[Hit]) -> RecordAnswer | None:
        """A figure on a line of its own, named by its label and description (`card.card_value`)."""
        if not asks_value(intent):
            return None
        found = card_value(question, intent, [h.chunk for h in hits], self.idf)
        return card_answer(found, question, self.citation) if found is not None else None

    def before(self, chunk: Chunk) -> Chunk | None:
        """The passage just before ``chunk`` in its document."""
        i = self.lookup.position(chunk.chunk_id)
        prev = self.passages.at(i - 1) if i is not None and i > 0 else None
        return prev if prev is not None and prev.doc == chunk.doc else None

    def following(self, chunk: Chunk, n: int) -> list[Chunk]:
        """``chunk`` and up to ``n`` passages after it in its document."""
        i = self.lookup.position(chunk.chunk_id)
        if i is None:
            return [chunk]
        after = [self.passages.at(j) for j in range(i + 1, min(i + 1 + n, len(self.passages)))]
        return [chunk, *(c for c in after if c.doc == chunk.doc)]
