"""Workbooks of several sheets, written the way the plans area's `workbook_response` writes its
single sheet: a bold, frozen header row with a filter, dates as Excel dates (dd/mm/yyyy),
Decimals as numbers, text always text. Rows after a sheet's table (a distribution, totals)
stay outside its filter."""

import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lamtheo.plans.spreadsheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    NUMBER_FORMAT,
    WHOLE_FORMAT,
    XLSX,
    sheet_title,
)

MAX_CELL = 32_767  # characters Excel keeps in a cell
_BOLD = Font(bold=True)


class Bold(list):
    """A row written in bold (a group of criteria, a total)."""


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]
    heading: list[str] = field(default_factory=list)  # lines above the header, the first bold
    after: list[list] = field(default_factory=list)  # rows below the table, a blank one first
    text_columns: tuple[int, ...] = ()  # kept as text when typed into ("1.1" is not a number)


def cell(sheet, value, *, bold: bool = False):
    """A value as the workbook stores it, with its number format."""
    number_format = None
    if isinstance(value, datetime):
        if timezone.is_aware(value):  # Excel has no time zones: the local time
            value = timezone.localtime(value).replace(tzinfo=None)
        number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        value = value if value.is_finite() else None
        whole = value is not None and value == value.to_integral_value()
        number_format = WHOLE_FORMAT if whole else NUMBER_FORMAT
    elif isinstance(value, float):
        value = value if math.isfinite(value) else None
        number_format = NUMBER_FORMAT
    elif value is not None and not isinstance(value, bool | int):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL]
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        written.data_type = "s"  # a leading "=" is text, never a formula
    if number_format and value is not None:
        written.number_format = number_format
    if bold:
        written.font = _BOLD
    return written


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return len(str(value)) + 2
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write(book, spec: Sheet) -> None:
    sheet = book.create_sheet(title=sheet_title(spec.title))
    widest = [len(str(h)) + 3 for h in spec.headers]
    for row in spec.rows[:200]:
        for index, value in enumerate(row):
            if index >= len(widest):
                widest.append(0)
            widest[index] = max(widest[index], _width(value))
    for index, width in enumerate(widest, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    for index in spec.text_columns:
        sheet.column_dimensions[get_column_letter(index + 1)].number_format = "@"
    top = len(spec.heading) + 2 if spec.heading else 1  # the header row
    sheet.freeze_panes = f"A{top + 1}"
    for index, line in enumerate(spec.heading):
        sheet.append([cell(sheet, str(line), bold=index == 0)])
    if spec.heading:
        sheet.append([])
    sheet.append([cell(sheet, str(header), bold=True) for header in spec.headers])
    for row in spec.rows:
        sheet.append([cell(sheet, value, bold=isinstance(row, Bold)) for value in row])
    if spec.headers:
        last = get_column_letter(len(spec.headers))
        sheet.auto_filter.ref = f"A{top}:{last}{top + len(spec.rows)}"
    if spec.after:
        sheet.append([])
        for row in spec.after:
            sheet.append([cell(sheet, value, bold=isinstance(row, Bold)) for value in row])


def workbook(filename: str, sheets: list[Sheet]) -> HttpResponse:
    """The sheets as an .xlsx download named `filename` (Vietnamese letters kept, RFC 6266)."""
    book = Workbook(write_only=True)
    for spec in sheets:
        _write(book, spec)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
