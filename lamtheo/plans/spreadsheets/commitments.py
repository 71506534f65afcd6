"""The import of commitments: every row checked, then all saved or none."""

from dataclasses import dataclass

from django.db import transaction

from lamtheo.org.models import OrgUnit

from .. import services
from ..domain import PlansError
from ..models import Commitment
from .reading import Check, _resolve, chunks, read_sheet, read_year
from .results import _COMMITMENT_COLUMNS, _COMMITMENT_FIELDS, ImportResult


@dataclass
class _Pledge:
    number: int
    unit: str | None
    year: int | None
    member: str | None
    content: str | None
    midyear: str | None
    yearend: str | None
    unit_obj: OrgUnit | None = None


def import_commitments(upload, *, user) -> ImportResult:
    """Commitments from an .xlsx file: "Mã đơn vị", "Năm", "Đảng viên" (blank: the unit's own),
    "Nội dung đăng ký", optionally "Tự đánh giá 6 tháng" and "Tự đánh giá cuối năm". One already
    registered is changed, unless a reviewer has rated it."""
    sheet, errors = read_sheet(upload, _COMMITMENT_COLUMNS)
    if errors:
        return ImportResult(errors=errors)
    check = Check(sheet)
    rows = [
        _Pledge(
            number=number,
            unit=check.read(number, values, "unit"),
            year=check.read(number, values, "year", read_year),
            member=check.read(number, values, "member", limit=120) or "",
            content=check.read(number, values, "content"),
            midyear=check.read(number, values, "midyear") or "",
            yearend=check.read(number, values, "yearend") or "",
        )
        for number, values in sheet.rows
    ]
    _resolve(check, rows, user, indicators=False)
    check.duplicates(rows, lambda r: (r.unit, r.year, r.member), ("unit", "year", "member"))
    if check.errors:
        return ImportResult(errors=check.errors)
    return _write_commitments(check, rows, user)


def _write_commitments(check: Check, rows: list[_Pledge], user) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        stored = {}
        for unit_ids in chunks({row.unit_obj.pk for row in rows}, share=2):
            for years in chunks({row.year for row in rows}, share=2):
                stored.update(
                    ((c.unit_id, c.year, c.member), c)
                    for c in Commitment.objects.filter(unit_id__in=unit_ids, year__in=years)
                )
        for row in rows:
            current = stored.get((row.unit_obj.pk, row.year, row.member))
            content = current is None or current.content != row.content
            assessed = any(
                new and (current is None or getattr(current, name) != new)
                for name, new in (("midyear", row.midyear), ("yearend", row.yearend))
            )
            if not content and not assessed:
                result.unchanged += 1
                continue
            try:
                record = current
                if content:
                    record = services.register_commitment(
                        unit=row.unit_obj,
                        year=row.year,
                        content=row.content,
                        by=user,
                        member=row.member,
                        commitment=current,
                        version=current.version if current else None,
                    )
                if assessed:
                    services.assess_commitment(
                        commitment=record,
                        midyear=row.midyear or None,
                        yearend=row.yearend or None,
                        version=record.version,
                    )
            except PlansError as error:  # rolled back to its own savepoint: go on checking
                check.refused(row.number, error, _COMMITMENT_FIELDS)
                continue
            if current is None:
                result.created += 1
            else:
                result.updated += 1
        if check.errors:
            transaction.set_rollback(True)
            return ImportResult(errors=check.errors)
    return result
