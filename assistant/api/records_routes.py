"""The records endpoints: /v1/kpis and /v1/programmes, with their filters and ``?format=csv``.

Same prefix, key check and JSON rules as the other /v1 routes (`assistant.api.routes`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, Security
from pydantic import AfterValidator

import assistant.api.schemas as s
from assistant.api.deps import get_engine
from assistant.api.jsonbody import StrictJSONRoute
from assistant.api.routes import (
    COMMON,
    FilterDoc,
    FilterProject,
    FilterText,
    _errors,
    api_key_header,
    only_params,
    require_json,
)
from assistant.records.export import kpi_rows, programme_rows, to_csv
from assistant.service import Assistant

records = APIRouter(
    prefix="/v1",
    dependencies=[Security(api_key_header), Depends(require_json)],
    route_class=StrictJSONRoute,
)

FilterYear = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=20,
        description="この年度の値（基準値・実績値・目標値）がある指標に絞り込む（R6, 令和6年度, 2030年）。",
        examples=["R6"],
    ),
    AfterValidator(lambda v: s.clean_text(v) if v is not None else v),
]
FilterRate = Annotated[
    str | None,
    Query(min_length=1, max_length=50, description="補助率で絞り込む（部分一致: 1/2, 定額）。", examples=["1/2"]),
    AfterValidator(lambda v: s.clean_text(v) if v is not None else v),
]
FilterEligible = Annotated[
    str | None,
    Query(min_length=1, max_length=100, description="支援対象で絞り込む（部分一致）。", examples=["市町村"]),
    AfterValidator(lambda v: s.clean_text(v) if v is not None else v),
]
FilterBudgetYear = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=20,
        description="この年度の予算がある事業に絞り込む（R8, 令和8年度）。",
        examples=["R8"],
    ),
    AfterValidator(lambda v: s.clean_text(v) if v is not None else v),
]
Format = Annotated[
    Literal["json", "csv"],
    Query(description="json（既定）、または csv（UTF-8・BOM付き、Excel で開ける）。"),
]
CSV_RESPONSE = {200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with ?format=csv"}}


def csv_response(name: str, table: tuple[list[str], list[list[str]]]) -> Response:
    """The table as ``name.csv``: UTF-8 with BOM (Excel), sent as an attachment."""
    return Response(
        to_csv(*table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@records.get(
    "/kpis",
    tags=["records"],
    response_model=s.KpisResponse,
    summary="KPI（重要業績評価指標）の一覧",
    responses={**_errors(422, *COMMON), **CSV_RESPONSE},
    dependencies=[only_params("doc", "project", "q", "year", "format")],
)
def kpis(
    doc: FilterDoc = None,
    project: FilterProject = None,
    q: FilterText = None,
    year: FilterYear = None,
    format: Format = "json",  # noqa: A002 - the query parameter's name
    engine: Assistant = Depends(get_engine),
):
    """KPI records with baseline, the yearly actuals, targets, progress and every source (file and lines)."""
    if doc is not None:
        engine.check_docs([doc])
    records = [r.to_dict() for r in engine.kpis(doc=doc, project=project, q=q, year=year)]
    if format == "csv":
        return csv_response("kpis", kpi_rows(records))
    return {"kpis": records, "count": len(records)}


@records.get(
    "/programmes",
    tags=["records"],
    response_model=s.ProgrammesResponse,
    summary="事業・制度の一覧",
    responses={**_errors(422, *COMMON), **CSV_RESPONSE},
    dependencies=[only_params("doc", "q", "rate", "eligible", "budget_year", "format")],
)
def programmes(
    doc: FilterDoc = None,
    q: FilterText = None,
    rate: FilterRate = None,
    eligible: FilterEligible = None,
    budget_year: FilterBudgetYear = None,
    format: Format = "json",  # noqa: A002 - the query parameter's name
    engine: Assistant = Depends(get_engine),
):
    """Programme (事業・制度) records with budgets, rates and caps (with conditions), eligibility, costs and sources."""
    if doc is not None:
        engine.check_docs([doc])
    found = engine.programmes(doc=doc, q=q, rate=rate, eligible=eligible, budget_year=budget_year)
    records = [r.to_dict() for r in found]
    if format == "csv":
        return csv_response("programmes", programme_rows(records))
    return {"programmes": records, "count": len(records)}
