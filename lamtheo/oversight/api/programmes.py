"""/api/v1/oversight/programmes: an inspecting unit's yearly programme of inspections and
supervision (chương trình kiểm tra, giám sát năm)."""

from datetime import datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, RecordId
from lamtheo.org import selectors as org

from .. import services
from ..domain import OversightError
from ..models import Programme
from .common import (
    ERRORS,
    NOT_FOUND,
    OversightDocument,
    OversightUnit,
    Symbol,
    Version,
    Window,
    bad,
    document_named,
    document_ref,
    page,
    router,
    unit_filter,
    unit_ref,
    visible_unit,
)

YEAR = Field(..., ge=1945, le=2100)


class InspectionProgrammeOut(Schema):
    id: int
    unit: OversightUnit = Field(..., description="The inspecting unit")
    year: int
    title: str
    document: OversightDocument | None = Field(None, description="The document issuing it")
    inspections: int = Field(..., description="Inspections recorded under it")
    created_at: datetime
    version: int


class InspectionProgrammePage(Schema):
    items: list[InspectionProgrammeOut]
    count: int


class InspectionProgrammeFilters(Window):
    unit: str = Field("", max_length=40, description="Programmes of this unit and those under it")
    year: int | None = Field(None, ge=1945, le=2100)


class InspectionProgrammeIn(Body):
    unit: str = Field(..., min_length=1, max_length=40, description="The inspecting unit's code")
    year: int = YEAR
    title: str = Field(..., max_length=500)
    document: str = Symbol


class InspectionProgrammeUpdate(Body):
    year: int = YEAR
    title: str = Field(..., max_length=500)
    document: str = Symbol
    version: int | None = Version


def _programme(found: Programme) -> dict:
    return {
        "id": found.pk,
        "unit": unit_ref(found.unit),
        "year": found.year,
        "title": found.title,
        "document": document_ref(found.document),
        "inspections": found.inspection_count,
        "created_at": found.created_at,
        "version": found.version,
    }


def _programmes(user):
    return (
        Programme.objects.visible_to(user)
        .select_related("unit", "document")
        .annotate(inspection_count=Count("inspections"))
    )


def _seen_programme(user, pk: int) -> Programme:
    return get_object_or_404(_programmes(user), pk=pk)


@router.get(
    "/programmes",
    response={200: InspectionProgrammePage, **NOT_FOUND},
    summary="Yearly inspection and supervision programmes the caller may see",
)
def list_programmes(request, filters: Query[InspectionProgrammeFilters]):
    """Chương trình kiểm tra, giám sát năm of the caller's units and those under them, newest
    year first. `unit` narrows to a unit's subtree (404 for a unit the caller may not see)."""
    user = request.auth
    found = _programmes(user)
    unit = unit_filter(user, filters.unit)
    if unit is not None:
        found = found.filter(unit_id__in=org.subtree_ids(unit))
    if filters.year is not None:
        found = found.filter(year=filters.year)
    return page(found.order_by("-year", "title", "pk"), filters, _programme)


@router.post(
    "/programmes",
    response={201: InspectionProgrammeOut, **ERRORS},
    summary="Record an inspecting unit's programme for a year",
)
def create_programme(request, payload: InspectionProgrammeIn):
    """The unit is named by its code and the issuing document (optional) by its number; the
    caller must be an editor or admin of the unit (or above it)."""
    user = request.auth
    try:
        made = services.create_programme(
            unit=visible_unit(user, payload.unit, "unit"),
            year=payload.year,
            title=payload.title,
            document=document_named(user, payload.document, "document"),
            by=user,
        )
    except OversightError as error:
        return bad(error)
    return Status(201, _programme(_seen_programme(user, made.pk)))


@router.get(
    "/programmes/{int:inspection_programme}",
    response={200: InspectionProgrammeOut, **NOT_FOUND},
    summary="An inspection programme",
)
def get_programme(request, inspection_programme: RecordId):
    """A programme the caller's units (or those under them) keep; 404 otherwise."""
    return _programme(_seen_programme(request.auth, inspection_programme))


@router.put(
    "/programmes/{int:inspection_programme}",
    response={200: InspectionProgrammeOut, **ERRORS},
    summary="Change a programme's year, title or document",
)
def update_programme(request, inspection_programme: RecordId, payload: InspectionProgrammeUpdate):
    """For the unit's editors and admins (404 for others); from the `version` read."""
    user = request.auth
    found = get_object_or_404(Programme.objects.editable_by(user), pk=inspection_programme)
    try:
        services.update_programme(
            programme=found,
            year=payload.year,
            title=payload.title,
            document=document_named(user, payload.document, "document"),
            by=user,
            version=payload.version,
        )
    except OversightError as error:
        return bad(error)
    return _programme(_seen_programme(user, found.pk))
