"""/api/v1/commitments: members' and units' yearly commitments and their summary."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from pydantic import conint

from lamtheo.api_types import Body, RecordId
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit

from .. import selectors, services
from ..domain import PlansError
from ..models import (
    Commitment,
    Rating,
)
from .common import (
    ERRORS,
    PlansErrorOut,
    PlansUnit,
    RatingValue,
    Version,
    Window,
    _bad,
    _home,
    _page,
    _unit_ref,
    _writable_unit,
    router,
)


class CommitmentOut(Schema):
    id: int
    unit: PlansUnit
    year: int
    member: str = Field(..., description="The member named; '' for the unit's own")
    user: str | None = Field(None, description="The member's account, when they registered")
    content: str
    midyear: str
    yearend: str
    self_rating: str
    rating: str
    reviewed_by: str | None
    version: int


class CommitmentPage(Schema):
    items: list[CommitmentOut]
    count: int


class CommitmentFilters(Window):
    unit: str = Field("", max_length=40, description="Commitments of this unit's members")
    year: conint(ge=2000, le=2100) | None = None


class CommitmentIn(Body):
    unit: str = Field(..., max_length=40, description="The cell or unit")
    year: conint(ge=2000, le=2100)
    member: str = Field("", max_length=120, description="'' registers for the caller")
    content: str = Field(..., max_length=5000)


class CommitmentUpdate(Body):
    content: str = Field(..., max_length=5000)
    member: str = Field("", max_length=120)
    version: int | None = Version


class AssessIn(Body):
    midyear: str | None = Field(None, max_length=5000)
    yearend: str | None = Field(None, max_length=5000)
    self_rating: Literal[tuple(["", *Rating.values])] | None = None
    version: int | None = Version


class ReviewIn(Body):
    rating: RatingValue
    version: int | None = Version


class CountsOut(Schema):
    unit: PlansUnit
    registered: int
    midyear: int
    yearend: int
    rated: int
    completing: int = Field(..., description="Rated hoàn thành or better")
    excellent: int
    completion: Decimal | None = Field(None, description="Percent of the rated that completed")


class SummaryFilters(Schema):
    unit: str = Field("", max_length=40, description="Default: the unit of the caller's role")
    year: conint(ge=2000, le=2100) | None = Field(None, description="Default: this year")


class SummaryOut(Schema):
    year: int
    total: CountsOut
    children: list[CountsOut]


def _commitment(record: Commitment) -> dict:
    return {
        "id": record.pk,
        "unit": _unit_ref(record.unit),
        "year": record.year,
        "member": record.member,
        "user": record.user.username if record.user else None,
        "content": record.content,
        "midyear": record.midyear,
        "yearend": record.yearend,
        "self_rating": record.self_rating,
        "rating": record.rating,
        "reviewed_by": record.reviewed_by.username if record.reviewed_by else None,
        "version": record.version,
    }


COMMITMENT_RELATED = ("unit", "user", "reviewed_by")


def _saved(record: Commitment) -> dict:
    return _commitment(Commitment.objects.select_related(*COMMITMENT_RELATED).get(pk=record.pk))


@router.get(
    "/commitments",
    response={200: CommitmentPage, 404: PlansErrorOut},
    summary="Members' commitments",
)
def list_commitments(request, filters: Query[CommitmentFilters]):
    found = Commitment.objects.visible_to(request.auth).select_related(*COMMITMENT_RELATED)
    if filters.unit:
        found = found.filter(unit__code=filters.unit)
    if filters.year is not None:
        found = found.filter(year=filters.year)
    return _page(found.order_by("-year", "unit__name", "member", "pk"), filters, _commitment)


@router.get(
    "/commitments/summary",
    response={200: SummaryOut, 404: PlansErrorOut},
    summary="Counts and completion rate of a unit's subtree and of each of its children",
)
def commitments_summary(request, filters: Query[SummaryFilters]):
    user, year = request.auth, filters.year or timezone.localdate().year
    top = _home(user, filters.unit)
    below = list(org.children(top, as_of=date(year, 12, 31)).visible_to(user).order_by("name"))
    counts = selectors.commitment_counts([top, *below], year)

    def row(each: OrgUnit) -> dict:
        found = counts.get(each.pk, selectors.CommitmentCounts())
        return {
            "unit": _unit_ref(each),
            "registered": found.registered,
            "midyear": found.midyear,
            "yearend": found.yearend,
            "rated": found.rated,
            "completing": found.completing,
            "excellent": found.excellent,
            "completion": found.completion,
        }

    return {"year": year, "total": row(top), "children": [row(u) for u in below]}


@router.post(
    "/commitments", response={201: CommitmentOut, **ERRORS}, summary="Register commitments"
)
def create_commitment(request, payload: CommitmentIn):
    user = request.auth
    try:
        record = services.register_commitment(
            unit=_writable_unit(user, payload.unit),
            year=payload.year,
            member=payload.member,
            content=payload.content,
            user=user if not payload.member.strip() else None,
            by=user,
        )
    except PlansError as error:
        return _bad(error)
    return Status(201, _saved(record))


@router.put(
    "/commitments/{int:commitment}",
    response={200: CommitmentOut, **ERRORS},
    summary="Edit commitments not yet rated",
)
def update_commitment(request, commitment: RecordId, payload: CommitmentUpdate):
    user = request.auth
    record = get_object_or_404(
        Commitment.objects.editable_by(user).select_related("unit"), pk=commitment
    )
    try:
        saved = services.register_commitment(
            unit=record.unit,
            year=record.year,
            member=payload.member,
            content=payload.content,
            by=user,
            commitment=record,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _saved(saved)


@router.post(
    "/commitments/{int:commitment}/assessment",
    response={200: CommitmentOut, **ERRORS},
    summary="The member's mid-year and year-end self-assessment (null leaves a field as is)",
)
def assess_commitment(request, commitment: RecordId, payload: AssessIn):
    record = get_object_or_404(Commitment.objects.editable_by(request.auth), pk=commitment)
    try:
        saved = services.assess_commitment(
            commitment=record,
            midyear=payload.midyear,
            yearend=payload.yearend,
            self_rating=payload.self_rating,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _saved(saved)


@router.post(
    "/commitments/{int:commitment}/review",
    response={200: CommitmentOut, **ERRORS},
    summary="A reviewer's rating, after the year-end self-assessment",
)
def review_commitment(request, commitment: RecordId, payload: ReviewIn):
    user = request.auth
    record = get_object_or_404(Commitment.objects.reviewable_by(user), pk=commitment)
    try:
        saved = services.review_commitment(
            commitment=record, rating=payload.rating, by=user, version=payload.version
        )
    except PlansError as error:
        return _bad(error)
    return _saved(saved)
