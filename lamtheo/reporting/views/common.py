"""What the reporting pages share: the labels of statuses and timeliness, who may write or
review a record, values shown back the Vietnamese way, a page of a long list."""

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy

from lamtheo.org.models import OrgUnit, visible_unit_ids
from lamtheo.plans.models import WRITERS
from lamtheo.vn.numbers import format_number
from lamtheo.web import translated

from .. import domain
from ..models import REVIEWERS, Status

PAGE_SIZE = 50

STATUS_LABELS = dict(Status.choices)

STATE_LABELS = {
    domain.Timeliness.ON_TIME: gettext_lazy("Đúng hạn"),
    domain.Timeliness.LATE: gettext_lazy("Nộp muộn"),
    domain.Timeliness.MISSING: gettext_lazy("Chưa nộp, quá hạn"),
    domain.Timeliness.WAITING: gettext_lazy("Chưa nộp, còn hạn"),
}

# The plans stylesheet's colours: done green, late amber, overdue red, pending amber.
STATE_CLASSES = {
    domain.Timeliness.ON_TIME: "state-done",
    domain.Timeliness.LATE: "state-late",
    domain.Timeliness.MISSING: "state-overdue",
    domain.Timeliness.WAITING: "state-pending",
}


def holds(user, unit_id: int, roles) -> bool:
    """Whether the user holds one of `roles` in the unit or above it (as the services check)."""
    if user.is_superuser:
        return True
    return OrgUnit.objects.filter(pk=unit_id, pk__in=visible_unit_ids(user, roles=roles)).exists()


def may_write(user, unit_id: int) -> bool:
    return holds(user, unit_id, WRITERS)


def may_review(user, unit_id: int) -> bool:
    return holds(user, unit_id, REVIEWERS)


def sees_own(user, unit_id: int) -> bool:
    """Whether the unit is in the user's own subtrees (its records that stay at its level, as
    a consolidated report)."""
    if user.is_superuser:
        return True
    return OrgUnit.objects.filter(pk=unit_id, pk__in=visible_unit_ids(user)).exists()


def typed(value: Decimal | None) -> str:
    """A stored value as the user types it: Vietnamese digits (the form reads them so)."""
    return "" if value is None else format_number(value.normalize())


def shown(value: Decimal | None) -> Decimal | None:
    """A stored value without its trailing zeros; the template localizes it (1.567, 12,8)."""
    return None if value is None else value.normalize()


def fail(request, error) -> None:
    messages.error(request, translated(error))


def version_of(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("trang"))


def number_in(request, name: str) -> int | None:
    """A positive whole number from the query string, or None."""
    text = request.GET.get(name, "").strip()[:9]
    return int(text) if text.isdigit() else None
