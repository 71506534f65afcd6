"""/api/v1/honours/commendations: the commendations of the cases the caller may see, found by
unit, year, form, level or decision number."""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from pydantic import conint

from lamtheo.org.models import OrgUnit

from ..models import Case, Commendation, Level
from .cases import CommendationOut, _commendation
from .common import (
    FIRST_YEAR,
    LAST_YEAR,
    HonoursErrorOut,
    HonoursUnit,
    Window,
    _page,
    _under,
    _unit_ref,
    router,
)


class CommendedCase(Schema):
    id: int
    name: str
    title: str
    unit: HonoursUnit
    year: int


class CommendationListed(CommendationOut):
    case: CommendedCase


class CommendationPage(Schema):
    items: list[CommendationListed]
    count: int


class CommendationFilters(Window):
    unit: str = Field("", max_length=40, description="Cases of this unit and those under it")
    year: conint(ge=FIRST_YEAR, le=LAST_YEAR) | None = Field(
        None, description="The year of the decision"
    )
    form: str = Field("", max_length=40, description="A form's code: giay-khen")
    level: Literal[tuple(["", *Level.values])] = ""
    decision: str = Field("", max_length=60, description="Part of the decision number: QĐ/TU")


def _listed(given: Commendation) -> dict:
    case = given.case
    return {
        **_commendation(given),
        "case": {
            "id": case.pk,
            "name": case.name,
            "title": case.title,
            "unit": _unit_ref(case.unit),
            "year": case.year,
        },
    }


@router.get(
    "/honours/commendations",
    response={200: CommendationPage, 404: HonoursErrorOut},
    summary="Commendations, newest decision first, each with its case",
)
def list_commendations(request, filters: Query[CommendationFilters]):
    user = request.auth
    found = Commendation.objects.filter(case__in=Case.objects.visible_to(user))
    if filters.unit:
        unit = get_object_or_404(OrgUnit.objects.visible_to(user), code=filters.unit)
        found = found.filter(_under(unit, via="case__unit"))
    if filters.year is not None:
        found = found.filter(year=filters.year)
    if filters.form:
        found = found.filter(form__code=filters.form)
    if filters.level:
        found = found.filter(level=filters.level)
    if filters.decision.strip():  # symbols are stored in capitals: 123-QĐ/TU
        found = found.filter(decision__contains=filters.decision.strip().upper())
    found = found.select_related("form", "issuer", "case__unit")
    return _page(found.order_by("-decided_on", "-pk"), filters, _listed)
