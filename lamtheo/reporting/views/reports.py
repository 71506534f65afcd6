"""Pages of the consolidated report: compile it from the accepted submissions, set its header,
read the compiled body with every number linked to the figures it is made of, make the
official files in the background and follow the bar, download them; the completeness table
as Excel.

These pages are the issuing unit's: a request is reached here only by the people of the unit
that issued it and of the levels above (a recipient sees the request, not its siblings'
figures), and only the issuing unit's writers consolidate, edit and render (the services
check it again)."""

import re
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lamtheo.audit import events
from lamtheo.audit.models import Entry
from lamtheo.org.models import OrgUnit, visible_unit_ids
from lamtheo.plans.spreadsheets import workbook_response
from lamtheo.web import methods, translated

from .. import selectors, services
from ..domain import ReportingError
from ..models import Rendering, Report, Request, Status
from ..report_forms import ReportForm, show
from .common import STATE_LABELS

KINDS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SHOWN_RENDERINGS = 5


# --- Who reaches what -------------------------------------------------------------------------


def issued_requests(user):
    """Requests of the units where the user holds a role, or below them: the issuer's own
    records, not those of the units it asks."""
    if not user.is_authenticated or not user.is_active:
        return Request.objects.none()
    if user.is_superuser:
        return Request.objects.all()
    return Request.objects.filter(unit_id__in=visible_unit_ids(user))


def _request_of(request, pk) -> Request:
    return get_object_or_404(
        issued_requests(request.user).select_related("unit", "template"), pk=pk
    )


def _may_write(user, report_request: Request) -> bool:
    return Request.objects.editable_by(user).filter(pk=report_request.pk).exists()


def _renderings(user):
    return Rendering.objects.filter(report__in=Report.objects.visible_to(user)).select_related(
        "report", "report__request"
    )


# --- Showing the compiled body ----------------------------------------------------------------


def figure(value: Decimal | None) -> str:
    """A stored or averaged figure in the reader's format, to two decimals at most: 1.567,
    12,8 and 7,67 in Vietnamese."""
    if value is None:
        return ""
    value = value.quantize(Decimal("0.01"))
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, force_grouping=True)


