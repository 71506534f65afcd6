"""Reading a workbook: the header row, each cell checked, units and indicators resolved."""

import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Case, Value, When
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lamtheo.files.checks import UploadError, clean_name, inspect
from lamtheo.org.models import OrgUnit, visible_unit_ids
from lamtheo.vn.dates import parse_period
from lamtheo.vn.errors import DateError, NumberError, shown
from lamtheo.vn.numbers import parse_number
from lamtheo.vn.text import fold

from ..models import WRITERS, Indicator
from .common import _LIMIT, _PLACES, MAX_ROWS
from .results import (
    _COLUMN_TWICE,
    _DUPLICATE,
    _MISSING_COLUMN,
    _NO_HEADER,
    _NO_ROWS,
    _NOT_NUMBER,
    _NOT_WRITER,
    _NOT_XLSX,
    _NOT_YEAR,
    _OLD_EXCEL,
    _OTHER_KIND,
    _PERIOD_DATE,
    _REFUSED,
    _REQUIRED,
    _ROW,
    _TOO_BIG,
    _TOO_LONG,
    _TOO_MANY,
    _TOO_PRECISE,
    _UNKNOWN_INDICATOR,
    _UNREADABLE,
    CELL,
    UNKNOWN_UNIT,
    BadCell,
    Column,
    Message,
    RowError,
    _file_error,
    _key,
    _lookup,
)


@dataclass
class Sheet:
    name: str
    columns: dict[str, Column]
    headers: dict[str, tuple[int, str]]  # column key -> (index, header as the file writes it)
    rows: list[tuple[int, tuple]]  # (Excel's row number, the cells' values)

    def header(self, key: str | None) -> str:
        return self.headers[key][1] if key in self.headers else ""

    def position(self, key: str | None) -> int:
        return self.headers[key][0] if key in self.headers else -1

    def value(self, values: tuple, key: str):
        if key not in self.headers:
            return None
        index = self.headers[key][0]
        return values[index] if index < len(values) else None


def read_sheet(upload, columns) -> tuple[Sheet | None, list[RowError]]:
    name = clean_name(getattr(upload, "name", "") or "tep.xlsx")
    size = upload.size
    upload.seek(0)
    if 0 < size <= settings.UPLOAD_MAX_BYTES:
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # the 97-2003 container
            return None, [_file_error(_OLD_EXCEL, name=name)]
        if not head.startswith(b"PK\x03\x04"):
            return None, [_file_error(_NOT_XLSX, name=name)]
        broken = not zipfile.is_zipfile(upload)
        upload.seek(0)
        if broken:
            return None, [_file_error(_UNREADABLE, name=name)]
    try:
        checked = inspect(name, upload, size, settings.UPLOAD_MAX_BYTES)
    except UploadError as error:  # empty, too large, a macro, a zip bomb, a false name
        return None, [_file_error(_REFUSED, detail=str(error))]
    if checked.kind.key != "xlsx":
        return None, [_file_error(_OTHER_KIND, name=name, kind=str(checked.kind.label))]
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl fails on a broken file in many ways
        return None, [_file_error(_UNREADABLE, name=name)]
    try:
        return _rows(book, name, columns)
    except Exception:  # the rows are parsed as they are read
        return None, [_file_error(_UNREADABLE, name=name)]
    finally:
        book.close()


