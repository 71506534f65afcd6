"""/api/v1/reporting/submissions: each recipient's answer, with every revision kept. The unit's
editors save and submit it (and open an amendment of an accepted one); reviewers of the issuing
unit return or accept it. Each step from the version read."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema
from pydantic import StrictStr

from lamtheo.api_types import Body, RecordId
from lamtheo.org import selectors as org
from lamtheo.vn.errors import gettext_noop

from .. import services
from ..domain import ReportingError
from ..models import SectionKind, Status, Submission
from .common import (
    ERRORS,
    NOT_FOUND,
    ReportingUnit,
    Version,
    Window,
    bad,
    page,
    plain,
    router,
    unit_filter,
    unit_ref,
)

MAX_ENTRIES = 1000
# A figure: a JSON number, or Vietnamese text as typed ("1.567", "12,8"); null or "" clears it.
Figure = Annotated[str, Field(max_length=60, strict=True)] | Decimal | None
Values = Field(
    None,
    max_length=MAX_ENTRIES,
    description='By indicator code: {"dang-vien-moi": "1.567", "ty-le-ho-ngheo": 8.5}',
)
Narratives = Field(
    None, max_length=MAX_ENTRIES, description='By section id: {"12": "Kết quả đạt được..."}'
)


class RequestRef(Schema):
    id: int
    title: str
    unit: ReportingUnit


class SubmissionOut(Schema):
    id: int
    request: RequestRef
    unit: ReportingUnit = Field(..., description="The reporting unit")
    deadline: date
    status: str = Field(..., description="pending, draft, submitted, returned, accepted")
    timeliness: str = Field(..., description="on_time, late, missing or waiting")
    revision: int = Field(..., description="The latest revision's number (0: none yet)")
    accepted_revision: int | None = Field(None, description="The revision consolidation counts")
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    reason: str = Field(..., description="Why it was returned")
    version: int


class SubmissionPage(Schema):
    items: list[SubmissionOut]
    count: int


class RevisionOut(Schema):
    number: int
    saved_by: str | None
    saved_at: datetime
    submitted_at: datetime | None
    accepted_at: datetime | None
    note: str


class SubmissionDetail(SubmissionOut):
    shown_revision: int | None = Field(None, description="The revision whose content is shown")
    values: dict[str, str] = Field(..., description="By indicator code, as decimal text")
    narratives: dict[str, str] = Field(..., description="By section id")
    revisions: list[RevisionOut]


class SubmissionFilters(Window):
    request: RecordId | None = Field(None, description="A request's id")
    unit: str = Field("", max_length=40, description="Submissions of this unit and those under it")
    status: Literal[tuple(["", *Status.values])] = ""


class RevisionQuery(Schema):
    revision: int | None = Field(None, ge=1, le=10**6, description="An older revision's number")


class DraftIn(Body):
    values: dict[str, Figure] | None = Values
    narratives: dict[str, StrictStr] | None = Narratives
    note: str = Field("", max_length=500, description="What this revision changed")
    version: int | None = Field(None, ge=1, description="Required: the version read")


class SubmitIn(Body):
    values: dict[str, Figure] | None = Values
    narratives: dict[str, StrictStr] | None = Narratives
    note: str = Field("", max_length=500)
    version: int | None = Version


class ReturnIn(Body):
    reason: str = Field(..., max_length=2000)
    version: int | None = Version


class StepIn(Body):
    version: int | None = Version


class AmendIn(Body):
    note: str = Field("", max_length=500, description="Why it is amended")
    version: int | None = Version


RELATED = ("request", "request__unit", "unit", "decided_by", "accepted")


def _submission(found: Submission, today: date) -> dict:
    return {
        "id": found.pk,
        "request": {
            "id": found.request.pk,
            "title": found.request.title,
            "unit": unit_ref(found.request.unit),
        },
        "unit": unit_ref(found.unit),
        "deadline": found.deadline,
        "status": found.status,
        "timeliness": str(found.timeliness(today)),
        "revision": found.revision,
        "accepted_revision": found.accepted.number if found.accepted else None,
        "first_submitted_at": found.first_submitted_at,
        "submitted_at": found.submitted_at,
        "decided_at": found.decided_at,
        "decided_by": found.decided_by.username if found.decided_by else None,
        "reason": found.reason,
        "version": found.version,
    }


def submission_detail(pk: int, number: int | None = None) -> dict:
    """A submission with the content of its latest revision (or of revision `number`)."""
    found = Submission.objects.select_related(*RELATED).get(pk=pk)
    revisions = list(found.revisions.select_related("saved_by").order_by("number"))
    shown = revisions[-1] if revisions else None
    if number is not None:
        shown = next((r for r in revisions if r.number == number), None)
        if shown is None:
            raise Http404
    values, narratives = {}, {}
    if shown is not None:
        for value in shown.values.select_related("indicator").order_by("indicator__code"):
            values[value.indicator.code] = plain(value.value)
        for text in shown.narratives.order_by("section__position"):
            narratives[str(text.section_id)] = text.text
    return {
        **_submission(found, timezone.localdate()),
        "shown_revision": shown.number if shown else None,
        "values": values,
        "narratives": narratives,
        "revisions": [
            {
                "number": r.number,
                "saved_by": r.saved_by.username if r.saved_by else None,
                "saved_at": r.saved_at,
                "submitted_at": r.submitted_at,
                "accepted_at": r.accepted_at,
                "note": r.note,
            }
            for r in revisions
        ],
    }


def _by_id(submission: Submission, values: dict | None) -> tuple[dict, dict]:
    """The values keyed by indicator id, as the services take them, and the API's field of
    each service field ("value-12" -> "values.dang-vien-moi")."""
    indicators = {
        indicator.code: indicator
        for section in submission.request.template.sections.filter(kind=SectionKind.INDICATORS)
        for indicator in section.indicators.all()
    }
    renames = {f"value-{i.pk}": f"values.{code}" for code, i in indicators.items()}
    cleaned = {}
    for code, raw in (values or {}).items():
        if code not in indicators:
            raise ReportingError(
                gettext_noop("Chỉ tiêu %(key)s không có trong mẫu báo cáo này."),
                field="values",
                key=code,
            )
        cleaned[indicators[code].pk] = raw
    return cleaned, renames


def _texts_renames(narratives: dict | None) -> dict:
    return {f"section-{key}": f"narratives.{key}" for key in narratives or {}}


def _editable(user, pk: int) -> Submission:
    return get_object_or_404(Submission.objects.editable_by(user).select_related(*RELATED), pk=pk)


def _reviewable(user, pk: int) -> Submission:
    related = Submission.objects.reviewable_by(user).select_related(*RELATED)
    return get_object_or_404(related, pk=pk)


@router.get(
    "/submissions",
    response={200: SubmissionPage, **NOT_FOUND},
    summary="Submissions the caller may see: its units' own, and those sent to its units",
)
def list_submissions(request, filters: Query[SubmissionFilters]):
    user = request.auth
    found = Submission.objects.visible_to(user).select_related(*RELATED)
    if filters.request is not None:
        found = found.filter(request_id=filters.request)
    unit = unit_filter(user, filters.unit)
    if unit is not None:
        found = found.filter(unit_id__in=org.subtree_ids(unit))
    if filters.status:
        found = found.filter(status=filters.status)
    today = timezone.localdate()
    ordered = found.order_by("-request__created_at", "request_id", "unit__name", "pk")
    return page(ordered, filters, lambda s: _submission(s, today))


@router.get(
    "/submissions/{int:submission}",
    response={200: SubmissionDetail, **NOT_FOUND},
    summary="A submission with its latest revision's values and texts (`?revision=` an older)",
)
def get_submission(request, submission: RecordId, query: Query[RevisionQuery]):
    found = get_object_or_404(Submission.objects.visible_to(request.auth), pk=submission)
    return submission_detail(found.pk, query.revision)


@router.put(
    "/submissions/{int:submission}",
    response={200: SubmissionDetail, **ERRORS},
    summary="Save the unit's draft: values by indicator code, texts by section id",
)
def save_draft(request, submission: RecordId, payload: DraftIn):
    return _write(services.save_draft, request.auth, submission, payload, version_needed=True)


def _write(step, user, submission: int, payload, *, version_needed: bool = False):
    """Save or hand in: values by indicator code and texts by section id, with the errors
    named as the caller sent them."""
    record = _editable(user, submission)
    renames = _texts_renames(payload.narratives)
    try:
        values, by_code = _by_id(record, payload.values)
        renames |= by_code
        if version_needed and payload.version is None:
            raise ReportingError(
                gettext_noop(
                    "Hãy gửi kèm phiên bản (version) của báo cáo mà bạn đã đọc: không ghi đè "
                    "một báo cáo mà không biết bản đang lưu."
                ),
                field="version",
            )
        step(
            submission=record,
            by=user,
            values=values,
            narratives=payload.narratives,
            note=payload.note,
            version=payload.version,
        )
    except ReportingError as error:
        return bad(error, renames)
    return submission_detail(record.pk)


@router.post(
    "/submissions/{int:submission}/submit",
    response={200: SubmissionDetail, **ERRORS},
    summary="Hand the report in, with the last values and texts typed if given",
)
def submit(request, submission: RecordId, payload: SubmitIn):
    return _write(services.submit, request.auth, submission, payload)


@router.post(
    "/submissions/{int:submission}/return",
    response={200: SubmissionDetail, **ERRORS},
    summary="Return a handed-in report to its unit with the reason (reviewers of the issuer)",
)
def return_submission(request, submission: RecordId, payload: ReturnIn):
    record = _reviewable(request.auth, submission)
    try:
        services.return_submission(
            submission=record, by=request.auth, reason=payload.reason, version=payload.version
        )
    except ReportingError as error:
        return bad(error)
    return submission_detail(record.pk)


@router.post(
    "/submissions/{int:submission}/accept",
    response={200: SubmissionDetail, **ERRORS},
    summary="Accept the handed-in revision: the one consolidation counts from now on",
)
def accept(request, submission: RecordId, payload: StepIn):
    record = _reviewable(request.auth, submission)
    try:
        services.accept(submission=record, by=request.auth, version=payload.version)
    except ReportingError as error:
        return bad(error)
    return submission_detail(record.pk)


@router.post(
    "/submissions/{int:submission}/amend",
    response={200: SubmissionDetail, **ERRORS},
    summary="Open an amendment of an accepted report; the accepted revision stays counted",
)
def amend(request, submission: RecordId, payload: AmendIn):
    record = _editable(request.auth, submission)
    try:
        services.amend(
            submission=record, by=request.auth, version=payload.version, note=payload.note
        )
    except ReportingError as error:
        return bad(error)
    return submission_detail(record.pk)
