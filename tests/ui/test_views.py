"""The UI's pure helpers: Markdown escaping, quote highlighting, labels, KPI and programme rows."""

from __future__ import annotations

import re

from ui import kpi_table, labels, markdown_text, programme_table, quote_highlight, record_filters


def shown(markdown: str) -> str:
    """What Markdown shows once its escapes are read (our output uses only backslash escapes)."""
    text = re.sub(r":orange-background\[\*\*(.*?)\*\*\]", r"\1", markdown)
    return re.sub(r"\\(.)", r"\1", text).replace("  \n", "\n")


def test_md_escape_neutralises_markdown_and_streamlit_syntax():
    text = "1. *注* [1] $5 :red[x] <b> # 見出し | a_b ~c~"
    escaped = markdown_text.md_escape(text)
    assert shown(escaped) == text
    for raw in ("*", "[", "$", ":", "<", "#", "_", "~", "|"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), escaped), raw  # every one is escaped


def test_highlight_exact_quote_keeps_lines_and_marks_only_the_quote():
    text = "基準値 60.9％（R2）\n新規高卒者管内企業就職率 82.9％\n次の行"
    spans = quote_highlight.quote_spans(text, "新規高卒者管内企業就職率 82.9％")
    md = quote_highlight.highlight_markdown(text, spans)
    assert ":orange-background[**新規高卒者管内企業就職率 82\\.9％**]" in md
    assert md.count(":orange-background[") == 1
    assert shown(md).split("\n") == text.split("\n")


def test_highlight_ignores_whitespace_and_width_differences():
    text = "補助率：１／２以内\n上限 500万円"
    spans = quote_highlight.quote_spans(text, "補助率:1/2以内 上限500万円")
    assert spans == [(0, len(text))]


def test_highlight_falls_back_to_quote_lines():
    text = "一行目\n二行目\n三行目"
    spans = quote_highlight.quote_spans(text, "どこにもない文", line_start=10, quote_line_start=11, quote_line_end=11)
    assert [text[a:b] for a, b in spans] == ["二行目"]


def test_highlight_of_a_multiline_quote_marks_each_line_and_escapes():
    text = "前置き\n- 補助率 1/2*\n- 上限 [3,000万円]\n後書き"
    md = quote_highlight.passage_markdown({"text": text, "quote": "- 補助率 1/2*\n- 上限 [3,000万円]"})
    assert md.count(":orange-background[") == 2
    assert "\\[3,000万円\\]" in md and "\\*" in md
    assert not md.startswith(" ") and "\n    " not in md  # no accidental code blocks


def test_passage_without_quote_is_plain():
    md = quote_highlight.passage_markdown({"text": "本文\n\n\n次の段落", "quote": ""})
    assert ":orange-background" not in md
    assert md == "本文\n\n次の段落"


def test_long_passage_excerpt_centres_on_the_quote():
    lines = [f"行{i}" for i in range(1, 41)]
    lines[24] = "新規高卒者管内企業就職率 82.9％"
    c = {"text": "\n".join(lines), "quote": "新規高卒者管内企業就職率 82.9％", "line_start": 101, "line_end": 140}
    md, first, last = quote_highlight.passage_excerpt(c, context=2)
    assert (first, last) == (123, 127)  # passage line 25 is document line 125; two lines either side
    assert shown(md).split("\n") == lines[22:27]
    assert md.count(":orange-background[") == 1
    short = {"text": "一行\n二行", "quote": "二行", "line_start": 1, "line_end": 2}
    assert quote_highlight.passage_excerpt(short) is None
    assert quote_highlight.passage_excerpt({**c, "quote": "どこにもない"}) is None


