"""The themes page: a unit's theme, and those above and below it."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lamtheo.org import selectors as org
from lamtheo.web import methods

from .. import services, spreadsheets
from ..domain import PlansError
from ..forms import (
    ThemeForm,
    show,
    writable_units,
)
from ..models import Theme
from .common import _home_unit, _xlsx


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
