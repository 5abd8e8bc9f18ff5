"""A progress-table row's figure by its role (`assistant.answer.value_roles`), on invented rows and records."""

from __future__ import annotations

from assistant.answer.value_roles import role_unmet, row_role, row_value_of_role
from assistant.records.models import KpiRecord, KpiValue

_ROW = "里山ボランティア登録者数 320人 (R2) 410人(R6) 500人(R7) 51.1% 保全協定締結数 12件 (R2) 集計中(R6) 30件 (R7) -%"


def _kpi(name: str, base: tuple[str, str], actuals: list[tuple[str | None, str]], target: tuple[str, str], p: str):
    return KpiRecord(
        record_id=name,
        doc="x.txt",
        project=None,
        indicator=name,
        unit=None,
        baseline=KpiValue(base[1], base[0], None),
        actuals=tuple(KpiValue(y, v, None if v else "集計中") for v, y in actuals),
        targets=(KpiValue(target[1], target[0], None),),
        progress=p,
        line_start=1,
        line_end=1,
        source_text="",
    )


_KPIS = (
    _kpi("里山ボランティア登録者数", ("320人", "R2"), [("380人", "R5"), ("410人", "R6")], ("500人", "R7"), "51.1%"),
    _kpi("保全協定締結数", ("12件", "R2"), [("20件", "R5"), (None, "R6")], ("30件", "R7"), "-%"),
)


def test_a_row_figure_reads_its_role_from_the_record() -> None:
    assert row_role(_ROW, "320人 (R2)", _KPIS)[0] == {"baseline"}
    assert row_role(_ROW, "500人", _KPIS)[0] == {"target"}
    assert row_role(_ROW, "30件", _KPIS)[0] == {"target"}  # the next row's, not the first record's
    assert row_role("里山の保全を進める。320人が参加した。", "320人", _KPIS)[0] == set()  # no record's row


def test_another_role_than_the_asked_one_is_no_answer() -> None:
    assert role_unmet("登録者数は今何人？", "320人 (R2)", _ROW, _KPIS)  # an earlier baseline
    assert role_unmet("保全協定の締結数は現在何件？", "30件", _ROW, _KPIS)  # the target
    assert not role_unmet("登録者数は今何人？", "410人", _ROW, _KPIS)
    assert not role_unmet("登録者数の目標は？", "500人", _ROW, _KPIS)
    assert not role_unmet("登録者数は？", "320人", _ROW, _KPIS)  # no role asked: left to the gate


def test_the_asked_role_is_picked_from_the_row() -> None:
    assert row_value_of_role("登録者数は今何人？", "320人", _ROW, _KPIS) == "410人"
    assert row_value_of_role("登録者数の当初の人数は？", "500人", _ROW, _KPIS) == "320人"
    # The latest actual is still being counted and the row writes no other: nothing to pick, the check abstains.
    assert row_value_of_role("保全協定の締結数は現在何件？", "30件", _ROW, _KPIS) is None
    # The same figure in two columns: the one of the picked year, with its year.
    row = "こども食堂設置数 8カ所 (R2) 8カ所 (R6) 10カ所 (R7) 80.0%"
    kpis = (_kpi("こども食堂設置数", ("8カ所", "R2"), [("8カ所", "R6")], ("10カ所", "R7"), "80.0%"),)
    assert row_value_of_role("こども食堂は今何カ所？", "8カ所 (R2)", row, kpis) == "8カ所 (R6)"


def test_a_goal_sentence_record_is_an_aim_and_a_start_is_reached() -> None:
    goal = "【2028年度までの3年間で里山ボランティアの登録を2,000人、体験会の参加を5,000人とすることを目指す】"
    kpis = (
        KpiRecord(
            "g",
            "x.txt",
            None,
            "里山ボランティアの登録",
            None,
            None,
            (),
            (KpiValue("2028年度", "2,000人", None),),
            None,
            1,
            1,
            "",
        ),
        KpiRecord(
            "s",
            "x.txt",
            None,
            "里山拠点",
            None,
            KpiValue(None, "4拠点", None),
            (),
            (KpiValue(None, "9拠点", None),),
            None,
            1,
            1,
            "",
        ),
    )
    assert role_unmet("里山ボランティアの登録はすでに何人？", "2,000人", goal, kpis)
    start = "【里山拠点を4拠点から9拠点へと拡大】"
    assert row_value_of_role("里山拠点は現在いくつ？", "9拠点", start, kpis) == "4拠点"


def test_the_target_as_yardstick_asks_progress() -> None:
    # 「目標に対して」 measures against the aim: the progress figure answers, not the target.
    assert row_value_of_role("登録者数は目標比でどこまで来た？", "51.1%", _ROW, _KPIS) is None
    assert not role_unmet("登録者数、目標に対しての進捗はどう？", "51.1%", _ROW, _KPIS)


def test_a_span_of_the_row_figures_has_no_one_role() -> None:
    start = "【里山拠点を4拠点から9拠点へと拡大】"
    kpis = (
        KpiRecord(
            "s",
            "x.txt",
            None,
            "里山拠点",
            None,
            KpiValue(None, "4拠点", None),
            (),
            (KpiValue(None, "9拠点", None),),
            None,
            1,
            1,
            "",
        ),
    )
    assert row_role(start, "4拠点から9拠点", kpis)[0] == set()
    assert row_value_of_role("里山拠点は現在いくつ？", "4拠点から9拠点", start, kpis) is None
    assert not role_unmet("里山拠点は現在いくつ？", "4拠点から9拠点", start, kpis)
    assert row_role(start, "9拠点", kpis)[0] == {"target"}  # one figure still has its role
