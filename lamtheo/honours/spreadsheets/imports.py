"""The import of a unit's exemplary cases and their commendations: every row checked, then
all saved through the services or none."""

from django.db import transaction
from django.utils import timezone

from lamtheo.plans.spreadsheets import Check, read_sheet

from .. import services
from ..domain import HonoursError
from .columns import CASE_COLUMNS, FIELDS, CaseImportResult
from .reading import CaseRows, commendation_columns, gather, read_lines, resolve


def import_cases(upload, *, user) -> CaseImportResult:
    """Cases from the first sheet of an .xlsx file: "Mã đơn vị", "Tập thể/cá nhân", "Tên tập
    thể, cá nhân", "Lĩnh vực" (a field's name or code), "Năm", "Tên mô hình, cách làm", and
    optionally "Chức vụ", "Nội dung", "Nguồn"; with "Hình thức khen thưởng", "Cấp khen
    thưởng", "Cơ quan khen thưởng", "Số quyết định" and "Ngày quyết định", a row also holds a
    commendation. Rows of the same unit, honoree, model and year are one case holding each
    row's commendation.

    Each case is nominated by `user` (an editor or admin of its unit or above); a case with
    commendations is verified and commended by `user` too, who must then also be a reviewer
    or admin of the unit or above. Every row is checked first; with any problem, or any
    refusal of a service while writing, nothing of the file is saved and every problem is
    reported by row and column."""
    sheet, errors = read_sheet(upload, CASE_COLUMNS)
    if not errors:
        errors = commendation_columns(sheet)
    if errors:
        return CaseImportResult(errors=errors)
    check = Check(sheet)
    lines = read_lines(check, today=timezone.localdate())
    resolve(check, lines, user)
    cases = gather(check, lines)
    if check.errors:
        return CaseImportResult(errors=check.errors)
    return _write(check, cases, user)


def _write(check: Check, cases: list[CaseRows], user) -> CaseImportResult:
    result = CaseImportResult()
    with transaction.atomic():
        for case in cases:
            _write_case(check, case, user, result)
        if check.errors:
            transaction.set_rollback(True)
            return CaseImportResult(errors=check.errors)
    return result


def _write_case(check: Check, case: CaseRows, user, result: CaseImportResult) -> None:
    """One case and its commendations; a service's refusal is rolled back to its own
    savepoint and noted, and the file goes on being checked."""
    first, values = case.lines[0], {k: v for k, (v, _) in case.values.items()}
    try:
        record = services.nominate_case(
            unit=first.unit_obj,
            kind=values["kind"],
            name=first.name,
            field=values["field_obj"],
            year=first.year,
            title=first.title,
            by=user,
            story=values.get("story", ""),
            position=values.get("position", ""),
            source=values.get("source", ""),
        )
    except HonoursError as error:
        check.refused(first.number, error, FIELDS)
        return
    result.created += 1
    result.duplicates += bool(record.duplicates_found)
    commended = [line for line in case.lines if line.commended]
    if not commended:
        return
    try:
        record = services.verify_case(case=record, by=user)
    except HonoursError as error:
        check.refused(commended[0].number, error, FIELDS)
        return
    for line in commended:
        try:
            services.commend_case(
                case=record,
                form=line.form_obj,
                level=line.level,
                decided_on=line.decided_on,
                by=user,
                issuer_name=line.issuer,
                decision=line.symbol,
            )
        except HonoursError as error:
            check.refused(line.number, error, FIELDS)
        else:
            result.commendations += 1