def _rows(book, name: str, columns) -> tuple[Sheet | None, list[RowError]]:
    required = ", ".join(f"«{c.label}»" for c in columns if c.required)
    if not book.worksheets:
        return None, [_file_error(_NO_HEADER, name=name, columns=required)]
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # the size a file declares may be wrong: read what is there
    cells = sheet.iter_rows(min_row=1, max_row=1, values_only=True)
    header = [_plain(value) for value in next(cells, ())]
    if not any(header):
        return None, [_file_error(_NO_HEADER, name=name, columns=required)]
    lookup, headers, errors = _lookup(columns), {}, []
    for index, text in enumerate(header):
        column = lookup.get(_key(text)) if text else None
        if column is None:
            continue  # a column of the user's own
        if column.key in headers:
            first = get_column_letter(headers[column.key][0] + 1)
            params = {"first": first, "second": get_column_letter(index + 1)}
            errors.append(RowError(1, text, _COLUMN_TWICE, {"row": 1, "column": text, **params}))
            continue
        headers[column.key] = (index, text)
    for column in columns:
        if column.required and column.key not in headers:
            params = {"row": 1, "column": column.label}
            errors.append(RowError(1, column.label, _MISSING_COLUMN, params))
    if errors:
        return None, errors
    width = max(index for index, _ in headers.values()) + 1
    rows = []
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=width), start=2):
        values = tuple(_value(cell) for cell in row)
        if not any(value is not None for value in values):
            continue
        if len(rows) == MAX_ROWS:
            return None, [_file_error(_TOO_MANY, name=name, limit=MAX_ROWS)]
        rows.append((number, values))
    if not rows:
        return None, [_file_error(_NO_ROWS, name=name)]
    return Sheet(name, {c.key: c for c in columns}, headers, rows), []


def _plain(value):
    """A cell's value with text in NFC and without outer spaces; None for a blank."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value or None
    return value


def _value(cell):
    value = _plain(getattr(cell, "value", None))
    # A percentage cell holds the fraction: 12,8% is 0.128; the figure is 12.8.
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and "%" in (getattr(cell, "number_format", None) or ""):
        return _decimal(value) * 100
    return value


def _decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadCell(_NOT_NUMBER, text=str(value))
        value = Decimal(repr(value))  # 12.8, not the binary 12.800000000000000710...
        if value.as_tuple().exponent < -_PLACES:  # Excel's arithmetic noise
            value = value.quantize(Decimal(1).scaleb(-_PLACES))
        return value
    return Decimal(value)


def cell_text(value) -> str:
    """A cell's value as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _number(value) -> Decimal:
    if isinstance(value, bool | date | time):
        raise BadCell(_NOT_NUMBER, text=shown(cell_text(value)))
    if isinstance(value, int | float | Decimal):
        number = _decimal(value)
    else:
        text = cell_text(value)
        body = text[:-1].rstrip() if text.endswith("%") else text
        try:
            number = parse_number(body)
        except NumberError as error:
            raise BadCell(CELL, detail=Message(error.template, error.params)) from None
        if number.as_tuple().exponent < -_PLACES:
            raise BadCell(_TOO_PRECISE, text=shown(text), places=_PLACES)
    if not number.is_finite() or abs(number) >= _LIMIT:
        raise BadCell(_TOO_BIG, text=shown(cell_text(value)))
    return number


def _period(value) -> str:
    """A period's code, from its code or its Vietnamese name (`parse_period`); a date on the
    1st of a month is that month ("2024-05" typed into Excel becomes 01/05/2024)."""
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if day.day != 1 or (isinstance(value, datetime) and value.time() != time()):
            raise BadCell(_PERIOD_DATE, day=day.strftime("%d/%m/%Y"))
        return f"{day.year:04d}-{day.month:02d}"
    try:
        return parse_period(cell_text(value)).code
    except DateError as error:
        raise BadCell(CELL, detail=Message(error.template, error.params)) from None


def read_year(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float | Decimal) and value == int(value):
        return int(value)
    text = cell_text(value)
    if not isinstance(value, bool | date | time):
        found = re.fullmatch(r"(?:nam\s+)?([0-9]{4})", fold(text))
        if found:
            return int(found[1])
    raise BadCell(_NOT_YEAR, text=shown(text))


