"""Pages of criteria sets: the list (newest version of each first, the older ones under it),
a set with its tree, building one from an outline typed or uploaded, and revising it (a version
in use is kept: the change becomes the next version)."""

from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.documents.models import Document
from lamtheo.web import methods

from .. import services
from ..domain import OversightError
from ..evaluation_forms import CriteriaSetForm, criteria_initial, latest_sets
from ..models import CriteriaSet, Round
from .evaluation_common import number_in, page_of, shown

DEPTHS = 4  # deeper rows are indented as the fourth level


@methods("GET")
def criteria_sets(request):
    user = request.user
    latest = (
        latest_sets(user)
        .select_related("unit")
        .annotate(
            criteria_count=Count("criteria", filter=Q(criteria__is_group=False)),
            points=Sum("criteria__max_points", filter=Q(criteria__parent__isnull=True)),
        )
        .order_by("name", "unit__name", "code")
    )
    page = page_of(request, latest)
    rows = list(page.object_list)
    older: dict[tuple, list] = {}
    if rows:
        pairs = Q()
        for row in rows:
            pairs |= Q(unit_id=row.unit_id, code=row.code, number__lt=row.number)
        for version in CriteriaSet.objects.visible_to(user).filter(pairs).order_by("-number"):
            older.setdefault((version.unit_id, version.code), []).append(version)
    for row in rows:
        row.points = shown(row.points or Decimal(0))
        row.older = older.get((row.unit_id, row.code), [])
    return render(
        request,
        "oversight/criteria_sets.html",
        {"page": page, "rows": rows, "can_create": writable_units(user).exists()},
    )


def _latest(criteria_set: CriteriaSet) -> CriteriaSet:
    return (
        CriteriaSet.objects.filter(unit_id=criteria_set.unit_id, code=criteria_set.code)
        .order_by("-number")
        .first()
    )


@methods("GET")
def criteria_set(request, criteria_set):
    user = request.user
    found = get_object_or_404(
        CriteriaSet.objects.visible_to(user).select_related("unit", "created_by"),
        pk=criteria_set,
    )
    rows = list(found.criteria.prefetch_related("sources").order_by("position"))
    sources = list(found.sources.order_by("issued_on", "pk"))
    cited = {d.pk for d in sources} | {d.pk for r in rows for d in r.sources.all()}
    readable = set(
        Document.objects.visible_to(user).filter(pk__in=cited).values_list("pk", flat=True)
    )
    for row in rows:
        row.depth = min(row.code.count("."), DEPTHS)
        row.points = shown(row.max_points)
        row.documents = [(d, d.pk in readable) for d in row.sources.all()]
    total = sum((r.max_points for r in rows if r.parent_id is None), Decimal(0))
    versions = (
        CriteriaSet.objects.visible_to(user)
        .filter(unit_id=found.unit_id, code=found.code)
        .order_by("-number")
    )
    rounds = (
        Round.objects.visible_to(user)
        .filter(criteria_set=found)
        .select_related("unit")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "oversight/criteria_set.html",
        {
            "criteria_set": found,
            "rows": rows,
            "total": shown(total),
            "leaves": sum(1 for r in rows if not r.is_group),
            "sources": [(d, d.pk in readable) for d in sources],
            "versions": versions,
            "rounds": rounds,
            "latest": _latest(found),
            "can_edit": CriteriaSet.objects.editable_by(user).filter(pk=found.pk).exists(),
            "can_open": writable_units(user).exists(),
        },
    )


@methods("GET", "POST")
def criteria_set_create(request):
    user = request.user
    if not writable_units(user).exists():
        raise Http404
    initial = {}
    start = number_in(request, "tu")  # a new set from one the user sees
    if start:
        model = get_object_or_404(CriteriaSet.objects.visible_to(user), pk=start)
        initial = criteria_initial(model, services.nodes_of(model), user)
        del initial["version"]
    form = CriteriaSetForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.create_criteria_set(
                unit=data["unit"],
                code=data["code"],
                name=data["name"],
                criteria=form.nodes,
                sources=data["sources"],
                by=user,
            )
        except OversightError as error:
            form.refused(error)
        else:
            messages.success(
                request,
                _("Đã lưu bộ tiêu chí với %(n)s tiêu chí.")
                % {"n": sum(1 for n in form.nodes if not n.is_group)},
            )
            return redirect("oversight:criteria_set", made.pk)
    return render(request, "oversight/criteria_form.html", {"form": form, "criteria_set": None})


@methods("GET", "POST")
def criteria_set_edit(request, criteria_set):
    user = request.user
    found = get_object_or_404(
        CriteriaSet.objects.editable_by(user).select_related("unit"), pk=criteria_set
    )
    latest = _latest(found)
    if latest.pk != found.pk:  # only the newest version is revised
        messages.info(
            request,
            _("Đây là phiên bản cũ; hãy sửa phiên bản mới nhất (v%(number)s).")
            % {"number": latest.number},
        )
        return redirect("oversight:criteria_set_edit", latest.pk)
    initial = {} if request.method == "POST" else criteria_initial(
        found, services.nodes_of(found), user
    )  # fmt: skip
    form = CriteriaSetForm(
        request.POST or None, request.FILES or None, user=user, criteria_set=found, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.revise_criteria_set(
                criteria_set=found,
                name=data["name"],
                criteria=form.nodes,
                sources=data["sources"],
                by=user,
                version=data["version"],
            )
        except OversightError as error:
            form.refused(error)
        else:
            if saved.pk != found.pk:
                messages.success(
                    request,
                    _(
                        "Bộ tiêu chí v%(old)s đang được dùng nên được giữ nguyên; thay đổi đã "
                        "lưu thành phiên bản mới v%(new)s."
                    )
                    % {"old": found.number, "new": saved.number},
                )
            else:
                messages.success(request, _("Đã lưu bộ tiêu chí."))
            return redirect("oversight:criteria_set", saved.pk)
    return render(request, "oversight/criteria_form.html", {"form": form, "criteria_set": found})
