"""Workbooks out: every table page's rows, and the blank import templates."""

import io
import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter

from lamtheo.files.checks import clean_name
from lamtheo.vn.text import fold

from .common import (
    _BOLD,
    _MAX_CELL,
    _SAMPLE,
    _SHEET_CHARS,
    COMMITMENTS,
    DATE_FORMAT,
    DATETIME_FORMAT,
    MEASUREMENTS,
    NUMBER_FORMAT,
    WHOLE_FORMAT,
    XLSX,
)
from .results import _COMMITMENT_COLUMNS, _MEASUREMENT_COLUMNS, Column


def workbook_response(
    filename: str,
    title: str,
    headers: list[str],
    rows: Iterable[list],
    *,
    widths: list[float] | None = None,
    heading: Iterable[str] = (),
    total: list | None = None,
) -> HttpResponse:
    """A table as an .xlsx download: a bold, frozen header row with a filter, dates as Excel
    dates (dd/mm/yyyy), Decimals and floats as numbers ("#,##0.##": Excel shows the reader's
    separators), text always as text (a value starting with "=" is never a formula).

    The sheet is written in openpyxl's write-only mode: rows stream to a temporary file as
    they come from `rows`, which may be a generator or a queryset's iterator. Columns are
    sized from the headers and the first rows unless `widths` says otherwise. `heading` lines
    (the first in bold) go above the header row, with a blank row after them; `total` is a
    last row in bold, outside the filter."""
    return _workbook(filename, title, headers, rows, widths=widths, heading=heading, total=total)


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, no quote at an end.

    >>> sheet_title("Số liệu: chỉ tiêu/kỳ [2024]")
    'Số liệu - chỉ tiêu-kỳ (2024)'
    >>> sheet_title("Danh sách đăng ký làm theo của các chi bộ năm 2025")
    'Danh sách đăng ký làm theo của'
    >>> sheet_title(" ?* "), sheet_title("History")
    ('Bảng', 'History 1')
    """
    text = unicodedata.normalize("NFC", str(title)).translate(_SHEET_CHARS)
    text = " ".join("".join(c for c in text if c.isprintable()).split())
    text = text.strip("'")[:31].strip(" '")
    if text.casefold() == "history":  # reserved by Excel
        text += " 1"
    return text or "Bảng"


def _workbook(
    filename, title, headers, rows, *, widths=None, text_columns=(), heading=(), total=None
) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    headers = [str(header) for header in headers]
    heading = [str(line) for line in heading]
    rows = iter(rows)
    sample = [list(row) for row in islice(rows, _SAMPLE)]
    for index, width in enumerate(widths or _widths(headers, sample), start=1):
        if width:
            sheet.column_dimensions[get_column_letter(index)].width = width
    for index in text_columns:  # typed into later, they stay text ("2024-05" is not a date)
        sheet.column_dimensions[get_column_letter(index + 1)].number_format = "@"
    top = len(heading) + 2 if heading else 1  # the header row
    sheet.freeze_panes = f"A{top + 1}"
    for index, line in enumerate(heading):
        sheet.append([_header(sheet, line) if index == 0 else _cell(sheet, line)])
    if heading:
        sheet.append([])
    sheet.append([_header(sheet, header) for header in headers])
    count = top
    for row in chain(sample, rows):
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{count}"
    if total is not None:
        sheet.append([_bold(sheet, value) for value in total])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = _disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _disposition(filename: str) -> str:
    """An attachment with an ASCII name for old clients and the real one as RFC 6266 asks."""
    name = clean_name(str(filename))
    if not name.lower().endswith(".xlsx"):
        name += ".xlsx"
    plain = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(name)).strip("-") or "bang.xlsx"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def _header(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_text_cell(text))
    cell.data_type = "s"
    cell.font = _BOLD
    return cell


def _bold(sheet, value) -> WriteOnlyCell:
    cell = _cell(sheet, value)
    if not isinstance(cell, Cell):  # a plain value: WriteOnlyCell is a factory of Cells
        cell = WriteOnlyCell(sheet, value=cell)
    cell.font = _BOLD
    return cell


def _styled(sheet, value, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _cell(sheet, value):
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):  # Excel has no time zones: the local time
            value = timezone.localtime(value).replace(tzinfo=None)
        return _styled(sheet, value, DATETIME_FORMAT)
    if isinstance(value, date):
        return _styled(sheet, value, DATE_FORMAT)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        whole = value == value.to_integral_value()
        return _styled(sheet, value, WHOLE_FORMAT if whole else NUMBER_FORMAT)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return _styled(sheet, value, WHOLE_FORMAT if value.is_integer() else NUMBER_FORMAT)
    text = _text_cell(value)
    if text.startswith("="):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would write it as a formula
        return cell
    return text


def _text_cell(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_MAX_CELL]


def _widths(headers: list[str], sample: list[list]) -> list[float]:
    columns = max([len(headers), *(len(row) for row in sample)])
    widest = [len(header) + 3 for header in headers] + [0] * (columns - len(headers))
    for row in sample:
        for index, value in enumerate(row):
            widest[index] = max(widest[index], _width(value))
    return [min(max(width + 2, 8), 60) for width in widest]


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return len(f"{value:,}") if not isinstance(value, float) or math.isfinite(value) else 0
    return max((len(line) for line in str(value).splitlines()), default=0)


_TEMPLATES = {
    MEASUREMENTS: (_MEASUREMENT_COLUMNS, "Mẫu nhập số liệu.xlsx", "Mẫu nhập số liệu"),
    COMMITMENTS: (_COMMITMENT_COLUMNS, "Mẫu nhập đăng ký làm theo.xlsx", "Mẫu đăng ký làm theo"),
}


def template_workbook(kind: str) -> HttpResponse:
    """The empty import file for `kind` ("measurements" or "commitments") to download: the
    headers the import reads and one example row; code and period columns are text, so that
    Excel leaves "2024-05" alone."""
    if kind not in _TEMPLATES:
        raise ValueError(f"no import template for {kind!r}")
    columns, filename, title = _TEMPLATES[kind]
    return columns_template(columns, filename=filename, title=title)


def columns_template(columns: Iterable[Column], *, filename: str, title: str) -> HttpResponse:
    """The empty import file of an import reading `columns` (another area's too): their
    headers, one row of their examples, their widths; text columns stay text."""
    columns = list(columns)
    return _workbook(
        filename,
        title,
        [column.label for column in columns],
        [[column.example for column in columns]],
        widths=[column.width for column in columns],
        text_columns=[index for index, column in enumerate(columns) if column.text],
    )
