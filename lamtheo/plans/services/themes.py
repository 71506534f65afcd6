"""The writer of themes: a unit's theme for a year or a term."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from ..domain import PlansError
from ..models import Theme
from .common import _inside, _locked, _text, period_of


@transaction.atomic
def save_theme(
    *,
    unit: OrgUnit,
    period: str,
    text: str,
    by,
    parent: Theme | None = None,
    document: Document | None = None,
    theme: Theme | None = None,
    version: int | None = None,
) -> Theme:
    """A unit's theme for a year or a term: created, or edited as the user saw it."""
    span = period_of(period)
    text = _text(text, "text", _("chủ đề"), 2000)
    if parent is not None and parent.unit_id == unit.pk:
        raise PlansError(
            gettext_noop("Chủ đề cấp trên phải là của một đơn vị cấp trên."), field="parent"
        )
    if parent is not None:
        _inside(unit, parent.unit, field="parent", day=span.end - timedelta(days=1))
    if document is not None and document.unit_id != unit.pk:
        _inside(document.unit, unit, field="document")
    record = theme and _locked(Theme, theme, version, _("Chủ đề"))
    if record is None:
        if Theme.objects.filter(unit=unit, period=span.code).exists():
            raise PlansError(
                gettext_noop("%(unit)s đã có chủ đề kỳ %(period)s; hãy sửa chủ đề đó."),
                field="period",
                unit=unit.name,
                period=span.code,
            )
        record = Theme(unit=unit, created_by=by)
    record.period, record.period_end, record.text = span.code, span.end, text
    record.parent, record.document = parent, document
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise PlansError(
            gettext_noop("%(unit)s đã có chủ đề kỳ %(period)s; hãy sửa chủ đề đó."),
            field="period",
            unit=unit.name,
            period=span.code,
        ) from None
    return record
