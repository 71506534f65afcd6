"""Pages of the plans area: programmes with their tasks, cascades and their board, a unit's
inbox, themes, targets with their status, commitments; every table exports to Excel.

Records are fetched through `visible_to` (reading) or `editable_by` (writing): anything else
is 404. Writes go through the services, whose messages are shown on the field they name.
"""

import uuid
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.files.models import Attachment
from lamtheo.org import selectors as org
from lamtheo.org.models import Membership, OrgUnit
from lamtheo.web import methods, translated

from . import chart, domain, selectors, services, spreadsheets
from .domain import PlansError
from .forms import (
    AssessForm,
    CascadeForm,
    CommitmentForm,
    CompleteForm,
    FocusForm,
    ImportForm,
    IndicatorForm,
    ProgrammeForm,
    ProgressForm,
    ReviewForm,
    TargetForm,
    TaskForm,
    ThemeForm,
    show,
    writable_units,
)
from .models import (
    Cascade,
    CascadeItem,
    Commitment,
    Indicator,
    Programme,
    Target,
    Task,
    Theme,
)

STATE_LABELS = {
    domain.TaskStatus.NOT_STARTED: gettext_lazy("Chưa bắt đầu"),
    domain.TaskStatus.IN_PROGRESS: gettext_lazy("Đang thực hiện"),
    domain.TaskStatus.DONE: gettext_lazy("Hoàn thành"),
    domain.TaskStatus.OVERDUE: gettext_lazy("Quá hạn"),
}


def _xlsx(request) -> bool:
    return request.GET.get("dinh-dang") == "xlsx"


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _error(request, error: PlansError) -> None:
    messages.error(request, translated(error))


def _home_unit(request) -> OrgUnit | None:
    """The unit a page is about: ?don-vi=<code> among the units the user sees, else the unit
    of the user's first role (the highest), else None."""
    code = request.GET.get("don-vi", "").strip()[:40]
    units = OrgUnit.objects.visible_to(request.user)
    if code:
        return get_object_or_404(units, code=code)
    membership = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("unit")
        .order_by("unit__kind", "pk")
        .first()
    )
    if membership is not None:
        return membership.unit
    return units.valid_on(timezone.localdate()).order_by("kind", "name").first()


def _year(request) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


# --- Overview and programmes ------------------------------------------------------------------


@methods("GET")
def index(request):
    programmes = list(
        Programme.objects.visible_to(request.user)
        .select_related("unit", "document", "implements")
        .order_by("-created_at")[:100]
    )
    progress = selectors.programme_progress([p.pk for p in programmes])
    for programme in programmes:
        done, total = progress.get(programme.pk, (0, 0))
        programme.done, programme.total = done, total
        programme.share = domain.share(done, total)
    if _xlsx(request):
        return spreadsheets.workbook_response(
            "chuong-trinh-ke-hoach.xlsx",
            _("Chương trình, kế hoạch"),
            [_("Đơn vị"), _("Loại"), _("Tên"), _("Kỳ"), _("Văn bản"), _("Nhiệm vụ"), _("Xong")],
            [
                [
                    p.unit.name,
                    p.get_kind_display(),
                    p.title,
                    p.period,
                    p.document.symbol if p.document else "",
                    p.total,
                    p.done,
                ]
                for p in programmes
            ],
        )
    return render(
        request,
        "plans/index.html",
        {
            "programmes": programmes,
            "can_create": writable_units(request.user).exists(),
            "unit": _home_unit(request),
        },
    )


def _programme(request, pk, *, edit=False) -> Programme:
    programmes = (
        Programme.objects.editable_by(request.user)
        if edit
        else Programme.objects.visible_to(request.user)
    )
    return get_object_or_404(
        programmes.select_related("unit", "document", "implements", "parent"), pk=pk
    )


def _save_programme(request, form, programme=None):
    data = form.cleaned_data
    try:
        return services.save_programme(
            unit=programme.unit if programme else data["unit"],
            title=data["title"],
            kind=data["kind"],
            period=data["period"],
            document=data["document"],
            implements=data["implements"],
            by=request.user,
            programme=programme,
            version=int(request.POST.get("version", "0") or 0) if programme else None,
        )
    except PlansError as error:
        show(form, error)
        return None


