"""What the inspection pages share: the unit a page is about, state labels, who may do what,
the rows of the follow-up downloads."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.documents.forms import writable_units
from lamtheo.org.models import Membership, OrgUnit
from lamtheo.web import translated

from ..models import FixState, Inspection

STATE_LABELS = dict(FixState.choices) | {
    FixState.REPORTED: gettext_lazy("Đã báo cáo khắc phục, chờ xác nhận"),
}

# The plans stylesheet's colours: fixed green, reported amber, open grey, overdue red.
STATE_CLASSES = {
    FixState.OPEN: "state-pending",
    FixState.FIXING: "state-in_progress",
    FixState.REPORTED: "state-late",
    FixState.FIXED: "state-done",
}

GROUPS = [
    ("overdue", gettext_lazy("Quá hạn")),
    ("open", gettext_lazy("Chưa khắc phục, đang khắc phục")),
    ("reported", gettext_lazy("Đã báo cáo khắc phục (chờ xác nhận)")),
    ("fixed", gettext_lazy("Đã khắc phục")),
]


def is_xlsx(request) -> bool:
    return request.GET.get("dinh-dang") == "xlsx"


def fail(request, error) -> None:
    messages.error(request, translated(error))


def day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def year_of(request) -> int:
    text = request.GET.get("nam", "").strip()[:4]
    year = int(text) if text.isdigit() else timezone.localdate().year
    return min(max(year, 1945), 2100)


def first_membership_unit(user, units) -> OrgUnit | None:
    """Of `units`, the unit of the user's first role (the highest), else the first of them."""
    membership = (
        Membership.objects.active()
        .filter(user=user, unit__in=units)
        .select_related("unit")
        .order_by("unit__kind", "pk")
        .first()
    )
    if membership is not None:
        return membership.unit
    return units.valid_on(timezone.localdate()).order_by("kind", "name").first()


def home_unit(request) -> OrgUnit | None:
    """?don-vi=<code> among the units the user sees (404 otherwise), else the unit of the
    user's first role."""
    code = request.GET.get("don-vi", "").strip()[:40]
    units = OrgUnit.objects.visible_to(request.user)
    if code:
        return get_object_or_404(units, code=code)
    return first_membership_unit(request.user, units)


def inspecting_unit(request) -> OrgUnit | None:
    """The unit a new inspection is recorded for: ?don-vi=<code> among the units the user
    writes for (404 otherwise), else the highest of them."""
    units = writable_units(request.user)
    code = request.GET.get("don-vi", "").strip()[:40]
    if code:
        return get_object_or_404(units, code=code)
    return first_membership_unit(request.user, units)


def my_units(user):
    """The units of the user's roles today, for the unit choosers."""
    return [
        m.unit
        for m in Membership.objects.active()
        .filter(user=user)
        .select_related("unit")
        .order_by("unit__kind", "unit__name")
    ]


def may_edit(user, inspection) -> bool:
    return Inspection.objects.editable_by(user).filter(pk=inspection.pk).exists()


def mark(records, today=None) -> list:
    """Each recommendation with its overdue flag, state label and class."""
    today = today or timezone.localdate()
    for record in records:
        record.is_overdue = record.overdue(today)
        record.state_label = STATE_LABELS[record.state]
        record.state_class = STATE_CLASSES[record.state]
    return records


def follow_up_rows(box, *, owner: bool) -> list[list]:
    """An inbox's or a board's recommendations as rows of its download."""
    rows = []
    for key, label in GROUPS:
        for r in getattr(box, key):
            unit = r.owner.name if owner else r.inspection.unit.name
            rows.append([
                str(label), r.text, r.inspection.title, unit, r.deadline,
                str(STATE_LABELS[r.state]), _("Quá hạn") if r.is_overdue else "", r.fixed_on,
            ])  # fmt: skip
    return rows


def follow_up_headers(*, owner: bool) -> list[str]:
    return [
        _("Nhóm"),
        _("Kiến nghị"),
        _("Cuộc kiểm tra, giám sát"),
        _("Đơn vị thực hiện") if owner else _("Đơn vị kiểm tra"),
        _("Hạn khắc phục"),
        _("Tình trạng"),
        _("Quá hạn"),
        _("Ngày xác nhận đã khắc phục"),
    ]
