"""Programme extraction against the real corpus and small inline fixtures."""

from __future__ import annotations

import pytest

from assistant.records import ProgrammeRecord, extract_programmes
from assistant.records.text import normalise_budget_years
from assistant.text.normalize import compact

from .conftest import DOCS


@pytest.fixture(scope="module")
def progs(corpus) -> dict[str, list[ProgrammeRecord]]:
    return {key: extract_programmes(DOCS[key], lines) for key, lines in corpus.items()}


def _one(records, name):
    out = [r for r in records if r.name == name]
    assert len(out) == 1, [(r.name, r.line_start) for r in out]
    return out[0]


# --- 001 ---------------------------------------------------------------------------------


def test_modal_shift(progs):
    r = _one(progs["001"], "モーダルシフト等推進事業")
    assert (r.budget, r.budget_year) == ("40.6百万円", "R6")
    assert {"1/2以内", "2/3以内", "定額"} <= set(r.rates)
    assert "上限200万円" in r.caps and "上限500万円" in r.caps
    assert any("1,000万円" in c for c in r.caps)
    # the scrambled line 95 keeps the cap as written instead of pairing it with a rate
    assert "上限総額 (補助率:1/2以内) 500万円" in r.caps
    assert "令和5年度補正予算額 123.4百万円" in r.notes
    assert r.ministry == "国土交通省"  # from the OCR'd 「国十交诵省」
    assert r.line_start == 65 and r.line_end >= 95


def test_public_transport(progs):
    r = _one(progs["001"], "地域公共交通確保維持改善事業")
    assert (r.budget, r.budget_year) == ("20,805百万円", "R6")
    assert any(c.startswith("地域公共交通調査等事業") for c in r.coverage)
    assert r.line_end < 65  # stops before the next programme


# --- 000 tables --------------------------------------------------------------------------


def test_policy_table_rows(progs, corpus):
    rows = [r for r in progs["000"] if 1020 <= r.line_start <= 1060]
    assert len(rows) == 21
    for r in rows:
        assert r.line_start == r.line_end and "\t" in corpus["000"][r.line_start - 1]
    r = _one(rows, "遠隔医療設備整備事業")
    assert (r.rates, r.budget_year, r.ministry) == (("1 / 2",), "R8当初", "厚生労働省")
    assert r.eligible == ("地方公共団体等",)
    r = _one(rows, "二地域居住先導的プロジェクト実装事業")
    assert r.budget_year == "R7補正 R8当初"
    assert r.eligible == ("都道府県", "市区町村", "民間事業者等")
    assert (r.rates, r.ministry) == (("1 / 2等",), "国土政策局")
    r = _one(rows, "地域社会DX推進パッケージ事業")
    assert r.budget_year == "R7補正 R8当初"  # printed 「R 7 補正 R 8 当初」
    r = _one(rows, "スモールコンセプション形成推進事業")
    assert r.rates == () and r.conditions == ("※国土交通省から委託を受けた専門家が支援を実施。",)


def test_budget_table_rows(progs):
    r = _one(progs["000"], "空き家対策総合支援事業")
    assert (r.budget, r.budget_year) == ("5,900百万円", "R8")
    r = _one(progs["000"], "第2のふるさとづくりプロジェクト")
    assert r.budget == "300百万円"
    assert any("R7補正予算にて予算措置" in n for n in r.notes)
    r = _one(progs["000"], "地域未来交付金(地域未来推進型)(内閣府)")
    assert (r.ministry, r.budget) == ("内閣府", "160,000百万円の内数")
    r = _one(progs["000"], "広域連携事業(社会資本整備総合交付金)")
    assert r.eligible == ("都道府県",) and "特定居住促進計画への位置付け等は必須" in r.conditions[0]


def test_leading_project_sections(progs):
    a = _one(progs["000"], "地域生活圏形成リーディング事業（先導的な取組への支援）")
    assert a.rates == ("1/2", "2/3") and a.caps == ("上限3,000万円",)
    assert "ポイント①及び②を満たす主体：支援対象経費の1/2" in a.conditions
    assert len(a.coverage) == 3 and a.eligible[0].endswith("協議会")
    b = _one(progs["000"], "地域生活圏形成リーディング事業（人材育成への支援）")
    assert (b.rates, b.caps) == (("定額",), ("上限500万円",))
    assert b.eligible == ("都道府県・市町村", "民間事業者")


