"""Pages of exemplary cases: the list, nomination (from a phone too), a case with its workflow
(verify, return, commend, replicate, publish), its evidence and likely duplicates."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lamtheo.audit.selectors import history_of_record
from lamtheo.documents.forms import writable_units
from lamtheo.files.checks import UploadError
from lamtheo.org import selectors as org
from lamtheo.plans.spreadsheets import MAX_ROWS
from lamtheo.web import methods, translated

from .. import domain, selectors, services, spreadsheets
from ..domain import HonoursError
from ..forms import (
    CaseForm,
    CommendForm,
    EditCaseForm,
    EvidenceForm,
    ReplicateForm,
    ReturnForm,
    VersionForm,
    choosable_units,
    show,
)
from ..models import Case, Field, Status
from .common import evidence_of, home_unit, wants_xlsx, year_of


def _filtered(request):
    """The cases the user sees, narrowed by the list's filters."""
    cases = Case.objects.visible_to(request.user)
    unit = home_unit(request) if request.GET.get("don-vi") else None
    if unit is not None:
        cases = cases.filter(Q(unit=unit) | Q(unit_id__in=org.subtree_ids(unit)))
    year = year_of(request, "nam")
    if year:
        cases = cases.filter(year=year)
    field = request.GET.get("linh-vuc", "")[:40]
    if field:
        cases = cases.filter(field__code=field)
    status = request.GET.get("trang-thai", "")
    if status in Status.values:
        cases = cases.filter(status=status)
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        cases = cases.filter(search_text__contains=domain.search_key(query))
    return cases, {"unit": unit, "year": year, "field": field, "status": status, "q": query}


@methods("GET")
def index(request):
    cases, chosen = _filtered(request)
    cases = (
        cases.select_related("unit", "field")
        .annotate(commendation_count=Count("commendations"))
        .order_by("-year", "name", "pk")
    )
    if wants_xlsx(request):
        return spreadsheets.cases_workbook(cases[:MAX_ROWS])
    page = Paginator(cases, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "honours/index.html",
        {
            "page": page,
            "chosen": chosen,
            "fields": Field.objects.all(),
            "statuses": Status.choices,
            "can_nominate": writable_units(request.user).exists(),
            "query": request.GET.urlencode(),
        },
    )


def _uploads(request) -> list:
    return request.FILES.getlist("files")


@methods("GET", "POST")
def case_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    unit = home_unit(request) if request.GET.get("don-vi") else None
    form = CaseForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"unit": unit} if unit else {},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.nominate_case(
                unit=data["unit"],
                kind=data["kind"],
                name=data["name"],
                position=data["position"],
                field=data["field"],
                year=data["year"],
                title=data["title"],
                story=data["story"],
                movement=data["movement"],
                programme=data["programme"],
                source=data["source"],
                uploads=data["files"],
                by=request.user,
            )
        except HonoursError as error:
            show(form, error)
        except UploadError as error:
            form.add_error("files", str(error))
        else:
            messages.success(request, _("Đã gửi đề xuất điển hình."))
            if case.duplicates_found:
                messages.warning(
                    request,
                    _("Có thể trùng với %(n)s điển hình đã ghi nhận; người thẩm định sẽ xem lại.")
                    % {"n": case.duplicates_found},
                )
            return redirect("honours:case", case.pk)
    return render(request, "honours/case_form.html", {"form": form, "case": None})


