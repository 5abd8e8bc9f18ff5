"""A place's population written beside its name is a note on the place, not a figure the question asks for.

Case studies introduce a town with its population in brackets (「北海道厚真町(人口約4千人)を拠点に」,
「長野県塩尻市(人口約 6.5 万人)では」). Asked how many people use a service or joined a body, the only number
of people in such a sentence is that note: answering with it is a confident wrong answer. Unless the question
asks about population (人口, 住民, 住んでいる人), the note's figure is hidden from the value chooser.
"""

from __future__ import annotations

import re

#: 「(人口約4千人)」「(人口 14.5 万人)」: the figure in a bracket opened by 人口 (a qualifier between them). Not
#: 「生活圏人口10万人程度以上」 (a threshold) nor 「人口:3市町合計20.7万人」 (a case's own figure line).
_NOTE = re.compile(r"([(（]\s?人口\s?(?:約|およそ)?\s?)(\d[\d,.]*\s?(?:万|千|百)?\s?人)(?=\s?[)）])")
#: What asks about population: the word itself, residents, or people living somewhere. Not a compound naming another
#: count of people (関係人口, 交流人口, 圏域人口): asked how many relate to a region, a town's population is a near miss.
_ASKS = re.compile(r"(?<![\u4e00-\u9fff])人口|住民|住んで|居住|暮らして|暮らす人")


def asks_population(question: str) -> bool:
    """Whether the question asks about how many people live somewhere."""
    return bool(_ASKS.search(question))


def without_population_notes(text: str) -> str:
    """``text`` with each population note's figure blanked (same length, so positions hold)."""
    return _NOTE.sub(lambda m: m.group(1) + "＿" * len(m.group(2)), text)
