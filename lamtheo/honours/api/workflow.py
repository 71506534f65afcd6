"""/api/v1/honours/cases/{case}/...: a case's steps. A reviewer of its unit or above verifies,
returns with a reason, commends (with the decision number) and records the units that
replicated it; the unit's editors publish it. Each step from the version read."""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Status

from lamtheo.api_types import Body, IsoDate, RecordId

from .. import services
from ..domain import HonoursError
from ..models import Case, Level
from .cases import CaseDetail, case_detail
from .common import ERRORS, Version, _bad, _form, _visible_unit, _visible_units, router


class CaseStepIn(Body):
    version: int | None = Version


class CaseReturnIn(Body):
    reason: str = Field(..., max_length=2000)
    version: int | None = Version


class CommendIn(Body):
    form: str = Field(..., max_length=40, description="A form's code: giay-khen, bang-khen-tinh")
    level: Literal[tuple(Level.values)]
    issuer: str | None = Field(None, max_length=40, description="The issuing unit's code")
    issuer_name: str = Field("", max_length=200, description="Default: the issuing unit's name")
    decision: str = Field(
        "",
        max_length=120,
        description="As written: 'Quyết định số 123-QĐ/TU', '15/QĐ-UBND'; '' for a form "
        "without a decision (biểu dương)",
    )
    decided_on: IsoDate
    note: str = Field("", max_length=300)
    version: int | None = Version


class ReplicateIn(Body):
    units: list[str] = Field(..., max_length=500, description="The codes of the units")
    since: IsoDate
    note: str = Field("", max_length=300)
    version: int | None = Version


class CasePublishIn(Body):
    published: bool
    version: int | None = Version


def _reviewable(user, pk: int) -> Case:
    return get_object_or_404(Case.objects.reviewable_by(user).select_related("unit"), pk=pk)


def _editable(user, pk: int) -> Case:
    return get_object_or_404(Case.objects.editable_by(user).select_related("unit"), pk=pk)


@router.post(
    "/honours/cases/{int:case}/verify",
    response={200: CaseDetail, **ERRORS},
    summary="Verify a proposed case (đã xác minh)",
)
def verify_case(request, case: RecordId, payload: CaseStepIn):
    user = request.auth
    record = _reviewable(user, case)
    try:
        services.verify_case(case=record, by=user, version=payload.version)
    except HonoursError as error:
        return _bad(error)
    return case_detail(record.pk, user)


@router.post(
    "/honours/cases/{int:case}/return",
    response={200: CaseDetail, **ERRORS},
    summary="Return a case to its unit with the reason (trả lại), to be edited and sent again",
)
def return_case(request, case: RecordId, payload: CaseReturnIn):
    user = request.auth
    record = _reviewable(user, case)
    try:
        services.return_case(case=record, reason=payload.reason, by=user, version=payload.version)
    except HonoursError as error:
        return _bad(error)
    return case_detail(record.pk, user)


@router.post(
    "/honours/cases/{int:case}/commendations",
    response={201: CaseDetail, **ERRORS},
    summary="Record a commendation of a verified case; its decision number is checked",
)
def commend_case(request, case: RecordId, payload: CommendIn):
    user = request.auth
    record = _reviewable(user, case)
    try:
        services.commend_case(
            case=record,
            form=_form(payload.form),
            level=payload.level,
            issuer=_visible_unit(user, payload.issuer, "issuer"),
            issuer_name=payload.issuer_name,
            decision=payload.decision,
            decided_on=payload.decided_on,
            note=payload.note,
            by=user,
            version=payload.version,
        )
    except HonoursError as error:
        return _bad(error)
    return Status(201, case_detail(record.pk, user))


@router.post(
    "/honours/cases/{int:case}/replications",
    response={201: CaseDetail, **ERRORS},
    summary="Record the units that took up a commended case's model (nhân rộng)",
)
def replicate_case(request, case: RecordId, payload: ReplicateIn):
    user = request.auth
    record = _reviewable(user, case)
    try:
        services.replicate_case(
            case=record,
            units=_visible_units(user, payload.units, "units"),
            since=payload.since,
            note=payload.note,
            by=user,
            version=payload.version,
        )
    except HonoursError as error:
        return _bad(error)
    return Status(201, case_detail(record.pk, user))


@router.post(
    "/honours/cases/{int:case}/publish",
    response={200: CaseDetail, **ERRORS},
    summary="Show a verified case on the public page, or take it off",
)
def publish_case(request, case: RecordId, payload: CasePublishIn):
    user = request.auth
    record = _editable(user, case)
    try:
        services.publish_case(
            case=record, published=payload.published, by=user, version=payload.version
        )
    except HonoursError as error:
        return _bad(error)
    return case_detail(record.pk, user)
