"""Excel for the honours area: a unit's exemplary cases and their commendations come in from a
workbook, all or nothing; the statistics and the list of cases go out as .xlsx.

The import reads the first sheet with the plans area's reading kit (`lamtheo.plans.spreadsheets`):
row 1 holds the headers, Vietnamese or English, in any order, matched without accents or case;
every row is checked first and every problem is named by Excel's row number and the column's
header as the file writes it; only a file with no problem is written, in one transaction,
through the services, and a service's refusal of any row keeps nothing of the file either.
"""

from .columns import CASE_COLUMNS, CaseImportResult
from .export import cases_template, cases_workbook, stats_workbook
from .imports import import_cases

__all__ = [
    "CASE_COLUMNS",
    "CaseImportResult",
    "cases_template",
    "cases_workbook",
    "import_cases",
    "stats_workbook",
]
