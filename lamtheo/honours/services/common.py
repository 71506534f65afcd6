"""What every writer of the honours area shares: text, version and unit checks."""

from datetime import date

from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from ..domain import HonoursError


def stale(what: str) -> HonoursError:
    return HonoursError(
        gettext_noop(
            "%(what)s này đã được người khác sửa sau khi bạn mở; những gì bạn vừa nhập chưa "
            "được lưu. Hãy tải lại trang để xem bản mới rồi sửa tiếp."
        ),
        field="version",
        what=what,
    )


def locked(model, record, version: int | None, what: str):
    """The record read again under a row lock; refused when it changed since `version`."""
    current = model.objects.select_for_update().get(pk=record.pk)
    if version is not None and current.version != version:
        raise stale(what)
    current.version += 1
    return current


def text(value: str, field: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise HonoursError(gettext_noop("Hãy nhập %(label)s."), field=field, label=label)
    if len(value) > limit:
        raise HonoursError(
            gettext_noop("%(label)s dài quá %(limit)s ký tự."),
            field=field,
            label=label,
            limit=limit,
        )
    return value


def inside(unit: OrgUnit, root: OrgUnit, *, field: str, day: date | None = None) -> None:
    """A unit a record of `root` may name: `root` itself or a unit under it (on `day`)."""
    if not org.subtree_ids(root, as_of=day).filter(descendant_id=unit.pk).exists():
        raise HonoursError(
            gettext_noop("%(unit)s không thuộc %(root)s."),
            field=field,
            unit=unit.name,
            root=root.name,
        )
