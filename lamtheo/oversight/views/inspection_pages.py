"""Pages of one inspection: recording and changing it, its page (header, findings by section,
recommendations with their follow-up), its findings form and its conclusion form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.documents.models import Document
from lamtheo.plans.models import Programme as PlanProgramme
from lamtheo.web import methods

from .. import services
from ..domain import OversightError
from ..forms import (
    ROLE_LABELS,
    ConclusionForm,
    FindingsForm,
    InspectionForm,
    conclusion_initial,
    inspection_initial,
    show,
)
from ..models import Finding, Inspection, Programme, Recommendation, Section
from .inspection_common import inspecting_unit, mark, may_edit

SECTIONS = Section.choices


def _findings(inspection, user) -> tuple[list, list]:
    """The findings the user may read: the general ones by section, and each unit's by
    section, in the order of the inspected units."""
    found = list(
        Finding.objects.visible_to(user).filter(inspection=inspection).select_related("unit")
    )
    general = [(label, [f for f in found if f.unit_id is None and f.section == key])
               for key, label in SECTIONS]  # fmt: skip
    units = {f.unit_id: f.unit for f in found if f.unit_id is not None}
    order = list(inspection.targets.values_list("unit_id", flat=True))
    per_unit = []
    for pk in sorted(units, key=lambda pk: order.index(pk) if pk in order else len(order)):
        sections = [(label, [f for f in found if f.unit_id == pk and f.section == key])
                    for key, label in SECTIONS]  # fmt: skip
        per_unit.append((units[pk], [s for s in sections if s[1]]))
    return [s for s in general if s[1]], per_unit


@methods("GET")
def inspection(request, inspection):
    user = request.user
    found = get_object_or_404(
        Inspection.objects.visible_to(user).select_related("unit", "programme", "decision"),
        pk=inspection,
    )
    general, per_unit = _findings(found, user)
    recommendations = mark(
        list(
            Recommendation.objects.visible_to(user)
            .filter(inspection=found)
            .select_related("owner")
            .order_by("position", "pk")
        )
    )
    documents = Document.objects.visible_to(user).filter(pk__in=found.documents.values("pk"))
    decision = None
    if (
        found.decision_id
        and Document.objects.visible_to(user).filter(pk=found.decision_id).exists()
    ):
        decision = found.decision
    return render(
        request,
        "oversight/inspection.html",
        {
            "inspection": found,
            "targets": [t.unit for t in found.targets.select_related("unit")],
            "team": [(m, ROLE_LABELS.get(m.get("role"), "")) for m in found.team],
            "documents": documents.order_by("issued_on", "pk"),
            "plans": PlanProgramme.objects.visible_to(user)
            .filter(pk__in=found.plans.values("pk"))
            .select_related("unit")
            .order_by("title"),
            "decision": decision,
            "programme": found.programme
            if found.programme_id
            and Programme.objects.visible_to(user).filter(pk=found.programme_id).exists()
            else None,
            "general": general,
            "per_unit": per_unit,
            "recommendations": recommendations,
            "can_edit": may_edit(user, found),
        },
    )


def _form_page(request, form, inspection=None):
    return render(
        request,
        "oversight/inspection_form.html",
        {
            "form": form,
            "inspection": inspection,
            "root": form.root,
            "units": writable_units(request.user) if inspection is None else None,
            "choosing": ("targets", "codes", "rule", "unit_kind"),
        },
    )


@methods("GET", "POST")
def inspection_create(request):
    root = inspecting_unit(request)
    if root is None:
        raise Http404
    if request.method == "POST":  # the unit posted, among those the user writes for
        posted = request.POST.get("unit", "")
        if posted.isdigit():
            root = get_object_or_404(writable_units(request.user), pk=int(posted))
    initial = {}
    chosen = request.GET.get("chuong-trinh", "")
    if chosen.isdigit():
        initial["programme"] = int(chosen)
    form = InspectionForm(request.POST or None, user=request.user, root=root, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_inspection(
                unit=form.cleaned_data["unit"], by=request.user, **form.writes()
            )
        except OversightError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã ghi nhận cuộc kiểm tra, giám sát."))
            return redirect("oversight:inspection", created.pk)
    return _form_page(request, form)


@methods("GET", "POST")
def inspection_edit(request, inspection):
    found = get_object_or_404(
        Inspection.objects.editable_by(request.user).select_related("unit", "decision"),
        pk=inspection,
    )
    form = InspectionForm(
        request.POST or None,
        user=request.user,
        root=found.unit,
        inspection=found,
        initial=inspection_initial(found),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_inspection(
                inspection=found,
                by=request.user,
                version=form.cleaned_data["version"],
                **form.writes(),
            )
        except OversightError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu cuộc kiểm tra, giám sát."))
            return redirect("oversight:inspection", found.pk)
    return _form_page(request, form, found)


@methods("GET", "POST")
def findings(request, inspection):
    found = get_object_or_404(
        Inspection.objects.editable_by(request.user).select_related("unit"), pk=inspection
    )
    units = [t.unit for t in found.targets.select_related("unit")]
    form = FindingsForm(
        request.POST or None,
        units=units,
        findings=found.findings.order_by("section", "position", "pk"),
        initial={"version": found.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_findings(
                inspection=found,
                findings=form.cleaned_data["specs"],
                by=request.user,
                version=form.cleaned_data["version"],
            )
        except OversightError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu kết quả kiểm tra."))
            return redirect("oversight:inspection", found.pk)
    return render(
        request,
        "oversight/findings_form.html",
        {"inspection": found, "form": form, "parts": form.parts()},
    )


@methods("GET", "POST")
def conclusion(request, inspection):
    found = get_object_or_404(
        Inspection.objects.editable_by(request.user).select_related("unit"), pk=inspection
    )
    form = ConclusionForm(request.POST or None, initial=conclusion_initial(found))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.conclude(
                inspection=found,
                by=request.user,
                version=data["version"],
                number=data["number"],
                signed_on=data["signed_on"],
                place=data["place"],
                signer=data["signer"],
                signer_title=data["signer_title"],
                authority=data["authority"],
                issuer=data["issuer"],
                superior=data["superior"],
                recipients=data["recipients"],
            )
        except OversightError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu thông báo kết luận; cuộc kiểm tra đã kết luận."))
            return redirect("oversight:inspection", found.pk)
    return render(request, "oversight/conclusion_form.html", {"inspection": found, "form": form})