def test_labels():
    c = {"n": 2, "title": "道央広域連携地域政策展開方針の推進状況", "date": "2025-05", "line_start": 10, "line_end": 12}
    assert labels.citation_label(c) == "[2] 道央広域連携地域政策展開方針の推進状況 ／ 2025年5月 ／ 10～12行目"
    pdf = {**c, "page": 12, "page_end": 12}
    assert labels.citation_label(pdf) == "[2] 道央広域連携地域政策展開方針の推進状況 ／ 2025年5月 ／ p.12 10～12行目"
    assert labels.page_ja({"page": 3, "page_end": 4}) == "p.3～4"
    assert labels.page_ja({"section": "2. 主な施策"}) == "§ 2. 主な施策"
    assert labels.page_ja({"page": None, "section": None}) == ""
    assert labels.date_ja(None) == "日付の記載なし"
    assert labels.date_ja("2025") == "2025年"
    assert labels.lines_ja(7, 7) == "7行目"


def test_percent_value():
    assert kpi_table.percent_value("82.9％") == 82.9
    assert kpi_table.percent_value("197.7%") == 197.7
    assert kpi_table.percent_value("-％") is None
    assert kpi_table.percent_value("－％") is None
    assert kpi_table.percent_value("集計中") is None
    assert kpi_table.percent_value(None) is None


def _kpi(**over):
    rec = {
        "record_id": "k1",
        "doc": "004.txt",
        "project": "人材創出プロジェクト",
        "indicator": "新規高卒者管内企業就職率",
        "baseline": {"year": "R2", "value": "60.9％", "status": None},
        "actuals": [
            {"year": "R5", "value": "52.0％", "status": None},
            {"year": "R6", "value": "53.0％", "status": None},
        ],
        "targets": [{"year": "R6", "value": "63.9％", "status": None, "label": None}],
        "unit": "％",
        "progress": "82.9％",
        "status": None,
        "line_start": 167,
        "line_end": 167,
        "source_text": "新規高卒者管内企業就職率 60.9％（R2） 53.0%（R6） 63.9％（R6） 82.9％",
        "sources": [{"doc": "004.txt", "line_start": 167, "line_end": 167, "text": "…"}],
    }
    rec.update(over)
    return rec


def test_kpi_rows_and_pending():
    pending = _kpi(
        record_id="k2",
        indicator="移住相談件数",
        actuals=[{"year": "R6", "value": None, "status": "集計中（8月頃）"}],
        progress="-％",
        status="集計中（8月頃）",
    )
    rows = kpi_table.kpi_rows([_kpi(), pending], {"004.txt": "推進状況"})
    assert rows[0]["基準値"] == "60.9％（R2）"
    assert rows[0]["実績 R5"] == "52.0％" and rows[0]["実績 R6"] == "53.0％"
    assert rows[0]["目標値"] == "63.9％（R6）"
    assert rows[0]["進捗率"] == "82.9％" and rows[0]["進捗率(%)"] == 82.9
    assert rows[0]["出典"] == "推進状況 167行目"
    assert rows[1]["実績 R6"] == "集計中（8月頃）" and rows[1]["進捗率"] == "集計中"
    assert rows[1]["実績 R5"] == ""
    assert kpi_table.kpi_is_pending(pending) and not kpi_table.kpi_is_pending(_kpi())


def test_kpi_rows_drop_empty_columns():
    rows = kpi_table.kpi_rows([_kpi(actuals=[], baseline=None, progress=None, unit=None)], project=False, source=False)
    assert list(rows[0]) == ["評価指標", "目標値"]


