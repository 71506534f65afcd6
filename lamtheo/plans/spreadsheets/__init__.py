"""Excel for the plans area: every table page exports its rows as .xlsx, and figures and
commitments come in from a workbook, all or nothing.

An import reads the first sheet. Row 1 holds the headers, Vietnamese or English, in any order,
matched without accents or case; other columns are left alone. Every row is checked first, and
every problem is reported with Excel's row number and the column's header as the file writes
it. Only a file with no problem is written: in one transaction, through the services; when a
service refuses a row, nothing of the file is kept either. A blank optional cell never erases
what is stored.

The reading kit (`read_sheet`, `Check`, `Column`, the cell readers) and `columns_template` are
public for the imports of other areas (honours), which declare their own columns.
"""

from .commitments import import_commitments
from .common import (
    COMMITMENTS,
    DATE_FORMAT,
    DATETIME_FORMAT,
    MAX_ROWS,
    MEASUREMENTS,
    NUMBER_FORMAT,
    WHOLE_FORMAT,
    XLSX,
)
from .export import columns_template, sheet_title, template_workbook, workbook_response
from .figures import import_measurements
from .reading import Check, Sheet, cell_text, chunks, read_sheet, read_year
from .results import CELL, UNKNOWN_UNIT, BadCell, Column, ImportResult, Message, RowError

__all__ = [
    "CELL",
    "COMMITMENTS",
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "MAX_ROWS",
    "MEASUREMENTS",
    "NUMBER_FORMAT",
    "UNKNOWN_UNIT",
    "WHOLE_FORMAT",
    "XLSX",
    "BadCell",
    "Check",
    "Column",
    "ImportResult",
    "Message",
    "RowError",
    "Sheet",
    "cell_text",
    "chunks",
    "columns_template",
    "import_commitments",
    "import_measurements",
    "read_sheet",
    "read_year",
    "sheet_title",
    "template_workbook",
    "workbook_response",
]
