"""The import of figures (measurements): every row checked, then all saved or none."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from lamtheo.org.models import OrgUnit

from .. import services
from ..domain import PlansError
from ..models import Indicator, Measurement
from .reading import Check, _number, _period, _resolve, chunks, read_sheet
from .results import _MEASUREMENT_COLUMNS, _MEASUREMENT_FIELDS, ImportResult


@dataclass
class _Figure:
    number: int
    indicator: str | None
    unit: str | None
    period: str | None
    value: Decimal | None
    source: str | None
    indicator_obj: Indicator | None = None
    unit_obj: OrgUnit | None = None


def import_measurements(upload, *, user) -> ImportResult:
    """Figures from an .xlsx file: "Mã chỉ tiêu", "Mã đơn vị", "Kỳ" (2024, 2024-H1, or as
    reports name it: "6 tháng đầu năm 2024"), "Giá trị" (a number cell or Vietnamese digits:
    "1.567", "12,8"), optionally "Nguồn số liệu". A figure already stored is changed."""
    sheet, errors = read_sheet(upload, _MEASUREMENT_COLUMNS)
    if errors:
        return ImportResult(errors=errors)
    check = Check(sheet)
    rows = [
        _Figure(
            number=number,
            indicator=check.read(number, values, "indicator"),
            unit=check.read(number, values, "unit"),
            period=check.read(number, values, "period", _period),
            value=check.read(number, values, "value", _number),
            source=check.read(number, values, "source", limit=300),
        )
        for number, values in sheet.rows
    ]
    _resolve(check, rows, user, indicators=True)
    check.duplicates(
        rows, lambda r: (r.indicator, r.unit, r.period), ("indicator", "unit", "period")
    )
    if check.errors:
        return ImportResult(errors=check.errors)
    return _write_measurements(check, rows, user)


def _write_measurements(check: Check, rows: list[_Figure], user) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        stored = _stored_measurements(rows)
        for row in rows:
            current = stored.get((row.indicator_obj.pk, row.unit_obj.pk, row.period))
            source = row.source or (current.source if current else "")
            if current is not None and (current.value, current.source) == (row.value, source):
                result.unchanged += 1
                continue
            try:
                services.record_measurement(
                    indicator=row.indicator_obj,
                    unit=row.unit_obj,
                    period=row.period,
                    value=row.value,
                    by=user,
                    source=source,
                    version=current.version if current else None,
                )
            except PlansError as error:  # rolled back to its own savepoint: go on checking
                check.refused(row.number, error, _MEASUREMENT_FIELDS)
                continue
            if current is None:
                result.created += 1
            else:
                result.updated += 1
        if check.errors:
            transaction.set_rollback(True)
            return ImportResult(errors=check.errors)
    return result


def _stored_measurements(rows: list[_Figure]) -> dict[tuple, Measurement]:
    """The figures the file names that are already stored: one query for a usual file."""
    stored = {}
    indicators = chunks({row.indicator_obj.pk for row in rows}, share=3)
    for indicator_ids in indicators:
        for unit_ids in chunks({row.unit_obj.pk for row in rows}, share=3):
            for periods in chunks({row.period for row in rows}, share=3):
                stored.update(
                    ((m.indicator_id, m.unit_id, m.period), m)
                    for m in Measurement.objects.filter(
                        indicator_id__in=indicator_ids, unit_id__in=unit_ids, period__in=periods
                    ).only("indicator_id", "unit_id", "period", "value", "source", "version")
                )
    return stored
