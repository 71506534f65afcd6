"""What every writer of the oversight area shares: text, version, role and reach checks."""

from datetime import date

from django.db.models import Model
from django.utils.formats import date_format

from lamtheo.org import selectors as org
from lamtheo.org.models import Kind, OrgUnit, visible_unit_ids
from lamtheo.plans.models import WRITERS
from lamtheo.vn.errors import gettext_noop

from ..domain import OversightError
from ..models import REVIEWERS


def locked(model: type[Model], record, version: int | None, what: str):
    """The record read again under a row lock; refused when it changed since `version`, so of
    two people saving one record the later is told, never silently overwritten."""
    current = model.objects.select_for_update().get(pk=record.pk)
    if version is not None and current.version != version:
        raise OversightError(
            gettext_noop(
                "%(what)s này đã được người khác thay đổi sau khi bạn mở; những gì bạn vừa nhập "
                "chưa được lưu. Hãy tải lại trang để xem bản mới."
            ),
            field="version",
            what=what,
        )
    current.version += 1
    return current


def text(value: str, field: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if required and not value:
        raise OversightError(gettext_noop("Hãy nhập %(label)s."), field=field, label=label)
    if len(value) > limit:
        raise OversightError(
            gettext_noop("%(label)s dài quá %(limit)s ký tự."),
            field=field,
            label=label,
            limit=limit,
        )
    return value


def holds(user, unit: OrgUnit, roles) -> bool:
    if user.is_superuser:
        return True
    return OrgUnit.objects.filter(pk=unit.pk, pk__in=visible_unit_ids(user, roles=roles)).exists()


def may_write(unit: OrgUnit, by, *, field: str = "unit") -> None:
    if not holds(by, unit, WRITERS):
        raise OversightError(
            gettext_noop("Bạn không có quyền cập nhật hồ sơ của %(unit)s."),
            field=field,
            unit=unit.name,
        )


def may_review(unit: OrgUnit, by) -> None:
    """Reviewers and admins of the unit (or above it) score, return and accept sheets."""
    if not holds(by, unit, REVIEWERS):
        raise OversightError(
            gettext_noop("Bạn không có quyền thẩm định, chấm điểm thay %(unit)s."),
            field="status",
            unit=unit.name,
        )


def reach(root: OrgUnit, units: list[OrgUnit], *, field: str, day: date) -> None:
    """Units `root` may inspect or evaluate: those under it, or, for a committee's body (the
    Ban Tuyên giáo, the Ủy ban Kiểm tra), those under the committee it serves; never itself or
    a level above it. A commune never reaches its neighbour."""
    top = root
    if root.kind == Kind.BODY:
        top = org.parent(root, as_of=day) or root
    inside = set(org.subtree_ids(top, as_of=day).filter(descendant_id__in=[u.pk for u in units]))
    above = {root.pk, *org.ancestors(root, as_of=day).values_list("pk", flat=True)}
    for unit in units:
        if unit.pk not in inside or unit.pk in above:
            raise OversightError(
                gettext_noop(
                    "%(unit)s không thuộc phạm vi kiểm tra, đánh giá của %(root)s ngày %(day)s."
                ),
                field=field,
                unit=unit.name,
                root=root.name,
                day=date_format(day, "SHORT_DATE_FORMAT"),
            )
