"""An import's outcome, its messages naming row and column, and the columns it reads."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from lamtheo.vn.errors import gettext_noop
from lamtheo.vn.text import fold
from lamtheo.web import translated


class Message:
    """A message of another layer (the toolkit's, a service's) inside a row's message; it is
    translated when the row's message is, in the language active then."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, params: dict):
        self.template, self.params = template, params

    def __str__(self) -> str:
        return translated(self)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, {self.params!r})"


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


CELL = gettext_noop("Dòng %(row)s, cột «%(column)s»: %(detail)s")


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


UNKNOWN_UNIT = gettext_noop("Dòng %(row)s, cột «%(column)s»: không có đơn vị nào mã '%(code)s'.")


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


class BadCell(Exception):
    """A cell that cannot be read: the message template without its row and column."""

    def __init__(self, template: str, **params):
        super().__init__(template)
        self.template, self.params = template, params


def _file_error(template: str, **params) -> RowError:
    return RowError(row=None, column="", template=template, params=params)


@dataclass(frozen=True)
class Column:
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
    Column("indicator", "Mã chỉ tiêu", "indicator code|indicator", example="ho-ngheo", text=True),
    Column("unit", "Mã đơn vị", "unit code|unit", example="T11", text=True),
    Column("period", "Kỳ", "period", width=14, example="2024-H1", text=True),
    Column("value", "Giá trị", "value|figure", width=16, example=Decimal("1567.5")),
    Column("source", "Nguồn số liệu", "source|data source", "", 40, "Báo cáo của UBND tỉnh"),
)


_COMMITMENT_COLUMNS = (
    Column("unit", "Mã đơn vị", "unit code|unit", example="CB-01", text=True),
    Column("year", "Năm", "year", width=10, example=2025),
    Column("member", "Đảng viên", "member|party member", "column", 26, "Nguyễn Văn An"),
    Column(
        "content",
        "Nội dung đăng ký",
        "content|commitment|commitments",
        width=60,
        example="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: ...",
    ),
    Column("midyear", "Tự đánh giá 6 tháng", "mid year self assessment|midyear", "", 40),
    Column("yearend", "Tự đánh giá cuối năm", "year end self assessment|yearend", "", 40),
)


# Which column a service's error is about, by the field it names.
_MEASUREMENT_FIELDS = {"period": "period", "value": "value"}


_COMMITMENT_FIELDS = {f: f for f in ("year", "member", "content", "midyear", "yearend")}


def _key(text) -> str:
    """A header as it is matched: without accents, case, punctuation or extra spaces.

    >>> _key(" Mã  đơn vị* "), _key("Mid-year self-assessment"), _key("Tập thể / cá nhân")
    ('ma don vi', 'mid year self assessment', 'tap the ca nhan')
    """
    return " ".join(re.sub(r"[-_*:.()/,;]", " ", fold(str(text))).split())


def _lookup(columns) -> dict[str, Column]:
    found = {}
    for column in columns:
        for name in (*column.aliases.split("|"), gettext(column.label), column.label):
            found[_key(name)] = column
    return found
