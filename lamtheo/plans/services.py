"""The only writers of the plans area (first part): figures and targets."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import DateError, gettext_noop

from .domain import PlansError
from .models import Indicator, Measurement


def period_of(code: str) -> Period:
    try:
        return Period.from_code(code)
    except DateError as error:
        raise PlansError(error.template, field="period", **error.params) from None


@transaction.atomic
def record_measurement(
    *,
    indicator: Indicator,
    unit: OrgUnit,
    period: str,
    value: Decimal,
    by,
    source: str = "",
    version: int | None = None,
) -> Measurement:
    """A unit's figure for a period: stored, or changed when `version` is the one the user saw
    (a figure changed meanwhile by someone else is not overwritten)."""
    span = period_of(period)
    if not (unit.valid_from < span.end and (unit.valid_to is None or unit.valid_to > span.start)):
        raise PlansError(
            gettext_noop("%(unit)s không hoạt động trong kỳ %(period)s."),
            field="period",
            unit=unit.name,
            period=span.code,
        )
    current = (
        Measurement.objects.select_for_update()
        .filter(indicator=indicator, unit=unit, period=span.code)
        .first()
    )
    if current is None:
        return Measurement.objects.create(
            indicator=indicator,
            unit=unit,
            province_code=unit.province_code,
            period=span.code,
            period_end=span.end,
            value=value,
            source=source,
            entered_by=by,
        )
    if version != current.version:
        raise PlansError(
            gettext_noop(
                "Số liệu %(indicator)s kỳ %(period)s của %(unit)s đã được nhập lúc %(at)s; "
                "hãy tải lại để xem rồi sửa."
            ),
            field="value",
            indicator=indicator.code,
            period=span.code,
            unit=unit.name,
            at=timezone.localtime(current.entered_at).strftime("%H:%M %d/%m/%Y"),
        )
    current.value, current.source, current.entered_by = value, source, by
    current.entered_at = timezone.now()
    current.version += 1
    current.save()
    return current
