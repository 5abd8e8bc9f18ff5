"""Programme table rows read with what the table says around them, on invented tables."""

from __future__ import annotations

from assistant.records.programme import extract_programmes


def test_a_footnote_under_a_budget_table_names_the_rows_ministry():
    table = [
        "二地域居住促進のための主な予算(R8年度当初予算)",
        "分野\t予算(項目)\t内容\t主な対象者\tR8予算",
        "観光\t長期滞在型観光推進事業\t計画に関連した申請案件について連携\t市町村、DMO等\t120百万円※",
        "農業\t農泊推進対策\t計画区域内の取組を重点的に支援\t市町村\t500百万円",
        "",
        "※文化庁の「長期滞在型観光推進事業」は、R7補正予算にて予算措置",
    ]
    stay, farm = extract_programmes("bunka.txt", table)
    assert stay.ministry == "文化庁" and (stay.budgets[0].fiscal_year, stay.budgets[0].kind) == ("R7", "補正")
    assert farm.ministry is None  # the footnote speaks of another row
