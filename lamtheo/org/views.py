import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.audit.selectors import history_of
from lamtheo.files.models import writable_units
from lamtheo.vn.text import fold
from lamtheo.web import methods

from . import selectors, services
from .domain import OrgError
from .forms import AsOfForm, GrantRoleForm
from .models import Membership, OrgUnit

UNIT_RECORDS = ["org.orgunit", "org.edge", "org.lineage"]


def _as_of(request) -> tuple[AsOfForm, object]:
    form = AsOfForm(request.GET or None)
    if request.GET and not form.is_valid():
        messages.error(request, _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."))
    return form, form.as_of()


@methods("GET")
def index(request):
    """Where the user's roles are, and a search over every unit they may see."""
    form, as_of = _as_of(request)
    visible = OrgUnit.objects.visible_to(request.user)
    roots = visible.filter(
        pk__in=Membership.objects.active().filter(user=request.user).values("unit")
    )
    if request.user.is_superuser:
        roots = visible.filter(kind="province").valid_on(as_of)
    results = None
    query = form.cleaned_data.get("q") if form.is_valid() else ""
    kind = form.cleaned_data.get("loai") if form.is_valid() else ""
    if query or kind:
        results = visible.valid_on(as_of)
        if query:
            results = results.filter(search_name__contains=fold(query))
        if kind:
            results = results.filter(kind=kind)
        results = results.order_by("name")[:100]
    return render(
        request,
        "org/index.html",
        {
            "form": form,
            "as_of": as_of,
            "roots": roots.order_by("name"),
            "results": results,
        },
    )


@methods("GET")
def unit_detail(request, code):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), code=code)
    form, as_of = _as_of(request)
    can_manage = OrgUnit.objects.editable_by(request.user).filter(pk=unit.pk).exists()
    return render(
        request,
        "org/unit.html",
        {
            "form": form,
            "as_of": as_of,
            "unit": unit,
            "valid_now": unit.is_valid_on(as_of),
            "ancestors": list(selectors.ancestors(unit, as_of=as_of))[::-1],
            "children": selectors.children(unit, as_of=as_of),
            "history": selectors.history(unit),
            "successors": selectors.successors(unit) if unit.valid_to else None,
            "can_manage": can_manage,
            "files": unit.attachments.select_related("uploaded_by").order_by("-uploaded_at")[:100],
            "can_upload": writable_units(request.user).filter(pk=unit.pk).exists(),
            "upload_key": uuid.uuid4().hex,
            # Who holds which role is for the unit's admins; the rest is for whoever sees it.
            "changes": history_of(
                unit.pk, UNIT_RECORDS + (["org.membership"] if can_manage else [])
            ),
        },
    )


@methods("GET", "POST")
def members(request, code):
    """The roles held in a unit; its admins grant and end them."""
    unit = get_object_or_404(OrgUnit.objects.editable_by(request.user), code=code)
    form = GrantRoleForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_role(
                user=form.cleaned_data["username"],
                unit=unit,
                role=form.cleaned_data["role"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
            )
        except OrgError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã giao vai trò."))
            return redirect("org:members", code=unit.code)
    roles = unit.memberships.select_related("user").order_by("-valid_from", "user__username")
    return render(
        request,
        "org/members.html",
        {
            "unit": unit,
            "form": form,
            "roles": roles,
            "today": timezone.localdate(),
        },
    )


@methods("POST")
def end_member(request, code, pk):
    unit = get_object_or_404(OrgUnit.objects.editable_by(request.user), code=code)
    membership = get_object_or_404(unit.memberships, pk=pk)
    try:
        services.end_role(membership=membership, on=timezone.localdate())
    except OrgError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã kết thúc vai trò."))
    return redirect("org:members", code=unit.code)
