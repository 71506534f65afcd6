"""/api/v1/honours/stats: how many cases of a unit's subtree were commended (or verified,
replicated, recorded) over some years, grouped by field, year, kind, unit, form or level, as
the hierarchy stood in each case's year or restated under today's units."""

from datetime import date
from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Schema
from pydantic import conint

from lamtheo.api_types import IsoDate
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import selectors
from ..domain import By, HonoursError
from ..models import Field as WorkField
from ..models import Form
from .common import (
    ERRORS,
    FIRST_YEAR,
    LAST_YEAR,
    HonoursUnit,
    _bad,
    _home,
    _unit_ref,
    _work_field,
    router,
)

Year = conint(ge=FIRST_YEAR, le=LAST_YEAR)


class StatsFilters(Schema):
    unit: str = Field("", max_length=40, description="Default: the unit of the caller's role")
    year_from: Year | None = Field(None, alias="from", description="Default: this year")
    year_to: Year | None = Field(None, alias="to", description="Default: this year")
    by: Literal[tuple(b.value for b in By)] = Field(
        By.FIELD.value, description="unit: the units directly under the one asked about"
    )
    as_of: IsoDate | None = Field(
        None, description="The hierarchy of this day for every year (restated: today's)"
    )
    restated: bool = Field(False, description="Follow lineage to the units that carry them")
    counting: Literal[tuple(selectors.COUNTING)] = Field(
        "commended", description="commended (and replicated), verified or later, replicated, all"
    )
    field: str = Field("", max_length=40, description="Only this field's cases (its code)")


class StatsCounts(Schema):
    cases: int
    collective: int
    individual: int
    commendations: int


class StatsRow(StatsCounts):
    key: str = Field(
        ..., description="The field's, form's or unit's code, the year, the kind or the level"
    )
    label: str


class StatsOut(Schema):
    unit: HonoursUnit
    year_from: int = Field(..., alias="from")
    year_to: int = Field(..., alias="to")
    by: str
    as_of: date | None = Field(None, description="None: each case under its year's hierarchy")
    restated: bool
    counting: str
    field: str | None
    rows: list[StatsRow]
    total: StatsCounts


def _codes(by: By, keys: list) -> dict:
    """What a row's key is in the API: a code rather than a database id."""
    if by == By.FIELD:
        return dict(WorkField.objects.filter(pk__in=keys).values_list("pk", "code"))
    if by == By.FORM:
        return dict(Form.objects.filter(pk__in=keys).values_list("pk", "code"))
    if by == By.UNIT:
        return dict(OrgUnit.objects.filter(pk__in=keys).values_list("pk", "code"))
    return {key: str(key) for key in keys}


def _counts(row: selectors.Row) -> dict:
    return {
        "cases": row.cases,
        "collective": row.collective,
        "individual": row.individual,
        "commendations": row.commendations,
    }


@router.get(
    "/honours/stats",
    response={200: StatsOut, **ERRORS},
    by_alias=True,
    summary="Cases counted for a unit's subtree over some years, grouped",
)
def get_stats(request, filters: Query[StatsFilters]):
    user = request.auth
    unit = _home(user, filters.unit)
    this_year = timezone.localdate().year
    year_from = filters.year_from or min(this_year, filters.year_to or this_year)
    year_to = filters.year_to or max(this_year, year_from)
    try:
        if year_from > year_to:
            raise HonoursError(
                gettext_noop("Năm bắt đầu (%(first)s) sau năm kết thúc (%(last)s)."),
                field="from",
                first=year_from,
                last=year_to,
            )
        field = _work_field(filters.field) if filters.field else None
    except HonoursError as error:
        return _bad(error)
    found = selectors.stats(
        unit,
        year_from=year_from,
        year_to=year_to,
        by=filters.by,
        counting=filters.counting,
        as_of=filters.as_of,
        restated=filters.restated,
        field=field,
    )
    codes = _codes(found.by, [row.key for row in found.rows])
    return {
        "unit": _unit_ref(unit),
        "from": found.year_from,
        "to": found.year_to,
        "by": found.by.value,
        "as_of": found.as_of,
        "restated": found.restated,
        "counting": found.counting,
        "field": field.code if field else None,
        "rows": [
            {"key": codes.get(row.key, str(row.key)), "label": row.label, **_counts(row)}
            for row in found.rows
        ],
        "total": _counts(found.total),
    }
