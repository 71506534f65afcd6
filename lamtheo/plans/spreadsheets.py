"""Excel for the plans area: every table page exports its rows as .xlsx, and figures and
commitments come in from a workbook, all or nothing.

An import reads the first sheet. Row 1 holds the headers, Vietnamese or English, in any order,
matched without accents or case; other columns are left alone. Every row is checked first, and
every problem is reported with Excel's row number and the column's header as the file writes
it. Only a file with no problem is written: in one transaction, through the services; when a
service refuses a row, nothing of the file is kept either. A blank optional cell never erases
what is stored.
"""

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice
from urllib.parse import quote

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lamtheo.files.checks import KINDS, UploadError, clean_name, inspect
from lamtheo.org.models import OrgUnit, visible_unit_ids
from lamtheo.vn.dates import parse_period
from lamtheo.vn.errors import DateError, NumberError, gettext_noop, shown
from lamtheo.vn.numbers import parse_number
from lamtheo.vn.text import fold
from lamtheo.web import translated

from . import services
from .domain import PlansError
from .models import WRITERS, Commitment, Indicator, Measurement

XLSX = KINDS["xlsx"].mime
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
NUMBER_FORMAT = "#,##0.##"
WHOLE_FORMAT = "#,##0"  # "#,##0.##" would show a whole number with a trailing mark: "1.567,"
MAX_ROWS = 50_000
MEASUREMENTS = "measurements"
COMMITMENTS = "commitments"

_BOLD = Font(bold=True)
_SAMPLE = 200  # rows looked at to size the columns
_MAX_CELL = 32_767  # characters Excel keeps in a cell
_PLACES = 4  # decimal places a figure is stored with
_LIMIT = Decimal(10) ** 16  # a figure's whole digits: max_digits 20 less the 4 places
_SHEET_CHARS = str.maketrans(
    {":": " - ", "/": "-", "\\": "-", "[": "(", "]": ")", "*": "", "?": ""}
)


# --- Export -----------------------------------------------------------------------------------


def workbook_response(
    filename: str,
    title: str,
    headers: list[str],
    rows: Iterable[list],
    *,
    widths: list[float] | None = None,
) -> HttpResponse:
    """A table as an .xlsx download: a bold, frozen header row with a filter, dates as Excel
    dates (dd/mm/yyyy), Decimals and floats as numbers ("#,##0.##": Excel shows the reader's
    separators), text always as text (a value starting with "=" is never a formula).

    The sheet is written in openpyxl's write-only mode: rows stream to a temporary file as
    they come from `rows`, which may be a generator or a queryset's iterator. Columns are
    sized from the headers and the first rows unless `widths` says otherwise."""
    return _workbook(filename, title, headers, rows, widths=widths)


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


def _workbook(filename, title, headers, rows, *, widths=None, text_columns=()) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    headers = [str(header) for header in headers]
    rows = iter(rows)
    sample = [list(row) for row in islice(rows, _SAMPLE)]
    for index, width in enumerate(widths or _widths(headers, sample), start=1):
        if width:
            sheet.column_dimensions[get_column_letter(index)].width = width
    for index in text_columns:  # typed into later, they stay text ("2024-05" is not a date)
        sheet.column_dimensions[get_column_letter(index + 1)].number_format = "@"
    sheet.freeze_panes = "A2"
    sheet.append([_header(sheet, header) for header in headers])
    count = 1
    for row in chain(sample, rows):
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count}"
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


# --- Import: results and errors ---------------------------------------------------------------


