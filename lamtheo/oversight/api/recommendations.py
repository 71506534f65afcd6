"""/api/v1/oversight/recommendations: what an inspection asks each inspected unit to fix, by
when, and its follow-up to "đã khắc phục". The owner unit reports progress and the fix (with
its evidence); the inspecting unit confirms it or asks for more. A unit sees its own
recommendations, never another inspected unit's."""

from datetime import date, datetime
from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, IsoDate, RecordId
from lamtheo.org import selectors as org

from .. import services
from ..domain import OversightError
from ..models import FixState, Inspection, Recommendation, Response
from ..services.inspections import MAX_TEXT
from .common import (
    ERRORS,
    NOT_FOUND,
    OversightUnit,
    Version,
    Window,
    bad,
    page,
    router,
    unit_filter,
    unit_ref,
    visible_unit,
)

OWNER_STEPS = (Response.Step.PROGRESS, Response.Step.REPORT)


class InspectionRef(Schema):
    id: int
    title: str
    kind: str
    unit: OversightUnit = Field(..., description="The inspecting unit")


class RecommendationOut(Schema):
    id: int
    inspection: InspectionRef
    owner: OversightUnit = Field(..., description="The unit that must fix it")
    position: int
    text: str
    deadline: date
    state: str = Field(..., description="open, fixing, reported (fixed, to check), fixed")
    overdue: bool = Field(..., description="Past its deadline and not confirmed fixed")
    fixed_on: date | None = Field(None, description="When the inspecting unit confirmed it")
    confirmed_by: str | None
    version: int


class FollowUpOut(Schema):
    id: int
    step: str = Field(..., description="progress, report, confirm or reopen")
    text: str
    evidence: str
    by: str | None
    at: datetime


class RecommendationDetail(RecommendationOut):
    responses: list[FollowUpOut] = Field(..., description="The follow-up, oldest first")


class RecommendationPage(Schema):
    items: list[RecommendationOut]
    count: int


class RecommendationFilters(Window):
    owner: str = Field("", max_length=40, description="Owned by this unit or one under it")
    inspecting: str = Field(
        "", max_length=40, description="Made by inspections of this unit or one under it"
    )
    state: Literal[tuple(["", *FixState.values])] = ""
    overdue: bool | None = Field(None, description="true: only the overdue ones")
    inspection: RecordId | None = Field(None, description="An inspection's id")


class RecommendationIn(Body):
    owner: str = Field(..., min_length=1, max_length=40, description="An inspected unit's code")
    text: str = Field(..., max_length=MAX_TEXT)
    deadline: IsoDate


class RecommendationUpdate(Body):
    text: str = Field(..., max_length=MAX_TEXT)
    deadline: IsoDate
    version: int | None = Version


class FollowUpIn(Body):
    step: Literal[tuple(Response.Step.values)] = Field(
        ...,
        description="The owner unit: progress, report (fixed, with evidence); the inspecting "
        "unit: confirm (fixed) or reopen",
    )
    text: str = Field(..., max_length=MAX_TEXT)
    evidence: str = Field("", max_length=MAX_TEXT, description="Required to report it fixed")
    version: int | None = Version


RELATED = ("inspection", "inspection__unit", "owner", "confirmed_by")


def _recommendation(found: Recommendation, today: date) -> dict:
    inspection = found.inspection
    return {
        "id": found.pk,
        "inspection": {
            "id": inspection.pk,
            "title": inspection.title,
            "kind": inspection.kind,
            "unit": unit_ref(inspection.unit),
        },
        "owner": unit_ref(found.owner),
        "position": found.position,
        "text": found.text,
        "deadline": found.deadline,
        "state": found.state,
        "overdue": found.overdue(today),
        "fixed_on": found.fixed_on,
        "confirmed_by": found.confirmed_by.username if found.confirmed_by else None,
        "version": found.version,
    }


def recommendation_detail(pk: int) -> dict:
    found = Recommendation.objects.select_related(*RELATED).get(pk=pk)
    responses = found.responses.select_related("by").order_by("at", "pk")
    return {
        **_recommendation(found, timezone.localdate()),
        "responses": [
            {
                "id": r.pk,
                "step": r.step,
                "text": r.text,
                "evidence": r.evidence,
                "by": r.by.username if r.by else None,
                "at": r.at,
            }
            for r in responses
        ],
    }


def _listed(found, filters: Window) -> dict:
    today = timezone.localdate()
    found = found.select_related(*RELATED).order_by("deadline", "inspection_id", "position", "pk")
    return page(found, filters, lambda r: _recommendation(r, today))


@router.get(
    "/inspections/{int:inspection}/recommendations",
    response={200: RecommendationPage, **NOT_FOUND},
    summary="An inspection's recommendations the caller may see",
)
def list_inspection_recommendations(request, inspection: RecordId, filters: Query[Window]):
    """All of them for the inspecting unit; for an inspected unit, its own only."""
    user = request.auth
    found = get_object_or_404(Inspection.objects.visible_to(user), pk=inspection)
    return _listed(Recommendation.objects.visible_to(user).filter(inspection=found), filters)


