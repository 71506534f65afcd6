"""Pages of commitments: registering, self-assessment, review, the summary."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.org import selectors as org
from lamtheo.web import methods

from .. import selectors, services, spreadsheets
from ..domain import PlansError
from ..forms import (
    AssessForm,
    CommitmentForm,
    ReviewForm,
    show,
    writable_units,
)
from ..models import Commitment
from .common import _home_unit, _xlsx, _year
from .targets import _import


@methods("GET")
def commitments(request):
    unit = _home_unit(request)
    if unit is None:
        raise Http404
    year = _year(request)
    end = date(year, 12, 31)
    below = list(org.children(unit, as_of=end).visible_to(request.user).order_by("name"))
    counts = selectors.commitment_counts([unit, *below], year)
    own = list(
        Commitment.objects.visible_to(request.user)
        .filter(unit=unit, year=year)
        .select_related("unit")
        .order_by("member")[:500]
    )
    rows = [(u, counts.get(u.pk, selectors.CommitmentCounts())) for u in below]
    if _xlsx(request):
        return spreadsheets.workbook_response(
            f"dang-ky-lam-theo-{year}.xlsx",
            _("Đăng ký làm theo"),
            [
                _("Đơn vị"),
                _("Số bản đăng ký"),
                _("Tự đánh giá 6 tháng"),
                _("Tự đánh giá cuối năm"),
                _("Đã xếp loại"),
                _("Hoàn thành trở lên"),
                _("Tỷ lệ hoàn thành (%)"),
            ],
            [
                [u.name, c.registered, c.midyear, c.yearend, c.rated, c.completing, c.completion]
                for u, c in [(unit, counts.get(unit.pk, selectors.CommitmentCounts())), *rows]
            ],
        )
    return render(
        request,
        "plans/commitments.html",
        {
            "unit": unit,
            "year": year,
            "total": counts.get(unit.pk, selectors.CommitmentCounts()),
            "rows": rows,
            "own": own,
            "can_register": writable_units(request.user).exists(),
        },
    )


@methods("GET", "POST")
def commitment_create(request):
    if not writable_units(request.user).exists():
        raise Http404
    unit = _home_unit(request)
    form = CommitmentForm(
        request.POST or None,
        user=request.user,
        initial={"year": timezone.localdate().year, "unit": unit},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commitment = services.register_commitment(
                unit=data["unit"],
                year=data["year"],
                member=data["member"],
                content=data["content"],
                user=request.user if not data["member"] else None,
                by=request.user,
            )
        except PlansError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu bản đăng ký."))
            return redirect("plans:commitment", commitment.pk)
    return render(request, "plans/commitment_form.html", {"form": form})


@methods("GET", "POST")
def commitment_detail(request, commitment):
    commitment = get_object_or_404(
        Commitment.objects.visible_to(request.user).select_related("unit", "reviewed_by"),
        pk=commitment,
    )
    can_edit = Commitment.objects.editable_by(request.user).filter(pk=commitment.pk).exists()
    can_review = Commitment.objects.reviewable_by(request.user).filter(pk=commitment.pk).exists()
    initial = {
        "midyear": commitment.midyear,
        "yearend": commitment.yearend,
        "self_rating": commitment.self_rating,
        "version": commitment.version,
    }
    assess = AssessForm(
        request.POST if request.POST.get("step") == "assess" else None, initial=initial
    )
    review = ReviewForm(
        request.POST if request.POST.get("step") == "review" else None,
        initial={"rating": commitment.rating, "version": commitment.version},
    )
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "assess" and can_edit and assess.is_valid():
            data = assess.cleaned_data
            try:
                services.assess_commitment(
                    commitment=commitment,
                    midyear=data["midyear"],
                    yearend=data["yearend"],
                    self_rating=data["self_rating"],
                    version=data["version"],
                )
            except PlansError as error:
                show(assess, error)
            else:
                messages.success(request, _("Đã lưu tự đánh giá."))
                return redirect("plans:commitment", commitment.pk)
        elif step == "review" and can_review and review.is_valid():
            data = review.cleaned_data
            try:
                services.review_commitment(
                    commitment=commitment,
                    rating=data["rating"],
                    by=request.user,
                    version=data["version"],
                )
            except PlansError as error:
                show(review, error)
            else:
                messages.success(request, _("Đã xếp loại."))
                return redirect("plans:commitment", commitment.pk)
        elif step not in ("assess", "review") or not (can_edit or can_review):
            raise Http404
    return render(
        request,
        "plans/commitment.html",
        {
            "commitment": commitment,
            "assess": assess if can_edit and not commitment.rating else None,
            "review": review if can_review and commitment.yearend else None,
        },
    )


@methods("GET", "POST")
def commitments_import(request):
    if not writable_units(request.user).exists():
        raise Http404
    if request.GET.get("mau") == "1":
        return spreadsheets.template_workbook("commitments")
    return _import(request, "commitments", spreadsheets.import_commitments)
