"""Pages of inspections and supervision: the area's home, the year's calendar, the list with
its filters and download, the yearly programmes. The inspection's own pages are in
inspection_pages.py, the follow-up of recommendations in inspection_follow_up.py; all are
re-exported here."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.plans import spreadsheets
from lamtheo.vn.text import fold
from lamtheo.web import methods

from .. import selectors, services
from ..domain import OversightError
from ..forms import ListFilter, ProgrammeForm, show
from ..models import FixState, Inspection, Programme, Recommendation, Target
from .inspection_common import is_xlsx, year_of
from .inspection_follow_up import board, inbox, recommendation, recommendation_create
from .inspection_pages import conclusion, findings, inspection, inspection_create, inspection_edit

__all__ = [
    "board",
    "calendar",
    "conclusion",
    "findings",
    "inbox",
    "index",
    "inspection",
    "inspection_create",
    "inspection_edit",
    "inspections",
    "programme",
    "programme_create",
    "programmes",
    "recommendation",
    "recommendation_create",
]

PAGE_SIZE = 50
MAX_ROWS = 5000  # rows of a download


@methods("GET")
def index(request):
    user = request.user
    today = timezone.localdate()
    seen = Inspection.objects.visible_to(user)
    this_year = seen.filter(starts_on__lte=date(today.year, 12, 31),
                            ends_on__gte=date(today.year, 1, 1))  # fmt: skip
    open_ = Recommendation.objects.visible_to(user).exclude(state=FixState.FIXED)
    return render(
        request,
        "oversight/index.html",
        {
            "year": today.year,
            "inspections_this_year": this_year.values("pk").distinct().count(),
            "overdue": open_.filter(deadline__lt=today).count(),
            "to_confirm": Recommendation.objects.judgeable_by(user)
            .filter(state=FixState.REPORTED)
            .count(),
            "can_create": writable_units(user).exists(),
        },
    )


@methods("GET")
def calendar(request):
    year = year_of(request)
    months = selectors.calendar(Inspection.objects.visible_to(request.user), year)
    return render(
        request,
        "oversight/calendar.html",
        {
            "year": year,
            "months": [(date(year, m, 1), found) for m, found in months],
            "total": len({i.pk for _m, found in months for i in found}),
            "can_create": writable_units(request.user).exists(),
        },
    )


def _filtered(request):
    """The inspections the user sees, as the list's filters choose them, and the filters."""
    form = ListFilter(request.GET)
    found = Inspection.objects.visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["nam"]:
            found = found.filter(
                starts_on__lte=date(data["nam"], 12, 31), ends_on__gte=date(data["nam"], 1, 1)
            )
        if data["hinh_thuc"]:
            found = found.filter(kind=data["hinh_thuc"])
        if data["tinh_trang"]:
            found = found.filter(stage=data["tinh_trang"])
        text = " ".join(fold(data["don_vi"]).split())
        if text:
            matched = Inspection.objects.filter(
                Q(unit__search_name__contains=text)
                | Q(unit__code__iexact=data["don_vi"].strip())
                | Q(targets__unit__search_name__contains=text)
                | Q(targets__unit__code__iexact=data["don_vi"].strip())
            )
            found = found.filter(pk__in=matched.values("pk"))
    found = found.select_related("unit").order_by("-starts_on", "-pk")
    return form, found


@methods("GET")
def inspections(request):
    form, found = _filtered(request)
    if is_xlsx(request):
        return _list_workbook(found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = list(page.object_list)
    _with_targets(rows)
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("dinh-dang", None)
    return render(
        request,
        "oversight/inspections.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_create": writable_units(request.user).exists(),
        },
    )


def _with_targets(rows) -> None:
    """Each inspection with the names of its inspected units: one query for the page."""
    names: dict[int, list[str]] = {r.pk: [] for r in rows}
    targets = Target.objects.filter(inspection_id__in=names).select_related("unit")
    for target in targets.order_by("unit__name"):
        names[target.inspection_id].append(target.unit.name)
    for row in rows:
        row.target_names = names[row.pk]


def _list_workbook(found):
    def rows():
        for chunk in _chunks(found.iterator(chunk_size=500), 500):
            _with_targets(chunk)
            for i in chunk:
                yield [
                    i.get_kind_display(),
                    i.title,
                    i.unit.name,
                    ", ".join(i.target_names),
                    i.starts_on,
                    i.ends_on,
                    i.get_stage_display(),
                    i.number,
                    i.signed_on,
                ]

    return spreadsheets.workbook_response(
        "cuoc-kiem-tra-giam-sat.xlsx",
        _("Cuộc kiểm tra, giám sát"),
        [
            _("Hình thức"),
            _("Nội dung"),
            _("Đơn vị kiểm tra"),
            _("Đơn vị được kiểm tra"),
            _("Từ ngày"),
            _("Đến ngày"),
            _("Tình trạng"),
            _("Số kết luận"),
            _("Ngày ký kết luận"),
        ],
        rows(),
    )


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@methods("GET")
def programmes(request):
    found = (
        Programme.objects.visible_to(request.user)
        .select_related("unit", "document")
        .order_by("-year", "title")
    )
    if is_xlsx(request):
        counted = found.annotate(held=Count("inspections"))[:MAX_ROWS]
        return spreadsheets.workbook_response(
            "chuong-trinh-kiem-tra.xlsx",
            str(_("Chương trình kiểm tra")),
            [_("Năm"), _("Tên chương trình"), _("Đơn vị kiểm tra"), _("Văn bản"), _("Số cuộc")],
            (
                [p.year, p.title, p.unit.name, str(p.document or ""), p.held]
                for p in counted.iterator()
            ),
        )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "oversight/programmes.html",
        {"page": page, "can_create": writable_units(request.user).exists()},
    )


@methods("GET", "POST")
def programme_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_programme(
                unit=data["unit"],
                year=data["year"],
                title=data["title"],
                document=data["document"],
                by=request.user,
            )
        except OversightError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã tạo chương trình kiểm tra, giám sát."))
            return redirect("oversight:programme", created.pk)
    return render(request, "oversight/programme_form.html", {"form": form})


@methods("GET")
def programme(request, inspection_programme):
    found = get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("unit", "document"),
        pk=inspection_programme,
    )
    rows = list(
        Inspection.objects.visible_to(request.user)
        .filter(programme=found)
        .select_related("unit")
        .order_by("starts_on", "pk")
    )
    _with_targets(rows)
    editable = Programme.objects.editable_by(request.user).filter(pk=found.pk).exists()
    return render(
        request,
        "oversight/programme.html",
        {
            "programme": found,
            "rows": rows,
            "can_add": editable,
        },
    )
