"""The tables of an official document as an Excel workbook (openpyxl): one sheet a table, the
figures written as numbers so they can be summed, the text kept as text.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from lamtheo.reporting.render.layout import clean, document_title, normalize_zip, page_of
from lamtheo.reporting.render.model import OfficialDocument, Table
from lamtheo.vn.errors import VnError
from lamtheo.vn.numbers import parse_number

NO_TABLES = "Báo cáo không có bảng số liệu."
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"


def sheet_title(caption: str, taken: set[str], index: int) -> str:
    """A sheet name from a caption: no []:*?/\\, no quote at either end, at most 31 characters,
    unique in the workbook (compared without case, as Excel does).

    >>> taken = set()
    >>> caption = "Bảng 1: Đảng viên/chi bộ"
    >>> sheet_title(caption, taken, 1), sheet_title(caption, taken, 2)
    ('Bảng 1 Đảng viênchi bộ', 'Bảng 1 Đảng viênchi bộ (2)')
    >>> len(sheet_title("x" * 40, taken, 3)), sheet_title("'", taken, 4)
    (31, 'Bảng 4')
    """
    base = " ".join(_SHEET_FORBIDDEN.sub("", clean(caption)).split()).strip("'").strip()
    base = base or f"Bảng {index}"
    title, counter = base[:31], 1
    while title.casefold() in taken:
        counter += 1
        suffix = f" ({counter})"
        title = base[: 31 - len(suffix)].rstrip() + suffix
    taken.add(title.casefold())
    return title


def cell_value(text: str) -> tuple[str | Decimal, str | None]:
    """A cell as the workbook stores it, with its number format: Vietnamese figures become
    numbers ("1.567" -> 1567, "12,8%" -> 0.128 shown as a percentage), anything else stays text.

    >>> cell_value("1.567"), cell_value("12,8"), cell_value("12,8%")
    ((Decimal('1567'), '#,##0'), (Decimal('12.8'), '#,##0.0'), (Decimal('0.128'), '0.0%'))
    >>> cell_value("Huyện ủy Ba Bể"), cell_value("")
    (('Huyện ủy Ba Bể', None), ('', None))
    """
    text = clean(text).strip()
    percent = text.endswith("%")
    digits = text[:-1].rstrip() if percent else text
    if not digits:
        return text, None
    try:
        number = parse_number(digits)
    except VnError:
        return text, None
    places = max(-int(number.as_tuple().exponent), 0)
    decimals = "." + "0" * places if places else ""
    if percent:
        return number / 100, f"0{decimals}%"
    return number, f"#,##0{decimals}"


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", clean(value))


def _set_text(cell, value: str) -> None:
    """Write text as text: a leading "=" must not become a formula."""
    cell.value = _text(value)
    if cell.data_type == "f":
        cell.data_type = "s"


def _table_sheet(sheet, doc: OfficialDocument, number: str, block: Table) -> None:
    width = max(block.width, 1)
    _set_text(sheet.cell(row=1, column=1), f"{number} - {clean(doc.abstract)}")
    sheet.cell(row=1, column=1).font = Font(name=_FONT, bold=True, size=13)
    if width > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    _set_text(sheet.cell(row=2, column=1), block.caption)
    sheet.cell(row=2, column=1).font = Font(name=_FONT, italic=True, size=12)

    header_row = 4
    for column, text in enumerate(block.padded_header(), start=1):
        cell = sheet.cell(row=header_row, column=column)
        _set_text(cell, text)
        cell.font = Font(name=_FONT, bold=True, size=12)
        cell.border = _GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # The caller names the figure columns; a table that names none has every cell tried.
    numeric = set(block.numeric) or set(range(width))
    widths = [len(clean(text)) for text in block.padded_header()]
    for row_index, row in enumerate(block.padded_rows(), start=header_row + 1):
        for column, text in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=column)
            value, number_format = (
                cell_value(text) if column - 1 in numeric else (clean(text).strip(), None)
            )
            if number_format is None:
                _set_text(cell, str(value))
            else:
                cell.value = value
                cell.number_format = number_format
            cell.font = Font(name=_FONT, size=12)
            cell.border = _GRID
            cell.alignment = Alignment(
                horizontal="right" if number_format else "left", vertical="center", wrap_text=True
            )
            widths[column - 1] = max(widths[column - 1], len(clean(text)))
    for column, longest in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def render_xlsx(doc: OfficialDocument) -> bytes:
    """The document's tables as .xlsx bytes, one sheet a table (a single sheet saying so
    when the document has none). The same document gives the same bytes."""
    page = page_of(doc)
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    tables = doc.tables()
    for index, block in enumerate(tables, start=1):
        sheet = workbook.create_sheet(sheet_title(block.caption, taken, index))
        _table_sheet(sheet, doc, page.number, block)
    if not tables:
        sheet = workbook.create_sheet(sheet_title(clean(doc.type_name) or "Báo cáo", taken, 1))
        _set_text(sheet.cell(row=1, column=1), f"{page.number} - {clean(doc.abstract)}")
        sheet.cell(row=1, column=1).font = Font(name=_FONT, bold=True, size=13)
        _set_text(sheet.cell(row=2, column=1), NO_TABLES)
        sheet.cell(row=2, column=1).font = Font(name=_FONT, size=12)
        sheet.column_dimensions["A"].width = 60

    stamp = datetime(doc.day.year, doc.day.month, doc.day.day)
    properties = workbook.properties
    properties.title = document_title(doc)
    properties.subject = page.number
    properties.creator = properties.lastModifiedBy = clean(doc.issuer)
    properties.language = "vi-VN"
    properties.created = properties.modified = stamp
    out = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the file with the current time.
    with ZipFile(out, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return normalize_zip(out.getvalue())
