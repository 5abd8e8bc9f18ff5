"""A body or scheme named in plain words, its name in law given by a footnote (invented bill outline)."""

from __future__ import annotations

from assistant.records.programme_legal_names import extract_legal_names

_OUTLINE = [
    "1 【県・町の連携】 港町居住^{※1}促進のための町計画制度の創設",
    "※1法律上は「特定港町居住」",  # a plain word renamed: no programme
    "2 【官民の連携】 移住者に住まいを提供する法人(港町移住支援法人^{※2})の指定制度",
    "- 町長は**港町移住支援法人**として指定可",
    "※2法律上は「特定移住支援法人」",
    "3 町は、漁協等を構成員とする**港町移住促進協議会^{※3}**を組織できる",
    "※3 法律上は「特定移住促進協議会」",
]


def test_a_marked_name_is_read_with_its_name_in_law_from_mark_to_note() -> None:
    got = {r.name: (r.variants, r.line_start, r.line_end) for r in extract_legal_names("d.txt", _OUTLINE)}
    assert got == {
        "港町移住支援法人": (("特定移住支援法人",), 3, 5),
        "港町移住促進協議会": (("特定移住促進協議会",), 6, 7),
    }


def test_a_note_with_no_mark_above_it_is_not_read() -> None:
    assert extract_legal_names("d.txt", ["法人を指定する", "※4法律上は「特定移住支援法人」"]) == []


def test_a_name_cut_at_hiragana_inside_it_is_not_read() -> None:
    outline = ["町は観光地域づくり推進法人※2を指定できる", "※2法律上は「観光地域づくり法人」"]
    assert extract_legal_names("d.txt", outline) == []
