"""More of the constraint check (`answer/constraints.py`): the state reached asked and only an aim given.

「今は何施設登録」「もう整備を終えた路線は」「令和4年の実績で」 ask what has been reached; an answer that states only
an aim (「300以上登録することを目指す」「…の整備に目途」, a record's 目標値) is a near miss, whatever kind of answer gives
it: a value, a quoted passage or a record.
"""

from __future__ import annotations

import re

from assistant.answer.answered import answer_lead
from assistant.answer.values import is_target_value
from assistant.question.qualifiers import qualifiers
from assistant.text.normalize import normalize, without_quotes

#: 「いくつ」「何サイト」「何か所」「どれくらい」「選定数」: a number asked; 「何が」「何を」 ask a thing, not a number.
_NUMBER_ASKED = re.compile(
    r"いくつ|何\s?(?:か所|ヶ所|箇所|[^\s、。？?\u3040-\u309f])|どのくらい|どれくらい|どれだけ|数"
)
#: A figure in a lead: 「500以上」「少なくとも100地域」「3,800億円」 (a date is not one: 「2030年度までに」).
_FIGURE = re.compile(r"\d[\d,.]*\s?(?:万|億|千)?[^\d\s、。()（）・]{0,3}")
_DATE_UNIT = re.compile(r"年|月|日")
#: A record's lead naming what it states besides the aim: 「実績値は…」「基準値…」.
_REACHED_SAID = re.compile(r"実績値|現状値|基準値|進捗")


def aim_for_reached(question: str, answer_text: str, key: str | None, sentence: str, label: str) -> bool:
    """The state reached asked and the answer gives an aim only: its value is aimed at (a value answer), every
    figure its lead states is (a passage), or its lead is a record's 目標値 and nothing reached (a record)."""
    if not qualifiers(question).now:
        return False
    if key:
        return is_target_value(normalize(sentence), normalize(key))
    lead = normalize(answer_lead(answer_text))
    if label:
        return "目標値" in lead and not _REACHED_SAID.search(lead)
    if not _NUMBER_ASKED.search(without_quotes(normalize(question))):
        return False
    # Each figure is read in its own sentence: an aim in the next one does not make a figure reached an aim.
    figures = [
        (f.strip(), part) for part in lead.split("。") for f in _FIGURE.findall(part) if not _DATE_UNIT.search(f)
    ]
    return bool(figures) and all(is_target_value(part, f) for f, part in figures)
