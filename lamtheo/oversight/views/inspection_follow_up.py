"""Pages of the follow-up of recommendations: adding one to an inspection, a recommendation's
page with its history and the forms of who may act on it, the inspected unit's inbox and the
inspecting unit's board."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.org.models import OrgUnit
from lamtheo.plans import spreadsheets
from lamtheo.web import methods

from .. import selectors, services
from ..domain import OversightError
from ..forms import RecommendationEditForm, RecommendationForm, ResponseForm, show
from ..models import FixState, Inspection, Recommendation, Response
from .inspection_common import (
    GROUPS,
    first_membership_unit,
    follow_up_headers,
    follow_up_rows,
    home_unit,
    is_xlsx,
    mark,
    may_edit,
    my_units,
)

DONE = {
    Response.Step.PROGRESS: gettext_lazy("Đã báo cáo tiến độ khắc phục."),
    Response.Step.REPORT: gettext_lazy(
        "Đã báo cáo đã khắc phục; kiến nghị chờ đơn vị kiểm tra xác nhận."
    ),
    Response.Step.CONFIRM: gettext_lazy("Đã xác nhận kiến nghị đã được khắc phục."),
    Response.Step.REOPEN: gettext_lazy("Đã yêu cầu đơn vị tiếp tục khắc phục."),
}
STEP_LABELS = dict(Response.Step.choices)


@methods("GET", "POST")
def recommendation_create(request, inspection):
    found = get_object_or_404(
        Inspection.objects.editable_by(request.user).select_related("unit"), pk=inspection
    )
    units = [t.unit for t in found.targets.select_related("unit")]
    form = RecommendationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_recommendation(
                inspection=found,
                owner=data["owner"],
                text_=data["text"],
                deadline=data["deadline"],
                by=request.user,
            )
        except OversightError as error:
            show(form, error)
        else:
            messages.success(
                request, _("Đã gửi kiến nghị đến %(unit)s.") % {"unit": data["owner"].name}
            )
            return redirect("oversight:inspection", found.pk)
    return render(
        request, "oversight/recommendation_form.html", {"inspection": found, "form": form}
    )


@methods("GET", "POST")
def recommendation(request, recommendation):
    user = request.user
    found = get_object_or_404(
        Recommendation.objects.visible_to(user).select_related(
            "inspection", "inspection__unit", "owner", "confirmed_by"
        ),
        pk=recommendation,
    )
    mine = Recommendation.objects.filter(pk=found.pk)
    answerable = mine.answerable_by(user).exists()
    judgeable = mine.judgeable_by(user).exists()
    editable = may_edit(user, found.inspection)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    version = {"version": found.version}
    forms = {
        "answer": ResponseForm(request.POST if action == "answer" else None, initial=version),
        "judge": ResponseForm(
            request.POST if action == "judge" else None,
            judge=True,
            prefix="xac-nhan",
            initial=version,
        ),
        "edit": RecommendationEditForm(
            request.POST if action == "edit" else None,
            prefix="sua",
            initial={"text": found.text, "deadline": found.deadline, **version},
        ),
    }
    if request.method == "POST":
        allowed = {"answer": answerable, "judge": judgeable, "edit": editable}
        if not allowed.get(action):
            raise Http404
        done = _act(request, found, action, forms[action])
        if done is not None:
            messages.success(request, done)
            return redirect("oversight:recommendation", found.pk)
    mark([found])
    state = found.state
    return render(
        request,
        "oversight/recommendation.html",
        {
            "recommendation": found,
            "inspection": found.inspection,
            "responses": found.responses.select_related("by").order_by("at", "pk"),
            "steps": STEP_LABELS,
            "answer_form": forms["answer"]
            if answerable and state in (FixState.OPEN, FixState.FIXING)
            else None,
            "judge_form": forms["judge"]
            if judgeable and state in (FixState.REPORTED, FixState.FIXED)
            else None,
            "edit_form": forms["edit"] if editable and state != FixState.FIXED else None,
        },
    )


def _act(request, found, action, form) -> str | None:
    """Run the service the form is for; its message, or None when refused (the form says
    why, keeping what was typed)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action == "edit":
            services.update_recommendation(
                recommendation=found,
                text_=data["text"],
                deadline=data["deadline"],
                by=request.user,
                version=data["version"],
            )
            return _("Đã lưu kiến nghị.")
        step = request.POST.get("step", "")
        services.respond(
            recommendation=found,
            step=step,
            text_=data["text"],
            evidence=data.get("evidence", ""),
            by=request.user,
            version=data["version"],
        )
    except OversightError as error:
        show(form, error)
        return None
    return str(DONE[step])


def _marked(box):
    for key, _label in GROUPS:
        mark(getattr(box, key))
    return box


def _sections(box) -> list:
    """(key, label, records listed, how many there are) of each group."""
    return [(key, label, getattr(box, key), box.counts[key]) for key, label in GROUPS]


@methods("GET")
def inbox(request):
    unit = home_unit(request)
    if unit is None:
        raise Http404
    box = _marked(selectors.inbox(unit))
    if is_xlsx(request):
        return spreadsheets.workbook_response(
            "kien-nghi-can-khac-phuc.xlsx",
            unit.name,
            follow_up_headers(owner=False),
            follow_up_rows(box, owner=False),
            heading=[_("Kiến nghị cần khắc phục"), unit.name],
        )
    return render(
        request,
        "oversight/inbox.html",
        {
            "unit": unit,
            "box": box,
            "sections": _sections(box),
            "units": my_units(request.user),
        },
    )


BOARD_LIMIT = 200  # records listed per group; the counts and the download have them all


def _inspecting_units(user):
    """The units under the user's roles that inspected someone: the board's chooser."""
    return (
        OrgUnit.objects.visible_to(user)
        .filter(pk__in=Inspection.objects.values("unit_id"))
        .order_by("kind", "name")[:200]
    )


@methods("GET")
def board(request):
    user = request.user
    code = request.GET.get("don-vi", "").strip()[:40]
    visible = OrgUnit.objects.visible_to(user)
    inspecting = list(_inspecting_units(user))
    if code:
        unit = get_object_or_404(visible, code=code)
    else:
        unit = first_membership_unit(user, visible.filter(pk__in=[u.pk for u in inspecting]))
        unit = unit or first_membership_unit(user, visible)
    if unit is None:
        raise Http404
    xlsx = is_xlsx(request)
    box = _marked(selectors.board(unit, limit=None if xlsx else BOARD_LIMIT))
    if xlsx:
        return spreadsheets.workbook_response(
            "theo-doi-kien-nghi.xlsx",
            unit.name,
            follow_up_headers(owner=True),
            follow_up_rows(box, owner=True),
            heading=[_("Theo dõi kiến nghị"), unit.name],
        )
    choices = {u.pk: u for u in [*my_units(user), *inspecting]}
    return render(
        request,
        "oversight/board.html",
        {
            "unit": unit,
            "box": box,
            "sections": _sections(box),
            "owners": box.owners,
            "limit": BOARD_LIMIT,
            "units": list(choices.values()),
        },
    )
