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
#: Compounds of 人口 that count other people than a place's residents: asked how many relate to a region, a town's
#: population is a near miss (総人口 still asks it).
_OTHER_COUNTS = re.compile(r"(?:関係|交流|定住|圏域|生活圏|年齢|高齢|年少|昼間|夜間|移住|滞在)人口")
#: Residents counted (「住民は何人」「町民数」「住んでいる人」), not residents qualifying another count (「住民で何人が参加」).
_RESIDENTS = re.compile(r"(?:住民|町民|市民|村民)(?:数|は|の数|って)|住んで|暮らして|暮らす人|居住者数")


def asks_population(question: str) -> bool:
    """Whether the question asks about how many people live somewhere."""
    return "人口" in _OTHER_COUNTS.sub("", question) or bool(_RESIDENTS.search(question))


def without_population_notes(text: str) -> str:
    """``text`` with each population note's figure blanked (same length, so positions hold)."""
    return _NOTE.sub(lambda m: m.group(1) + "＿" * len(m.group(2)), text)
