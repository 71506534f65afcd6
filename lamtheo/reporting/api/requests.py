"""/api/v1/reporting/requests: report requests issued to units, how complete their answers
are, and the figures consolidated from the accepted ones."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from django.db.models import Count, Q
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, IsoDate, RecordId
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind as UnitKind
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import selectors, services
from ..domain import ReportingError
from ..models import Kind, Submission, Template
from ..services.requests import MAX_RECIPIENTS
from .common import (
    ERRORS,
    NOT_FOUND,
    ReportingErrorOut,
    ReportingUnit,
    Window,
    bad,
    issued_request,
    page,
    plain,
    requests_seen,
    router,
    seen_request,
    unit_filter,
    unit_ref,
    visible_unit,
)
from .common import lookups as _lookups

KindValue = Literal[tuple(Kind.values)]


class TemplateRef(Schema):
    id: int
    code: str
    number: int
    name: str


class DocumentRef(Schema):
    id: int
    symbol: str
    title: str
    issued_on: date


class RequestOut(Schema):
    id: int
    unit: ReportingUnit = Field(..., description="The issuing unit")
    template: TemplateRef
    title: str
    kind: str = Field(..., description="half, year, interim (sơ kết), final (tổng kết), other")
    period: str
    starts_on: date = Field(..., description="The period's first day")
    ends_on: date = Field(..., description="The period's last day")
    document: DocumentRef | None = Field(None, description="The document reviewed")
    as_of: date = Field(..., description="The day whose hierarchy the recipients were chosen by")
    deadline: date
    recipients: int
    created_by: str | None
    created_at: datetime
    version: int


class RequestPage(Schema):
    items: list[RequestOut]
    count: int


class RequestFilters(Window):
    unit: str = Field(
        "", max_length=40, description="Issued by or addressed to this unit or those under it"
    )
    period: str = Field("", max_length=12, description="2026, 2026-H1...")
    kind: Literal[tuple(["", *Kind.values])] = ""


class RequestIn(Body):
    unit: str = Field(..., min_length=1, max_length=40, description="The issuing unit's code")
    template: RecordId = Field(..., description="The template version's id")
    title: str = Field(..., max_length=500)
    kind: KindValue = Kind.YEAR
    period: str = Field(..., max_length=12, description="2026, 2026-H1, 2026-Q2, 2020-2025")
    deadline: IsoDate
    as_of: IsoDate | None = Field(None, description="Recipients as the hierarchy stands that day")
    document: str = Field(
        "", max_length=120, description="The symbol of the document reviewed: 01-KL/TW"
    )
    units: list[str] | None = Field(
        None, max_length=MAX_RECIPIENTS, description="Recipients' codes"
    )
    rule: Literal["children", "kind"] | None = Field(
        None, description="Without `units`: the units directly under, or those of a kind below"
    )
    unit_kind: Literal[tuple(UnitKind.values)] | None = Field(None, description="For rule=kind")


class TimelinessCounts(Schema):
    on_time: int
    late: int
    missing: int
    waiting: int


class StatusCounts(Schema):
    pending: int
    draft: int
    submitted: int
    returned: int
    accepted: int


class CompletenessRow(Schema):
    submission: int
    unit: ReportingUnit
    status: str
    timeliness: str = Field(..., description="on_time, late, missing or waiting")
    deadline: date
    first_submitted_at: datetime | None
    submitted_at: datetime | None


class CompletenessOut(Schema):
    request: int
    today: date
    by_timeliness: TimelinessCounts
    by_status: StatusCounts
    rate: Decimal | None = Field(None, description="Percent handed in")
    on_time_rate: Decimal | None = Field(None, description="Percent handed in by the deadline")
    rows: list[CompletenessRow]


class Cell(Schema):
    value: Decimal | None
    reporters: int


class ConsolidatedRow(Cell):
    unit: ReportingUnit


class ConsolidatedIndicator(Schema):
    code: str
    name: str
    measure: str
    aggregation: str
    total: Cell
    rows: list[ConsolidatedRow]


class ConsolidatedOut(Schema):
    request: int
    restated: bool
    on: date = Field(..., description="The day whose hierarchy placed the units")
    top: ReportingUnit = Field(..., description="The issuing unit (restated: the one today)")
    indicators: list[ConsolidatedIndicator]


class ConsolidatedFilters(Schema):
    restated: bool = Field(False, description="Placed by today's units, through lineage")


def request_out(found) -> dict:
    document = found.document
    return {
        "id": found.pk,
        "unit": unit_ref(found.unit),
        "template": {
            "id": found.template.pk,
            "code": found.template.code,
            "number": found.template.number,
            "name": found.template.name,
        },
        "title": found.title,
        "kind": found.kind,
        "period": found.period,
        "starts_on": found.period_start,
        "ends_on": found.period_end - timedelta(days=1),
        "document": _lookups.document_ref(document),
        "as_of": found.as_of,
        "deadline": found.deadline,
        "recipients": getattr(found, "recipients", None) or found.submissions.count(),
        "created_by": found.created_by.username if found.created_by else None,
        "created_at": found.created_at,
        "version": found.version,
    }


def _recipients(user, unit: OrgUnit, payload: RequestIn, as_of: date) -> list[OrgUnit]:
    if payload.units:  # named units; the rule is for a request without them
        return _lookups.visible_units(user, payload.units, "units", error=ReportingError)
    if payload.rule == "children":
        return list(org.children(unit, as_of=as_of))
    if payload.rule == "kind":
        if payload.unit_kind is None:
            raise ReportingError(gettext_noop("Hãy chọn loại đơn vị nhận."), field="unit_kind")
        below = org.subtree(unit, as_of=as_of, include_self=False)
        return list(below.filter(kind=payload.unit_kind).order_by("name"))
    return []


@router.get(
    "/requests",
    response={200: RequestPage, **NOT_FOUND},
    summary="Report requests the caller's units issued or received, newest first",
)
def list_requests(request, filters: Query[RequestFilters]):
    user = request.auth
    found = requests_seen(user)
    unit = unit_filter(user, filters.unit)
    if unit is not None:
        inside = org.subtree_ids(unit)
        found = found.filter(
            Q(unit_id__in=inside)
            | Q(pk__in=Submission.objects.filter(unit_id__in=inside).values("request_id"))
        )
    if filters.period:
        found = found.filter(period=filters.period)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    found = found.select_related("unit", "template", "document", "created_by").annotate(
        recipients=Count("submissions")
    )
    return page(found.order_by("-created_at", "-pk"), filters, request_out)


@router.post(
    "/requests",
    response={201: RequestOut, **ERRORS},
    summary="Issue a request to units below the issuing unit; each gets its submission",
)
def issue_request(request, payload: RequestIn):
    user = request.auth
    renames = {"rule": "units"} if payload.units else None
    try:
        unit = visible_unit(user, payload.unit, "unit")
        template = Template.objects.visible_to(user).filter(pk=payload.template).first()
        if template is None:
            raise ReportingError(gettext_noop("Không có mẫu báo cáo này."), field="template")
        document = _lookups.document_named(user, payload.document, "document", error=ReportingError)
        as_of = payload.as_of or timezone.localdate()
        issued = services.issue_request(
            unit=unit,
            template=template,
            title=payload.title,
            kind=payload.kind,
            period=payload.period,
            deadline=payload.deadline,
            as_of=as_of,
            document=document,
            units=_recipients(user, unit, payload, as_of),
            by=user,
        )
    except ReportingError as error:
        return bad(error, renames)
    return Status(201, request_out(seen_request(user, issued.pk)))


@router.get(
    "/requests/{int:report_request}",
    response={200: RequestOut, **NOT_FOUND},
    summary="A report request",
)
def get_request(request, report_request: RecordId):
    return request_out(seen_request(request.auth, report_request))


@router.get(
    "/requests/{int:report_request}/completeness",
    response={200: CompletenessOut, 404: ReportingErrorOut},
    summary="Who handed in on time, late, not at all, or still has time (rows the caller sees)",
)
def completeness(request, report_request: RecordId):
    found = seen_request(request.auth, report_request)
    today = timezone.localdate()
    done = selectors.completeness(found, user=request.auth, today=today, tree=False)
    return {
        "request": found.pk,
        "today": today,
        "by_timeliness": {str(k): v for k, v in done.by_state.items()},
        "by_status": {str(k): v for k, v in done.by_status.items()},
        "rate": done.rate,
        "on_time_rate": done.on_time_rate,
        "rows": [
            {
                "submission": row.pk,
                "unit": unit_ref(row.unit),
                "status": row.status,
                "timeliness": str(row.state),
                "deadline": row.deadline,
                "first_submitted_at": row.first_submitted_at,
                "submitted_at": row.submitted_at,
            }
            for row in done.rows
        ],
    }


def _cell(cell) -> dict:
    if cell is None:
        return {"value": None, "reporters": 0}
    return {"value": plain(cell.value), "reporters": cell.reporters}


@router.get(
    "/requests/{int:report_request}/consolidated",
    response={200: ConsolidatedOut, 404: ReportingErrorOut},
    summary="Each indicator of the accepted submissions: the total and by the top's children "
    "(the issuing unit's side only)",
)
def consolidated(request, report_request: RecordId, filters: Query[ConsolidatedFilters]):
    found = issued_request(request.auth, report_request)
    result = selectors.consolidate(found, restated=filters.restated)
    return {
        "request": found.pk,
        "restated": result.restated,
        "on": result.on,
        "top": unit_ref(result.top),
        "indicators": [
            {
                "code": indicator.code,
                "name": indicator.name,
                "measure": indicator.measure,
                "aggregation": indicator.aggregation,
                "total": _cell(result.totals.get(indicator.pk)),
                "rows": [
                    {"unit": unit_ref(row), **_cell(result.cells.get((indicator.pk, row.pk)))}
                    for row in result.rows
                ],
            }
            for indicator in result.indicators
        ],
    }
