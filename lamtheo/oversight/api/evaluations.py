"""/api/v1/oversight/evaluations: each unit's sheet in a round. The unit's editors save its own
points with their evidence and hand the sheet in; the reviewers of the evaluating unit score,
comment, return or accept it. Points are keyed by criterion code ("1.2") and every write
takes the `version` read, so of two reviewers scoring one unit at once the later is refused
(400, field "version") and the earlier's points stay."""

from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema

from lamtheo.api_types import Body, RecordId
from lamtheo.vn.errors import gettext_noop

from .. import services
from ..domain import OversightError
from ..models import Criterion, Evaluation, EvaluationStatus
from ..services.rounds import CONDITIONS, MAX_TEXT
from .common import (
    ERRORS,
    NOT_FOUND,
    NeededVersion,
    OversightUnit,
    Points,
    Version,
    Window,
    bad,
    number,
    page,
    plain,
    rounds_seen,
    router,
    unit_ref,
)

MAX_SCORES = 500
ConditionValue = Literal[CONDITIONS]


class RoundRef(Schema):
    id: int
    title: str
    unit: OversightUnit = Field(..., description="The evaluating unit")
    state: str


class EvaluationOut(Schema):
    id: int
    round: RoundRef
    unit: OversightUnit = Field(..., description="The unit evaluated")
    status: str = Field(..., description="pending, draft, submitted, returned, accepted")
    self_total: str = Field(..., description="The unit's own points, as decimal text")
    review_total: str = Field(..., description="The reviewers' points where given, else own")
    grade: str = Field(..., description="excellent, good, done, not_done ('' until scored)")
    conditions: list[str] = Field(..., description="The top grade's conditions the unit meets")
    reason: str = Field(..., description="Why it was returned")
    comment: str = Field(..., description="The reviewers' overall comment")
    submitted_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    version: int


class ScoreOut(Schema):
    title: str
    parent: str | None = Field(None, description="The group's code")
    max_points: str
    self_points: str | None
    evidence: str
    review_points: str | None
    review_comment: str
    reviewed_by: str | None
    reviewed_at: datetime | None


class EvaluationDetail(EvaluationOut):
    criteria_set: int
    scores: dict[str, ScoreOut] = Field(
        ..., description="By criterion code, every criterion of the set (not the groups)"
    )


class EvaluationPage(Schema):
    items: list[EvaluationOut]
    count: int


class EvaluationFilters(Window):
    status: Literal[tuple(["", *EvaluationStatus.values])] = ""


class SelfScoreIn(Schema):
    points: Points = Field(None, description="A JSON number or Vietnamese text: 8,5; null clears")
    evidence: str | None = Field(None, max_length=MAX_TEXT, description="Omitted: kept")


class SelfScoresIn(Body):
    scores: dict[str, SelfScoreIn] = Field(
        ..., max_length=MAX_SCORES, description='By criterion code: {"1.1": {"points": "8,5"}}'
    )
    version: int | None = NeededVersion


class ReviewScoreIn(Schema):
    points: Points = Field(None, description="A JSON number or Vietnamese text; null clears")
    comment: str | None = Field(None, max_length=MAX_TEXT, description="Omitted: kept")


class EvaluationReviewIn(Body):
    scores: dict[str, ReviewScoreIn] = Field(
        default_factory=dict, max_length=MAX_SCORES, description="By criterion code"
    )
    conditions: list[ConditionValue] | None = Field(
        None, max_length=len(CONDITIONS), description="Omitted: kept"
    )
    comment: str | None = Field(None, max_length=MAX_TEXT, description="Omitted: kept")
    version: int | None = NeededVersion


class EvaluationStepIn(Body):
    action: Literal["submit", "return", "accept", "reopen"] = Field(
        ...,
        description="submit: the unit hands its sheet in; return (with a reason), accept or "
        "reopen (an accepted sheet): the evaluating unit's reviewers",
    )
    reason: str = Field("", max_length=2000, description="Why it is returned")
    conditions: list[ConditionValue] | None = Field(
        None, max_length=len(CONDITIONS), description="On accept: the conditions met"
    )
    version: int | None = Version


RELATED = ("round", "round__unit", "unit", "decided_by")


