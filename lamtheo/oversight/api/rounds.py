"""/api/v1/oversight/rounds: evaluation rounds. A unit opens one on a criteria set version for
the units below it as they stood on a date, with its deadlines, its classification scale and
its quotas; it reads each unit's sheet, the ranking (totals, grades, the distribution and any
quota exceeded) and publishes the result by closing the round."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, IsoDate, RecordId
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind as UnitKind
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import selectors, services
from ..domain import OversightError
from ..models import CriteriaSet, Evaluation, EvaluationStatus, Grade, Round, RoundState
from ..services.rounds import CONDITIONS, MAX_UNITS
from .common import (
    ERRORS,
    NOT_FOUND,
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
    unit_filter,
    unit_ref,
    visible_unit,
    visible_units,
)

GradeValue = Literal[tuple(Grade.values)]
ConditionValue = Literal[CONDITIONS]
MAX_MINIMUM = Decimal(10_000)


class BandOut(Schema):
    grade: str = Field(..., description="excellent, good, done, not_done")
    minimum: str = Field(..., description="The fewest points of the grade, as decimal text")
    conditions: list[str] = Field(..., description="all_on_time, exceeded_30")


class BandIn(Schema):
    grade: GradeValue
    minimum: Points = Field(..., description="A JSON number or Vietnamese text: 90, 69,5")
    conditions: list[ConditionValue] = Field(default_factory=list, max_length=len(CONDITIONS))


class CriteriaSetRef(Schema):
    id: int
    code: str
    number: int
    name: str


class RoundOut(Schema):
    id: int
    unit: OversightUnit = Field(..., description="The unit evaluating")
    criteria_set: CriteriaSetRef
    title: str
    period: str
    as_of: date = Field(..., description="The day whose hierarchy the units were chosen by")
    self_deadline: date
    review_deadline: date
    scale: list[BandOut] = Field(..., description="Highest grade first; the last minimum is 0")
    quotas: dict[str, str] = Field(..., description="A grade's largest share, in percent")
    state: str = Field(..., description="open, closed (the result published)")
    created_by: str | None
    created_at: datetime
    version: int


class RoundDetail(RoundOut):
    progress: dict[str, int] = Field(
        ..., description="The sheets the caller may see, per status (pending ... accepted)"
    )


class RoundPage(Schema):
    items: list[RoundOut]
    count: int


class RoundFilters(Window):
    unit: str = Field("", max_length=40, description="Opened by this unit or one under it")
    period: str = Field("", max_length=12)
    state: Literal[tuple(["", *RoundState.values])] = ""


Scale = Field(None, max_length=10, description="Default: Quy định 366-QĐ/TW's")
Quotas = Field(
    None, max_length=len(Grade.values), description='Percent by grade: {"excellent": 20}'
)


class RoundIn(Body):
    unit: str = Field(..., min_length=1, max_length=40, description="The evaluating unit's code")
    criteria_set: RecordId = Field(..., description="The criteria set version's id")
    title: str = Field(..., max_length=500)
    period: str = Field(..., max_length=12, description="2026, 2026-H1, 2020-2025")
    as_of: IsoDate | None = Field(None, description="Units as the hierarchy stands that day")
    self_deadline: IsoDate
    review_deadline: IsoDate
    units: list[str] | None = Field(None, max_length=MAX_UNITS, description="Units' codes")
    rule: Literal["children", "kind"] | None = Field(
        None, description="Without `units`: the units directly under, or those of a kind below"
    )
    unit_kind: Literal[tuple(UnitKind.values)] | None = Field(None, description="For rule=kind")
    scale: list[BandIn] | None = Scale
    quotas: dict[GradeValue, Points] | None = Quotas


class RoundUpdate(Body):
    title: str = Field(..., max_length=500)
    self_deadline: IsoDate
    review_deadline: IsoDate
    scale: list[BandIn] | None = Field(None, max_length=10, description="Default: unchanged")
    quotas: dict[GradeValue, Points] | None = Field(
        None, max_length=len(Grade.values), description="Default: unchanged; {} for none"
    )
    version: int | None = Version


class RoundCloseIn(Body):
    version: int | None = Version


class RankingRow(Schema):
    rank: int = Field(..., description="Ties share a rank: 1, 2, 2, 4")
    evaluation: int
    unit: OversightUnit
    self_total: str
    total: str = Field(..., description="The reviewers' points where given, else the unit's")
    grade: str
    status: str = Field(..., description="submitted (provisional) or accepted")


class RankingWaiting(Schema):
    evaluation: int
    unit: OversightUnit
    status: str = Field(..., description="pending, draft or returned: not ranked")


class RankingBreach(Schema):
    grade: str
    count: int
    allowed: int


class RankingOut(Schema):
    round: int
    state: str
    rows: list[RankingRow] = Field(..., description="The sheets handed in, highest first")
    waiting: list[RankingWaiting]
    distribution: dict[str, int] = Field(..., description="Sheets ranked, per grade")
    breaches: list[RankingBreach] = Field(
        ..., description="Grades given beyond their quota: shown, never corrected"
    )
    provisional: int = Field(..., description="Ranked sheets not accepted yet")


RELATED = ("unit", "criteria_set", "created_by")


def _round(found: Round) -> dict:
    criteria_set = found.criteria_set
    return {
        "id": found.pk,
        "unit": unit_ref(found.unit),
        "criteria_set": {
            "id": criteria_set.pk,
            "code": criteria_set.code,
            "number": criteria_set.number,
            "name": criteria_set.name,
        },
        "title": found.title,
        "period": found.period,
        "as_of": found.as_of,
        "self_deadline": found.self_deadline,
        "review_deadline": found.review_deadline,
        "scale": [
            {
                "grade": band["grade"],
                "minimum": plain(Decimal(str(band["minimum"]))),
                "conditions": list(band.get("conditions", [])),
            }
            for band in found.scale
        ],
        "quotas": {k: plain(Decimal(str(v))) for k, v in found.quotas.items()},
        "state": found.state,
        "created_by": found.created_by.username if found.created_by else None,
        "created_at": found.created_at,
        "version": found.version,
    }


def round_detail(user, pk: int) -> dict:
    found = Round.objects.select_related(*RELATED).get(pk=pk)
    progress = dict.fromkeys(EvaluationStatus.values, 0)
    sheets = Evaluation.objects.visible_to(user).filter(round=found)
    for row in sheets.values("status").annotate(n=Count("pk")):
        progress[row["status"]] = row["n"]
    return {**_round(found), "progress": progress}


def _scale(bands: list[BandIn] | None) -> list | None:
    """The scale as the services store it, its minima read as Vietnamese numbers."""
    if bands is None:
        return None
    scale = []
    for index, band in enumerate(bands, start=1):
        minimum = number(band.minimum, f"scale.{index}.minimum")
        if minimum is None or not minimum.is_finite() or not 0 <= minimum <= MAX_MINIMUM:
            raise OversightError(
                gettext_noop("Mức %(number)s của thang xếp loại cần số điểm từ 0 đến 10.000."),
                field=f"scale.{index}.minimum",
                number=index,
            )
        scale.append({"grade": band.grade, "minimum": str(minimum), "conditions": band.conditions})
    return scale


def _quotas(quotas: dict | None) -> dict | None:
    if quotas is None:
        return None
    read = {}
    for grade, raw in quotas.items():
        share = number(raw, f"quotas.{grade}")
        if share is not None:
            if not share.is_finite():
                raise OversightError(
                    gettext_noop("Tỷ lệ tối đa phải từ 0 đến 100%%."), field=f"quotas.{grade}"
                )
            read[grade] = str(share)
    return read


def _units(user, unit: OrgUnit, payload: RoundIn, as_of: date) -> list[OrgUnit]:
    if payload.units:  # named units; the rule is for a round without them
        return visible_units(user, payload.units, "units")
    if payload.rule == "children":
        return list(org.children(unit, as_of=as_of))
    if payload.rule == "kind":
        if payload.unit_kind is None:
            raise OversightError(
                gettext_noop("Hãy chọn loại đơn vị được đánh giá."), field="unit_kind"
            )
        below = org.subtree(unit, as_of=as_of, include_self=False)
        return list(below.filter(kind=payload.unit_kind).order_by("name"))
    return []


def _written(user, pk: int) -> Round:
    return get_object_or_404(Round.objects.editable_by(user).select_related("unit"), pk=pk)


@router.get(
    "/rounds",
    response={200: RoundPage, **NOT_FOUND},
    summary="Evaluation rounds the caller's units opened or are evaluated in, newest first",
)
def list_rounds(request, filters: Query[RoundFilters]):
    """`unit` narrows to the rounds opened by a unit or one under it (404 for a unit the
    caller may not see)."""
    user = request.auth
    found = rounds_seen(user).select_related(*RELATED)
    unit = unit_filter(user, filters.unit)
    if unit is not None:
        found = found.filter(unit_id__in=org.subtree_ids(unit))
    if filters.period:
        found = found.filter(period=filters.period)
    if filters.state:
        found = found.filter(state=filters.state)
    return page(found.order_by("-created_at", "-pk"), filters, _round)


@router.post(
    "/rounds",
    response={201: RoundDetail, **ERRORS},
    summary="Open a round: the units score themselves, then the unit's reviewers score them",
)
def open_round(request, payload: RoundIn):
    """The evaluated units by code (`units`), or by a rule over the units under the evaluating
    unit on `as_of`; every one gets its sheet. The criteria set version (the unit's or a level
    above's) is frozen from then on. The scale defaults to Quy định 366-QĐ/TW's (90 with its
    conditions, 70, 50, 0); quotas cap a grade's share. For the unit's editors and admins."""
    user = request.auth
    renames = {"rule": "units"} if payload.units else None
    try:
        unit = visible_unit(user, payload.unit, "unit")
        criteria_set = CriteriaSet.objects.visible_to(user).filter(pk=payload.criteria_set).first()
        if criteria_set is None:
            raise OversightError(
                gettext_noop("Không có bộ tiêu chí số %(id)s mà bạn được xem."),
                field="criteria_set",
                id=payload.criteria_set,
            )
        as_of = payload.as_of or timezone.localdate()
        made = services.open_round(
            unit=unit,
            criteria_set=criteria_set,
            title=payload.title,
            period=payload.period,
            self_deadline=payload.self_deadline,
            review_deadline=payload.review_deadline,
            units=_units(user, unit, payload, as_of),
            as_of=as_of,
            scale=_scale(payload.scale),
            quotas=_quotas(payload.quotas),
            by=user,
        )
    except OversightError as error:
        return bad(error, renames)
    return Status(201, round_detail(user, made.pk))


@router.get(
    "/rounds/{int:evaluation_round}",
    response={200: RoundDetail, **NOT_FOUND},
    summary="A round with its scale, quotas and how far its sheets are",
)
def get_round(request, evaluation_round: RecordId):
    """Seen by the evaluating unit's people (and above) and by the evaluated units', whose
    progress counts only their own sheets."""
    found = get_object_or_404(rounds_seen(request.auth), pk=evaluation_round)
    return round_detail(request.auth, found.pk)


@router.put(
    "/rounds/{int:evaluation_round}",
    response={200: RoundDetail, **ERRORS},
    summary="Rename a round, move its deadlines, or change its scale and quotas",
)
def update_round(request, evaluation_round: RecordId, payload: RoundUpdate):
    """The grades are worked out again on the new scale; the criteria and the units stay.
    For the evaluating unit's editors and admins (404 for others), from the `version` read."""
    user = request.auth
    found = _written(user, evaluation_round)
    try:
        services.update_round(
            round_=found,
            by=user,
            version=payload.version,
            title=payload.title,
            self_deadline=payload.self_deadline,
            review_deadline=payload.review_deadline,
            scale=_scale(payload.scale),
            quotas=_quotas(payload.quotas),
        )
    except OversightError as error:
        return bad(error)
    return round_detail(user, found.pk)


@router.post(
    "/rounds/{int:evaluation_round}/close",
    response={200: RoundDetail, **ERRORS},
    summary="Publish the round's result: no sheet may still wait for review",
)
def close_round(request, evaluation_round: RecordId, payload: RoundCloseIn):
    """Refused (field "state") while a handed-in sheet is not accepted or returned; the sheets
    never handed in stay out of the ranking. Nothing is scored after. For the evaluating
    unit's editors and admins (404 for others)."""
    user = request.auth
    found = _written(user, evaluation_round)
    try:
        services.close_round(round_=found, by=user, version=payload.version)
    except OversightError as error:
        return bad(error)
    return round_detail(user, found.pk)


@router.get(
    "/rounds/{int:evaluation_round}/ranking",
    response={200: RankingOut, **NOT_FOUND},
    summary="The ranking: totals, ranks, grades, the distribution and quota breaches",
)
def ranking(request, evaluation_round: RecordId):
    """The sheets handed in, highest total first (the reviewers' points where given); ties
    share a rank. Sheets not accepted yet make it provisional. A quota exceeded is listed in
    `breaches`, never corrected by moving units down. For the evaluating unit's side (and
    above): an evaluated unit reads its own sheet, not the others'."""
    found = get_object_or_404(Round.objects.visible_to(request.auth), pk=evaluation_round)
    result = selectors.ranking(found)
    return {
        "round": found.pk,
        "state": found.state,
        "rows": [
            {
                "rank": row.rank,
                "evaluation": row.evaluation.pk,
                "unit": unit_ref(row.evaluation.unit),
                "self_total": plain(row.evaluation.self_total),
                "total": plain(row.total),
                "grade": row.grade,
                "status": row.evaluation.status,
            }
            for row in result.rows
        ],
        "waiting": [
            {"evaluation": e.pk, "unit": unit_ref(e.unit), "status": e.status}
            for e in result.waiting
        ],
        "distribution": {str(k): v for k, v in result.distribution.items()},
        "breaches": [
            {"grade": str(b.grade), "count": b.count, "allowed": b.allowed} for b in result.breaches
        ],
        "provisional": result.provisional,
    }