def test_budget_blocks_000(progs):
    r = _one(progs["000"], "全国二地域居住等促進官民連携プラットフォーム構築対策")
    assert (r.budget, r.budget_year, r.line_end) == ("100百万円", "R6補正", 1272)
    r = _one(progs["000"], "二地域居住等の促進に向けた先導的な施策の実装")
    assert (r.budget, r.budget_year) == ("10百万円", "R7")
    assert "令和6年度補正予算：300百万円" in r.notes
    r = _one(progs["000"], "ふるさと住民登録制度のシステム構築")
    assert (r.budget, r.budget_year) == ("32.1億円", "R7補正")


# --- 003/004 -----------------------------------------------------------------------------


@pytest.mark.parametrize("doc", ["003", "004"])
def test_prose_budget(progs, doc):
    r = _one(progs[doc], "大規模成長投資補助金")  # the name wraps onto the next line
    assert (r.budget, r.budget_year) == ("累計6,000億円", "R5補正 R6補正")
    assert r.line_end == r.line_start + 1


def test_sorachi_project_table(progs):
    rows = [r for r in progs["004"] if r.ministry == "空知総合振興局"]
    assert len(rows) == 10
    r = _one(rows, "目指せ「空知人」！地域おこし協力隊活動応援事業")
    assert r.budget_year == "R7" and r.coverage[0].startswith("空知管内で活動する地域おこし協力隊員")
    assert r.notes == ("関連プロジェクト③: 「空知」の魅力発信・誘客促進プロジェクト",)
    r = _one(rows, "空知地域産業人材確保対策事業")
    assert r.coverage == ("合同企業説明会等の実施により、新規学卒者など若者の人材確保・定着に取り組む。",)


def test_no_programmes_in_report(progs):
    assert progs["002"] == []


# --- invariants --------------------------------------------------------------------------


def test_provenance(progs, corpus):
    for key, recs in progs.items():
        lines = corpus[key]
        for r in recs:
            assert 1 <= r.line_start <= r.line_end <= len(lines)
            assert r.source_text == "\n".join(lines[r.line_start - 1 : r.line_end])
            text = compact(r.source_text)
            for v in [r.budget, *r.rates, *r.caps, *r.coverage, *r.eligible]:
                if v:
                    assert compact(v) in text, (r.name, v)
        assert len({r.record_id for r in recs}) == len(recs)


# --- inline fixtures ---------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


BLOCK_FIXTURE = _lines("""テスト推進事業

令和７年度当初予算額 12.3百万円 (令和6年度補正予算額 4.5百万円)

国十交诵省

テストの取組を支援する。

補助上限・補助率 計画策定 上限総額 (補助率:1/2以内) 300万円 運行 上限100万円 (補助率:定額)
トラックの上限規制が適用され、交通費の定額化を図る
""")


def test_inline_budget_block():
    (r,) = extract_programmes("fx", BLOCK_FIXTURE)
    assert (r.name, r.budget, r.budget_year) == ("テスト推進事業", "12.3百万円", "R7")
    assert r.notes == ("令和6年度補正予算額 4.5百万円",)
    assert r.rates == ("1/2以内", "定額")  # not 「定額化」 from the prose line
    assert r.caps == ("上限総額 (補助率:1/2以内) 300万円", "上限100万円")  # not 「上限規制」
    assert r.ministry == "国土交通省"
    assert r.coverage == ("テストの取組を支援する。",)


TABLE_FIXTURE = [
    "主な分野\t所管省庁\t補助金等の名称\t概要等\t支援対象\t補助率等\t予算年度",
    "医療\t厚生労働省\tテスト整備事業\t機器の整備を支援するもの。\t地方公共団体、民間事業者等\t1 / 2\tR 8 当初",
    "\t総務省\tテスト交付金\t取組を支援するもの\t民間事業者等\t—\t令和7年度補正",
    "",
]


def test_inline_table():
    a, b = extract_programmes("fx", TABLE_FIXTURE)
    assert (a.name, a.rates, a.budget_year, a.ministry) == ("テスト整備事業", ("1 / 2",), "R8当初", "厚生労働省")
    assert a.eligible == ("地方公共団体", "民間事業者等")
    assert (b.rates, b.budget_year, b.notes) == ((), "R7補正", ("分野: 医療",))


def test_normalise_budget_years():
    assert normalise_budget_years("R 7 補正 R 8 当初") == "R7補正 R8当初"
    assert normalise_budget_years("令和５年度補正及び令和６年度補正") == "R5補正 R6補正"
