"""/api/v1/honours/movements: emulation movements (phong trào thi đua), launched by a unit,
often by a document, with the units that take part and the cases that answer them."""

from datetime import date

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from pydantic import conint

from lamtheo.api_types import Body, IsoDate, RecordId
from lamtheo.org.models import OrgUnit

from .. import domain, services
from ..domain import HonoursError
from ..models import Case, Movement
from .common import (
    ERRORS,
    FIRST_YEAR,
    LAST_YEAR,
    HonoursDocument,
    HonoursErrorOut,
    HonoursUnit,
    Version,
    Window,
    _bad,
    _document,
    _document_ref,
    _page,
    _under,
    _unit_ref,
    _visible_unit,
    _visible_units,
    router,
)


class MovementOut(Schema):
    id: int
    unit: HonoursUnit = Field(..., description="The unit that launched it")
    name: str
    document: HonoursDocument | None = Field(None, description="The document that launched it")
    starts_on: date
    ends_on: date | None
    criteria: str
    results: str
    units: list[str] = Field(..., description="The codes of the units taking part")
    cases: int = Field(..., description="Cases the caller may see that answer it")
    commended: int = Field(..., description="Of those, the ones commended")
    version: int


class MovementPage(Schema):
    items: list[MovementOut]
    count: int


class MovementFilters(Window):
    unit: str = Field("", max_length=40, description="Launched by this unit or one under it")
    year: conint(ge=FIRST_YEAR, le=LAST_YEAR) | None = Field(
        None, description="Under way at some time of that year"
    )


class MovementFields(Body):
    name: str = Field(..., max_length=300)
    starts_on: IsoDate
    ends_on: IsoDate | None = None
    document: str = Field("", max_length=120, description="Its document's symbol: 05-KH/TU")
    criteria: str = Field("", max_length=20000)
    results: str = Field("", max_length=20000)
    units: list[str] = Field(default_factory=list, max_length=5000, description="Unit codes")


class MovementIn(MovementFields):
    unit: str = Field(..., min_length=1, max_length=40, description="The launching unit's code")


class MovementUpdate(MovementFields):
    version: int | None = Version


def _counts(user, ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per movement, the cases the caller may see and how many of them were commended."""
    found = (
        Case.objects.visible_to(user)
        .filter(movement_id__in=ids)
        .values("movement_id")
        .annotate(
            cases=Count("pk"),
            commended=Count("pk", filter=Q(status__in=[str(s) for s in domain.COUNTED])),
        )
    )
    return {row["movement_id"]: (row["cases"], row["commended"]) for row in found}


def _movement(movement: Movement, counts: tuple[int, int]) -> dict:
    return {
        "id": movement.pk,
        "unit": _unit_ref(movement.unit),
        "name": movement.name,
        "document": _document_ref(movement.document),
        "starts_on": movement.starts_on,
        "ends_on": movement.ends_on,
        "criteria": movement.criteria,
        "results": movement.results,
        "units": sorted(u.code for u in movement.units.all()),
        "cases": counts[0],
        "commended": counts[1],
        "version": movement.version,
    }


def _movements(records, user) -> list[dict]:
    records = list(records)
    counts = _counts(user, [m.pk for m in records])
    return [_movement(m, counts.get(m.pk, (0, 0))) for m in records]


def _saved(pk: int, user) -> dict:
    found = Movement.objects.select_related("unit", "document").prefetch_related("units")
    return _movements([found.get(pk=pk)], user)[0]


def _values(user, payload: MovementFields) -> dict:
    return {
        "name": payload.name,
        "starts_on": payload.starts_on,
        "ends_on": payload.ends_on,
        "document": _document(user, payload.document, "document"),
        "criteria": payload.criteria,
        "results": payload.results,
        "units": _visible_units(user, payload.units, "units"),
    }


@router.get(
    "/honours/movements",
    response={200: MovementPage, 404: HonoursErrorOut},
    summary="Emulation movements the caller may see, newest first",
)
def list_movements(request, filters: Query[MovementFilters]):
    user = request.auth
    found = Movement.objects.visible_to(user)
    if filters.unit:
        unit = get_object_or_404(OrgUnit.objects.visible_to(user), code=filters.unit)
        found = found.filter(_under(unit))
    if filters.year is not None:
        found = found.filter(starts_on__lte=date(filters.year, 12, 31)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=date(filters.year, 1, 1))
        )
    found = found.select_related("unit", "document").prefetch_related("units")
    page = _page(found.order_by("-starts_on", "name", "pk"), filters, lambda m: m)
    page["items"] = _movements(page["items"], user)
    return page


@router.post(
    "/honours/movements", response={201: MovementOut, **ERRORS}, summary="Launch a movement"
)
def create_movement(request, payload: MovementIn):
    user = request.auth
    try:
        movement = services.save_movement(
            unit=_visible_unit(user, payload.unit, "unit"), by=user, **_values(user, payload)
        )
    except HonoursError as error:
        return _bad(error)
    return Status(201, _saved(movement.pk, user))


@router.get(
    "/honours/movements/{int:movement}",
    response={200: MovementOut, 404: HonoursErrorOut},
    summary="A movement with its units and the count of its cases",
)
def get_movement(request, movement: RecordId):
    found = get_object_or_404(Movement.objects.visible_to(request.auth), pk=movement)
    return _saved(found.pk, request.auth)


@router.put(
    "/honours/movements/{int:movement}",
    response={200: MovementOut, **ERRORS},
    summary="Edit a movement, from the version read",
)
def update_movement(request, movement: RecordId, payload: MovementUpdate):
    user = request.auth
    record = get_object_or_404(
        Movement.objects.editable_by(user).select_related("unit"), pk=movement
    )
    try:
        saved = services.save_movement(
            unit=record.unit,
            by=user,
            movement=record,
            version=payload.version,
            **_values(user, payload),
        )
    except HonoursError as error:
        return _bad(error)
    return _saved(saved.pk, user)