class Check:
    """The problems of one file, kept in the file's order."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self._found: list[tuple[tuple[int, int, int], RowError]] = []

    @property
    def errors(self) -> list[RowError]:
        return [error for _, error in sorted(self._found, key=lambda pair: pair[0])]

    def fail(self, row: int, key: str | None, template: str, **params) -> None:
        column = self.sheet.header(key)
        params = {"row": row, **({"column": column} if column else {}), **params}
        order = (row, self.sheet.position(key), len(self._found))
        self._found.append((order, RowError(row, column, template, params)))

    def refused(self, row: int, error, fields: dict[str, str]) -> None:
        """A service's refusal (an area's error: `template`, `params`, `field`), about the
        column of the field it names if the file has it."""
        key = fields.get(error.field or "")
        detail = Message(error.template, error.params)
        if key in self.sheet.headers:
            self.fail(row, key, CELL, detail=detail)
        else:
            self.fail(row, None, _ROW, detail=detail)

    def read(self, row: int, values: tuple, key: str, reader=cell_text, *, limit: int = 0):
        """The cell of `key` read by `reader`; None (with the problem noted) when it cannot
        be, or when it is blank: a blank is a problem unless the column allows it."""
        value = self.sheet.value(values, key)
        if value is None:
            if key in self.sheet.headers and not self.sheet.columns[key].blank:
                self.fail(row, key, _REQUIRED)
            return None
        try:
            found = reader(value)
        except BadCell as bad:
            self.fail(row, key, bad.template, **bad.params)
            return None
        if limit and len(found) > limit:
            self.fail(row, key, _TOO_LONG, limit=limit)
            return None
        return found

    def duplicates(self, rows: list, key, columns: tuple[str, ...]) -> None:
        """Two rows of the file for the same record: the later one is refused."""
        named = ", ".join(f"«{self.sheet.header(c)}»" for c in columns)
        first: dict[tuple, int] = {}
        for row in rows:
            found = key(row)
            if None in found:
                continue
            if found in first:
                self.fail(row.number, None, _DUPLICATE, first=first[found], columns=named)
            else:
                first[found] = row.number


def chunks(values: Iterable, *, share: int = 1) -> Iterator[list]:
    """The values in lists a query may hold as parameters (SQLite takes 999), `share` lists
    to a query: one list, one query, for any file of a few hundred units."""
    values = sorted(values)
    size = ((connection.features.max_query_params or 30_000) - 99) // share
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _indicators(user, codes: set[str]) -> dict[str, Indicator]:
    found = {}
    for chunk in chunks(codes):
        found.update((i.code, i) for i in Indicator.objects.visible_to(user).filter(code__in=chunk))
    return found


def _units(user, codes: set[str]) -> dict[str, OrgUnit]:
    """The units of the file by code, each with `writable`: the user is an editor or admin of
    it or of a unit above it (a superuser everywhere), as `editable_by` of the area."""
    if not (user.is_authenticated and user.is_active):
        writable = Value(False)
    elif user.is_superuser:
        writable = Value(True)
    else:
        writable = Case(
            When(pk__in=visible_unit_ids(user, roles=WRITERS), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    found = {}
    for chunk in chunks(codes):
        units = OrgUnit.objects.filter(code__in=chunk).annotate(writable=writable)
        found.update((unit.code, unit) for unit in units)
    return found


def _resolve(check: Check, rows: list, user, *, indicators: bool) -> None:
    """Each row's indicator and unit from their codes: two queries for the whole file."""
    known = _indicators(user, {r.indicator for r in rows if r.indicator}) if indicators else {}
    units = _units(user, {r.unit for r in rows if r.unit})
    for row in rows:
        if indicators and row.indicator is not None:
            row.indicator_obj = known.get(row.indicator)
            if row.indicator_obj is None:
                check.fail(row.number, "indicator", _UNKNOWN_INDICATOR, code=row.indicator)
        if row.unit is not None:
            row.unit_obj = units.get(row.unit)
            if row.unit_obj is None:
                check.fail(row.number, "unit", UNKNOWN_UNIT, code=row.unit)
            elif not row.unit_obj.writable:
                check.fail(row.number, "unit", _NOT_WRITER, code=row.unit)
