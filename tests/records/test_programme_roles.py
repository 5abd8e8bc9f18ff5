"""Honorary roles named with their holders, on an invented prefecture's report (wrapped lines, quoted roles)."""

from __future__ import annotations

from assistant.records.programme_roles import extract_honorary_roles

REPORT = """■ 観光ＰＲ動画の制作［県・市町］
概 要：県の魅力発信を目的として、みなと観光親善大使・
山田花子氏が出演する動画を制作。
■ 『「うみの幸アンバサダー」川村翔と巡る！港町ツアー』の開催
概 要：地元漁協との連携により、うみの幸
の応援アンバサダーを務める川村翔氏とともにツアーを実施。
""".split("\n")

NOT_ROLES = """県は観光大使制度の創設を検討している。
在日フランス大使館と連携した交流事業を行った。
""".split("\n")


def test_roles_with_their_holders_are_read_over_a_line_break() -> None:
    got = {r.name: (r.line_start, r.line_end) for r in extract_honorary_roles("x.txt", REPORT)}
    assert got == {"みなと観光親善大使": (2, 3), "うみの幸アンバサダー": (4, 4), "うみの幸の応援アンバサダー": (5, 6)}


def test_a_role_without_a_holder_or_an_embassy_is_not_read() -> None:
    assert extract_honorary_roles("x.txt", NOT_ROLES) == []


# A role named with no holder, only a partner or a place after と: nothing is read.
NO_HOLDER = """港町観光大使として地域と連携し、魅力を発信する。
県はうみの幸アンバサダーとして漁協と協力する。
""".split("\n")

# A holder with 氏/さん after a role, and a quoted role with a bare と: each is read.
WITH_HOLDER = """港町観光大使として山本一郎氏が講演した。
みなと親善大使・川口花さんが登場した。
『「うみの幸アンバサダー」川村翔と巡る！』
""".split("\n")


def test_a_bare_to_after_an_unquoted_role_is_no_holder() -> None:
    assert extract_honorary_roles("x.txt", NO_HOLDER) == []


def test_a_holder_needs_shi_or_san_unless_the_role_is_quoted() -> None:
    got = [r.name for r in extract_honorary_roles("x.txt", WITH_HOLDER)]
    assert got == ["港町観光大使", "みなと親善大使", "うみの幸アンバサダー"]


def test_a_role_ending_with_a_role_read_on_the_same_lines_is_dropped() -> None:
    # 「県の」 wraps onto the role's line: the line start is no boundary, so only the role itself is read
    got = [
        (r.name, r.line_start, r.line_end)
        for r in extract_honorary_roles("x.txt", ["県の", "観光大使を務める山田太郎氏が登壇"])
    ]
    assert got == [("観光大使", 2, 2)]
