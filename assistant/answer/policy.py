"""When the rules may answer at all: the hand-set bounds a sentence must meet before the fitted gate sees it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.answer.extract import Candidate


@dataclass(frozen=True)
class AbstainPolicy:
    """Thresholds for answering; tuned on the dev sets' answerable and unanswerable items."""

    min_overlap: float = 0.25  # share of the question's words in the answering sentence and its neighbours
    min_value_overlap: float = 0.15  # the same, for a sentence holding the asked-for value
    min_context: float = 0.3  # share of the question's words in the answering passage
    min_focus: float = 0.3  # share of the asking clause's words near an extracted value
    min_topic: float = 0.34  # share of the question's opening subject near an extracted value
    require_anchor: bool = True  # a value must come from a passage holding the question's rarest word
    require_named: bool = True  # … and from one that names the programme or event the question names
    #: The topic bound is weighed by the fitted gate, not cut here (issue 13): a value sentence below it is let
    #: through and the gate reads `below_topic` (with `topic`), so it learns which of them are near misses.
    topic_to_gate: bool = True
    #: The passage bound likewise (issue 13): the gate reads `context` itself, so a sentence whose passage shares
    #: few of the question's words (a slide's short bullet under a title the question paraphrases) reaches it.
    #: With no gate loaded the answerer chooses with `held()`, where this bound is a cut again.
    context_to_gate: bool = True
    #: The answering sentence's share of the question's words likewise, for a passage quoted (no value asked): the gate
    #: reads `overlap` itself, so a sentence that answers in other words than the question's reaches it. A place asked
    #: is read as a value from that sentence, and the bound stays a cut for it (`overlap_ok`).
    overlap_to_gate: bool = True
    #: The asking clause's bound likewise, as a fallback (issue 13): when no value sentence meets it, the best one
    #: below it reaches the gate, which reads `focus` itself; a sentence meeting it is still chosen first.
    focus_to_gate: bool = True

    def admits_name(self, c: Candidate) -> bool:
        """Whether a sentence is close enough to a question asking a name (何という名前, 何と呼ぶ) to read one from.

        A paraphrased name question (「冬の間だけ住まいを貸し出す取組は何という名前」) shares no words with
        the sentence that names it (「…が独自に始めた「Xステイ」という制度」): the question's subject near the
        sentence (its place, body or programme) stands for the asking clause; the gate weighs both (focus, topic).
        """
        near = c.focus >= self.min_focus or c.topic >= self.min_topic
        return c.overlap >= self.min_value_overlap and self.context_ok(c) and near

    def admits_value(self, c: Candidate, question: str = "") -> bool:
        """Whether a sentence holding a value is close enough to the question to give it."""
        return bool(
            c.value
            and c.overlap >= self.min_value_overlap
            and self.context_ok(c)
            and c.focus >= self.min_focus
            and (c.topic >= self.min_topic or self.topic_to_gate)
            and (c.anchored or not self.require_anchor)
            and (c.named or not self.require_named)
            and not coarser_than_asked(question, c.value)
        )

    def overlap_ok(self, c: Candidate, place: bool = False) -> bool:
        """Whether a quoted sentence meets the word-share bound, or the gate weighs it instead; for a ``place`` asked
        (a venue read from the sentence, a value) the bound is a cut: else one about another event names it."""
        return (self.overlap_to_gate and not place) or c.overlap >= self.min_overlap

    def context_ok(self, c: Candidate) -> bool:
        """Whether the answering passage meets the context bound, or the gate weighs it instead."""
        return self.context_to_gate or c.context >= self.min_context

    def held(self) -> AbstainPolicy:
        """The bounds with no gate loaded: the passage and word-share bounds cuts again (a sentence below is skipped)."""
        # The topic bound stays handed over: with no gate the answerer withholds a `below_topic` answer, as before.
        return replace(self, context_to_gate=False, overlap_to_gate=False, focus_to_gate=False)

    def without_focus(self) -> AbstainPolicy:
        """The bounds with the asking clause's left to the gate (`focus_to_gate`)."""
        return replace(self, min_focus=0.0)

    def below_topic(self, c: Candidate) -> bool:
        """Whether a value sentence the gate is to weigh was below the former topic bound."""
        return self.topic_to_gate and c.topic < self.min_topic


#: How precise a date the question asks for, and what a value must then hold: a day, or at least a month.
_DAY_ASKED = re.compile(r"何月何日|何日|日付|年月日")
_MONTH_ASKED = re.compile(r"何月")
_HAS_DAY = re.compile(r"\d\s?日|\d+\s?[./]\s?\d+\s?[./]\s?\d+")
_HAS_MONTH = re.compile(r"\d\s?月|\d+\s?[./]\s?\d+")


def coarser_than_asked(question: str, value: str | None) -> bool:
    """「何月何日に成立した？」 and 「令和6年5月」: a day was asked and the value names only a month (or a year).

    The sentence is about the right event, but it does not say what was asked: another sentence may, and if
    none does, the documents do not give the day.
    """
    if not value:
        return False
    if _DAY_ASKED.search(question):
        return not _HAS_DAY.search(value)
    if _MONTH_ASKED.search(question):
        return not _HAS_MONTH.search(value)
    return False