def _evaluation(found: Evaluation) -> dict:
    return {
        "id": found.pk,
        "round": {
            "id": found.round.pk,
            "title": found.round.title,
            "unit": unit_ref(found.round.unit),
            "state": found.round.state,
        },
        "unit": unit_ref(found.unit),
        "status": found.status,
        "self_total": plain(found.self_total),
        "review_total": plain(found.review_total),
        "grade": found.grade,
        "conditions": list(found.conditions),
        "reason": found.reason,
        "comment": found.comment,
        "submitted_at": found.submitted_at,
        "decided_at": found.decided_at,
        "decided_by": found.decided_by.username if found.decided_by else None,
        "version": found.version,
    }


def evaluation_detail(pk: int) -> dict:
    found = Evaluation.objects.select_related(*RELATED).get(pk=pk)
    criteria = Criterion.objects.filter(
        criteria_set_id=found.round.criteria_set_id, is_group=False
    ).select_related("parent")
    scores = {s.criterion_id: s for s in found.scores.select_related("reviewed_by")}
    rows = {}
    for criterion in criteria.order_by("position"):
        score = scores.get(criterion.pk)
        rows[criterion.code] = {
            "title": criterion.title,
            "parent": criterion.parent.code if criterion.parent else None,
            "max_points": plain(criterion.max_points),
            "self_points": plain(score.self_points) if score else None,
            "evidence": score.evidence if score else "",
            "review_points": plain(score.review_points) if score else None,
            "review_comment": score.review_comment if score else "",
            "reviewed_by": score.reviewed_by.username if score and score.reviewed_by else None,
            "reviewed_at": score.reviewed_at if score else None,
        }
    return {
        **_evaluation(found),
        "criteria_set": found.round.criteria_set_id,
        "scores": rows,
    }


def _by_id(evaluation: Evaluation, scores: dict, text_key: str) -> tuple[dict, dict]:
    """The entries keyed by criterion id, as the services take them (only the parts sent),
    and the API's field of each service field ("points-12" -> "scores.1.2.points")."""
    of_set = Criterion.objects.filter(criteria_set_id=evaluation.round.criteria_set_id)
    criteria = {c.code: c for c in of_set}
    renames = {}
    for code, criterion in criteria.items():
        renames[f"points-{criterion.pk}"] = f"scores.{code}.points"
        renames[f"{text_key}-{criterion.pk}"] = f"scores.{code}.{text_key}"
    cleaned = {}
    for code, entry in scores.items():
        criterion = criteria.get(code)
        if criterion is None:
            raise OversightError(
                gettext_noop("Tiêu chí %(key)s không có trong bộ tiêu chí của đợt này."),
                field="scores",
                key=code[:20],
            )
        if criterion.is_group:
            raise OversightError(
                gettext_noop(
                    "%(key)s là nhóm tiêu chí: điểm của nhóm là tổng điểm các tiêu chí trong nhóm."
                ),
                field=f"scores.{code}",
                key=code[:20],
            )
        sent = {}
        if "points" in entry.model_fields_set:
            sent["points"] = number(entry.points, f"scores.{code}.points")
        if text_key in entry.model_fields_set:
            sent[text_key] = getattr(entry, text_key)
        cleaned[criterion.pk] = sent
    return cleaned, renames


def _needs_version(version: int | None) -> None:
    if version is None:
        raise OversightError(
            gettext_noop(
                "Hãy gửi kèm phiên bản (version) của phiếu mà bạn đã đọc: không ghi đè một "
                "phiếu mà không biết bản đang lưu."
            ),
            field="version",
        )


def _editable(user, pk: int) -> Evaluation:
    return get_object_or_404(Evaluation.objects.editable_by(user).select_related(*RELATED), pk=pk)


def _reviewable(user, pk: int) -> Evaluation:
    scope = Evaluation.objects.reviewable_by(user).select_related(*RELATED)
    return get_object_or_404(scope, pk=pk)


