"""What the plans area's pages share: state labels, the user's unit, Excel answers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from lamtheo.org.models import Membership, OrgUnit
from lamtheo.web import translated

from .. import domain
from ..domain import PlansError

STATE_LABELS = {
    domain.TaskStatus.NOT_STARTED: gettext_lazy("Chưa bắt đầu"),
    domain.TaskStatus.IN_PROGRESS: gettext_lazy("Đang thực hiện"),
    domain.TaskStatus.DONE: gettext_lazy("Hoàn thành"),
    domain.TaskStatus.OVERDUE: gettext_lazy("Quá hạn"),
}


def _xlsx(request) -> bool:
    return request.GET.get("dinh-dang") == "xlsx"


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _error(request, error: PlansError) -> None:
    messages.error(request, translated(error))


def _home_unit(request) -> OrgUnit | None:
    """The unit a page is about: ?don-vi=<code> among the units the user sees, else the unit
    of the user's first role (the highest), else None."""
    code = request.GET.get("don-vi", "").strip()[:40]
    units = OrgUnit.objects.visible_to(request.user)
    if code:
        return get_object_or_404(units, code=code)
    membership = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("unit")
        .order_by("unit__kind", "pk")
        .first()
    )
    if membership is not None:
        return membership.unit
    return units.valid_on(timezone.localdate()).order_by("kind", "name").first()


def _year(request) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)
