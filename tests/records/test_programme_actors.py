"""An organisation acting in a case's prose, read by its legal form, on invented lines."""

from __future__ import annotations

import pytest

from assistant.records.programme_actors import extract_case_actors


def test_organisations_acting_in_a_cases_prose() -> None:
    lines = [
        "この取組では、株式会社あおぞら農園が収穫体験の受付を担っている。",
        "さくら精機株式会社は、部品加工の技術を生かして医療機器に参入した。",
        "また、QRS 株式会社は、各地の拠点で研修を行う。",
        "株式会社 Blue Harbor は、港の倉庫を改修して宿泊施設を開いた。",
        "有限会社つきみ牧場と同町が協定を結び、放牧地を貸し出す。",
    ]
    got = [(r.name, r.line_start) for r in extract_case_actors("x.txt", lines)]
    assert got == [
        ("株式会社あおぞら農園", 1),
        ("さくら精機株式会社", 2),
        ("QRS 株式会社", 3),
        ("株式会社 Blue Harbor", 4),
        ("有限会社つきみ牧場", 5),
    ]


def test_the_first_of_the_actors_a_sentence_lists_and_a_gloss_before_the_particle() -> None:
    lines = [
        "全県に窓口を持つ独立行政法人みらい技術機構をはじめとする関係機関が連携し、技術相談に応じる。",
        "株式会社しおかぜ（本社：高知市）をはじめとする地元企業が、港の再開発に出資した。",
        "国立研究開発法人うみ研究所（UMI）が観測データを提供している。",
        "NPO法人等をはじめとする多様な主体が参加する。",
        "町は、株式会社さくら物産をはじめとする地元企業と協定を締結した。",
        "一般社団法人さくら観光協会をはじめとする団体に補助金を交付する。",
        "町では、NPO法人設立をはじめとする各種手続きを窓口で支援する。",
        "退職後に株式会社うみかぜ企画をはじめた。",
    ]
    got = [(r.name, r.line_start) for r in extract_case_actors("x.txt", lines)]
    assert got == [
        ("独立行政法人みらい技術機構", 1),
        ("株式会社しおかぜ", 2),
        ("国立研究開発法人うみ研究所", 3),
    ]  # 「NPO法人等」: a kind of body leading the list; a partner, a recipient, a procedure, 「はじめた」: no actor


@pytest.mark.parametrize(
    "line",
    [
        "山田 花子 株式会社ゆうひ企画代表取締役",  # an affiliation
        "資料提供：株式会社ゆうひ企画提供資料より作成",  # a source credit
        "【PF名】うみべ共創プラットフォーム（代表：株式会社うみべ）",  # a representative
        "概 要：ゆうひバス㈱と組んで、周遊ツアーを実施。",  # a partner
        "知事は、NPO法人や社会福祉法人などを協力団体に選ぶことができる。",  # kinds of body, no name
        "一般社団法人が設立された。",  # a legal form alone
        "1\t株式会社\tゆうひ機構",  # a table row
        "株式会社の数は増えている。",  # a generic word
        "株式会社みどり企画と連携して地元企業が参加した。",  # a partner, then a clause
        "市は、株式会社みどり企画に委託して地域の事業者が販路を広げた。",  # a contractor, then a clause
        "株式会社みどり企画社長の山田氏は、",  # a person's affiliation
        "株式会社みどり企画社長山田氏は、",  # the same without a particle
        "株式会社みどり企画 代表 山田太郎は、",  # a representative without a colon
        "株式会社みどり企画ほか3社が参加した。",  # a group of firms
        "近年、株式会社化が進んでいる。",  # a kind of change
        "NPO法人等が担い手となる。",  # kinds of body
        "独立行政法人等が支援する。",
        "公益財団法人等が、",
        "特定非営利活動法人格を取得した団体が、",  # a legal status
        "その後、地元企業と山田製作所株式会社は提携した。",  # the second of a pair
        "³ 株式会社みどり企画が2021年に設立した基金による。",  # a footnote
        "※1 株式会社みどり企画が提供する統計を用いた。",  # a footnote
    ],
)
def test_no_actor_is_read(line: str) -> None:
    assert extract_case_actors("x.txt", [line]) == []


def test_a_credit_word_counts_only_near_the_name() -> None:
    line = (
        "令和4年の理事会で施設の運営方針を改めることが決まり、これを受けて翌春には株式会社あおぞら農園が運営を担った。"
    )
    assert [r.name for r in extract_case_actors("x.txt", [line])] == ["株式会社あおぞら農園"]
    near = "元理事の株式会社あおぞら農園が運営を担った。"
    assert extract_case_actors("x.txt", [near]) == []
