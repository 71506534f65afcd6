"""The consolidated report: compiled from the accepted submissions into the issuing unit's
draft, its header and signature set by the issuing unit, rendered by a background task."""

import re
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.domain import style_of_unit
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind as UnitKind
from lamtheo.vn.docnum import parse_doc_number
from lamtheo.vn.errors import VnError, gettext_noop
from lamtheo.vn.numbers import format_number

from .. import figures, selectors, tasks
from ..domain import ReportingError, fill
from ..models import Rendering, Report, Request, SectionKind
from .common import locked, may_write, text

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
APPENDIX_COLUMNS = 6  # indicators per table of the appendix (a portrait A4 page holds that)
_PREFIX = re.compile(
    r"^(Tỉnh ủy|Thành ủy|Huyện ủy|Thị ủy|Quận ủy|Đảng ủy (xã|phường|thị trấn|đặc khu)|"
    r"Đảng bộ (tỉnh|thành phố|huyện|xã|phường))\s+",
    re.IGNORECASE,
)


def _number(value) -> str:
    """As the report prints it: 1.567, 12,8, an average to two decimals (7,67)."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal("0.01"))
    return format_number(
        value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    )


def place_of(name: str) -> str:
    """The place name of a committee: "Tỉnh ủy Bắc Kạn" -> "Bắc Kạn"."""
    return _PREFIX.sub("", name).strip() or name


def _heading(index: int, title: str) -> dict:
    number = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return {"t": "heading", "text": f"{number}. {title.upper()}", "level": 1}


def _sources_url(base: str, indicator_id: int, row_id: int | None, restated: bool) -> str:
    """The sources page of one number (`base`: the request's sources page, reversed once for
    all the cells)."""
    query = f"chi-tieu={indicator_id}"
    if row_id is not None:
        query += f"&hang={row_id}"
    if restated:
        query += "&quy-doi=1"
    return f"{base}?{query}"


def compile_body(request: Request, *, restated: bool, today: date | None = None) -> list[dict]:
    """The report's blocks, section by section: the units' narratives, each named; the
    computed figures; the indicator table with its totals, chart and the breakdown by unit.
    Every number carries the link to the figures it is made of."""
    today = today or timezone.localdate()
    consolidated = selectors.consolidate(request, restated=restated, today=today)
    texts = selectors.narratives(request)
    span = figures.Span(consolidated.top, request.period_start, request.period_end, restated)
    sections = list(request.template.sections.order_by("position").prefetch_related("indicators"))
    wanted = [key for s in sections if s.kind == SectionKind.FIGURES for key in s.figures]
    computed = figures.compute(list(dict.fromkeys(wanted)), span)
    values = {f.key: _number(f.value) for f in computed}
    by_key = {f.key: f for f in computed}
    body: list[dict] = []
    for index, section in enumerate(sections):
        body.append(_heading(index, section.title))
        if section.kind == SectionKind.NARRATIVE:
            found = texts.get(section.pk, [])
            for narrative in found:
                submission = narrative.revision.submission
                for paragraph in filter(None, (p.strip() for p in narrative.text.split("\n"))):
                    body.append(
                        {
                            "t": "paragraph",
                            "text": fill(paragraph, values),
                            "source": submission.unit.name,
                            "link": reverse("reporting:submission", args=[submission.pk]),
                        }
                    )
            if not found:
                body.append(
                    {"t": "paragraph", "text": str(_("Chưa có đơn vị nào báo cáo phần này."))}
                )
        elif section.kind == SectionKind.FIGURES:
            rows = [by_key[key] for key in section.figures if key in by_key]
            body.append(
                {
                    "t": "table",
                    "caption": section.title,
                    "header": [
                        str(_("STT")),
                        str(_("Nội dung")),
                        str(_("Đơn vị tính")),
                        str(_("Số liệu")),
                    ],
                    "rows": [
                        [str(i), f.label, f.measure, _number(f.value)]
                        for i, f in enumerate(rows, start=1)
                    ],
                    "numeric": [0, 3],
                    "links": [[None, None, None, f.url] for f in rows],
                    "notes": [f.source for f in rows],
                }
            )
        else:
            body += _indicator_blocks(request, section, consolidated)
    return body


def _indicator_blocks(request, section, consolidated) -> list[dict]:
    indicators = list(section.indicators.order_by("code"))
    restated = consolidated.restated
    base = reverse("reporting:sources", args=[request.pk])
    blocks = [
        {
            "t": "table",
            "caption": section.title,
            "header": [
                str(_("STT")),
                str(_("Chỉ tiêu")),
                str(_("Đơn vị tính")),
                str(_("Tổng hợp")),
                str(_("Số đơn vị báo cáo")),
            ],
            "rows": [
                [
                    str(i),
                    ind.name,
                    ind.measure,
                    _number(consolidated.totals.get(ind.pk, selectors.Cell(None, 0)).value),
                    str(consolidated.totals.get(ind.pk, selectors.Cell(None, 0)).reporters),
                ]
                for i, ind in enumerate(indicators, start=1)
            ],
            "numeric": [0, 3, 4],
            "links": [
                [None, None, None, _sources_url(base, ind.pk, None, restated), None]
                for ind in indicators
            ],
        }
    ]
    rows = [
        u
        for u in consolidated.rows
        if any((ind.pk, u.pk) in consolidated.cells for ind in indicators)
    ]
    if indicators and rows:
        first = indicators[0]
        bars = [
            (u.name, float(consolidated.cells[(first.pk, u.pk)].value))
            for u in rows
            if (first.pk, u.pk) in consolidated.cells
            and consolidated.cells[(first.pk, u.pk)].value is not None
        ]
        if bars:
            blocks.append(
                {
                    "t": "chart",
                    "title": f"{first.name} ({first.measure})".replace(" ()", ""),
                    "bars": bars[:40],
                    "measure": first.measure,
                }
            )
        for start in range(0, len(indicators), APPENDIX_COLUMNS):
            chunk = indicators[start : start + APPENDIX_COLUMNS]
            blocks.append(
                {
                    "t": "table",
                    "caption": str(_("%(title)s - theo đơn vị")) % {"title": section.title},
                    "header": [str(_("Đơn vị")), *[ind.name for ind in chunk]],
                    "rows": [
                        [
                            u.name,
                            *[
                                _number(
                                    consolidated.cells.get(
                                        (ind.pk, u.pk), selectors.Cell(None, 0)
                                    ).value
                                )
                                for ind in chunk
                            ],
                        ]
                        for u in rows
                    ],
                    "numeric": list(range(1, len(chunk) + 1)),
                    "links": [
                        [None, *[_sources_url(base, ind.pk, u.pk, restated) for ind in chunk]]
                        for u in rows
                    ],
                }
            )
    return blocks


def _defaults(request: Request) -> dict:
    """The header the issuing unit usually writes: its name; above it, for a unit below a
    provincial committee, the committee it belongs to; the place; Nơi nhận."""
    unit = request.unit
    parent = org.parent(unit, as_of=request.as_of)
    top_level = unit.kind in (UnitKind.PROVINCE, UnitKind.CENTRAL)
    superior = "" if parent is None or top_level else parent.name.upper()
    lines = [f"- {parent.name} (b/c)," if parent else "", f"- Lưu Văn phòng {unit.name}."]
    return {
        "place": place_of(unit.name)[:100],
        "issuer": unit.name.upper()[:200],
        "superior": superior[:200],
        "abstract": request.title[:500],
        "signed_on": timezone.localdate(),
        "recipients": "\n".join(line for line in lines if line),
    }


@transaction.atomic
def consolidate(*, request: Request, by, restated: bool = False, today=None) -> Report:
    """Make (or remake) the issuing unit's draft from the submissions accepted so far; the
    header and signature the unit set are kept."""
    may_write(request.unit, by)
    body = compile_body(request, restated=restated, today=today)
    report = Report.objects.select_for_update().filter(request=request).first()
    if report is None:
        report = Report(request=request, unit=request.unit, **_defaults(request))
    else:
        report.version += 1
    report.body, report.restated, report.generated_at = body, restated, timezone.now()
    report.save()
    return report


@transaction.atomic
def update_report(
    *,
    report: Report,
    by,
    version: int | None,
    number: str,
    place: str,
    signed_on: date | None,
    issuer: str,
    abstract: str,
    superior: str = "",
    authority: str = "",
    signer_title: str = "",
    signer: str = "",
    recipients: str = "",
) -> Report:
    may_write(report.unit, by)
    number = (number or "").strip()
    if number:
        try:
            parsed = parse_doc_number(number)
        except VnError as error:
            raise ReportingError(error.template, field="number", **error.params) from None
        if parsed.kind not in (None, "BC"):
            raise ReportingError(
                gettext_noop("Số «%(number)s» không phải số của một báo cáo (BC)."),
                field="number",
                number=number,
            )
        style = style_of_unit(report.unit.kind)
        if parsed.style != style:
            raise ReportingError(
                gettext_noop("Số «%(number)s» không theo thể thức văn bản của đơn vị."),
                field="number",
                number=number,
            )
        number = re.sub(r"^[Ss]ố:?\s*", "", number)
    if signed_on is None:
        raise ReportingError(gettext_noop("Hãy nhập ngày ban hành."), field="signed_on")
    current = locked(Report, report, version, _("Báo cáo tổng hợp"))
    current.number = number[:40]
    current.place = text(place, "place", _("địa danh"), 100)
    current.signed_on = signed_on
    current.issuer = text(issuer, "issuer", _("cơ quan ban hành"), 200)
    current.superior = text(superior, "superior", _("cơ quan cấp trên"), 200, required=False)
    current.abstract = text(abstract, "abstract", _("trích yếu"), 500)
    current.authority = text(authority, "authority", _("thẩm quyền ký"), 60, required=False)
    current.signer_title = text(signer_title, "signer_title", _("chức vụ"), 120, required=False)
    current.signer = text(signer, "signer", _("người ký"), 120, required=False)
    current.recipients = text(recipients, "recipients", _("nơi nhận"), 2000, required=False)
    current.save()
    return current


@transaction.atomic
def queue_rendering(*, report: Report, by) -> Rendering:
    """Start making the .docx, .pdf and .xlsx in the background; the page follows its bar."""
    may_write(report.unit, by)
    if not report.body:
        raise ReportingError(gettext_noop("Hãy tổng hợp báo cáo trước khi in."), field="report")
    rendering = Rendering.objects.create(report=report, requested_by=by)
    transaction.on_commit(lambda: tasks.render.enqueue(rendering.pk))
    return rendering
