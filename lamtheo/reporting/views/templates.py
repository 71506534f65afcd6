"""Pages of report templates: the list, building one, a template with its parts and versions,
revising it (a version in use is kept: the change becomes the next version)."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.web import methods

from .. import figures, services
from ..domain import ReportingError
from ..forms import TemplateForm, show, template_initial
from ..models import Request, SectionKind, Template
from .common import page_of


@methods("GET")
def templates(request):
    found = (
        Template.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(section_count=Count("sections"))
        .order_by("code", "-number", "pk")
    )
    return render(
        request,
        "reporting/templates.html",
        {
            "page": page_of(request, found),
            "can_create": writable_units(request.user).exists(),
        },
    )


@methods("GET", "POST")
def template_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    form = TemplateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services.create_template(
                unit=data["unit"],
                code=data["code"],
                name=data["name"],
                sections=form.sections(),
                by=request.user,
            )
        except ReportingError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu mẫu báo cáo."))
            return redirect("reporting:template", template.pk)
    return render(request, "reporting/template_form.html", {"form": form, "template": None})


def _latest(template: Template) -> Template:
    return (
        Template.objects.filter(unit_id=template.unit_id, code=template.code)
        .order_by("-number")
        .first()
    )


@methods("GET")
def template_detail(request, template):
    template = get_object_or_404(
        Template.objects.visible_to(request.user).select_related("unit", "created_by"),
        pk=template,
    )
    sections = list(template.sections.order_by("position").prefetch_related("indicators"))
    labels = dict(figures.choices())
    for section in sections:
        section.figure_labels = [labels.get(key, key) for key in section.figures]
    versions = (
        Template.objects.visible_to(request.user)
        .filter(unit_id=template.unit_id, code=template.code)
        .order_by("-number")
    )
    used_by = (
        Request.objects.visible_to(request.user)
        .filter(template=template)
        .select_related("unit")
        .order_by("-created_at")[:20]
    )
    editable = Template.objects.editable_by(request.user).filter(pk=template.pk).exists()
    return render(
        request,
        "reporting/template_detail.html",
        {
            "template": template,
            "sections": sections,
            "kinds": SectionKind,
            "versions": versions,
            "used_by": used_by,
            "latest": _latest(template),
            "can_edit": editable,
        },
    )


@methods("GET", "POST")
def template_edit(request, template):
    template = get_object_or_404(
        Template.objects.editable_by(request.user).select_related("unit"), pk=template
    )
    latest = _latest(template)
    if latest.pk != template.pk:  # only the newest version is revised
        messages.info(
            request,
            _("Đây là phiên bản cũ; hãy sửa phiên bản mới nhất (v%(number)s).")
            % {"number": latest.number},
        )
        return redirect("reporting:template_edit", latest.pk)
    form = TemplateForm(
        request.POST or None,
        user=request.user,
        template=template,
        initial=template_initial(template),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.revise_template(
                template=template,
                name=data["name"],
                sections=form.sections(),
                by=request.user,
                version=data["version"],
            )
        except ReportingError as error:
            show(form, error)
        else:
            if saved.pk != template.pk:
                messages.success(
                    request,
                    _(
                        "Mẫu v%(old)s đang được dùng nên được giữ nguyên; thay đổi đã lưu thành "
                        "phiên bản mới v%(new)s."
                    )
                    % {"old": template.number, "new": saved.number},
                )
            else:
                messages.success(request, _("Đã lưu mẫu báo cáo."))
            return redirect("reporting:template", saved.pk)
    return render(request, "reporting/template_form.html", {"form": form, "template": template})
