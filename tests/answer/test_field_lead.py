"""A passage answer led by the labelled field the question asks for (`answer/field_lead.py`)."""

from __future__ import annotations

import pytest

from assistant.answer.field_lead import answering_field
from assistant.answer.passage_lead import lead_first

EVENT = "- 市民向けの報告会を開催。 概要 日時:令和7年2月3日(月)13:00~15:00 場所:みなと市民会館 定員:100名"
PROGRAMME = "- 商店街の空き店舗活用を支援する。 【支援対象事業者】 市町村、商工会議所 【支援対象経費】 改修費"


@pytest.mark.parametrize(
    ("support", "sentence", "question", "field"),
    [
        (EVENT, "- 市民向けの報告会を開催。", "報告会の会場を教えて", "場所:みなと市民会館"),
        (
            PROGRAMME,
            "- 商店街の空き店舗活用を支援する。",
            "どの事業者が使える制度？",
            "【支援対象事業者】 市町村、商工会議所",
        ),
        (
            PROGRAMME,
            "- 商店街の空き店舗活用を支援する。",
            "改修費は誰に出る？",
            "【支援対象事業者】 市町村、商工会議所",
        ),
    ],
)
def test_field_found(support: str, sentence: str, question: str, field: str) -> None:
    assert answering_field(support, sentence, question) == field


@pytest.mark.parametrize(
    ("support", "sentence", "question"),
    [
        (EVENT, "- 市民向けの報告会を開催。", "報告会の定員は何名？"),  # not a where or who question
        (PROGRAMME, "- 商店街の空き店舗活用を支援する。", "どこで実施されていますか？"),  # no place field
        (
            "場所:みなと市民会館で報告会を開催。",
            "場所:みなと市民会館で報告会を開催。",
            "どこで開催？",
        ),  # already the lead
    ],
)
def test_no_field(support: str, sentence: str, question: str) -> None:
    assert answering_field(support, sentence, question) is None


def test_field_leads_the_window() -> None:
    field = answering_field(EVENT, "- 市民向けの報告会を開催。", "どこで開催？")
    assert field is not None
    text = lead_first(EVENT, field, 180)
    assert text.startswith("場所:みなと市民会館 [1]（")
    assert "市民向けの報告会を開催" in text
