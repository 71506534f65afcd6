"""The writer of emulation movements: launched by a unit, with its document, period, criteria,
participating units and results."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from ..domain import HonoursError
from ..models import Movement
from .cases import may_write
from .common import inside, locked, text


@transaction.atomic
def save_movement(
    *,
    unit: OrgUnit,
    name: str,
    starts_on: date,
    by,
    ends_on: date | None = None,
    document: Document | None = None,
    criteria: str = "",
    results: str = "",
    units: list[OrgUnit] = (),
    movement: Movement | None = None,
    version: int | None = None,
) -> Movement:
    """Phong trào thi đua: created, or edited from the version the user saw. The participating
    units are the launching unit's own or units under it when the movement starts."""
    name = text(name, "name", _("tên phong trào"), 300)
    criteria = text(criteria, "criteria", _("tiêu chí"), 20000, required=False)
    results = text(results, "results", _("kết quả"), 20000, required=False)
    if ends_on is not None and ends_on < starts_on:
        raise HonoursError(gettext_noop("Ngày kết thúc phải sau ngày bắt đầu."), field="ends_on")
    may_write(unit, by)
    for member in units:
        inside(member, unit, field="units", day=starts_on)
    if document is not None and not Document.objects.visible_to(by).filter(pk=document.pk).exists():
        raise HonoursError(gettext_noop("Không có văn bản này."), field="document")
    record = (
        Movement() if movement is None else locked(Movement, movement, version, _("Phong trào"))
    )
    record.unit, record.province_code = unit, unit.province_code
    record.name, record.starts_on, record.ends_on = name, starts_on, ends_on
    record.document, record.criteria, record.results = document, criteria, results
    record.save()
    record.units.set(units)
    return record
