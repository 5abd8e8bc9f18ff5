"""What the gate reads about an extractive answer's chosen sentence and its rivals."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.confidence import Evidence
from assistant.answer.extract import Candidate
from assistant.answer.ranking import PRIOR


def sentence_evidence(
    best: Candidate, key: str | None, cands: Sequence[Candidate], *, fitted: bool, below_topic: bool = False
) -> Evidence:
    """The chosen sentence's scores, its margin over the best rival value and how many rivals come close."""
    # The gate reads scores on the prior's scale whichever ranker chose: a fitted softmax's are on another.
    gauge = {id(c): PRIOR.score(c.features) if fitted and c.features else c.score for c in cands}
    top = gauge[id(best)]
    return Evidence(
        sentence_score=top,
        overlap=best.overlap,
        context=best.context,
        focus=best.focus,
        topic=best.topic,
        anchored=best.anchored,
        named=best.named,
        has_value=key is not None,
        key=key,
        sentence=best.sentence.clean,
        margin=top - max((gauge[id(c)] for c in cands if c is not best and c.value != best.value), default=0.0),
        below_topic=below_topic,
        rivals=sum(1 for c in cands if c.value and c.value != best.value and gauge[id(c)] >= 0.9 * top),
    )