@router.post(
    "/inspections/{int:inspection}/recommendations",
    response={201: RecommendationDetail, **ERRORS},
    summary="Ask an inspected unit to fix something by a deadline",
)
def add_recommendation(request, inspection: RecordId, payload: RecommendationIn):
    """The owner is one of the inspection's inspected units, by code; its editors are told.
    For the inspecting unit's editors and admins (404 for others)."""
    user = request.auth
    found = get_object_or_404(Inspection.objects.editable_by(user), pk=inspection)
    try:
        made = services.add_recommendation(
            inspection=found,
            owner=visible_unit(user, payload.owner, "owner"),
            text_=payload.text,
            deadline=payload.deadline,
            by=user,
        )
    except OversightError as error:
        return bad(error)
    return Status(201, recommendation_detail(made.pk))


@router.get(
    "/recommendations",
    response={200: RecommendationPage, **NOT_FOUND},
    summary="The recommendations the caller may see, nearest deadline first",
)
def list_recommendations(request, filters: Query[RecommendationFilters]):
    """Those owned by the caller's units (its inbox) and those made by its units' inspections
    (its board). `overdue=true` keeps those past their deadline and not confirmed fixed."""
    user = request.auth
    found = Recommendation.objects.visible_to(user)
    owner = unit_filter(user, filters.owner)
    if owner is not None:
        found = found.filter(owner_id__in=org.subtree_ids(owner))
    inspecting = unit_filter(user, filters.inspecting)
    if inspecting is not None:
        found = found.filter(inspection__unit_id__in=org.subtree_ids(inspecting))
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.inspection is not None:
        found = found.filter(inspection_id=filters.inspection)
    late = Q(deadline__lt=timezone.localdate()) & ~Q(state=FixState.FIXED)
    if filters.overdue is True:
        found = found.filter(late)
    elif filters.overdue is False:
        found = found.exclude(late)
    return _listed(found, filters)


@router.get(
    "/recommendations/{int:recommendation}",
    response={200: RecommendationDetail, **NOT_FOUND},
    summary="A recommendation with its follow-up",
)
def get_recommendation(request, recommendation: RecordId):
    """Seen by the owner unit's people (and above) and by the inspecting unit's; 404 for
    anyone else, another inspected unit included."""
    found = get_object_or_404(Recommendation.objects.visible_to(request.auth), pk=recommendation)
    return recommendation_detail(found.pk)


@router.put(
    "/recommendations/{int:recommendation}",
    response={200: RecommendationDetail, **ERRORS},
    summary="Reword a recommendation or move its deadline",
)
def update_recommendation(request, recommendation: RecordId, payload: RecommendationUpdate):
    """A new deadline is reminded afresh; refused once it is confirmed fixed. For the
    inspecting unit's editors (404 for others), from the `version` read."""
    user = request.auth
    written = Recommendation.objects.filter(inspection__in=Inspection.objects.editable_by(user))
    found = get_object_or_404(written.select_related("inspection__unit"), pk=recommendation)
    try:
        services.update_recommendation(
            recommendation=found,
            text_=payload.text,
            deadline=payload.deadline,
            by=user,
            version=payload.version,
        )
    except OversightError as error:
        return bad(error)
    return recommendation_detail(found.pk)


@router.get(
    "/recommendations/{int:recommendation}/responses",
    response={200: list[FollowUpOut], **NOT_FOUND},
    summary="A recommendation's follow-up, oldest first",
)
def list_responses(request, recommendation: RecordId):
    """Each step as it was taken: the owner's reports with their evidence, the inspecting
    unit's decisions."""
    found = get_object_or_404(Recommendation.objects.visible_to(request.auth), pk=recommendation)
    return recommendation_detail(found.pk)["responses"]


@router.post(
    "/recommendations/{int:recommendation}/responses",
    response={201: RecommendationDetail, **ERRORS},
    summary="Take a follow-up step: report progress or the fix, confirm it or reopen it",
)
def respond(request, recommendation: RecordId, payload: FollowUpIn):
    """progress and report are the owner unit's editors' (report needs the evidence);
    confirm and reopen the inspecting unit's reviewers and editors. A step the caller may
    not take on this recommendation is 404; one its state does not allow is 400 (field
    "step"). From the `version` read."""
    user = request.auth
    if payload.step in OWNER_STEPS:
        scope = Recommendation.objects.answerable_by(user)
    else:
        scope = Recommendation.objects.judgeable_by(user)
    found = get_object_or_404(scope.select_related(*RELATED), pk=recommendation)
    try:
        services.respond(
            recommendation=found,
            step=payload.step,
            text_=payload.text,
            evidence=payload.evidence,
            by=user,
            version=payload.version,
        )
    except OversightError as error:
        return bad(error)
    return Status(201, recommendation_detail(found.pk))
