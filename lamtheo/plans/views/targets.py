"""Pages of the indicator catalogue, targets with their status, figures and imports."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.org import selectors as org
from lamtheo.web import methods, translated

from .. import chart, domain, selectors, services, spreadsheets
from ..domain import PlansError
from ..forms import (
    ImportForm,
    IndicatorForm,
    TargetForm,
    show,
    writable_units,
)
from ..models import (
    Indicator,
    Target,
)
from .common import _error, _home_unit, _xlsx


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