class _Message:
    """A message of another layer (the toolkit's, a service's) inside a row's message; it is
    translated when the row's message is, in the language active then."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, params: dict):
        self.template, self.params = template, params

    def __str__(self) -> str:
        return translated(self)

    def __repr__(self) -> str:
        return f"_Message({self.template!r}, {self.params!r})"


@dataclass(frozen=True, eq=False)
class RowError:
    """One problem of an imported file. `row` is Excel's row number (None: the file as a
    whole), `column` the header as the file writes it ("" when the problem is not one
    column's). `template` % `params` is the Vietnamese message: `translated(error)` or
    `error.message` give it in the active language."""

    row: int | None
    column: str
    template: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return translated(self)

    def __str__(self) -> str:
        return self.message


@dataclass
class ImportResult:
    """What an import did. With any error, nothing was saved and the counts are 0."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0  # rows that were already stored as the file has them
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_CELL = gettext_noop("Dòng %(row)s, cột «%(column)s»: %(detail)s")
_ROW = gettext_noop("Dòng %(row)s: %(detail)s")
_REQUIRED = gettext_noop("Dòng %(row)s, cột «%(column)s»: chưa nhập.")
_TOO_LONG = gettext_noop("Dòng %(row)s, cột «%(column)s»: dài quá %(limit)s ký tự.")
_NOT_NUMBER = gettext_noop("Dòng %(row)s, cột «%(column)s»: '%(text)s' không phải là số.")
_TOO_PRECISE = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: '%(text)s' có quá %(places)s chữ số thập phân."
)
_TOO_BIG = gettext_noop("Dòng %(row)s, cột «%(column)s»: '%(text)s' quá lớn.")
_NOT_YEAR = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: '%(text)s' không phải là năm (ví dụ: 2025)."
)
_PERIOD_DATE = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: Excel đã đổi kỳ thành ngày %(day)s; hãy định dạng cột "
    "là Văn bản (Text) rồi nhập mã kỳ (ví dụ: 2024, 2024-H1, 2024-05)."
)
_UNKNOWN_INDICATOR = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: không có chỉ tiêu nào mã '%(code)s' mà bạn được xem."
)
_UNKNOWN_UNIT = gettext_noop("Dòng %(row)s, cột «%(column)s»: không có đơn vị nào mã '%(code)s'.")
_NOT_WRITER = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: bạn không có quyền cập nhật cho đơn vị '%(code)s'."
)
_DUPLICATE = gettext_noop("Dòng %(row)s trùng với dòng %(first)s: cùng %(columns)s.")
_MISSING_COLUMN = gettext_noop("Dòng %(row)s (dòng tiêu đề): thiếu cột «%(column)s».")
_COLUMN_TWICE = gettext_noop(
    "Dòng %(row)s (dòng tiêu đề): cột «%(column)s» có hai lần (cột %(first)s và cột %(second)s)."
)
_NOT_XLSX = gettext_noop(
    "Tệp '%(name)s' không phải là tệp Excel (.xlsx); hãy dùng tệp mẫu để nhập."
)
_OTHER_KIND = gettext_noop(
    "Tệp '%(name)s' là %(kind)s, không phải tệp Excel (.xlsx); hãy lưu lại dưới dạng .xlsx."
)
_OLD_EXCEL = gettext_noop(
    "Tệp '%(name)s' là Excel 97-2003 (.xls): hãy mở bằng Excel, lưu lại dưới dạng .xlsx "
    "(Excel Workbook) rồi gửi lại."
)
_REFUSED = gettext_noop("Không nhận tệp: %(detail)s")
_UNREADABLE = gettext_noop(
    "Không đọc được tệp Excel '%(name)s': tệp bị hỏng hoặc không đúng định dạng .xlsx."
)
_NO_HEADER = gettext_noop(
    "Tệp '%(name)s' trống: dòng 1 của trang tính đầu tiên phải là dòng tiêu đề (%(columns)s)."
)
_NO_ROWS = gettext_noop("Tệp '%(name)s' không có dòng nào dưới dòng tiêu đề.")
_TOO_MANY = gettext_noop("Tệp '%(name)s' có hơn %(limit)s dòng; hãy chia thành nhiều tệp nhỏ hơn.")


class _Bad(Exception):
    """A cell that cannot be read: the message template without its row and column."""

    def __init__(self, template: str, **params):
        super().__init__(template)
        self.template, self.params = template, params


def _file_error(template: str, **params) -> RowError:
    return RowError(row=None, column="", template=template, params=params)


# --- Import: the columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    key: str
    label: str  # the Vietnamese header, as the template writes it
    aliases: str  # English and other spellings, "|" between them
    need: str = "cell"  # the column and each cell; "column": cells may be blank; "": optional
    width: int = 18
    example: object = None
    text: bool = False  # kept as text in the template (codes, periods)

    @property
    def required(self) -> bool:
        return bool(self.need)

    @property
    def blank(self) -> bool:
        return self.need != "cell"