@methods("GET", "POST")
def case_edit(request, case):
    case = get_object_or_404(Case.objects.editable_by(request.user), pk=case)
    if case.status not in domain.EDITABLE:  # said on the page; the service refuses a POST
        return render(request, "honours/case_form.html", {"form": None, "case": case})
    initial = {
        name: getattr(case, name)
        for name in ("unit", "kind", "name", "position", "field", "year", "title", "story")
    } | {
        "movement": case.movement,
        "programme": case.programme,
        "source": case.source,
        "version": case.version,
    }
    form = EditCaseForm(
        request.POST or None, request.FILES or None, user=request.user, case=case, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nominate_case(
                unit=case.unit,
                kind=data["kind"],
                name=data["name"],
                position=data["position"],
                field=data["field"],
                year=data["year"],
                title=data["title"],
                story=data["story"],
                movement=data["movement"],
                programme=data["programme"],
                source=data["source"],
                uploads=data["files"],
                case=case,
                version=data["version"],
                by=request.user,
            )
        except HonoursError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu điển hình."))
            return redirect("honours:case", case.pk)
    return render(request, "honours/case_form.html", {"form": form, "case": case})


@methods("GET")
def case_detail(request, case):
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "unit", "field", "movement", "programme", "honoree_unit", "verified_by", "proposed_by"
        ),
        pk=case,
    )
    can_edit = Case.objects.editable_by(request.user).filter(pk=case.pk).exists()
    can_review = Case.objects.reviewable_by(request.user).filter(pk=case.pk).exists()
    photos, others = evidence_of(case)
    version = {"version": case.version}
    status = case.status
    return render(
        request,
        "honours/case.html",
        {
            "case": case,
            "commendations": case.commendations.select_related("form", "issuer"),
            "replications": case.replications.select_related("unit"),
            "photos": photos,
            "files": others,
            "duplicates": selectors.likely_duplicates(case, request.user)
            if can_edit or can_review
            else [],
            "can_edit": can_edit and status in domain.EDITABLE,
            "can_add_evidence": can_edit,
            "can_publish": can_edit and status in domain.PUBLISHABLE,
            "verify": VersionForm(initial=version)
            if can_review and status == Status.PROPOSED
            else None,
            "return_form": ReturnForm(initial=version, auto_id="tra-lai_%s")
            if can_review and status in (Status.PROPOSED, Status.VERIFIED)
            else None,
            "commend": CommendForm(
                initial=version | {"issuer_name": _issuer_of(request.user, case)},
                auto_id="khen_%s",
            )
            if can_review and status in domain.PUBLISHABLE
            else None,
            "replicate": ReplicateForm(
                initial=version, units=choosable_units(request.user), auto_id="nhan-rong_%s"
            )
            if can_review and status in (Status.COMMENDED, Status.REPLICATED)
            else None,
            "evidence": EvidenceForm(auto_id="minh-chung_%s") if can_edit else None,
            "version": case.version,
            "changes": history_of_record("honours.case", case.pk, limit=30),
        },
    )


def _issuer_of(user, case: Case) -> str:
    """The reviewer's unit, as the body that commends (a suggestion the reviewer may change)."""
    membership = user.memberships.select_related("unit").order_by("unit__kind", "pk").first()
    return membership.unit.name if membership else ""


def _review(request, case_pk):
    return get_object_or_404(Case.objects.reviewable_by(request.user), pk=case_pk)


def _step(request, case, form, service, message: str, **extra):
    """A step of the workflow from the case page: the form's fields are the service's
    arguments; back to the case page with what happened (the form's or the service's refusal
    named, or `message`)."""
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for text in errors:
                messages.error(request, f"{label}: {text}" if label else text)
    else:
        try:
            service(case=case, by=request.user, **form.cleaned_data, **extra)
        except HonoursError as error:
            messages.error(request, translated(error))
        else:
            messages.success(request, message)
    return redirect("honours:case", case.pk)


@methods("POST")
def case_verify(request, case):
    return _step(
        request,
        _review(request, case),
        VersionForm(request.POST),
        services.verify_case,
        _("Đã xác minh điển hình."),
    )


@methods("POST")
def case_return(request, case):
    return _step(
        request,
        _review(request, case),
        ReturnForm(request.POST),
        services.return_case,
        _("Đã trả lại điển hình cho đơn vị."),
    )


@methods("POST")
def case_commend(request, case):
    return _step(
        request,
        _review(request, case),
        CommendForm(request.POST),
        services.commend_case,
        _("Đã ghi nhận khen thưởng."),
    )


@methods("POST")
def case_replicate(request, case):
    return _step(
        request,
        _review(request, case),
        ReplicateForm(request.POST, units=choosable_units(request.user)),
        services.replicate_case,
        _("Đã ghi nhận đơn vị nhân rộng."),
    )


@methods("POST")
def case_publish(request, case):
    published = request.POST.get("published") == "1"
    return _step(
        request,
        get_object_or_404(Case.objects.editable_by(request.user), pk=case),
        VersionForm(request.POST),
        services.publish_case,
        _("Đã công khai điển hình.") if published else _("Đã thôi công khai điển hình."),
        published=published,
    )


@methods("POST")
def case_evidence(request, case):
    return _step(
        request,
        get_object_or_404(Case.objects.editable_by(request.user), pk=case),
        EvidenceForm(request.POST, request.FILES),
        lambda *, case, by, files: services.add_evidence(case=case, uploads=files, by=by),
        _("Đã thêm minh chứng."),
    )
