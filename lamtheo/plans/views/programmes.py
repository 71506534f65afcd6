"""Pages of programmes and plans: the overview, a programme's tree, its tasks."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lamtheo.files.models import Attachment
from lamtheo.org.models import OrgUnit
from lamtheo.web import methods, translated

from .. import domain, selectors, services, spreadsheets
from ..domain import PlansError
from ..forms import (
    CascadeForm,
    FocusForm,
    ProgrammeForm,
    ProgressForm,
    TaskForm,
    show,
    writable_units,
)
from ..models import (
    Programme,
    Task,
)
from .common import STATE_LABELS, _error, _home_unit, _xlsx


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
            # Three forms on one page, some of the same field names: ids of their own, so that
            # each label names its own field.
            "focus_form": FocusForm(auto_id="focus_%s"),
            "task_form": TaskForm(programme=programme, auto_id="task_%s") if can_edit else None,
            "cascade_form": (
                CascadeForm(programme=programme, auto_id="cascade_%s") if can_edit else None
            ),
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
