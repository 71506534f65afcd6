"""What every writer of the plans area shares: periods, text and version checks."""

from datetime import date

from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import DateError, gettext_noop

from ..domain import PlansError


def period_of(code: str) -> Period:
    try:
        return Period.from_code(code)
    except DateError as error:
        raise PlansError(error.template, field="period", **error.params) from None


def _stale(record, what: str) -> PlansError:
    return PlansError(
        gettext_noop(
            "%(what)s này đã được người khác sửa sau khi bạn mở; những gì bạn vừa nhập chưa "
            "được lưu. Hãy tải lại trang để xem bản mới rồi sửa tiếp."
        ),
        what=what,
    )


def _locked(model, record, version: int | None, what: str):
    current = model.objects.select_for_update().get(pk=record.pk)
    if version is not None and current.version != version:
        raise _stale(current, what)
    current.version += 1
    return current


def _text(value: str, field: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise PlansError(gettext_noop("Hãy nhập %(label)s."), field=field, label=label)
    if len(value) > limit:
        raise PlansError(
            gettext_noop("%(label)s dài quá %(limit)s ký tự."),
            field=field,
            label=label,
            limit=limit,
        )
    return value


def _inside(unit: OrgUnit, root: OrgUnit, *, field: str, day: date | None = None) -> None:
    """A unit a record of `root` may name: `root` itself or a unit under it (on `day`)."""
    if not org.subtree_ids(root, as_of=day).filter(descendant_id=unit.pk).exists():
        raise PlansError(
            gettext_noop("%(unit)s không thuộc %(root)s."),
            field=field,
            unit=unit.name,
            root=root.name,
        )
