"""Pages of report requests: the requests the user's units issued, the forms due, issuing a
request, a request with its completeness as a table and as the tree of the hierarchy."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.org.models import visible_unit_ids
from lamtheo.plans import services as plans
from lamtheo.plans.domain import PlansError
from lamtheo.web import methods

from .. import domain, selectors, services
from ..domain import ReportingError
from ..forms import RequestForm, show
from ..models import Request, Status, Submission, Template
from .common import STATE_CLASSES, STATE_LABELS, STATUS_LABELS, number_in, page_of

DUE_PREVIEW = 5


def _issued(user):
    """Requests the user's own units (and the units below them) issued."""
    found = Request.objects.all()
    if not user.is_superuser:
        found = found.filter(unit_id__in=visible_unit_ids(user))
    return found.select_related("unit", "template").order_by("-created_at", "-pk")


@methods("GET")
def index(request):
    page = page_of(request, _issued(request.user))
    rows = list(page.object_list)
    counts: dict[int, dict] = {r.pk: {} for r in rows}
    grouped = (
        Submission.objects.visible_to(request.user)
        .filter(request_id__in=counts)
        .values("request_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for line in grouped:
        counts[line["request_id"]][line["status"]] = line["n"]
    for row in rows:
        by_status = counts[row.pk]
        row.total = sum(by_status.values())
        row.accepted_count = by_status.get(Status.ACCEPTED, 0)
        row.submitted_count = by_status.get(Status.SUBMITTED, 0)
        row.open_count = row.total - row.accepted_count - row.submitted_count
    open_, _done = selectors.forms_due(request.user, done_limit=0)
    return render(
        request,
        "reporting/index.html",
        {
            "page": page,
            "rows": rows,
            "due": open_[:DUE_PREVIEW],
            "due_total": len(open_),
            "overdue_total": sum(1 for r in open_ if r.overdue),
            "statuses": STATUS_LABELS,
            "can_issue": writable_units(request.user).exists(),
            "today": timezone.localdate(),
        },
    )


@methods("GET")
def due(request):
    open_, done = selectors.forms_due(request.user)
    return render(
        request,
        "reporting/due.html",
        {
            "open": open_,
            "done": done,
            "statuses": STATUS_LABELS,
            "states": STATE_LABELS,
            "classes": STATE_CLASSES,
        },
    )


def _recipients(form):
    """The units the rule names under the issuing unit; a wrong rule on its field."""
    data = form.cleaned_data
    try:
        return plans.choose_units(
            root=data["unit"],
            rule=data["rule"],
            as_of=data.get("as_of") or timezone.localdate(),
            kind=data.get("unit_kind") or "",
        )
    except PlansError as error:
        if error.field == "kind":  # the unit kind, not the report's
            error.field = "unit_kind"
        show(form, error)
        return None


@methods("GET", "POST")
def request_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    initial = {}
    chosen = number_in(request, "mau")
    if chosen:
        initial["template"] = (
            Template.objects.visible_to(request.user).filter(pk=chosen).values_list("pk", flat=True)
        ).first()
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        units = _recipients(form)
        if units is not None:
            data = form.cleaned_data
            try:
                issued = services.issue_request(
                    unit=data["unit"],
                    template=data["template"],
                    title=data["title"],
                    period=data["period"],
                    deadline=data["deadline"],
                    units=units,
                    by=request.user,
                    kind=data["kind"],
                    as_of=data.get("as_of") or None,
                    document=data["document"],
                )
            except ReportingError as error:
                show(form, error)
            else:
                messages.success(
                    request,
                    _("Đã gửi yêu cầu báo cáo đến %(n)s đơn vị.") % {"n": len(units)},
                )
                return redirect("reporting:request", issued.pk)
    return render(request, "reporting/request_form.html", {"form": form})


def _badges(root) -> None:
    """Each node of the tree with its counts by timeliness, labelled and coloured."""
    stack = [root]
    while stack:
        node = stack.pop()
        node.badges = [
            (STATE_LABELS[state], STATE_CLASSES[state], node.counts[state])
            for state in domain.Timeliness
            if node.counts.get(state)
        ]
        if node.submission is not None:
            node.state_label = STATE_LABELS[node.submission.state]
            node.state_class = STATE_CLASSES[node.submission.state]
        stack.extend(node.children)


@methods("GET")
def request_detail(request, report_request):
    found = get_object_or_404(
        Request.objects.visible_to(request.user).select_related(
            "unit", "template", "document", "created_by"
        ),
        pk=report_request,
    )
    result = selectors.completeness(found, user=request.user)
    if result.tree is not None:
        _badges(result.tree)
    for row in result.rows:
        row.state_label = STATE_LABELS[row.state]
        row.state_class = STATE_CLASSES[row.state]
    states = [
        (STATE_LABELS[state], STATE_CLASSES[state], count)
        for state, count in result.by_state.items()
    ]
    statuses = [
        (STATUS_LABELS[status], status.value, count) for status, count in result.by_status.items()
    ]
    issuer = Request.objects.filter(pk=found.pk)
    if not request.user.is_superuser:
        issuer = issuer.filter(unit_id__in=visible_unit_ids(request.user))
    return render(
        request,
        "reporting/request.html",
        {
            "report_request": found,
            "period_last": found.period_end - timedelta(days=1),
            "done": result,
            "states": states,
            "statuses": statuses,
            "is_issuer": issuer.exists(),
        },
    )
