"""A value written on its own line under the label naming it: the label is read with it.

Slides are extracted line by line, so a breakdown's figure often stands alone under its label
(「関係人口(訪問系)」 then 「約1,827万人」). A question asking a part of a whole (「そのうち訪問系は何人？」)
needs the part written with the value; for a bare value line, the label line right above writes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.ingest.chunking import Sentence
from assistant.question.kinds import VALUE_PATTERNS
from assistant.question.words import asked_part
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import same_words
from assistant.text.years import YEAR_PATTERN

#: A label line is short: a name or a heading, not a sentence stating something.
MAX_LABEL_CHARS = 24
#: What may stand beside the figure on a bare value line: 「約」「計」, a bound, brackets, spaces.
_FILLER = re.compile(r"[\s約計およそ()（）]|以上|以下|程度|前後|超")


def bare_value(text: str) -> bool:
    """The line is one figure and nothing else (「約1,827万人」「(約628万人)」), not a sentence with a figure."""
    m = VALUE_PATTERNS["quantity"].search(text)
    if m is None:
        return False
    rest = text[: m.start()] + text[m.end() :]
    return not _FILLER.sub("", rest)


def value_text(lines: Sequence[str], k: int, question: str) -> str:
    """The text line ``k``'s value is read from: with the label line above it (`label_for`) when the question asks a
    part only that label writes, else the line itself."""
    part = asked_part(question)
    label = label_for(lines, k, part) if part else ""
    return f"{label} {lines[k]}" if label else lines[k]


def label_for(lines: Sequence[str], k: int, part: str) -> str:
    """The label line right above line ``k`` when ``k`` is a bare value line and only that label writes the ``part``
    asked (「関係人口(訪問系)」 above 「約1,827万人」), else ""."""
    text = lines[k]
    if k == 0 or same_words(part) in same_words(text) or not bare_value(text):
        return ""
    label = lines[k - 1]
    if len(label) > MAX_LABEL_CHARS or bare_value(label) or not labels_part(label, part):
        return ""
    return label


#: Before the part: its negation (「非訪問系」「未就労」). After it: all but it, or a part of it (「訪問系以外」「…のうち」).
_NOT_BEFORE = re.compile(r"[非不未]$")
_NOT_AFTER = re.compile(r"^(?:以外|を除く|除く|のうち|の内|うち)")
#: A label naming a total or several parts (「合計(訪問系・非訪問系)」「訪問系 非訪問系」) labels no one part.
_TOTAL = re.compile(r"合計|総計|総数|全体|^計|計$")
_SEVERAL = re.compile(r"[・、,/／]|\S\s+(?![(（])\S")


def labels_part(label: str, part: str) -> bool:
    """The label names the part asked and only it: not its negation, all but it, a part of it, a total or a list."""
    text, word = same_words(label).strip(), same_words(part)
    at = text.find(word)
    if at < 0 or _TOTAL.search(text) or _SEVERAL.search(text):
        return False
    return not _NOT_BEFORE.search(text[:at]) and not _NOT_AFTER.match(text[at + len(word) :])


def chosen_label(sentences: Sequence[Sentence], chosen: Sentence, question: str) -> str:
    """`label_for` the ``chosen`` sentence among its passage's ``sentences`` ("" when no part is asked or it is not
    among them)."""
    part = asked_part(question)
    k = _index_of(sentences, chosen) if part else None
    return "" if k is None or not part else label_for([s.clean for s in sentences], k, part)


def _index_of(sentences: Sequence[Sentence], chosen: Sentence) -> int | None:
    """Where ``chosen`` stands among its passage's ``sentences`` (None when it is not among them)."""
    return next((i for i, s in enumerate(sentences) if s.start == chosen.start), None)


#: A line that is only a bracketed year (「(R2)」「（令和6年度）」「(2023年3月末)」): a flattened table's cell under its
#: figure; not a base year (「(2015年比)」), a range (「(R2→R7)」) nor a note (「(うち2023年新設)」).
_YEAR_LINE = re.compile(rf"^[(（]\s*(?:{YEAR_PATTERN})\s*(?:[0-9]{{1,2}}\s*月)?\s*(?:末|時点|現在)?\s*[)）]$")


def year_below(sentences: Sequence[Sentence], chosen: Sentence) -> str:
    """The bracketed year on the line right under a bare value line (「20カ所」 over 「(R2)」), which a table flattened
    cell by cell writes apart from its figure; "" when the next line is anything else."""
    if not bare_value(chosen.clean):
        return ""
    k = _index_of(sentences, chosen)
    if k is None or k + 1 >= len(sentences) or (k > 0 and bare_value(sentences[k - 1].clean)):
        return ""  # figures in a row, then their years: which year is whose, the line under does not say
    below = sentences[k + 1].clean.strip()
    return below if _YEAR_LINE.match(nfkc(below)) else ""
