"""What every writer of the reporting area shares: text, version and role checks."""

from django.db.models import Model

from lamtheo.org.models import OrgUnit, visible_unit_ids
from lamtheo.plans.models import WRITERS
from lamtheo.vn.errors import gettext_noop

from ..domain import ReportingError
from ..models import REVIEWERS


def locked(model: type[Model], record, version: int | None, what: str):
    """The record read again under a row lock; refused when it changed since `version`, so
    that of two people acting on one record the later is told, not silently overwritten."""
    current = model.objects.select_for_update().get(pk=record.pk)
    if version is not None and current.version != version:
        raise ReportingError(
            gettext_noop(
                "%(what)s này đã được người khác thay đổi sau khi bạn mở; thao tác của bạn chưa "
                "được thực hiện. Hãy tải lại trang để xem bản mới."
            ),
            field="version",
            what=what,
        )
    current.version += 1
    return current


def text(value: str, field: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ReportingError(gettext_noop("Hãy nhập %(label)s."), field=field, label=label)
    if len(value) > limit:
        raise ReportingError(
            gettext_noop("%(label)s dài quá %(limit)s ký tự."),
            field=field,
            label=label,
            limit=limit,
        )
    return value


def _holds(user, unit: OrgUnit, roles) -> bool:
    if user.is_superuser:
        return True
    return OrgUnit.objects.filter(pk=unit.pk, pk__in=visible_unit_ids(user, roles=roles)).exists()


def may_write(unit: OrgUnit, by) -> None:
    """Editors and admins of the unit or above it write its reports."""
    if not _holds(by, unit, WRITERS):
        raise ReportingError(
            gettext_noop("Bạn không có quyền soạn báo cáo của %(unit)s."),
            field="unit",
            unit=unit.name,
        )


def may_review(unit: OrgUnit, by) -> None:
    """Reviewers and admins of the issuing unit or above it accept and return reports."""
    if not _holds(by, unit, REVIEWERS):
        raise ReportingError(
            gettext_noop("Bạn không có quyền xét duyệt báo cáo gửi %(unit)s."),
            field="status",
            unit=unit.name,
        )
