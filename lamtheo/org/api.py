"""/api/v1/org-units: search, a unit, its children, ancestors, lineage and successors.

Every unit is fetched through `OrgUnit.objects.visible_to(user)`: another commune's unit is 404.
"""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lamtheo.api_types import IsoDate, Pagination
from lamtheo.vn.text import fold

from . import selectors
from .models import Kind, OrgUnit

router = Router(tags=["org"])


class OrgUnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    issuer_code: str
    province_code: str
    valid_from: date
    valid_to: date | None


class OrgUnitDetail(OrgUnitOut):
    parent: OrgUnitOut | None = None
    as_of: date


class LineageOut(Schema):
    kind: str
    effective_on: date
    predecessor: OrgUnitOut
    successor: OrgUnitOut | None
    new_parent: OrgUnitOut | None
    note: str


class LineageList(Schema):
    predecessors: list[LineageOut]
    successors: list[LineageOut]


class SearchFilters(Schema):
    q: str = Field("", description="Tên, không cần dấu: 'bac kan' tìm ra 'Bắc Kạn'")
    kind: Kind | None = None
    as_of: IsoDate | None = Field(None, description="Chỉ các đơn vị hoạt động vào ngày này")


class AsOf(Schema):
    as_of: IsoDate | None = Field(None, description="Mặc định: hôm nay")


def _unit(request, code: str) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.auth), code=code)


def _day(value: date | None) -> date:
    return value or timezone.localdate()


@router.get("/org-units", response=list[OrgUnitOut], summary="Search org units")
@paginate(Pagination)
def search_units(request, filters: Query[SearchFilters]):
    units = OrgUnit.objects.visible_to(request.auth).order_by("name", "code")
    if filters.q:
        units = units.filter(search_name__contains=fold(filters.q))
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.as_of:
        units = units.valid_on(filters.as_of)
    return units


@router.get("/org-units/{code}", response=OrgUnitDetail, summary="An org unit with its parent")
def get_unit(request, code: str, filters: Query[AsOf]):
    unit = _unit(request, code)
    day = _day(filters.as_of)
    unit.parent = selectors.parent(unit, as_of=day)
    unit.as_of = day
    return unit


@router.get("/org-units/{code}/children", response=list[OrgUnitOut], summary="Children as of")
def get_children(request, code: str, filters: Query[AsOf]):
    return selectors.children(_unit(request, code), as_of=_day(filters.as_of))


@router.get(
    "/org-units/{code}/ancestors",
    response=list[OrgUnitOut],
    summary="Ancestors as of, nearest first",
)
def get_ancestors(request, code: str, filters: Query[AsOf]):
    return selectors.ancestors(_unit(request, code), as_of=_day(filters.as_of))


@router.get(
    "/org-units/{code}/lineage",
    response=LineageList,
    summary="Lineage events: where the unit came from and what it became",
)
def get_lineage(request, code: str):
    unit = _unit(request, code)
    events = list(selectors.lineage(unit))
    return {
        "predecessors": [e for e in events if e.successor_id == unit.pk],
        "successors": [e for e in events if e.predecessor_id == unit.pk],
    }


@router.get(
    "/org-units/{code}/successors",
    response=list[OrgUnitOut],
    summary="The units valid on as_of (today) that carry this unit's data",
)
def get_successors(request, code: str, filters: Query[AsOf]):
    return selectors.successors(_unit(request, code), as_of=_day(filters.as_of))