def bars_svg(bars: list, *, title: str, measure: str = "") -> SafeString:
    """A chart block as inline SVG (no script, nothing fetched): one bar per unit, each with
    its figure written beside it."""
    width, bar, gap, label, pad = 640, 18, 8, 230, 70
    values = [float(value) for _name, value in bars]
    high = max([abs(v) for v in values] + [0]) or 1
    room = width - label - pad
    height = len(bars) * (bar + gap) + gap
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, ((name, _value), value) in enumerate(zip(bars, values, strict=True)):
        y = gap + index * (bar + gap)
        length = room * abs(value) / high
        shown = name if len(name) <= 36 else name[:35] + "…"
        text = number_format(int(value) if value.is_integer() else value, force_grouping=True)
        parts += [
            f'<text x="{label - 6}" y="{y + bar - 4}" text-anchor="end" class="tick">'
            f"{escape(shown)}</text>",
            f'<rect x="{label}" y="{y}" width="{length:.1f}" height="{bar}" class="bar"/>',
            f'<text x="{label + length + 6:.1f}" y="{y + bar - 4}" class="value">'
            f"{escape(text)} {escape(measure)}</text>",
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def preview(body: list[dict]) -> list[dict]:
    """The stored blocks, shaped for the page: a table's cells with their links."""
    shown = []
    for block in body:
        kind = block.get("t")
        if kind == "table":
            numeric = set(block.get("numeric", ()))
            links = block.get("links") or []
            rows = []
            for r, row in enumerate(block.get("rows", [])):
                row_links = links[r] if r < len(links) else []
                rows.append(
                    [
                        {
                            "text": text,
                            "link": row_links[c] if c < len(row_links) else None,
                            "num": c in numeric,
                        }
                        for c, text in enumerate(row)
                    ]
                )
            shown.append({**block, "cells": rows, "numeric": sorted(numeric)})
        elif kind == "chart":
            svg = bars_svg(block.get("bars", []), title=block.get("title", ""))
            shown.append({**block, "svg": svg})
        elif kind in ("heading", "paragraph"):
            shown.append(block)
    return shown


# --- The report page --------------------------------------------------------------------------


@methods("GET", "POST")
def report(request, report_request):
    wanted = _request_of(request, report_request)
    can_write = _may_write(request.user, wanted)
    found = Report.objects.filter(request=wanted).first()
    form = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "consolidate":
            return _consolidate(request, wanted)
        if action != "save" or found is None:
            return redirect("reporting:report", wanted.pk)
        form = ReportForm.of(found, request.POST)
        if form.is_valid():
            try:
                services.update_report(report=found, by=request.user, **form.values())
            except ReportingError as error:
                show(form, error)
            else:
                messages.success(request, _("Đã lưu phần đầu và phần ký của báo cáo."))
                return redirect("reporting:report", wanted.pk)
    if found is not None and form is None:
        form = ReportForm.of(found)
    counts = {
        "accepted": wanted.submissions.filter(status=Status.ACCEPTED).count(),
        "all": wanted.submissions.count(),
    }
    renderings = list(found.renderings.all()[:SHOWN_RENDERINGS]) if found else []
    return render(
        request,
        "reporting/report.html",
        {
            "report_request": wanted,
            "report": found,
            "form": form if can_write else None,
            "can_write": can_write,
            "blocks": preview(found.body) if found else [],
            "counts": counts,
            "renderings": renderings,
        },
    )


def _consolidate(request, wanted: Request):
    restated = request.POST.get("restated") == "1"
    try:
        services.consolidate(request=wanted, by=request.user, restated=restated)
    except ReportingError as error:
        messages.error(request, translated(error))
    else:
        accepted = wanted.submissions.filter(status=Status.ACCEPTED).count()
        messages.success(
            request,
            _("Đã tổng hợp báo cáo từ %(count)s báo cáo đã tiếp nhận.") % {"count": accepted},
        )
    return redirect("reporting:report", wanted.pk)


# --- Rendering --------------------------------------------------------------------------------


def _fragment(request, rendering: Rendering, status: int = 200):
    return render(request, "reporting/_rendering.html", {"rendering": rendering}, status=status)


@methods("POST")
def render_report(request, report_request):
    wanted = _request_of(request, report_request)
    if not _may_write(request.user, wanted):
        raise PermissionDenied
    found = Report.objects.filter(request=wanted).first()
    if found is None:
        messages.error(request, _("Hãy tổng hợp báo cáo trước khi in."))
        return redirect("reporting:report", wanted.pk)
    try:
        rendering = services.queue_rendering(report=found, by=request.user)
    except ReportingError as error:
        messages.error(request, translated(error))
        return redirect("reporting:report", wanted.pk)
    rendering.refresh_from_db()  # the immediate backend may have made the files already
    if request.htmx:
        return _fragment(request, rendering)
    messages.success(request, _("Đang tạo bản in; trang sẽ báo khi xong."))
    return redirect(reverse("reporting:report", args=[wanted.pk]) + "#ban-in")


@methods("GET")
def rendering(request, rendering):
    found = get_object_or_404(_renderings(request.user), pk=rendering)
    if request.htmx:
        return _fragment(request, found)
    return render(request, "reporting/rendering.html", {"rendering": found})


def filename(report: Report, kind: str) -> str:
    """The download's name: 499-BC/TU gives 499-BC-TU.docx; Vietnamese letters stay (sent
    as RFC 6266 asks)."""
    stem = re.sub(r"[^\w.-]+", "-", report.number).strip("-.") or f"bao-cao-{report.pk}"
    return f"{stem}.{kind}"


@methods("GET")
def download(request, rendering, kind):
    if kind not in KINDS:
        raise Http404
    found = get_object_or_404(_renderings(request.user), pk=rendering)
    stored = getattr(found, kind)
    if found.state != Rendering.State.DONE or not stored:
        raise Http404
    events.log(Entry.Action.DOWNLOAD, obj=found, request=request)
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=filename(found.report, kind),
        content_type=KINDS[kind],
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Sources and completeness -----------------------------------------------------------------


def _pk(request, name: str, *, required: bool) -> int | None:
    text = request.GET.get(name, "").strip()
    if not text and not required:
        return None
    if not text.isdigit() or len(text) > 18:
        raise Http404
    return int(text)


@methods("GET")
def sources(request, report_request):
    wanted = _request_of(request, report_request)
    indicator_pk = _pk(request, "chi-tieu", required=False)
    restated = request.GET.get("quy-doi") == "1"
    if indicator_pk is None:  # every indicator's total, each leading to its sources
        return _overview(request, wanted, restated)
    indicator = next((i for i in selectors.indicators_of(wanted) if i.pk == indicator_pk), None)
    if indicator is None:
        raise Http404
    row_pk = _pk(request, "hang", required=False)
    row = None
    if row_pk is not None:
        row = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=row_pk)
    today = timezone.localdate()
    found = selectors.sources(wanted, indicator, row=row, restated=restated, today=today)
    consolidated = selectors.consolidate(wanted, restated=restated, today=today)
    empty = selectors.Cell(None, 0)
    cell = (
        consolidated.cells.get((indicator.pk, row.pk), empty)
        if row is not None
        else consolidated.totals.get(indicator.pk, empty)
    )
    return render(
        request,
        "reporting/sources.html",
        {
            "report_request": wanted,
            "indicator": indicator,
            "row": row,
            "restated": restated,
            "total": figure(cell.value),
            "aggregation": indicator.get_aggregation_display(),
            "sources": [
                {
                    "unit": s.submission.unit,
                    "value": figure(s.value),
                    "submission": s.submission,
                    "link": reverse("reporting:submission", args=[s.submission.pk]),
                }
                for s in found
            ],
        },
    )