@methods("GET", "POST")
def programme_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        programme = _save_programme(request, form)
        if programme is not None:
            messages.success(request, _("Đã lưu chương trình, kế hoạch."))
            return redirect("plans:programme", programme.pk)
    return render(request, "plans/programme_form.html", {"form": form, "programme": None})


@methods("GET", "POST")
def programme_edit(request, programme):
    programme = _programme(request, programme, edit=True)
    initial = {
        "unit": programme.unit,
        "kind": programme.kind,
        "title": programme.title,
        "period": programme.period,
        "document": programme.document.symbol if programme.document else "",
        "implements": programme.implements.symbol if programme.implements else "",
    }
    form = ProgrammeForm(
        request.POST or None, user=request.user, programme=programme, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_programme(request, form, programme)
        if saved is not None:
            messages.success(request, _("Đã lưu chương trình, kế hoạch."))
            return redirect("plans:programme", saved.pk)
    return render(request, "plans/programme_form.html", {"form": form, "programme": programme})


@methods("GET")
def programme_detail(request, programme):
    programme = _programme(request, programme)
    branches, whole = selectors.programme_tree(programme, user=request.user)
    if _xlsx(request):
        rows = []
        for branch in branches:
            for task in branch.tasks:
                rows.append(
                    [
                        branch.focus.title if branch.focus else "",
                        task.title,
                        task.unit.name,
                        ", ".join(p.name for p in task.partners.all()),
                        task.deadline,
                        str(STATE_LABELS[task.today]),
                        task.percent,
                    ]
                )
        return spreadsheets.workbook_response(
            f"ke-hoach-{programme.pk}.xlsx",
            programme.title[:31],
            [
                _("Chương trình trọng tâm"),
                _("Nhiệm vụ"),
                _("Đơn vị chủ trì"),
                _("Đơn vị phối hợp"),
                _("Thời hạn"),
                _("Trạng thái"),
                _("Tiến độ (%)"),
            ],
            rows,
        )
    can_edit = Programme.objects.editable_by(request.user).filter(pk=programme.pk).exists()
    cascades = list(programme.cascades.order_by("deadline", "pk"))
    counts = selectors.board_counts([c.pk for c in cascades])
    for cascade in cascades:
        cascade.counts = counts.get(cascade.pk, {"all": 0, "done": 0, "overdue": 0})
        cascade.share = domain.share(cascade.counts["done"], cascade.counts["all"])
    return render(
        request,
        "plans/programme.html",
        {
            "programme": programme,
            "branches": branches,
            "whole": whole,
            "labels": STATE_LABELS,
            "cascades": cascades,
            "can_edit": can_edit,
            "focus_form": FocusForm(),
            "task_form": TaskForm(programme=programme) if can_edit else None,
            "cascade_form": CascadeForm(programme=programme) if can_edit else None,
            "children": programme.children.visible_to(request.user).select_related("unit"),
        },
    )


@methods("POST")
def focus_add(request, programme):
    programme = _programme(request, programme, edit=True)
    form = FocusForm(request.POST)
    if form.is_valid():
        try:
            services.add_focus(programme=programme, title=form.cleaned_data["title"])
            messages.success(request, _("Đã thêm chương trình trọng tâm."))
        except PlansError as error:
            _error(request, error)
    else:
        messages.error(request, _("Hãy nhập tên chương trình trọng tâm."))
    return redirect("plans:programme", programme.pk)


def _form_errors(request, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@methods("POST")
def task_add(request, programme):
    programme = _programme(request, programme, edit=True)
    form = TaskForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(reverse("plans:programme", args=[programme.pk]) + "#giao-viec")
    data = form.cleaned_data
    try:
        units, _how = form.chosen()
        focus = programme.focuses.filter(pk=data["focus"]).first() if data["focus"] else None
        partners = list(OrgUnit.objects.filter(pk__in=data["partners"]))
        tasks = services.assign_task(
            programme=programme,
            title=data["title"],
            units=units,
            focus=focus,
            description=data["description"],
            deadline=data["deadline"],
            partners=partners,
            by=request.user,
            as_of=data.get("as_of"),
        )
    except PlansError as error:
        _error(request, error)
        return redirect(reverse("plans:programme", args=[programme.pk]) + "#giao-viec")
    messages.success(request, _("Đã giao nhiệm vụ cho %(n)s đơn vị.") % {"n": len(tasks)})
    return redirect("plans:programme", programme.pk)


@methods("POST")
def cascade_add(request, programme):
    programme = _programme(request, programme, edit=True)
    form = CascadeForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(reverse("plans:programme", args=[programme.pk]) + "#yeu-cau")
    data = form.cleaned_data
    try:
        units, how = form.chosen()
        cascade = services.create_cascade(
            programme=programme,
            action=data["action"],
            title=data["title"],
            deadline=data["deadline"],
            units=units,
            chosen=how,
            by=request.user,
            as_of=data.get("as_of"),
        )
    except PlansError as error:
        _error(request, error)
        return redirect(reverse("plans:programme", args=[programme.pk]) + "#yeu-cau")
    messages.success(request, _("Đã gửi yêu cầu tới %(n)s đơn vị.") % {"n": cascade.items.count()})
    return redirect("plans:cascade", cascade.pk)


# --- Tasks ------------------------------------------------------------------------------------


@methods("GET", "POST")
def task_detail(request, task):
    task = get_object_or_404(
        Task.objects.visible_to(request.user).select_related("programme", "unit", "focus"),
        pk=task,
    )
    can_edit = Task.objects.editable_by(request.user).filter(pk=task.pk).exists()
    form = ProgressForm(
        request.POST or None,
        initial={"status": task.status, "percent": task.percent, "version": task.version},
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_progress(
                    task=task,
                    text=data["text"],
                    status=data["status"],
                    percent=data["percent"],
                    uploads=request.FILES.getlist("files"),
                    by=request.user,
                    version=data["version"],
                )
            except PlansError as error:
                show(form, error)
            except ValueError as error:  # an upload refused by its content
                form.add_error(None, translated(error) if hasattr(error, "template") else error)
            else:
                messages.success(request, _("Đã ghi nhận tiến độ."))
                return redirect("plans:task", task.pk)
    notes = list(task.notes.select_related("written_by"))
    evidence: dict = {}
    for attachment in Attachment.objects.filter(
        owner_type__app_label="plans",
        owner_type__model="progressnote",
        owner_id__in=[str(n.pk) for n in notes],
    ):
        evidence.setdefault(int(attachment.owner_id), []).append(attachment)
    for note in notes:
        note.files = evidence.get(note.pk, [])
    return render(
        request,
        "plans/task.html",
        {
            "task": task,
            "state": task.state(),
            "labels": STATE_LABELS,
            "notes": notes,
            "form": form if can_edit else None,
            "partners": task.partners.all(),
            "upload_key": uuid.uuid4().hex,
        },
    )


# --- Cascades ---------------------------------------------------------------------------------


ITEM_LABELS = {
    domain.ItemState.DONE: gettext_lazy("Đã hoàn thành"),
    domain.ItemState.LATE: gettext_lazy("Hoàn thành muộn"),
    domain.ItemState.PENDING: gettext_lazy("Chưa hoàn thành"),
    domain.ItemState.OVERDUE: gettext_lazy("Quá hạn"),
}


def _evidence(item) -> str:
    if item.document_id:
        return item.document.symbol or item.document.title
    if item.theme_id:
        return item.theme.text[:120]
    return item.event


@methods("GET")
def cascade_board(request, cascade):
    cascade = get_object_or_404(
        Cascade.objects.visible_to(request.user).select_related("programme", "unit"), pk=cascade
    )
    result = selectors.board(cascade, user=request.user)
    state = request.GET.get("trang-thai", "")
    items = [i for i in result.items if not state or i.today == state]
    if _xlsx(request):
        return spreadsheets.workbook_response(
            f"yeu-cau-{cascade.pk}.xlsx",
            cascade.title[:31],
            [_("Đơn vị"), _("Trạng thái"), _("Ngày hoàn thành"), _("Minh chứng"), _("Ghi chú")],
            [
                [i.unit.name, str(ITEM_LABELS[i.today]), i.done_on, _evidence(i), i.note]
                for i in items
            ],
        )
    return render(
        request,
        "plans/cascade.html",
        {
            "cascade": cascade,
            "board": result,
            "items": items,
            "labels": ITEM_LABELS,
            "state": state,
            "editable": set(
                CascadeItem.objects.editable_by(request.user)
                .filter(cascade=cascade)
                .values_list("pk", flat=True)
            ),
        },
    )


@methods("GET", "POST")
def item_detail(request, item):
    item = get_object_or_404(
        CascadeItem.objects.visible_to(request.user).select_related(
            "cascade", "cascade__programme", "cascade__unit", "unit", "document", "theme"
        ),
        pk=item,
    )
    can_edit = CascadeItem.objects.editable_by(request.user).filter(pk=item.pk).exists()
    form = CompleteForm(
        request.POST or None, user=request.user, item=item, initial={"version": item.version}
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if request.POST.get("reopen"):
            try:
                services.reopen_item(item=item, version=int(request.POST.get("version") or 0))
                messages.success(request, _("Đã mở lại việc này."))
            except (PlansError, ValueError) as error:
                if isinstance(error, PlansError):
                    _error(request, error)
            return redirect("plans:item", item.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.complete_item(
                    item=item,
                    by=request.user,
                    document=data["document"],
                    theme=data["theme"],
                    event=data["event"],
                    done_on=data["done_on"],
                    note=data["note"],
                    version=data["version"],
                )
            except PlansError as error:
                show(form, error)
            else:
                messages.success(request, _("Đã báo cáo hoàn thành."))
                return redirect("plans:cascade", item.cascade_id)
    return render(
        request,
        "plans/item.html",
        {
            "item": item,
            "state": item.state(),
            "labels": ITEM_LABELS,
            "form": form if can_edit and item.done_on is None else None,
            "can_edit": can_edit,
        },
    )


# --- Inbox ------------------------------------------------------------------------------------


@methods("GET")
def inbox(request):
    unit = _home_unit(request)
    if unit is None:
        raise Http404
    box = selectors.inbox(unit)
    roles = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("unit")
        .order_by("unit__name")
    )
    if _xlsx(request):
        rows = []
        for group, records in ((_("Quá hạn"), box.overdue), (_("Sắp đến hạn"), box.due)):
            for r in records:
                rows.append([str(group), _title(r), r.deadline, ""])
        rows += [[str(_("Đã hoàn thành")), _title(r), r.deadline, r.finished] for r in box.done]
        return spreadsheets.workbook_response(
            "viec-cua-don-vi.xlsx",
            unit.name[:31],
            [_("Nhóm"), _("Việc"), _("Thời hạn"), _("Ngày hoàn thành")],
            rows,
        )
    return render(
        request,
        "plans/inbox.html",
        {"unit": unit, "box": box, "roles": roles, "labels": STATE_LABELS | ITEM_LABELS},
    )


def _title(record) -> str:
    return record.title if isinstance(record, Task) else record.cascade.title


# --- Themes -----------------------------------------------------------------------------------


@methods("GET", "POST")
def themes(request):
    unit = _home_unit(request)
    shown = Theme.objects.visible_to(request.user).select_related("unit", "document", "parent")
    if unit is not None:
        shown = shown.filter(
            Q(unit_id__in=org.subtree_ids(unit)) | Q(unit__in=org.ancestors(unit)) | Q(unit=unit)
        )
    shown = list(shown.order_by("-period_end", "unit__name")[:200])
    form = ThemeForm(request.POST or None, user=request.user)
    can_create = writable_units(request.user).exists()
    if request.method == "POST":
        if not can_create:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_theme(
                    unit=data["unit"],
                    period=data["period"],
                    text=data["text"],
                    parent=data["parent"],
                    document=data["document"],
                    by=request.user,
                )
            except PlansError as error:
                show(form, error)
            else:
                messages.success(request, _("Đã lưu chủ đề."))
                return redirect(reverse("plans:themes") + f"?don-vi={data['unit'].code}")
    if _xlsx(request):
        return spreadsheets.workbook_response(
            "chu-de.xlsx",
            _("Chủ đề"),
            [_("Đơn vị"), _("Kỳ"), _("Chủ đề"), _("Văn bản")],
            [
                [t.unit.name, t.period, t.text, t.document.symbol if t.document else ""]
                for t in shown
            ],
        )
    return render(
        request,
        "plans/themes.html",
        {"themes": shown, "unit": unit, "form": form if can_create else None},
    )


@methods("GET", "POST")
def theme_edit(request, theme):
    theme = get_object_or_404(
        Theme.objects.editable_by(request.user).select_related("unit", "document"), pk=theme
    )
    initial = {
        "unit": theme.unit,
        "period": theme.period,
        "text": theme.text,
        "parent": theme.parent,
        "document": theme.document.symbol if theme.document else "",
    }
    form = ThemeForm(request.POST or None, user=request.user, theme=theme, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_theme(
                unit=theme.unit,
                period=data["period"],
                text=data["text"],
                parent=data["parent"],
                document=data["document"],
                by=request.user,
                theme=theme,
                version=int(request.POST.get("version") or 0),
            )
        except PlansError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu chủ đề."))
            return redirect(reverse("plans:themes") + f"?don-vi={theme.unit.code}")
    return render(request, "plans/theme_form.html", {"form": form, "theme": theme})


# --- Targets ----------------------------------------------------------------------------------


@methods("GET")
def indicators(request):
    found = list(Indicator.objects.visible_to(request.user).select_related("unit")[:500])
    if _xlsx(request):
        return spreadsheets.workbook_response(
            "danh-muc-chi-tieu.xlsx",
            _("Danh mục chỉ tiêu"),
            [_("Mã"), _("Tên"), _("Đơn vị tính"), _("Cách tổng hợp"), _("Chiều đánh giá")],
            [
                [i.code, i.name, i.measure, i.get_aggregation_display(), i.get_direction_display()]
                for i in found
            ],
        )
    can_write = writable_units(request.user).exists()
    editable = set()
    if can_write:
        editable = set(
            Indicator.objects.editable_by(request.user)
            .filter(pk__in=[i.pk for i in found])
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "plans/indicators.html",
        {"indicators": found, "can_import": can_write, "editable": editable},
    )


def _save_indicator(request, form, indicator=None):
    data = form.cleaned_data
    try:
        return services.save_indicator(
            unit=indicator.unit if indicator else data["unit"],
            code=indicator.code if indicator else data["code"],
            name=data["name"],
            measure=data["measure"],
            aggregation=data["aggregation"],
            direction=data["direction"],
            weight=data["weight"],
            by=request.user,
            indicator=indicator,
            version=(data["version"] or 0) if indicator else None,
        )
    except PlansError as error:
        show(form, error)
        return None


@methods("GET", "POST")
def indicator_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    form = IndicatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        indicator = _save_indicator(request, form)
        if indicator is not None:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("plans:indicator", indicator.code)
    return render(request, "plans/indicator_form.html", {"form": form, "indicator": None})


@methods("GET", "POST")
def indicator_edit(request, indicator):
    indicator = get_object_or_404(
        Indicator.objects.editable_by(request.user).select_related("unit", "weight"),
        code=indicator,
    )
    initial = {
        "name": indicator.name,
        "measure": indicator.measure,
        "aggregation": indicator.aggregation,
        "direction": indicator.direction,
        "weight": indicator.weight,
        "version": indicator.version,
    }
    form = IndicatorForm(
        request.POST or None, user=request.user, indicator=indicator, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_indicator(request, form, indicator)
        if saved is not None:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("plans:indicator", saved.code)
    return render(request, "plans/indicator_form.html", {"form": form, "indicator": indicator})


STATUS_LABELS = {
    domain.Status.EXCEEDED: gettext_lazy("Vượt"),
    domain.Status.MET: gettext_lazy("Đạt"),
    domain.Status.MISSED: gettext_lazy("Không đạt"),
    domain.Status.NO_DATA: gettext_lazy("Chưa có số liệu"),
}


def _figure(value) -> str:
    if value is None:
        return "—"
    return number_format(value.normalize() if value == value.to_integral() else value, 2)


def _indicator(request, code) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(request.user).select_related("unit", "weight"), code=code
    )


@methods("GET")
def indicator_detail(request, indicator):
    return _indicator_page(request, _indicator(request, indicator))


def _indicator_page(request, indicator, target_form=None):
    """The indicator's figures and targets for a unit and those under it in a period (the
    query string's), with the form that sets a target: blank, or the one sent back."""
    unit = _home_unit(request) or indicator.unit
    period = request.GET.get("ky", "").strip()[:12] or str(timezone.localdate().year - 1)
    restated = request.GET.get("quy-doi") == "1"
    try:
        span = services.period_of(period)
    except PlansError as error:
        _error(request, error)
        span = services.period_of(str(timezone.localdate().year - 1))
    as_of = timezone.localdate() if restated else date.fromordinal(span.end.toordinal() - 1)
    below = list(org.children(unit, as_of=as_of).visible_to(request.user).order_by("name"))
    rows = selectors.targets_table(indicator, [unit, *below], span.code, restated=restated)
    years = [str(y) for y in range(span.start.year - 5, span.start.year + 1)]
    points = selectors.series(indicator, unit, years, restated=restated)
    if _xlsx(request):
        return spreadsheets.workbook_response(
            f"chi-tieu-{indicator.code}-{span.code}.xlsx",
            indicator.code[:31],
            [_("Đơn vị"), _("Số liệu"), _("Số đơn vị báo cáo"), _("Chỉ tiêu"), _("Đánh giá")],
            [
                [
                    r.unit.name,
                    r.figure.value if r.figure else None,
                    r.figure.reporters if r.figure else 0,
                    _band(r.band),
                    str(STATUS_LABELS[r.status]),
                ]
                for r in rows
            ],
        )
    for row in rows:
        row.shown, row.band_shown = (
            _figure(row.figure.value if row.figure else None),
            _band(row.band),
        )
    writable = writable_units(request.user)
    if target_form is None and writable.exists():
        own = writable.filter(pk=unit.pk).exists()
        target_form = _target_form(request.user, unit if own else None, span, rows[0].target)
    return render(
        request,
        "plans/indicator.html",
        {
            "indicator": indicator,
            "unit": unit,
            "period": span.code,
            "restated": restated,
            "as_of": as_of,
            "rows": rows,
            "labels": STATUS_LABELS,
            "chart": chart.line_svg(
                points, title=f"{indicator.name} – {unit.name}", measure=indicator.measure
            ),
            "points": [(code, _figure(value)) for code, value in points],
            "target_form": target_form,
            "can_edit": Indicator.objects.editable_by(request.user)
            .filter(pk=indicator.pk)
            .exists(),
        },
    )


def _target_form(user, unit, span, target) -> TargetForm:
    """The form for the page's unit and period, showing its target when it has one (and the
    user may change it)."""
    initial = {"unit": unit, "period": span.code, "kind": domain.TargetKind.VALUE}
    if unit is not None and target is not None:
        initial |= {
            "kind": target.kind,
            "value": target.value,
            "value_max": target.value_max,
            "baseline_period": target.baseline_period,
            "target": target.pk,
            "version": target.version,
        }
    return TargetForm(user=user, initial=initial)


@methods("POST")
def target_save(request, indicator):
    """Set a unit's target for a period: a new one, or the one the form showed, as the user
    saw it. Refused, the indicator's page comes back with the form and its errors."""
    indicator = _indicator(request, indicator)
    if not writable_units(request.user).exists():
        raise Http404
    form = TargetForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_of(data["period"]).code
            current = Target.objects.filter(
                indicator=indicator, unit=data["unit"], period=period
            ).first()
            # A target the form did not show is not overwritten: the service says it exists.
            shown = current if current is not None and current.pk == data["target"] else None
            target = services.save_target(
                indicator=indicator,
                unit=data["unit"],
                period=period,
                kind=data["kind"],
                value=data["value"],
                value_max=data["value_max"],
                baseline_period=data["baseline_period"],
                by=request.user,
                target=shown,
                version=(data["version"] or 0) if shown else None,
            )
        except PlansError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu giao."))
            query = urlencode({"don-vi": data["unit"].code, "ky": target.period})
            return redirect(reverse("plans:indicator", args=[indicator.code]) + f"?{query}")
    return _indicator_page(request, indicator, target_form=form)


def _band(band) -> str:
    if not band:
        return ""
    low, high = band
    return _figure(low) if low == high else f"{_figure(low)} – {_figure(high)}"


@methods("GET", "POST")
def measurements_import(request):
    if not writable_units(request.user).exists():
        raise Http404
    if request.GET.get("mau") == "1":
        return spreadsheets.template_workbook("measurements")
    return _import(request, "measurements", spreadsheets.import_measurements)


def _import(request, kind, importer):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importer(form.cleaned_data["file"], user=request.user)
        if not result.errors:
            messages.success(
                request,
                _("Đã nhập %(created)s dòng mới, cập nhật %(updated)s dòng.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(request.path)
    return render(
        request,
        "plans/import.html",
        {
            "form": form,
            "result": result,
            "kind": kind,
            "errors": [translated(e) for e in result.errors] if result else [],
        },
    )


# --- Commitments ------------------------------------------------------------------------------


@methods("GET")
def commitments(request):
    unit = _home_unit(request)
    if unit is None:
        raise Http404
    year = _year(request)
    end = date(year, 12, 31)
    below = list(org.children(unit, as_of=end).visible_to(request.user).order_by("name"))
    counts = selectors.commitment_counts([unit, *below], year)
    own = list(
        Commitment.objects.visible_to(request.user)
        .filter(unit=unit, year=year)
        .select_related("unit")
        .order_by("member")[:500]
    )
    rows = [(u, counts.get(u.pk, selectors.CommitmentCounts())) for u in below]
    if _xlsx(request):
        return spreadsheets.workbook_response(
            f"dang-ky-lam-theo-{year}.xlsx",
            _("Đăng ký làm theo"),
            [
                _("Đơn vị"),
                _("Số bản đăng ký"),
                _("Tự đánh giá 6 tháng"),
                _("Tự đánh giá cuối năm"),
                _("Đã xếp loại"),
                _("Hoàn thành trở lên"),
                _("Tỷ lệ hoàn thành (%)"),
            ],
            [
                [u.name, c.registered, c.midyear, c.yearend, c.rated, c.completing, c.completion]
                for u, c in [(unit, counts.get(unit.pk, selectors.CommitmentCounts())), *rows]
            ],
        )
    return render(
        request,
        "plans/commitments.html",
        {
            "unit": unit,
            "year": year,
            "total": counts.get(unit.pk, selectors.CommitmentCounts()),
            "rows": rows,
            "own": own,
            "can_register": writable_units(request.user).exists(),
        },
    )


@methods("GET", "POST")
def commitment_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    unit = _home_unit(request)
    form = CommitmentForm(
        request.POST or None,
        user=request.user,
        initial={"year": timezone.localdate().year, "unit": unit},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commitment = services.register_commitment(
                unit=data["unit"],
                year=data["year"],
                member=data["member"],
                content=data["content"],
                user=request.user if not data["member"] else None,
                by=request.user,
            )
        except PlansError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu bản đăng ký."))
            return redirect("plans:commitment", commitment.pk)
    return render(request, "plans/commitment_form.html", {"form": form})


@methods("GET", "POST")
def commitment_detail(request, commitment):
    commitment = get_object_or_404(
        Commitment.objects.visible_to(request.user).select_related("unit", "reviewed_by"),
        pk=commitment,
    )
    can_edit = Commitment.objects.editable_by(request.user).filter(pk=commitment.pk).exists()
    can_review = Commitment.objects.reviewable_by(request.user).filter(pk=commitment.pk).exists()
    initial = {
        "midyear": commitment.midyear,
        "yearend": commitment.yearend,
        "self_rating": commitment.self_rating,
        "version": commitment.version,
    }
    assess = AssessForm(
        request.POST if request.POST.get("step") == "assess" else None, initial=initial
    )
    review = ReviewForm(
        request.POST if request.POST.get("step") == "review" else None,
        initial={"rating": commitment.rating, "version": commitment.version},
    )
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "assess" and can_edit and assess.is_valid():
            data = assess.cleaned_data
            try:
                services.assess_commitment(
                    commitment=commitment,
                    midyear=data["midyear"],
                    yearend=data["yearend"],
                    self_rating=data["self_rating"],
                    version=data["version"],
                )
            except PlansError as error:
                show(assess, error)
            else:
                messages.success(request, _("Đã lưu tự đánh giá."))
                return redirect("plans:commitment", commitment.pk)
        elif step == "review" and can_review and review.is_valid():
            data = review.cleaned_data
            try:
                services.review_commitment(
                    commitment=commitment,
                    rating=data["rating"],
                    by=request.user,
                    version=data["version"],
                )
            except PlansError as error:
                show(review, error)
            else:
                messages.success(request, _("Đã xếp loại."))
                return redirect("plans:commitment", commitment.pk)
        elif step not in ("assess", "review") or not (can_edit or can_review):
            raise Http404
    return render(
        request,
        "plans/commitment.html",
        {
            "commitment": commitment,
            "assess": assess if can_edit and not commitment.rating else None,
            "review": review if can_review and commitment.yearend else None,
        },
    )


@methods("GET", "POST")
def commitments_import(request):
    if not writable_units(request.user).exists():
        raise Http404
    if request.GET.get("mau") == "1":
        return spreadsheets.template_workbook("commitments")
    return _import(request, "commitments", spreadsheets.import_commitments)
