"""/api/v1/indicators: the catalogue, and the roll-up of an indicator for a unit and period.

Indicators and units are fetched through `visible_to`: what the caller may not see is 404.
"""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from lamtheo.api_types import IsoDate
from lamtheo.org.models import OrgUnit
from lamtheo.web import translated

from . import selectors
from .domain import PlansError
from .models import Indicator

router = Router(tags=["plans"])


class IndicatorOut(Schema):
    code: str
    name: str
    measure: str
    aggregation: str
    direction: str
    unit: str = Field(..., alias="unit.code")


class RollupFilters(Schema):
    unit: str = Field("", max_length=40, description="Default: the unit that defined it")
    period: str = Field(
        "",
        max_length=12,
        description="2024, 2024-H1, 2024-Q2, 2024-05, 2020-2025; default: this year",
    )
    as_of: IsoDate | None = Field(None, description="Restated: today's units as of this day")
    restated: bool = Field(False, description="Follow lineage to today's units")


class RollupOut(Schema):
    indicator: str
    unit: str
    period: str
    value: Decimal | None
    reporters: int
    as_of: date
    restated: bool


class PlansErrorOut(Schema):
    detail: str
    field: str | None = None


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue")
def list_indicators(request):
    return list(Indicator.objects.visible_to(request.auth).select_related("unit")[:1000])


@router.get(
    "/indicators/{indicator}/rollup",
    response={200: RollupOut, 400: PlansErrorOut},
    summary="An indicator added up for a unit and period, as of its end or restated",
)
def get_rollup(request, indicator: str, filters: Query[RollupFilters]):
    found = get_object_or_404(
        Indicator.objects.visible_to(request.auth).select_related("unit"), code=indicator
    )
    unit = (
        get_object_or_404(OrgUnit.objects.visible_to(request.auth), code=filters.unit)
        if filters.unit
        else found.unit
    )
    period = filters.period or str(timezone.localdate().year)
    try:
        result = selectors.rollup(
            found, unit, period, restated=filters.restated, today=filters.as_of
        )
    except PlansError as error:
        return Status(400, {"detail": translated(error), "field": error.field})
    return {
        "indicator": found.code,
        "unit": unit.code,
        "period": period,
        "value": result.value,
        "reporters": result.reporters,
        "as_of": result.as_of,
        "restated": filters.restated,
    }
