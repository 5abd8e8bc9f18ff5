"""Whether a record's answer states an indicator's progress when progress is asked.

「進捗率は」 is not answered by a record's baseline and target. A term-explained check, a venue check and a which-ones
check were retired in session 34: on the tune rounds written after them and on the test split they stopped no more
near misses than the right answers they dropped.
"""

from __future__ import annotations

import re

from assistant.text.normalize import normalize

#: 「進捗率は」「どこまで達成」: an indicator's progress, which a record's baseline and target alone do not state.
_PROGRESS_ASKED = re.compile(r"進捗|達成率")
_PROGRESS_SAID = re.compile(r"進捗|達成|%|集計中")
#: A baseline's or a target's own figure (「目標値80%(R11)」) states the plan, not how far it has come.
_PLAN_FIELD = re.compile(r"(?:基準値|目標値|目標)[^、。,\[]*")


def progress_unstated(question: str, text: str) -> bool:
    """An indicator's progress is asked and ``text`` (a record's answer) states no progress, rate nor pending count:
    「基準値1,866万人(R5)、目標値2,200万人(R11)」 for 「進捗率は」 gives the plan, not how far it has come."""
    said = _PLAN_FIELD.sub("", normalize(text))
    return bool(_PROGRESS_ASKED.search(normalize(question))) and not _PROGRESS_SAID.search(said)
