"""Whether an answer names the kind of thing asked by name: a person, a body, a place at the asked level, a venue.

Read by the confidence gate as its `kind_absent` feature (`confidence.features_of`); moved here from
`confidence` so that module keeps to its size.
"""

from __future__ import annotations

import re

from assistant.answer.answered import answer_lead
from assistant.question.rules import asks
from assistant.text.names import bodies_in, names_in, new_of_kind, people_in, places_in, standalone_places

#: A venue written as a field of the event (「場所：みどり町公民館」「会場: 第2会議室」): a label, not any mention of
#: 場所 (「開催場所については後日お知らせします」 gives none).
_SITE_LABEL = re.compile(r"(?:場所|会場)\s*[:：]\s*\S")
#: Head nouns of a facility, so a run ending in one names a site (「県民会館」「中央公民館大ホール」「道の駅ゆめの里」
#: 「ホテルさくら」) even when the name reader does not take it for a place or a name. A general list of building
#: and venue kinds, not any document's venues; オンライン is where an online meeting is held.
_FACILITY_HEADS = (
    "会館|公民館|ホール|センター|会議室|庁舎|講堂|体育館|ホテル|旅館|道の駅|広場|キャンパス|大学|学校|駅|プラザ|ドーム"
    "|アリーナ|スタジアム|劇場|図書館|博物館|美術館|資料館|記念館|交流館|文化館|市役所|役場|県庁|研修所|研修室|集会所"
    "|ビル|オンライン"
)
#: The head ends the run: 「大学生」「センター試験」「ホールディングス」 name no site.
_FACILITY_RUN = re.compile(
    rf"[\u4e00-\u9fff\u30a0-\u30ff々A-Za-z0-9・]*?(?:{_FACILITY_HEADS})(?![\u4e00-\u9fff\u30a0-\u30ff々])"
)


def facility_named(lead: str, question: str) -> bool:
    """Whether ``lead`` names a facility (a run ending in a facility's head noun) the question does not write."""
    return any(m.group(0) not in question for m in _FACILITY_RUN.finditer(lead))


def kind_absent(asked: str, text: str, question: str) -> bool:
    """A person, a body or a place is asked by name (normalised ``asked``) and the answer ``text`` names none of it.

    A person or a place must stand in the lead; bodies are read in every quote, as a slide often names them in a
    note line after the one quoted first (「…同時運航 [1] …※A社、B社の3社共同 [2]」). 「どこにある」 is answered by a
    site as well as a place (「緑川センターにある」), so any name counts there.
    """
    lead = answer_lead(text)
    if asks("person_named", asked) and not new_of_kind(people_in(lead), question):
        return True
    if asks("count_asked", asked):
        return False
    if asks("body_named", asked) and not new_of_kind(bodies_in(text), question):
        return True  # 「どこの大学の学生」 is not answered by 「東京の大学生」: a place names no body, nor a plan
    if asks("place_named", asked):
        return not new_of_kind(places_at_level(standalone_places(places_in(lead), lead), asked), question)
    if not (asks("located", asked) or asks("held_at", asked)):
        return False
    if _SITE_LABEL.search(lead) or facility_named(lead, question):
        return False  # 「場所：…」 or 「〜会館」 gives the site, whatever the name reader makes of it
    return not new_of_kind(places_in(lead) | names_in(lead), question)


#: The level a place is asked at (「どこの町」「県はどこ」); 「国」「地域」 and the like set none. The level is a word of
#: its own: 「どこの市場」「どの県産」「どこの町内会」 ask no place, nor does 「拠点都市はどこ」.
_ASKED_LEVEL = re.compile(
    r"(?:どこの|どの)(市町村|市町|都道府県|市|町|村|県)(?![\u4e00-\u9fff])"
    r"|(?<![\u4e00-\u9fff])(市町村|市町|都道府県|市|町|村|県)(?:は|が)(?:どこ|どれ)"
    r"|(?<![\u4e00-\u9fff])(市町村|都道府県)の?(?:名前|名称)"
)
#: The whole country, which names no place below it: 「日本で初めて」 does not say which town.
_NATION = frozenset("日本 全国 国内 我が国 わが国 海外".split())
_PREFECTURE_END = re.compile(r"[都道府県]$")


def places_at_level(places: frozenset[str], asked: str) -> frozenset[str]:
    """The ``places`` that can answer at the level ``asked`` (normalised) names: a town is not answered by 日本 or a 県."""
    m = _ASKED_LEVEL.search(asked)
    if m is None:
        return places
    below = [p for p in places if p not in _NATION]
    if (m.group(1) or m.group(2) or m.group(3)) in ("県", "都道府県"):
        return frozenset(below)
    # A municipality: a name with its 市町村区 suffix, or a bare place name that is not a prefecture's (茨城 of 茨城県).
    prefectures = [p for p in below if _PREFECTURE_END.search(p)]
    return frozenset(p for p in below if p not in prefectures and not any(q.startswith(p) for q in prefectures))
