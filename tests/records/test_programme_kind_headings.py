"""Programme block whose heading carries its budget kinds (「X（当初・補正）」), on an invented layout."""

from __future__ import annotations

from assistant.records import Budget, extract_programmes
from assistant.records.merge import merge_programmes
from assistant.records.programme_kind_headings import extract_kind_headings

# Another ministry's 「支援の内容」 slide: three programmes, each a tagged heading over its summary.
SLIDE = """環境省 地域脱炭素推進審議官グループ

支援の内容

脱炭素まちづくり伴走支援(当初)

中小規模の市区町村が行う脱炭素計画の策定及び実施体制の構築を支援する。

<取組の内容例>
- 専門家派遣による計画策定
- 住民説明会の開催

地域再エネ導入加速化事業（当初・補正）
地域共生型の再生可能エネルギー設備の導入に係る経費を支援。

省エネ改修モデル普及（補正）
公共施設の省エネ改修を先行実施する地方公共団体の取組を支援するもの。
""".split("\n")


def test_tagged_headings_are_programmes_with_their_budget_kinds() -> None:
    got = {r.name: r for r in extract_kind_headings("x.txt", SLIDE)}
    assert list(got) == ["脱炭素まちづくり伴走支援", "地域再エネ導入加速化事業", "省エネ改修モデル普及"]
    assert got["脱炭素まちづくり伴走支援"].budgets == (Budget(None, None, "当初"),)
    assert got["地域再エネ導入加速化事業"].budgets == (Budget(None, None, "当初"), Budget(None, None, "補正"))
    assert got["省エネ改修モデル普及"].budgets == (Budget(None, None, "補正"),)
    first = got["脱炭素まちづくり伴走支援"]
    assert first.ministry == "環境省"
    # the summary is the first paragraph; the <取組の内容例> list under it is not
    assert first.summary == "中小規模の市区町村が行う脱炭素計画の策定及び実施体制の構築を支援する。"
    assert (first.line_start, first.line_end) == (5, 7)
    assert got["地域再エネ導入加速化事業"].covered_costs == ("地域共生型の再生可能エネルギー設備の導入に係る経費",)


def test_prose_with_a_bracketed_budget_word_is_not_a_heading() -> None:
    lines = [
        "この事業は令和７年度から実施している（当初）。",
        "・ 補助対象経費の追加（補正）",
        "地方公共団体による取組の推進に関する調査（当初予算）",
    ]
    assert extract_kind_headings("x.txt", lines) == []


def test_a_bare_kind_gives_way_to_the_same_kind_with_a_year() -> None:
    """The table row says R8当初 and R7補正; the tagged heading adds nothing but a source."""
    lines = [
        "分野\t所管部局\t補助金等の名称\t概要等\t支援対象\t補助率等\t予算年度",
        "移住\t地域政策課\t移住体験ツアー支援事業\t体験ツアーの造成を支援するもの。\t市町村\t定額\tR7補正 R8当初",
        "",
        "移住体験ツアー支援事業（当初・補正）",
        "移住希望者向けの体験ツアーの造成を支援する。",
    ]
    merged = [r for r in merge_programmes(extract_programmes("x.txt", lines)) if r.name == "移住体験ツアー支援事業"]
    assert len(merged) == 1
    assert set(merged[0].budgets) == {Budget(None, "R7", "補正"), Budget(None, "R8", "当初")}
    assert [s.line_start for s in merged[0].sources] == [2, 4]


def test_who_carries_out_what_a_summary_supports() -> None:
    """「X が…行う Y を支援する」 / 「X による Y を支援し、…」: X is eligible, the clause is the covered cost."""
    got = {r.name: r for r in extract_kind_headings("x.txt", SLIDE)}
    first = got["脱炭素まちづくり伴走支援"]
    assert first.eligible == ("中小規模の市区町村",)
    assert first.covered_costs == ("中小規模の市区町村が行う脱炭素計画の策定及び実施体制の構築",)
    lines = [
        "港湾脱炭素化の先導的な実証（当初・補正）",
        "",
        "荷役の脱炭素化に向けて、港湾運営の効率化に資する港湾運営会社、倉庫事業者等の民間事業者や港湾管理者等による"
        "荷役機械の電動化実証を支援し、全国への展開を図る。また、導入事例の調査を実施する。",
    ]
    (r,) = extract_kind_headings("x.txt", lines)
    # the purpose clause before 「、」 and the clause describing the doers (…に資する) are not who they are
    assert r.eligible == ("港湾運営会社、倉庫事業者等の民間事業者や港湾管理者等",)
    assert r.covered_costs == (
        "港湾運営の効率化に資する港湾運営会社、倉庫事業者等の民間事業者や港湾管理者等による荷役機械の電動化実証",
    )
    # a summary that supports nothing names no one
    (none,) = extract_kind_headings("x.txt", ["港湾統計の整備（当初）", "港湾統計の調査を実施する。"])
    assert (none.eligible, none.covered_costs) == ((), ())


def test_a_heading_that_drops_a_tou_names_the_same_programme() -> None:
    """「移住者等の定着に向けた…」 on one page, 「移住者の定着に向けた…（当初）」 on another: one programme."""
    lines = [
        "移住者等の定着に向けた伴走支援",
        "(令和7年度予算：20百万円)",
        "・移住者等の定着に向けて、市町村が行う相談体制の構築を支援する。",
        "",
        "移住者の定着に向けた伴走支援（当初）",
        "市町村が行う相談体制の構築を支援する。",
    ]
    (r,) = [r for r in extract_programmes("x.txt", lines) if "定着" in r.name]
    assert r.name == "移住者等の定着に向けた伴走支援"
    assert r.variants == ("移住者の定着に向けた伴走支援",)
    assert {(b.amount, b.kind) for b in r.budgets} == {("20百万円", None), (None, "当初")}


def test_a_scheme_and_its_grant_written_either_way_round_are_one_programme() -> None:
    """「⇒ …について地域活性化交付金(移住促進事業)により支援」 in prose, 「移住促進事業(地域活性化交付金)」 in a table."""
    from assistant.records.merge import programme_key

    assert programme_key("地域活性化交付金(移住促進事業)") == programme_key("移住促進事業（地域活性化交付金）")
    assert programme_key("地域活性化交付金(移住促進事業)") != programme_key("地域活性化交付金(定住促進事業)")
    lines = [
        "- ⇒ 空き家の改修について地域活性化交付金(移住促進事業)により支援",
        "",
        "分野\t予算(項目)\t内容\t主な対象者\tR8予算",
        "住まい\t移住促進事業(地域活性化交付金)\t空き家の改修を重点的に支援\t市町村\t地域活性化交付金 1,000百万円の内数",
    ]
    (r,) = [r for r in extract_programmes("x.txt", lines) if "移住促進事業" in r.name]
    assert r.variants == ("移住促進事業(地域活性化交付金)",)
    assert r.eligible == ("市町村",) and r.budgets[0].is_share