@methods("GET")
def completeness_xlsx(request, report_request):
    wanted = _request_of(request, report_request)
    done = selectors.completeness(wanted, tree=False)
    statuses = dict(Status.choices)
    events.log(Entry.Action.EXPORT, obj=wanted, request=request)
    return workbook_response(
        f"tien-do-bao-cao-{wanted.pk}.xlsx",
        _("Tiến độ nộp báo cáo"),
        [
            _("Đơn vị"),
            _("Trạng thái"),
            _("Nộp lần đầu"),
            _("Hạn nộp"),
            _("Thời hạn"),
            _("Tiếp nhận lúc"),
        ],
        [
            [
                row.unit.name,
                statuses.get(row.status, row.status),
                row.first_submitted_at,
                row.deadline,
                STATE_LABELS[row.state],
                row.decided_at if row.status == Status.ACCEPTED else None,
            ]
            for row in done.rows
        ],
        heading=[wanted.title, wanted.unit.name],
    )


def _overview(request, wanted, restated: bool):
    consolidated = selectors.consolidate(wanted, restated=restated)
    empty = selectors.Cell(None, 0)
    query = "&quy-doi=1" if restated else ""
    base = reverse("reporting:sources", args=[wanted.pk])
    rows = [
        {
            "indicator": indicator,
            "total": figure(consolidated.totals.get(indicator.pk, empty).value),
            "reporters": consolidated.totals.get(indicator.pk, empty).reporters,
            "link": f"{base}?chi-tieu={indicator.pk}{query}",
        }
        for indicator in consolidated.indicators
    ]
    return render(
        request,
        "reporting/sources_overview.html",
        {"report_request": wanted, "rows": rows, "restated": restated},
    )
