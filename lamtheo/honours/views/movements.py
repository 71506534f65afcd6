"""Pages of emulation movements: the list, launching one, a movement with its participating
units, criteria, results and the cases that answer it."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.org.models import OrgUnit
from lamtheo.web import methods

from .. import services
from ..domain import HonoursError
from ..forms import MovementForm, show
from ..models import Case, Movement
from .common import year_of


@methods("GET")
def movements(request):
    found = Movement.objects.visible_to(request.user).select_related("unit", "document")
    year = year_of(request, "nam")
    if year:
        found = found.filter(starts_on__year__lte=year).exclude(ends_on__year__lt=year)
    found = found.annotate(case_count=Count("cases")).order_by("-starts_on", "name")[:200]
    return render(
        request,
        "honours/movements.html",
        {
            "movements": found,
            "year": year,
            "can_launch": writable_units(request.user).exists(),
        },
    )


def _save(request, form, movement=None):
    data = form.cleaned_data
    try:
        return services.save_movement(
            unit=data["unit"] if movement is None else movement.unit,
            name=data["name"],
            document=data["document"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            criteria=data["criteria"],
            results=data["results"],
            units=list(data["units"]),
            movement=movement,
            version=data["version"],
            by=request.user,
        )
    except HonoursError as error:
        show(form, error)
        return None


@methods("GET", "POST")
def movement_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    form = MovementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        movement = _save(request, form)
        if movement is not None:
            messages.success(request, _("Đã lưu phong trào thi đua."))
            return redirect("honours:movement", movement.pk)
    return render(request, "honours/movement_form.html", {"form": form, "movement": None})


@methods("GET", "POST")
def movement_edit(request, movement):
    movement = get_object_or_404(Movement.objects.editable_by(request.user), pk=movement)
    initial = {
        "unit": movement.unit,
        "name": movement.name,
        "document": movement.document.symbol if movement.document else "",
        "starts_on": movement.starts_on,
        "ends_on": movement.ends_on,
        "criteria": movement.criteria,
        "results": movement.results,
        "units": list(movement.units.all()),
        "version": movement.version,
    }
    form = MovementForm(request.POST or None, user=request.user, initial=initial)
    form.fields["unit"].queryset = OrgUnit.objects.filter(pk=movement.unit_id)
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid() and _save(request, form, movement):
        messages.success(request, _("Đã lưu phong trào thi đua."))
        return redirect("honours:movement", movement.pk)
    return render(request, "honours/movement_form.html", {"form": form, "movement": movement})


@methods("GET")
def movement_detail(request, movement):
    movement = get_object_or_404(
        Movement.objects.visible_to(request.user).select_related("unit", "document"), pk=movement
    )
    cases = (
        Case.objects.visible_to(request.user)
        .filter(movement=movement)
        .select_related("unit", "field")
        .order_by("-year", "name")[:200]
    )
    return render(
        request,
        "honours/movement.html",
        {
            "movement": movement,
            "units": movement.units.order_by("name"),
            "cases": cases,
            "can_edit": Movement.objects.editable_by(request.user).filter(pk=movement.pk).exists(),
        },
    )
