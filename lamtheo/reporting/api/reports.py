"""/api/v1/reporting/requests/{report_request}/report and /renderings: the issuing unit's
consolidated report, compiled from the accepted submissions, and its official files (.docx,
.pdf, .xlsx) made by a background task whose progress is read here."""

from datetime import date, datetime
from typing import Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Schema, Status
from pydantic import StrictBool

from lamtheo.api_types import Body, RecordId
from lamtheo.audit import events
from lamtheo.audit.models import Entry
from lamtheo.vn.errors import gettext_noop

from .. import services
from ..domain import ReportingError
from ..models import Rendering, Report
from .common import (
    ERRORS,
    NOT_FOUND,
    ReportingUnit,
    bad,
    renderings_seen,
    router,
    unit_ref,
    written_request,
)

FILES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportOut(Schema):
    id: int
    request: int
    unit: ReportingUnit = Field(..., description="The issuing unit")
    number: str = Field(..., description="Số, ký hiệu: 12-BC/TU ('' until numbered)")
    place: str
    signed_on: date
    superior: str
    issuer: str
    abstract: str = Field(..., description="Trích yếu")
    authority: str = Field(..., description="T/M BAN THƯỜNG VỤ...")
    signer_title: str
    signer: str
    recipients: str = Field(..., description="Nơi nhận, one per line")
    restated: bool = Field(..., description="Figures placed by today's units")
    generated_at: datetime | None
    version: int
    body: list[dict[str, Any]] = Field(
        ..., description="Blocks: heading, paragraph (with its source unit), table, chart"
    )


class ConsolidateIn(Body):
    restated: StrictBool = Field(False, description="Place the figures by today's units")


class RenderingFiles(Schema):
    docx: str | None = Field(None, description="Where the Word file is downloaded, once made")
    pdf: str | None = None
    xlsx: str | None = None


class RenderingOut(Schema):
    id: int
    report: int
    request: int
    state: str = Field(..., description="queued, running, done or failed")
    done: int = Field(..., description="Steps done")
    total: int
    percent: int
    error: str
    pdf_engine: str
    created_at: datetime
    finished_at: datetime | None
    files: RenderingFiles


def _report(report: Report) -> dict:
    return {
        "id": report.pk,
        "request": report.request_id,
        "unit": unit_ref(report.unit),
        "number": report.number,
        "place": report.place,
        "signed_on": report.signed_on,
        "superior": report.superior,
        "issuer": report.issuer,
        "abstract": report.abstract,
        "authority": report.authority,
        "signer_title": report.signer_title,
        "signer": report.signer,
        "recipients": report.recipients,
        "restated": report.restated,
        "generated_at": report.generated_at,
        "version": report.version,
        "body": report.body,
    }


def _rendering(rendering: Rendering) -> dict:
    files = {
        kind: reverse(f"api:reporting_rendering_{kind}", kwargs={"rendering": rendering.pk})
        if getattr(rendering, kind)
        else None
        for kind in FILES
    }
    return {
        "id": rendering.pk,
        "report": rendering.report_id,
        "request": rendering.report.request_id,
        "state": rendering.state,
        "done": rendering.done,
        "total": rendering.total,
        "percent": rendering.percent,
        "error": rendering.error,
        "pdf_engine": rendering.pdf_engine,
        "created_at": rendering.created_at,
        "finished_at": rendering.finished_at,
        "files": files,
    }


@router.get(
    "/requests/{int:report_request}/report",
    response={200: ReportOut, **NOT_FOUND},
    summary="The issuing unit's consolidated report, once compiled",
)
def get_report(request, report_request: RecordId):
    visible = Report.objects.visible_to(request.auth).select_related("unit")
    return _report(get_object_or_404(visible, request_id=report_request))


@router.post(
    "/requests/{int:report_request}/report",
    response={200: ReportOut, **ERRORS},
    summary="Compile (or compile again) the report from the submissions accepted so far; the "
    "header and signature set are kept",
)
def consolidate(request, report_request: RecordId, payload: ConsolidateIn):
    found = written_request(request.auth, report_request)
    try:
        report = services.consolidate(request=found, by=request.auth, restated=payload.restated)
    except ReportingError as error:
        return bad(error)
    return _report(Report.objects.select_related("unit").get(pk=report.pk))


@router.post(
    "/requests/{int:report_request}/renderings",
    response={202: RenderingOut, **ERRORS},
    summary="Start making the report's .docx, .pdf and .xlsx; follow it at its rendering",
)
def render_report(request, report_request: RecordId):
    found = written_request(request.auth, report_request)
    try:
        report = Report.objects.filter(request=found).first()
        if report is None:
            raise ReportingError(gettext_noop("Hãy tổng hợp báo cáo trước khi in."), field="report")
        rendering = services.queue_rendering(report=report, by=request.auth)
    except ReportingError as error:
        return bad(error)
    rendering.refresh_from_db()
    return Status(202, _rendering(rendering))


@router.get(
    "/renderings/{int:rendering}",
    response={200: RenderingOut, **NOT_FOUND},
    summary="A rendering's progress, and where its files are downloaded once made",
)
def get_rendering(request, rendering: RecordId):
    found = get_object_or_404(renderings_seen(request.auth).select_related("report"), pk=rendering)
    return _rendering(found)


def _download(kind: str):
    def download(request, rendering: RecordId):
        found = get_object_or_404(renderings_seen(request.auth), pk=rendering)
        stored = getattr(found, kind)
        if not stored:
            return Status(404, {"detail": "Not Found", "field": kind})
        events.log(Entry.Action.DOWNLOAD, obj=found, request=request)
        response = FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=stored.name.rsplit("/", 1)[-1],
            content_type=FILES[kind],
        )
        response["Cache-Control"] = "private, no-store"
        return response

    download.__name__ = f"download_{kind}"
    return download


for _kind, _type in FILES.items():
    router.get(
        f"/renderings/{{int:rendering}}/{_kind}",
        response=NOT_FOUND,
        url_name=f"reporting_rendering_{_kind}",
        operation_id=f"lamtheo_reporting_api_reports_download_{_kind}",
        summary=f"The rendering's .{_kind} (404 until it is made)",
        openapi_extra={
            "responses": {
                200: {
                    "description": f"The .{_kind} file",
                    "content": {_type: {"schema": {"type": "string", "format": "binary"}}},
                }
            }
        },
    )(_download(_kind))