@router.get(
    "/rounds/{int:evaluation_round}/evaluations",
    response={200: EvaluationPage, **NOT_FOUND},
    summary="A round's sheets the caller may see, by unit",
)
def list_evaluations(request, evaluation_round: RecordId, filters: Query[EvaluationFilters]):
    """Every sheet for the evaluating unit's side; an evaluated unit's own only."""
    user = request.auth
    found = get_object_or_404(rounds_seen(user), pk=evaluation_round)
    sheets = Evaluation.objects.visible_to(user).filter(round=found).select_related(*RELATED)
    if filters.status:
        sheets = sheets.filter(status=filters.status)
    return page(sheets.order_by("unit__name", "pk"), filters, _evaluation)


@router.get(
    "/evaluations/{int:evaluation}",
    response={200: EvaluationDetail, **NOT_FOUND},
    summary="A unit's sheet with its points per criterion code",
)
def get_evaluation(request, evaluation: RecordId):
    """Seen by the evaluated unit's people (and above) and by the evaluating unit's."""
    found = get_object_or_404(Evaluation.objects.visible_to(request.auth), pk=evaluation)
    return evaluation_detail(found.pk)


@router.put(
    "/evaluations/{int:evaluation}/self-scores",
    response={200: EvaluationDetail, **ERRORS},
    summary="Save the unit's own points and evidence (the sheet stays a draft)",
)
def save_self(request, evaluation: RecordId, payload: SelfScoresIn):
    """`scores` by criterion code, each with `points` (a JSON number or Vietnamese text,
    null to clear) and `evidence`; a part left out is kept. Nothing is saved when one entry
    is wrong; the error names it ("scores.1.2.points"). `version` is required. For the
    evaluated unit's editors and admins (404 for others), until the sheet is handed in."""
    user = request.auth
    found = _editable(user, evaluation)
    renames = {}
    try:
        _needs_version(payload.version)
        scores, renames = _by_id(found, payload.scores, "evidence")
        services.save_self(evaluation=found, by=user, version=payload.version, scores=scores)
    except OversightError as error:
        return bad(error, renames)
    return evaluation_detail(found.pk)


@router.put(
    "/evaluations/{int:evaluation}/review",
    response={200: EvaluationDetail, **ERRORS},
    summary="Save a reviewer's points and comments, the conditions met, the overall comment",
)
def review(request, evaluation: RecordId, payload: EvaluationReviewIn):
    """`scores` by criterion code, each with `points` and `comment`; the reviewer's points
    count over the unit's where given. `version` is required: of two reviewers saving from
    the same version the later is refused (field "version") and the earlier's points stay.
    For the evaluating unit's reviewers and admins (404 for others), on a handed-in sheet."""
    user = request.auth
    found = _reviewable(user, evaluation)
    renames = {}
    try:
        _needs_version(payload.version)
        scores, renames = _by_id(found, payload.scores, "comment")
        services.review(
            evaluation=found,
            by=user,
            version=payload.version,
            scores=scores,
            conditions=payload.conditions,
            comment=payload.comment,
        )
    except OversightError as error:
        return bad(error, renames)
    return evaluation_detail(found.pk)


@router.post(
    "/evaluations/{int:evaluation}/steps",
    response={200: EvaluationDetail, **ERRORS},
    summary="Move a sheet on: submit, return, accept or reopen",
)
def step(request, evaluation: RecordId, payload: EvaluationStepIn):
    """submit is the evaluated unit's (every criterion needs its points); return (with the
    reason), accept (with the conditions met) and reopen (an accepted sheet, before the
    result is published) the evaluating unit's reviewers'. An action the caller may not take
    on this sheet is 404; one its status does not allow is 400 (field "status")."""
    user = request.auth
    renames = {}
    if payload.action == "submit":
        found = _editable(user, evaluation)
        renames = _by_id(found, {}, "evidence")[1]
    else:
        found = _reviewable(user, evaluation)
    try:
        if payload.action == "submit":
            services.submit(evaluation=found, by=user, version=payload.version)
        elif payload.action == "return":
            services.return_evaluation(
                evaluation=found, by=user, reason=payload.reason, version=payload.version
            )
        elif payload.action == "accept":
            services.accept(
                evaluation=found, by=user, version=payload.version, conditions=payload.conditions
            )
        else:
            services.reopen(evaluation=found, by=user, version=payload.version)
    except OversightError as error:
        return bad(error, renames)
    return evaluation_detail(found.pk)
