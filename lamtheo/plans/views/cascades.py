"""Pages of cascades, their board and items, and a unit's inbox."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.org.models import Membership
from lamtheo.web import methods

from .. import domain, selectors, services, spreadsheets
from ..domain import PlansError
from ..forms import (
    CompleteForm,
    show,
)
from ..models import (
    Cascade,
    CascadeItem,
    Task,
)
from .common import STATE_LABELS, _error, _home_unit, _xlsx

ITEM_LABELS = {
    domain.ItemState.DONE: gettext_lazy("Đã hoàn thành"),
    domain.ItemState.LATE: gettext_lazy("Hoàn thành muộn"),
    domain.ItemState.PENDING: gettext_lazy("Chưa hoàn thành"),
    domain.ItemState.OVERDUE: gettext_lazy("Quá hạn"),
}


def _evidence(item) -> str:
    if item.document_id:
        return item.document.symbol or item.document.title
    if item.theme_id:
        return item.theme.text[:120]
    return item.event


@methods("GET")
def cascade_board(request, cascade):
    cascade = get_object_or_404(
        Cascade.objects.visible_to(request.user).select_related("programme", "unit"), pk=cascade
    )
    result = selectors.board(cascade, user=request.user)
    state = request.GET.get("trang-thai", "")
    items = [i for i in result.items if not state or i.today == state]
    if _xlsx(request):
        return spreadsheets.workbook_response(
            f"yeu-cau-{cascade.pk}.xlsx",
            cascade.title[:31],
            [_("Đơn vị"), _("Trạng thái"), _("Ngày hoàn thành"), _("Minh chứng"), _("Ghi chú")],
            [
                [i.unit.name, str(ITEM_LABELS[i.today]), i.done_on, _evidence(i), i.note]
                for i in items
            ],
        )
    return render(
        request,
        "plans/cascade.html",
        {
            "cascade": cascade,
            "board": result,
            "items": items,
            "labels": ITEM_LABELS,
            "state": state,
            "editable": set(
                CascadeItem.objects.editable_by(request.user)
                .filter(cascade=cascade)
                .values_list("pk", flat=True)
            ),
        },
    )


@methods("GET", "POST")
def item_detail(request, item):
    item = get_object_or_404(
        CascadeItem.objects.visible_to(request.user).select_related(
            "cascade", "cascade__programme", "cascade__unit", "unit", "document", "theme"
        ),
        pk=item,
    )
    can_edit = CascadeItem.objects.editable_by(request.user).filter(pk=item.pk).exists()
    form = CompleteForm(
        request.POST or None, user=request.user, item=item, initial={"version": item.version}
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if request.POST.get("reopen"):
            try:
                services.reopen_item(item=item, version=int(request.POST.get("version") or 0))
                messages.success(request, _("Đã mở lại việc này."))
            except (PlansError, ValueError) as error:
                if isinstance(error, PlansError):
                    _error(request, error)
            return redirect("plans:item", item.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.complete_item(
                    item=item,
                    by=request.user,
                    document=data["document"],
                    theme=data["theme"],
                    event=data["event"],
                    done_on=data["done_on"],
                    note=data["note"],
                    version=data["version"],
                )
            except PlansError as error:
                show(form, error)
            else:
                messages.success(request, _("Đã báo cáo hoàn thành."))
                return redirect("plans:cascade", item.cascade_id)
    return render(
        request,
        "plans/item.html",
        {
            "item": item,
            "state": item.state(),
            "labels": ITEM_LABELS,
            "form": form if can_edit and item.done_on is None else None,
            "can_edit": can_edit,
        },
    )


@methods("GET")
def inbox(request):
    unit = _home_unit(request)
    if unit is None:
        raise Http404
    box = selectors.inbox(unit)
    roles = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("unit")
        .order_by("unit__name")
    )
    if _xlsx(request):
        rows = []
        for group, records in ((_("Quá hạn"), box.overdue), (_("Sắp đến hạn"), box.due)):
            for r in records:
                rows.append([str(group), _title(r), r.deadline, ""])
        rows += [[str(_("Đã hoàn thành")), _title(r), r.deadline, r.finished] for r in box.done]
        return spreadsheets.workbook_response(
            "viec-cua-don-vi.xlsx",
            unit.name[:31],
            [_("Nhóm"), _("Việc"), _("Thời hạn"), _("Ngày hoàn thành")],
            rows,
        )
    from lamtheo.oversight.selectors import overdue_counts  # the area above plans

    return render(
        request,
        "plans/inbox.html",
        {
            "unit": unit,
            "box": box,
            "roles": roles,
            "labels": STATE_LABELS | ITEM_LABELS,
            "overdue_recommendations": overdue_counts([unit.pk]).get(unit.pk, 0),
        },
    )


def _title(record) -> str:
    return record.title if isinstance(record, Task) else record.cascade.title