def test_several_targets_sources_and_the_series():
    rec = _kpi(
        targets=[
            {"year": None, "value": "1,000万人", "status": "今後10年間", "label": "実人数"},
            {"year": None, "value": "1億人", "status": "今後10年間", "label": "延べ人数"},
        ],
        sources=[
            {"doc": "004.txt", "line_start": 167, "line_end": 167, "text": "…"},
            {"doc": "004.txt", "line_start": 366, "line_end": 372, "text": "…"},
        ],
    )
    assert kpi_table.targets_label(rec) == "実人数 1,000万人（今後10年間）、延べ人数 1億人（今後10年間）"
    assert kpi_table.sources_label(rec) == "167行目 ほか1か所"
    points = kpi_table.series_points(_kpi())
    assert [(p["年"], p["値"], p["種別"]) for p in points] == [
        ("R2", 60.9, "基準値"),
        ("R5", 52.0, "実績"),
        ("R6", 53.0, "実績"),
        ("R6", 63.9, "目標値"),
    ]
    assert kpi_table.has_series(_kpi())
    pending = _kpi(baseline=None, actuals=[{"year": "R6", "value": None, "status": "集計中（7月頃）"}])
    assert not kpi_table.has_series(pending)  # no line to draw from one pending year
    assert kpi_table.actual_years([_kpi(actuals=[{"year": "R10", "value": "1"}, {"year": "R9", "value": "2"}])]) == [
        "R9",
        "R10",
    ]


def test_chart_rows_skip_missing_progress_and_keep_labels_unique():
    rows = kpi_table.chart_rows([_kpi(), _kpi(project="別のプロジェクト"), _kpi(progress="-％")])
    assert len(rows) == 2
    assert len({r["指標"] for r in rows}) == 2


def test_programme_rows_and_filters():
    rec = {
        "record_id": "p1",
        "doc": "001.txt",
        "name": "モーダルシフト等推進事業",
        "variants": [],
        "budgets": [
            {"amount": "40.6百万円", "fiscal_year": "令和6年度", "kind": "当初", "note": None},
            {"amount": "123.4百万円", "fiscal_year": "令和5年度", "kind": "補正", "note": None},
        ],
        "rates": [{"rate": "1/2以内", "condition": "運行経費補助"}, {"rate": "定額", "condition": None}],
        "caps": [{"cap": "上限500万円", "condition": "運行経費補助"}],
        "eligible": ["協議会"],
        "covered_costs": ["運行経費"],
        "conditions": [],
        "period": None,
        "summary": None,
        "ministry": "国土交通省",
        "line_start": 65,
        "line_end": 95,
        "source_text": "…",
        "sources": [{"doc": "001.txt", "line_start": 65, "line_end": 95, "text": "…"}],
        "notes": [],
    }
    row = programme_table.programme_rows([rec], {"001.txt": "小さな拠点"})[0]
    assert row["事業・制度"] == "モーダルシフト等推進事業"
    assert row["予算"] == "40.6百万円（令和6年度当初）／123.4百万円（令和5年度補正）"
    assert row["補助率"] == "1/2以内（運行経費補助）／定額"
    assert row["上限"] == "上限500万円（運行経費補助）"
    assert row["出典"] == "小さな拠点 65～95行目"
    assert programme_table.budget_years(rec) == ["R6", "R5"]
    other = {**rec, "name": "空き家対策総合支援事業", "rates": [{"rate": "2 / 5等", "condition": None}]}
    other["budgets"] = [{"amount": None, "fiscal_year": "R8", "kind": "当初", "note": None}]
    other["eligible"] = ["市町村", "NPO・民間事業者等"]
    both = [rec, other]
    assert [r["name"] for r in record_filters.programme_filter(both, rate="1/2")] == ["モーダルシフト等推進事業"]
    assert [r["name"] for r in record_filters.programme_filter(both, rate="2/5")] == ["空き家対策総合支援事業"]
    assert [r["name"] for r in record_filters.programme_filter(both, eligible="ＮＰＯ")] == ["空き家対策総合支援事業"]
    assert [r["name"] for r in record_filters.programme_filter(both, budget_year="R6")] == ["モーダルシフト等推進事業"]
    assert record_filters.programme_filter(both, budget_year="R7") == []
    assert record_filters.matches(rec, "モーダルシフト 上限")
    assert record_filters.matches(rec, "ﾓｰﾀﾞﾙ")  # half-width katakana (NFKC)
    assert not record_filters.matches(rec, "空き家")
    assert record_filters.matches(rec, "  ")
