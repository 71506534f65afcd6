"""/api/v1/indicators: the catalogue, targets, figures, the targets table and roll-ups."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, IsoDate
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import domain, selectors, services
from ..domain import PlansError
from ..models import (
    Aggregation,
    Direction,
    Indicator,
    Measurement,
    Target,
)
from .common import (
    ERRORS,
    Period,
    PlansErrorOut,
    PlansUnit,
    Version,
    Window,
    _bad,
    _page,
    _under,
    _unit_ref,
    _writable_unit,
    router,
)


class IndicatorOut(Schema):
    code: str
    name: str
    measure: str
    aggregation: str
    direction: str
    weight: str | None = Field(None, description="The weighing indicator's code")
    unit: str = Field(..., description="The code of the unit that defined it")
    version: int


class IndicatorIn(Body):
    unit: str = Field(..., max_length=40)
    code: str = Field(..., max_length=40, description="dang-vien-moi: lower case, no accents")
    name: str = Field(..., max_length=300)
    measure: str = Field("", max_length=40)
    aggregation: Literal[tuple(Aggregation.values)] = Aggregation.SUM
    direction: Literal[tuple(Direction.values)] = Direction.HIGHER
    weight: str = Field("", max_length=40, description="For a weighted average")


class IndicatorUpdate(Body):
    name: str = Field(..., max_length=300)
    measure: str = Field("", max_length=40)
    aggregation: Literal[tuple(Aggregation.values)] = Aggregation.SUM
    direction: Literal[tuple(Direction.values)] = Direction.HIGHER
    weight: str = Field("", max_length=40)
    version: int | None = Version


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


class TargetIn(Body):
    unit: str = Field(..., max_length=40)
    period: str = Period
    target_kind: Literal[tuple(t.value for t in domain.TargetKind)] = domain.TargetKind.VALUE
    value: Decimal = Field(..., max_digits=20, decimal_places=4)
    value_max: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    baseline_period: str = Field("", max_length=12, description="Growth: the base period")
    version: int | None = Field(None, ge=1, description="Editing a target: the version read")


class TargetOut(Schema):
    unit: PlansUnit
    period: str
    target_kind: str
    value: Decimal
    value_max: Decimal | None
    baseline_period: str
    version: int


class TargetsFilters(Schema):
    unit: str = Field("", max_length=40, description="The unit and its children; default: its own")
    period: str = Field("", max_length=12, description="Default: last year")
    restated: bool = False


class TargetRowOut(Schema):
    unit: PlansUnit
    value: Decimal | None
    reporters: int
    target: TargetOut | None
    band: list[Decimal] | None = Field(None, description="The lowest and highest figure asked")
    status: str = Field(..., description="exceeded (vượt), met (đạt), missed, no_data")


class TargetsTableOut(Schema):
    indicator: str
    period: str
    restated: bool
    rows: list[TargetRowOut]


class MeasurementIn(Body):
    unit: str = Field(..., max_length=40)
    period: str = Period
    value: Decimal = Field(..., max_digits=20, decimal_places=4)
    source: str = Field("", max_length=300)
    version: int | None = Field(None, ge=1, description="Changing a figure: the version read")


class MeasurementOut(Schema):
    unit: PlansUnit
    period: str
    value: Decimal
    source: str
    entered_by: str | None
    entered_at: str
    version: int


class MeasurementPage(Schema):
    items: list[MeasurementOut]
    count: int


class MeasurementFilters(Window):
    unit: str = Field("", max_length=40, description="Figures of this unit and those under it")
    period: str = Field("", max_length=12)


def _indicator(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "measure": indicator.measure,
        "aggregation": indicator.aggregation,
        "direction": indicator.direction,
        "weight": indicator.weight.code if indicator.weight else None,
        "unit": indicator.unit.code,
        "version": indicator.version,
    }


def _weight(user, code: str) -> Indicator | None:
    if not code:
        return None
    weight = Indicator.objects.visible_to(user).filter(code=code).first()
    if weight is None:
        raise PlansError(
            gettext_noop("Không có chỉ tiêu mã %(code)s mà bạn được xem."),
            field="weight",
            code=code,
        )
    return weight


def _target(target: Target, unit: OrgUnit) -> dict:
    return {
        "unit": _unit_ref(unit),
        "period": target.period,
        "target_kind": target.kind,
        "value": target.value,
        "value_max": target.value_max,
        "baseline_period": target.baseline_period,
        "version": target.version,
    }


def _measurement(figure: Measurement) -> dict:
    return {
        "unit": _unit_ref(figure.unit),
        "period": figure.period,
        "value": figure.value,
        "source": figure.source,
        "entered_by": figure.entered_by.username if figure.entered_by else None,
        "entered_at": timezone.localtime(figure.entered_at).isoformat(),
        "version": figure.version,
    }


def _visible_indicator(user, code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(user).select_related("unit", "weight"), code=code
    )


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue")
def list_indicators(request):
    found = Indicator.objects.visible_to(request.auth).select_related("unit", "weight")
    return [_indicator(i) for i in found[:1000]]


@router.post("/indicators", response={201: IndicatorOut, **ERRORS}, summary="Add an indicator")
def create_indicator(request, payload: IndicatorIn):
    user = request.auth
    try:
        indicator = services.save_indicator(
            unit=_writable_unit(user, payload.unit),
            code=payload.code,
            name=payload.name,
            measure=payload.measure,
            aggregation=payload.aggregation,
            direction=payload.direction,
            weight=_weight(user, payload.weight),
            by=user,
        )
    except PlansError as error:
        return _bad(error)
    return Status(201, _indicator(indicator))


@router.put(
    "/indicators/{indicator}", response={200: IndicatorOut, **ERRORS}, summary="Edit an indicator"
)
def update_indicator(request, indicator: str, payload: IndicatorUpdate):
    user = request.auth
    record = get_object_or_404(
        Indicator.objects.editable_by(user).select_related("unit"), code=indicator
    )
    try:
        saved = services.save_indicator(
            unit=record.unit,
            code=record.code,
            name=payload.name,
            measure=payload.measure,
            aggregation=payload.aggregation,
            direction=payload.direction,
            weight=_weight(user, payload.weight),
            by=user,
            indicator=record,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _indicator(Indicator.objects.select_related("unit", "weight").get(pk=saved.pk))


@router.get(
    "/indicators/{indicator}/rollup",
    response={200: RollupOut, **ERRORS},
    summary="An indicator added up for a unit and period, as of its end or restated",
)
def get_rollup(request, indicator: str, filters: Query[RollupFilters]):
    found = _visible_indicator(request.auth, indicator)
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
        return _bad(error)
    return {
        "indicator": found.code,
        "unit": unit.code,
        "period": period,
        "value": result.value,
        "reporters": result.reporters,
        "as_of": result.as_of,
        "restated": filters.restated,
    }


@router.get(
    "/indicators/{indicator}/targets",
    response={200: TargetsTableOut, **ERRORS},
    summary="The targets table: a unit and its children, figure, target and status",
)
def get_targets(request, indicator: str, filters: Query[TargetsFilters]):
    user = request.auth
    found = _visible_indicator(user, indicator)
    unit = (
        get_object_or_404(OrgUnit.objects.visible_to(user), code=filters.unit)
        if filters.unit
        else found.unit
    )
    try:
        span = services.period_of(filters.period or str(timezone.localdate().year - 1))
    except PlansError as error:
        return _bad(error)
    as_of = timezone.localdate() if filters.restated else date.fromordinal(span.end.toordinal() - 1)
    below = list(org.children(unit, as_of=as_of).visible_to(user).order_by("name"))
    rows = selectors.targets_table(found, [unit, *below], span.code, restated=filters.restated)
    return {
        "indicator": found.code,
        "period": span.code,
        "restated": filters.restated,
        "rows": [
            {
                "unit": _unit_ref(row.unit),
                "value": row.figure.value if row.figure else None,
                "reporters": row.figure.reporters if row.figure else 0,
                "target": _target(row.target, row.unit) if row.target else None,
                "band": list(row.band) if row.band else None,
                "status": row.status,
            }
            for row in rows
        ],
    }


@router.post(
    "/indicators/{indicator}/targets",
    response={200: TargetOut, 201: TargetOut, **ERRORS},
    summary="Set a unit's target for a period: a value, a range (12,8 - 13) or growth a year",
)
def save_target(request, indicator: str, payload: TargetIn):
    user = request.auth
    found = _visible_indicator(user, indicator)
    try:
        unit = _writable_unit(user, payload.unit)
        current = Target.objects.filter(
            indicator=found, unit=unit, period=services.period_of(payload.period).code
        ).first()
        saved = services.save_target(
            indicator=found,
            unit=unit,
            period=payload.period,
            kind=payload.target_kind,
            value=payload.value,
            value_max=payload.value_max,
            baseline_period=payload.baseline_period,
            by=user,
            # Editing needs the version read: without it, an existing target is refused as a
            # duplicate rather than overwritten unseen.
            target=current if payload.version is not None else None,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return Status(200 if current else 201, _target(saved, unit))


@router.get(
    "/indicators/{indicator}/measurements",
    response={200: MeasurementPage, 404: PlansErrorOut},
    summary="The figures reported, newest period first",
)
def list_measurements(request, indicator: str, filters: Query[MeasurementFilters]):
    user = request.auth
    found = _visible_indicator(user, indicator)
    figures = Measurement.objects.visible_to(user).filter(indicator=found)
    if filters.unit:
        unit = get_object_or_404(OrgUnit.objects.visible_to(user), code=filters.unit)
        figures = figures.filter(_under(unit))
    if filters.period:
        figures = figures.filter(period=filters.period)
    figures = figures.select_related("unit", "entered_by").order_by("-period_end", "unit__name")
    return _page(figures, filters, _measurement)


@router.post(
    "/indicators/{indicator}/measurements",
    response={200: MeasurementOut, 201: MeasurementOut, **ERRORS},
    summary="Enter a unit's figure for a period (changing one needs the version read)",
)
def record_measurement(request, indicator: str, payload: MeasurementIn):
    user = request.auth
    found = _visible_indicator(user, indicator)
    try:
        unit = _writable_unit(user, payload.unit)
        known = Measurement.objects.filter(
            indicator=found, unit=unit, period=services.period_of(payload.period).code
        ).exists()
        figure = services.record_measurement(
            indicator=found,
            unit=unit,
            period=payload.period,
            value=payload.value,
            source=payload.source.strip(),
            by=user,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    figure = Measurement.objects.select_related("unit", "entered_by").get(pk=figure.pk)
    return Status(200 if known else 201, _measurement(figure))
