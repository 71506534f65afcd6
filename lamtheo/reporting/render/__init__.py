"""Rendering of official documents: Word (.docx), PDF, HTML and Excel (.xlsx) from one
`OfficialDocument`, laid out by a format profile of `lamtheo.vn.profiles`.

Pure Python (python-docx, openpyxl, Pillow, WeasyPrint; LibreOffice when installed): nothing
here imports Django or reaches the network, so it can be tested fast and called from a task.
"""

from lamtheo.reporting.render.chart import chart_png
from lamtheo.reporting.render.docx import render_docx
from lamtheo.reporting.render.html import render_html
from lamtheo.reporting.render.model import (
    Block,
    Chart,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
)
from lamtheo.reporting.render.pdf import render_pdf
from lamtheo.reporting.render.xlsx import render_xlsx

__all__ = [
    "Block",
    "Chart",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Signature",
    "Table",
    "chart_png",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_xlsx",
]
