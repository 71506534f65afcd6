"""What the plans area's workbooks share: formats, limits, the kinds of import."""

from decimal import Decimal

from openpyxl.styles import Font

from lamtheo.files.checks import KINDS

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
