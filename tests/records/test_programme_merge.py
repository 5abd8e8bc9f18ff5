"""Programme readings merged: across documents, footnote marks in a name, a measure heading about one scheme."""

from __future__ import annotations

from assistant.records import Budget, ProgrammeRecord, SourceSpan, extract_all
from assistant.records.merge import (
    is_heading_of,
    is_part_of,
    merge_across_documents,
    merge_programmes,
    programme_key,
)


def _record(name: str, doc: str = "a.txt", line: int = 3, **kw) -> ProgrammeRecord:
    fields = {
        "record_id": f"{doc}{line}{name}",
        "doc": doc,
        "name": name,
        "variants": (),
        "ministry": None,
        "budgets": (),
        "rates": (),
        "caps": (),
        "eligible": (),
        "covered_costs": (),
        "conditions": (),
        "period": None,
        "summary": None,
        "line_start": line,
        "line_end": line,
        "source_text": name,
        "sources": (SourceSpan(doc, line, line, name),),
    }
    return ProgrammeRecord(**{**fields, **kw})


def test_a_section_two_documents_share_is_read_once_with_both_sources() -> None:
    section = ["○「みなと縁側登録制度」の創設", "・港町に通う人を登録し、地域の担い手とつなぐ。"]
    doc_a = ["港町振興の基本方針", "", *section]
    doc_b = ["港町振興の基本方針（概要版）", "", "", "", *section]
    _, programmes = extract_all([("a.txt", doc_a), ("b.txt", doc_b)])
    named = [p for p in programmes if "みなと縁側登録制度" in p.name]
    assert len(named) == 1
    assert named[0].docs == ("a.txt", "b.txt")
    assert [(s.doc, s.line_start) for s in named[0].sources] == [("a.txt", 3), ("b.txt", 5)]


def test_readings_that_disagree_across_documents_stay_apart() -> None:
    first = _record("港町にぎわい補助金", "a.txt", budgets=(Budget("3億円", "R7", "当初"),))
    second = _record("港町にぎわい補助金", "b.txt", budgets=(Budget("5億円", "R8", "当初"),))
    third = _record("港町にぎわい補助金", "c.txt")  # names it with no budget: another reading of the first
    merged = merge_across_documents([first, second, third])
    assert [p.docs for p in merged] == [("a.txt", "c.txt"), ("b.txt",)]


def test_a_footnote_mark_or_a_separator_between_quoted_words_names_the_same_programme() -> None:
    assert programme_key("港町居住^{※1}促進計画制度") == programme_key("港町居住*1促進計画制度")
    assert programme_key("港町居住※２促進計画制度") == programme_key("港町居住促進計画制度")
    assert programme_key("「住む」・「働く」を支える法人の指定制度") == programme_key(
        "「住む」「働く」を支える法人の指定制度"
    )
    assert programme_key("「海づくり」と「町づくり」の推進") == programme_key("「海づくり」「町づくり」の推進")
    assert programme_key("「海づくり」及び「町づくり」の推進") == programme_key("「海づくり」・「町づくり」の推進")
    assert programme_key("港町振興計画2") != programme_key("港町振興計画")  # a plain digit is part of the name
    # a bill, bare or bracketed 案, and the act it became are one law
    act = programme_key("山村振興法の一部を改正する法律")
    assert programme_key("山村振興法の一部を改正する法律案") == act
    assert programme_key("山村振興法の一部を改正する法律（案）") == act


def test_a_measure_heading_about_one_quoted_scheme_is_that_scheme() -> None:
    heading = _record("県境を越える「みなと連携」の枠組みの創設", line=5)
    scheme = _record("みなと連携", line=5)
    assert is_heading_of(heading, scheme)
    (merged,) = merge_programmes([heading, scheme])
    assert merged.name == "みなと連携"
    assert merged.variants == ("県境を越える「みなと連携」の枠組みの創設",)
    # a heading that lists several measures, or one read on other lines, stays its own record
    listing = _record("港町の拠点整備、小型船の共同運航、「みなと連携」の構築", line=5)
    assert not is_heading_of(listing, scheme)
    assert not is_heading_of(heading, _record("みなと連携", line=9))
    assert len(merge_programmes([listing, scheme])) == 2


def test_half_of_a_grant_and_scheme_name_read_on_its_line_is_that_mention() -> None:
    whole = _record("港湾整備交付金(みなと連携事業)", line=7)
    part = _record("港湾整備交付金", line=7)
    assert is_part_of(part, whole)
    (merged,) = merge_programmes([part, whole])
    assert merged.name == "港湾整備交付金(みなと連携事業)"
    # the same grant named again elsewhere in the document is another mention, read on its own
    assert not is_part_of(_record("港湾整備交付金", line=20), whole)
    assert merged.variants == ()  # the grant alone is not one of the scheme's names
    # each half is compared as a name is: with 等 or a footnote mark written in the whole
    assert is_part_of(_record("港湾整備等交付金", line=7), _record("港湾整備等交付金(みなと連携事業)", line=7))
    assert is_part_of(_record("港湾整備交付金", line=7), _record("港湾整備交付金※1(みなと連携事業)", line=7))


def test_an_event_named_after_a_quoted_body_is_not_the_body() -> None:
    body = _record("みなと未来会議", line=5)
    assert not is_heading_of(_record("「みなと未来会議」キックオフミーティング", line=5), body)
    assert is_heading_of(_record("「みなと未来会議」の創設", line=5), body)