_MEASUREMENT_COLUMNS = (
    _Column("indicator", "Mã chỉ tiêu", "indicator code|indicator", example="ho-ngheo", text=True),
    _Column("unit", "Mã đơn vị", "unit code|unit", example="T11", text=True),
    _Column("period", "Kỳ", "period", width=14, example="2024-H1", text=True),
    _Column("value", "Giá trị", "value|figure", width=16, example=Decimal("1567.5")),
    _Column("source", "Nguồn số liệu", "source|data source", "", 40, "Báo cáo của UBND tỉnh"),
)
_COMMITMENT_COLUMNS = (
    _Column("unit", "Mã đơn vị", "unit code|unit", example="CB-01", text=True),
    _Column("year", "Năm", "year", width=10, example=2025),
    _Column("member", "Đảng viên", "member|party member", "column", 26, "Nguyễn Văn An"),
    _Column(
        "content",
        "Nội dung đăng ký",
        "content|commitment|commitments",
        width=60,
        example="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: ...",
    ),
    _Column("midyear", "Tự đánh giá 6 tháng", "mid year self assessment|midyear", "", 40),
    _Column("yearend", "Tự đánh giá cuối năm", "year end self assessment|yearend", "", 40),
)
# Which column a service's error is about, by the field it names.
_MEASUREMENT_FIELDS = {"period": "period", "value": "value"}
_COMMITMENT_FIELDS = {f: f for f in ("year", "member", "content", "midyear", "yearend")}


def _key(text) -> str:
    """A header as it is matched: without accents, case, punctuation or extra spaces.

    >>> _key(" Mã  đơn vị* "), _key("Mid-year self-assessment")
    ('ma don vi', 'mid year self assessment')
    """
    return " ".join(re.sub(r"[-_*:.()]", " ", fold(str(text))).split())


def _lookup(columns) -> dict[str, _Column]:
    found = {}
    for column in columns:
        for name in (*column.aliases.split("|"), gettext(column.label), column.label):
            found[_key(name)] = column
    return found


# --- Import: reading the sheet ----------------------------------------------------------------


@dataclass
class _Sheet:
    name: str
    columns: dict[str, _Column]
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


def _read(upload, columns) -> tuple[_Sheet | None, list[RowError]]:
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


def _rows(book, name: str, columns) -> tuple[_Sheet | None, list[RowError]]:
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
    return _Sheet(name, {c.key: c for c in columns}, headers, rows), []


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
            raise _Bad(_NOT_NUMBER, text=str(value))
        value = Decimal(repr(value))  # 12.8, not the binary 12.800000000000000710...
        if value.as_tuple().exponent < -_PLACES:  # Excel's arithmetic noise
            value = value.quantize(Decimal(1).scaleb(-_PLACES))
        return value
    return Decimal(value)


def _text(value) -> str:
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
        raise _Bad(_NOT_NUMBER, text=shown(_text(value)))
    if isinstance(value, int | float | Decimal):
        number = _decimal(value)
    else:
        text = _text(value)
        body = text[:-1].rstrip() if text.endswith("%") else text
        try:
            number = parse_number(body)
        except NumberError as error:
            raise _Bad(_CELL, detail=_Message(error.template, error.params)) from None
        if number.as_tuple().exponent < -_PLACES:
            raise _Bad(_TOO_PRECISE, text=shown(text), places=_PLACES)
    if not number.is_finite() or abs(number) >= _LIMIT:
        raise _Bad(_TOO_BIG, text=shown(_text(value)))
    return number


def _period(value) -> str:
    """A period's code, from its code or its Vietnamese name (`parse_period`); a date on the
    1st of a month is that month ("2024-05" typed into Excel becomes 01/05/2024)."""
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if day.day != 1 or (isinstance(value, datetime) and value.time() != time()):
            raise _Bad(_PERIOD_DATE, day=day.strftime("%d/%m/%Y"))
        return f"{day.year:04d}-{day.month:02d}"
    try:
        return parse_period(_text(value)).code
    except DateError as error:
        raise _Bad(_CELL, detail=_Message(error.template, error.params)) from None


