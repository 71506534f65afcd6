"""Pages of evaluation rounds: the rounds the user's units opened (and the sheets their own
units must fill), opening one, a round with its progress, sheets, scale and the published
result, and its ranking with the distribution of grades."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.org.models import Membership
from lamtheo.plans import spreadsheets
from lamtheo.plans.models import WRITERS
from lamtheo.web import methods

from .. import selectors, services
from ..chart import grades_svg
from ..domain import OversightError
from ..evaluation_forms import RoundEditForm, RoundForm, round_initial, show
from ..models import Evaluation, EvaluationStatus, Grade, Round, RoundState
from .evaluation_common import (
    GRADE_LABELS,
    STATUS_LABELS,
    breach_words,
    fail,
    number,
    number_in,
    page_of,
    percent,
    quota_words,
    scale_words,
    shown,
    version_of,
)

SHEETS_PAGE = 100
OWN_SHEETS = 20
# A service's field as the round forms call it.
FIELDS = {"quotas": "quota", "kind": "unit_kind"}


def _own_sheets(user) -> list:
    """Sheets the units where the user writes must fill, those still open first."""
    if user.is_superuser:
        return []
    units = Membership.objects.active().filter(user=user, role__in=WRITERS).values("unit_id")
    found = (
        Evaluation.objects.visible_to(user)
        .filter(unit_id__in=units, round__state=RoundState.OPEN)
        .exclude(status=EvaluationStatus.ACCEPTED)
        .select_related("round", "unit")
        .order_by("round__self_deadline", "pk")[:OWN_SHEETS]
    )
    return list(found)


@methods("GET")
def rounds(request):
    user = request.user
    found = (
        Round.objects.visible_to(user)
        .select_related("unit", "criteria_set")
        .order_by("-created_at", "-pk")
    )
    if request.GET.get("dinh-dang") == "xlsx":
        return _rounds_xlsx(_with_progress(list(found[:MAX_ROUNDS])))
    page = page_of(request, found)
    rows = _with_progress(list(page.object_list))
    return render(
        request,
        "oversight/rounds.html",
        {
            "page": page,
            "rows": rows,
            "own": _own_sheets(user),
            "can_open": writable_units(user).exists(),
            "today": timezone.localdate(),
        },
    )


MAX_ROUNDS = 5000  # rows of the download


def _with_progress(rows: list) -> list:
    """Each round with its sheets counted by status: one grouped query for all of them."""
    counts: dict[int, dict] = {r.pk: {} for r in rows}
    grouped = (
        Evaluation.objects.filter(round_id__in=counts)
        .values("round_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for line in grouped:
        counts[line["round_id"]][line["status"]] = line["n"]
    for row in rows:
        by_status = counts[row.pk]
        row.total = sum(by_status.values())
        row.by_status = by_status
        row.progress = [
            (STATUS_LABELS[s], s, by_status[s]) for s in EvaluationStatus.values if by_status.get(s)
        ]
    return rows


def _rounds_xlsx(rows: list):
    statuses = list(EvaluationStatus.values)
    headers = [
        _("Tên đợt đánh giá"),
        _("Đơn vị đánh giá"),
        _("Kỳ"),
        _("Bộ tiêu chí"),
        _("Hạn tự chấm"),
        _("Hạn thẩm định"),
        _("Tình trạng"),
        _("Số phiếu"),
        *[str(STATUS_LABELS[s]) for s in statuses],
    ]
    lines = [
        [
            r.title,
            r.unit.name,
            r.period,
            str(r.criteria_set),
            r.self_deadline,
            r.review_deadline,
            r.get_state_display(),
            r.total,
            *[r.by_status.get(s, 0) for s in statuses],
        ]
        for r in rows
    ]
    return spreadsheets.workbook_response(
        "dot-danh-gia.xlsx", str(_("Đợt đánh giá")), headers, lines
    )


@methods("GET", "POST")
def round_create(request):
    user = request.user
    if not writable_units(user).exists():
        raise Http404
    chosen = number_in(request, "bo")
    initial = {"criteria_set": chosen} if chosen else {}
    form = RoundForm(request.POST or None, user=user, chosen=chosen, initial=initial)
    if request.method == "POST" and form.is_valid():
        units = form.chosen_units()
        if units is not None:
            data = form.cleaned_data
            try:
                opened = services.open_round(
                    unit=data["unit"],
                    criteria_set=data["criteria_set"],
                    title=data["title"],
                    period=data["period"],
                    as_of=data.get("as_of") or None,
                    self_deadline=data["self_deadline"],
                    review_deadline=data["review_deadline"],
                    units=units,
                    scale=form.scale(),
                    quotas=form.quotas(),
                    by=user,
                )
            except OversightError as error:
                show(form, error, FIELDS)
            else:
                messages.success(
                    request,
                    _("Đã mở đợt đánh giá cho %(n)s đơn vị.") % {"n": len(units)},
                )
                return redirect("oversight:round", opened.pk)
    return render(request, "oversight/round_form.html", {"form": form})


def _update(request, found: Round):
    form = RoundEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_round(
                round_=found,
                by=request.user,
                version=data["version"],
                title=data["title"],
                self_deadline=data["self_deadline"],
                review_deadline=data["review_deadline"],
                scale=form.scale(),
                quotas=form.quotas(),
            )
        except OversightError as error:
            show(form, error, FIELDS)
        else:
            messages.success(request, _("Đã lưu đợt đánh giá; xếp loại đã được tính lại."))
            return None
    return form


def _close(request, found: Round) -> None:
    try:
        services.close_round(round_=found, by=request.user, version=version_of(request))
    except OversightError as error:
        fail(request, error)
    else:
        messages.success(request, _("Đã công bố kết quả đợt đánh giá."))


@methods("GET", "POST")
def round_detail(request, evaluation_round):
    user = request.user
    found = get_object_or_404(
        Round.objects.visible_to(user).select_related("unit", "criteria_set", "created_by"),
        pk=evaluation_round,
    )
    editable = Round.objects.editable_by(user).filter(pk=found.pk).exists()
    form = None
    if request.method == "POST":
        if not editable:
            raise Http404
        action = request.POST.get("action")
        if action == "close":
            _close(request, found)
            return redirect("oversight:round", found.pk)
        if action != "update":
            raise Http404
        if found.state != RoundState.OPEN:
            messages.error(request, _("Đợt đánh giá đã công bố kết quả, không sửa được."))
            return redirect("oversight:round", found.pk)
        form = _update(request, found)
        if form is None:
            return redirect("oversight:round", found.pk)
    if editable and form is None and found.state == RoundState.OPEN:
        form = RoundEditForm(initial=round_initial(found))
    counts = selectors.progress(found)
    sheets = page_of(
        request, found.evaluations.select_related("unit").order_by("unit__name", "pk"), SHEETS_PAGE
    )
    for sheet in sheets.object_list:
        sheet.self_shown, sheet.review_shown = shown(sheet.self_total), shown(sheet.review_total)
    return render(
        request,
        "oversight/round.html",
        {
            "round": found,
            "progress": [(STATUS_LABELS[s], s, counts[s]) for s in EvaluationStatus.values],
            "total": sum(counts.values()),
            "waiting": counts[EvaluationStatus.SUBMITTED],
            "sheets": sheets,
            "page": sheets,
            "scale": scale_words(found.scale),
            "quotas": quota_words(found.quotas),
            "grades": GRADE_LABELS,
            "form": form,
            "can_edit": editable,
            "is_open": found.state == RoundState.OPEN,
        },
    )


@methods("GET")
def ranking(request, evaluation_round):
    found = get_object_or_404(
        Round.objects.visible_to(request.user).select_related("unit", "criteria_set"),
        pk=evaluation_round,
    )
    result = selectors.ranking(found)
    for row in result.rows:
        row.self_shown = shown(row.evaluation.self_total)
        row.total_shown = shown(row.total)
        row.provisional = row.evaluation.status != EvaluationStatus.ACCEPTED
    graded = sum(result.distribution.values())
    counts = {grade: result.distribution.get(grade, 0) for grade in Grade.values}
    distribution = [
        (grade, GRADE_LABELS[grade], n, percent(n, graded)) for grade, n in counts.items()
    ]
    figures = [
        (grade, label, count, f"{count} ({number(share)}%)" if share is not None else str(count))
        for grade, label, count, share in distribution
    ]
    return render(
        request,
        "oversight/ranking.html",
        {
            "round": found,
            "ranking": result,
            "rows": result.rows,
            "distribution": distribution,
            "graded": graded,
            "chart": grades_svg(figures, title=_("Phân bố xếp loại")) if graded else "",
            "breaches": breach_words(result.breaches, found.quotas),
            "grades": GRADE_LABELS,
            "is_open": found.state == RoundState.OPEN,
        },
    )
