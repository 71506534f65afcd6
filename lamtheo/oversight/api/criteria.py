"""/api/v1/oversight/criteria-sets: evaluation criteria sets, each version a tree of groups and
criteria with their maximum points, the evidence asked and the documents they rest on. A set
is written as a flat outline whose codes make the tree ("1" holds "1.1"); a version a round
uses is never changed, and revising it makes the next version."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, RecordId
from lamtheo.vn.errors import gettext_noop

from .. import services
from ..domain import Node, OversightError
from ..models import CriteriaSet
from .common import (
    ERRORS,
    NOT_FOUND,
    OversightDocument,
    OversightUnit,
    Points,
    Symbols,
    Version,
    Window,
    bad,
    document_ref,
    documents_named,
    number,
    page,
    plain,
    router,
    under,
    unit_filter,
    unit_ref,
    visible_unit,
)

MAX_CRITERIA = 500


class CriterionOut(Schema):
    code: str = Field(..., description="1, 1.2, 1.2.a: the dots make the tree")
    title: str
    parent: str | None = Field(None, description="The group's code")
    is_group: bool = Field(..., description="A group is worth the sum of its criteria")
    max_points: str = Field(..., description="Decimal text: 10, 7.5")
    evidence: str = Field(..., description="Minh chứng yêu cầu")
    sources: list[OversightDocument]


class CriteriaSetOut(Schema):
    id: int
    unit: OversightUnit = Field(..., description="The unit that built it")
    code: str
    number: int = Field(..., description="The set's version number (v1, v2...)")
    name: str
    in_use: bool = Field(..., description="Used by a round: revising it makes the next version")
    total: str = Field(..., description="The most points a unit can get, as decimal text")
    sources: list[OversightDocument] = Field(..., description="Căn cứ: 01-KL/TW, 366-QĐ/TW")
    created_at: datetime
    version: int


class CriteriaSetDetail(CriteriaSetOut):
    criteria: list[CriterionOut] = Field(..., description="In outline order")


class CriteriaSetPage(Schema):
    items: list[CriteriaSetOut]
    count: int


class CriteriaSetFilters(Window):
    unit: str = Field("", max_length=40, description="Sets of this unit and those under it")
    code: str = Field("", max_length=40)


class CriterionIn(Schema):
    code: str = Field(..., max_length=20, description="1, 1.2: a row's parent is its prefix")
    title: str = Field(..., max_length=500)
    max_points: Points = Field(
        None, description="A criterion's maximum; for a group null (the sum) or that sum"
    )
    evidence: str = Field("", max_length=5000)
    sources: list[str] = Symbols


Criteria = Field(..., max_length=MAX_CRITERIA, description="The outline, parents first")


class CriteriaSetIn(Body):
    unit: str = Field(..., min_length=1, max_length=40, description="The building unit's code")
    code: str = Field(..., max_length=40, description="The set's code, as kl01")
    name: str = Field(..., max_length=300)
    sources: list[str] = Symbols
    criteria: list[CriterionIn] = Criteria


class CriteriaSetUpdate(Body):
    name: str = Field(..., max_length=300)
    sources: list[str] = Symbols
    criteria: list[CriterionIn] = Criteria
    version: int | None = Version


def _set(found: CriteriaSet) -> dict:
    return {
        "id": found.pk,
        "unit": unit_ref(found.unit),
        "code": found.code,
        "number": found.number,
        "name": found.name,
        "in_use": found.in_use,
        "total": plain(found.total or Decimal(0)),
        "sources": [document_ref(d) for d in sorted(found.sources.all(), key=lambda d: d.pk)],
        "created_at": found.created_at,
        "version": found.version,
    }


def _sets(user):
    top = Q(criteria__parent__isnull=True)
    return (
        CriteriaSet.objects.visible_to(user)
        .select_related("unit")
        .prefetch_related("sources")
        .annotate(total=Sum("criteria__max_points", filter=top))
    )


def criteria_set_detail(user, pk: int) -> dict:
    found = get_object_or_404(_sets(user), pk=pk)
    criteria = found.criteria.select_related("parent").prefetch_related("sources")
    return {
        **_set(found),
        "criteria": [
            {
                "code": c.code,
                "title": c.title,
                "parent": c.parent.code if c.parent else None,
                "is_group": c.is_group,
                "max_points": plain(c.max_points),
                "evidence": c.evidence,
                "sources": [document_ref(d) for d in sorted(c.sources.all(), key=lambda d: d.pk)],
            }
            for c in criteria.order_by("position")
        ],
    }


def _nodes(user, rows: list[CriterionIn]) -> list[Node]:
    """The outline's rows as the services take them; a row's points as decimal (two places at
    most) and its sources as registered documents, each error naming the row."""
    nodes = []
    for index, row in enumerate(rows, start=1):
        where = f"criteria.{index}"
        points = number(row.max_points, f"{where}.max_points")
        if points is not None and (not points.is_finite() or points.as_tuple().exponent < -2):
            raise OversightError(
                gettext_noop("Dòng %(number)s: điểm tối đa có nhiều nhất hai chữ số thập phân."),
                field=f"{where}.max_points",
                number=index,
            )
        sources = tuple(documents_named(user, row.sources, f"{where}.sources"))
        nodes.append(Node(row.code, row.title, points, row.evidence, sources))
    return nodes


@router.get(
    "/criteria-sets",
    response={200: CriteriaSetPage, **NOT_FOUND},
    summary="Criteria sets the caller may see, by code, newest version first",
)
def list_criteria_sets(request, filters: Query[CriteriaSetFilters]):
    """A unit sees its own sets and those of the levels above it (what a province asks of its
    districts). `unit` narrows to the sets of a unit and those under it."""
    user = request.auth
    found = _sets(user)
    unit = unit_filter(user, filters.unit)
    if unit is not None:
        found = found.filter(under(unit))
    if filters.code:
        found = found.filter(code=filters.code)
    return page(found.order_by("code", "-number", "pk"), filters, _set)


@router.post(
    "/criteria-sets",
    response={201: CriteriaSetDetail, **ERRORS},
    summary="Build a criteria set from its outline",
)
def create_criteria_set(request, payload: CriteriaSetIn):
    """`criteria` is a flat list whose codes make the tree: a row with rows under it is a
    group worth their sum. Points as a JSON number or Vietnamese text ("7,5"); sources by
    document number. An error in a row names it ("Dòng 3: ...", field "criteria" or
    "criteria.3.max_points"). For the unit's editors and admins."""
    user = request.auth
    try:
        made = services.create_criteria_set(
            unit=visible_unit(user, payload.unit, "unit"),
            code=payload.code,
            name=payload.name,
            criteria=_nodes(user, payload.criteria),
            sources=documents_named(user, payload.sources, "sources"),
            by=user,
        )
    except OversightError as error:
        return bad(error)
    return Status(201, criteria_set_detail(user, made.pk))