def _year(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float | Decimal) and value == int(value):
        return int(value)
    text = _text(value)
    if not isinstance(value, bool | date | time):
        found = re.fullmatch(r"(?:nam\s+)?([0-9]{4})", fold(text))
        if found:
            return int(found[1])
    raise _Bad(_NOT_YEAR, text=shown(text))


class _Check:
    """The problems of one file, kept in the file's order."""

    def __init__(self, sheet: _Sheet):
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

    def refused(self, row: int, error: PlansError, fields: dict[str, str]) -> None:
        """A service's refusal, about the column of the field it names if the file has it."""
        key = fields.get(error.field or "")
        detail = _Message(error.template, error.params)
        if key in self.sheet.headers:
            self.fail(row, key, _CELL, detail=detail)
        else:
            self.fail(row, None, _ROW, detail=detail)

    def read(self, row: int, values: tuple, key: str, reader=_text, *, limit: int = 0):
        """The cell of `key` read by `reader`; None (with the problem noted) when it cannot
        be, or when it is blank: a blank is a problem unless the column allows it."""
        value = self.sheet.value(values, key)
        if value is None:
            if key in self.sheet.headers and not self.sheet.columns[key].blank:
                self.fail(row, key, _REQUIRED)
            return None
        try:
            found = reader(value)
        except _Bad as bad:
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


def _chunks(values: Iterable, *, share: int = 1) -> Iterator[list]:
    """The values in lists a query may hold as parameters (SQLite takes 999), `share` lists
    to a query: one list, one query, for any file of a few hundred units."""
    values = sorted(values)
    size = ((connection.features.max_query_params or 30_000) - 99) // share
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _indicators(user, codes: set[str]) -> dict[str, Indicator]:
    found = {}
    for chunk in _chunks(codes):
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
    for chunk in _chunks(codes):
        units = OrgUnit.objects.filter(code__in=chunk).annotate(writable=writable)
        found.update((unit.code, unit) for unit in units)
    return found


def _resolve(check: _Check, rows: list, user, *, indicators: bool) -> None:
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
                check.fail(row.number, "unit", _UNKNOWN_UNIT, code=row.unit)
            elif not row.unit_obj.writable:
                check.fail(row.number, "unit", _NOT_WRITER, code=row.unit)


# --- Import: figures --------------------------------------------------------------------------


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
    sheet, errors = _read(upload, _MEASUREMENT_COLUMNS)
    if errors:
        return ImportResult(errors=errors)
    check = _Check(sheet)
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


def _write_measurements(check: _Check, rows: list[_Figure], user) -> ImportResult:
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
    indicators = _chunks({row.indicator_obj.pk for row in rows}, share=3)
    for indicator_ids in indicators:
        for unit_ids in _chunks({row.unit_obj.pk for row in rows}, share=3):
            for periods in _chunks({row.period for row in rows}, share=3):
                stored.update(
                    ((m.indicator_id, m.unit_id, m.period), m)
                    for m in Measurement.objects.filter(
                        indicator_id__in=indicator_ids, unit_id__in=unit_ids, period__in=periods
                    ).only("indicator_id", "unit_id", "period", "value", "source", "version")
                )
    return stored


# --- Import: commitments ----------------------------------------------------------------------


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
    sheet, errors = _read(upload, _COMMITMENT_COLUMNS)
    if errors:
        return ImportResult(errors=errors)
    check = _Check(sheet)
    rows = [
        _Pledge(
            number=number,
            unit=check.read(number, values, "unit"),
            year=check.read(number, values, "year", _year),
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


def _write_commitments(check: _Check, rows: list[_Pledge], user) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        stored = {}
        for unit_ids in _chunks({row.unit_obj.pk for row in rows}, share=2):
            for years in _chunks({row.year for row in rows}, share=2):
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


# --- Import templates -------------------------------------------------------------------------

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
    return _workbook(
        filename,
        title,
        [column.label for column in columns],
        [[column.example for column in columns]],
        widths=[column.width for column in columns],
        text_columns=[index for index, column in enumerate(columns) if column.text],
    )