@router.get(
    "/criteria-sets/{int:criteria_set}",
    response={200: CriteriaSetDetail, **NOT_FOUND},
    summary="A criteria set version with its criteria, each with its parent and maximum",
)
def get_criteria_set(request, criteria_set: RecordId):
    """The outline in order; each row's parent code, whether it is a group (its maximum the
    sum of its criteria's) and the set's total."""
    return criteria_set_detail(request.auth, criteria_set)


@router.put(
    "/criteria-sets/{int:criteria_set}",
    response={200: CriteriaSetDetail, **ERRORS},
    summary="Revise a criteria set; a version in use becomes the next version",
)
def revise_criteria_set(request, criteria_set: RecordId, payload: CriteriaSetUpdate):
    """The whole outline again. A version a round uses is kept as it is and the answer is the
    new version (another id, `number` one higher); only the latest version may be revised.
    For the unit's editors and admins (404 for others), from the `version` read."""
    user = request.auth
    found = get_object_or_404(CriteriaSet.objects.editable_by(user), pk=criteria_set)
    try:
        revised = services.revise_criteria_set(
            criteria_set=found,
            name=payload.name,
            criteria=_nodes(user, payload.criteria),
            sources=documents_named(user, payload.sources, "sources"),
            by=user,
            version=payload.version,
        )
    except OversightError as error:
        return bad(error)
    return criteria_set_detail(user, revised.pk)
